"""The audit workbook: the school rows as loaded and every figure as a live Excel formula over them.

Public API::

    export_workbook(evaluation, loaded.frame, standard, "审计.xlsx", region="城关镇")
    data = workbook_bytes(evaluation, loaded.frame, standard)  # a download button, the chat
    name = workbook_filename(standard, "城关镇")       # 城关镇均衡发展审计工作簿（优质均衡）.xlsx
"""

import lazy_loader

# openpyxl loads on first use of the builders; the name and media type do not need it
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "book": ["export_workbook", "workbook_bytes", "workbook_command"],
        "layout": ["SHEETS"],
        "naming": ["XLSX_MIME", "workbook_filename"],
    },
)
