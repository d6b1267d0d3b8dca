"""实施步骤: one sub-section per year — the public work started (summed by kind; 民办 work apart), when
it is done, the 交流轮岗 of the year, what the year costs and the projected year's end; the last year of
a longer plan is for acceptance and rectification; then what the cap leaves over."""

from __future__ import annotations

from metrics import STAGE_NAMES
from planner.drafting.context import DraftContext
from planner.drafting.costs import FUND_NAMES, FUNDS
from planner.drafting.facts import FactKey as K
from planner.drafting.goals import cv_clause
from planner.drafting.projects import works_of
from planner.drafting.schedule import YearPlan
from planner.drafting.timing import autumn_offset
from planner.drafting.words import annex_no, works_total
from planner.model import Section

__all__ = ["steps"]

_MONTH_KINDS = (
    ("campus", ("campus",)),
    ("field_land", ("field_land",)),
    ("building", ("rooms_build",)),
    ("field", ("field_build", "field_adjust", "rooms_adjust")),
    ("construction", ("equipment", "multimedia", "computers", "books", "special_rooms")),
    ("personnel", ("hire",)),
    ("upgrade", ("upgrade",)),
    ("training", ("backbone", "title")),
)
"""How the year's calendar sentence groups the kinds of work (one clause each)."""


def _months(dr: DraftContext, y: YearPlan) -> str:
    kinds = {i.kind for i in y.items if i.public}
    parts = []
    for clause, members in _MONTH_KINDS:
        present = [k for k in members if k in kinds]
        if not present:
            continue
        first = present[0]
        values = {
            "window": dr.d(K("month", field=first, measure="window")),
            "design": dr.d(K("month", field=first, measure="start")),
            "begin": dr.d(K("month", field="building", measure="begin")),
            "finish": dr.d(K("when", year=y.year, field=first, measure="finish")),
        }
        parts.append(dr.phrase(f"month_{clause}", **values))
    return "；".join(parts)


def _works(dr: DraftContext, y: YearPlan, owner: str) -> str:
    items = [i for i in y.items if i.public == (owner == "public")]
    return works_total(dr, "year", owner, works_of(items), y.year)


def _cost(dr: DraftContext, y: YearPlan) -> str:
    """估算投入…，其中建设资金…、人员经费…（含以前年度新增教师…）、培养培训经费…"""
    parts = []
    for fund in FUNDS:
        if y.costs is None or y.costs.of(fund) <= 0:
            continue
        text = FUND_NAMES[fund] + dr.d(K("year", year=y.year, field=fund, measure="cost"))
        if fund == "personnel" and K("year", year=y.year, measure="recurring") in dr.facts:
            text += dr.phrase("recurring_note", recurring=dr.d(K("year", year=y.year, measure="recurring")))
        parts.append(text)
    if not parts:
        return ""
    return dr.phrase("step_cost", cost=dr.d(K("year", year=y.year, measure="cost")), parts="、".join(parts))


