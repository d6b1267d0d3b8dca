"""The workbook's file name and media type: what a download button needs before any workbook is built
(kept apart from openpyxl so the page's first screen does not load it)."""

from __future__ import annotations

from metrics import Standard

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_filename(standard: Standard, region: str = "") -> str:
    """``城关镇均衡发展审计工作簿（优质均衡）.xlsx``."""
    kind = "基本均衡" if standard.cv_rule == "composite" else "优质均衡"
    return f"{region}均衡发展审计工作簿（{kind}）.xlsx"
