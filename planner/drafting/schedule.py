"""Decide the plan: which whole projects start in which year, what they cost by fund, what each year's
end looks like, and what more money or time the standard needs — one typed ``Schedule``.

Projects come from ``planner.drafting.projects`` (gaps as whole units); the years from
``planner.drafting.allocate`` (an integer program under the yearly 建设资金 cap; without a cap
under the least even yearly money that still finishes everything within the plan, so the
work is phased 先急后缓: 大班额, 超规模 and the worst schools first, not all in year one).
Work other funds pay (hires, training) and a 民办 school's (its 举办者's) start in the first
year. 交流轮岗 is a yearly quota sized to the county, with named transfers for a teacher CV that
adding cannot bring a margin under its limit. Facts and sentences are derived from the result
(``planner.drafting.plan_facts``), never the other way round.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from metrics import Evaluation, evaluate, what_if
from planner.drafting.allocate import Job, allocate, extend, fill, least_budget, load_of
from planner.drafting.classes import ClassNeed, class_needs
from planner.drafting.costs import KINDS, YearCosts, payment_profile
from planner.drafting.exchange import Exchange, Quota, exchange_quota, plan_exchanges
from planner.drafting.figures import figures_for
from planner.drafting.oversize import campus_projects, size_reached
from planner.drafting.projection import Projection, project, projection_of
from planner.drafting.projects import Project, plan_projects
from planner.drafting.timing import autumn_offset, earliest_offset, window
from planner.settings import DEFAULT_YEAR_NAMES, PlanSettings

__all__ = [
    "Projection",
    "Schedule",
    "ScheduleItem",
    "YearPlan",
    "build_schedule",
    "design_enrolment",
]

ScheduleItem = Project
"""One scheduled project (the name the chat and the documents import)."""

RED_LINE_WEIGHT = 2.0
"""大班额 (a national red line since 国发〔2016〕40号) and 超规模 rooms come first under any cap."""
_WEIGHTS = {"school": 1.0, "lift": 1.0, "size": 1.0, "margin": 0.75, "cv": 0.5, "item": 0.5}
"""A school brought to the standard counts fully; its design margin three quarters; a CV's or an
item's share of the work half."""


@dataclass
class YearPlan:
    year: int
    name: str
    items: list[Project] = field(default_factory=list)
    """The projects started this year."""
    projection: Projection | None = None
    costs: YearCosts | None = None
    """This year's spending by fund (hires of earlier years included)."""
    exchanges: list[Exchange] = field(default_factory=list)
    """Named transfers made this year (autumn term)."""
    acceptance: bool = False
    """The last year of a plan of two or more years: acceptance, self-evaluation, rectification."""

    @property
    def cost_wan(self) -> float:
        """Public money spent this year (all funds)."""
        return self.costs.public if self.costs else sum(i.cost_wan for i in self.items if i.public)

    def continued(self, years: list[YearPlan]) -> list[Project]:
        """Construction started in an earlier year and paid (built) this year (续建)."""
        return [
            i
            for y in years
            if y.year < self.year
            for i in y.items
            if i.fund == "construction" and any(when == self.year for when, _ in i.payments)
        ]

    @property
    def recurring_wan(self) -> float:
        """Salaries this year of teachers hired in earlier years."""
        if self.costs is None:
            return 0.0
        new = sum(i.cost_wan for i in self.items if i.public and i.fund == "personnel")
        return self.costs.personnel - new


