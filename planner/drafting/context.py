"""The drafting context: what every section and annex generator reads while one plan is drafted.

``DraftContext`` holds the evaluation, the settings, the template, the schedule and the fact sheet;
generators take figures only through ``ctx.d(key)``, which also records the key on the paragraph
being written (``ctx.para``), so every number in the plan is traced to a fact.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from metrics import Evaluation
from planner.drafting.class_plan import class_facts
from planner.drafting.compliant import plan_words
from planner.drafting.evaluation_facts import build_facts
from planner.drafting.facts import FactKey, FactSheet
from planner.drafting.figures import add_figures
from planner.drafting.items import ItemState, item_facts, item_states
from planner.drafting.levels import level_words
from planner.drafting.oversize import size_facts
from planner.drafting.phasing import phasing_facts
from planner.drafting.plan_facts import quality_facts, schedule_facts
from planner.drafting.schedule import Schedule, build_schedule
from planner.drafting.templates import Template, load_template, template_for
from planner.model import AnnexTable, Paragraph
from planner.settings import PlanSettings

__all__ = [
    "DATA_YEAR",
    "GROUPS",
    "DraftContext",
    "Retriever",
    "clear_retrieval_cache",
    "data_year",
    "passages",
    "prose",
]

Retriever = Callable[[str], list[Any]]
"""``query -> passages`` (objects or dicts with title, doc_no, section, source, status, text)."""

GROUPS = ("building", "equipment", "teachers", "government", "quality", "recognition")
"""The 主要任务 groups, in the order a plan lists them."""

_SUPERSEDED = {"superseded", "废止", "repealed", "已废止"}
DATA_YEAR = FactKey("setting", measure="data_year")
"""The 统计年度 the figures are from (a setting, printed in the plan)."""


def prose(text: str) -> str:
    """Running text spells the unit out (平方米); tables keep the symbol ㎡."""
    return text.replace("㎡", "平方米")


def data_year(settings: PlanSettings, schools_frame: pd.DataFrame | None) -> int:
    """The 统计年度: the setting, else the data's own 统计年度 column when it holds one year, else the
    year before the plan starts (the latest statistics a plan drafted then can use)."""
    if settings.data_year is not None:
        return settings.data_year
    if schools_frame is not None and "year" in schools_frame:
        years = {int(y) for y in schools_frame["year"].dropna()}
        if len(years) == 1:
            return years.pop()
    return settings.start_year - 1


def _passage(p: Any) -> dict:
    get = p.get if isinstance(p, dict) else (lambda k, d="": getattr(p, k, d))
    keys = ("title", "doc_no", "section", "source", "status", "text", "issuer", "date", "kind")
    return {k: get(k, "") or "" for k in keys}


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Per retriever (or the index a bound ``search`` belongs to): query → passages. A template's queries
are fixed, so every draft after the first with the same index reads them from here."""


def clear_retrieval_cache() -> None:
    """Forget remembered passages (call after changing an index in place)."""
    _MEMO.clear()


def _memo(retrieve: Retriever) -> dict | None:
    owner = getattr(retrieve, "__self__", None) or retrieve
    try:
        return _MEMO.setdefault(owner, {})
    except TypeError:  # not weakly referenceable: no memo
        return None


def passages(retrieve: Retriever | None, query: str | None) -> list[dict]:
    """The passages ``retrieve`` finds for ``query`` as dicts, without superseded documents; a search
    result that declines to answer gives none. Remembered per retriever (see ``_MEMO``)."""
    if not query or retrieve is None:
        return []
    memo = _memo(retrieve)
    slot = (getattr(retrieve, "__func__", None), query)
    if memo is not None and slot in memo:
        return list(memo[slot])
    found = _search(retrieve, query)
    if memo is not None:
        memo[slot] = tuple(found)
    return found


def _search(retrieve: Retriever, query: str) -> list[dict]:
    found = retrieve(query)
    if not getattr(found, "answerable", True):
        return []
    found = getattr(found, "results", found) or []
    return [p for p in map(_passage, found) if p["status"] not in _SUPERSEDED]


