"""差异系数: per stage and indicator the weighted mean, deviation and CV; composite and stage verdict."""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.worksheet import Worksheet

from metrics import STAGE_NAMES, Evaluation, Standard
from planner.export.workbook.cells import (
    BOLD,
    RED,
    TITLE,
    define_name,
    head_row,
    widths,
    write_number,
    write_text,
)
from planner.export.workbook.layout import (
    MET,
    UNMET,
    Block,
    Params,
    column_range,
)


def write_cv(
    ws: Worksheet, blocks: list[Block], p: Params, standard: Standard, evaluation: Evaluation
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
        label = STAGE_NAMES[block.stage]
        book = ws.parent
        # Named ranges, so a formula reads SUMPRODUCT(小学_计权学生数,小学_骨干教师)
        scope = define_name(book, f"{label}_是否参评", column_range(block.in_scope_col, block))
        weight = define_name(book, f"{label}_计权学生数", column_range(block.weight_col, block))
        first_cv = r + 1
        for ind in standard.indicators:
            r += 1
            x = define_name(book, f"{label}_{ind.short}", column_range(block.indicator_cols[ind.key], block))
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
            verdicts = define_name(book, f"{label}_学校结论", column_range(block.verdict_col, block))
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
