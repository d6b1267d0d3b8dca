"""The arguments of the plan's tools read from a message: the region, years and level of a draft, the
part and topic of a revision, the fund and year of a money question, the aspect of a plan question.
Read as the chat always read them; the region is the 乡镇 the data names when one is named."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from planner.chat.entities import vocabulary
from planner.chat.grammar import start_of
from planner.chat.reading import Reading
from planner.chat.slots import unit_of
from planner.documents import kind_of
from planner.numerals import parse_number

__all__ = [
    "cost_arguments",
    "draft_arguments",
    "level_of",
    "plan_arguments",
    "revise_arguments",
]


def _region(text: str) -> str | None:
    """The place a draft is for, with the verbs around it left out (帮我出个石桥镇的方案 → 石桥镇)."""
    stripped = re.sub(
        r"帮我|给我|^[帮给为替]|请|麻烦|一份|一个|一下|的|生成|起草|制定|编制|撰写|[写出做弄搞来整拟]一?[个份篇]|写|拟定?|[出做弄搞]",
        "",
        text,
    )
    stripped = re.sub(r"20\d\d\D{0,2}20\d\d", " ", stripped)
    m = re.search(r"([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡|区|县|市))", stripped)
    if not m or m.group(1) in (
        "全镇",
        "全区",
        "全县",
        "本镇",
        "本区",
        "本县",
        "区县",
        "乡镇",
        "我县",
        "我区",
        "我镇",
    ):
        return None
    return m.group(1)


def level_of(text: str) -> str | None:
    if re.search(r"县级市", text):
        return "city"
    if re.search(r"县级(?!及以上|以上)|全县|县方案", text):
        return "county"
    if re.search(r"区县|区级|全区|区方案", text):
        return "district"
    if re.search(r"镇级|乡级|全镇|镇方案|乡镇方案", text):
        return "town"
    return None


def draft_arguments(r: Reading) -> dict[str, Any]:
    e = r.entities
    start = e.years[0] if e.years else None
    years = e.years[1] - e.years[0] + 1 if len(e.years) >= 2 and e.years[1] >= e.years[0] else e.duration
    said = start_of(r.text)  # 从2026年9月开始: the month too
    if said is not None and said[0] is not None:
        start = said[0]
    return {
        "region": r.towns[0] if len(r.towns) == 1 else _region(e.text),
        "start_month": said[1] if said is not None else None,
        "start_year": start,
        "years": years,
        "level": level_of(r.rest),
        "standard": e.standard,
    }


def _topic(text: str, section: str) -> str:
    m = re.search(r"(?:关于|有关)(.+?)(?:的)?(?:内容|任务|措施|工作|段落|要求|条目)?[。.！!]?$", text)
    if not m:
        m = re.search(
            r"(?:加|增加|添加|补充|新增|补上|写入)(?:一条|一段|一项|一点|一句)?(.+?)(?:的)?(?:内容|任务|措施|段落)?[。.！!]?$",
            text,
        )
    topic = m.group(1).strip() if m else ""
    for w in vocabulary().sections[section]:
        topic = topic.replace(w, "")
    return topic.strip("，,。 的里中")


def revise_arguments(measure: str, r: Reading) -> dict[str, Any]:
    e = r.entities
    action = {"revise_delete": "delete", "revise_rewrite": "rewrite"}.get(measure, "add")
    section = e.section or ("" if e.part else "主要任务")
    return {
        "action": action,
        "section": section,
        "topic": _topic(e.text, section) if action == "add" else "",
        "item": e.item,
        "part": e.part,
        "kind": kind_of(e.text),
    }


def _year_index(t: str) -> int | None:
    """第N年 / 最后一年 / 首年 → the plan's year index (1-based; -1 the last)."""
    m = re.search(r"第([一二三四五六七八九十\d])年|(最后一年|最后1年|末年)|(首年|头一年)", t)
    if not m:
        return None
    return -1 if m.group(2) else 1 if m.group(3) else int(parse_number(m.group(1)) or 1)


_FUND_WORDS = {
    "personnel": ("人员经费", "人员费", "工资", "人头费", "教师经费", "人员开支"),
    "training": ("培养培训", "培训经费", "培训费", "培训"),
    "construction": ("建设资金", "建设经费", "建设费", "基建", "工程", "建设投入", "建设投资"),
}


def cost_arguments(r: Reading) -> dict[str, Any]:
    e, t = r.entities, r.rest
    fund = next((f for f, ws in _FUND_WORDS.items() if any(w in t for w in ws)), None)
    year = e.years[0] if e.years else None
    if year is None and "明年" in t:
        year = date.today().year + 1
    index = None if year is not None else _year_index(t)
    yearly = any(w in t for w in ("每年", "分年度", "各年", "逐年", "每一年", "年度"))
    return {"fund": fund, "year": year, "year_index": index, "yearly": yearly}


def plan_arguments(r: Reading, school: str | None, indicator: str | None) -> dict[str, Any]:
    e, t = r.entities, r.rest
    if school:
        return {"aspect": "school", "school": school, "indicator": indicator}
    if e.years or "明年" in t:
        year = e.years[0] if e.years else date.today().year + 1
        return {"aspect": "year", "year": year, "indicator": indicator}
    index = _year_index(t)
    if index is not None:
        return {"aspect": "year", "year_index": index, "indicator": indicator}
    if indicator is not None:
        return {"aspect": "tasks", "indicator": indicator}
    unit = unit_of(t)
    if unit is not None and unit != "万元":  # 哪年招老师, 什么时候建运动场: those tasks with their years
        return {"aspect": "tasks", "unit": unit}
    if any(w in t for w in ("哪几年", "几年", "哪年", "年份", "起止", "多少年", "期限", "年限")):
        return {"aspect": "years"}
    if any(w in t for w in ("钱", "投入", "经费", "资金", "投资", "费用", "预算")):
        return {"aspect": "cost"}
    return {"aspect": "tasks"}
