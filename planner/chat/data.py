"""Answers about the data: a school's gaps, 差异系数, the overall picture, weakest schools, one indicator
across schools, and what-if. Every figure is read from a metrics result and only formatted here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.columns import BY_KEY
from metrics.cv import composite_cv, weighted_cv
from metrics.report import format_value
from metrics.result import STAGE_NAMES, Evaluation, SchoolResult
from metrics.split import SUBTOTAL_TYPES
from metrics.standards import Indicator, Standard, plain_source
from metrics.whatif import Addition, WhatIfError, what_if
from planner.chat.types import Chart, Citation, Reply, Table
from planner.chat.where import Where

__all__ = [
    "composite_reply",
    "cv_chart",
    "cv_reply",
    "excluded_students",
    "heat_states",
    "indicator_reply",
    "overview_reply",
    "profile_reply",
    "school_grid",
    "school_reply",
    "school_table",
    "stages_of",
    "what_if_reply",
]


def _value(value: float | None, unit: str, against: float | None = None) -> str:
    return format_value(value, unit, against=against)


def _limit(value: float, unit: str = "") -> str:
    return f"{value:g}{unit}"


def _stage(stage: str) -> str:
    return STAGE_NAMES.get(stage, stage)


def _rule_text(evaluation: Evaluation) -> str:
    std = evaluation.standard
    n = len(std.indicators)
    if std.school_min_met is None:
        return ""
    ratio = f"，且每项不低于标准的{std.school_min_ratio * 100:g}%" if std.school_min_ratio else ""
    return f"{n}项中至少{std.school_min_met}项达到标准{ratio}"


def _pass_word(passed: bool | None) -> str:
    return {True: "达标", False: "未达标", None: "—"}[passed]


# --- one school -----------------------------------------------------------------------------------


def school_reply(
    evaluation: Evaluation,
    name: str,
    stage: str | None = None,
    indicators: tuple[str, ...] = (),
    frame: pd.DataFrame | None = None,
) -> Reply:
    std = evaluation.standard
    results = evaluation.school(name, stage)
    if not results and stage and evaluation.school(name):
        has = "、".join(_stage(s.stage) for s in evaluation.school(name))
        return Reply(
            f"**{name}**没有{_stage(stage)}学段（只有{has}），无法回答{_stage(stage)}的情况。", kind="school"
        )
    if not results:
        excluded = [e for e in evaluation.excluded if e.name == name]
        if excluded:
            students = excluded_students(frame, name)
            return Reply(f"**{name}**未纳入评估：{students}{excluded[0].reason}。", kind="school")
        return Reply(f"数据中没有找到“{name}”。", kind="school")
    keys = tuple(indicators) or std.keys
    parts, tables = [], []
    for school in results:
        parts.append(_school_text(school, evaluation, keys))
        tables.append(school_table(school, evaluation, keys))
    suggestions = []
    first = results[0]
    if first.unmet:
        gap = first.gaps[first.unmet[0]]
        ind = std.indicator(first.unmet[0])
        field = BY_KEY[ind.add_to]
        amount = format_value(gap.shortfall, gap.unit)
        if gap.unit == "人":
            amount = amount.replace("人", "名")
        suggestions.append(f"如果给{name}增加{amount}{_field_word(field.key)}会怎样？")
    suggestions.append("哪几所学校最差？")
    return Reply("\n\n".join(parts), kind="school", tables=tables, suggestions=suggestions)


def profile_reply(evaluation: Evaluation, frame: pd.DataFrame | None, name: str) -> Reply:
    """What a school is: type, 公办/民办, 乡镇, students and classes per stage, largest class, teachers
    (the upload row), and whether it is judged."""
    rows = frame[frame["name"] == name] if frame is not None else None
    if rows is None or rows.empty:
        return Reply(f"数据中没有找到“{name}”。", kind="school")
    row = rows.iloc[0]

    def num(col: str) -> int | None:
        value = row.get(col)
        return None if value is None or pd.isna(value) else int(value)

    place = "、".join(
        str(row[c]) for c in ("township", "urban_rural") if isinstance(row.get(c), str) and row[c]
    )
    parts = [f"**{name}**：{row['school_type']}，{row['ownership']}" + (f"，{place}" if place else "")]
    for stage in ("primary", "junior", "senior"):
        students, classes = num(f"{stage}_students"), num(f"{stage}_classes")
        if students:
            word = {"primary": "小学", "junior": "初中", "senior": "高中"}[stage]
            parts.append(f"{word}在校生{students}人" + (f"、{classes}个班" if classes else ""))
    compulsory = [num(f"{stage}_students") or 0 for stage in ("primary", "junior")]
    if all(compulsory):  # a combined school: its size is judged on both 学段 together
        parts.append(f"义务教育段在校生合计{sum(compulsory)}人")
    if num("max_class_size"):
        parts.append(f"最大班额{num('max_class_size')}人")
    if num("teachers"):
        parts.append(f"专任教师{num('teachers')}人")
    judged = evaluation.school(name)
    excluded = next((e for e in evaluation.excluded if e.name == name), None)
    if judged:
        verdict = "、".join(f"{_stage(s.stage)}{_pass_word(s.passed)}" for s in judged)
        parts.append(f"资源配置判定：{verdict}")
    elif excluded is not None:
        parts.append(f"不参评：{excluded.reason}")
    return Reply("；".join(parts) + "。", kind="school", suggestions=[f"{name}哪些指标没达标？差多少？"])


def _field_word(field: str) -> str:
    return {
        "pe_art_teachers": "体育艺术教师",
        "backbone_teachers": "骨干教师",
        "teachers_above_degree": "高学历教师",
        "teaching_rooms_area": "教学用房",
        "sports_field_area": "运动场",
        "equipment_value": "仪器设备",
        "multimedia_rooms": "多媒体教室",
        "computers": "计算机",
        "books": "图书",
        "teachers_mid_title": "中级职称教师",
        "teachers": "专任教师",
    }.get(field, BY_KEY[field].header)


def _school_text(school: SchoolResult, evaluation: Evaluation, keys: tuple[str, ...]) -> str:
    std = evaluation.standard
    head = f"**{school.name}**（{_stage(school.stage)}，在校生{school.students}人）"
    if school.passed is None:
        return head + f"：{std.name}未规定逐校达标值，下表为本校各项指标与全县（镇）均值。"
    n = len(std.indicators)
    met = n - len(school.unmet)
    verdict = "**达标**" if school.passed else "**未达标**"
    lines = [f"{head}：{n}项指标中{met}项达到标准，学校{verdict}（规则：{_rule_text(evaluation)}）。"]
    shown = [k for k in school.unmet if k in keys]
    if shown:
        lines.append("未达到标准的指标：")
        for key in shown:
            gap = school.gaps[key]
            ind = std.indicator(key)
            ratio = std.school_min_ratio
            floor = gap.threshold * ratio if ratio else None
            below = (
                f"；低于标准的{ratio * 100:g}%（{format_value(floor, ind.unit, against=gap.value)}），"
                "不能作为允许未达标的那一项"
                if floor is not None and gap.value < floor - 1e-9
                else ""
            )
            lines.append(
                f"- {ind.name}：本校{_value(gap.value, ind.unit, gap.threshold)}，"
                f"标准{_limit(gap.threshold, ind.unit)}"
                f"，需增加**{format_value(gap.shortfall, gap.unit)}**{below}"
            )
    elif school.unmet:
        asked = [k for k in keys if k in school.indicators and k in school.thresholds]
        units = {k: std.indicator(k).unit for k in asked}
        said = "；".join(
            f"{std.indicator(k).name}：本校{_value(school.indicators[k], units[k], school.thresholds[k])}，"
            f"标准{_limit(school.thresholds[k], units[k])}"
            for k in asked[:3]
        )
        lines.append(
            "所问指标已达到标准" + (f"（{said}）" if said and len(asked) < len(std.indicators) else "") + "。"
        )
    else:
        lines.append("全部指标都达到标准。")
    if len(keys) < len(std.keys):
        lines.append(_inputs(evaluation, school, keys))
    if not school.passed and school.fixes:
        fixes = "、".join(
            f"{std.indicator(k).short}（增加{format_value(school.gaps[k].shortfall, school.gaps[k].unit)}）"
            for k in school.fixes
        )
        lines.append(f"要使学校达标，最少需补齐{len(school.fixes)}项：{fixes}。")
    return "\n".join(lines)


def _inputs(evaluation: Evaluation, school: SchoolResult, keys: tuple[str, ...]) -> str:
    """The upload figures the asked indicators are computed from (after 拆分 for a combined school)."""
    table = evaluation.table
    row = table[(table["name"] == school.name) & (table["stage"] == school.stage)]
    if row.empty:
        return ""
    row = row.iloc[0]
    std = evaluation.standard
    columns = list(dict.fromkeys(c for k in keys for c in std.indicator(k).columns))
    figures = "、".join(
        f"{BY_KEY[c].header}{format_value(float(row[c]), BY_KEY[c].unit)}" for c in columns if c in row
    )
    shared = float(row["share"]) < 1 and any(c in std.split_columns for c in columns)
    split = f"（设施按拆分比例{float(row['share']):.3f}计入{_stage(school.stage)}部）" if shared else ""
    return f"计算依据：{figures}{split}，在校生{int(row['students'])}人。"


def school_table(school: SchoolResult, evaluation: Evaluation, keys: tuple[str, ...]) -> Table:
    std = evaluation.standard
    if school.passed is None:
        stage = evaluation.stages[school.stage]
        rows = [
            [
                std.indicator(k).name,
                _value(school.indicators[k], std.indicator(k).unit),
                _value(stage.means[k], std.indicator(k).unit),
            ]
            for k in keys
        ]
        return Table(["指标", "本校", "全域均值"], rows, title=f"{school.name}（{_stage(school.stage)}）")
    rows, flags = [], []
    for i, key in enumerate(keys):
        ind = std.indicator(key)
        gap = school.gaps.get(key)
        rows.append(
            [
                ind.name,
                _value(school.indicators[key], ind.unit, school.thresholds.get(key)),
                _limit(school.thresholds[key], ind.unit),
                "否" if gap else "是",
                format_value(gap.shortfall, gap.unit) if gap else "—",
            ]
        )
        if gap:
            flags.extend([(i, 1), (i, 3), (i, 4)])
    return Table(
        ["指标", "本校", "标准", "达标", "需增加"],
        rows,
        title=f"{school.name}（{_stage(school.stage)}）",
        flags=tuple(flags),
    )


def school_grid(evaluation: Evaluation, stage: str) -> tuple[Table, list[dict[str, str]]]:
    """The stage's school × indicator table (unmet cells flagged) and one heat-map cell per pair,
    whose 情况 says met, unmet but above the standard's floor ratio, or below it."""
    std = evaluation.standard
    schools = [s for s in evaluation.schools if s.stage == stage]
    headers = ["学校", *[i.short for i in std.indicators], "判定"]
    floor = f"{(std.school_min_ratio or 0) * 100:g}%"
    rows, flags, cells = [], [], []
    for r, school in enumerate(schools):
        row = [school.name]
        for c, ind in enumerate(std.indicators, 1):
            row.append(_value(school.indicators[ind.key], ind.unit, school.thresholds.get(ind.key)))
            gap = school.gaps.get(ind.key)
            if gap:
                flags.append((r, c))
            if school.passed is None:
                state = "—"
            elif gap is None:
                state = "达标"
            else:
                below = gap.ratio < (std.school_min_ratio or 0)
                state = f"未达标（低于{floor}）" if below else f"未达标（不低于{floor}）"
            cells.append({"学校": school.name, "指标": ind.short, "值": row[-1], "情况": state})
        row.append(_pass_word(school.passed))
        if school.passed is False:
            flags.append((r, len(headers) - 1))
        rows.append(row)
    title = f"{_stage(stage)}逐校达标情况（{std.name}）"
    return Table(headers, rows, title=title, flags=tuple(flags)), cells


