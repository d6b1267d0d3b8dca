"""The audit workbook: the school rows as loaded and every figure as a live Excel formula over them.

Public API::

    export_workbook(evaluation, loaded.frame, standard, "审计.xlsx", region="城关镇")
    data = workbook_bytes(evaluation, loaded.frame, standard)  # a download button, the chat
    name = workbook_filename(standard, "城关镇")       # 城关镇均衡发展审计工作簿（优质均衡）.xlsx
"""

from planner.export.workbook.book import export_workbook, workbook_bytes, workbook_command, workbook_filename
from planner.export.workbook.layout import SHEETS, XLSX_MIME

__all__ = [
    "SHEETS",
    "XLSX_MIME",
    "export_workbook",
    "workbook_bytes",
    "workbook_command",
    "workbook_filename",
]
