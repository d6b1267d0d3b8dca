"""Checks of the cycle documents' task lists and dates, read from the text alone:

- an 迎评工作方案's dates for the inspection (its countdown's last day, the earliest it proposes) fall
  on a day schools can be visited: never 国庆节, a holiday or the school vacation;
- its countdown runs to the date the county chose, unless it says why not;
- its 动员部署 (where the 方案 is issued) starts soon after the day it is signed;
- every task it says cannot be finished in time is in its 逐校整改清单, at that school;
- a 工作总结's 下一年度工作重点 lists every school its 存在的问题 names as not passing; it carries the
  year's money, training and 交流轮岗 (or fields for them); a 民办 school's additions are its 举办者's;
- no part opens with "另有…" (it refers to nothing).
"""

from __future__ import annotations

import re
from datetime import date

from planner.check.document import PlanDoc

__all__ = [
    "countdown_dates",
    "dangling_parts",
    "late_tasks_listed",
    "mobilisation_date",
    "next_year_schools",
    "private_additions",
    "summary_inputs",
]

_DAY = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_INSPECTION = re.compile(r"接受评估阶段[（(]" + _DAY + r"[）)]")
_EARLIEST = re.compile(r"最早可在" + _DAY + r"以后迎接评估")
_REQUESTED = re.compile(_DAY + r"迎接评估，[^。]{0,6}尚不具备条件|为做好" + _DAY + r"迎接")
_MOBILISE = re.compile(r"动员部署阶段[（(]" + _DAY)
_SIGNED = re.compile(r"^" + _DAY + r"$")


def _day(groups) -> date:
    y, m, d = (int(g) for g in groups if g is not None)
    return date(y, m, d)


def _texts(doc: PlanDoc) -> list[str]:
    """Every paragraph and the section titles (a phase's dates are in its title)."""
    return [t for p in doc.paragraphs for t in (p.section, p.text)]