def heat_states(evaluation: Evaluation) -> list[str]:
    """The heat map's 情况 values in legend order."""
    floor = f"{(evaluation.standard.school_min_ratio or 0) * 100:g}%"
    return ["达标", f"未达标（不低于{floor}）", f"未达标（低于{floor}）"]


# --- county figures -------------------------------------------------------------------------------


def cv_chart(evaluation: Evaluation, stage: str) -> Chart:
    std = evaluation.standard
    st = evaluation.stages[stage]
    data = [
        {"指标": std.indicator(k).short, "差异系数": cv, "超标": cv is not None and cv > st.cv_limit}
        for k, cv in st.cv.items()
        if cv is not None
    ]
    return Chart(
        "cv",
        f"{_stage(stage)}各项指标差异系数（上限{_limit(st.cv_limit)}）",
        data,
        x="指标",
        y="差异系数",
        limit=st.cv_limit,
    )


def stages_of(evaluation: Evaluation, stage: str | None) -> list[str]:
    if stage and stage in evaluation.stages:
        return [stage]
    return list(evaluation.stages)


@dataclass(frozen=True)
class _Spread:
    """One stage's 差异系数 over the schools a filter keeps (all of them: the evaluation's own)."""

    cv: dict[str, float | None]
    composite: float | None
    failed: tuple[str, ...]
    passed: bool
    schools: int
    students: int
    limit: float


