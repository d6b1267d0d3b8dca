"""Files the chat hands over that are not the plan: the audit workbook (.xlsx with live formulas)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.chat.types import ChatContext, ChatState, FileOut, Reply
from planner.export.workbook import XLSX_MIME, workbook_bytes, workbook_filename

if TYPE_CHECKING:
    from planner.chat.args import NoArgs

__all__ = ["workbook"]


def workbook(args: NoArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """The audit workbook of the loaded data under the current standard, as a download."""
    ev = ctx.evaluation
    if ev is None or ctx.schools is None:
        return Reply("还没有学校数据，无法导出审计工作簿。", kind="no_data")
    name = workbook_filename(ev.standard, ctx.region)
    # the 统计年度 the page chose (asked when the file has none), as every document names it
    year = ctx.document_inputs().current.year if ctx.document_inputs is not None else None
    data = workbook_bytes(ev, ctx.schools, ev.standard, region=ctx.region, data_year=year)
    text = (
        f"已生成审计工作簿“{name}”（{ev.standard.name}，{len(ctx.schools)}行学校数据）：上传的原始数据、"
        "标准参数、每校每项指标和各学段差异系数均为Excel公式，督导可逐格核对。点击下面的按钮下载。"
    )
    return Reply(text, kind="export", file=FileOut(name, data, XLSX_MIME))
