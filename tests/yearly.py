"""The sample town's workbook as another 统计年度 (and optionally with more teachers), for tests."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

TOWN = Path(__file__).resolve().parents[1] / "data" / "samples" / "城关镇.xlsx"


def town_year(year: int, extra_teachers: int = 0, extra_area: float = 0.0, path: Path = TOWN) -> bytes:
    """The sample with every 统计年度 set to ``year``, ``extra_teachers`` 专任教师 and ``extra_area`` ㎡
    of 教学及辅助用房 added to each school."""
    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[0]
    headers = [c.value for c in sheet[1]]
    year_col = headers.index("统计年度") + 1
    teachers_col = headers.index("专任教师数（人）") + 1
    area_col = headers.index("教学及辅助用房面积（㎡）") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, year_col).value = year
        cell = sheet.cell(row, teachers_col)
        if isinstance(cell.value, int | float):
            cell.value = cell.value + extra_teachers
        area = sheet.cell(row, area_col)
        if isinstance(area.value, int | float):
            area.value = area.value + extra_area
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