def _spread(evaluation: Evaluation, stage: str, where: Where | None) -> _Spread:
    st = evaluation.stages[stage]
    if where is None or not where.narrowed:
        return _Spread(
            st.cv, st.composite_cv, st.cv_failed, bool(st.passed), st.schools, st.students, st.cv_limit
        )
    kept = [s for s in evaluation.schools if s.stage == stage and where.keep(s)]
    keys = evaluation.standard.keys
    weights = np.array([s.students for s in kept], dtype=float)
    values = np.array([[s.indicators[k] for k in keys] for s in kept], dtype=float).reshape(
        len(kept), len(keys)
    )
    raw = weighted_cv(values, weights) if kept else np.full(len(keys), np.nan)
    cvs = {k: (None if np.isnan(v) else float(v)) for k, v in zip(keys, raw, strict=True)}
    comp = composite_cv(raw) if kept else float("nan")
    composite = None if np.isnan(comp) else comp
    failed = tuple(k for k, v in cvs.items() if v is not None and v > st.cv_limit)
    each = evaluation.standard.cv_rule == "each"
    passed = not failed if each else composite is not None and composite <= st.cv_limit
    return _Spread(cvs, composite, failed, passed, len(kept), int(weights.sum()), st.cv_limit)


def cv_reply(
    evaluation: Evaluation,
    stage: str | None = None,
    indicators: tuple[str, ...] = (),
    composite: bool = False,
    where: Where | None = None,
) -> Reply:
    """差异系数 per stage (or of the indicators asked), each one over its limit with the excess; with a
    filter (不算民办, 教学点不算) recomputed over the schools kept."""
    std = evaluation.standard
    stages = stages_of(evaluation, stage)
    if stage and stage not in evaluation.stages:
        return Reply(f"数据中没有{_stage(stage)}学段的学校，无法计算差异系数。", kind="cv")
    if composite:
        return composite_reply(evaluation, stages)
    narrowed = where is not None and where.narrowed
    lines, tables, charts = [], [], []
    if narrowed:
        lines.append(
            f"按{where.without_stage().label('')}学校重新计算（差异系数按在校生加权，"
            f"与全域口径相同；认定以全部参评学校计算的为准）："
        )
    rule = "每项差异系数" if std.cv_rule == "each" else "综合差异系数"
    for stage in stages:
        st = evaluation.stages[stage]
        spread = _spread(evaluation, stage, where)
        if indicators:
            for key in indicators:
                cv = spread.cv.get(key)
                ind = std.indicator(key)
                if cv is None:
                    lines.append(f"{_stage(stage)}“{ind.name}”全域合计为0，无法计算差异系数。")
                    continue
                ok = "未超过" if cv <= spread.limit else "**超过**"
                excess = (
                    f"，超出{format_value(cv - spread.limit)}"
                    if cv > spread.limit
                    else f"，距上限还差{format_value(spread.limit - cv)}"
                )
                lines.append(
                    f"{_stage(stage)}“{ind.name}”的差异系数为**{format_value(cv, against=spread.limit)}**，"
                    f"{ok}上限{_limit(spread.limit)}{excess}（全域均值{_value(st.means[key], ind.unit)}）。"
                )
            continue
        failed = "、".join(
            f"{std.indicator(k).short} {format_value(spread.cv[k])}"
            f"（超出{format_value(spread.cv[k] - spread.limit)}）"
            for k in spread.failed
        )
        verdict = "达标" if spread.passed else "未达标"
        known = {k: v for k, v in spread.cv.items() if v is not None}
        top = max(known, key=lambda k: known[k]) if known else None
        margin = (
            f"，比上限低{format_value(spread.limit - known[top])}"
            if top and not failed and known[top] <= spread.limit
            else ""
        )
        highest = f"最高的是{std.indicator(top).short}（{format_value(known[top])}{margin}）。" if top else ""
        lines.append(
            f"**{_stage(stage)}**（{spread.schools}所，在校生{spread.students}人）：{rule}不超过"
            f"{_limit(spread.limit)}，判定**{verdict}**"
            + (f"；超过上限的：{failed}" if failed else "；没有超过上限的")
            + f"。综合差异系数{format_value(spread.composite, against=spread.limit)}；{highest}"
        )
        rows, flags = [], []
        for i, (key, cv) in enumerate(spread.cv.items()):
            over = cv is not None and cv > spread.limit
            rows.append(
                [
                    std.indicator(key).name,
                    format_value(cv, against=spread.limit),
                    _limit(spread.limit),
                    "超过" if over else ("—" if cv is None else "未超过"),
                ]
            )
            if over:
                flags.extend([(i, 1), (i, 3)])
        tables.append(
            Table(
                ["指标", "差异系数", "上限", "判定"],
                rows,
                title=f"{_stage(stage)}差异系数",
                flags=tuple(flags),
            )
        )
        if not narrowed:
            charts.append(cv_chart(evaluation, stage))
    suggestions = ["全镇达标情况怎样？", "哪几所学校最差？"]
    return Reply("\n\n".join(lines), kind="cv", tables=tables, charts=charts, suggestions=suggestions)


