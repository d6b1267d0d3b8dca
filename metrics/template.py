"""The blank upload template (.xlsx): a data sheet with the canonical headers and a 填表说明 sheet.

Both sheets are generated from metrics.columns.COLUMNS, so the template can never drift from what
the loader accepts.
"""

from __future__ import annotations

import os

from metrics.columns import COLUMNS, SCHOOL_TYPES, Column

__all__ = ["DATA_SHEET", "GUIDE_SHEET", "header_text", "required_text", "write_template"]

DATA_SHEET = "学校数据"
GUIDE_SHEET = "填表说明"
TEMPLATE_ROWS = 500
"""Rows that get the 办学类型 / 举办者 drop-down lists."""


def header_text(column: Column) -> str:
    """The header as printed in the template: the Chinese name with its unit in brackets.

    >>> from metrics.columns import BY_KEY
    >>> header_text(BY_KEY["equipment_value"]), header_text(BY_KEY["name"])
    ('教学仪器设备值（万元）', '学校名称')
    """
    return f"{column.header}（{column.unit}）" if column.unit else column.header


def required_text(column: Column) -> str:
    """是 / 否 / the condition under which the column must be filled."""
    if column.required == "yes":
        return "是"
    if column.required == "no":
        return "否"
    return f"{column.required}必填"


def write_template(path: str | os.PathLike) -> None:
    """Write the blank upload workbook to ``path`` (no data rows: the loader reports it as empty)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for index, column in enumerate(COLUMNS, start=1):
        cell = data.cell(row=1, column=index, value=header_text(column))
        cell.font = bold
        cell.alignment = wrap
        if column.required == "yes":
            cell.fill = required_fill
        width = max(10, 2 * len(header_text(column)) + 2)
        data.column_dimensions[get_column_letter(index)].width = min(width, 30)
    data.row_dimensions[1].height = 36
    data.freeze_panes = "B2"

    keys = [c.key for c in COLUMNS]
    lists = {
        "school_type": ",".join(SCHOOL_TYPES),
        "ownership": "公办,民办",
        "urban_rural": "城区,镇区,乡村",
    }
    for key, options in lists.items():
        letter = get_column_letter(keys.index(key) + 1)
        rule = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        rule.error = f"请从下拉列表中选择：{options.replace(',', ' / ')}"
        rule.errorTitle = "取值不在列表中"
        rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        data.add_data_validation(rule)

    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["列名", "单位", "是否必填", "说明"])
    for cell in guide[1]:
        cell.font = bold
    for column in COLUMNS:
        guide.append([column.header, column.unit, required_text(column), _note(column)])
    guide.append([])
    for line in _general_notes():
        guide.append([line])
    for letter, width in zip("ABCD", (30, 8, 26, 70), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = "A2"
    book.save(os.fspath(path))


def _note(column: Column) -> str:
    parts = [column.note] if column.note else []
    if column.integer and column.key != "year":
        parts.append("整数")
    if column.aliases:
        parts.append("也可识别列名：" + "、".join(column.aliases))
    return "；".join(parts)


def _general_notes() -> list[str]:
    return [
        "填写要求：",
        "1. 每所学校填一行，表头保持在第 1 行；带单位的列名（如“教学仪器设备值（万元）”）按括号内单位填写。",
        "2. 数字列只填数字，不要加单位或文字；没有的填 0。体育馆面积不填视为 0。",
        "3. 九年一贯制学校、十二年一贯制学校：专任教师等五列填全校合计，另填“初中部”五列，"
        "小学部按合计减初中部计算。",
        "4. 完全中学：教师数只填初中部；须填高中在校生数，用于按学生数拆分校舍和设备。",
        "5. 校舍、场地、设备、图书、计算机、多媒体教室按学生数在学段间拆分，教师不拆分。",
        "6. 同一文件可含多个统计年度，每校每年一行，并填写“统计年度”。",
        "7. 也可另存为 CSV（UTF-8 或 GBK 编码均可）上传。",
    ]
