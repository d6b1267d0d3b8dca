"""学校数据: the school rows as loaded — every canonical column, numbers as numbers, text never a formula."""

from __future__ import annotations

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from metrics.columns import COLUMNS
from planner.export.workbook.cells import (
    head_row,
    widths,
    write_number,
    write_text,
)
from planner.export.workbook.layout import (
    header,
    source_rows,
    to_float,
)


def write_input(ws: Worksheet, frame: pd.DataFrame) -> dict[str, int]:
    """Every canonical column (empty where the upload had none), one row per school from row 2."""
    headers = ["原表行号", *(header(c.key) for c in COLUMNS)]
    head_row(ws, 1, headers)
    cols = {c.key: i + 2 for i, c in enumerate(COLUMNS)}
    sources = source_rows(frame)
    present = [c for c in COLUMNS if c.key in frame]
    values = {c.key: frame[c.key].tolist() for c in present}  # one conversion per column, not per cell
    for i in range(len(frame)):
        r = i + 2
        write_number(ws, r, 1, sources[i])
        for c in present:
            value = values[c.key][i]
            if c.numeric:
                write_number(ws, r, cols[c.key], to_float(value), "0.00" if c.unit == "万元" else None)
            else:
                write_text(ws, r, cols[c.key], value)
    widths(ws, [8, 24, 14, 8, 10, 8] + [12] * (len(headers) - 6))
    ws.freeze_panes = "C2"
    return cols
