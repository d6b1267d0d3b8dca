"""The audit workbook: the school rows as loaded and every figure as a live Excel formula over them.

A 督导 opens it and follows each figure to its inputs: 评估范围 (who is in scope, and why not),
指标计算 (one row per school and 学段: 拆分, per-stage teachers, indicator values, school verdict),
差异系数 (weighted mean, deviation, CV, 综合差异系数, stage verdict), all reading the thresholds,
ratios and scope rules from 标准参数, which holds the standard's values with their sources. Nothing is
a cached value: Excel or LibreOffice computes every cell on opening, and an edited input flows through.
"""

from __future__ import annotations

import io
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from metrics import STAGE_NAMES, Evaluation, Standard
from metrics.columns import BY_KEY, COLUMNS, SCHOOL_TYPES
from metrics.split import STUDENT_KEYS, SUBTOTAL_TYPES, TEACHER_KEYS
from planner.export.workbook_guarantees import (
    GUARANTEES,
    GuaranteeParams,
    write_guarantee_params,
    write_guarantees,
)
from planner.export.xlsx_cells import (
    BOLD,
    GREY,
    RED,
    TITLE,
    WRAP,
    absolute,
    define_name,
    head_row,
    ref,
    widths,
    write_number,
    write_text,
)

__all__ = [
    "SHEETS",
    "XLSX_MIME",
    "export_workbook",
    "workbook_bytes",
    "workbook_command",
    "workbook_filename",
]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NOTES, INPUT, PARAMS, SCOPE, SCHOOLS, CV = "说明", "学校数据", "标准参数", "评估范围", "指标计算", "差异系数"
SHEETS = (NOTES, INPUT, PARAMS, SCOPE, SCHOOLS, CV, GUARANTEES)
"""In order; 政府保障 only when the standard has items computable from school rows."""

TOLERANCE = 1e-9
"""The engine's comparison tolerance (metrics.gaps): 42/1000×100 may land a hair below 4.2."""

MET, UNMET, OUT = "达标", "未达标", "不参评"
STAGE_LABEL_EXTRA = {"senior": "高中"}


@dataclass
class _Params:
    """Absolute references to the 标准参数 cells the formulas read."""

    scale: dict[str, str] = field(default_factory=dict)
    threshold: dict[tuple[str, str], str] = field(default_factory=dict)
    cv_limit: dict[str, str] = field(default_factory=dict)
    min_met: str = ""
    min_ratio: str = ""
    exclude_private: str = ""
    floor: str = ""
    exclude_types: str = ""
    school_types: str = ""
    weight: dict[tuple[str, str], str] = field(default_factory=dict)
    tolerance: str = ""
    guarantees: GuaranteeParams = field(default_factory=GuaranteeParams)


@dataclass(frozen=True)
class _StageRow:
    """One 指标计算 row: an input school (its 学校数据 / 评估范围 row) in one 学段."""

    stage: str
    input_row: int
    school_type: str
    source_row: int


def export_workbook(
    evaluation: Evaluation, frame: pd.DataFrame, standard: Standard, path: str | Path, *, region: str = ""
) -> Path:
    """Write the audit workbook of ``frame`` (the rows ``evaluation`` was computed from) to ``path``;
    ``region`` (城关镇) heads the 说明 sheet."""
    path = Path(path)
    path.write_bytes(workbook_bytes(evaluation, frame, standard, region=region))
    return path


def workbook_bytes(
    evaluation: Evaluation, frame: pd.DataFrame, standard: Standard, *, region: str = ""
) -> bytes:
    """The workbook as .xlsx bytes (for a download button or a chat attachment)."""
    if evaluation.standard.key != standard.key:
        raise ValueError(f"evaluation is for {evaluation.standard.key}, not {standard.key}")
    book = Workbook()
    notes = book.active
    notes.title = NOTES
    inputs = book.create_sheet(INPUT)
    params_ws = book.create_sheet(PARAMS)
    scope_ws = book.create_sheet(SCOPE)
    schools_ws = book.create_sheet(SCHOOLS)
    cv_ws = book.create_sheet(CV)

    frame = frame.reset_index(drop=True)
    input_cols = _write_input(inputs, frame)
    params = _write_params(params_ws, standard)
    _write_scope(scope_ws, frame, input_cols, params)
    rows = _stage_rows(frame)
    blocks = _write_schools(schools_ws, rows, input_cols, params, standard, evaluation)
    _write_cv(cv_ws, blocks, params, standard, evaluation)
    if params.guarantees.any:
        write_guarantees(book.create_sheet(GUARANTEES), frame, input_cols, params.guarantees, INPUT, SCOPE)
    _write_notes(notes, standard, evaluation, frame, region)
    for ws in book.worksheets:
        _print_setup(ws)
    book.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_filename(standard: Standard, region: str = "") -> str:
    """``城关镇均衡发展审计工作簿（优质均衡）.xlsx``."""
    kind = "基本均衡" if standard.cv_rule == "composite" else "优质均衡"
    return f"{region}均衡发展审计工作簿（{kind}）.xlsx"


