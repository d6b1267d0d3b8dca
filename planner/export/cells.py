"""Text for spreadsheet cells: upload text that looks like a formula is written as plain text.

A school name such as ``=HYPERLINK("http://…")`` or ``+1-2`` would otherwise run in Excel or
LibreOffice when a 督导 opens an exported workbook (CSV/formula injection). Every exporter that
writes user text into a cell passes it through :func:`cell_text`; live formulas the exporter builds
itself are written directly."""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "cell_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def cell_text(value: object) -> object:
    """``value`` unchanged unless it is text starting like a formula; that gets a leading apostrophe
    (shown by no spreadsheet, read as text by all).

    >>> cell_text('=1+1'), cell_text('城关一小'), cell_text(-3), cell_text('-12')
    ("'=1+1", '城关一小', -3, "'-12")
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
