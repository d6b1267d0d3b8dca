"""The fact sheet: every figure a plan may print, each with its display string and source rows.

A plan's text is built only from ``Fact.display`` strings, so every number in an exported document
can be traced back to a fact (and through ``rows`` to the Excel rows it came from).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from metrics import STAGE_NAMES, Evaluation, additions_to_close
from metrics.columns import BY_KEY
from metrics.report import format_value

__all__ = ["Fact", "FactKey", "FactSheet", "build_facts", "fmt"]

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
    if kind == "value":
        return format_value(value, unit, against=against, decimals=2)
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


def build_facts(evaluation: Evaluation) -> FactSheet:
    """Every figure the plan may use, computed from the evaluation (never typed by hand)."""
    sheet = FactSheet()
    std = evaluation.standard
    schools = evaluation.schools
    all_rows = [r for s in schools for r in s.rows]
    names = {s.name for s in schools}
    sheet.add(FactKey("schools", scope="total"), len(names), "所", rows=all_rows, label="参评学校")
    sheet.add(
        FactKey("students", scope="total"),
        sum(s.students for s in schools),
        "人",
        rows=all_rows,
        label="在校生",
    )
    table = evaluation.table
    if "teachers" in table and len(table):
        sheet.add(
            FactKey("teachers", scope="total"),
            float(table["teachers"].fillna(0).sum()),
            "人",
            rows=all_rows,
            label="专任教师",
        )
    sheet.add(
        FactKey("excluded", scope="total"),
        len(evaluation.excluded),
        "所",
        rows=[e.row for e in evaluation.excluded],
        label="不参评学校",
    )
    for stage in ("primary", "junior"):
        if stage not in evaluation.stages:
            sheet.add(FactKey("schools", stage=stage), 0, "所", label=f"{STAGE_NAMES[stage]}参评学校")
            limit = std.cv_limits[stage]
            sheet.add(
                FactKey("cv_limit", stage=stage),
                limit,
                display=f"{limit:g}",
                label=f"{STAGE_NAMES[stage]}差异系数上限",
            )
    if FactKey("teachers", scope="total") not in sheet:
        sheet.add(FactKey("teachers", scope="total"), 0, "人", label="专任教师")
    for n, g in enumerate(evaluation.guarantees):
        if not g.met:
            sheet.add(
                FactKey("guarantee", index=n),
                g.value,
                display=g.detail,
                rows=[g.row],
                label=f"{g.name}{g.item}",
            )
    if std.school_min_met is not None:
        sheet.add(
            FactKey("rule", measure="min_met"), std.school_min_met, "项", label="学校达标须达到的指标项数"
        )
        sheet.add(FactKey("rule", measure="indicators"), len(std.indicators), "项", label="资源配置指标项数")
    if std.school_min_ratio is not None:
        sheet.add(
            FactKey("rule", measure="min_ratio"),
            std.school_min_ratio * 100,
            "%",
            label="其余指标不低于标准的比例",
        )

    for stage, st in evaluation.stages.items():
        members = [s for s in schools if s.stage == stage]
        rows = [r for s in members for r in s.rows]
        label = STAGE_NAMES[stage]
        sheet.add(FactKey("schools", stage=stage), st.schools, "所", rows=rows, label=f"{label}参评学校")
        sheet.add(FactKey("students", stage=stage), st.students, "人", rows=rows, label=f"{label}在校生")
        sheet.add(
            FactKey("cv_limit", stage=stage),
            st.cv_limit,
            "",
            display=f"{st.cv_limit:g}",
            label=f"{label}差异系数上限",
        )
        if st.composite_cv is not None:
            sheet.add(
                FactKey("cv", stage=stage, measure="composite"),
                st.composite_cv,
                kind="cv",
                rows=rows,
                label=f"{label}综合差异系数",
                against=st.cv_limit,
            )
        for key, cv in st.cv.items():
            if cv is not None:
                sheet.add(
                    FactKey("cv", stage=stage, indicator=key),
                    cv,
                    kind="cv",
                    rows=rows,
                    label=f"{label}{std.indicator(key).short}差异系数",
                    against=st.cv_limit,
                )
            sheet.add(
                FactKey("mean", stage=stage, indicator=key),
                st.means[key],
                std.indicator(key).unit,
                kind="value",
                rows=rows,
                label=f"{label}{std.indicator(key).short}县域均值",
            )
        sheet.add(
            FactKey("cv_failed", stage=stage),
            len(st.cv_failed),
            "项",
            rows=rows,
            label=f"{label}差异系数超限项数",
        )
        for ind in std.indicators:
            if stage in ind.thresholds:
                sheet.add(
                    FactKey("threshold", stage=stage, indicator=ind.key),
                    ind.thresholds[stage],
                    ind.unit,
                    kind="threshold",
                    label=f"{label}{ind.short}标准",
                )
        if std.has_school_thresholds:
            failing = [s for s in members if s.passed is False]
            sheet.add(
                FactKey("schools", stage=stage, measure="failing"),
                len(failing),
                "所",
                rows=[r for s in failing for r in s.rows],
                label=f"{label}未达标学校",
            )
            sheet.add(
                FactKey("schools", stage=stage, measure="passing"),
                len(members) - len(failing),
                "所",
                rows=[r for s in members if s.passed for r in s.rows],
                label=f"{label}达标学校",
            )

    if std.has_school_thresholds:
        failing_names = {s.name for s in schools if s.passed is False}
        sheet.add(
            FactKey("schools", scope="total", measure="failing"),
            len(failing_names),
            "所",
            rows=[r for s in schools if s.name in failing_names for r in s.rows],
            label="未达标学校",
        )
    for s in schools:

        def at(measure: str, indicator: str | None = None, s=s) -> FactKey:
            return FactKey("school", school=s.name, stage=s.stage, indicator=indicator, measure=measure)

        sheet.add(
            at("students"), s.students, "人", rows=s.rows, label=f"{s.name}{STAGE_NAMES[s.stage]}在校生"
        )
        sheet.add(at("unmet"), len(s.unmet), "项", rows=s.rows, label=f"{s.name}未达标指标数")
        sheet.add(at("met"), len(s.indicators) - len(s.unmet), "项", rows=s.rows, label=f"{s.name}达标指标数")
        for key, value in s.indicators.items():
            ind = std.indicator(key)
            if not math.isnan(value):
                # compared in the plan with the threshold, or (without one) with the mean as printed
                reference = ind.thresholds.get(s.stage, round(evaluation.stages[s.stage].means[key], 2))
                sheet.add(
                    at("value", key),
                    value,
                    ind.unit,
                    kind="value",
                    rows=s.rows,
                    label=f"{s.name}{ind.short}",
                    against=reference,
                )
        for key, gap in s.gaps.items():
            ind = std.indicator(key)
            sheet.add(
                at("shortfall", key), gap.shortfall, gap.unit, rows=s.rows, label=f"{s.name}{ind.short}缺口"
            )
            sheet.add(at("ratio", key), gap.ratio * 100, "%", rows=s.rows, label=f"{s.name}{ind.short}达标率")

    rows_of = {}
    town_of = {}
    for s in schools:
        rows_of.setdefault(s.name, set()).update(s.rows)
        town_of[s.name] = s.township
    additions = additions_to_close(evaluation, "unmet") if std.has_school_thresholds else []
    totals: dict[str, float] = {}
    by_town: dict[tuple[str, str], float] = {}
    town_rows: dict[tuple[str, str], set[int]] = {}
    for add in additions:
        unit = BY_KEY[add.field].unit
        sheet.add(
            FactKey("need", field=add.field, scope="school", school=add.school, stage=add.stage),
            add.amount,
            unit,
            rows=rows_of[add.school],
            label=f"{add.school}需增{BY_KEY[add.field].header}",
        )
        totals[add.field] = totals.get(add.field, 0.0) + add.amount
        slot = (add.field, town_of[add.school] or "")
        by_town[slot] = by_town.get(slot, 0.0) + add.amount
        town_rows.setdefault(slot, set()).update(rows_of[add.school])
    for fld, amount in totals.items():
        rows = [r for a in additions if a.field == fld for r in rows_of[a.school]]
        sheet.add(
            FactKey("need", field=fld, scope="total"),
            amount,
            BY_KEY[fld].unit,
            rows=rows,
            label=f"合计需增{BY_KEY[fld].header}",
        )
    for (fld, town), amount in by_town.items():
        if town:
            sheet.add(
                FactKey("need", field=fld, scope="township", township=town),
                amount,
                BY_KEY[fld].unit,
                rows=town_rows[(fld, town)],
                label=f"{town}需增{BY_KEY[fld].header}",
            )
    return sheet