class DraftContext:
    """Shared state while drafting one plan: inputs, schedule, facts and the keys used so far."""

    def __init__(
        self,
        evaluation: Evaluation,
        settings: PlanSettings,
        retrieve: Retriever | None = None,
        schools_frame: pd.DataFrame | None = None,
        template: Template | None = None,
        assessed: Mapping[str, float | None] | None = None,
    ):
        self.ev = evaluation
        self.st = settings
        self.std = evaluation.standard
        name = settings.template or template_for(settings.level, self.std.target)
        self.tpl = template or load_template(name)
        self.retrieve = retrieve
        self.schools_frame = schools_frame
        self.schedule: Schedule = build_schedule(evaluation, settings, schools_frame)
        self.facts: FactSheet = build_facts(evaluation).merged(
            schedule_facts(self.schedule, settings, evaluation)
        )
        class_facts(self.facts, self.schedule, settings)
        size_facts(self.facts, self.schedule.need, evaluation, settings)
        phasing_facts(self.facts, self.schedule)
        self.items: list[ItemState] = item_states(evaluation, assessed)
        """Where the county stands on each 政府保障 / 教育质量 / 社会认可 / 一票否决 item."""
        words = level_words(settings.level, settings.region, settings.upper_region)
        item_facts(self.facts, self.items, words.scope, words.area)
        if self.std.target == "basic" and schools_frame is not None:
            quality_facts(self.facts, schools_frame)
        year = data_year(settings, schools_frame)
        self.facts.add(DATA_YEAR, year, display=str(year), label="统计年度")
        self.words = level_words(settings.level, settings.region, settings.upper_region)
        """The level's words (全县, 县人民政府 …) from templates/levels.yaml."""
        self.base: dict[str, Any] = {
            **self.tpl.constants,
            **self.words.values(),
            "region": settings.region,
            "start_year": settings.start_year,
            "end_year": settings.end_year,
            "years_word": settings.years_word,
            "standard_title": self.std.title,
            "standard_doc_no": self.std.doc_no,
            "school_standard": self.std.school_standard or self.std.title,
            # 以县为主: a town's construction money is its 县 (区)'s budget, not the town's own
            "budget_owner": f"{self.words.upper}级财政" if self.words.level == "town" else "本级财政",
            **add_figures(self.facts, self.std.target),
        }
        if self.words.level != "town" and not any("街道" in (s.township or "") for s in self.ev.schools):
            # no 街道 in the data: 各乡镇人民政府, not 各乡镇人民政府（街道办事处）
            for key in ("sub", "sub_gov"):
                self.base[key] = re.sub(r"（街道(?:办事处)?）", "", str(self.base.get(key, "")))
        self.base.update(plan_words(evaluation, self.schedule, self.tpl.phrases))
        self.used: list[str] = []
        self.annexes: list[AnnexTable] = []
        """The annex tables, once built (sections cite them by number)."""

    def d(self, key: FactKey) -> str:
        """A fact's display string, recorded for the paragraph being written."""
        self.used.append(key.id)
        return self.facts.d(key)

    def has(self, key: FactKey) -> bool:
        return key in self.facts

    def take(self) -> tuple[str, ...]:
        """The fact ids used since the last call (and forget them)."""
        keys, self.used = tuple(dict.fromkeys(self.used)), []
        return keys

    def phrase(self, key: str, **values: Any) -> str:
        """A template phrase, as prose; under a standard without per-school thresholds (基本均衡 without a
        provincial 办学基本标准 file) the ``<key>_mean`` wording is used where the template has one."""
        if not self.std.has_school_thresholds and f"{key}_mean" in self.tpl.phrases:
            key = f"{key}_mean"
        return prose(self.tpl.phrase(key, {**self.base, **values}))

    def mean_gap_keys(self, stage: str) -> tuple[str, ...]:
        """Without per-school thresholds, the indicators on which schools are lifted to the mean: those
        whose CV fails (rule ``each``), or all of them when the composite fails."""
        st = self.ev.stages[stage]
        if self.std.cv_rule == "each":
            return tuple(st.cv_failed)
        return self.std.keys if st.passed is False else ()

    def unit(self, group: str) -> str:
        """The 责任单位 of a task group, in this level's words."""
        text = self.tpl.units.get(group, "")
        return self.tpl.render(f"units.{group}", text, self.base) if text else ""

    def passages(self, query: str | None) -> list[dict]:
        return passages(self.retrieve, query)

    def para(self, text: str, **kw: Any) -> Paragraph:
        return Paragraph(text=text, fact_keys=self.take(), **kw)
