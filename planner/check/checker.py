"""The invariants a 督导 reviewer checks before reading a plan's prose, each as a Chinese message.

- every number in the text and the tables is a computed fact (or a year, the date, a 文号);
- money adds up (``money``): the 资金测算表, the text's yearly totals, the 年度实施项目表's years;
  a yearly 建设资金 budget is never exceeded;
- whole projects (``projects``): no token construction; the text's works equal the annexes' (public
  and 民办 apart); a combined school's 拆分 is explained;
- targets the projection supports (``targets``): no 全部达标 by a year the plan projects failing
  schools in, no result promised that the 方案期末 value does not reach;
- a value next to a limit shows the digits that decide it (``wording``);
- 交流轮岗 as a yearly quota sized to the county, with a margin under the limit (``quota``);
- no contradiction inside the plan (``contradictions``): an estimate that is not the 年度实施项目表's, a
  "由A提高到" whose A is not the present value, work before the issue date, two times for the 自评;
- a 班额 task with a measure and a year, and no instrument that cannot move its indicator
  (``measures``);
- the layout (``layout``): no school-by-school list in 主要任务 beside the 年度实施项目表, no
  建设推进年 without work, no 教督〔2017〕6号 terms or obsolete 认定 in a 基本均衡 plan, no 责任分工表
  deadline before its work is done, no empty annex;
- no "均已达到" while the 差距清单 or the 待安排项目 list anything;
- no public money for a 民办 school, no 财政 body responsible for its work;
- one level's words only;
- no software words (工作区, 上传 …); and for the other documents the checks of
  ``planner.check.documents`` (their parts, repeated sentences, dates, 民办 work).
"""

from __future__ import annotations

import re

from planner.check import (
    contradictions,
    documents,
    judgment,
    layout,
    measures,
    money,
    projects,
    quota,
    targets,
    wording,
)
from planner.check.document import PlanDoc, Table, region_of
from planner.check.levels import foreign_words, level_of
from planner.check.parse import projects_table, unfunded_table

__all__ = ["check_doc"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CLAIMS = ("均已达到", "均已达标", "全部达到标准")


def check_doc(doc: PlanDoc, against: PlanDoc | None = None) -> list[str]:
    """Every problem found, one Chinese sentence each; [] when the plan passes. The money, project,
    target and quota checks apply to 实施方案 only; the other kinds (自评报告 …) have no 资金测算表.
    ``against``: the 实施方案 a document quotes (its finish months are checked against the plan's)."""
    plan = []
    if doc.kind == "plan":
        plan = [
            *money.sums(doc),
            *money.budget(doc),
            *money.unfunded(doc),
            *projects.token_projects(doc),
            *projects.annex_sums(doc),
            *projects.split_note(doc),
            *targets.targets(doc),
            *targets.promises(doc),
            *targets.margins(doc),
            *quota.quota(doc),
            *measures.class_size(doc),
            *contradictions.estimates(doc),
            *contradictions.present_values(doc),
            *contradictions.issue_date(doc),
            *contradictions.selfeval_times(doc),
            *judgment.checks(doc),
            *layout.school_lists(doc),
            *layout.idle_first_year(doc),
            *layout.basic_wording(doc),
            *layout.duty_deadlines(doc),
            *layout.empty_annexes(doc),
            *layout.street_words(doc),
            *layout.private_target(doc),
            *layout.exchange_term(doc),
        ]
    return [
        *_untraced(doc),
        *plan,
        *wording.value_vs_limit(doc),
        *measures.instruments(doc),
        *_claims(doc),
        *_private(doc),
        *_levels(doc),
        *documents.checks(doc, against),
    ]


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


def _claims(doc: PlanDoc) -> list[str]:
    gaps = doc.table("缺口") or doc.table("现值")
    open_gaps = _listed(gaps)
    unfunded = _listed(unfunded_table(doc))  # scheduled margin work is no open gap
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
    table = projects_table(doc)
    if table is not None:
        school, fund, unit = table.column("学校"), table.column("资金渠道"), table.column("牵头单位")
        for row in table.rows:
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
