"""The audit workbook's 政府保障 sheet: the items computable from school rows (学校规模, 班额, 平均班额,
音乐、美术专用教室) as live formulas, as ``metrics.guarantees`` checks them, for schools in scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from metrics import Standard
from metrics.split import SUBTOTAL_TYPES
from metrics.standards import plain_source
from planner.export.workbook.cells import GREY, RED, head_row, ref, widths, write_number, write_text

__all__ = ["GUARANTEES", "GuaranteeParams", "write_guarantee_params", "write_guarantees"]

GUARANTEES = "政府保障"
MET, UNMET = "达标", "未达标"

Define = Callable[[Worksheet, str, int, int], str]
"""Names a 标准参数 cell (sheet, name, row, column) and returns what formulas should write."""


@dataclass(frozen=True)
class GuaranteeParams:
    """Formula names of the 政府保障 limits; None where the standard sets no such item."""

    size_single: str | None = None
    size_combined: str | None = None
    class_primary: str | None = None
    class_junior: str | None = None
    large: str | None = None
    super_large: str | None = None
    classes_per_room: str | None = None

    @property
    def any(self) -> bool:
        return any(v is not None for v in (self.size_single, self.class_primary, self.classes_per_room))


def write_guarantee_params(
    ws: Worksheet, r: int, standard: Standard, define: Define
) -> tuple[GuaranteeParams, int]:
    """The 政府保障 limits block on 标准参数 from row ``r``; returns the names and the next free row."""
    rules = standard.guarantees
    values: dict[str, str] = {}
    rows: list[tuple[str, str, float]] = []
    if size := rules.get("school_size"):
        rows += [
            ("size_single", "学校规模上限（小学、初中，人）", size["single"]),
            ("size_combined", "学校规模上限（九年一贯制、十二年一贯制义务教育段，人）", size["combined"]),
        ]
    if classes := rules.get("class_size"):
        rows += [
            ("class_primary", "班额上限（小学，人）", classes["primary"]),
            ("class_junior", "班额上限（初中，人）", classes["junior"]),
            ("large", "大班额起点（人）", classes["large"]),
            ("super_large", "超大班额起点（人）", classes["super_large"]),
        ]
    if rooms := rules.get("special_rooms"):
        rows.append(("classes_per_room", "每多少个班配备音乐、美术专用教室各1间", rooms["classes_per_room"]))
    if not rows:
        return GuaranteeParams(), r
    names = {
        "size_single": "规模上限_单设",
        "size_combined": "规模上限_一贯制",
        "class_primary": "班额上限_小学",
        "class_junior": "班额上限_初中",
        "large": "大班额起点",
        "super_large": "超大班额起点",
        "classes_per_room": "专用教室每间班数",
    }
    head_row(ws, r, ["政府保障（可由学校数据计算的项目）", "取值", "", "依据"])
    for i, (key, label, value) in enumerate(rows):
        r += 1
        write_text(ws, r, 1, label)
        write_number(ws, r, 2, value)
        values[key] = define(ws, names[key], r, 2)
        if i == 0:
            write_text(ws, r, 4, plain_source(standard.guarantees_source))
    return GuaranteeParams(**values), r + 2


def write_guarantees(
    ws: Worksheet,
    frame: pd.DataFrame,
    cols: dict[str, int],
    p: GuaranteeParams,
    input_sheet: str,
    scope_sheet: str,
) -> None:
    """One row per input school (same rows as 评估范围): value, limit and verdict of each item."""
    headers = ["原表行号", "学校名称", "是否参评（1=参评）"]
    items: list[tuple[str, str, bool]] = []  # item, unit, at most
    if p.size_single:
        items.append(("学校规模", "人", True))
    if p.class_primary:
        items += [("班额", "人", True), ("小学平均班额", "人", True), ("初中平均班额", "人", True)]
    if p.classes_per_room:
        items += [("音乐专用教室", "间", False), ("美术专用教室", "间", False)]
    start: dict[str, int] = {}
    for item, unit, _ in items:
        start[item] = len(headers) + 1
        headers += [f"{item}：现状（{unit}）", f"{item}：标准（{unit}）", f"{item}：结论"]
        if item == "班额":
            headers.append("班额：等级")
    head_row(ws, 1, headers)
    types = [str(t) for t in frame["school_type"]]

    def cell(key: str, r: int) -> str:
        return ref(input_sheet, r, cols[key])

    def n(key: str, r: int) -> str:
        return f"N({cell(key, r)})"

    for i in range(len(frame)):
        r = i + 2
        ws.cell(r, 1, f"={ref(input_sheet, r, 1)}")
        ws.cell(r, 2, f"={cell('name', r)}")
        ws.cell(r, 3, f"={ref(scope_sheet, r, 6)}")
        students = f"{n('primary_students', r)}+{n('junior_students', r)}"
        classes = f"{n('primary_classes', r)}+{n('junior_classes', r)}"
        for item, _, at_most in items:
            c = start[item]
            v, lim = f"{get_column_letter(c)}{r}", f"{get_column_letter(c + 1)}{r}"
            if item == "学校规模":
                value = f'IF(AND(C{r}=1,{students}>0),{students},"")'
                limit = p.size_combined if types[i] in SUBTOTAL_TYPES else p.size_single
            elif item == "班额":
                value = f'IF(AND(C{r}=1,{cell("max_class_size", r)}<>""),{cell("max_class_size", r)},"")'
                limit = f"IF({n('junior_students', r)}>0,{p.class_junior},{p.class_primary})"
            elif item.endswith("平均班额"):
                stage = "primary" if item.startswith("小学") else "junior"
                s, k = n(f"{stage}_students", r), n(f"{stage}_classes", r)
                value = f'IF(AND(C{r}=1,{s}>0,{k}>0),{s}/{k},"")'
                limit = p.class_primary if stage == "primary" else p.class_junior
            else:
                key = "music_rooms" if item.startswith("音乐") else "art_rooms"
                value = f'IF(AND(C{r}=1,{cell(key, r)}<>"",{classes}>0),{cell(key, r)},"")'
                limit = f"ROUNDUP(({classes})/{p.classes_per_room},0)"
            ws.cell(r, c, f"={value}")
            ws.cell(r, c + 1, f'=IF({v}="","",{limit})')
            compare = "<=" if at_most else ">="
            ws.cell(r, c + 2, f'=IF({v}="","",IF({v}{compare}{lim},"{MET}","{UNMET}"))')
            if item.endswith("平均班额"):
                ws.cell(r, c).number_format = "0.0"
            if item == "班额":
                ws.cell(
                    r,
                    c + 3,
                    f'=IF({v}="","",IF({v}>={p.super_large},"超大班额",IF({v}>={p.large},"大班额","")))',
                )
    last = len(frame) + 1
    for item, _, _ in items:
        for offset in (2, 3) if item == "班额" else (2,):
            letter = get_column_letter(start[item] + offset)
            rule = f'{letter}2="{UNMET}"' if offset == 2 else f'{letter}2<>""'
            ws.conditional_formatting.add(f"{letter}2:{letter}{last}", FormulaRule(formula=[rule], fill=RED))
    if len(frame):
        ws.conditional_formatting.add(f"A2:C{last}", FormulaRule(formula=["$C2=0"], fill=GREY))
    widths(ws, [8, 24, 10] + [11] * (len(headers) - 3))
    ws.freeze_panes = "C2"
