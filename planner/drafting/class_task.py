"""The 班额 task's words and its annex (班额达标安排表): for each school over the limit, the measure
(调整分班, or extra classes with their rooms and teachers) and the autumn term it is within the limit,
all from the ``classes`` facts."""

from __future__ import annotations

from metrics import STAGE_NAMES
from planner.drafting.class_plan import ClassPlan, class_key, class_plans
from planner.drafting.context import DraftContext
from planner.drafting.facts import FactKey as K
from planner.drafting.tasks import BRIEF_SCHOOLS, LARGEST
from planner.drafting.words import annex_no, when, work
from planner.model import AnnexTable

__all__ = ["class_table", "class_text", "rooms_table"]


def _where(dr: DraftContext, c: ClassPlan, short: bool = False) -> str:
    """Where the extra classes sit: the building the school extends, a refit, a new building, or
    waiting for money (``short``: the annex's words)."""
    tail = "_short" if short else ""
    if c.rooms is None or c.year is None:
        return dr.phrase(f"class_rooms_later{tail}")
    if c.rooms.purpose != "item":
        return dr.phrase(f"class_rooms_within{tail}")
    return dr.phrase(f"class_rooms_{c.rooms.kind}{tail}")


def _one(dr: DraftContext, c: ClassPlan) -> str:
    n = c.need
    at = {"school": n.school, "stage": n.stage}
    year = dr.d(class_key("year", **at)) if c.year is not None else ""
    return dr.phrase(
        "class_extra_school" if year else "class_extra_school_later",
        school=n.school,
        stage=f"{STAGE_NAMES[n.stage]}部" if n.combined else "",
        students=dr.d(class_key("students", **at)),
        classes=dr.d(class_key("classes", **at)),
        needed=dr.d(class_key("needed", **at)),
        extra=dr.d(class_key("extra", **at)),
        where=_where(dr, c),
        ratio=dr.d(class_key("per_class", **at)),
        hires=dr.d(class_key("hires", **at)),
        year=year,
        limit=dr.d(class_key("limit", **at)),
    )


SUPER_LARGE = 66
"""超大班额: 66 人及以上 (国发〔2016〕40号, to be eliminated first)."""


def _oversized_classes(dr: DraftContext, plans: list) -> list[str]:
    """The schools with 超大班额 named first, with the autumn term it is gone (or that it waits)."""
    out = []
    seen = set()
    for c in plans:
        n = c.need
        if n.largest is None or n.largest < SUPER_LARGE or n.school in seen:
            continue
        seen.add(n.school)
        at = {"school": n.school, "stage": n.stage}
        key = "class_super_large" if c.year is not None else "class_super_large_later"
        year = dr.d(class_key("year", **at)) if c.year is not None else ""
        out.append(dr.phrase(key, school=n.school, largest=dr.d(class_key("largest", **at)), year=year))
    return out


def _largest(dr: DraftContext, extra: list[ClassPlan]) -> str:
    """The schools needing the most extra classes, with the autumn term each is within the limit."""
    named = sorted(extra, key=lambda c: -c.need.extra)[:LARGEST]
    parts = []
    for c in named:
        at = {"school": c.need.school, "stage": c.need.stage}
        parts.append(
            dr.phrase(
                "class_extra_brief" if c.year is not None else "class_extra_brief_later",
                school=c.need.school,
                stage=f"{STAGE_NAMES[c.need.stage]}部" if c.need.combined else "",
                extra=dr.d(class_key("extra", **at)),
                where=_where(dr, c),
                year=dr.d(class_key("year", **at)) if c.year is not None else "",
            )
        )
    return dr.phrase("class_extra_brief_lead", schools="；".join(parts))


