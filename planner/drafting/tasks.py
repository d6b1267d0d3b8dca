"""主要任务 for the work the schedule decided: 校舍和运动场地, 仪器和信息化装备, 教师队伍 — the group's
whole need and what the plan funds, then one task per 乡镇 (a 镇 plan: per school) naming each
project, when it is done and what it achieves; 民办 schools apart; in the teachers group, the yearly
交流轮岗 quota with its named transfers."""

from __future__ import annotations

from metrics import STAGE_NAMES
from planner.drafting.context import DraftContext
from planner.drafting.costs import KINDS
from planner.drafting.facts import FactKey as K
from planner.drafting.projects import Project, works_of
from planner.drafting.timing import autumn_offset
from planner.drafting.words import annex_no, lift_notes, when, work, works_total
from planner.model import Paragraph

__all__ = ["BRIEF_SCHOOLS", "LARGEST", "exchange_task", "work_tasks"]


def work_tasks(
    dr: DraftContext, group: str, units: str, cites: tuple[dict, ...], lead_in: str
) -> list[Paragraph]:
    """The paragraphs of a work group (building, equipment, teachers)."""
    need = [p for p in dr.schedule.need if p.category == group]
    public = [p for p in need if p.public]
    out: list[Paragraph] = []
    if public:
        out.append(dr.para(_total(dr, group, public), sources=cites))
    elif not need:
        none = f"group_none_{group}" if f"group_none_{group}" in dr.tpl.phrases else "group_none"
        out.append(dr.para(dr.phrase(none), sources=cites))
    if group == "building" and any(p.land_m2 for p in public):
        out.append(dr.para(_land(dr, public)))
    if group == "teachers" and any(p.kind == "hire" and p.field == "teachers_above_degree" for p in public):
        out.append(dr.para(_degree_note(dr)))
    by: dict[str, list[Project]] = {}
    for p in public:
        by.setdefault(p.township if dr.st.level != "town" else p.school, []).append(p)
    if len({p.school for p in public}) > BRIEF_SCHOOLS and annex_no(dr, "projects"):
        out.append(_brief(dr, group, public, units, cites, lead_in))
        by = {}
    for who, projects in by.items():
        schools = list(dict.fromkeys(p.school for p in projects))
        if dr.st.level != "town":
            text = "；".join(_school(dr, s, [p for p in projects if p.school == s]) for s in schools)
            lead = dr.phrase("task_lead", township=who or dr.st.region, school="")
        else:
            text = _school(dr, who, projects, named=True)
            lead = dr.phrase("task_lead", school=who, township="")
        out.append(dr.para(lead_in + text + "。", kind="task", lead=lead, units=units, sources=cites))
        lead_in = ""
    for school in dict.fromkeys(p.school for p in need if not p.public):
        projects = sorted((p for p in need if not p.public and p.school == school), key=_order)
        text = dr.phrase(
            "private_works",
            works="、".join(work(dr, p) + when(dr, p) for p in projects),
            gap_notes=lift_notes(dr, projects),
            cost=dr.d(K("work", field=group, scope="school", school=school, measure="group_cost")),
        )
        out.append(
            dr.para(
                text, kind="task", lead=dr.phrase("private_lead", school=school), units=dr.unit("private")
            )
        )
    if group == "teachers" and dr.schedule.quota is not None:
        out.append(exchange_task(dr, units))
    return out


BRIEF_SCHOOLS = 6
"""Above this many schools in a group, 主要任务 names the largest projects and the totals, and the
school-by-school list is the 年度实施项目表's alone (a county plan is read, not searched)."""
LARGEST = 3
"""How many of the largest schools' works a brief group names."""


def _brief(
    dr: DraftContext, group: str, public: list[Project], units: str, cites: tuple[dict, ...], lead_in: str
) -> Paragraph:
    """重点项目: the schools with the largest work of the group (by cost), with when it is done; how
    many schools the rest covers and where each school's projects and results are listed."""

    def cost(school: str) -> float:
        return dr.facts[K("work", field=group, scope="school", school=school, measure="group_cost")].value

    schools = sorted(dict.fromkeys(p.school for p in public), key=lambda s: -cost(s))
    largest = []
    for school in schools[:LARGEST]:
        mine = sorted((p for p in public if p.school == school), key=_order)
        largest.append(
            dr.phrase(
                "brief_school",
                school=school,
                works="、".join(work(dr, p) + when(dr, p) for p in mine),
                cost=dr.d(K("work", field=group, scope="school", school=school, measure="group_cost")),
            )
        )
    text = dr.phrase(
        "brief_group",
        largest="；".join(largest),
        schools=dr.d(K("demand", field=group, scope="public", measure="schools")),
        projects=annex_no(dr, "projects"),
        gaps=annex_no(dr, "gaps"),
    )
    return dr.para(lead_in + text, kind="task", lead=dr.phrase("brief_lead"), units=units, sources=cites)


