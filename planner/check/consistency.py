"""What a 督导 reviewer finds by setting a document's sentences against its own tables and against the
实施方案 it quotes (review round 1):

- a verdict sentence ("已达到/已满足学校达标要求") true of every school it names or refers to;
- a 民办 school's work never on 财政 (the school known from the document's own （民办） marks);
- a 九年一贯制 school's 班额 judged for each 学段 against its own limit, and a school the text says
  has an average class over the limit not marked 符合 in the table;
- an 迎评工作方案's "时间可行" only when no item is left unverified and not before the plan's own 自评;
- the 自评 year a document names is the plan's.
"""

from __future__ import annotations

import re

from planner.check.document import PlanDoc

__all__ = ["combined_class_limits", "feasible_claims", "private_money", "self_check_years", "verdicts"]

_SENTENCE = re.compile(r"[^。；]+[。；]?")
_PASSED = re.compile(r"已(?:达到|满足)学校达标要求")


def _schools(doc: PlanDoc) -> list[str]:
    """Every school the document's tables name (without （民办） or a part's （小学部）), longest first."""
    names = set()
    for t in doc.tables:
        c = t.column("学校")
        if c is None:
            continue
        for r in t.rows:
            if c < len(r) and r[c].strip():
                names.add(re.sub(r"（(?:民办|小学部|初中部)）", "", r[c]).strip())
    return sorted((n for n in names if n not in ("合计", "标准值")), key=len, reverse=True)


def _named(text: str, schools: list[str]) -> list[str]:
    found = []
    for n in schools:
        if n in text and not any(n in f for f in found):
            found.append(n)
    return found


def _failing(doc: PlanDoc) -> set[str]:
    """The schools the document itself says fail the school standard (a 结论 of 未达标)."""
    out = set()
    for t in doc.tables:
        c, v = t.column("学校"), t.column("结论")
        if c is None or v is None:
            continue
        for r in t.rows:
            if v < len(r) and r[v].strip() == "未达标":
                out.add(re.sub(r"（(?:民办|小学部|初中部)）", "", r[c]).strip())
    for p in doc.paragraphs:
        out |= {m for m in re.findall(r"([^\s，。；：、（）]+?)（民办）?未达到学校达标要求", p.text)}
    return out


def _below(doc: PlanDoc, stage: str, indicator: str, rest: bool = False) -> list[str]:
    """The schools a 差距 table lists below the standard on one indicator of one 学段 (``rest``: only
    those the plan does not lift on it, their 方案期末 value the present one)."""
    t = doc.table("学校", "指标（简称）", "现值")
    if t is None:
        return []
    c, s, i = t.column("学校"), t.column("学段"), t.column("指标（简称）")
    now, end = t.column("现值"), t.column("方案期末")
    return [
        re.sub(r"（(?:民办|小学部|初中部)）", "", r[c]).strip()
        for r in t.rows
        if i < len(r)
        and r[i]
        and r[i] in indicator
        and (s is None or r[s] == stage)
        and not (rest and end is not None and r[end] != r[now])
    ]


def _waiting(doc: PlanDoc) -> set[str]:
    """The schools with a project in the plan's 待安排项目 list."""
    from planner.check.parse import unfunded_table

    t = unfunded_table(doc)
    c = t.column("学校") if t is not None else None
    if c is None:
        return set()
    return {re.sub(r"（(?:民办|小学部|初中部)）", "", r[c]).strip() for r in t.rows if c < len(r)}


def verdicts(doc: PlanDoc) -> list[str]:
    """ "已达到/已满足学校达标要求" is true of every school it names, and of the schools "相关学校" /
    "其余学校" refer to (those below the standard on the indicator, less those with a project)."""
    failing = _failing(doc)
    if not failing:
        return []
    schools = _schools(doc)
    out = []
    for p in doc.paragraphs:
        for sentence in _SENTENCE.findall(p.text):
            if not _PASSED.search(sentence):
                continue
            named = [n for n in _named(sentence, schools) if n in failing]
            if not named and re.search(r"(相关|其余)学校已(?:达到|满足)", sentence):
                head = re.match(r"^(?:\d+．)?(小学|初中)?([^：]+)：", p.text)
                if head:
                    stage, indicator = head.group(1) or "", head.group(2)
                    below = _below(doc, stage, indicator, rest="其余" in sentence)
                    if "其余" in sentence:  # a project left unfunded (待安排) is still "列入本方案项目"
                        below = [b for b in below if b not in _waiting(doc)]
                    named = [b for b in below if b in failing]
            if named:
                out.append(
                    f"结论失实：“{sentence[:40]}…”，但{'、'.join(dict.fromkeys(named))}未达到学校达标要求。"
                )
    return list(dict.fromkeys(out))


def _private_schools(doc: PlanDoc) -> set[str]:
    """The schools the document marks 民办: （民办） in a table or after a name, 民办N所（…）."""
    out = set()
    for t in doc.tables:
        for r in t.rows:
            for cell in r:
                m = re.fullmatch(r"(.+?)（民办）", cell.strip())
                if m:
                    out.add(m.group(1))
    for p in doc.paragraphs:
        for group in re.findall(r"民办\d+所（([^）]+)）", p.text):
            out |= set(group.split("、"))
    return out


