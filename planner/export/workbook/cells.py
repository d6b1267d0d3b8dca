"""Writing cells for an audit workbook: input text that can never run, numbers as numbers, references.

Text from an upload is written as a string cell; when it starts like a formula (=, +, -, @, tab, CR)
it is also marked as quoted text, so neither Excel nor LibreOffice evaluates it, even after an edit.
"""

from __future__ import annotations

import math
import re
from numbers import Real

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "BOLD",
    "FORMULA_STARTS",
    "GREY",
    "HEAD",
    "RED",
    "TITLE",
    "WRAP",
    "absolute",
    "define_name",
    "head_row",
    "ref",
    "widths",
    "write_number",
    "write_text",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

RED = PatternFill("solid", start_color="F4B6B6", end_color="F4B6B6")
GREY = PatternFill("solid", start_color="E4E4E4", end_color="E4E4E4")
HEAD = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
_NAME_CHARS = re.compile(r"[^\w.]")


def write_text(ws: Worksheet, row: int, col: int, value: object) -> None:
    """A text cell that is never a formula; control characters Excel rejects are dropped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def write_number(ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None) -> None:
    """A numeric cell (whole numbers as integers); a missing value leaves the cell empty."""
    if value is None or not isinstance(value, Real) or isinstance(value, bool):
        return
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return
    cell = ws.cell(row=row, column=col, value=int(number) if number.is_integer() else number)
    if number_format:
        cell.number_format = number_format


def ref(sheet: str, row: int, col: int) -> str:
    """A relative reference to another sheet's cell: ``'学校数据'!F5``."""
    return f"'{sheet}'!{get_column_letter(col)}{row}"


def absolute(sheet: str, row: int, col: int) -> str:
    """An absolute reference to another sheet's cell: ``'标准参数'!$F$5``."""
    return f"'{sheet}'!${get_column_letter(col)}${row}"


def define_name(book: Workbook, name: str, target: str) -> str:
    """Name a cell or range so formulas read ``标准_小学_骨干教师``, not ``'标准参数'!$F$6``.

    Callers start every name with a Chinese word, so none can be read as a cell address; characters a
    name cannot hold are dropped, and a name already taken falls back to the plain reference.
    """
    name = _NAME_CHARS.sub("", name)
    if name in book.defined_names:
        return target
    book.defined_names[name] = DefinedName(name, attr_text=target)
    return name


def head_row(ws: Worksheet, r: int, headers: list[str]) -> None:
    """A bold, shaded, wrapped header row; empty strings leave a cell blank."""
    for c, text in enumerate(headers, start=1):
        if not text:
            continue
        write_text(ws, r, c, text)
        cell = ws.cell(r, c)
        cell.font = BOLD
        cell.fill = HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[r].height = 45


def widths(ws: Worksheet, values: list[float]) -> None:
    """Column widths from column A on."""
    for i, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
