"""The evaluation's figures as facts: counts and enrolments, each stage's CVs, limits, means and
thresholds, each school's values, gaps and verdicts, the 政府保障 checks a school fails, and what every
unmet gap needs (``need``, the 工作总结's reading of what is left)."""

from __future__ import annotations

import math

from metrics import STAGE_NAMES, Evaluation, StageResult, additions_to_close
from metrics.columns import BY_KEY
from metrics.result import SchoolResult
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import FactSheet

__all__ = ["build_facts"]


def build_facts(evaluation: Evaluation) -> FactSheet:
    """Every figure of the evaluation a document may use (never typed by hand)."""
    sheet = FactSheet()
    _county(sheet, evaluation)
    _rule(sheet, evaluation)
    for stage, st in evaluation.stages.items():
        _stage(sheet, evaluation, stage, st)
    if evaluation.standard.has_school_thresholds:
        failing = {s.name for s in evaluation.schools if s.passed is False}
        rows = [r for s in evaluation.schools if s.name in failing for r in s.rows]
        sheet.add(
            K("schools", scope="total", measure="failing"), len(failing), "所", rows=rows, label="未达标学校"
        )
    for s in evaluation.schools:
        _school(sheet, evaluation, s)
    _needs(sheet, evaluation)
    return sheet


def _county(sheet: FactSheet, evaluation: Evaluation) -> None:
    """Schools, students and teachers in scope, the excluded, the 政府保障 checks failed; a stage with
    no school still has its (zero) count and its limit."""
    schools = evaluation.schools
    rows = [r for s in schools for r in s.rows]
    sheet.add(K("schools", scope="total"), len({s.name for s in schools}), "所", rows=rows, label="参评学校")
    students = sum(s.students for s in schools)
    sheet.add(K("students", scope="total"), students, "人", rows=rows, label="在校生")
    table = evaluation.table
    teachers = float(table["teachers"].fillna(0).sum()) if "teachers" in table and len(table) else 0
    sheet.add(K("teachers", scope="total"), teachers, "人", rows=rows if teachers else (), label="专任教师")
    excluded = evaluation.excluded
    sheet.add(
        K("excluded", scope="total"), len(excluded), "所", rows=[e.row for e in excluded], label="不参评学校"
    )
    for n, e in enumerate(excluded):  # why each school is out of scope, as the standard words it
        sheet.add(K("excluded", index=n), e.reason, display=e.reason, rows=[e.row], label=f"{e.name}不参评")
    for stage in ("primary", "junior"):
        if stage not in evaluation.stages:
            sheet.add(K("schools", stage=stage), 0, "所", label=f"{STAGE_NAMES[stage]}参评学校")
            limit = evaluation.standard.cv_limits[stage]
            label = f"{STAGE_NAMES[stage]}差异系数上限"
            sheet.add(K("cv_limit", stage=stage), limit, display=f"{limit:g}", label=label)
    for n, g in enumerate(evaluation.guarantees):
        if not g.met:
            sheet.add(
                K("guarantee", index=n), g.value, display=g.detail, rows=[g.row], label=f"{g.name}{g.item}"
            )


def _rule(sheet: FactSheet, evaluation: Evaluation) -> None:
    """The school rule: how many indicators must be met, and the floor for the rest."""
    std = evaluation.standard
    if std.school_min_met is not None:
        sheet.add(K("rule", measure="min_met"), std.school_min_met, "项", label="学校达标须达到的指标项数")
        sheet.add(K("rule", measure="indicators"), len(std.indicators), "项", label="资源配置指标项数")
    if std.school_min_ratio is not None:
        ratio = std.school_min_ratio * 100
        sheet.add(K("rule", measure="min_ratio"), ratio, "%", label="其余指标不低于标准的比例")