def _total(dr: DraftContext, group: str, public: list[Project]) -> str:
    """共需 … 估算投入 …; with work left unfunded, what the plan funds and what waits."""
    works = works_of(public)
    text = dr.phrase(
        "group_total",
        works=works_total(dr, "demand", "public", works),
        cost=dr.d(K("demand", field=group, scope="public", measure="cost")),
    )
    left = [p for p in dr.schedule.unscheduled if p.public and p.category == group]
    if not left:
        return text
    planned = [p for p in public if p not in left]
    if not planned:
        return text + dr.phrase("group_unfunded", annex=annex_no(dr, "unfunded"))
    capacity = all(p.kind == "backbone" for p in left)
    return text + dr.phrase(
        "group_capacity" if capacity else "group_funded",
        works=works_total(dr, "plan", "public", works_of(planned)),
        cost=dr.d(K("plan", field=group, scope="public", measure="cost")),
        left_works=works_total(dr, "left", "public", works_of(left)),
        left_cost=dr.d(K("left", field=group, scope="public", measure="cost")),
        annex=annex_no(dr, "unfunded"),
    )


def _school(dr: DraftContext, school: str, projects: list[Project], named: bool = False) -> str:
    """One school's projects, when each is done, and what they achieve (the lead may name it)."""
    projects = sorted(projects, key=_order)
    works = "、".join(work(dr, p) + when(dr, p) for p in projects)
    return dr.phrase(
        "task_school_named" if named else "task_school",
        school=school,
        works=works,
        gap_notes=lift_notes(dr, projects),
    )


def _order(p: Project) -> tuple:
    """A school's works in the order plans list them; a combined school's 小学部 before 初中部."""
    return (list(KINDS).index(p.kind), p.field, p.stage != "primary")


def _land(dr: DraftContext, public: list[Project]) -> str:
    """新增用地: which schools (the largest few and the count, in a long list), the step before building,
    and the costed fallback (an indoor gym) where land cannot be had."""
    schools = list(dict.fromkeys(p.school for p in sorted(public, key=lambda p: -p.land_m2) if p.land_m2))
    names = "、".join(schools)
    if len(schools) > BRIEF_SCHOOLS:
        count = dr.d(K("demand", field="land", scope="public", measure="schools"))
        names = dr.phrase("land_schools_many", schools="、".join(schools[:LARGEST]), count=count)
    return dr.phrase(
        "land_note",
        schools=names,
        share=dr.d(K("assume", measure="field_in_campus")),
        land=dr.d(K("demand", field="land", scope="public")),
        gym=dr.d(K("assume", measure="gym")),
        gym_cost=dr.d(K("demand", field="gym", scope="public", measure="cost")),
        gym_extra=dr.d(K("demand", field="gym", scope="public", measure="extra")),
        # 以县为主: a town's extra money is its 县 (区)'s decision
        payer=f"{dr.words.upper}人民政府" if dr.words.level == "town" else dr.base.get("gov", ""),
    )


def _degree_note(dr: DraftContext) -> str:
    finish = dr.d(K("month", field="upgrade", measure="finish"))
    return dr.phrase("degree_note", years=dr.d(K("assume", measure="degree_years")), finish=finish)


def _town(dr: DraftContext, key: str) -> str:
    """A town's wording where the template has one: 交流轮岗 is the county's quota (10 %, 骨干 20 %
    of the county's pool), a town's schools take part in it rather than meet it on their own."""
    town = f"{key}_town"
    return town if dr.words.level == "town" and town in dr.tpl.phrases else key


def exchange_task(dr: DraftContext, units: str) -> Paragraph:
    """交流轮岗: the yearly quota sized to the county and, within it, the named transfers for a CV,
    with the margin kept under the limit."""
    q = K("quota", measure="count")
    first = dr.st.start_year + autumn_offset(dr.st.start_year, dr.st.issue_date)  # after it is issued
    text = dr.phrase(
        _town(dr, "exchange_quota"),
        start_year=first,
        quota=dr.d(q),
        eligible=dr.d(K("quota", measure="eligible")),
        share=dr.d(K("policy", measure="exchange_share")),
        backbone=dr.d(K("quota", measure="backbone")),
        backbone_share=dr.d(K("policy", measure="exchange_backbone")),
    )
    quota = dr.schedule.quota
    if quota is not None and (quota.first_year > quota.count or quota.first_backbone > quota.backbone):
        text += dr.phrase(
            "exchange_first_year",
            year=first,
            first=dr.d(K("quota", measure="first_year")),
            first_backbone=dr.d(K("quota", measure="first_backbone")),
        )
    for e in dr.schedule.exchanges:

        def key(measure: str, index: int | None = None, e=e) -> K:
            return K("exchange", stage=e.stage, indicator=e.indicator, index=index, measure=measure)

        moves = []
        for sender in dict.fromkeys(t.sender for t in e.transfers):
            parts = "、".join(
                dr.phrase("exchange_part", receiver=t.receiver, count=dr.d(key("count", n)))
                for n, t in enumerate(e.transfers)
                if t.sender == sender
            )
            sent = K("exchange", stage=e.stage, indicator=e.indicator, school=sender, measure="sent")
            moves.append(dr.phrase("exchange_move", sender=sender, total=dr.d(sent), parts=parts))
        over = e.cv_before > e.limit
        text += dr.phrase(
            "exchange_over" if over else "exchange_near",
            stage=STAGE_NAMES[e.stage],
            indicator=dr.std.indicator(e.indicator).name,
            before=dr.d(key("before")),
            limit=dr.d(K("cv_limit", stage=e.stage)),
            margin=dr.d(K("assume", measure="cv_margin")),
            year=first,
            moves="；".join(moves),
            floor=dr.d(key("floor")),
            after=dr.d(key("after")),
            kept=dr.d(key("margin")),
            annex=annex_no(dr, "exchange"),
        )
    return dr.para(text, kind="task", lead=dr.phrase("exchange_lead"), units=units)
