"""The days an 评估组 can visit schools: a weekday in term (春季学期, 秋季学期), not a statutory holiday
(templates/kinds/inspection_plan/calendar.yaml). A date the documents advise for an inspection is
one of these, never 国庆节 or the summer holidays."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

__all__ = ["day_off", "is_visit_day", "next_visit_day"]

_WEEKEND = ("星期六", "星期日")


@lru_cache(maxsize=1)
def _calendar() -> dict:
    import yaml

    from planner.drafting.templates import TEMPLATES_DIR

    path = TEMPLATES_DIR / "kinds" / "inspection_plan" / "calendar.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _md(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _in_term(d: date) -> bool:
    md = _md(d)
    for term in _calendar()["terms"]:
        start, end = term["start"], term["end"]
        if (start <= md <= end) if start <= end else (md >= start or md <= end):
            return True
    return False


def day_off(d: date, weekends: bool = True) -> str | None:
    """Why schools cannot be visited on ``d`` (国庆节, 暑假, 星期六 …), None on a visit day;
    ``weekends=False`` lets a Saturday or Sunday pass (a date a county chose for a visit of several
    days may name its eve).

    >>> day_off(date(2029, 10, 1)), day_off(date(2027, 8, 10)), day_off(date(2027, 5, 22))
    ('国庆节', '暑假', '星期六')
    >>> day_off(date(2027, 5, 20)) is None
    True
    """
    cal = _calendar()
    named = (cal.get("holidays", {}).get(d.year) or {}).get(_md(d))
    if named:
        return str(named).split("（")[0] if "补假" in str(named) else str(named)
    for span in cal["spans"]:
        if span["start"] <= _md(d) <= span["end"]:
            return span["name"]
    if not _in_term(d):
        return "暑假" if 6 < d.month < 9 else "寒假"
    if weekends and d.weekday() >= 5:
        return _WEEKEND[d.weekday() - 5]
    return None


def is_visit_day(d: date) -> bool:
    return day_off(d) is None


def next_visit_day(d: date, weekends: bool = True) -> date:
    """``d`` or the first visit day after it (``weekends`` as for ``day_off``).

    >>> next_visit_day(date(2029, 10, 1))  # 国庆节 week, then Monday 8 October
    datetime.date(2029, 10, 8)
    >>> next_visit_day(date(2028, 1, 20))  # 寒假: the spring term
    datetime.date(2028, 3, 1)
    """
    while day_off(d, weekends) is not None:
        d += timedelta(days=1)
    return d