def composite_reply(evaluation: Evaluation, stages: list[str]) -> Reply:
    """The 综合差异系数 (the mean of the indicators' CVs) and the rule that decides: under a standard
    judged by each CV, a composite under the limit does not pass a stage whose single CV exceeds it."""
    std = evaluation.standard
    lines, rows = [], []
    for stage in stages:
        st = evaluation.stages[stage]
        comp = st.composite_cv
        within = comp is not None and comp <= st.cv_limit
        n = sum(v is not None for v in st.cv.values())
        shown = format_value(comp, against=st.cv_limit)
        limit = _limit(st.cv_limit)
        line = (
            f"**{_stage(stage)}**综合差异系数（{n}项指标差异系数的平均）为**{shown}**，"
            f"{'不超过' if within else '超过'}上限{limit}。"
        )
        verdict = f"{_stage(stage)}差异系数判定"
        if std.cv_rule == "each":
            failed = "、".join(f"{std.indicator(k).short} {format_value(st.cv[k])}" for k in st.cv_failed)
            rule = f"{std.name}不看综合差异系数，按**每项**差异系数判定，每项都不得超过{limit}"
            if failed:
                line += f"但{rule}：{failed}超过上限，所以{verdict}**未达标**。"
            else:
                line += f"{rule}：各项均未超过，{verdict}**达标**。"
        else:
            line += f"{std.name}以综合差异系数判定，{verdict}**{'达标' if within else '未达标'}**。"
        each = "、".join(
            f"{std.indicator(k).short} {format_value(v)}" for k, v in st.cv.items() if v is not None
        )
        if each:
            line += f"各项差异系数：{each}。"  # 综合差异系数和各项差异系数: the composite is their mean
        lines.append(line)
        rows.append(
            [_stage(stage), format_value(comp), _limit(st.cv_limit), "达标" if st.passed else "未达标"]
        )
    lines.append(f"依据：{plain_source(std.cv_source)}。")
    table = Table(["学段", "综合差异系数", "上限", "差异系数判定"], rows, title="综合差异系数")
    return Reply("\n\n".join(lines), kind="cv", tables=[table])


