"""The county's situation at a glance: per 学段 how many schools pass, each 差异系数 against its limit,
the gaps added up per indicator, and what the county must add in all (by upload column, in its
unit); then every school in one table with its values and gaps. Read by the page's results view."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from metrics.columns import BY_KEY
from metrics.result import STAGE_NAMES, Evaluation, SchoolResult
from metrics.standards import Indicator
from metrics.whatif import additions_to_close

__all__ = [
    "CountyAddition",
    "CountySummary",
    "CvLine",
    "GapTotal",
    "SchoolTable",
    "StageSummary",
    "county_summary",
    "school_table",
    "value_unit",
]


@dataclass(frozen=True)
class CvLine:
    """One indicator's 差异系数 in a stage, against the stage's limit."""

    key: str
    name: str
    value: float | None
    limit: float
    over: bool


@dataclass(frozen=True)
class GapTotal:
    """One indicator's gaps in a stage added up: ``schools`` short of it need ``total`` ``unit`` more."""

    key: str
    name: str
    unit: str
    schools: int
    total: float


@dataclass(frozen=True)
class StageSummary:
    stage: str
    name: str
    schools: int
    students: int
    judged: int
    """Schools with a verdict (0 when the standard sets no per-school values)."""
    passing: int
    cvs: tuple[CvLine, ...]
    composite_cv: float | None
    cv_limit: float
    cv_rule: str
    """'each' (every CV ≤ limit) or 'composite' (their mean ≤ limit)."""
    cv_passed: bool
    gaps: tuple[GapTotal, ...]
    passed: bool | None
    """The stage's 差异系数 verdict (metrics.StageResult.passed)."""

    @property
    def met(self) -> bool | None:
        """Whether the stage meets the standard: its CVs pass and every judged school passes."""
        if self.passed is None:
            return None
        return bool(self.passed) and self.passing == self.judged


@dataclass(frozen=True)
class CountyAddition:
    """What the county must add to one upload column over every school to close every gap."""

    field: str
    name: str
    unit: str
    schools: int
    amount: float


@dataclass(frozen=True)
class CountySummary:
    standard: str
    stages: tuple[StageSummary, ...]
    additions: tuple[CountyAddition, ...]
    excluded: int
    school_rule: bool
    """Whether the standard sets per-school values (基本均衡 without a province file does not)."""

    @property
    def passed(self) -> bool | None:
        verdicts = [s.met for s in self.stages if s.met is not None]
        return all(verdicts) if verdicts else None


def value_unit(indicator: Indicator) -> str:
    """The unit of an indicator's value spelled out: 人/百名学生, ㎡/生, 元/生."""
    per = "百名学生" if indicator.scale == 100 else "生"
    return f"{indicator.unit}/{per}"


def _cv_over(value: float | None, limit: float) -> bool:
    return value is not None and value > limit


def county_summary(evaluation: Evaluation) -> CountySummary:
    """The summary of ``evaluation`` (see the module docstring)."""
    std = evaluation.standard
    stages = []
    for key, st in evaluation.stages.items():
        schools = [s for s in evaluation.schools if s.stage == key]
        judged = [s for s in schools if s.passed is not None]
        cvs = tuple(
            CvLine(i.key, i.short, st.cv.get(i.key), st.cv_limit, _cv_over(st.cv.get(i.key), st.cv_limit))
            for i in std.indicators
        )
        if st.cv_rule == "each":
            cv_passed = not any(c.over for c in cvs) and all(c.value is not None for c in cvs)
        else:
            cv_passed = st.composite_cv is not None and st.composite_cv <= st.cv_limit
        gaps = []
        for ind in std.indicators:
            short = [s for s in judged if ind.key in s.gaps]
            if short:
                total = sum(s.gaps[ind.key].shortfall for s in short)
                gaps.append(GapTotal(ind.key, ind.short, ind.gap_unit, len(short), total))
        stages.append(
            StageSummary(
                stage=key,
                name=STAGE_NAMES.get(key, key),
                schools=st.schools,
                students=st.students,
                judged=len(judged),
                passing=sum(1 for s in judged if s.passed),
                cvs=cvs,
                composite_cv=st.composite_cv,
                cv_limit=st.cv_limit,
                cv_rule=st.cv_rule,
                cv_passed=cv_passed,
                gaps=tuple(gaps),
                passed=st.passed,
            )
        )
    return CountySummary(
        standard=std.name,
        stages=tuple(stages),
        additions=_additions(evaluation),
        excluded=len(evaluation.excluded),
        school_rule=std.has_school_thresholds,
    )


def _additions(evaluation: Evaluation) -> tuple[CountyAddition, ...]:
    """metrics.whatif's additions that close every gap, added up per column (a combined school's
    facility once for the school, as it is built)."""
    if not evaluation.standard.has_school_thresholds:
        return ()
    amounts: dict[str, float] = defaultdict(float)
    schools: dict[str, set[str]] = defaultdict(set)
    for add in additions_to_close(evaluation):
        amounts[add.field] += add.amount
        schools[add.field].add(add.school)
    names = {i.add_to: i.short for i in evaluation.standard.indicators}
    order = list(dict.fromkeys(i.add_to for i in evaluation.standard.indicators))
    return tuple(
        CountyAddition(f, names[f], BY_KEY[f].unit, len(schools[f]), amounts[f])
        for f in order
        if f in amounts
    )


@dataclass(frozen=True)
class SchoolTable:
    """Every school of a stage, one row each: 乡镇, 学校, 在校生, each indicator's value, each gap
    (blank when met) and the verdict. ``values`` and ``gaps`` name the indicator columns."""

    frame: pd.DataFrame
    values: tuple[str, ...]
    gaps: tuple[str, ...]
    unmet: tuple[tuple[int, str], ...]
    """(row, value column) of every value below its standard."""


def school_table(evaluation: Evaluation, stage: str) -> SchoolTable:
    """The stage's schools with their values and what each needs (see :class:`SchoolTable`)."""
    std = evaluation.standard
    schools: list[SchoolResult] = [s for s in evaluation.schools if s.stage == stage]
    value_cols = tuple(f"{i.short}（{value_unit(i)}）" for i in std.indicators)
    gap_cols = tuple(f"{i.short}差多少（{i.gap_unit}）" for i in std.indicators)
    rows, unmet = [], []
    for r, s in enumerate(schools):
        row: dict[str, object] = {"乡镇": s.township, "学校": s.name, "在校生（人）": s.students}
        for ind, col in zip(std.indicators, value_cols, strict=True):
            row[col] = s.indicators.get(ind.key)
            if ind.key in s.unmet:
                unmet.append((r, col))
        for ind, col in zip(std.indicators, gap_cols, strict=True):
            gap = s.gaps.get(ind.key)
            row[col] = gap.shortfall if gap is not None else None
        row["达标"] = {True: "是", False: "否", None: "—"}[s.passed]
        row["未达标指标数"] = len(s.unmet)
        rows.append(row)
    columns = ["乡镇", "学校", "在校生（人）", *value_cols, *gap_cols, "达标", "未达标指标数"]
    return SchoolTable(pd.DataFrame(rows, columns=columns), value_cols, gap_cols, tuple(unmet))
