"""How a plan is laid out, as a 督导 reviewer returns it: a county body that lists every school's projects
beside the 年度实施项目表 (the same list twice), a first year called 建设推进年 with nothing built, a
基本均衡 plan in 教督〔2017〕6号's terms or preparing for a 认定 that no longer exists, a 责任分工表
deadline before the work it names is done, an annex table with nothing in it."""

from __future__ import annotations

import re

from planner.check.document import PlanDoc, Table
from planner.check.parse import projects_table

__all__ = [
    "basic_wording",
    "duty_deadlines",
    "empty_annexes",
    "exchange_term",
    "idle_first_year",
    "private_target",
    "school_lists",
    "street_words",
]

LIST_MAX = 6
"""More schools than this named with their projects in one 主要任务 group is the annex's list again."""
_WORK_SECTIONS = ("改善校舍和运动场地条件", "补足教学仪器和信息化装备", "优化教师队伍配置")
_IDLE = ("本年度无须新开工", "本年度各类项目的实施时段已过")
_QUALITY_PARTS = re.compile(r"教督〔2012〕3号(政府保障程度|教育质量|社会认可度)第\d+项")
_BASIC = "教督〔2012〕3号"
_OBSOLETE = ("国家认定", "通过评估认定", "基本均衡发展督导评估认定的各项准备")
_GROUP_WORDS = {
    "改善校舍和运动场地条件": ("用房", "运动场地"),
    "补足教学仪器和信息化装备": ("仪器", "多媒体", "计算机", "图书"),
    "优化教师队伍配置": ("教师",),
}
_TRANSFER = re.compile(r"交流\d+人（\d+人到")
_ZERO = re.compile(r"0(?:\.0+)?(?:万元)?")
_DEADLINE = re.compile(r"(\d{4})年(?:(\d{1,2})月)?")


def school_lists(doc: PlanDoc) -> list[str]:
    """A work group of 主要任务 that names more schools with their projects than ``LIST_MAX``, while
    the 年度实施项目表 lists them all."""
    table = projects_table(doc)
    col = table.column("学校") if table is not None else None
    if col is None:
        return []
    schools = {re.sub(r"（(?:小学|初中|高中)部）$", "", r[col]) for r in table.rows if r[col]}
    out = []
    for section in _WORK_SECTIONS:
        text = "".join(p.text for p in doc.paragraphs if p.section == section)
        named = {s for s in schools if s and f"{s}：" in text}
        if len(named) > LIST_MAX:
            out.append(
                f"篇幅：“{section}”逐校列出{len(named)}所学校的项目，与年度实施项目表重复；正文写措施、总量和"
                "投资较大的项目，逐校清单只放在附件。"
            )
    return out


def idle_first_year(doc: PlanDoc) -> list[str]:
    """A year named 建设推进年 whose paragraph says nothing is built in it."""
    return [
        f"年度名称：“{p.section}”称“建设推进年”，但本年度没有开工项目，应按本年实际工作命名（如前期准备年）。"
        for p in doc.paragraphs
        if "“建设推进年”" in p.text and any(w in p.text for w in _IDLE)
    ]


def basic_wording(doc: PlanDoc) -> list[str]:
    """A 基本均衡 plan (under 教督〔2012〕3号) that numbers its items as 教督〔2017〕6号's parts, or that
    prepares for the 基本均衡 认定 (complete nationwide in 2022)."""
    if "基本均衡" not in doc.title:
        return []
    out = []
    for p in doc.paragraphs:
        m = _QUALITY_PARTS.search(p.text)
        if m:
            out.append(
                f"基本均衡用语：“{p.section}”写“{m.group(0)}”，{_BASIC}没有“{m.group(1)}”部分，"
                "应写其评估内容（县级人民政府推进工作、公众满意度）。"
            )
        found = next((w for w in _OBSOLETE if w in p.text and "优质均衡" not in p.text), None)
        if found:
            out.append(
                f"基本均衡用语：“{p.section}”写“{found}”，基本均衡督导评估认定已于2022年全部完成，"
                "方案应为巩固提升，或转向优质均衡。"
            )
    return out


