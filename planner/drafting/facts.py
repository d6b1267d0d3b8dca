"""The fact sheet: every figure a plan may print, each with its display string and source rows.

A plan's text is built only from ``Fact.display`` strings, so every number in an exported document
can be traced back to a fact (and through ``rows`` to the Excel rows it came from). The evaluation's
facts are built in ``planner.drafting.evaluation_facts``, the schedule's in ``plan_facts``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from metrics.report import format_value

__all__ = ["Fact", "FactKey", "FactSheet", "fmt"]

_DECIMALS = {"㎡": 1, "万元": 2, "元": 2, "cv": 3, "value": 2, "%": 0}


def fmt(value: float, unit: str = "", kind: str | None = None, against: float | None = None) -> str:
    """The exact printed string: whole units for counts, 1 decimal ㎡, 2 decimals 万元, 3 for CVs;
    values and CVs compared with a threshold (``against``) through ``metrics.report.format_value``,
    which shows the digits that tell on which side of it they are.

    >>> fmt(1234.56, "㎡"), fmt(3.0, "人"), fmt(0.51234, kind="cv"), fmt(12.5, "万元")
    ('1234.6㎡', '3人', '0.512', '12.50万元')
    >>> fmt(4.4991, "㎡", kind="value", against=4.5)
    '4.499㎡'
    """
    if kind == "cv":
        return format_value(value, against=against, decimals=3)
    if kind == "value":  # a teacher per pupil (基本均衡) is about 0.05: 4 decimals show its change
        return format_value(value, unit, against=against, decimals=4 if unit == "人/生" else 2)
    if kind == "threshold":
        return f"{value:g}{unit}"
    decimals = _DECIMALS.get(unit, 0)
    if decimals == 0:
        return f"{math.ceil(value - 1e-9):d}{unit}" if unit not in ("%", "") else f"{value:.0f}{unit}"
    return f"{value:.{decimals}f}{unit}"


@dataclass(frozen=True)
class FactKey:
    """A fact's typed identity: what it measures (``topic``) and where (school, stage, year …).

    Drafting code builds keys with named fields and reads the fields back (``key.index``); ``id`` is
    the key's printed name for plan JSON and traces, and is never parsed.

    >>> FactKey("cv", stage="junior", indicator="multimedia_rooms_per_100").id
    'cv.junior.multimedia_rooms_per_100'
    >>> FactKey("school", school="城关小学", stage="primary", measure="students").id
    'school.城关小学.primary.students'
    """

    topic: str
    year: int | None = None
    field: str | None = None
    scope: str | None = None
    """total, school, township, item, cv … (the level the figure is summed at)."""
    school: str | None = None
    township: str | None = None
    stage: str | None = None
    indicator: str | None = None
    index: int | None = None
    measure: str | None = None

    @property
    def id(self) -> str:
        parts = (
            self.year,
            self.field,
            self.scope,
            self.school,
            self.township,
            self.stage,
            self.indicator,
            self.index,
            self.measure,
        )
        return ".".join([self.topic, *(str(p) for p in parts if p is not None)])

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class Fact:
    """One figure: ``display`` is the exact text in the document; ``rows`` the Excel rows behind it."""

    key: FactKey
    value: float | int | str
    unit: str
    display: str
    rows: tuple[int, ...] = ()
    label: str = ""

    @property
    def id(self) -> str:
        return self.key.id


@dataclass
class FactSheet:
    """Facts by key id, in insertion order; looked up by ``FactKey`` (or its id, for JSON readers)."""

    facts: dict[str, Fact] = field(default_factory=dict)

    def add(
        self,
        key: FactKey,
        value,
        unit: str = "",
        display: str | None = None,
        rows: Iterable[int] = (),
        label: str = "",
        kind: str | None = None,
        against: float | None = None,
    ) -> Fact:
        if display is None:
            display = fmt(float(value), unit, kind, against) if not isinstance(value, str) else value
        fact = Fact(key, value, unit, display, tuple(sorted(set(rows))), label)
        self.facts[key.id] = fact
        return fact

    def __getitem__(self, key: FactKey | str) -> Fact:
        return self.facts[str(key)]

    def __contains__(self, key: object) -> bool:
        return str(key) in self.facts

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts.values())

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, key: FactKey) -> Fact | None:
        return self.facts.get(key.id)

    def d(self, key: FactKey) -> str:
        """The display string of a fact (KeyError names the missing key)."""
        return self.facts[key.id].display

    def merged(self, other: FactSheet) -> FactSheet:
        return FactSheet({**self.facts, **other.facts})

    def to_json(self) -> list[dict]:
        return [
            {
                "key": f.id,
                "value": f.value,
                "unit": f.unit,
                "display": f.display,
                "rows": list(f.rows),
                "label": f.label,
            }
            for f in self
        ]