def private_money(doc: PlanDoc) -> list[str]:
    """A paragraph whose only schools are 民办 names no 财政 body as 责任单位 (their work is the
    举办者's, with its own money)."""
    private = _private_schools(doc)
    if not private:
        return []
    schools = sorted(set(_schools(doc)) | private, key=len, reverse=True)
    out = []
    for p in doc.paragraphs:
        units = "".join(re.findall(r"〔责任单位：([^〕]*)〕", p.text))
        if "财政" not in units:
            continue
        named = _named(re.sub(r"〔责任单位：[^〕]*〕", "", p.text), schools)
        if named and all(n in private for n in named):
            out.append(
                f"民办学校：“{p.text[:30]}…”只涉及民办学校（{'、'.join(named)}），责任单位却有财政部门；"
                "民办学校由举办者投入，不使用财政资金。"
            )
    return out


def combined_class_limits(doc: PlanDoc) -> list[str]:
    """A 九年一贯制 school's 班额 judged against one limit (the 初中's 50 for its 小学部 too), and a
    school the text names with an average class over its limit that the table marks 符合."""
    t = doc.table("学校", "班额上限（人）")
    if t is None:
        return []
    c, limit, verdict = t.column("学校"), t.column("班额上限（人）"), t.column("结论")
    parts = {
        m.group(1)
        for t in doc.tables
        for r in t.rows
        for cell in r
        if (m := re.fullmatch(r"(.+)（[小初][学中]部）", cell))
    }
    out = []
    over = set()
    for p in doc.paragraphs:
        over |= set(re.findall(r"([^\s，。；：、（）]+?)（(?:小学|初中)平均班额[\d.]+人，标准不超过", p.text))
        for names in re.findall(r"(?:小学|初中)平均班额超过\d+人的有([^；）。]+)", p.text):
            over |= set(names.split("、"))
    for r in t.rows:
        name = r[c]
        if ("一贯制" in name or name in parts) and "/" not in r[limit] and r[limit].strip() not in ("", "—"):
            out.append(
                f"班额：{name}的班额上限只写{r[limit]}人，一贯制学校的小学部、初中部应分别按各自的上限核查。"
            )
        if name in over and verdict is not None and r[verdict] == "符合":
            out.append(f"班额：正文称{name}的平均班额超过上限，核查表却判为“符合”。")
    return out


_FEASIBLE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日迎接评估的时间可行")
_SELF_CHECK = re.compile(r"(\d{4})年为“[^”]+”[^“]*?(\d{1,2})—(\d{1,2})月完成([县区市镇乡]级自[评查])")


def plan_self_check(plan: PlanDoc) -> tuple[int, int, str] | None:
    """The plan's 自评: (year, last month, its name) from its last year's step."""
    for p in plan.paragraphs:
        m = _SELF_CHECK.search(p.text)
        if m:
            return int(m.group(1)), int(m.group(3)), m.group(4)
    return None


def feasible_claims(doc: PlanDoc, plan: PlanDoc | None) -> list[str]:
    """ "时间可行" only when no item is left unverified (in the document or the plan) and not before
    the plan's own 自评."""
    if doc.document != "inspection_plan":
        return []
    claims = [
        (int(y), int(m), f"{y}年{m}月{d}日") for p in doc.paragraphs for y, m, d in _FEASIBLE.findall(p.text)
    ]
    if not claims:
        return []
    out = []
    if any("尚未核实" in p.text or "早于实施方案安排的" in p.text for p in doc.paragraphs):
        out.append("时间安排：方案称评估时间可行，但同时列有尚未核实的评估项目或早于实施方案的自评安排。")
    if plan is not None:
        pending = sum(p.text.count("现状：〔待填报") for p in plan.paragraphs)
        items = plan.table("项目", "现状")  # the plan's 评估项目对照表 holds the placeholders, once each
        if items is not None and not pending:
            pending = sum(1 for r in items.rows if "〔待填报" in r[items.column("现状")])
        if pending:
            out.append(
                f"时间安排：方案称评估时间可行，但所依据的实施方案中还有{pending}项现状待填报，尚未核实是否达到要求。"
            )
        step = plan_self_check(plan)
        if step is not None:
            year, month, name = step
            for y, m, said in claims:
                if (y, m) <= (year, month):
                    out.append(
                        f"时间安排：方案称{said}可以迎接评估，但实施方案安排{year}年{month}月前才完成{name}。"
                    )
    return list(dict.fromkeys(out))


def self_check_years(doc: PlanDoc, plan: PlanDoc) -> list[str]:
    """Every "……年县级自评前" a document names is in the plan's 自评 year."""
    step = plan_self_check(plan)
    if step is None or doc.kind != "document":
        return []
    year, _, name = step
    said = {int(y) for p in doc.paragraphs for y in re.findall(rf"(\d{{4}})年{name}", p.text)}
    return [
        f"自评时间：文中“{y}年{name}”与实施方案安排的{year}年{name}不一致。" for y in sorted(said - {year})
    ]