def workbook_command(data: str, standard_key: str, out: str, region: str = "") -> int:
    """``python -m planner workbook DATA --standard KEY --out FILE``: 0, or 2 with a Chinese message."""
    from metrics import DataError, StandardError, evaluate, load_schools, load_standard

    try:
        standard = load_standard(standard_key)
        loaded = load_schools(data)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except StandardError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    evaluation = evaluate(loaded.frame, standard, warnings=tuple(str(w) for w in loaded.warnings))
    try:
        path = export_workbook(evaluation, loaded.frame, standard, out, region=region)
    except OSError as exc:
        print(f"无法写入文件：{exc.filename or out} {exc.strerror or exc}", file=sys.stderr)
        return 2
    parts = "、".join(f"{STAGE_NAMES[k]}{st.schools}个" for k, st in evaluation.stages.items())
    count = len(loaded.frame)
    print(f"已生成审计工作簿：{path}（上传{count}所学校；参评学校学段：{parts or '无'}；计算均为公式）")
    return 0


# --- 学校数据: the rows as loaded ------------------------------------------------------------------


def _header(column_key: str, note: str = "") -> str:
    """``教学及辅助用房面积（㎡）``, or with a note: ``（㎡，拆分后）``."""
    col = BY_KEY[column_key]
    inside = "，".join(part for part in (col.unit, note) if part)
    return f"{col.header}（{inside}）" if inside else col.header


def _write_input(ws: Worksheet, frame: pd.DataFrame) -> dict[str, int]:
    """Every canonical column (empty where the upload had none), one row per school from row 2."""
    headers = ["原表行号", *(_header(c.key) for c in COLUMNS)]
    head_row(ws, 1, headers)
    cols = {c.key: i + 2 for i, c in enumerate(COLUMNS)}
    source_rows = _source_rows(frame)
    present = [c for c in COLUMNS if c.key in frame]
    values = {c.key: frame[c.key].tolist() for c in present}  # one conversion per column, not per cell
    for i in range(len(frame)):
        r = i + 2
        write_number(ws, r, 1, source_rows[i])
        for c in present:
            value = values[c.key][i]
            if c.numeric:
                write_number(ws, r, cols[c.key], _float(value), "0.00" if c.unit == "万元" else None)
            else:
                write_text(ws, r, cols[c.key], value)
    widths(ws, [8, 24, 14, 8, 10, 8] + [12] * (len(headers) - 6))
    ws.freeze_panes = "C2"
    return cols


def _source_rows(frame: pd.DataFrame) -> list[int]:
    if "row" in frame:
        return [int(v) for v in frame["row"]]
    return list(range(2, len(frame) + 2))