def _stage(sheet: FactSheet, evaluation: Evaluation, stage: str, st: StageResult) -> None:
    """One 学段: its schools and students, limit, CVs (printed against the limit), means, thresholds
    and, under a standard with per-school thresholds, the schools passing and failing."""
    std = evaluation.standard
    members = [s for s in evaluation.schools if s.stage == stage]
    rows = [r for s in members for r in s.rows]
    label = STAGE_NAMES[stage]
    sheet.add(K("schools", stage=stage), st.schools, "所", rows=rows, label=f"{label}参评学校")
    sheet.add(K("students", stage=stage), st.students, "人", rows=rows, label=f"{label}在校生")
    sheet.add(
        K("cv_limit", stage=stage), st.cv_limit, display=f"{st.cv_limit:g}", label=f"{label}差异系数上限"
    )
    if st.composite_cv is not None:
        key = K("cv", stage=stage, measure="composite")
        sheet.add(
            key, st.composite_cv, kind="cv", rows=rows, label=f"{label}综合差异系数", against=st.cv_limit
        )
    for key, cv in st.cv.items():
        short = std.indicator(key).short
        if cv is not None:
            at = K("cv", stage=stage, indicator=key)
            sheet.add(at, cv, kind="cv", rows=rows, label=f"{label}{short}差异系数", against=st.cv_limit)
        unit = std.indicator(key).unit
        at = K("mean", stage=stage, indicator=key)
        sheet.add(at, st.means[key], unit, kind="value", rows=rows, label=f"{label}{short}县域均值")
    sheet.add(
        K("cv_failed", stage=stage), len(st.cv_failed), "项", rows=rows, label=f"{label}差异系数超限项数"
    )
    for ind in std.indicators:
        if stage in ind.thresholds:
            at = K("threshold", stage=stage, indicator=ind.key)
            sheet.add(at, ind.thresholds[stage], ind.unit, kind="threshold", label=f"{label}{ind.short}标准")
    if std.has_school_thresholds:
        failing = [s for s in members if s.passed is False]
        sheet.add(
            K("schools", stage=stage, measure="failing"),
            len(failing),
            "所",
            rows=[r for s in failing for r in s.rows],
            label=f"{label}未达标学校",
        )
        sheet.add(
            K("schools", stage=stage, measure="passing"),
            len(members) - len(failing),
            "所",
            rows=[r for s in members if s.passed for r in s.rows],
            label=f"{label}达标学校",
        )


def _school(sheet: FactSheet, evaluation: Evaluation, s: SchoolResult) -> None:
    """One school-stage: students, indicators met and unmet, each value (printed against the
    threshold, or the mean as printed), each gap and how far it is from the threshold."""
    std = evaluation.standard

    def at(measure: str, indicator: str | None = None) -> K:
        return K("school", school=s.name, stage=s.stage, indicator=indicator, measure=measure)

    sheet.add(at("students"), s.students, "人", rows=s.rows, label=f"{s.name}{STAGE_NAMES[s.stage]}在校生")
    sheet.add(at("unmet"), len(s.unmet), "项", rows=s.rows, label=f"{s.name}未达标指标数")
    sheet.add(at("met"), len(s.indicators) - len(s.unmet), "项", rows=s.rows, label=f"{s.name}达标指标数")
    for key, value in s.indicators.items():
        ind = std.indicator(key)
        if not math.isnan(value):
            reference = ind.thresholds.get(s.stage, round(evaluation.stages[s.stage].means[key], 2))
            label = f"{s.name}{ind.short}"
            sheet.add(
                at("value", key), value, ind.unit, kind="value", rows=s.rows, label=label, against=reference
            )
            mean = evaluation.stages[s.stage].means[key]
            if not std.has_school_thresholds and value < mean:  # 基本均衡: how far below the mean
                sheet.add(at("below_mean", key), mean - value, ind.unit, kind="value", rows=s.rows)
    for key, gap in s.gaps.items():
        short = std.indicator(key).short
        sheet.add(at("shortfall", key), gap.shortfall, gap.unit, rows=s.rows, label=f"{s.name}{short}缺口")
        sheet.add(at("ratio", key), gap.ratio * 100, "%", rows=s.rows, label=f"{s.name}{short}达标率")


def _needs(sheet: FactSheet, evaluation: Evaluation) -> None:
    """What closing every unmet gap takes, per school, in all and per 乡镇 (before whole units)."""
    if not evaluation.standard.has_school_thresholds:
        return
    rows_of: dict[str, set[int]] = {}
    town_of: dict[str, str] = {}
    for s in evaluation.schools:
        rows_of.setdefault(s.name, set()).update(s.rows)
        town_of[s.name] = s.township
    totals: dict[K, tuple[float, set[int]]] = {}
    for add in additions_to_close(evaluation, "unmet"):
        header, rows = BY_KEY[add.field].header, rows_of[add.school]
        key = K("need", field=add.field, scope="school", school=add.school, stage=add.stage)
        sheet.add(key, add.amount, BY_KEY[add.field].unit, rows=rows, label=f"{add.school}需增{header}")
        slots = [K("need", field=add.field, scope="total")]
        if town_of[add.school]:
            slots.append(K("need", field=add.field, scope="township", township=town_of[add.school]))
        for slot in slots:
            amount, seen = totals.get(slot, (0.0, set()))
            totals[slot] = (amount + add.amount, seen | rows)
    for slot, (amount, rows) in totals.items():
        where = slot.township or "合计"
        header = BY_KEY[slot.field].header
        sheet.add(slot, amount, BY_KEY[slot.field].unit, rows=rows, label=f"{where}需增{header}")