def _year(dr: DraftContext, y: YearPlan) -> list:
    paras = []
    annex = annex_no(dr, "projects")
    public = [i for i in y.items if i.public]
    if y.acceptance:
        tail = dr.phrase("step_no_new_work")
        if public:
            tail = dr.phrase("step_tail", works=_works(dr, y, "public"), annex=annex)
        names = ("accept_months", "review_months", "selfeval_months", "prepare_months")
        quarters = {v: dr.d(K("month", scope="acceptance", index=n)) for n, v in enumerate(names)}
        work = dr.phrase("accept_projects" if dr.schedule.items else "accept_none")
        text = dr.phrase("step_acceptance", year=y.year, name=y.name, tail=tail, accept_work=work, **quarters)
        if _short(dr, y):
            later = _later(dr)
            text = dr.phrase(
                "step_acceptance_short",
                year=y.year,
                name=y.name,
                tail=tail,
                accept_work=work,
                failing=dr.d(K("year", year=y.year, measure="failing")),
                later=later,
                **quarters,
            )
        paras.append(dr.para(text))
    elif public:
        text = dr.phrase(
            "step_work",
            year=y.year,
            name=y.name,
            count=dr.d(K("year", year=y.year, scope="public", measure="items")),
            schools=dr.d(K("year", year=y.year, scope="public", measure="schools")),
            works=_works(dr, y, "public"),
            months=_months(dr, y),
            annex=annex,
        )
        paras.append(dr.para(text))
    else:
        idle = "step_idle_first" if y is dr.schedule.years[0] else "step_idle"
        issued = dr.st.issue_date
        if idle == "step_idle_first" and issued is not None and issued.year >= y.year and dr.schedule.items:
            idle = "step_idle_issued"  # the year's months were past when the plan was issued
        paras.append(dr.para(dr.phrase(idle, year=y.year, name=y.name, work_year=y.year + 1)))
    continued = [i for i in y.continued(dr.schedule.years) if i.public]
    if continued:
        works = works_total(dr, "year", "continued", works_of(continued), y.year)
        paras.append(dr.para(dr.phrase("step_continue", works=works)))
    if any(not i.public for i in y.items):
        text = dr.phrase(
            "step_private",
            count=dr.d(K("year", year=y.year, scope="private", measure="items")),
            works=_works(dr, y, "private"),
        )
        paras.append(dr.para(text))
    if dr.schedule.quota is not None and y.year >= dr.st.start_year + autumn_offset(
        dr.st.start_year, dr.st.issue_date
    ):
        paras.append(dr.para(_exchange(dr, y)))  # from the first autumn term after the plan is issued
    cost = _cost(dr, y)
    if cost:
        paras.append(dr.para(cost))
    if y.projection is not None:
        key = "step_projection" if dr.std.has_school_thresholds else "step_projection_mean"
        if dr.std.has_school_thresholds and not y.projection.failing_schools:
            key = "step_projection_all"
        text = dr.phrase(
            key,
            passing=dr.d(K("year", year=y.year, measure="passing")),
            failing=dr.d(K("year", year=y.year, measure="failing")),
            cvs=cv_clause(dr, y.year),
        )
        paras.append(dr.para(text))
    return paras


def _short(dr: DraftContext, y: YearPlan) -> bool:
    """Whether schools still fail at the end of the acceptance year (no 自评, no 迎评 then)."""
    reached = dr.schedule.reached_year
    has_end = K("year", year=y.year, measure="failing") in dr.facts
    return has_end and (reached is None or reached > y.year) and dr.words.level != "town"


def _later(dr: DraftContext) -> str:
    """When 自评 can be: the money that would finish the work within the plan (no queue of years after
    it: the funding gap is the government's decision)."""
    sch = dr.schedule
    if K("budget", measure="needed") in dr.facts:
        never = any(p.start == (0, 0) for p in sch.unfunded)
        beyond = "accept_never_years" if sch.done_year is None else "accept_never_plan"
        why = dr.phrase("accept_never_over_cap" if never else beyond)
        return dr.phrase("accept_later_money", needed=dr.d(K("budget", measure="needed")), why=why)
    return dr.phrase("accept_later")


def _exchange(dr: DraftContext, y: YearPlan) -> str:
    """The year's 交流轮岗: the quota, and in the year of the named transfers, how many they are."""
    values = {"quota": dr.d(K("quota", measure="count")), "backbone": dr.d(K("quota", measure="backbone"))}
    if y.exchanges:
        values["quota"] = dr.d(K("quota", measure="first_year"))
        values["backbone"] = dr.d(K("quota", measure="first_backbone"))
        named = "、".join(
            dr.phrase(
                "step_exchange_named",
                stage=STAGE_NAMES[e.stage],
                indicator=dr.std.indicator(e.indicator).short,
                count=dr.d(K("exchange", stage=e.stage, indicator=e.indicator, measure="count")),
            )
            for e in y.exchanges
        )
        return dr.phrase("step_exchange_with", named=named, annex=annex_no(dr, "exchange"), **values)
    town = dr.words.level == "town" and "step_exchange_town" in dr.tpl.phrases
    return dr.phrase("step_exchange_town" if town else "step_exchange", **values)


def steps(dr: DraftContext) -> list[Section]:
    out = []
    for y in dr.schedule.years:
        title = dr.phrase("step_title", name=y.name, year=y.year)
        out.append(Section(f"steps.{y.year}", title, 2, _year(dr, y)))
    if dr.schedule.unfunded:
        left = dr.schedule.unfunded
        text = dr.phrase(
            "step_unscheduled",
            budget=dr.d(K("budget", measure="yearly")),
            left_count=dr.d(K("sched", measure="unscheduled")),
            left_schools=dr.d(K("sched", measure="unscheduled_schools")),
            left_cost=dr.d(K("sched", measure="unscheduled_cost")),
            works=works_total(dr, "left", "public", works_of(left)),
            annex=annex_no(dr, "unfunded"),
        )
        out.append(Section("steps.unfunded", dr.phrase("unfunded_title"), 2, [dr.para(text)]))
    return out
