"""Chat answers about several 统计年度 ("比上年有什么变化？"), from metrics.trends.

Kept beside the chat engine (planner/chat/) rather than inside it: the page calls :func:`trend_reply`
before :func:`planner.chat.respond`; the engine may route its own intent here later."""

from __future__ import annotations

from metrics import STAGE_NAMES
from metrics.report import format_value
from metrics.trends import YearComparison
from planner.chat.types import Reply, Table

__all__ = ["TREND_WORDS", "asks_about_years", "trend_reply"]

TREND_WORDS = ("比上年", "上年", "去年", "历年", "逐年", "往年", "年度对比", "年度变化", "两年", "趋势")
"""Words that make a question about the change between years."""


def asks_about_years(text: str) -> bool:
    return any(word in text for word in TREND_WORDS)


def trend_reply(text: str, comparison: YearComparison | None) -> Reply | None:
    """The answer when ``text`` asks about the years and two or more are loaded, else None.

    Names a 学段 when the question does (小学/初中); otherwise answers for both."""
    if comparison is None or not asks_about_years(text):
        return None
    stages = [s for s in comparison.stages if STAGE_NAMES[s] in text] or list(comparison.stages)
    prev, last = comparison.previous, comparison.latest
    lines = [f"{last}年度与{prev}年度相比（{'、'.join(STAGE_NAMES[s] for s in stages)}）："]
    tables = []
    for stage in stages:
        trend = comparison.stages[stage]
        lines.append(f"- {trend.sentence()}")
        lines.extend(f"- {ind.sentence()}" for ind in trend.indicators)
        rows = [
            [
                ind.name,
                *(format_value(v) for v in ind.cvs),
                _signed(ind.cv_change()),
            ]
            for ind in trend.indicators
        ]
        tables.append(
            Table(
                ["指标", *(f"{y}年度" for y in comparison.years), "比上年"],
                rows,
                title=f"{STAGE_NAMES[stage]}各项指标差异系数（上限{format_value(trend.cv_limit)}）",
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
