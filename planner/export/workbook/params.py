"""标准参数: every value of the standard with its source, each a defined name the formulas read."""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from metrics import STAGE_NAMES, Standard
from metrics.columns import SCHOOL_TYPES
from metrics.split import STUDENT_KEYS
from metrics.standards import plain_source
from planner.export.workbook.cells import (
    TITLE,
    absolute,
    define_name,
    head_row,
    widths,
    write_number,
    write_text,
)
from planner.export.workbook.guarantees import write_guarantee_params
from planner.export.workbook.layout import (
    PARAMS,
    TOLERANCE,
    Params,
    header,
    stage_name,
)


def write_params(ws: Worksheet, standard: Standard) -> Params:
    p = Params()
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
        p.scale[ind.key] = define(ws, f"系数_{ind.short}", r, 5)
        for col, stage in ((6, "primary"), (7, "junior")):
            if stage in ind.thresholds:
                write_number(ws, r, col, ind.thresholds[stage])
                p.threshold[(ind.key, stage)] = define(ws, f"标准_{STAGE_NAMES[stage]}_{ind.short}", r, col)
        write_text(ws, r, 8, plain_source(ind.source))

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
        p.cv_limit[stage] = define(ws, f"限值_{STAGE_NAMES[stage]}差异系数", r, 2)
        write_text(ws, r, 3, rule)
        write_text(ws, r, 4, plain_source(standard.cv_source))

    if standard.has_school_thresholds:
        r += 2
        head_row(ws, r, ["学校达标规则", "取值", "", "依据"])
        r += 1
        write_text(ws, r, 1, "至少达到标准值的指标项数")
        write_number(ws, r, 2, standard.school_min_met)
        p.min_met = define(ws, "至少达标项数", r, 2)
        write_text(ws, r, 4, plain_source(standard.school_rule_source))
        r += 1
        write_text(ws, r, 1, "其余指标不低于标准值的比例")
        write_number(ws, r, 2, standard.school_min_ratio, "0%")
        p.min_ratio = define(ws, "余项最低比例", r, 2)

    r += 2
    head_row(ws, r, ["评估范围", "取值", "", "依据"])
    r += 1
    write_text(ws, r, 1, "民办学校不参评（1=是，0=否）")
    write_number(ws, r, 2, 1 if standard.exclude_private else 0)
    p.exclude_private = define(ws, "民办不参评", r, 2)
    write_text(ws, r, 4, plain_source(standard.scope_source))
    r += 1
    write_text(ws, r, 1, "教学点参评的最低在校生数（空=不设）")
    if standard.teaching_point_min_students is not None:
        write_number(ws, r, 2, standard.teaching_point_min_students)
    p.floor = define(ws, "教学点最低在校生数", r, 2)
    r += 1
    p.exclude_types = _type_list(ws, r, "不参评的办学类型", standard.exclude_types, "不参评类型")
    r += max(1, len(standard.exclude_types))
    p.school_types = _type_list(ws, r, "义务教育学校的办学类型", tuple(SCHOOL_TYPES), "义务教育学校类型")
    r += len(SCHOOL_TYPES)

    r += 1
    stages = [s for s in STUDENT_KEYS if any(s in ws_ for ws_ in standard.split_weights.values())]
    head_row(ws, r, ["拆分比例（学生折合系数）", *(stage_name(s) for s in stages), "依据"])
    for school_type, weights in standard.split_weights.items():
        r += 1
        write_text(ws, r, 1, school_type)
        for j, stage in enumerate(stages):
            if stage in weights:
                write_number(ws, r, 2 + j, weights[stage])
                p.weight[(school_type, stage)] = define(
                    ws, f"拆分_{school_type}_{stage_name(stage)}", r, 2 + j
                )
        write_text(ws, r, 2 + len(stages), plain_source(standard.split_source))
    r += 2
    p.guarantees, r = write_guarantee_params(ws, r, standard, define)
    head_row(ws, r, ["比较容差", "取值", "", "说明"])
    r += 1
    write_text(ws, r, 1, "达标比较容差")
    write_number(ws, r, 2, TOLERANCE, "0.0E+00")
    p.tolerance = define(ws, "比较容差", r, 2)
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
    return define(ws, name, r, 2, r + len(types) - 1)


def define(ws: Worksheet, name: str, row: int, col: int, last_row: int | None = None) -> str:
    """Name a 标准参数 cell (or a column range of it); see ``define_name``."""
    target = absolute(PARAMS, row, col)
    if last_row is not None and last_row != row:
        target += f":${get_column_letter(col)}${last_row}"
    return define_name(ws.parent, name, target)


def _formula_text(ind) -> str:
    parts = "＋".join(header(c) for c in ind.numerator)
    if ind.subtract:
        parts = f"（{parts}－{'－'.join(header(c) for c in ind.subtract)}）"
    scale = "" if ind.scale == 1 else f"{ind.scale:g}×"
    return f"{scale}{parts}÷在校生数"
