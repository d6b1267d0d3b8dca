"""The audit workbook: the school rows as loaded and every figure as a live Excel formula over them.

A 督导 opens it and follows each figure to its inputs: 评估范围 (who is in scope, and why not),
指标计算 (one row per school and 学段: 拆分, per-stage teachers, indicator values, school verdict),
差异系数 (weighted mean, deviation, CV, 综合差异系数, stage verdict), all reading the thresholds,
ratios and scope rules from 标准参数, which holds the standard's values with their sources. Nothing is
a cached value: Excel or LibreOffice computes every cell on opening, and an edited input flows through.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from metrics import STAGE_NAMES, Evaluation, Standard
from planner.export.workbook.cv import write_cv
from planner.export.workbook.guarantees import write_guarantees
from planner.export.workbook.inputs import write_input
from planner.export.workbook.layout import (
    CV,
    GUARANTEES,
    INPUT,
    NOTES,
    PARAMS,
    SCHOOLS,
    SCOPE,
)
from planner.export.workbook.notes import write_notes
from planner.export.workbook.params import write_params
from planner.export.workbook.schools import stage_rows, write_schools
from planner.export.workbook.scope import write_scope


def export_workbook(
    evaluation: Evaluation,
    frame: pd.DataFrame,
    standard: Standard,
    path: str | Path,
    *,
    region: str = "",
    data_year: int | None = None,
) -> Path:
    """Write the audit workbook of ``frame`` (the rows ``evaluation`` was computed from) to ``path``;
    ``region`` (城关镇) heads the 说明 sheet, ``data_year`` is the 统计年度 it names (the one the page
    and the documents use; else the file's own)."""
    path = Path(path)
    path.write_bytes(workbook_bytes(evaluation, frame, standard, region=region, data_year=data_year))
    return path


def workbook_bytes(
    evaluation: Evaluation,
    frame: pd.DataFrame,
    standard: Standard,
    *,
    region: str = "",
    data_year: int | None = None,
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
    input_cols = write_input(inputs, frame)
    params = write_params(params_ws, standard)
    write_scope(scope_ws, frame, input_cols, params)
    rows = stage_rows(frame)
    blocks = write_schools(schools_ws, rows, input_cols, params, standard, evaluation)
    write_cv(cv_ws, blocks, params, standard, evaluation)
    if params.guarantees.any:
        write_guarantees(book.create_sheet(GUARANTEES), frame, input_cols, params.guarantees, INPUT, SCOPE)
    write_notes(notes, standard, evaluation, frame, region, data_year)
    for ws in book.worksheets:
        print_setup(ws)
    book.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _data_year(frame, chosen: int | None) -> int | None:
    """The 统计年度 the workbook names: the one chosen (--data-year), else the file's single year."""
    if chosen is not None:
        return chosen
    years = {int(y) for y in frame["year"].dropna()} if "year" in frame else set()
    return years.pop() if len(years) == 1 else None


def workbook_command(
    data: str, standard_key: str, out: str, region: str = "", data_year: int | None = None
) -> int:
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
    data_year = _data_year(loaded.frame, data_year)
    if data_year is None:  # one year for every document and the workbook: asked, never "未注明"
        print(
            f"{Path(data).name}：无法确定统计年度（文件中没有“统计年度”一列，或有多个年度），"
            "请用 --data-year 指定，如 --data-year 2025。",
            file=sys.stderr,
        )
        return 2
    evaluation = evaluate(loaded.frame, standard, warnings=tuple(str(w) for w in loaded.warnings))
    try:
        path = export_workbook(evaluation, loaded.frame, standard, out, region=region, data_year=data_year)
    except OSError as exc:
        print(f"无法写入文件：{exc.filename or out} {exc.strerror or exc}", file=sys.stderr)
        return 2
    parts = "、".join(f"{STAGE_NAMES[k]}{st.schools}个" for k, st in evaluation.stages.items())
    count = len(loaded.frame)
    print(f"已生成审计工作簿：{path}（上传{count}所学校；参评学校学段：{parts or '无'}；计算均为公式）")
    return 0


def print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide, the header row repeated: the sheet prints as a table to sign."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.title in (INPUT, SCOPE, SCHOOLS, GUARANTEES):
        ws.print_title_rows = "1:1"
