"""Schools as a document names them: a combined school (九年一贯制 …) once, with its parts (小学部,
初中部) under it; a 民办 school's work is its 举办者's. One place, so every kind words them alike."""

from __future__ import annotations

from collections.abc import Iterable

from metrics import STAGE_NAMES, Evaluation, SchoolResult
from metrics.columns import COMBINED_TYPES

__all__ = [
    "COMBINED_TYPES",
    "is_combined",
    "is_private",
    "need_key",
    "part_label",
    "part_name",
    "school_groups",
]


def is_private(s: SchoolResult) -> bool:
    """A 民办 school: its additions are paid by its 举办者, never from public funds."""
    return str(s.ownership).strip() == "民办"


def is_combined(s: SchoolResult, ev: Evaluation) -> bool:
    """A part of a 九年一贯制 (or other combined) school."""
    return s.school_type in COMBINED_TYPES or len(ev.school(s.name)) > 1


def part_name(s: SchoolResult, ev: Evaluation) -> str:
    """育英学校小学部 for a part of a combined school in running text, the name alone otherwise.

    Both parts of a 九年一贯制 school carry one name in the data; a reader must see which part a
    figure is for, and that the school is counted once.
    """
    return f"{s.name}{STAGE_NAMES[s.stage]}部" if is_combined(s, ev) else s.name


def part_label(s: SchoolResult, ev: Evaluation) -> str:
    """育英学校（小学部） in a table's 学校 column (as the plan's 附件 name a part)."""
    return f"{s.name}（{STAGE_NAMES[s.stage]}部）" if is_combined(s, ev) else s.name


def school_groups(ev: Evaluation, schools: Iterable[SchoolResult] | None = None) -> list[list[SchoolResult]]:
    """The school-stages grouped by school, in the file's order of first appearance (a combined school's
    parts together, 小学部 first)."""
    chosen = list(ev.schools if schools is None else schools)
    order = {s.name: min(s.rows) if s.rows else 0 for s in ev.schools}
    names = sorted(dict.fromkeys(s.name for s in chosen), key=lambda n: order.get(n, 0))
    stage_order = {"primary": 0, "junior": 1}
    return [sorted((s for s in chosen if s.name == n), key=lambda s: stage_order[s.stage]) for n in names]


def need_key(facts, s: SchoolResult, field: str):
    """The fact of what ``s`` must add to ``field``: the part's own (a teacher count), else the
    campus's (a combined school's ㎡ and 万元 are added to the campus and split between its parts);
    None when nothing is to be added."""
    from planner.drafting.facts import FactKey

    for stage in (s.stage, None):
        key = FactKey("need", field=field, scope="school", school=s.name, stage=stage)
        if key in facts:
            return key
    return None
