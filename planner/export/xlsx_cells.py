"""Writing cells for an audit workbook: input text that can never run, numbers as numbers, references.

Text from an upload is written as a string cell; when it starts like a formula (=, +, -, @, tab, CR)
it is also marked as quoted text, so neither Excel nor LibreOffice evaluates it, even after an edit.
"""

from __future__ import annotations

import math
from numbers import Real

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FORMULA_STARTS", "absolute", "ref", "write_number", "write_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
