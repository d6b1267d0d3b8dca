"""A plan that contradicts itself: an estimate in the text that is not the 年度实施项目表's, a "由A提高到"
whose A is not the 差距清单's present value, first-year work dated before the plan is issued, and two
different times for the 自评 (上半年 in the targets, 7—9月 in the steps)."""

from __future__ import annotations

import re

from planner.check.document import PlanDoc
from planner.check.parse import money, number, projects_table

__all__ = ["estimates", "issue_date", "present_values", "selfeval_times"]

_ESTIMATE = re.compile(r"估算(\d+(?:\.\d+)?)万元")
_PRIVATE_LEAD = re.compile(r"^[\d．.\s*]*([^：:（]+?)（民办）")
_LIFT = re.compile(r"([^、，；：]*?)由(\d+(?:\.\d+)?)(?:平方米|㎡|元|人|间)提高到")
_DATE_LINE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_START = re.compile(r"(\d{4})年(\d{1,2})(?:月|—)")
_HALF = re.compile(r"(\d{4})年(上|下)半年完成[^，。；]*自评")
_MONTHS = re.compile(r"(\d{1,2})—(\d{1,2})月完成[^，。；]*自评")
_YEAR_STEP = re.compile(r"(\d{4})年为“")


def estimates(doc: PlanDoc) -> list[str]:
    """A 民办 school's paragraph whose 估算 is not the sum of its rows in the 年度实施项目表."""
    table = projects_table(doc)
    if table is None:
        return []
    school_col, work_col, total_col = table.column("学校"), table.column("项目"), table.column("合计")
    if None in (school_col, work_col, total_col):
        return []
    out = []
    for p in doc.paragraphs:
        lead, said = _PRIVATE_LEAD.match(p.text), _ESTIMATE.search(p.text)
        if not lead or not said:
            continue
        school = lead.group(1).strip("*")
        rows = [r for r in table.rows if r[school_col] == school and r[work_col] in p.text]
        amounts = [money(r[total_col]) for r in rows]
        if not rows or None in amounts:
            continue
        total = sum(a for a in amounts if a is not None)
        if abs(total - float(said.group(1))) > 0.005:
            out.append(
                f"估算不一致：“{p.section}”写{school}“估算{said.group(1)}万元”，"
                f"而年度实施项目表中该校相应项目合计{total:.2f}万元。"
            )
    return out


def present_values(doc: PlanDoc) -> list[str]:
    """ "SCHOOL：…使X由A提高到B" where A is not the school's present value in the 差距清单."""
    table = doc.table("学校", "指标（简称）", "现值")
    if table is None:
        return []
    sc, ic, vc = table.column("学校"), table.column("指标（简称）"), table.column("现值")
    stage_col = table.column("学段")
    out = []
    for p in doc.paragraphs:
        for part in re.split(r"[；。]", p.text):
            if "：" not in part:
                continue
            school = re.sub(r"^.*[。）】]", "", part.split("：")[0]).strip("* ")
            school = re.sub(r"^[\d．.]+", "", school)
            rows = [r for r in table.rows if r[sc] == school]
            for phrase, said in _LIFT.findall(part):
                stage = "初中" if "初中部" in phrase else "小学" if "小学部" in phrase else None
                found = [
                    r
                    for r in rows
                    if r[ic]
                    and r[ic] in phrase
                    and (stage is None or stage_col is None or r[stage_col] == stage)
                ]
                if len(found) != 1:
                    continue
                present = number(found[0][vc])
                if present is not None and abs(present - float(said)) > 0.005:
                    out.append(
                        f"现值不符：“{p.section}”写{school}{found[0][ic]}“由{said}”提高，"
                        f"差距清单中该校现值为{found[0][vc]}。"
                    )
    return out


def issue_date(doc: PlanDoc) -> list[str]:
    """Work the 年度实施项目表 starts before the month the plan is issued (落款)."""
    dates = [m for p in doc.paragraphs if (m := _DATE_LINE.fullmatch(p.text.strip()))]
    table = projects_table(doc)
    if not dates or table is None or table.column("实施时间") is None:
        return []
    issued = (int(dates[-1].group(1)), int(dates[-1].group(2)))
    col = table.column("实施时间")
    early = []
    for r in table.rows:
        m = _START.match(r[col])
        if m and (int(m.group(1)), int(m.group(2))) < issued:
            early.append(r[col])
    if not early:
        return []
    return [
        f"日期矛盾：方案成文日期为{issued[0]}年{issued[1]}月，年度实施项目表中{len(early)}项在此之前开始"
        f"（最早为{min(early)}），起始年度的工作须顺延或调整起始年份。"
    ]


def selfeval_times(doc: PlanDoc) -> list[str]:
    """The 自评 put in 上半年 in one place and in months of the other half in another."""
    halves: dict[str, set[str]] = {}
    months: dict[str, set[tuple[int, int]]] = {}
    for p in doc.paragraphs:
        for year, half in _HALF.findall(p.text):
            halves.setdefault(year, set()).add(half)
        step = _YEAR_STEP.search(p.text)
        if step:
            for a, b in _MONTHS.findall(p.text):
                months.setdefault(step.group(1), set()).add((int(a), int(b)))
    out = []
    for year, said in halves.items():
        for a, b in sorted(months.get(year, ())):
            in_first = b <= 6
            if ("上" in said and not in_first) or ("下" in said and in_first):
                half = "上半年" if "上" in said else "下半年"
                out.append(f"日期矛盾：自评时间一处为{year}年{half}，一处为{year}年{a}—{b}月，须统一。")
    return out
