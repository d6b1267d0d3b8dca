"""指标计算: one row per school and 学段 — 拆分, per-stage teachers, indicators, verdict and gaps."""

from __future__ import annotations

import pandas as pd
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from metrics import STAGE_NAMES, Evaluation, Standard
from metrics.columns import BY_KEY, SCHOOL_TYPES
from metrics.split import STUDENT_KEYS, SUBTOTAL_TYPES, TEACHER_KEYS
from planner.export.workbook.cells import (
    GREY,
    RED,
    head_row,
    ref,
    widths,
    write_text,
)
from planner.export.workbook.layout import (
    INPUT,
    MET,
    OUT,
    SCOPE,
    UNMET,
    Block,
    Params,
    StageRow,
    header,
    source_rows,
    to_float,
)


def stage_rows(frame: pd.DataFrame) -> list[StageRow]:
    """Primary rows first, then junior, in file order: every school whose type carries the stage and
    that has students in it (the engine's school-stages before scope, which the sheet applies live)."""
    sources = source_rows(frame)
    types = [str(t) for t in frame["school_type"]]
    out = []
    for stage in ("primary", "junior"):
        key = STUDENT_KEYS[stage]
        students_of = frame[key].tolist() if key in frame else [None] * len(frame)
        for i in range(len(frame)):
            school_type = types[i]
            students = to_float(students_of[i])
            if stage in SCHOOL_TYPES.get(school_type, ()) and (students or 0) > 0:
                out.append(StageRow(stage, i + 2, school_type, sources[i]))
    return out


def _resource_columns(standard: Standard) -> list[str]:
    seen: list[str] = []
    for ind in standard.indicators:
        for col in ind.columns:
            if col not in seen:
                seen.append(col)
    return seen


def write_schools(
    ws: Worksheet,
    rows: list[StageRow],
    cols: dict[str, int],
    p: Params,
    standard: Standard,
    evaluation: Evaluation,
) -> list[Block]:
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
        headers.append(header(key, note))
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

    blocks: list[Block] = []
    for stage in ("primary", "junior"):
        in_stage = [row for row in rows if row.stage == stage]
        if not in_stage:
            continue
        first = 2 + rows.index(in_stage[0])
        for k, item in enumerate(in_stage):
            r = first + k
            i = item.input_row
            # Columns A–I as in ``headers``: E 参评, F 在校生, G 计权学生, H 折合学生, I 拆分系数.
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
        last = first + len(in_stage) - 1
        _format_block(ws, first, last, stage, resource_col, indicator_col, p, standard)
        blocks.append(Block(stage, first, last, 5, 7, indicator_col, verdict_col if judged else None))
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
    p: Params,
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
    p: Params,
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
    p: Params,
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
