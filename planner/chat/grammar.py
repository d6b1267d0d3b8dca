"""The grammar (grammar.yaml): which measure a message asks for, from its lexicon classes and entities.
Conditions named with @ are read here from the Reading and the conversation; everything else is a
lexicon class. The first rule that holds wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from planner.chat.guarantees import items_in
from planner.chat.numbers import parse_number
from planner.chat.reading import LEXICON, Reading
from planner.chat.types import ChatState

__all__ = ["NEW_TEXT", "Rule", "conditions", "measure_of", "rules", "start_of"]

GRAMMAR = Path(__file__).with_name("grammar.yaml")
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:份)?"
_WHEN = r"(?:(明年|今年|后年)|(20\d\d)年)?" + _MONTH
START = re.compile(_WHEN + r"(?:起|开始|启动|实施|开工)")
START_MOVED = re.compile(
    r"(?:开始|起始|启动|开工|实施)(?:的)?(?:时间|月份|日期|年月)?(?:改到|改成|改为|调到|调整为|调整到|定在|定为|"
    r"推迟到|推后到|延后到|提前到|放到|放在|延到|挪到|换成)(?:从)?" + _WHEN
)
"""A new start said as the start moving (开始时间改到9月, 方案起始月份改成明年三月)."""
SIZE = re.compile(
    r"(?<![每百千\d])(\d+|[一二两三四五六七八九十][一二两三四五六七八九十百千万零]*)\s*(?:个)?"
    r"(班|名学生|个学生|名小学生|名初中生|个小学生|个初中生|小学生|初中生|人|学生)"
)
START_YEAR = re.compile(r"(?:从|自|于)?(20\d\d)年(?:起|开始|启动|实施|开工)(?!.{0,3}月)")
"""A start said by its year alone (实施步骤从2026年开始): the plan's first year."""
PAIR = re.compile(r"把(.+?)(?:改成|改为|换成|替换为|替换成|调整为)(.+)")
NEW_TEXT = re.compile(r"(?:改成|改为|修改为|调整为|换成|变成|改作)[:：]?(.{6,})$")
"""A section's new words (工作目标改成2026年底前全镇学校全部达标): six characters or more."""


@dataclass(frozen=True)
class Rule:
    measure: str
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def holds(self, facts: frozenset[str]) -> bool:
        return (
            all(c in facts for c in self.all)
            and (not self.any or any(c in facts for c in self.any))
            and not any(c in facts for c in self.none)
        )


@cache
def rules() -> tuple[Rule, ...]:
    raw = yaml.safe_load(GRAMMAR.read_text(encoding="utf-8"))["rules"]
    known = set(yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["classes"]) | set(ENTITY_NAMES)
    out = []
    for item in raw:
        rule = Rule(
            measure=item["measure"],
            all=tuple(item.get("all") or ()),
            any=tuple(item.get("any") or ()),
            none=tuple(item.get("none") or ()),
            examples=tuple(item.get("examples") or ()),
        )
        unknown = [c for c in (*rule.all, *rule.any, *rule.none) if c not in known]
        if unknown:
            raise ValueError(f"grammar.yaml: {rule.measure} names unknown conditions {unknown}")
        out.append(rule)
    return tuple(out)


ENTITY_NAMES = (
    "@school",
    "@schools2",
    "@town",
    "@towns2",
    "@anaphor",
    "@indicator",
    "@stage",
    "@additions",
    "@vague",
    "@year",
    "@section",
    "@part",
    "@item",
    "@plan",
    "@after_plan_query",
    "@after_plan_costs",
    "@quote",
    "@pair",
    "@start",
    "@size",
    "@items",
    "@standard",
    "@within",
    "@by_size",
    "@new_text",
    "@start_year",
)


def _year(r: Reading) -> bool:
    e = r.entities
    return bool(
        e.years
        or e.duration
        or re.search(r"第[一二三四五六七八九十\d]年|最后一年|最后1年|末年|首年|头一年|明年", r.rest)
    )


def conditions(r: Reading, state: ChatState) -> frozenset[str]:
    """The lexicon classes of the message and the @ entities that hold."""
    e = r.entities
    facts = set(r.classes)
    checks = {
        "@school": bool(e.mentions),
        "@schools2": len(e.schools) + len(e.unsure) >= 2,
        "@town": bool(r.towns),
        "@towns2": len(r.towns) >= 2,
        "@anaphor": "anaphor" in r.classes,
        "@indicator": bool(e.indicators),
        "@stage": e.stage is not None,
        "@additions": bool(e.additions),
        "@vague": bool(e.vague),
        "@year": _year(r),
        "@section": e.section is not None,
        "@part": e.part is not None,
        "@item": e.item is not None,
        "@plan": state.plan is not None,
        "@after_plan_query": state.memory.tool == "plan_query",
        "@after_plan_costs": state.memory.tool == "plan_costs",
        "@quote": bool(r.quote),
        "@pair": len(r.quotes) >= 2 or bool(PAIR.search(r.text) and r.quotes),
        "@start": start_of(r.text) is not None,
        "@size": bool(SIZE.search(r.rest)),
        "@items": bool(items_in(r.rest)),
        "@standard": e.standard is not None,
        "@within": "within" in r.classes,
        "@new_text": bool(NEW_TEXT.search(r.text)),
        "@start_year": bool(START_YEAR.search(r.text)) and start_of(r.text) is None,
        "@by_size": bool(
            re.search("规模|学生|人数|在校生", r.rest)
            and ({"most", "least"} & r.classes)
            and not e.indicators
        ),
    }
    facts |= {k for k, v in checks.items() if v}
    return frozenset(facts)


def start_of(text: str) -> tuple[int | None, int] | None:
    """(year or None, month) of a new start said in ``text`` (2026年6月开始, 开始时间改到9月, 起始月份改成
    明年三月); 明年 counts from today's year. None when no start is said."""
    found = START_MOVED.search(text) or START.search(text)
    if found is None:
        return None
    relative, year, month = found.groups()
    month_value = parse_number(month)
    if month_value is None or not 1 <= month_value <= 12:
        return None
    if relative:
        year = date.today().year + {"今年": 0, "明年": 1, "后年": 2}[relative]
    return (int(year) if year else None), int(month_value)


def measure_of(r: Reading, state: ChatState) -> tuple[str, frozenset[str]]:
    """The measure the message asks for ("unknown" when no rule holds) and the facts it was read from."""
    facts = conditions(r, state)
    for rule in rules():
        if rule.holds(facts):
            return rule.measure, facts
    return "unknown", facts