def _float(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# --- 标准参数: the standard's values with their sources -------------------------------------------


def _write_params(ws: Worksheet, standard: Standard) -> _Params:
    p = _Params()
    ws.cell(1, 1, f"评估标准参数：{standard.title}（{standard.doc_no}）").font = TITLE
    write_text(
        ws, 2, 1, f"标准文件：{Path(standard.path).name}。公式均引用本表单元格；修改此表即按新参数重算。"
    )
    r = 4
    head_row(ws, r, ["指标键", "指标", "单位", "计算式", "换算系数", "小学标准值", "初中标准值", "依据"])
    for ind in standard.indicators:
        r += 1
        write_text(ws, r, 1, ind.key)
        write_text(ws, r, 2, ind.name)
        write_text(ws, r, 3, ind.unit)
        write_text(ws, r, 4, _formula_text(ind))
        write_number(ws, r, 5, ind.scale)
        p.scale[ind.key] = _define(ws, f"系数_{ind.short}", r, 5)
        for col, stage in ((6, "primary"), (7, "junior")):
            if stage in ind.thresholds:
                write_number(ws, r, col, ind.thresholds[stage])
                p.threshold[(ind.key, stage)] = _define(ws, f"标准_{STAGE_NAMES[stage]}_{ind.short}", r, col)
        write_text(ws, r, 8, ind.source)

    r += 2
    head_row(ws, r, ["差异系数", "限值", "判定规则", "依据"])
    rule = (
        "逐项判定：每项指标的差异系数均不超过限值"
        if standard.cv_rule == "each"
        else "综合判定：综合差异系数（各项差异系数的平均数）不超过限值"
    )
    for stage in ("primary", "junior"):
        if stage not in standard.cv_limits:
            continue
        r += 1
        write_text(ws, r, 1, STAGE_NAMES[stage])
        write_number(ws, r, 2, standard.cv_limits[stage])
        p.cv_limit[stage] = _define(ws, f"限值_{STAGE_NAMES[stage]}差异系数", r, 2)
        write_text(ws, r, 3, rule)
        write_text(ws, r, 4, standard.cv_source)

    if standard.has_school_thresholds:
        r += 2
        head_row(ws, r, ["学校达标规则", "取值", "", "依据"])
        r += 1
        write_text(ws, r, 1, "至少达到标准值的指标项数")
        write_number(ws, r, 2, standard.school_min_met)
        p.min_met = _define(ws, "至少达标项数", r, 2)
        write_text(ws, r, 4, standard.school_rule_source)
        r += 1
        write_text(ws, r, 1, "其余指标不低于标准值的比例")
        write_number(ws, r, 2, standard.school_min_ratio, "0%")
        p.min_ratio = _define(ws, "余项最低比例", r, 2)

    r += 2
    head_row(ws, r, ["评估范围", "取值", "", "依据"])
    r += 1
    write_text(ws, r, 1, "民办学校不参评（1=是，0=否）")
    write_number(ws, r, 2, 1 if standard.exclude_private else 0)
    p.exclude_private = _define(ws, "民办不参评", r, 2)
    write_text(ws, r, 4, standard.scope_source)
    r += 1
    write_text(ws, r, 1, "教学点参评的最低在校生数（空=不设）")
    if standard.teaching_point_min_students is not None:
        write_number(ws, r, 2, standard.teaching_point_min_students)
    p.floor = _define(ws, "教学点最低在校生数", r, 2)
    r += 1
    p.exclude_types = _type_list(ws, r, "不参评的办学类型", standard.exclude_types, "不参评类型")
    r += max(1, len(standard.exclude_types))
    p.school_types = _type_list(ws, r, "义务教育学校的办学类型", tuple(SCHOOL_TYPES), "义务教育学校类型")
    r += len(SCHOOL_TYPES)

    r += 1
    stages = [s for s in STUDENT_KEYS if any(s in ws_ for ws_ in standard.split_weights.values())]
    head_row(ws, r, ["拆分比例（学生折合系数）", *(_stage_name(s) for s in stages), "依据"])
    for school_type, weights in standard.split_weights.items():
        r += 1
        write_text(ws, r, 1, school_type)
        for j, stage in enumerate(stages):
            if stage in weights:
                write_number(ws, r, 2 + j, weights[stage])
                p.weight[(school_type, stage)] = _define(
                    ws, f"拆分_{school_type}_{_stage_name(stage)}", r, 2 + j
                )
        write_text(ws, r, 2 + len(stages), standard.split_source)
    r += 2
    p.guarantees, r = write_guarantee_params(ws, r, standard, _define)
    head_row(ws, r, ["比较容差", "取值", "", "说明"])
    r += 1
    write_text(ws, r, 1, "达标比较容差")
    write_number(ws, r, 2, TOLERANCE, "0.0E+00")
    p.tolerance = _define(ws, "比较容差", r, 2)
    write_text(
        ws,
        r,
        4,
        "由整数算出的比值可能因浮点舍入略低于相等的标准值（如42÷1000×100），比较时按标准值×(1−容差)计。",
    )
    widths(ws, [34, 40, 12, 40, 10, 12, 12, 70])
    return p


def _type_list(ws: Worksheet, r: int, label: str, types: tuple[str, ...], name: str) -> str:
    """Write a label and one type per row in column B; return the range (empty when none)."""
    write_text(ws, r, 1, label)
    for i, school_type in enumerate(types):
        write_text(ws, r + i, 2, school_type)
    if not types:
        return ""
    return _define(ws, name, r, 2, r + len(types) - 1)


def _define(ws: Worksheet, name: str, row: int, col: int, last_row: int | None = None) -> str:
    """Name a 标准参数 cell (or a column range of it); see ``define_name``."""
    target = absolute(PARAMS, row, col)
    if last_row is not None and last_row != row:
        target += f":${get_column_letter(col)}${last_row}"
    return define_name(ws.parent, name, target)


def _formula_text(ind) -> str:
    parts = "＋".join(_header(c) for c in ind.numerator)
    if ind.subtract:
        parts = f"（{parts}－{'－'.join(_header(c) for c in ind.subtract)}）"
    scale = "" if ind.scale == 1 else f"{ind.scale:g}×"
    return f"{scale}{parts}÷在校生数"


def _stage_name(stage: str) -> str:
    return STAGE_NAMES.get(stage) or STAGE_LABEL_EXTRA[stage]


# --- 评估范围: who is in scope, as formulas ---------------------------------------------------------


def _write_scope(ws: Worksheet, frame: pd.DataFrame, cols: dict[str, int], p: _Params) -> None:
    headers = [
        "原表行号",
        "学校名称",
        "办学类型",
        "举办者",
        "义务教育在校生数（人）",
        "是否参评（1=参评）",
        "不参评原因",
    ]
    head_row(ws, 1, headers)
    students = (cols["primary_students"], cols["junior_students"])
    for i in range(len(frame)):
        r = i + 2
        ws.cell(r, 1, f"={ref(INPUT, r, 1)}")
        ws.cell(r, 2, f"={ref(INPUT, r, cols['name'])}")
        ws.cell(r, 3, f"={ref(INPUT, r, cols['school_type'])}")
        ws.cell(r, 4, f"={ref(INPUT, r, cols['ownership'])}")
        ws.cell(r, 5, "=" + "+".join(f"N({ref(INPUT, r, c)})" for c in students))
        excluded = f"SUMPRODUCT(--({p.exclude_types}=C{r}))>0" if p.exclude_types else "FALSE()"
        reason = (
            f'IF({excluded},C{r}&"不纳入评估范围",'
            f'IF(AND({p.exclude_private}=1,D{r}="民办"),"民办学校不纳入本标准的评估范围",'
            f'IF(AND({p.floor}<>"",C{r}="教学点",E{r}<{p.floor}),"在校生不足"&{p.floor}&"人的教学点不参评",'
            f'IF(SUMPRODUCT(--({p.school_types}=C{r}))=0,"办学类型「"&C{r}&"」不属于义务教育学校",""))))'
        )
        ws.cell(r, 7, f"={reason}")
        ws.cell(r, 6, f'=IF(G{r}="",1,0)')
    if len(frame):
        last = len(frame) + 1
        ws.conditional_formatting.add(f"A2:G{last}", FormulaRule(formula=["$F2=0"], fill=GREY))
    widths(ws, [8, 24, 14, 8, 12, 10, 36])
    ws.freeze_panes = "C2"


# --- 指标计算: one row per school and 学段 ------------------------------------------------------------


def _stage_rows(frame: pd.DataFrame) -> list[_StageRow]:
    """Primary rows first, then junior, in file order: every school whose type carries the stage and
    that has students in it (the engine's school-stages before scope, which the sheet applies live)."""
    sources = _source_rows(frame)
    out = []
    for stage in ("primary", "junior"):
        key = STUDENT_KEYS[stage]
        types = [str(t) for t in frame["school_type"]]
        students_of = frame[key].tolist() if key in frame else [None] * len(frame)
        for i in range(len(frame)):
            school_type = types[i]
            students = _float(students_of[i])
            if stage in SCHOOL_TYPES.get(school_type, ()) and (students or 0) > 0:
                out.append(_StageRow(stage, i + 2, school_type, sources[i]))
    return out


@dataclass(frozen=True)
class _Block:
    """The 指标计算 rows of one stage and where the CV sheet finds its columns."""

    stage: str
    first: int
    last: int
    in_scope_col: int
    weight_col: int
    indicator_cols: dict[str, int]
    verdict_col: int | None


def _resource_columns(standard: Standard) -> list[str]:
    seen: list[str] = []
    for ind in standard.indicators:
        for col in ind.columns:
            if col not in seen:
                seen.append(col)
    return seen


def _write_schools(
    ws: Worksheet,
    rows: list[_StageRow],
    cols: dict[str, int],
    p: _Params,
    standard: Standard,
    evaluation: Evaluation,
) -> list[_Block]:
    resources = _resource_columns(standard)
    judged = standard.has_school_thresholds
    headers = [
        "原表行号",
        "学校名称",
        "办学类型",
        "学段",
        "是否参评（1=参评）",
        "在校生数（人）",
        "计权学生数（人）",
        "折合学生数（人）",
        "拆分系数",
    ]
    resource_col = {}
    for key in resources:
        resource_col[key] = len(headers) + 1
        note = "拆分后" if key in standard.split_columns else ("本学段" if key in TEACHER_KEYS else "")
        headers.append(_header(key, note))
    indicator_col = {}
    for ind in standard.indicators:
        indicator_col[ind.key] = len(headers) + 1
        headers.append(f"{ind.name}（{ind.unit}）")
    if judged:
        count_col, ratio_col, unmet_col, verdict_col, system_col = range(len(headers) + 1, len(headers) + 6)
        headers += ["达标项数（项）", "最低达成率", "未达标指标", "学校结论", "系统报告结论"]
        gap_col = {}
        for ind in standard.indicators:
            gap_col[ind.key] = len(headers) + 1
            headers.append(f"差距：{ind.short}（{ind.gap_unit}）")
    head_row(ws, 1, headers)
    system = _system_verdicts(evaluation)

    blocks: list[_Block] = []
    for stage in ("primary", "junior"):
        stage_rows = [row for row in rows if row.stage == stage]
        if not stage_rows:
            continue
        first = 2 + rows.index(stage_rows[0])
        for k, item in enumerate(stage_rows):
            r = first + k
            i = item.input_row
            ws.cell(r, 1, f"={ref(INPUT, i, 1)}")
            ws.cell(r, 2, f"={ref(INPUT, i, cols['name'])}")
            ws.cell(r, 3, f"={ref(INPUT, i, cols['school_type'])}")
            write_text(ws, r, 4, STAGE_NAMES[stage])
            ws.cell(r, 6, f"=N({ref(INPUT, i, cols[STUDENT_KEYS[stage]])})")
            ws.cell(r, 5, f"=IF(AND({ref(SCOPE, i, 6)}=1,F{r}>0),1,0)")
            ws.cell(r, 7, f"=E{r}*F{r}")
            weights = standard.split_weights.get(item.school_type, {})
            if stage in weights:
                ws.cell(
                    r,
                    8,
                    "="
                    + "+".join(
                        f"{p.weight[(item.school_type, s)]}*N({ref(INPUT, i, cols[STUDENT_KEYS[s]])})"
                        for s in weights
                    ),
                )
                ws.cell(r, 9, f"=IF(H{r}>0,{p.weight[(item.school_type, stage)]}*F{r}/H{r},0)")
            else:
                ws.cell(r, 9, 1)
            for key, c in resource_col.items():
                ws.cell(r, c, "=" + _resource_formula(key, stage, item.school_type, i, r, cols, standard))
            for ind in standard.indicators:
                net = _net(ind, resource_col, r)
                ws.cell(r, indicator_col[ind.key], f"=IF(F{r}>0,{p.scale[ind.key]}*{net}/F{r},0)")
            if judged:
                _verdict_cells(
                    ws, r, stage, indicator_col, p, standard, count_col, ratio_col, unmet_col, verdict_col
                )
                verdict = system.get((item.source_row, stage), OUT)
                write_text(ws, r, system_col, verdict)
                _gap_cells(ws, r, stage, gap_col, resource_col, p, standard)
        last = first + len(stage_rows) - 1
        _format_block(ws, first, last, stage, resource_col, indicator_col, p, standard)
        blocks.append(_Block(stage, first, last, 5, 7, indicator_col, verdict_col if judged else None))
    if judged and rows:
        last = len(rows) + 1
        ws.conditional_formatting.add(
            f"{get_column_letter(verdict_col)}2:{get_column_letter(verdict_col)}{last}",
            FormulaRule(formula=[f'{get_column_letter(verdict_col)}2="{UNMET}"'], fill=RED),
        )
        ratio = get_column_letter(ratio_col)
        ws.conditional_formatting.add(
            f"{ratio}2:{ratio}{last}",
            FormulaRule(formula=[f"AND($E2=1,{ratio}2<{p.min_ratio}*(1-{p.tolerance}))"], fill=RED),
        )
        for r in range(2, last + 1):
            ws.cell(r, ratio_col).number_format = "0.0%"
    if rows:
        ws.conditional_formatting.add(f"A2:D{len(rows) + 1}", FormulaRule(formula=["$E2=0"], fill=GREY))
    widths(ws, [8, 24, 14, 6, 10, 10, 10, 10, 9] + [13] * (len(headers) - 9))
    ws.freeze_panes = "E2"
    return blocks


def _resource_formula(
    key: str, stage: str, school_type: str, i: int, r: int, cols: dict[str, int], standard: Standard
) -> str:
    """A facility split by the row's share, or the stage's own teachers (combined: total − 初中部)."""
    source = ref(INPUT, i, cols[key])
    if key in standard.split_columns:
        return f"N({source})*I{r}"
    if key in TEACHER_KEYS and school_type in SUBTOTAL_TYPES:
        junior = ref(INPUT, i, cols[f"junior_{key}"])
        return f"N({junior})" if stage == "junior" else f"N({source})-N({junior})"
    return f"N({source})"


def _net(ind, resource_col: dict[str, int], r: int) -> str:
    """The indicator's net resource in this row: ``(M2-N2)``, ``(O2+N2)`` or ``J2``."""
    net = "+".join(f"{get_column_letter(resource_col[k])}{r}" for k in ind.numerator)
    if ind.subtract:
        return f"({net}-" + "-".join(f"{get_column_letter(resource_col[k])}{r}" for k in ind.subtract) + ")"
    return f"({net})" if len(ind.numerator) > 1 else net


def _gap_cells(
    ws: Worksheet,
    r: int,
    stage: str,
    gap_col: dict[str, int],
    resource_col: dict[str, int],
    p: _Params,
    standard: Standard,
) -> None:
    """What must be added to reach each threshold (rules.md §4): T·P/换算系数 − current, ≥ 0, whole
    teachers and rooms rounded up; in the upload column's unit (㎡, 万元, 人, 间)."""
    for ind in standard.indicators:
        t = p.threshold.get((ind.key, stage))
        if t is None:
            continue
        need = f"{t}*F{r}/{p.scale[ind.key]}-{_net(ind, resource_col, r)}"
        if ind.gap_integer:
            need = f"ROUNDUP({need}-{p.tolerance},0)"
        cell = ws.cell(r, gap_col[ind.key], f'=IF(E{r}=0,"",MAX(0,{need}))')
        cell.number_format = "0" if ind.gap_integer else "0.00"


def _verdict_cells(
    ws: Worksheet,
    r: int,
    stage: str,
    indicator_col: dict[str, int],
    p: _Params,
    standard: Standard,
    count_col: int,
    ratio_col: int,
    unmet_col: int,
    verdict_col: int,
) -> None:
    met_terms, ratios, unmet_terms = [], [], []
    for ind in standard.indicators:
        x = f"{get_column_letter(indicator_col[ind.key])}{r}"
        t = p.threshold.get((ind.key, stage))
        if t is None:  # no value for this stage: never met (as the engine's NaN threshold)
            unmet_terms.append(f'"、{ind.short}"')
            continue
        met_terms.append(f"({x}>={t}*(1-{p.tolerance}))")
        ratios.append(f"{x}/{t}")
        unmet_terms.append(f'IF({x}<{t}*(1-{p.tolerance}),"、{ind.short}","")')
    ws.cell(r, count_col, "=" + ("+".join(met_terms) if met_terms else "0"))
    ws.cell(r, ratio_col, f"=MIN({','.join(ratios)})" if ratios else "=0")
    ws.cell(r, unmet_col, f'=IF(E{r}=0,"",MID({"&".join(unmet_terms)},2,200))')
    c, q = get_column_letter(count_col), get_column_letter(ratio_col)
    ws.cell(
        r,
        verdict_col,
        f'=IF(E{r}=0,"{OUT}",IF(AND({c}{r}>={p.min_met},{q}{r}>={p.min_ratio}*(1-{p.tolerance})),"{MET}","{UNMET}"))',
    )


def _format_block(
    ws: Worksheet,
    first: int,
    last: int,
    stage: str,
    resource_col: dict[str, int],
    indicator_col: dict[str, int],
    p: _Params,
    standard: Standard,
) -> None:
    for r in range(first, last + 1):
        ws.cell(r, 9).number_format = "0.0000"
        ws.cell(r, 8).number_format = "0.0"
        for key, c in resource_col.items():
            ws.cell(r, c).number_format = "0.00" if BY_KEY[key].unit in ("万元", "㎡") else "0.0"
        for ind in standard.indicators:
            ws.cell(r, indicator_col[ind.key]).number_format = "0.0000" if ind.unit == "人/生" else "0.00"
    for ind in standard.indicators:
        t = p.threshold.get((ind.key, stage))
        if t is None:
            continue
        letter = get_column_letter(indicator_col[ind.key])
        ws.conditional_formatting.add(
            f"{letter}{first}:{letter}{last}",
            FormulaRule(formula=[f"AND($E{first}=1,{letter}{first}<{t}*(1-{p.tolerance}))"], fill=RED),
        )


def _system_verdicts(evaluation: Evaluation) -> dict[tuple[int, str], str]:
    table = evaluation.table
    if "passed" not in table or not len(table):
        return {}
    return {
        (int(row), str(stage)): (MET if bool(passed) else UNMET)
        for row, stage, passed in zip(table["row"], table["stage"], table["passed"], strict=True)
        if passed is not None
    }


# --- 差异系数: county figures per stage ----------------------------------------------------------------


def _write_cv(
    ws: Worksheet, blocks: list[_Block], p: _Params, standard: Standard, evaluation: Evaluation
) -> None:
    ws.cell(1, 1, f"校际差异系数（{standard.doc_no}）").font = TITLE
    write_text(
        ws,
        2,
        1,
        "X̄=Σ(Pᵢ·Xᵢ)/P，S=√(Σ(Pᵢ/P)·(Xᵢ−X̄)²)，CV=S/X̄；Pᵢ为参评学校该学段在校生数（计权学生数）。",
    )
    headers = [
        "学段",
        "指标",
        "单位",
        "参评学校数（所）",
        "参评学生数（人）",
        "加权平均值 X̄",
        "加权标准差 S",
        "差异系数 CV",
        "限值",
        "判定",
        "系统报告的差异系数",
    ]
    r = 4
    head_row(ws, r, headers)
    for block in blocks:
        stage_result = evaluation.stages.get(block.stage)
        limit = p.cv_limit.get(block.stage)
        scope = _column_range(block.in_scope_col, block)
        weight = _column_range(block.weight_col, block)
        first_cv = r + 1
        for ind in standard.indicators:
            r += 1
            x = _column_range(block.indicator_cols[ind.key], block)
            write_text(ws, r, 1, STAGE_NAMES[block.stage])
            write_text(ws, r, 2, ind.name)
            write_text(ws, r, 3, ind.unit)
            ws.cell(r, 4, f"=SUM({scope})")
            ws.cell(r, 5, f"=SUM({weight})")
            ws.cell(r, 6, f'=IF(E{r}=0,"无参评学校",SUMPRODUCT({weight},{x})/E{r})')
            ws.cell(r, 7, f'=IF(ISNUMBER(F{r}),SQRT(SUMPRODUCT({weight},({x}-F{r})^2)/E{r}),"—")')
            ws.cell(r, 8, f'=IF(ISNUMBER(F{r}),IF(F{r}=0,"均值为0，无法计算",G{r}/F{r}),"—")')
            if limit:
                ws.cell(r, 9, f"={limit}")
                ws.cell(r, 10, f'=IF(ISNUMBER(H{r}),IF(H{r}<=I{r},"{MET}","{UNMET}"),"—")')
            if stage_result is not None:
                write_number(ws, r, 11, stage_result.cv.get(ind.key))
            for c, fmt in ((6, "0.0000"), (7, "0.0000"), (8, "0.000"), (9, "0.00"), (11, "0.000")):
                ws.cell(r, c).number_format = fmt
        last_cv = r
        cvs = f"H{first_cv}:H{last_cv}"
        r += 1
        write_text(ws, r, 1, STAGE_NAMES[block.stage])
        write_text(ws, r, 2, "综合差异系数（各项差异系数的平均数）")
        ws.cell(r, 8, f'=IF(COUNT({cvs})=0,"—",AVERAGE({cvs}))')
        ws.cell(r, 8).number_format = "0.000"
        composite = r
        if limit:
            ws.cell(r, 9, f"={limit}")
            ws.cell(r, 9).number_format = "0.00"
            if standard.cv_rule == "composite":
                ws.cell(r, 10, f'=IF(ISNUMBER(H{r}),IF(H{r}<=I{r},"{MET}","{UNMET}"),"{UNMET}")')
            else:
                write_text(ws, r, 10, "仅供参考（本标准逐项判定）")
        if stage_result is not None:
            write_number(ws, r, 11, stage_result.composite_cv, "0.000")
        for c in range(1, 12):
            ws.cell(r, c).font = BOLD
        r += 1
        write_text(ws, r, 1, STAGE_NAMES[block.stage])
        write_text(ws, r, 2, "学段差异系数结论")
        if limit:
            if standard.cv_rule == "each":
                formula = f'IF(COUNTIF({cvs},">"&{limit})=0,"{MET}","{UNMET}")'
            else:
                formula = f"J{composite}"
            ws.cell(r, 10, f'=IF(D{first_cv}=0,"—",{formula})')
        if stage_result is not None and stage_result.passed is not None:
            write_text(ws, r, 11, MET if stage_result.passed else UNMET)
        for c in range(1, 12):
            ws.cell(r, c).font = BOLD
        if block.verdict_col is not None:
            verdicts = _column_range(block.verdict_col, block)
            for label, formula in (
                ("学校达标：参评学校数（所）", f"=D{first_cv}"),
                ("学校达标：达标学校数（所）", f'=COUNTIF({verdicts},"{MET}")'),
                ("学校达标：未达标学校数（所）", f'=COUNTIF({verdicts},"{UNMET}")'),
            ):
                r += 1
                write_text(ws, r, 1, STAGE_NAMES[block.stage])
                write_text(ws, r, 2, label)
                ws.cell(r, 4, formula)
        r += 1
        ws.conditional_formatting.add(
            f"H{first_cv}:H{last_cv}",
            FormulaRule(formula=[f"AND(ISNUMBER(H{first_cv}),H{first_cv}>I{first_cv})"], fill=RED),
        )
    if r > 4:
        ws.conditional_formatting.add(f"J5:J{r}", FormulaRule(formula=[f'J5="{UNMET}"'], fill=RED))
    widths(ws, [6, 44, 8, 10, 10, 14, 14, 12, 8, 26, 14])
    ws.freeze_panes = "C5"


def _column_range(col: int, block: _Block) -> str:
    letter = get_column_letter(col)
    return f"'{SCHOOLS}'!${letter}${block.first}:${letter}${block.last}"


# --- 说明 --------------------------------------------------------------------------------------------


def _write_notes(
    ws: Worksheet, standard: Standard, evaluation: Evaluation, frame: pd.DataFrame, region: str
) -> None:
    write_text(ws, 1, 1, f"{region}义务教育均衡发展指标审计工作簿")
    ws.cell(1, 1).font = TITLE
    years = sorted({int(y) for y in frame["year"].dropna()}) if "year" in frame else []
    lines = [
        ("评估标准", f"{standard.title}（{standard.issuer}{standard.doc_no}，{standard.date}）"),
        ("统计年度", "、".join(f"{y}年" for y in years) if years else "数据未注明"),
        (
            "学校数",
            f"上传数据{len(frame)}所，其中参评{len(frame) - len(evaluation.excluded)}所、"
            f"不参评{len(evaluation.excluded)}所（见“{SCOPE}”表）",
        ),
        ("", ""),
        ("各表内容", ""),
        (INPUT, "上传的学校数据，按原样（数值为数字，单位在表头）；原表行号为上传文件中的行号。"),
        (PARAMS, "评估标准的全部参数（标准值、差异系数限值、达标规则、评估范围、拆分比例）及其依据。"),
        (SCOPE, "每所学校是否参评及原因，按标准参数中的评估范围用公式判定。"),
        (
            SCHOOLS,
            "每所学校每个学段一行：拆分、本学段教师、各项指标值、学校达标结论和各项差距"
            "（达到标准值尚需增加的数量）；红色为未达到标准值。",
        ),
        (CV, "各学段每项指标的加权平均值、加权标准差、差异系数与限值比较，综合差异系数和学段结论。"),
        (
            GUARANTEES,
            "政府保障程度中可由学校数据计算的项目（学校规模、班额、平均班额、音乐美术专用教室），参评学校逐校判定；"
            "其余项目（教师资格、培训、交流轮岗等）不在统计表中，需另行核查。",
        ),
        ("", ""),
        ("计算方法", ""),
        (
            "指标值",
            "换算系数×（本学段资源数量）÷本学段在校生数；教学及辅助用房按标准扣除体育馆面积的，见标准参数表的计算式。",
        ),
        (
            "拆分",
            f"一贯制学校、完全中学的设施按学生折合数在学段间分配：拆分系数=本学段折合系数×本学段在校生数÷折合学生数。{standard.split_source}",
        ),
        ("教师", "教师不拆分：九年一贯制、十二年一贯制学校的初中部教师取“初中部”各列，小学部=合计−初中部。"),
        ("差异系数", f"按在校生数加权（总体标准差，非样本标准差）；判定：{standard.cv_source}"),
        ("评估范围", standard.scope_source),
    ]
    lines += [
        ("指标依据" if i == 0 else "", f"{ind.name}：{ind.source}")
        for i, ind in enumerate(standard.indicators)
    ]
    lines.append(
        (
            "",
            "依据后的标记：[V] 见于官方文件或其正式转载；[S] 两个以上地方文件或公开资料一致；"
            "[M] 普遍采用但未经核实，可按本地口径修改标准参数表。",
        )
    )
    if standard.has_school_thresholds:
        lines.append(("学校达标", standard.school_rule_source))
    else:
        lines.append(
            (
                "学校达标",
                "本标准不设全国统一的校级标准值，学校须达到省级办学基本标准（另行核查）；本工作簿计算各项指标和差异系数。",
            )
        )
    lines += [
        ("", ""),
        (
            "核对方法",
            "所有计算单元格均为公式，打开时由 Excel/WPS/LibreOffice 重新计算；"
            "修改学校数据或标准参数后结果随之更新。",
        ),
        ("", "“系统报告”列为本系统导出时的计算结果，可与公式结果对照；修改数据后两者不同属正常。"),
        (
            "",
            "行结构按导出时的办学类型和在校生数生成：修改办学类型或把某学段在校生数由0改为正数后，请重新导出。",
        ),
    ]
    if evaluation.warnings:
        lines.append(("", ""))
        lines += [("数据提示", w) for w in evaluation.warnings]
    for i, (label, text) in enumerate(lines, start=3):
        write_text(ws, i, 1, label)
        write_text(ws, i, 2, text)
        ws.cell(i, 1).font = BOLD
        ws.cell(i, 2).alignment = WRAP
        ws.cell(i, 1).alignment = WRAP
        ws.row_dimensions[i].height = 16 * max(1, math.ceil(len(text) / 80))  # ~80 汉字 a line
    widths(ws, [14, 110])


# --- shared formatting ---------------------------------------------------------------------------


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide, the header row repeated: the sheet prints as a table to sign."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.title in (INPUT, SCOPE, SCHOOLS, GUARANTEES):
        ws.print_title_rows = "1:1"
