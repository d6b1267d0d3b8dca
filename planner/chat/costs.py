"""Money questions answered from the plan's cost model: 建设资金, 人员经费, 培养培训经费 per year and in
total, the 民办 举办者's share apart. From the drafted plan's 资金测算表 when there is one (the same
cells), else from the schedule the current settings give (and the reply says so).
"""

from __future__ import annotations

from metrics.report import format_value
from planner.chat import plan
from planner.chat.args import Fund
from planner.chat.types import ChatContext, ChatState, Reply, Table
from planner.drafting.costs import FUND_NAMES, FUNDS

__all__ = ["Fund", "funds_reply"]
PRIVATE = "民办学校举办者投入"


def _annex_rows(state: ChatState) -> tuple[list[str], list[list[str]]] | None:
    if state.plan is None:
        return None
    annex = next((a for a in state.plan.annexes if a.key == "funds"), None)
    return (list(annex.headers), [list(r) for r in annex.rows]) if annex else None


def _schedule_rows(ctx: ChatContext, state: ChatState) -> tuple[list[str], list[list[str]]] | None:
    chosen = plan.plan_settings(ctx, state)
    schedule = plan._schedule(ctx, chosen)
    if schedule is None:
        return None
    private = bool(schedule.private_items)

    def wan(x: float) -> str:
        return format_value(x, "万元")

    rows = []
    for y in schedule.years:
        costs = y.costs
        row = [f"{y.year}年", *(wan(costs.of(f) if costs else 0.0) for f in FUNDS), wan(y.cost_wan)]
        if private:
            row.append(wan(costs.private if costs else 0.0))
        rows.append(row)
    total = ["合计", *(wan(sum(y.costs.of(f) for y in schedule.years if y.costs)) for f in FUNDS)]
    total.append(wan(schedule.total_cost_wan))
    if private:
        total.append(wan(sum(y.costs.private for y in schedule.years if y.costs)))
    rows.append(total)
    headers = ["年度", *(FUND_NAMES[f] for f in FUNDS), "合计"] + ([PRIVATE] if private else [])
    return headers, rows


def funds_reply(
    ctx: ChatContext,
    state: ChatState,
    fund: Fund | None = None,
    year: int | None = None,
    yearly: bool = False,
) -> Reply:
    """The 资金测算: one fund or all, the whole period or one year, or the yearly breakdown."""
    table = _annex_rows(state)
    drafted = table is not None
    if table is None:
        table = _schedule_rows(ctx, state)
    if table is None:
        return Reply(plan.NOT_READY, kind="plan_costs")
    headers, rows = table
    years = [r[0] for r in rows[:-1]]
    column = headers.index(FUND_NAMES[fund]) if fund else headers.index("合计")
    label = FUND_NAMES[fund] if fund else "公共财政投入合计（建设资金、人员经费、培养培训经费）"
    span = f"{years[0].rstrip('年')}—{years[-1]}" if years else ""
    lines: list[str] = []
    if year is not None:
        row = next((r for r in rows if r[0] == f"{year}年"), None)
        if row is None:
            return Reply(f"当前方案为{span}，不含{year}年。", kind="plan_costs")
        lines.append(f"{year}年{label}：**{row[column]}**。")
        if not fund:
            lines.append(
                "其中"
                + "，".join(f"{FUND_NAMES[f]}{row[headers.index(FUND_NAMES[f])]}" for f in FUNDS)
                + "。"
            )
    else:
        total = rows[-1]
        lines.append(f"方案期（{span}）{label}：**{total[column]}**。")
        if not fund:
            lines.append(
                "其中"
                + "，".join(f"{FUND_NAMES[f]}{total[headers.index(FUND_NAMES[f])]}" for f in FUNDS)
                + "。"
            )
        if yearly or fund:
            lines.append("分年度：" + "；".join(f"{r[0]}{r[column]}" for r in rows[:-1]) + "。")
    if PRIVATE in headers and fund is None:  # the 举办者 share is not split by fund
        where = next((r for r in rows if r[0] == f"{year}年"), rows[-1]) if year else rows[-1]
        share = where[headers.index(PRIVATE)]
        if share.strip("0.万元"):
            lines.append(f"另有民办学校由举办者投入{share}，不计入公共财政。")
    lines.append("人员经费为新增教师自聘用当年起每年的工资；口径同方案附件资金测算表。")
    text = "\n".join(lines)
    if not drafted:
        text = "（还没有生成方案，以下按当前设置测算，生成方案后以方案为准）\n\n" + text
    return Reply(text, kind="plan_costs", tables=[Table(headers, rows, title="资金测算表")])
