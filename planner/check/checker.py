"""The invariants a 督导 reviewer checks before reading a plan's prose, each as a Chinese message.

- every number in the text and the tables is a computed fact (or a year, the date, a 文号);
- the yearly totals in the text equal the 资金测算表, whose 合计 row sums its columns and equals the
  年度实施项目表's 合计 and the 经费 paragraph;
- a yearly 建设资金 budget is never exceeded in any table;
- no "均已达到" while the 差距清单 or the 待安排项目 list anything;
- no public money for a 民办 school, no 财政 body responsible for its work;
- one level's words only;
- no software words (工作区, 上传 …); and for the other documents the checks of
  ``planner.check.documents`` (their parts, repeated sentences, dates, 民办 work).
"""

from __future__ import annotations

import re
from collections import defaultdict

from planner.check import documents
from planner.check.document import PlanDoc, Table, region_of
from planner.check.levels import foreign_words, level_of

__all__ = ["check_doc"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WAN = re.compile(r"(\d+(?:\.\d+)?)万元")
_CLAIMS = ("均已达到", "均已达标", "全部达到标准")
_CENT = 0.005


def check_doc(doc: PlanDoc, plan: PlanDoc | None = None) -> list[str]:
    """Every problem found, one Chinese sentence each; [] when the plan passes. The money checks
    apply to 实施方案 only; the other kinds (自评报告 …) have no 资金测算表. ``plan``: the 实施方案 a
    document quotes (its deadlines are checked against the plan's 年度实施项目表)."""
    money = [*_sums(doc), *_budget(doc)] if doc.kind == "plan" else []
    return [
        *_untraced(doc),
        *money,
        *_claims(doc),
        *_private(doc),
        *_levels(doc),
        *documents.checks(doc, plan),
    ]


def _wan(cell: str) -> float | None:
    m = _WAN.search(cell)
    return float(m.group(1)) if m else None


def _untraced(doc: PlanDoc) -> list[str]:
    if doc.facts is None:
        return []
    allowed = set(doc.allowed)
    for display in doc.facts.values():
        allowed |= set(_NUMBER.findall(display))
    # school and 乡镇 names may hold digits (第3学校): they are names, not figures
    names = sorted(
        {
            r[c]
            for t in doc.tables
            for h in ("学校", "乡镇")
            if (c := t.column(h)) is not None
            for r in t.rows
        },
        key=len,
        reverse=True,
    )

    def unnamed(text: str) -> str:
        for name in names:
            if name and any(ch.isdigit() for ch in name):
                text = text.replace(name, "")
        return text

    out = []
    for p in doc.paragraphs:
        if p.fact_keys is None:
            continue  # typed by the user in a revision: not a drafted figure
        shown = set()
        for key in p.fact_keys:
            if key in doc.facts:
                shown |= set(_NUMBER.findall(doc.facts[key]))
            else:
                out.append(f"数字来源：段落“{p.text[:20]}…”引用的数据项 {key} 不存在。")
        text = re.sub(r"^(附件：)?\d+．", "", re.sub(r"附件\d+", "", unnamed(p.text)))
        stray = [n for n in _NUMBER.findall(text) if n not in shown and n not in doc.allowed]
        if stray:
            out.append(f"数字来源：“{p.section}”中的 {'、'.join(stray)} 无法追溯到计算结果。")
    for t in doc.tables:
        for row in t.rows:
            cells = row[1:] if t.headers[:1] == ["序号"] else row
            stray = [n for c in cells for n in _NUMBER.findall(unnamed(c)) if n not in allowed]
            if stray:
                out.append(f"数字来源：附件“{t.title}”中的 {'、'.join(stray)} 无法追溯到计算结果。")
    return out


def _funds(doc: PlanDoc) -> Table | None:
    return doc.table("年度", "建设资金", "合计")


def _projects(doc: PlanDoc) -> Table | None:
    return doc.table("实施时间", "估算投资", "资金渠道")


def _year(cell: str) -> str:
    """The start year of an 实施时间 cell (2026年3—12月 → 2026年)."""
    m = re.match(r"(\d{4})年", cell)
    return f"{m.group(1)}年" if m else cell


def _year_rows(funds: Table) -> dict[str, list[str]]:
    return {row[0]: row for row in funds.rows if row[0].endswith("年")}


def _sums(doc: PlanDoc) -> list[str]:
    funds = _funds(doc)
    if funds is None:
        return ["资金测算：方案没有资金测算表（分年度、分资金渠道的投入及合计）。"]
    out = []
    total_col = funds.column("合计")
    fund_cols = [
        funds.column(h) for h in ("建设资金", "人员经费", "培养培训经费") if funds.column(h) is not None
    ]
    years = _year_rows(funds)
    total_row = next((r for r in funds.rows if r[0] == "合计"), None)
    if total_row is None:
        return ["资金测算：资金测算表没有合计行。"]
    for label, row in [*years.items(), ("合计", total_row)]:
        parts = [_wan(row[c]) or 0.0 for c in fund_cols]
        total = _wan(row[total_col]) or 0.0
        if abs(sum(parts) - total) > _CENT * (len(parts) + 1):
            out.append(
                f"资金测算：资金测算表{label}各渠道之和为{sum(parts):.2f}万元，合计栏为{total:.2f}万元。"
            )
    for c in [*fund_cols, total_col]:
        column = sum(_wan(r[c]) or 0.0 for r in years.values())
        stated = _wan(total_row[c]) or 0.0
        if abs(column - stated) > _CENT * (len(years) + 1):
            out.append(
                f"资金测算：资金测算表“{funds.headers[c]}”各年之和为{column:.2f}万元，合计行为{stated:.2f}万元。"
            )
    for p in doc.paragraphs:
        m = re.match(r"(\d{4})年为“", p.text)
        if m:
            current = f"{m.group(1)}年"
        elif p.text.startswith("估算投入") and "current" in locals():
            stated = _wan(p.text)
            table = _wan(years.get(current, [""] * (total_col + 1))[total_col])
            if stated is not None and table is not None and abs(stated - table) > _CENT:
                out.append(f"资金测算：正文{current}估算投入{stated:.2f}万元，资金测算表为{table:.2f}万元。")
        if "财政资金估算投入" in p.text:
            stated = _wan(p.text.split("财政资金估算投入", 1)[1])
            table = _wan(total_row[total_col])
            if stated is not None and table is not None and abs(stated - table) > _CENT:
                out.append(f"资金测算：正文财政资金合计{stated:.2f}万元，资金测算表合计为{table:.2f}万元。")
    projects = _projects(doc)
    if projects is not None and projects.rows:
        out += _project_sums(projects, years, funds, total_row[total_col])
    return out


def _project_sums(projects: Table, years: dict[str, list[str]], funds: Table, total_cell: str) -> list[str]:
    out = []
    cost, fund, year = projects.column("估算投资"), projects.column("资金渠道"), projects.column("实施时间")
    build = defaultdict(float)
    public = 0.0
    for row in projects.rows:
        if row[0] in ("合计", ""):
            continue
        amount = _wan(row[cost]) or 0.0
        if row[fund] == "建设资金":
            build[_year(row[year])] += amount
        if row[fund] in ("建设资金", "人员经费", "培养培训经费"):
            public += amount
    col = funds.column("建设资金")
    for label, row in years.items():
        table = _wan(row[col]) or 0.0
        if abs(build[label] - table) > _CENT * (len(projects.rows) + 1):
            out.append(
                f"资金测算：年度实施项目表{label}建设资金项目合计{build[label]:.2f}万元，资金测算表为{table:.2f}万元。"
            )
    total = _wan(total_cell) or 0.0
    if abs(public - total) > _CENT * (len(projects.rows) + 1):
        out.append(
            f"资金测算：年度实施项目表财政资金项目合计{public:.2f}万元，资金测算表合计为{total:.2f}万元。"
        )
    stated = next((r for r in projects.rows if r[0] == "合计"), None)
    if stated is not None and abs((_wan(stated[cost]) or 0.0) - total) > _CENT:
        out.append(f"资金测算：年度实施项目表合计行{stated[cost]}，资金测算表合计为{total:.2f}万元。")
    return out


def _budget(doc: PlanDoc) -> list[str]:
    budget = doc.budget
    if budget is None:
        for p in doc.paragraphs:
            m = re.search(r"建设资金按每年(\d+(?:\.\d+)?)万元控制", p.text)
            if m:
                budget = float(m.group(1))
                break
    if budget is None:
        return []
    out = []
    funds = _funds(doc)
    if funds is not None:
        col = funds.column("建设资金")
        for label, row in _year_rows(funds).items():
            spent = _wan(row[col]) or 0.0
            if spent > budget + _CENT:
                out.append(f"年度预算：{label}建设资金{spent:.2f}万元，超过每年{budget:g}万元的预算。")
    projects = _projects(doc)
    if projects is not None:
        cost, fund, year = (
            projects.column("估算投资"),
            projects.column("资金渠道"),
            projects.column("实施时间"),
        )
        per_year = defaultdict(float)
        for row in projects.rows:
            if row[0] not in ("合计", "") and row[fund] == "建设资金":
                per_year[_year(row[year])] += _wan(row[cost]) or 0.0
        for label, spent in per_year.items():
            if spent > budget + _CENT * len(projects.rows):
                out.append(
                    f"年度预算：年度实施项目表{label}建设资金项目共{spent:.2f}万元，超过每年{budget:g}万元的预算。"
                )
    return out


def _claims(doc: PlanDoc) -> list[str]:
    gaps = doc.table("缺口") or doc.table("现值")
    open_gaps = _listed(gaps)
    projects = doc.table("序号", "学校", "项目", "数量", "估算投资")
    unfunded = any("待安排" in t.title and _listed(t) for t in doc.tables) or _listed(projects)
    if not open_gaps and not unfunded:
        return []
    out = []
    for p in doc.paragraphs:
        claim = next((c for c in _CLAIMS if c in p.text), None)
        if claim is not None:
            out.append(f"达标表述：“{p.section}”称“{claim}”，但差距清单或待安排项目中仍有未补齐的差距。")
    return out


def _listed(table: Table | None) -> bool:
    """Whether a table lists anything (an empty annex table is exported with one "—" row; a 合计 row
    alone lists nothing)."""
    if table is None:
        return False
    return any(
        row and row[0] != "合计" and any(c.strip() not in ("", "—") for c in row) for row in table.rows
    )


def _private(doc: PlanDoc) -> list[str]:
    private = {m.group(1) for p in doc.paragraphs for m in re.finditer(r"([^。；，：\s]+?)（民办）", p.text)}
    out = []
    projects = _projects(doc)
    if projects is not None:
        school, fund, unit = projects.column("学校"), projects.column("资金渠道"), projects.column("牵头单位")
        for row in projects.rows:
            if row[0] in ("合计", ""):
                continue
            # a combined school's part is listed as 育英学校（小学部）
            name = re.sub(r"（(?:小学|初中|高中)部）$", "", row[school])
            is_private = name in private or row[fund] == "举办者自筹"
            if is_private and row[fund] != "举办者自筹":
                out.append(f"民办学校：{row[school]}的项目列支{row[fund]}，民办学校达标应由举办者投入。")
            if is_private and unit is not None and "财政" in row[unit]:
                out.append(f"民办学校：{row[school]}的项目以{row[unit]}为责任单位，不应使用财政资金。")
    for p in doc.paragraphs:
        if "（民办）" in p.text and ("财政局" in p.text or "财政资金安排" in p.text):
            out.append(f"民办学校：“{p.text[:24]}…”由财政承担，民办学校达标应由举办者投入。")
    return out


def _levels(doc: PlanDoc) -> list[str]:
    region = doc.region or region_of(doc.title)
    if not region:
        return []
    level = level_of(region, doc.level)
    # the 主送机关 and the 抄送 line name other bodies (the city's 督导委员会) by design
    addressee = doc.paragraphs[0].text if doc.paragraphs and doc.paragraphs[0].text.endswith("：") else None
    texts = [
        doc.title,
        *(p.text for p in doc.paragraphs if p.text != addressee and not p.text.startswith("抄送：")),
        *(c for t in doc.tables for r in t.rows for c in r if not c.startswith("抄送：")),
    ]
    found = sorted({w for w in foreign_words(level) for t in texts if w in t})
    if not found:
        return []
    what = "文稿" if doc.kind == "document" else "方案"
    return [f"层级用语：{region}的{what}中出现了其他层级的用语：{'、'.join(found)}。"]