def class_text(dr: DraftContext) -> str:
    """The 班额 task's measures: new intakes at the limit from the first autumn term, regrouping where
    the classes suffice, extra classes where they do not, and the year every class is within."""
    plans = class_plans(dr.schedule, dr.st)
    if not plans:
        return ""
    first = dr.d(class_key("first_term"))
    parts = [dr.phrase("class_intro", first=first)]
    parts += _oversized_classes(dr, plans)
    brief = bool(annex_no(dr, "classes")) and len(plans) > BRIEF_SCHOOLS  # the annex lists each school
    regroup = [c for c in plans if c.need.extra == 0 and not c.need.uncertain]
    if regroup:
        names = list(dict.fromkeys(c.need.school for c in regroup))
        names = "、".join(names[:LARGEST] if brief else names)
        parts.append(dr.phrase("class_regroup", schools=names, count=dr.d(class_key("regroup")), first=first))
    extra = [c for c in plans if c.need.extra > 0]
    public = [c for c in extra if c.need.public]
    if extra:
        if public:
            parts.append(
                dr.phrase(
                    "class_extra",
                    count=dr.d(class_key("extra_schools")),
                    extra=dr.d(class_key("extra")),
                    hires=dr.d(class_key("hires")),
                    schools="；".join(_one(dr, c) for c in public) if not brief else _largest(dr, public),
                )
            )
        grads = {c.need.stage for c in plans}
        graduate = "、".join(
            f"{STAGE_NAMES[s]}须到{dr.d(class_key('graduate', stage=s))}年"
            for s in ("primary", "junior")
            if s in grads
        )
        waiting = any(c.year is None for c in extra)
        parts.append(
            dr.phrase(
                "class_money_later" if waiting else "class_money",
                unfunded=annex_no(dr, "unfunded"),
                rooms_cost=dr.d(class_key("rooms_cost")),
                hire_cost=dr.d(class_key("hire_cost")),
                annex=annex_no(dr, "projects"),
            )
        )
        if dr.has(class_key("private_extra")):
            names = dr.facts[class_key("private_extra")].label
            parts.append(
                dr.phrase(
                    "class_private",
                    schools=names,
                    extra=dr.d(class_key("private_extra")),
                    hires=dr.d(class_key("private_hires")),
                    cost=dr.d(class_key("private_cost")),
                )
            )
        if dr.has(class_key("year")):
            parts.append(dr.phrase("class_done", graduate=graduate, year=dr.d(class_key("year"))))
        else:
            parts.append(dr.phrase("class_done_later", graduate=graduate))
    for c in plans:
        if c.need.uncertain:
            at = {"school": c.need.school, "stage": c.need.stage}
            parts.append(
                dr.phrase(
                    "class_uncertain",
                    school=c.need.school,
                    largest=dr.d(class_key("largest", **at)),
                    stage=STAGE_NAMES[c.need.stage],
                    limit=dr.d(class_key("limit", **at)),
                    first=first,
                )
            )
    annex = annex_no(dr, "classes")
    if annex:
        parts.append(dr.phrase("class_annex", annex=annex))
    return "".join(parts)


def class_table(dr: DraftContext) -> AnnexTable | None:
    """附件 班额达标安排表: one row per school-stage over the limit."""
    plans = class_plans(dr.schedule, dr.st)
    if not plans:
        return None
    rows = []
    for c in plans:
        n = c.need
        at = {"school": n.school, "stage": n.stage}
        largest = dr.d(class_key("largest", **at)) if dr.has(class_key("largest", **at)) else "—"
        if n.uncertain:
            measure = dr.phrase("class_measure_check")
        elif n.extra == 0:
            measure = dr.phrase("class_measure_regroup")
        else:
            measure = _where(dr, c, short=True)
        year = dr.d(class_key("year", **at)) + "年秋季" if c.year is not None else "待安排"
        rows.append(
            [
                str(len(rows) + 1),
                n.school,
                STAGE_NAMES[n.stage],
                dr.d(class_key("students", **at)),
                dr.d(class_key("classes", **at)),
                largest,
                dr.d(class_key("needed", **at)),
                dr.d(class_key("extra", **at)),
                dr.d(class_key("hires", **at)),
                measure,
                year if not n.uncertain else "须核实",
            ]
        )
    headers = [
        "序号",
        "学校",
        "学段",
        "在校生",
        "现有班数",
        "最大班额",
        "按标准须班数",
        "增设班数",
        "配备教师",
        "措施",
        "达标时间",
    ]
    note = dr.phrase("class_note")
    title = dr.tpl.annex_titles.get("classes", "班额达标安排表")
    return AnnexTable("classes", title, headers, rows, dr.take(), note, landscape=True)


_ROOMS = ("音乐专用教室", "美术专用教室")


def rooms_table(dr: DraftContext) -> AnnexTable | None:
    """附件 音乐、美术专用教室配置表: each school short of rooms, what the plan does there and when (the
    body gives the totals only)."""
    short = [(n, g) for n, g in enumerate(dr.ev.guarantees) if g.item in _ROOMS and not g.met]
    if not short:
        return None
    projects = [p for p in dr.schedule.need if p.kind == "special_rooms"]
    rows = []
    for school in dict.fromkeys(g.name for _, g in short):
        found = "；".join(dr.d(K("guarantee", index=n)) for n, g in short if g.name == school)
        mine = [p for p in projects if p.school == school]
        works = "、".join(work(dr, p) for p in mine) or "—"
        times = "、".join(dict.fromkeys(when(dr, p).strip("（）") for p in mine)) or "—"
        owner = "举办者自筹" if mine and not mine[0].public else ("建设资金" if mine else "—")
        rows.append([str(len(rows) + 1), school, found, works, times, owner])
    headers = ["序号", "学校", "核查情况", "本方案安排", "实施时间", "资金渠道"]
    title = dr.tpl.annex_titles.get("rooms", "音乐、美术专用教室配置表")
    return AnnexTable("rooms", title, headers, rows, dr.take(), dr.phrase("rooms_note"), landscape=True)
