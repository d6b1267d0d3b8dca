"""Several 统计年度 side by side: each indicator's weighted mean and 差异系数 per year, schools
meeting it, and the change on the year before ("比上年…"). Later documents (自评报告, 工作总结) read
the typed result; the page draws it and the chat quotes its sentences."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from metrics.report import format_value
from metrics.result import STAGE_NAMES, Evaluation

__all__ = ["IndicatorTrend", "StageTrend", "YearComparison", "compare_years"]


def _clean(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


@dataclass(frozen=True)
class IndicatorTrend:
    """One indicator in one 学段 across the years (``None`` where a year has no value)."""

    stage: str
    key: str
    name: str
    short: str
    unit: str
    years: tuple[int, ...]
    means: tuple[float | None, ...]
    """Enrolment-weighted mean (= total resource / total students) per year."""
    cvs: tuple[float | None, ...]
    met: tuple[int, ...]
    """Schools meeting the standard value on this indicator, per year."""
    schools: tuple[int, ...]
    cv_limit: float

    def mean_change(self) -> float | None:
        """Latest mean minus the year before's (None without both)."""
        return _delta(self.means)

    def cv_change(self) -> float | None:
        return _delta(self.cvs)

    def sentence(self) -> str:
        """e.g. 小学生均教学及辅助用房面积4.52㎡，比上年增加0.30㎡；差异系数0.412，比上年缩小0.021；
        达标学校6所（上年5所）。"""
        stage = STAGE_NAMES.get(self.stage, self.stage)
        parts = [f"{stage}{self.name}{format_value(self.means[-1], self.unit)}"]
        change = self.mean_change()
        if change is not None:
            parts[0] += _moved(change, self.unit, "增加", "减少")
        cv = self.cvs[-1]
        if cv is not None:
            text = f"差异系数{format_value(cv)}"
            cv_change = self.cv_change()
            if cv_change is not None:
                text += _moved(cv_change, "", "扩大", "缩小")
            parts.append(text)
        parts.append(f"达标学校{self.met[-1]}所（上年{self.met[-2]}所）")
        return "；".join(parts) + "。"


@dataclass(frozen=True)
class StageTrend:
    stage: str
    years: tuple[int, ...]
    schools: tuple[int, ...]
    passed_schools: tuple[int, ...]
    composite_cv: tuple[float | None, ...]
    cv_limit: float
    indicators: tuple[IndicatorTrend, ...]

    def sentence(self) -> str:
        stage = STAGE_NAMES.get(self.stage, self.stage)
        passed = f"各项指标全部达标{self.passed_schools[-1]}所（上年{self.passed_schools[-2]}所）"
        text = f"{stage}参评学校{self.schools[-1]}所，{passed}"
        if self.composite_cv[-1] is not None:
            text += f"；综合差异系数{format_value(self.composite_cv[-1])}"
            change = _delta(self.composite_cv)
            if change is not None:
                text += _moved(change, "", "扩大", "缩小")
        return text + "。"


@dataclass(frozen=True)
class YearComparison:
    """The years compared (ascending) and, per 学段 present in the latest year, its trend."""

    years: tuple[int, ...]
    standard_key: str
    stages: dict[str, StageTrend]

    @property
    def latest(self) -> int:
        return self.years[-1]

    @property
    def previous(self) -> int:
        return self.years[-2]

    def lines(self, stage: str | None = None) -> list[str]:
        """The "比上年" sentences: the stage first, then each indicator."""
        out = []
        for st in self.stages.values():
            if stage is None or st.stage == stage:
                out.append(st.sentence())
                out.extend(ind.sentence() for ind in st.indicators)
        return out


def compare_years(evaluations: Mapping[int, Evaluation]) -> YearComparison:
    """Compare evaluations of the same standard by 统计年度; ValueError with fewer than two years
    or mixed standards."""
    years = tuple(sorted(evaluations))
    if len(years) < 2:
        raise ValueError("比较需要至少两个统计年度的数据。")
    standards = {evaluations[y].standard.key for y in years}
    if len(standards) != 1:
        raise ValueError("各年度应按同一评估标准计算后再比较。")
    latest = evaluations[years[-1]]
    std = latest.standard
    stages: dict[str, StageTrend] = {}
    for stage, last in latest.stages.items():
        per_year = [evaluations[y].stages.get(stage) for y in years]
        schools_by_year = [[s for s in evaluations[y].schools if s.stage == stage] for y in years]
        indicators = []
        for key in last.means:
            ind = std.indicator(key)
            indicators.append(
                IndicatorTrend(
                    stage=stage,
                    key=key,
                    name=ind.name,
                    short=ind.short,
                    unit=ind.unit,
                    years=years,
                    means=tuple(_clean(r.means.get(key)) if r else None for r in per_year),
                    cvs=tuple(_clean(r.cv.get(key)) if r else None for r in per_year),
                    met=tuple(sum(1 for s in group if key not in s.unmet) for group in schools_by_year),
                    schools=tuple(len(group) for group in schools_by_year),
                    cv_limit=last.cv_limit,
                )
            )
        stages[stage] = StageTrend(
            stage=stage,
            years=years,
            schools=tuple(r.schools if r else 0 for r in per_year),
            passed_schools=tuple(sum(1 for s in group if s.passed) for group in schools_by_year),
            composite_cv=tuple(_clean(r.composite_cv) if r else None for r in per_year),
            cv_limit=last.cv_limit,
            indicators=tuple(indicators),
        )
    return YearComparison(years, std.key, stages)


def _delta(values: tuple[float | None, ...]) -> float | None:
    if len(values) < 2 or values[-1] is None or values[-2] is None:
        return None
    return values[-1] - values[-2]


def _moved(change: float, unit: str, up: str, down: str) -> str:
    shown = format_value(abs(change), unit)
    if shown == format_value(0.0, unit):
        return "，与上年持平"
    return f"，比上年{up if change > 0 else down}{shown}"