@dataclass
class Schedule:
    years: list[YearPlan]
    unscheduled: list[Project]
    """Projects not started within the plan; ``start`` holds the earliest year at the same cap
    ((0, 0): never under it, its cost alone being over the cap)."""
    baseline: Projection
    reached_year: int | None
    """The first year at whose end every school and every CV meets the standard; None if never."""
    need: list[Project] = field(default_factory=list)
    """Everything the plan must do (what is scheduled plus what is not)."""
    stated: Evaluation | None = None
    """The evaluation at the design enrolment (``design_enrolment``: the roll plus the design
    margin), the one the work is sized for."""
    exchanges: list[Exchange] = field(default_factory=list)
    quota: Quota | None = None
    """The yearly 交流轮岗 quota (None without teachers in the data)."""
    classes: list[ClassNeed] = field(default_factory=list)
    """The school-stages over the class-size limit (their rooms and teachers are in ``need``)."""
    needed_budget: float | None = None
    """With a cap that leaves work unfunded: a yearly cap under which all of it shows within the plan
    (None when some work cannot finish within the plan at any cap)."""
    level: float | None = None
    """Without a cap: the even yearly 建设资金 the work was phased at (``even_level``)."""
    done_year: int | None = None
    """With unfunded work: the year its last result shows if the cap is kept after the plan (None: some
    project can never be funded under the cap)."""

    @property
    def items(self) -> list[Project]:
        return [i for y in self.years for i in y.items]

    @property
    def unfunded(self) -> list[Project]:
        """Public building work the yearly cap leaves out of the plan (the hires that wait with it and
        the 认定 its capacity leaves are not building projects)."""
        return [p for p in self.unscheduled if p.public and p.fund == "construction"]

    @property
    def beyond_capacity(self) -> list[Project]:
        """骨干 认定 the county's yearly capacity cannot hold within the plan."""
        return [p for p in self.unscheduled if p.kind == "backbone"]

    @property
    def public_items(self) -> list[Project]:
        return [i for i in self.items if i.public]

    @property
    def private_items(self) -> list[Project]:
        return [i for i in self.items if not i.public]

    @property
    def total_cost_wan(self) -> float:
        """Public money over the plan period (the sum of the yearly totals)."""
        return sum(y.cost_wan for y in self.years)

    @property
    def end(self) -> Projection | None:
        """The projection at the end of the plan's last year."""
        return self.years[-1].projection

    @property
    def complete(self) -> bool:
        return not self.unscheduled and self.reached_year is not None


def design_enrolment(schools_frame: pd.DataFrame, evaluation: Evaluation, margin: float) -> pd.DataFrame:
    """The rows the work is sized for: every in-scope school's roll plus ``margin`` (whole pupils,
    rounded up), so a school the plan lifts still meets its thresholds when a few more pupils come
    (a school one pupil away from failing is not done). Rows outside the scope (a 教学点 under 50
    pupils) stay as uploaded, so the scope does not change. No roll is ever cut: a school over the
    学校规模 limit is sized for the pupils it has."""
    if margin <= 0:
        return schools_frame
    excluded = {e.name for e in evaluation.excluded}
    out = schools_frame.copy()
    keep = out["name"].isin(excluded)
    for key in ("primary_students", "junior_students", "senior_students"):
        if key in out:
            values = out[key]
            grown = values.map(lambda v: v if pd.isna(v) else float(math.ceil(v * (1 + margin) - 1e-9)))
            out[key] = values.where(keep, grown)
    return out


def _capped(p: Project, settings: PlanSettings) -> bool:
    """Public construction: what the yearly money (the cap, or without one the level) decides."""
    return p.public and p.fund == "construction"


