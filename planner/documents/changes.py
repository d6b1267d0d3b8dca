"""What changed at each school between two 统计年度, column by column (㎡ built, 万元 of equipment
bought, teachers added …): the facts a 工作总结 reports as the year's work. Pure pandas over the two
years' upload rows; a school is matched by its name."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["SchoolChange", "column_changes", "count_over"]


@dataclass(frozen=True)
class SchoolChange:
    """One school's value of one upload column in both years (NaN read as 0)."""

    school: str
    field: str
    before: float
    after: float
    rows: tuple[int, ...]

    @property
    def delta(self) -> float:
        return self.after - self.before


def _values(frame: pd.DataFrame, field: str) -> dict[str, tuple[float, tuple[int, ...]]]:
    if field not in frame or "name" not in frame:
        return {}
    out = {}
    for name, group in frame.groupby("name", sort=False):
        value = float(pd.to_numeric(group[field], errors="coerce").fillna(0).sum())
        rows = tuple(int(r) for r in group["row"]) if "row" in group else ()
        out[str(name)] = (value, rows)
    return out


def column_changes(
    before: pd.DataFrame, after: pd.DataFrame, fields: tuple[str, ...], tolerance: float = 1e-6
) -> dict[str, list[SchoolChange]]:
    """Per column, the schools whose value changed, in the later file's order; a school only in the
    later year counts from 0 (opened), one only in the earlier year to 0 (closed).

    >>> a = pd.DataFrame({"name": ["甲", "乙"], "teachers": [10, 8], "row": [2, 3]})
    >>> b = pd.DataFrame({"name": ["甲", "乙"], "teachers": [12, 8], "row": [2, 3]})
    >>> [(c.school, c.delta) for c in column_changes(a, b, ("teachers",))["teachers"]]
    [('甲', 2.0)]
    """
    out: dict[str, list[SchoolChange]] = {}
    for field in fields:
        old, new = _values(before, field), _values(after, field)
        changes = []
        for name in [*new, *(n for n in old if n not in new)]:
            b, _ = old.get(name, (0.0, ()))
            a, rows = new.get(name, (0.0, old.get(name, (0.0, ()))[1]))
            if abs(a - b) > tolerance:
                changes.append(SchoolChange(name, field, b, a, rows))
        out[field] = changes
    return out


def count_over(frame: pd.DataFrame, field: str, floor: float) -> tuple[int, tuple[int, ...]]:
    """How many schools have ``field`` at or above ``floor`` (e.g. a largest class of 56 or more), and
    their rows."""
    if field not in frame:
        return 0, ()
    values = pd.to_numeric(frame[field], errors="coerce")
    hit = frame[values >= floor]
    return len(hit), tuple(int(r) for r in hit["row"]) if "row" in hit else ()
