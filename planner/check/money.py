"""Money that adds up: the 资金测算表 sums its columns and rows; each year's total in the text and the
经费 paragraph equal it; the 年度实施项目表's yearly columns add up to it (public rows only) and each
row's years to its 合计; a yearly 建设资金 budget is never exceeded."""

from __future__ import annotations

import re
from collections import defaultdict

from planner.check.document import PlanDoc, Table
from planner.check.parse import (
    funds_table,
    is_private,
    money,
    projects_table,
    start_year,
    unfunded_table,
    wan,
)

__all__ = ["budget", "sums", "unfunded"]

_CENT = 0.005
_FUNDS = ("建设资金", "人员经费", "培养培训经费")


def _year_rows(funds: Table) -> dict[str, list[str]]:
    return {row[0]: row for row in funds.rows if row[0].endswith("年")}


def sums(doc: PlanDoc) -> list[str]:
    funds = funds_table(doc)
    if funds is None and "不新增财政建设投入" in "".join(p.text for p in doc.paragraphs):
        return []  # nothing to build, buy or hire: neither table, and the text says so
    if funds is None:
        return ["资金测算：方案没有资金测算表（分年度、分资金渠道的投入及合计）。"]
    total_row = next((r for r in funds.rows if r[0] == "合计"), None)
    if total_row is None:
        return ["资金测算：资金测算表没有合计行。"]
    out = _table(funds, total_row) + _text(doc, funds, total_row)
    projects = projects_table(doc)
    if projects is not None and projects.rows:
        out += _projects(projects, funds, total_row)
    return out


def _table(funds: Table, total_row: list[str]) -> list[str]:
    out = []
    total_col = funds.column("合计")
    cols = [c for h in _FUNDS if (c := funds.column(h)) is not None]
    years = _year_rows(funds)
    for label, row in [*years.items(), ("合计", total_row)]:
        parts = [wan(row[c]) or 0.0 for c in cols]
        total = wan(row[total_col]) or 0.0
        if abs(sum(parts) - total) > _CENT * (len(parts) + 1):
            out.append(
                f"资金测算：资金测算表{label}各渠道之和为{sum(parts):.2f}万元，合计栏为{total:.2f}万元。"
            )
    for c in [*cols, total_col]:
        column = sum(wan(r[c]) or 0.0 for r in years.values())
        stated = wan(total_row[c]) or 0.0
        if abs(column - stated) > _CENT * (len(years) + 1):
            head = funds.headers[c]
            out.append(f"资金测算：资金测算表“{head}”各年之和为{column:.2f}万元，合计行为{stated:.2f}万元。")
    return out


def _text(doc: PlanDoc, funds: Table, total_row: list[str]) -> list[str]:
    """The yearly 估算投入 in 实施步骤 and the 经费 paragraph's total equal the table."""
    out = []
    total_col = funds.column("合计")
    years = _year_rows(funds)
    current = None
    for p in doc.paragraphs:
        m = re.match(r"(\d{4})年为“", p.text)
        if m:
            current = f"{m.group(1)}年"
        elif p.text.startswith("估算投入") and current is not None:
            stated = wan(p.text)
            table = wan(years.get(current, [""] * (total_col + 1))[total_col])
            if stated is not None and table is not None and abs(stated - table) > _CENT:
                out.append(f"资金测算：正文{current}估算投入{stated:.2f}万元，资金测算表为{table:.2f}万元。")
        if "财政资金估算投入" in p.text:
            stated = wan(p.text.split("财政资金估算投入", 1)[1])
            table = wan(total_row[total_col])
            if stated is not None and table is not None and abs(stated - table) > _CENT:
                out.append(f"资金测算：正文财政资金合计{stated:.2f}万元，资金测算表合计为{table:.2f}万元。")
    return out