def duty_deadlines(doc: PlanDoc) -> list[str]:
    """A 责任分工表 deadline earlier than the last month of the work it names in the 年度实施项目表."""
    duties = doc.table("任务", "完成时限")
    table = projects_table(doc)
    if duties is None or table is None:
        return []
    work, when = table.column("项目"), table.column("实施时间")
    task, limit = duties.column("任务"), duties.column("完成时限")
    if None in (work, when, task, limit):
        return []
    out = []
    for row in duties.rows:
        words = _GROUP_WORDS.get(row[task])
        deadline = _DEADLINE.match(row[limit])
        if not words or not deadline:
            continue
        due = (int(deadline.group(1)), int(deadline.group(2) or 12))
        ends = [_end(r[when]) for r in _rows(table) if any(w in r[work] for w in words)]
        latest = max((e for e in ends if e is not None), default=None)
        if latest is not None and latest > due:
            out.append(
                f"完成时限：责任分工表中“{row[task]}”的完成时限为{row[limit]}，但年度实施项目表中该类项目"
                f"{latest[0]}年{latest[1]}月才完成。"
            )
    return out


def _rows(table: Table) -> list[list[str]]:
    """The public projects' rows (a 民办 school's work has its own line in the 责任分工表)."""
    fund = table.column("资金渠道")
    return [
        r for r in table.rows if r and r[0] not in ("合计", "") and (fund is None or r[fund] != "举办者自筹")
    ]


def _end(cell: str) -> tuple[int, int] | None:
    """The (year, month) a 实施时间 cell ends: 2027年3月—2028年8月 → (2028, 8); 2027年6—8月 → (2027, 8)."""
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月?(?:—(?:(\d{4})年)?(\d{1,2})月)?", cell.strip())
    if not m:
        return None
    year = int(m.group(3) or m.group(1))
    return year, int(m.group(4) or m.group(2))


def empty_annexes(doc: PlanDoc) -> list[str]:
    """An annex table with no row of content (headers alone, or only dashes and zeros)."""
    out = []
    for t in doc.tables:
        cells = [c for r in t.rows if r and r[0] != "合计" for c in r[1:]]  # past the 序号 or 年度 label
        if t.headers and not any(
            c.strip() not in ("", "—") and not _ZERO.fullmatch(c.strip()) for c in cells
        ):
            out.append(f"空附件：附件“{t.title}”没有内容，应删去或写明理由。")
    return out


def street_words(doc: PlanDoc) -> list[str]:
    """街道 bodies given duties where the schools' table names no 街道 (a county of 乡 and 镇 only)."""
    towns = {r[c] for t in doc.tables if (c := t.column("乡镇")) is not None for r in t.rows}
    if not towns or any("街道" in t for t in towns):
        return []
    texts = [p.text for p in doc.paragraphs] + [c for t in doc.tables for r in t.rows for c in r]
    if not any("街道办事处" in x or "（街道）" in x for x in texts):
        return []
    return ["层级用语：学校所在乡镇中没有街道，方案却写“街道办事处”或“（街道）”，应只写乡镇人民政府。"]


def private_target(doc: PlanDoc) -> list[str]:
    """A 总体目标 that counts a 民办 school's result (its 举办者's money) without saying it is
    conditional: the government can commit public money only."""
    table = projects_table(doc)
    if table is None or (fund := table.column("资金渠道")) is None or (col := table.column("学校")) is None:
        return []
    private = {
        re.sub(r"（(?:小学|初中|高中)部）$", "", r[col])
        for r in table.rows
        if r[fund] == "举办者自筹" and r[col]
    }
    goal = "".join(p.text for p in doc.paragraphs if p.section == "总体目标")
    if private and "参评学校" in goal and "民办" not in goal:
        return [
            f"民办学校：总体目标把{'、'.join(sorted(private))}计入参评学校的达标结果，但其达标取决于举办者投入，"
            "应写明以举办者按期投入为前提。"
        ]
    return []


def exchange_term(doc: PlanDoc) -> list[str]:
    """Named transfers counted in a CV without the term that makes them count: at least a 学年 at the
    receiving school, in its statistics."""
    table = doc.table("派出学校", "接收学校")
    if table is None:
        return []
    sender = table.column("派出学校")
    named = [
        r for r in table.rows if r[0].isdigit() and not r[sender].startswith("各校") and r[sender] != "—"
    ]
    texts = [table.note, *(p.text for p in doc.paragraphs)]
    named += [t for t in texts if _TRANSFER.search(t)]  # 实验小学交流1人（1人到江南学校）
    if named and not any("学年" in t and "统计" in t for t in texts):
        return [
            "交流轮岗：附件列出按校交流的教师并计入差异系数测算，但未写交流期限不少于一个学年、"
            "交流期间计入接收学校的教育事业统计。"
        ]
    return []
