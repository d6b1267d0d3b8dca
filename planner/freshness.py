"""Is a plan still true to its data and settings, did a revision change anything, and carrying the
user's hand edits into a regenerated plan. Pure functions over planner.model.Plan."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from metrics import Evaluation
from planner.drafting.evaluation_facts import build_facts
from planner.model import Plan

__all__ = [
    "Staleness",
    "carry_hand_edits",
    "hand_edited_sections",
    "same_text",
    "section_changes",
    "settle_new_version",
    "staleness",
]

_SETTING_NAMES = {"region": "地区名称", "level": "方案层级", "start_year": "起始年", "years": "年限"}


@dataclass(frozen=True)
class Staleness:
    """Why a plan no longer matches: changed settings (Chinese names) and figures that moved."""

    settings: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    standard: bool = False

    @property
    def outdated(self) -> bool:
        return bool(self.settings or self.figures or self.standard)

    def message(self) -> str:
        parts = []
        if self.standard:
            parts.append("评估标准已更换")
        if self.settings:
            parts.append(f"{'、'.join(self.settings)}已修改")
        if self.figures:
            shown = "、".join(self.figures[:3]) + ("等" if len(self.figures) > 3 else "")
            parts.append(f"数据已更新（{shown}与方案中的数字不同）")
        return "此方案是按较早的数据或设置起草的：" + "；".join(parts) + "。请重新生成方案或相应部分。"


def staleness(plan: Plan, evaluation: Evaluation, settings: dict) -> Staleness:
    """Compare the plan with the current evaluation and settings (region, level, start_year, years).

    A figure is stale when a fact the plan holds has another display string in the current data."""
    changed = tuple(
        name
        for key, name in _SETTING_NAMES.items()
        if key in settings and settings[key] is not None and getattr(plan.settings, key) != settings[key]
    )
    current = build_facts(evaluation)
    moved = tuple(
        (f.label or f.key) for f in current if f.key in plan.facts and plan.facts[f.key].display != f.display
    )
    return Staleness(changed, moved, plan.standard_key != evaluation.standard.key)


def same_text(a: Plan, b: Plan) -> bool:
    """Whether two plans read the same (title, headings, paragraphs and annex tables)."""
    return (a.title, _sections(a), _annexes(a)) == (b.title, _sections(b), _annexes(b))


def section_changes(older: Plan, newer: Plan) -> list[tuple[str, str, str]]:
    """(title, older text, newer text) for every section whose text differs, in the newer plan's order
    (a section only one of them has gives "" on the other side)."""

    def texts(plan: Plan) -> dict[str, tuple[str, str]]:
        return {s.key: (s.title or s.key, "\n\n".join(p.text for p in s.paragraphs)) for s in plan.sections}

    old, new = texts(older), texts(newer)
    keys = list(new) + [k for k in old if k not in new]
    out = []
    for key in keys:
        title = (new.get(key) or old[key])[0]
        before, after = old.get(key, ("", ""))[1], new.get(key, ("", ""))[1]
        if before != after:
            out.append((title, before, after))
    return out


def hand_edited_sections(plan: Plan) -> list[str]:
    """Keys of the sections holding a paragraph the user typed."""
    return [s.key for s in plan.sections if any(p.origin == "user" for p in s.paragraphs)]


def carry_hand_edits(old: Plan, new: Plan) -> tuple[Plan, list[str]]:
    """``new`` with the hand-edited sections of ``old`` put back (same key); the titles carried over."""
    edited = set(hand_edited_sections(old))
    if not edited:
        return new, []
    out = copy.deepcopy(new)
    kept = []
    for i, section in enumerate(out.sections):
        if section.key in edited:
            out.sections[i] = copy.deepcopy(old.section(section.key))
            kept.append(section.title or section.key)
    return out, kept


def _sections(plan: Plan) -> list:
    return [
        (s.key, s.title, [(p.kind, p.lead, p.text, p.units) for p in s.paragraphs]) for s in plan.sections
    ]


def _annexes(plan: Plan) -> list:
    return [(t.key, t.title, t.headers, t.rows) for t in plan.annexes]


def settle_new_version(previous: Plan | None, new: Plan, regenerated: bool) -> tuple[Plan | None, str]:
    """What to keep after a chat turn produced ``new`` from ``previous``.

    (None, note) when nothing changed (no copy is added); (plan with the hand edits carried over, note)
    when a whole regeneration would have dropped them; (new, "") otherwise."""
    if previous is None:
        return new, ""
    if same_text(previous, new):
        return None, "重新生成后内容没有变化，未新增版本。"
    regenerated = regenerated or previous.settings != new.settings
    lost = set(hand_edited_sections(previous)) - set(hand_edited_sections(new))
    if regenerated and lost:
        kept_plan, kept = carry_hand_edits(previous, new)
        if kept:
            names = "、".join(f"“{t}”" for t in kept)
            return kept_plan, (
                f"已保留您手工修改的{names}（其中的年份和数字请按新设置核对）；"
                "如要按新设置重写，请说“重写”加部分名称。"
            )
    return new, ""
