"""When each kind of project is done in its year, and the year its result shows in the statistics.

A county works to the school year: the 教育事业统计 is taken in the autumn term, so work handed over by
August counts that year. A new building is 立项, designed and tendered by March, started in May and
handed over in August of the next year; a field on new land needs the year for 用地报批 and is built
in the next summer holidays; equipment is bought April–August; hires are recruited May–August; a
teacher's in-service degree takes ``PlanningRules.degree_years`` from the autumn enrolment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.settings import PlanningRules

__all__ = [
    "ACCEPTANCE_QUARTERS",
    "BUILDING_START_MONTH",
    "Window",
    "earliest_offset",
    "effect_year",
    "window",
]


@dataclass(frozen=True)
class Window:
    """Start month, finish month and how many years after the start year the finish falls."""

    start: int
    finish: int
    years: int = 0


_WINDOWS = {
    "rooms_build": Window(3, 8, 1),
    "field_land": Window(3, 8, 1),
    "field_build": Window(3, 8),
    "field_adjust": Window(6, 8),
    "rooms_adjust": Window(6, 8),
    "equipment": Window(4, 8),
    "multimedia": Window(4, 8),
    "computers": Window(4, 8),
    "books": Window(4, 8),
    "special_rooms": Window(4, 8),
    "hire": Window(5, 8),
    "backbone": Window(3, 12),
    "backbone_transfer": Window(9, 12),
    "title": Window(3, 12),
    "campus": Window(3, 8, 2),  # 分设校区: land the first year, built May–August the year after next
}
BUILDING_START_MONTH = 5
"""A building or field extension on new land is started in May (after 立项, 设计, 招标)."""
ACCEPTANCE_QUARTERS = ((1, 3), (4, 6), (7, 9), (10, 12))
"""The acceptance year: 竣工验收, 自查整改, 自评, 迎评 — one quarter each."""
_ENROLMENT_MONTH = 9


def window(kind: str, rules: PlanningRules) -> Window:
    """The months of a kind of project; a degree upgrade runs from the autumn enrolment for
    ``degree_years`` (2.5 years from September ends in March, three years later).

    >>> window("upgrade", PlanningRules())
    Window(start=9, finish=3, years=3)
    """
    if kind == "upgrade":
        months = _ENROLMENT_MONTH - 1 + round(rules.degree_years * 12)
        return Window(_ENROLMENT_MONTH, months % 12 + 1, months // 12)
    return _WINDOWS[kind]


def effect_year(kind: str, start_year: int, rules: PlanningRules) -> int:
    """The year whose statistics first show the project's result (the year it is finished)."""
    return start_year + window(kind, rules).years


def earliest_offset(kind: str, start_year: int, issued: date | None, rules: PlanningRules) -> int:
    """The first plan year (0 = ``start_year``) whose months for ``kind`` begin no earlier than the
    month after the plan is issued: work is never dated before its own plan (0 without a date).

    >>> earliest_offset("hire", 2026, date(2026, 3, 10), PlanningRules())   # May 2026 is after March
    0
    >>> earliest_offset("hire", 2026, date(2026, 12, 3), PlanningRules())   # May 2027
    1
    """
    return _offset(window(kind, rules).start, start_year, issued)


def autumn_offset(start_year: int, issued: date | None) -> int:
    """The first plan year whose autumn term (September) begins after the plan is issued: when its
    交流轮岗 and 班额 编班 begin.

    >>> [autumn_offset(2026, d) for d in (date(2026, 8, 3), date(2026, 12, 3), None)]
    [0, 1, 0]
    """
    return _offset(_ENROLMENT_MONTH, start_year, issued)


def _offset(month: int, start_year: int, issued: date | None) -> int:
    if issued is None:
        return 0
    allowed = (issued.year, issued.month + 1) if issued.month < 12 else (issued.year + 1, 1)
    t = max(0, allowed[0] - start_year)
    return t if (start_year + t, month) >= allowed else t + 1