def _shown(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def countdown_dates(doc: PlanDoc) -> list[str]:
    """The inspection day of the countdown and the earliest date proposed are days schools can be
    visited; the countdown's day is the county's date unless the text says why it moved."""
    from planner.documents.school_calendar import day_off

    if doc.document != "inspection_plan":
        return []
    out = []
    texts = _texts(doc)
    countdown = next((_day(m.groups()) for t in texts for m in [_INSPECTION.search(t)] if m), None)
    earliest = [_day(m.groups()) for t in texts for m in _EARLIEST.finditer(t)]
    for d, what in [(countdown, "评估日期"), *((e, "建议的最早评估日期") for e in earliest)]:
        if d is None:
            continue
        reason = day_off(d, weekends=what != "评估日期")
        if reason is not None:
            out.append(f"{what}：{_shown(d)}为{reason}，学校不上课，评估组无法进校核查。")
    requested = next((_day(m.groups()) for t in texts for m in [_REQUESTED.search(t)] if m), None)
    if countdown is not None and requested is not None and countdown != requested:
        explained = any("倒排" in t and _shown(countdown) in t for t in texts)
        if not explained:
            out.append(
                f"工作步骤：评估日期为{_shown(requested)}，工作步骤却按{_shown(countdown)}倒排，未说明原因。"
            )
    return list(dict.fromkeys(out))


_MOBILISE_WEEKS = 8
"""An 迎评方案 is issued when it is signed: its 动员部署 starts within a couple of months."""


def mobilisation_date(doc: PlanDoc) -> list[str]:
    if doc.document != "inspection_plan":
        return []
    signed = next(
        (_day(m.groups()) for p in reversed(doc.paragraphs) for m in [_SIGNED.match(p.text)] if m), None
    )
    start = next((_day(m.groups()) for t in _texts(doc) for m in [_MOBILISE.search(t)] if m), None)
    if signed is None or start is None or (start - signed).days <= _MOBILISE_WEEKS * 7:
        return []
    return [
        f"工作步骤：方案成文于{_shown(signed)}，动员部署（印发本方案）却从{_shown(start)}开始，"
        f"相隔{(start - signed).days // 7}周。"
    ]


_LATE = re.compile(r"整改任务不能完成：(.+?)(?:等（|。)")
_TASK_HEAD = re.compile(r"^(?:\d+．)?([^：（。]+)[：（]")


def _rectification(doc: PlanDoc) -> dict[str, str]:
    """School → its 逐校整改清单 paragraph."""
    out = {}
    for p in doc.paragraphs:
        if "整改清单" in p.section:
            m = _TASK_HEAD.match(p.text)
            if m:
                out[m.group(1)] = p.text
    return out


def _work_name(item: str) -> str:
    """The work's words in "朝阳学校初中部培养认定县级及以上骨干教师1人（…）" after the school: up to
    the first figure (小学部/初中部 dropped)."""
    words = re.split(r"[\d（(]", item, maxsplit=1)[0]
    return re.sub(r"^(小学部|初中部)", "", words)


def late_tasks_listed(doc: PlanDoc) -> list[str]:
    """Each task the 迎评方案 says cannot be finished in time is in its 逐校整改清单, at that school."""
    if doc.document != "inspection_plan":
        return []
    schools = _rectification(doc)
    out = []
    for p in doc.paragraphs:
        m = _LATE.search(p.text)
        if not m:
            continue
        for item in m.group(1).split("；"):
            school = max((s for s in schools if item.startswith(s)), key=len, default=None)
            if school is None:
                out.append(f"任务清单：“{item[:30]}”不在逐校整改清单中。")
                continue
            work = _work_name(item[len(school) :])
            if work and work not in schools[school]:
                out.append(f"任务清单：“{item[:30]}”与逐校整改清单中{school}的整改任务不一致。")
    return out


_FAILING = re.compile(r"^(.+?)仍未达到学校达标要求")


def next_year_schools(doc: PlanDoc) -> list[str]:
    """A 工作总结's 下一年度工作重点 names every school its 存在的问题 says does not pass."""
    if doc.document != "work_summary":
        return []
    failing = [
        m.group(1) for p in doc.paragraphs if "存在的问题" in p.section for m in [_FAILING.match(p.text)] if m
    ]
    focus = "".join(p.text for p in doc.paragraphs if "下一年度" in p.section)
    return [f"下一年度工作重点：未列仍未达标的{name}。" for name in failing if name not in focus]


def summary_inputs(doc: PlanDoc) -> list[str]:
    """A 工作总结 says what the statistics cannot: the year's money, training and 交流轮岗 (figures or
    fields to fill)."""
    if doc.document != "work_summary":
        return []
    text = "".join(p.text for p in doc.paragraphs)
    missing = [w for w in ("投入", "培训", "交流轮岗") if w not in text]
    if not missing:
        return []
    return [f"工作总结：没有写{'、'.join(missing)}（统计数据反映不了的事项应填写或留填报栏）。"]


_ADDED = re.compile(r"[^。；]*民办[^。；]*\d[\d.]*(?:平方米|万元|人|间)[^。；]*")


def private_additions(doc: PlanDoc) -> list[str]:
    """A 工作总结 reports a 民办 school's new rooms, equipment or teachers as its 举办者's, not as the
    government's work."""
    if doc.document != "work_summary":
        return []
    out = []
    for p in doc.paragraphs:
        if "主要工作" not in p.section and "改善办学条件" not in p.section and "教师队伍" not in p.section:
            continue
        for m in _ADDED.finditer(p.text):
            if "举办者" not in m.group(0):
                out.append(f"民办学校：“{m.group(0)[:30]}…”写成政府的工作，应注明由学校举办者投入。")
    return out


def dangling_parts(doc: PlanDoc) -> list[str]:
    """No part opens with "另有…": it refers to a list the part does not have."""
    if doc.kind != "document":
        return []
    out, seen = [], set()
    for p in doc.paragraphs:
        if p.section in seen or (p.section and p.text.endswith(p.section)):  # a Word file's heading
            continue
        seen.add(p.section)
        if p.text.startswith("另有"):
            out.append(f"结构：“{p.section}”以“{p.text[:12]}…”开头，前面没有交代所指的内容。")
    return out
