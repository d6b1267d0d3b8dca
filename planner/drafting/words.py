"""Wording helpers the section generators share: citations, annex numbers, a project's work and
timing, a school's promised results (only what the projection confirms)."""

from __future__ import annotations

import math

from metrics import STAGE_NAMES
from metrics.split import SUBTOTAL_TYPES
from planner.drafting.context import DraftContext
from planner.drafting.costs import payment_profile
from planner.drafting.facts import FactKey as K
from planner.drafting.projects import Project, work_of

__all__ = [
    "annex_no",
    "cite",
    "combined",
    "lift_notes",
    "part_name",
    "when",
    "work",
    "works_total",
]


def cite(p: dict) -> dict:
    """A retrieved passage as a paragraph's source."""
    out = {k: p[k] for k in ("title", "doc_no", "section", "source")}
    return {**out, "issuer": p["issuer"]} if p.get("issuer") and not p["doc_no"] else out


def annex_no(dr: DraftContext, key: str) -> str:
    """The 附件 number of an annex table ("" when the plan has none of that kind)."""
    keys = [t.key for t in dr.annexes]
    return str(keys.index(key) + 1) if key in keys else ""


def combined(dr: DraftContext, school: str) -> bool:
    """A 九年一贯制 or 十二年一贯制 school (its teachers are booked per 学段)."""
    return any(s.school_type in SUBTOTAL_TYPES for s in dr.ev.school(school))


def part_name(dr: DraftContext, p: Project) -> str:
    """小学部 / 初中部 for a combined school's teacher project, else ""."""
    return f"{STAGE_NAMES[p.stage]}部" if p.stage and combined(dr, p.school) else ""


def work(dr: DraftContext, p: Project) -> str:
    """One project's work with its amount (初中部招聘体育、艺术专任教师2人)."""
    key = K("work", field=work_of(p), scope="school", school=p.school, stage=p.stage)
    yearly = K("work", field=work_of(p), scope="school", school=p.school, stage=p.stage, year=p.start[0])
    if yearly in dr.facts and dr.facts[key].value != p.amount:  # one of its years' parts (骨干 认定)
        key = yearly
    return part_name(dr, p) + dr.phrase(f"work_{work_of(p)}", amount=dr.d(key), sender=p.source)


def over_cap(dr: DraftContext, p: Project) -> bool:
    """Whether the project alone pays more in a year than the yearly 建设资金 cap (never fundable
    under it); not a school's whole package, the project itself."""
    cap = dr.st.yearly_budget_wan
    profile = p.profile or payment_profile(p.kind, p.amount, dr.st, p.area)
    return cap is not None and max(profile, default=0.0) > cap + 1e-9


def when(dr: DraftContext, p: Project) -> str:
    """When a project is done: （2026年开工，2027年8月底前交付）, or that it waits for money (no
    queue of years after the plan: the funding gap is the government's decision)."""
    if p.kind == "backbone" and (p.start == (0, 0) or p.start[0] > dr.st.end_year):
        return dr.phrase("when_capacity")
    if p.start == (0, 0) or p.start[0] > dr.st.end_year:
        return dr.phrase("when_never" if over_cap(dr, p) else "when_later")
    y0 = p.start[0]
    start = dr.d(K("when", year=y0, field=p.kind, measure="start_year"))
    key = f"when_{p.kind}" if f"when_{p.kind}" in dr.tpl.phrases else "when_default"
    return dr.phrase(key, start_year=start, finish=dr.d(K("when", year=y0, field=p.kind, measure="finish")))


def works_total(dr: DraftContext, topic: str, owner: str, works: list[str], year: int | None = None) -> str:
    """'新建或改扩建教学及辅助用房1200.0平方米、招聘体育、艺术专任教师6人' from totals facts."""
    parts = []
    for w in works:
        key = K(topic, year=year, field=w, scope=owner)
        if key in dr.facts and dr.facts[key].value:
            parts.append(dr.phrase(f"work_{w}", amount=dr.d(key), sender=""))
    return "、".join(parts)


def lift_notes(dr: DraftContext, projects: list[Project]) -> str:
    """What a school's projects achieve, as the projection confirms it: ，使…由A提高到B以上 for work
    that shows within the plan; for work left unfunded, what it would achieve once done."""
    done = [p for p in projects if p.start != (0, 0) and p.effect and p.effect <= dr.st.end_year]
    later = [p for p in projects if p not in done]
    out = ""
    seen: set[tuple[str, str]] = set()
    promised = _lifts(dr, done, "gap_item", True, seen)
    if promised:
        out += dr.phrase("gap_notes", items="、".join(promised))
    pending = _lifts(dr, later, "gap_item_later", False, seen)
    if pending:
        out += dr.phrase("gap_notes_later", items="、".join(pending))
    return out


def _lifts(
    dr: DraftContext, projects: list[Project], phrase: str, confirm: bool, seen: set[tuple[str, str]]
) -> list[str]:
    out = []
    for p in projects:
        school = dr.ev.school(p.school)
        for lift in p.lifts:
            if not lift.indicator or (lift.stage, lift.indicator) in seen:
                continue
            seen.add((lift.stage, lift.indicator))
            s = next((s for s in school if s.stage == lift.stage), None)
            if s is None:
                continue
            value = K("school", school=s.name, stage=s.stage, indicator=lift.indicator, measure="value")
            if value not in dr.facts:
                continue
            ind = dr.std.indicator(lift.indicator)
            label = ind.name if len(school) == 1 else f"{STAGE_NAMES[s.stage]}部{ind.name}"
            target = _target(dr, s, lift)
            projected = K(
                "school", school=s.name, stage=s.stage, indicator=lift.indicator, measure="projected"
            )
            key, extra = phrase, {}
            if dr.facts[value].value >= lift.target - 1e-9:  # met today: the work keeps the margin
                key, extra = "gap_item_margin", {"margin": dr.d(K("assume", measure="design_margin"))}
            elif confirm and projected in dr.facts:
                reached = dr.facts[projected].value
                if math.isnan(reached) or reached < lift.target - 1e-9:
                    key, target = "gap_item_partial", dr.d(projected)
            out.append(dr.phrase(key, indicator=label, value=dr.d(value), target=target, **extra))
    return out


def _target(dr: DraftContext, s, lift) -> str:
    threshold = K("threshold", stage=s.stage, indicator=lift.indicator)
    if dr.std.has_school_thresholds and threshold in dr.facts:
        return dr.d(threshold)
    return dr.d(K("mean", stage=s.stage, indicator=lift.indicator))