def overview_reply(
    evaluation: Evaluation,
    stage_only: str | None = None,
    where: Where | None = None,
    frame: pd.DataFrame | None = None,
) -> Reply:
    std = evaluation.standard
    where = where or Where(stage_only)
    if where.narrowed:
        return _narrow_overview(evaluation, where, frame)
    lines = [f"评估标准：{std.title}（{std.doc_no}）。"]
    charts = []
    for stage in stages_of(evaluation, stage_only):
        st = evaluation.stages[stage]
        verdict = "达标" if st.passed else "未达标"
        failed = "、".join(f"{std.indicator(k).short} {format_value(st.cv[k])}" for k in st.cv_failed)
        lines.append(
            f"**{_stage(stage)}**：{st.schools}所学校（学段），在校生{st.students}人；差异系数判定**{verdict}**"
            + (
                f"（超过上限{_limit(st.cv_limit)}的：{failed}）"
                if failed
                else f"（各项均不超过{_limit(st.cv_limit)}）"
            )
            + "。"
        )
        charts.append(cv_chart(evaluation, stage))
    judged = [
        s
        for s in evaluation.schools
        if s.passed is not None and (stage_only is None or s.stage == stage_only)
    ]
    rows, flags = [], []
    if judged:
        lines.insert(1, headcount(judged, frame, "", unjudged(evaluation, Where(stage_only), frame)))
        failing = [s for s in judged if not s.passed]
        by_school: dict[str, bool] = {}
        for s in judged:
            by_school[s.name] = by_school.get(s.name, True) and bool(s.passed)
        passing = sum(by_school.values())
        stages_met = f"{len(judged) - len(failing)}/{len(judged)}"
        lines.append(
            f"逐校达标：参评学校{len(by_school)}所，{passing}所达标、{len(by_school) - passing}所未达标"
            f"（一贯制学校各学段都达标才算达标；按学段计，{stages_met}个学校（学段）达标）。"
            + (f"未达标：{'、'.join(_label(s) for s in failing)}。" if failing else "")
        )
        for i, s in enumerate(judged):
            rows.append(
                [
                    s.name,
                    _stage(s.stage),
                    str(s.students),
                    str(len(std.indicators) - len(s.unmet)),
                    "、".join(std.indicator(k).short for k in s.unmet) or "—",
                    _pass_word(s.passed),
                ]
            )
            if not s.passed:
                flags.append((i, 5))
    failed_guarantees = [g for g in evaluation.guarantees if not g.met]
    if failed_guarantees:
        lines.append(
            "政府保障程度（可由学校数据计算的项目）未达到："
            + "；".join(f"{g.name} {g.detail}" for g in failed_guarantees[:5])
            + ("等" if len(failed_guarantees) > 5 else "")
            + "。"
        )
    tables = (
        [
            Table(
                ["学校", "学段", "在校生", "达标项数", "未达标指标", "判定"],
                rows,
                title="逐校达标情况",
                flags=tuple(flags),
            )
        ]
        if rows
        else []
    )
    suggestions = ["哪几所学校最差？", "小学各项差异系数是多少？", "生成实施方案"]
    return Reply("\n\n".join(lines), kind="overview", tables=tables, charts=charts, suggestions=suggestions)


def _narrow_overview(evaluation: Evaluation, where: Where, frame: pd.DataFrame | None = None) -> Reply:
    """A town's (or a kind's, or a list's) schools: each one's verdict and unmet indicators."""
    std = evaluation.standard
    judged = [s for s in evaluation.schools if where.keep(s)]
    scope = where.label()
    if not judged:
        return Reply(f"数据中没有{scope}的参评学校。", kind="overview")
    names = list(dict.fromkeys(s.name for s in judged))
    failing = [s for s in judged if s.passed is False]
    lines = [
        f"{scope}参评学校{len(names)}所（{len(judged)}个学校学段）：{'、'.join(names)}。",
        f"逐校达标：{len(judged) - len(failing)}/{len(judged)}个学校（学段）达标。"
        + (f"未达标：{'、'.join(_label(s) for s in failing)}。" if failing else ""),
    ]
    lines.insert(1, headcount(judged, frame, scope, unjudged(evaluation, where, frame)))
    left = _left_out(evaluation, where)
    if left:
        lines.append(
            "另有不参评的："
            + "；".join(f"{e.name}（{excluded_students(frame, e.name)}{e.reason}）" for e in left)
            + "。"
        )
    rows, flags = [], []
    for i, s in enumerate(judged):
        gaps = "；".join(
            f"{std.indicator(k).short}需增加{format_value(s.gaps[k].shortfall, s.gaps[k].unit)}"
            for k in s.unmet
        )
        rows.append([s.name, _stage(s.stage), str(s.students), gaps or "—", _pass_word(s.passed)])
        if s.passed is False:
            flags.append((i, 4))
    return Reply(
        "\n\n".join(lines),
        kind="overview",
        tables=[
            Table(
                ["学校", "学段", "在校生", "差距", "判定"],
                rows,
                title=f"{scope}逐校达标情况",
                flags=tuple(flags),
            )
        ],
        listed=tuple(names),
    )


