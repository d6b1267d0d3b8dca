"""Chat answers about several 统计年度 ("比上年有什么变化？"), from metrics.trends.

The comparison comes from ``ctx.year_comparison`` (the page evaluates every year of the workspace);
with one year only the answer says what is needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from metrics import STAGE_NAMES
from metrics.report import format_value
from metrics.trends import YearComparison
from planner.chat.types import ChatContext, ChatState, Reply, Table

if TYPE_CHECKING:
    from planner.chat.args import TrendArgs

__all__ = ["NEEDS_YEARS", "trend", "trend_reply"]

NEEDS_YEARS = (
    "比较年度变化需要至少两个统计年度的学校数据，当前只有一个年度。请在左侧工作区再上传上一统计年度"
    "（如上一年）的学校数据表，然后再问“比上年有什么变化”。"
)


def trend(args: TrendArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """The tool: the change between the last two 统计年度, for a 学段 and indicators when named."""
    comparison = ctx.year_comparison() if ctx.year_comparison is not None else None
    if comparison is None or len(comparison.years) < 2:
        return Reply(NEEDS_YEARS, kind="trend")
    return trend_reply(comparison, args.stage, tuple(args.indicators))


def trend_reply(
    comparison: YearComparison, stage: str | None = None, indicators: tuple[str, ...] = ()
) -> Reply:
    """The last year against the one before: each 学段's sentence, each indicator's sentence and a table
    of the 差异系数 per year (only ``indicators`` when given)."""
    stages = [s for s in comparison.stages if stage is None or s == stage]
    if not stages:
        return Reply(
            f"{comparison.latest}年度的数据中没有{STAGE_NAMES.get(stage, stage)}学校。", kind="trend"
        )
    prev, last = comparison.previous, comparison.latest
    lines = [f"{last}年度与{prev}年度相比（{'、'.join(STAGE_NAMES[s] for s in stages)}）："]
    tables = []
    for key in stages:
        trend_ = comparison.stages[key]
        chosen = [i for i in trend_.indicators if not indicators or i.key in indicators]
        if not indicators:
            lines.append(f"- {trend_.sentence()}")
        lines.extend(f"- {ind.sentence()}" for ind in chosen)
        rows = [[ind.name, *(format_value(v) for v in ind.cvs), _signed(ind.cv_change())] for ind in chosen]
        if rows:
            tables.append(
                Table(
                    ["指标", *(f"{y}年度" for y in comparison.years), "比上年"],
                    rows,
                    title=f"{STAGE_NAMES[key]}各项指标差异系数（上限{format_value(trend_.cv_limit)}）",
                )
            )
    return Reply("\n".join(lines), kind="trend", tables=tables)


def _signed(change: float | None) -> str:
    if change is None:
        return "—"
    shown = format_value(abs(change))
    if shown == format_value(0.0):
        return "持平"
    return ("+" if change > 0 else "−") + shown
