"""The 学校规模 task as the schedule decided it: each 超规模 school's 分设校区 (pupils moved, 轨, areas,
land, money, the autumn it opens and the roll left), what the school's own work is for (never a larger
intake), and — when a campus waits for money — that 认定 waits for it."""

from __future__ import annotations

from planner.drafting.context import DraftContext
from planner.drafting.oversize import CAMPUS_KIND, size_key
from planner.drafting.words import when

__all__ = ["size_text"]


def size_text(dr: DraftContext) -> str:
    """The measure per 超规模 school ("" when none is planned: the template's words stand)."""
    campuses = [p for p in dr.schedule.need if p.kind == CAMPUS_KIND]
    if not campuses:
        return ""
    parts = []
    for p in campuses:
        s = p.school

        def d(measure: str, s=s) -> str:
            return dr.d(size_key(measure, s))

        opens = size_key("open", s) in dr.facts
        values = {
            "school": s,
            "tracks": d("tracks"),
            "classes": d("classes"),
            "moved": d("moved"),
            "rooms": d("rooms"),
            "field": d("field"),
            "land": d("land"),
            "equipment": d("equipment"),
            "cost": d("cost"),
            "after": d("after"),
            "limit": d("limit"),
            "when": when(dr, p),
            "fund": "" if p.public else dr.phrase("size_fund_private"),
        }
        if opens:
            values["open_year"] = d("open")
        parts.append(dr.phrase("size_campus" if opens else "size_campus_later", **values))
    text = "".join(parts) + dr.phrase("size_own_work")
    if size_key("year") not in dr.facts:
        text += dr.phrase("size_waits")
    return text