@dataclass(frozen=True)
class _Unjudged:
    """A school stage left out of the evaluation (a 教学点 under 50 pupils), as the tallies read it."""

    name: str
    stage: str
    township: str
    ownership: str
    school_type: str
    students: int


def unjudged(evaluation: Evaluation, where: Where, frame: pd.DataFrame | None) -> list[_Unjudged]:
    """The stages of the schools not judged that ``where`` would keep: an official's 全区小学生一共多少
    counts every row of the data, 参评 or not."""
    if frame is None or "name" not in frame or not evaluation.excluded:
        return []
    out = []
    for e in evaluation.excluded:
        rows = frame[frame["name"] == e.name]
        if rows.empty:
            continue
        row = rows.iloc[0]
        for stage in ("primary", "junior"):
            column = f"{stage}_students"
            pupils = row.get(column)
            if pupils is None or pd.isna(pupils) or pupils <= 0:
                continue
            part = _Unjudged(
                e.name,
                stage,
                str(row.get("township") or ""),
                str(row.get("ownership") or ""),
                str(row.get("school_type") or ""),
                int(pupils),
            )
            if where.keep(part):  # type: ignore[arg-type]
                out.append(part)
    return out


def headcount_reply(
    evaluation: Evaluation, where: Where, frame: pd.DataFrame | None, region: str = ""
) -> Reply:
    """小学生一共多少, 老师一共多少个: the totals of the scope asked (the whole area under its name), and
    nothing school by school."""
    judged = [s for s in evaluation.schools if s.passed is not None and where.keep(s)]
    scope = where.label("") if where.narrowed else region + STAGE_NAMES.get(where.stage or "", "")
    if not judged:
        return Reply(f"数据中没有{where.label()}的参评学校。", kind="overview")
    names = tuple(dict.fromkeys(s.name for s in judged))
    line = headcount(judged, frame, scope, unjudged(evaluation, where, frame))
    named = f"（{'、'.join(names)}）" if where.narrowed and len(names) <= _NAMED else ""
    line = line.replace(f"{scope}参评学校", f"{scope}参评学校{len(names)}所{named}，", 1)
    return Reply(line, kind="overview", listed=names)


_NAMED = 12
"""A narrowed scope's totals name its schools when there are this many or fewer."""


def headcount(
    judged: list[SchoolResult],
    frame: pd.DataFrame | None,
    scope: str,
    left: list[_Unjudged] | None = None,
) -> str:
    """金坪镇参评学校在校生合计2670人（小学1700人、初中970人），班级合计…: students and classes summed by
    学段 over the judged school stages (a combined school counted in each of its stages); with the
    schools not judged (``left``) the whole data's totals follow."""
    line = _headcount_line(judged, frame, f"{scope}参评学校")
    if left:
        names = "、".join(dict.fromkeys(u.name for u in left))
        count = len({s.name for s in judged} | {u.name for u in left})
        line += _headcount_line(
            [*judged, *left],  # type: ignore[list-item]
            frame,
            f"连同不参评的{names}，{scope}全部{count}所学校",
        )
    return line


def _headcount_line(judged: list[SchoolResult], frame: pd.DataFrame | None, scope: str) -> str:
    students, classes, teachers = _tally(judged, frame)

    def total(amounts: dict[str, int], unit: str) -> str:
        parts = "、".join(f"{_stage(k)}{v}{unit}" for k, v in amounts.items())
        return f"{sum(amounts.values())}{unit}" + (f"（{parts}）" if len(amounts) > 1 else "")

    line = f"{scope}在校生合计{total(students, '人')}"
    if classes and set(classes) == set(students):
        line += f"，班级合计{total(classes, '个')}"
    if teachers and set(teachers) == set(students):
        line += f"，专任教师合计{total(teachers, '人')}"
    return line + "。"


