"""Measures a reviewer returns a plan for: a 班额 task that reports schools over the limit but names no
measure and no year ("超标班级逐年消化"), and an instrument that cannot move its indicator (交流轮岗
offered to lower a 体育运动场馆 or another facility's 差异系数: teachers do not change square metres)."""

from __future__ import annotations

import re

from planner.check.document import PlanDoc

__all__ = ["class_size", "instruments"]

_CLASS_FAILING = re.compile(r"(\d+)所未达到要求")
_CLASS_YEAR = re.compile(r"\d{4}年秋季学期")
_FACILITIES = (
    "体育运动场馆",
    "运动场地",
    "教学及辅助用房",
    "教学仪器设备",
    "网络多媒体教室",
    "计算机",
    "图书",
)
_TEACHER_MOVES = ("交流轮岗", "校长教师交流")


def class_size(doc: PlanDoc) -> list[str]:
    """The 班额 task: schools over the limit need a measure and the autumn term they are within it."""
    out = []
    for p in doc.paragraphs:
        text = p.text
        if "逐年消化" in text and not _CLASS_YEAR.search(text):
            out.append(
                f"班额措施：“{p.section}”写“超标班级逐年消化”，未写增设教学班、教室和教师的安排，"
                "也未写哪一年秋季学期起所有班级不超过标准班额。"
            )
            continue
        if "班额不达标" in text and "限期整改" in text and not _CLASS_YEAR.search(text):
            out.append(f"班额措施：“{p.section}”写班额不达标“须限期整改”，未写措施和达到标准班额的年份。")
            continue
        m = _CLASS_FAILING.search(text) if text.lstrip("0123456789．.*# ").startswith("班额") else None
        if m and int(m.group(1)) > 0 and not _CLASS_YEAR.search(text):
            out.append(
                f"班额措施：“{p.section}”列出{m.group(1)}所班额超标学校，未写哪一年秋季学期起所有班级"
                "不超过标准班额。"
            )
    return out


def instruments(doc: PlanDoc) -> list[str]:
    """A sentence that offers teacher transfers to lower a facility indicator's 差异系数."""
    out = []
    for p in doc.paragraphs:
        for sentence in re.split(r"[。；]", p.text):
            if "差异系数" not in sentence or not any(w in sentence for w in _TEACHER_MOVES):
                continue
            facility = next((f for f in _FACILITIES if f in sentence), None)
            teacher = any(w in sentence for w in ("教师数", "骨干", "体育、艺术", "学历", "职称"))
            if facility and not teacher:
                out.append(
                    f"措施与指标不符：“{p.section}”以交流轮岗降低{facility}的差异系数，"
                    "教师交流不改变校舍、场地和设备，须以建设、配备项目缩小差距。"
                )
    return out
