"""评估范围: per school, whether it is in scope and why not, as formulas over 学校数据 and 标准参数."""

from __future__ import annotations

import pandas as pd
from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.worksheet import Worksheet

from planner.export.workbook.cells import (
    GREY,
    head_row,
    ref,
    widths,
)
from planner.export.workbook.layout import (
    INPUT,
    Params,
)


def write_scope(ws: Worksheet, frame: pd.DataFrame, cols: dict[str, int], p: Params) -> None:
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