def _tally(
    judged: list[SchoolResult], frame: pd.DataFrame | None
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Students, classes and 专任教师 of the school stages by 学段 (a 学段 missing where its column is)."""
    students: dict[str, int] = {}
    classes: dict[str, int] = {}
    teachers: dict[str, int] = {}
    rows = frame.set_index("name") if frame is not None and "name" in frame else None

    def cell(name: str, column: str) -> float | None:
        if rows is None or column not in rows or name not in rows.index:
            return None
        value = rows.loc[name, column]
        value = value.iloc[0] if isinstance(value, pd.Series) else value
        return None if pd.isna(value) else float(value)

    for s in judged:
        students[s.stage] = students.get(s.stage, 0) + int(s.students)
        value = cell(s.name, f"{s.stage}_classes")
        if value is not None:
            classes[s.stage] = classes.get(s.stage, 0) + int(value)
        value = _stage_teachers(s, cell)
        if value is not None:
            teachers[s.stage] = teachers.get(s.stage, 0) + int(value)
    return students, classes, teachers


def headcount_by_town(
    evaluation: Evaluation, where: Where, frame: pd.DataFrame | None, pick: str | None = None
) -> Reply:
    """按乡镇列在校生: the judged school stages' students, classes and 专任教师 summed 乡镇 by 乡镇
    (a 街道 is a 乡镇-level unit too), in the data's order, with the whole as the last row."""
    judged = [s for s in evaluation.schools if s.passed is not None and where.keep(s)]
    if not judged:
        return Reply(f"数据中没有{where.label()}的参评学校。", kind="overview")
    towns = list(dict.fromkeys(s.township for s in judged))
    rows = []
    for town in [*towns, None]:
        part = [s for s in judged if town is None or s.township == town]
        students, classes, teachers = _tally(part, frame)

        def whole(amounts: dict[str, int], stages: dict[str, int] = students) -> str:
            return str(sum(amounts.values())) if amounts and set(amounts) == set(stages) else "—"

        rows.append(
            [
                town or "合计",
                str(len({s.name for s in part})),
                whole(students),
                whole(classes),
                whole(teachers),
            ]
        )
    label = where.label()
    lines = [f"{label}按乡镇（街道）的参评学校在校生、班级和专任教师如下（教学点等不参评学校不计）："]
    if pick is not None:  # 哪个最少 after the list: the 乡镇 at that end, ties named together
        figures = {r[0]: int(r[2]) for r in rows[:-1] if r[2] != "—"}
        if figures:
            end = (max if pick == "most" else min)(figures.values())
            towns_at = "、".join(t for t, v in figures.items() if v == end)
            word = "最多" if pick == "most" else "最少"
            lines.insert(0, f"{label}参评学校在校生{word}的乡镇（街道）是{towns_at}，{end}人。\n")
    lines += [f"{r[0]}：参评学校{r[1]}所，在校生{r[2]}人，班级{r[3]}个，专任教师{r[4]}人。" for r in rows]
    table = Table(
        ["乡镇（街道）", "参评学校", "在校生", "班级", "专任教师"], rows, title=f"{label}分乡镇情况"
    )
    return Reply("\n".join(lines), tables=[table], kind="overview")


def _stage_teachers(s: SchoolResult, cell: Callable[[str, str], float | None]) -> float | None:
    """The 专任教师 of one school stage, read as metrics.split reads them: a 九年/十二年一贯制 school's
    专任教师 cover both stages, its 初中部 ones are the junior stage's and the rest the primary's."""
    whole = cell(s.name, "teachers")
    if s.school_type not in SUBTOTAL_TYPES:
        return whole
    junior = cell(s.name, "junior_teachers")
    if junior is None:
        return None
    if s.stage == "junior":
        return junior
    return None if whole is None else whole - junior


def excluded_students(frame: pd.DataFrame | None, name: str) -> str:
    """在校生38人， for a school left out of the evaluation (empty when the row is not at hand)."""
    if frame is None or "name" not in frame:
        return ""
    rows = frame[frame["name"] == name]
    if rows.empty:
        return ""
    total = sum(
        int(rows.iloc[0][c])
        for c in ("primary_students", "junior_students")
        if c in rows and not pd.isna(rows.iloc[0][c])
    )
    return f"在校生{total}人，"


def _left_out(evaluation: Evaluation, where: Where) -> list:
    """Schools of the kind or 乡镇 asked about that are not judged (a 教学点 under 50 students)."""
    if where.schools or where.ownership or where.not_kinds:
        return []
    out = list(evaluation.excluded)
    if where.kind == "教学点":
        out = [e for e in out if "教学点" in e.name]
    elif where.kind is not None:
        return []
    if where.township:
        core = re.sub(r"(街道|镇|乡)$", "", where.township)
        out = [e for e in out if core in e.name]
    elif where.kind is None:
        return []
    return out


def _label(school: SchoolResult) -> str:
    return f"{school.name}（{_stage(school.stage)}）"


def _min_ratio(school: SchoolResult) -> float:
    return min((g.ratio for g in school.gaps.values()), default=1.0)


def indicator_reply(
    evaluation: Evaluation,
    indicators: tuple[str, ...],
    stage_only: str | None = None,
    where: Where | None = None,
) -> Reply:
    std = evaluation.standard
    where = where or Where(stage_only)
    lines, tables = [], []
    for key in indicators:
        ind = std.indicator(key)
        for stage in stages_of(evaluation, where.stage):
            schools = [s for s in evaluation.schools if s.stage == stage and where.keep(s)]
            if not schools:
                continue
            st = evaluation.stages[stage]
            rows, flags = [], []
            for i, s in enumerate(schools):
                gap = s.gaps.get(key)
                threshold = s.thresholds.get(key)
                rows.append(
                    [
                        s.name,
                        _value(s.indicators[key], ind.unit, threshold),
                        _limit(threshold, ind.unit) if threshold is not None else "—",
                        format_value(gap.shortfall, gap.unit) if gap else "—",
                    ]
                )
                if gap:
                    flags.extend([(i, 1), (i, 3)])
            short = [s for s in schools if key in s.gaps]
            cv = st.cv.get(key)
            cv_text = "无法计算" if cv is None else format_value(cv, against=st.cv_limit)
            scope = where.without_stage().label("")
            own = ""
            if where.narrowed:
                students = sum(s.students for s in schools)
                mean = sum(s.indicators[key] * s.students for s in schools) / students if students else None
                own = f"{scope}{_stage(stage)}平均（按在校生加权）{_value(mean, ind.unit)}，"
            head = (
                f"**{scope}{_stage(stage)}“{ind.name}”**：{own}全域均值{_value(st.means[key], ind.unit)}，"
                f"全域差异系数{cv_text}（上限{_limit(st.cv_limit)}）"
            )
            if stage in ind.thresholds:
                head += f"；标准值{_limit(ind.thresholds[stage], ind.unit)}以上（{std.doc_no}）"
            if std.has_school_thresholds:
                head += (
                    f"；{len(short)}所学校未达到标准：{'、'.join(s.name for s in short)}。"
                    if short
                    else "；各校均达到标准。"
                )
            lines.append(head)
            tables.append(
                Table(
                    ["学校", "本校", "标准", "需增加"],
                    rows,
                    title=f"{_stage(stage)}·{ind.short}",
                    flags=tuple(flags),
                )
            )
    basis = [_standard_citation(std, std.indicator(k)) for k in indicators]
    return Reply(
        "\n\n".join(lines),
        kind="indicator",
        tables=tables,
        citations=basis,
        suggestions=["哪几所学校最差？"],
    )


def _standard_citation(std: Standard, ind: Indicator) -> Citation:
    """Where a threshold comes from, as the standard file records it."""
    return Citation(title=std.title, doc_no=std.doc_no, section=ind.name, text=ind.source, source=std.path)


# --- what-if --------------------------------------------------------------------------------------


def what_if_reply(
    evaluation: Evaluation,
    frame: pd.DataFrame | None,
    name: str,
    stage: str | None,
    changes: tuple[tuple[str, float], ...],
) -> Reply:
    """Re-evaluate with ``changes`` ((upload column, amount), …) added to one school."""
    std = evaluation.standard
    if frame is None:
        return Reply("当前没有可模拟的学校数据。", kind="what_if")
    additions = [Addition(name, f, amount, stage) for f, amount in changes]
    try:
        after = what_if(frame, std, additions)
    except WhatIfError as exc:
        return Reply(str(exc), kind="what_if")
    added = "、".join(
        f"{BY_KEY[f].header}{amount:g}{BY_KEY[f].unit}" for f, amount in changes if f != "gym_area"
    )
    lines = [f"模拟：给**{name}**增加{added}，按{std.name}重新计算："]
    fields = {f for f, _ in changes}
    touched = [i.key for i in std.indicators if fields & set(i.columns)]
    for before_s in evaluation.school(name):
        after_s = next((s for s in after.school(name) if s.stage == before_s.stage), None)
        if after_s is None:
            continue
        for key in touched:
            ind = std.indicator(key)
            threshold = before_s.thresholds.get(key)
            t = f"（标准{_limit(threshold, ind.unit)}）" if threshold is not None else ""
            lines.append(
                f"- {_label(before_s)}“{ind.short}”：{_value(before_s.indicators[key], ind.unit)} → "
                f"**{_value(after_s.indicators[key], ind.unit)}**{t}"
            )
        if before_s.passed is not None:
            lines.append(
                f"- {_label(before_s)}未达标指标：{len(before_s.unmet)}项 → {len(after_s.unmet)}项；"
                f"学校判定：{_pass_word(before_s.passed)} → **{_pass_word(after_s.passed)}**"
            )
    rows, flags = [], []
    for stage, st in evaluation.stages.items():
        new = after.stages.get(stage)
        if new is None or not evaluation.school(name, stage):
            continue
        for key in touched:
            i = len(rows)
            rows.append(
                [
                    _stage(stage),
                    std.indicator(key).short,
                    format_value(st.cv[key]),
                    format_value(new.cv[key]),
                    _limit(st.cv_limit),
                ]
            )
            if new.cv[key] is not None and new.cv[key] > st.cv_limit:
                flags.append((i, 3))
        lines.append(f"- {_stage(stage)}差异系数判定：{_pass_word(st.passed)} → **{_pass_word(new.passed)}**")
    if not touched:
        lines.append("所增加的数据列不影响本标准的资源配置指标。")
    table = Table(
        ["学段", "指标", "原差异系数", "模拟后", "上限"], rows, title="差异系数变化", flags=tuple(flags)
    )
    return Reply(
        "\n".join(lines),
        kind="what_if",
        tables=[table] if rows else [],
        suggestions=[f"{name}哪些指标没达标？差多少？"],
    )