def _packages(need: list[Project], settings: PlanSettings) -> list[list[int]]:
    """The capped projects that start together: a school's for one purpose (it passes only when all of
    them show)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(need):
        if _capped(p, settings):
            groups.setdefault((p.school, p.purpose), []).append(i)
    return list(groups.values())


def _job(need: list[Project], members: list[int], settings: PlanSettings) -> Job:
    """A package for the solver: its members' payment profiles added up, its slowest member's lag."""
    profiles = [
        need[i].profile or payment_profile(need[i].kind, need[i].amount, settings, need[i].area)
        for i in members
    ]
    cost = tuple(sum(p[d] for p in profiles if d < len(p)) for d in range(max(map(len, profiles))))
    lag = max(window(need[i].kind, settings.rules).years for i in members)
    purpose = need[members[0]].purpose
    urgency = 1.0 - min(min(need[i].ratio for i in members), 1.0)
    earliest = max(_earliest(need[i], settings) for i in members)
    weight = _WEIGHTS.get(purpose, 1.0)
    if any(need[i].classes or need[i].purpose == "size" for i in members):
        weight, urgency = RED_LINE_WEIGHT, 1.0  # 大班额 and 超规模 before everything else
    return Job(cost, lag, weight, urgency, earliest)


def _earliest(p: Project, settings: PlanSettings) -> int:
    return earliest_offset(p.kind, settings.start_year, settings.issue_date, settings.rules)


def _timed(p: Project, year: int, settings: PlanSettings) -> Project:
    """The project started in ``year``: its months and its payments (a hire's salary every year to
    the plan's end; other work by its payment profile)."""
    w = window(p.kind, settings.rules)
    if p.fund == "personnel":
        paid = max(settings.end_year - year + 1, 1)
        payments = tuple((y, p.cost_wan) for y in range(year, year + paid))
    else:
        paid = 1
        profile = p.profile or payment_profile(p.kind, p.amount, settings, p.area)
        payments = tuple((year + d, a) for d, a in enumerate(profile))
    return replace(
        p, start=(year, w.start), finish=(year + w.years, w.finish), years_paid=paid, payments=payments
    )


def _starts(
    need: list[Project],
    packages: list[list[int]],
    jobs: list[Job],
    settings: PlanSettings,
    level: float | None = None,
) -> list[int | None]:
    """Each project's start (year offset; None: never under the cap): packages by the integer
    program; then single projects of the packages left out where a plan year's money would stay
    idle; then what is left, package by package, after the plan."""
    # capacity-limited work: its planned year, never before the plan is issued
    starts: list[int | None] = [
        None if p.offset is None else max(p.offset, _earliest(p, settings)) for p in need
    ]
    budget = settings.yearly_budget_wan
    if budget is None and level is not None:
        planned = _levelled(jobs, settings, level)
    else:
        planned = allocate(jobs, settings.years, budget)
    for members, start in zip(packages, planned, strict=True):
        for i in members:
            starts[i] = start
    if budget is None:
        return _with_rooms(need, starts, settings)
    load = load_of(jobs, planned, settings.years)
    waiting = [i for members, s in zip(packages, planned, strict=True) if s is None for i in members]
    single = fill([_job(need, [i], settings) for i in waiting], settings.years, budget, load)
    for i, start in zip(waiting, single, strict=True):
        starts[i] = start
    rest = [[i for i in members if starts[i] is None] for members in packages]
    rest = [members for members in rest if members]
    later = extend([_job(need, m, settings) for m in rest], settings.years, budget, load)
    for members, start in zip(rest, later, strict=True):
        for i in members:
            starts[i] = start
    return _with_rooms(need, _hires_wait(need, starts, settings), settings)


def _hires_wait(need: list[Project], starts: list[int | None], settings: PlanSettings) -> list[int | None]:
    """Under a cap, a school whose own building work waits for money does not pass within the plan:
    its hires for that goal (and their design-margin top-ups) wait with it, starting with its
    building (salaries for ever buy nothing until it can pass)."""
    own = ("school", "margin")
    waiting: dict[str, int | None] = {}
    for p, t in zip(need, starts, strict=True):
        if _capped(p, settings) and p.purpose in own and (t is None or t >= settings.years):
            later = waiting.get(p.school, t)
            waiting[p.school] = None if t is None or later is None else max(t, later)
    out = list(starts)
    for i, p in enumerate(need):
        if p.kind == "hire" and not p.classes and p.purpose in own and p.school in waiting:
            out[i] = waiting[p.school]
    return out


def _red(job: Job) -> bool:
    return job.weight >= RED_LINE_WEIGHT


def _levelled(jobs: list[Job], settings: PlanSettings, level: float) -> list[int | None]:
    """Without a cap: 大班额 and 超规模 work at once, the rest under the even level."""
    rest = [i for i, j in enumerate(jobs) if not _red(j)]
    placed = allocate([jobs[i] for i in rest], settings.years, level)
    out: list[int | None] = [j.earliest if _red(j) else None for j in jobs]
    for i, t in zip(rest, placed, strict=True):
        out[i] = t
    return out


def even_level(jobs: list[Job], settings: PlanSettings) -> float | None:
    """Without a cap, the yearly 建设资金 the work other than the red lines (大班额, 超规模: at once) is
    phased at, when starting everything at once would put more than ``uncapped_yearly_wan`` into one
    year: the least even yearly money under which it still finishes within the plan, never below
    that capacity (None: everything starts at once)."""
    rest = [j for j in jobs if not _red(j)]
    if not any(j.capped for j in rest):
        return None
    capacity = settings.rules.uncapped_yearly_wan
    at_once = load_of(jobs, tuple(j.earliest for j in jobs), settings.years)
    if max(at_once) <= capacity + 1e-9:
        return None  # within what a county can put in a year: the standard is reached soonest
    least = least_budget(rest, settings.years)
    return None if least is None else max(least, capacity)


def _with_rooms(need: list[Project], starts: list[int | None], settings: PlanSettings) -> list[int | None]:
    """Teachers for extra classes (班额) are hired the year their classrooms are handed over, never
    before: a room left waiting for money leaves its teachers waiting too."""
    out = list(starts)
    for i, p in enumerate(need):
        if p.kind != "hire" or not p.classes:
            continue
        room = next(
            (
                j
                for j, r in enumerate(need)
                if r.school == p.school
                and r.field == "teaching_rooms_area"
                and set(r.classes) & set(p.classes)
            ),
            None,
        )
        if room is None:
            continue
        begun = starts[room]
        out[i] = None if begun is None else begun + window(need[room].kind, settings.rules).years
    return out


def year_costs(years: list[YearPlan], year: int) -> YearCosts:
    """One year's spending by fund: every scheduled project's payment that year (work started then or
    before, salaries of everyone hired so far)."""
    spent = dict.fromkeys(("construction", "personnel", "training", "private"), 0.0)
    for y in years:
        for item in y.items:
            for when, amount in item.payments:
                if when == year:
                    spent[item.fund if item.public else "private"] += amount
    return YearCosts(year, **spent)


def _quota(evaluation: Evaluation) -> Quota | None:
    figures = figures_for(evaluation.standard.target)
    share, backbone = figures.get("exchange_share"), figures.get("exchange_backbone")
    if share is None or backbone is None or "teachers" not in evaluation.table:
        return None
    quota = exchange_quota(evaluation, share.value / 100, backbone.value / 100)
    return quota if quota.eligible > 0 else None


def build_schedule(
    evaluation: Evaluation, settings: PlanSettings, schools_frame: pd.DataFrame | None = None
) -> Schedule:
    """Decide the projects' years within the budget, and project each year's end.

    The work is sized on the design enrolment (``design_enrolment``); the years are projected on the
    rolls as uploaded, so every pupil counted today is counted at the plan's end."""
    stated = evaluation
    design = schools_frame
    if schools_frame is not None:
        # 基本均衡 lifts schools to the county mean (no per-school threshold to keep a margin over)
        margin = settings.rules.design_margin if evaluation.standard.has_school_thresholds else 0.0
        design = design_enrolment(schools_frame, evaluation, margin)
        if design is not schools_frame:
            stated = evaluate(design, evaluation.standard)
    need = plan_projects(stated, settings, design, evaluation) + campus_projects(evaluation, settings)
    packages = _packages(need, settings)
    jobs = [_job(need, g, settings) for g in packages]
    level = even_level(jobs, settings) if settings.yearly_budget_wan is None else None
    starts = _starts(need, packages, jobs, settings, level)
    years = [YearPlan(y, n) for y, n in zip(settings.year_list, settings.year_names, strict=True)]
    if len(years) >= 2:
        years[-1].acceptance = True
    unscheduled: list[Project] = []
    decided: list[Project] = []
    for p, start in zip(need, starts, strict=True):
        if start is not None:
            p = _timed(p, settings.start_year + start, settings)
            if start < settings.years:
                years[start].items.append(p)
            else:
                p = replace(p, years_paid=1, payments=())
        if start is None or start >= settings.years:
            unscheduled.append(p)
        decided.append(p)
    _rename_idle_first(years, settings)
    if evaluation.standard.target == "basic" and years[-1].name == DEFAULT_YEAR_NAMES[-1]:
        years[-1].name = BASIC_LAST_NAME  # no 基本均衡 认定 is left to prepare for (迎评)
    order = list(KINDS)
    for year in years:
        year.items.sort(
            key=lambda i: (order.index(i.kind), not i.public, i.township, i.school, i.stage or "")
        )
        year.costs = year_costs(years, year.year)
    schedule = Schedule(
        years,
        unscheduled,
        projection_of(evaluation),
        None,
        decided,
        stated,
        quota=_quota(evaluation),
        classes=class_needs(evaluation),
        level=level,
    )
    if schools_frame is not None:
        _project_years(schedule, schools_frame, evaluation, settings)
    elif not unscheduled:
        schedule.reached_year = years[-1].year
    if schedule.baseline.passed:
        schedule.reached_year = years[0].year
    schedule.reached_year = size_reached(decided, schedule.reached_year, settings.end_year)
    if evaluation.standard.target != "basic":  # a 基本均衡 plan has no 认定 left to 申报
        _accept_early(schedule, settings)
    if unscheduled and settings.yearly_budget_wan is not None:
        schedule.needed_budget = least_budget(jobs, settings.years)
        if all(u.start != (0, 0) for u in unscheduled):
            schedule.done_year = max(u.finish[0] for u in unscheduled)
    return schedule


KEPT_NAMES = ("自评申报年", "巩固提升年")
"""A county that already meets the standard: its 自评 and 申报 year, then the years that keep it."""


def _accept_early(schedule: Schedule, settings: PlanSettings) -> None:
    """Nothing to build and every school and CV met today: 验收, 自评 and 迎评 in the first year whose
    autumn term follows the plan's issue (a compliant county does not wait three years); the years
    after keep what is reached. Default year names follow; a name the office chose is kept."""
    years = schedule.years
    if len(years) < 2 or not schedule.baseline.passed:
        return
    if any(p.public and p.fund == "construction" for p in schedule.need):
        return
    at = min(autumn_offset(settings.start_year, settings.issue_date), len(years) - 1)
    for i, y in enumerate(years):
        y.acceptance = i == at
        if y.name in (*DEFAULT_YEAR_NAMES, *IDLE_FIRST_NAMES):
            y.name = KEPT_NAMES[0] if i == at else KEPT_NAMES[1]


BASIC_LAST_NAME = "总结提升年"
"""The last year of a 基本均衡 (巩固) plan: its 认定 is complete nationwide, nothing to 迎评."""
IDLE_FIRST_NAMES = ("前期准备年", "巩固提升年")
"""A first year without public work is named for what happens in it: preparing the work of the later
years, or (nothing to build at all) keeping what is reached — never 建设推进年."""


def _rename_idle_first(years: list[YearPlan], settings: PlanSettings) -> None:
    """The default name of a first year whose public work starts later (or never) — a name the office
    chose is kept."""
    first = years[0]
    if len(years) < 2 or first.name != DEFAULT_YEAR_NAMES[0] or any(i.public for i in first.items):
        return
    later = any(i.public for y in years[1:] for i in y.items)
    first.name = IDLE_FIRST_NAMES[0] if later else IDLE_FIRST_NAMES[1]


def _project_years(
    schedule: Schedule,
    frame: pd.DataFrame,
    evaluation: Evaluation,
    settings: PlanSettings,
) -> None:
    """Each year's end on the rolls as uploaded; transfers where the plan's additions leave a teacher
    CV within the margin of its limit (made in the first autumn term after the plan is issued)."""
    margin = settings.rules.cv_margin
    first = min(autumn_offset(settings.start_year, settings.issue_date), len(schedule.years) - 1)
    shown = [a for i in schedule.items if i.effect <= settings.end_year for a in i.additions()]
    after = what_if(frame, evaluation.standard, shown)
    if any(
        v is not None and v > st.cv_limit - margin for st in after.stages.values() for v in st.cv.values()
    ):
        schedule.exchanges = plan_exchanges(after, margin)
        schedule.years[first].exchanges = list(schedule.exchanges)
    filled = round(sum(p.amount for p in schedule.years[first].items if p.kind == "backbone_transfer"))
    if schedule.quota is not None and (schedule.exchanges or filled):
        schedule.quota = schedule.quota.covering(schedule.exchanges, filled)
    moves = [a for e in schedule.exchanges for a in e.additions()]
    for n, year in enumerate(schedule.years):
        done = [a for i in schedule.items if i.effect <= year.year for a in i.additions()]
        year.projection = project(frame, evaluation, done + (moves if n >= first else []))
        if schedule.reached_year is None and year.projection.passed:
            schedule.reached_year = year.year