def _projects(projects: Table, funds: Table, total_row: list[str]) -> list[str]:
    """Yearly columns of the 年度实施项目表 against the 资金测算表 (public rows); the older layout
    (one 估算投资 per row, counted in its start year) is read too."""
    out = []
    fund_col, total_col = projects.column("资金渠道"), projects.column("合计") or projects.column("估算投资")
    year_cols = {h: i for i, h in enumerate(projects.headers) if re.fullmatch(r"\d{4}年", h)}
    build: dict[str, float] = defaultdict(float)
    public: dict[str, float] = defaultdict(float)
    rows = [r for r in projects.rows if r[0] not in ("合计", "")]
    for row in rows:
        if is_private(projects, row):
            continue
        if year_cols:
            paid = {y: money(row[c]) or 0.0 for y, c in year_cols.items()}
            stated = money(row[total_col]) if total_col is not None else None
            if stated is not None and abs(sum(paid.values()) - stated) > _CENT * (len(paid) + 1):
                out.append(
                    f"资金测算：年度实施项目表第{row[0]}项各年度之和为{sum(paid.values()):.2f}万元，合计栏为{stated:.2f}万元。"
                )
        else:
            year = start_year(row[projects.column("实施时间")])
            paid = {year: wan(row[total_col]) or 0.0} if total_col is not None else {}
        for year, amount in paid.items():
            public[year] += amount
            if row[fund_col] == "建设资金":
                build[year] += amount
    years = _year_rows(funds)
    build_col, all_col = funds.column("建设资金"), funds.column("合计")
    tolerance = _CENT * (len(rows) + 1)
    for label, row in years.items():
        table = wan(row[build_col]) or 0.0
        if abs(build[label] - table) > tolerance:
            out.append(
                f"资金测算：年度实施项目表{label}建设资金项目合计{build[label]:.2f}万元，资金测算表为{table:.2f}万元。"
            )
        if year_cols:
            table = wan(row[all_col]) or 0.0
            if abs(public[label] - table) > tolerance:
                out.append(
                    f"资金测算：年度实施项目表{label}财政资金合计{public[label]:.2f}万元，资金测算表为{table:.2f}万元。"
                )
    total = wan(total_row[all_col]) or 0.0
    if abs(sum(public.values()) - total) > tolerance:
        out.append(
            f"资金测算：年度实施项目表财政资金项目合计{sum(public.values()):.2f}万元，资金测算表合计为{total:.2f}万元。"
        )
    return out


def _cap(doc: PlanDoc) -> float | None:
    """The yearly 建设资金 budget: the plan's setting, else its 经费保障 sentence."""
    if doc.budget is not None:
        return doc.budget
    for p in doc.paragraphs:
        m = re.search(r"建设资金按每年(\d+(?:\.\d+)?)万元控制", p.text)
        if m:
            return float(m.group(1))
    return None


def budget(doc: PlanDoc) -> list[str]:
    """No year's 建设资金 over the yearly budget, in either table."""
    cap = _cap(doc)
    if cap is None:
        return []
    out = []
    funds = funds_table(doc)
    if funds is not None:
        col = funds.column("建设资金")
        for label, row in _year_rows(funds).items():
            spent = wan(row[col]) or 0.0
            if spent > cap + _CENT:
                out.append(f"年度预算：{label}建设资金{spent:.2f}万元，超过每年{cap:g}万元的预算。")
    projects = projects_table(doc)
    if projects is None:
        return out
    fund = projects.column("资金渠道")
    year_cols = {h: i for i, h in enumerate(projects.headers) if re.fullmatch(r"\d{4}年", h)}
    per_year: dict[str, float] = defaultdict(float)
    for row in projects.rows:
        if row[0] in ("合计", "") or row[fund] != "建设资金":
            continue
        if year_cols:
            for year, c in year_cols.items():
                per_year[year] += money(row[c]) or 0.0
        else:
            cost = projects.column("估算投资")
            per_year[start_year(row[projects.column("实施时间")])] += wan(row[cost]) or 0.0
    for label, spent in per_year.items():
        if spent > cap + _CENT * len(projects.rows):
            out.append(
                f"年度预算：年度实施项目表{label}建设资金项目共{spent:.2f}万元，超过每年{cap:g}万元的预算。"
            )
    return out


_QUEUE = re.compile(r"最早(?:可于|于)?(\d{4})年")


def unfunded(doc: PlanDoc) -> list[str]:
    """Work left unfunded is a decision for the government, not a queue of years after the plan
    ("最早可于2039年安排"); and "单项超过年度资金" only for a project whose whole cost is over the cap."""
    out = []
    for p in doc.paragraphs:
        for year in _QUEUE.findall(p.text):
            out.append(
                f"方案期外排队：“{p.section}”把未安排的项目排到{year}年；应写明所需资金和解决途径，"
                "提请政府决策，而不是按现有资金排到方案期以后。"
            )
    table = unfunded_table(doc)
    if table is None:
        return list(dict.fromkeys(out))
    if table.column("最早可安排年度") is not None:
        out.append("方案期外排队：待安排项目清单按“最早可安排年度”排到方案期以后。")
    cap = _cap(doc)
    cost = table.column("估算投资")
    if cap is not None and cost is not None:
        for row in table.rows:
            label = " ".join(row)
            value = money(row[cost])
            if "单项超过年度资金" in label and value is not None and value <= cap + _CENT:
                out.append(
                    f"错误标注：{row[1]}{row[2]}估算{row[cost]}，不超过每年建设资金{cap:g}万元，"
                    "却标注“单项超过年度资金”。"
                )
    return list(dict.fromkeys(out))
