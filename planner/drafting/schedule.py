"""Spread every school's fixes over the action years and project each year's CVs.

A county runs a plan so: buildings and fields (the long-lead work) start in the first year; equipment,
hires and training follow over the work years, worst gaps first; the last year is kept for acceptance,
self-evaluation and rectification (with a budget, it takes only construction that did not fit before).
Costs come from ``planner.drafting.costs``: the yearly budget caps 建设资金 alone (public schools); hires'
salaries and training are paid from their own funds; a 民办 school's work is its 举办者's. What a budget
leaves over after the last year is reported as unscheduled, and the plan says what would reach it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from metrics import STAGE_NAMES, Addition, Evaluation, additions_to_close, evaluate, what_if
from metrics.columns import BY_KEY
from metrics.split import SUBTOTAL_TYPES
from planner.drafting.costs import FUNDS, YearCosts, fund_of, item_cost
from planner.drafting.exchange import Exchange, plan_exchanges
from planner.drafting.facts import FIELD_CATEGORY, FactKey, FactSheet, fmt_against
from planner.settings import PlanSettings

__all__ = [
    "LONG_LEAD",
    "Projection",
    "Schedule",
    "ScheduleItem",
    "YearPlan",
    "build_schedule",
    "item_cost",
]

LONG_LEAD = frozenset({"teaching_rooms_area", "sports_field_area"})
"""Work that takes more than a season (立项, 设计, 招标, 施工): it starts in the first year."""

# (start month, finish month, finish in the next work year) per kind of work: a building is 立项 and
# designed by March, started in May and handed over in August of the next work year; equipment is
# bought from April to August, hires are recruited from May to August (in post for the autumn term),
# training runs from March to December.
_MONTHS = {
    "building": (3, 8, True),
    "equipment": (4, 8, False),
    "personnel": (5, 8, False),
    "training": (3, 12, False),
}
BUILDING_START_MONTH = 5
ACCEPTANCE_QUARTERS = ((1, 3), (4, 6), (7, 9), (10, 12))
"""The acceptance year: 竣工验收, 自查整改, 自评, 迎评 — one quarter each."""


@dataclass(frozen=True)
class ScheduleItem:
    """One school's addition to one upload column, started in one year."""

    school: str
    field: str
    amount: float
    stage: str | None
    indicator: str
    ratio: float
    """value / target before the work: the smaller, the earlier it is scheduled."""
    cost_wan: float
    """Paid in the year the work starts (for hires: one year's salaries)."""
    township: str = ""
    rows: tuple[int, ...] = ()
    years_paid: int = 1
    """Hires are paid from the year they are added to the plan's last year; other work once."""
    public: bool = True
    """False for a 民办 school: its 举办者 pays."""
    start: tuple[int, int] = (0, 0)
    """(year, month) the work starts."""
    finish: tuple[int, int] = (0, 0)
    """(year, month) it is finished and handed over."""

    @property
    def period_cost_wan(self) -> float:
        """The cost over the plan period."""
        return self.cost_wan * self.years_paid

    @property
    def category(self) -> str:
        return FIELD_CATEGORY.get(self.field, "teachers")

    @property
    def fund(self) -> str:
        return fund_of(self.field)

    @property
    def unit(self) -> str:
        return BY_KEY[self.field].unit

    def addition(self) -> Addition:
        return Addition(self.school, self.field, self.amount, self.stage)


@dataclass(frozen=True)
class Projection:
    """The evaluation re-run with every addition up to a year's end."""

    cv: dict[str, dict[str, float | None]]
    cv_failed: dict[str, tuple[str, ...]]
    failing_schools: int
    passed: bool
    composite_failed: dict[str, float | None] = field(default_factory=dict)
    """Under the composite rule, the stages whose composite CV is over the limit, with its value."""


@dataclass
class YearPlan:
    year: int
    name: str
    items: list[ScheduleItem] = field(default_factory=list)
    projection: Projection | None = None
    costs: YearCosts | None = None
    """This year's spending by fund (hires of earlier years included)."""
    exchanges: list[Exchange] = field(default_factory=list)
    """Teacher transfers done this year (autumn term)."""
    acceptance: bool = False
    """The last year of a plan of two or more years: acceptance, self-evaluation, rectification."""

    @property
    def cost_wan(self) -> float:
        """Public money spent this year (all funds)."""
        return self.costs.public if self.costs else sum(i.cost_wan for i in self.items if i.public)

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
    unscheduled: list[ScheduleItem]
    baseline: Projection
    reached_year: int | None
    """The first year at whose end every school and every CV meets the standard; None if never."""
    need: list[ScheduleItem] = field(default_factory=list)
    """Everything the plan must do (what is scheduled plus what is not): the "共需"."""
    enrolment_caps: dict[str, int] = field(default_factory=dict)
    """Schools over the 学校规模 limit → the enrolment their work is sized for."""
    stated: Evaluation | None = None
    """The evaluation at the stated enrolment (the one the work is sized for)."""
    exchanges: list[Exchange] = field(default_factory=list)
    """交流轮岗 for the CVs that adding cannot bring under their limits."""

    @property
    def items(self) -> list[ScheduleItem]:
        return [i for y in self.years for i in y.items]

    @property
    def public_items(self) -> list[ScheduleItem]:
        return [i for i in self.items if i.public]

    @property
    def private_items(self) -> list[ScheduleItem]:
        return [i for i in self.items if not i.public]

    @property
    def total_cost_wan(self) -> float:
        """Public money over the plan period (the sum of the yearly totals)."""
        return sum(y.cost_wan for y in self.years)

    @property
    def complete(self) -> bool:
        return not self.unscheduled and self.reached_year is not None


def recurring(field_key: str) -> bool:
    """Whether adding to this column adds staff paid every year (not a one-off purchase or training)."""
    return fund_of(field_key) == "personnel"


def _projection(evaluation: Evaluation) -> Projection:
    cv = {s: dict(st.cv) for s, st in evaluation.stages.items()}
    failed = {
        s: st.cv_failed if st.cv_rule == "each" or not st.passed else ()
        for s, st in evaluation.stages.items()
    }
    failing = len({s.name for s in evaluation.schools if s.passed is False})
    passed = failing == 0 and all(st.passed is not False for st in evaluation.stages.values())
    composite = {s: st.composite_cv for s, st in evaluation.stages.items() if st.passed is False}
    return Projection(cv, failed, failing, passed, composite)


def _candidates(
    evaluation: Evaluation, settings: PlanSettings, schools_frame: pd.DataFrame | None
) -> list[ScheduleItem]:
    """The additions a plan schedules: each school's passing set, then the rest of the unmet gaps if
    the CVs would still fail; under a standard without school thresholds, lifting schools to the mean."""
    std = evaluation.standard
    info = {s.name: s for s in evaluation.schools}
    ratio_of: dict[tuple[str, str], tuple[float, str]] = {}
    for s in evaluation.schools:
        for key, gap in s.gaps.items():
            slot = (s.name, std.indicator(key).add_to)
            ratio_of[slot] = min(ratio_of.get(slot, (math.inf, key)), (gap.ratio, key))
    if std.has_school_thresholds:
        additions = additions_to_close(evaluation, "fixes")
        if schools_frame is not None:
            after = what_if(schools_frame, std, additions)
            if any(st.passed is False for st in after.stages.values()):
                additions = additions_to_close(evaluation, "unmet")
    else:
        additions = _to_mean(evaluation)
        for a in additions:
            ind = next(i for i in std.indicators if i.add_to == a.field)
            ratio_of[(a.school, a.field)] = (_ratio_to_mean(evaluation, a.school, ind.key), ind.key)
    items = []
    for a in additions:
        ratio, key = ratio_of.get((a.school, a.field), (1.0, ""))
        s = info[a.school]
        rows = tuple(sorted({r for x in evaluation.schools if x.name == a.school for r in x.rows}))
        items.append(
            ScheduleItem(
                a.school,
                a.field,
                float(a.amount),
                a.stage,
                key,
                ratio,
                item_cost(a.field, a.amount, settings),
                s.township,
                rows,
                public=s.ownership != "民办",
            )
        )
    items.sort(key=lambda i: (i.ratio, i.school, i.field))
    return items


def _ratio_to_mean(evaluation: Evaluation, school: str, key: str) -> float:
    ratios = [
        s.indicators[key] / evaluation.stages[s.stage].means[key]
        for s in evaluation.school(school)
        if evaluation.stages[s.stage].means[key] > 0
    ]
    return min(ratios, default=1.0)


def _to_mean(evaluation: Evaluation) -> list[Addition]:
    """Bring every school below the county mean up to it, on the indicators whose CV fails."""
    std = evaluation.standard
    table = evaluation.table
    out: dict[tuple[str, str, str | None], float] = {}
    for i, s in enumerate(evaluation.schools):
        st = evaluation.stages[s.stage]
        keys = st.cv_failed if st.cv_rule == "each" else (std.keys if st.passed is False else ())
        for key in keys:
            ind = std.indicator(key)
            mean, value = st.means[key], s.indicators[key]
            if not value < mean:
                continue
            amount = (mean - value) * s.students / ind.scale
            stage = None
            if ind.add_to in std.split_columns:
                amount /= float(table["share"].iat[i]) or 1.0
            elif s.school_type in SUBTOTAL_TYPES:
                stage = s.stage
            if BY_KEY[ind.add_to].integer:
                amount = math.ceil(amount - 1e-9)
            slot = (s.name, ind.add_to, stage)
            out[slot] = max(out.get(slot, 0.0), amount)
    return [Addition(n, f, a, st) for (n, f, st), a in out.items() if a > 0]


def year_costs(years: list[YearPlan], year: int) -> YearCosts:
    """One year's spending by fund: work started that year, and salaries of everyone hired so far."""
    spent = dict.fromkeys(("construction", "personnel", "training", "private"), 0.0)
    for y in years:
        for item in y.items:
            hired = item.fund == "personnel" and y.year <= year
            if y.year == year or hired:
                spent[item.fund if item.public else "private"] += item.cost_wan
    return YearCosts(year, **spent)


def _timed(item: ScheduleItem, year: int, next_work_year: int | None) -> ScheduleItem:
    kind = (
        "building" if item.field in LONG_LEAD else item.fund if item.fund != "construction" else "equipment"
    )
    start, finish, spans = _MONTHS[kind]
    end_year = next_work_year if spans and next_work_year is not None else year
    if spans and next_work_year is None:
        finish = 12
    return replace(item, start=(year, start), finish=(end_year, finish))


def _spread(items: list[ScheduleItem], years: list[YearPlan]) -> None:
    """Spread items (worst first) over the years so that each year's cost is about equal."""
    total = sum(i.cost_wan for i in items)
    pending = list(items)
    for idx, year in enumerate(years):
        last = idx == len(years) - 1
        cap = math.inf if last else total * (idx + 1) / len(years)
        spent = sum(i.cost_wan for y in years[: idx + 1] for i in y.items if i in items)
        mine = any(i in items for i in year.items)
        while pending and (last or spent + pending[0].cost_wan <= cap + 1e-6 or not mine):
            item = pending.pop(0)
            year.items.append(item)
            spent += item.cost_wan
            mine = True


def _fill_budget(items: list[ScheduleItem], years: list[YearPlan], budget: float, settings: PlanSettings):
    """Fill each year's 建设资金 up to the budget, splitting a project that does not fit; the rest is
    returned unscheduled."""
    pending = list(items)
    for year in years:
        room = budget - sum(i.cost_wan for i in year.items if i.public and i.fund == "construction")
        rest = []
        for item in pending:
            if item.cost_wan <= room + 1e-9:
                year.items.append(item)
                room -= item.cost_wan
                continue
            part = _part_that_fits(item, room, settings)
            if part is not None:
                year.items.append(part)
                room -= part.cost_wan
                item = _with_amount(item, item.amount - part.amount, settings)
            rest.append(item)
        pending = rest
    return pending


def stated_enrolment(
    schools_frame: pd.DataFrame, evaluation: Evaluation
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The school rows at the enrolment the plan states: a school over its 学校规模 limit is told to
    cut enrolment to the limit, so its facilities are sized for the limit, not for today's roll.

    Returns the rows (students scaled per stage to the limit) and {school: stated enrolment}.
    """
    caps = {g.name: int(g.limit) for g in evaluation.guarantees if g.item == "学校规模" and not g.met}
    if not caps:
        return schools_frame, {}
    out = schools_frame.copy()
    keys = [k for k in ("primary_students", "junior_students") if k in out]
    for idx, name in zip(out.index, out["name"], strict=True):
        if name not in caps:
            continue
        now = [0.0 if pd.isna(out.at[idx, k]) else float(out.at[idx, k]) for k in keys]
        total = sum(now)
        if total <= caps[name]:
            continue
        scaled = [math.floor(v * caps[name] / total) for v in now]
        scaled[max(range(len(now)), key=lambda i: now[i])] += caps[name] - sum(scaled)
        for k, v, old in zip(keys, scaled, now, strict=True):
            if old > 0:
                out.at[idx, k] = float(v)
    return out, caps


def build_schedule(
    evaluation: Evaluation, settings: PlanSettings, schools_frame: pd.DataFrame | None = None
) -> Schedule:
    """Assign the fixes to years within the budget, and project each year's end.

    Facility gaps and projections are on the stated enrolment (``stated_enrolment``), the same
    enrolment the 学校规模 task states."""
    caps: dict[str, int] = {}
    stated = evaluation
    if schools_frame is not None:
        schools_frame, caps = stated_enrolment(schools_frame, evaluation)
        if caps:
            stated = evaluate(schools_frame, evaluation.standard)
    need = _candidates(stated, settings, schools_frame)
    years = [YearPlan(y, n) for y, n in zip(settings.year_list, settings.year_names, strict=True)]
    if len(years) >= 2:
        years[-1].acceptance = True
    work = years[:-1] if len(years) >= 2 else years
    budget = settings.yearly_budget_wan
    capped = [i for i in need if i.public and i.fund == "construction"] if budget is not None else []
    free = [i for i in need if i not in capped]
    # long-lead work starts in the first year; the rest is spread over the work years
    work[0].items += [i for i in free if i.field in LONG_LEAD]
    _spread([i for i in free if i.field not in LONG_LEAD], work)
    unscheduled: list[ScheduleItem] = []
    if capped:
        first = sorted(capped, key=lambda i: (i.field not in LONG_LEAD, i.ratio, i.school, i.field))
        unscheduled = _fill_budget(first, years, budget, settings)
    for idx, year in enumerate(years):
        nxt = work[idx + 1].year if idx + 1 < len(work) else None
        year.items = [
            _timed(replace(i, years_paid=len(years) - idx) if recurring(i.field) else i, year.year, nxt)
            for i in year.items
        ]
    for year in years:
        year.costs = year_costs(years, year.year)

    baseline = _projection(evaluation)
    reached = None
    exchanges: list[Exchange] = []
    if schools_frame is not None:
        # what adding cannot fix, moving teachers may: planned for the autumn term of the last work year
        after = what_if(schools_frame, evaluation.standard, [i.addition() for y in years for i in y.items])
        exchanges = plan_exchanges(after)
        work[-1].exchanges = exchanges
        done: list[Addition] = []
        for year in years:
            done += [i.addition() for i in year.items] + [a for e in year.exchanges for a in e.additions()]
            year.projection = _projection(what_if(schools_frame, evaluation.standard, done))
            if reached is None and year.projection.passed:
                reached = year.year
    elif not unscheduled:
        reached = years[-1].year
    if baseline.passed:
        reached = years[0].year
    return Schedule(years, unscheduled, baseline, reached, need, caps, stated, exchanges)


def _with_amount(item: ScheduleItem, amount: float, settings: PlanSettings) -> ScheduleItem:
    return ScheduleItem(
        item.school,
        item.field,
        amount,
        item.stage,
        item.indicator,
        item.ratio,
        item_cost(item.field, amount, settings),
        item.township,
        item.rows,
        public=item.public,
    )


def _part_that_fits(item: ScheduleItem, room: float, settings: PlanSettings) -> ScheduleItem | None:
    if room <= 0:
        return None
    amount = item.amount * room / item.cost_wan
    if BY_KEY[item.field].integer:
        amount = math.floor(amount + 1e-9)
    else:
        amount = math.floor(amount * 10) / 10
    return _with_amount(item, amount, settings) if amount > 0 else None


def schedule_facts(schedule: Schedule, settings: PlanSettings, evaluation: Evaluation) -> FactSheet:
    """The schedule's figures (yearly work, costs, projected CVs) and the unit-cost assumptions."""
    sheet = FactSheet()
    c = settings.unit_costs
    sheet.add(
        FactKey("assume", measure="building"),
        c.building_yuan_per_m2,
        display=f"{c.building_yuan_per_m2:g}元/㎡",
    )
    sheet.add(
        FactKey("assume", measure="field"), c.field_yuan_per_m2, display=f"{c.field_yuan_per_m2:g}元/㎡"
    )
    sheet.add(
        FactKey("assume", measure="teacher"),
        c.teacher_wan_per_year,
        display=f"{c.teacher_wan_per_year:g}万元/人·年",
    )
    sheet.add(
        FactKey("assume", measure="backbone"),
        c.backbone_wan_per_person,
        display=f"{c.backbone_wan_per_person:g}万元/人",
    )
    sheet.add(
        FactKey("assume", measure="multimedia"),
        c.multimedia_wan_per_room,
        display=f"{c.multimedia_wan_per_room:g}万元/间",
    )
    for key, value, unit in (
        ("degree", c.degree_upgrade_wan_per_person, "万元/人"),
        ("title", c.title_training_wan_per_person, "万元/人"),
        ("computer", c.computer_wan_each, "万元/台"),
        ("book", c.book_yuan_each, "元/册"),
    ):
        sheet.add(FactKey("assume", measure=key), value, display=f"{value:g}{unit}")
    if settings.yearly_budget_wan is not None:
        sheet.add(FactKey("budget", measure="yearly"), settings.yearly_budget_wan, "万元")
    sheet.add(
        FactKey("sched", measure="total_cost"),
        schedule.total_cost_wan,
        "万元",
        rows=[r for i in schedule.items for r in i.rows],
    )
    sheet.add(FactKey("sched", measure="items"), len(schedule.items), "项")
    _fund_facts(sheet, schedule)
    _calendar_facts(sheet, schedule)
    _exchange_facts(sheet, schedule, evaluation)
    end = settings.end_year
    sheet.add(FactKey("milestone", measure="final"), end + 1, display=f"{end + 1}", label="评估认定年")
    if schedule.unscheduled and settings.yearly_budget_wan is not None:
        need = sum(i.cost_wan for i in schedule.need if i.public and i.fund == "construction")
        per_year = math.ceil(need / len(schedule.years) * 100 - 1e-9) / 100
        sheet.add(
            FactKey("budget", measure="needed"), per_year, "万元", label="方案期内全部安排所需年度建设资金"
        )
    for name, students in schedule.enrolment_caps.items():
        sheet.add(FactKey("school", school=name, measure="stated_students"), students, "人")
        for s in schedule.stated.school(name) if schedule.stated else ():
            for key, value in s.indicators.items():
                if not math.isnan(value):
                    unit = evaluation.standard.indicator(key).unit
                    k = FactKey("school", school=name, stage=s.stage, indicator=key, measure="stated_value")
                    sheet.add(k, value, unit, kind="value")
    left_rows = [r for i in schedule.unscheduled for r in i.rows]
    sheet.add(
        FactKey("sched", measure="unscheduled_cost"),
        sum(i.cost_wan for i in schedule.unscheduled),
        "万元",
        rows=left_rows,
    )
    sheet.add(FactKey("sched", measure="unscheduled"), len(schedule.unscheduled), "项", rows=left_rows)
    for y in schedule.years:
        rows = [r for i in y.items for r in i.rows]
        sheet.add(
            FactKey("year", year=y.year, measure="cost"),
            y.cost_wan,
            "万元",
            rows=rows,
            label=f"{y.year}年投入",
        )
        if y.recurring_wan > 0:
            label = f"{y.year}年以前年度新增教师经费"
            sheet.add(FactKey("year", year=y.year, measure="recurring"), y.recurring_wan, "万元", label=label)
        sheet.add(FactKey("year", year=y.year, measure="items"), len(y.items), "项", rows=rows)
        for n, item in enumerate(y.items):
            sheet.add(
                FactKey("year", year=y.year, scope="item", index=n),
                item.amount,
                item.unit,
                rows=item.rows,
                label=f"{item.school}{BY_KEY[item.field].header}",
            )
            sheet.add(
                FactKey("year", year=y.year, scope="item", index=n, measure="cost"),
                item.period_cost_wan,
                "万元",
                rows=item.rows,
            )
        if y.projection is not None:
            sheet.add(
                FactKey("year", year=y.year, measure="failing"),
                y.projection.failing_schools,
                "所",
                label=f"{y.year}年末未达标学校",
            )
            for stage, cvs in y.projection.cv.items():
                valid = [v for v in cvs.values() if v is not None]
                if valid:
                    sheet.add(
                        FactKey("year", year=y.year, scope="cv", stage=stage, measure="max"),
                        max(valid),
                        kind="cv",
                        label=f"{y.year}年末{STAGE_NAMES[stage]}最大差异系数",
                        against=evaluation.standard.cv_limits.get(stage),
                    )
                over = y.projection.composite_failed.get(stage)
                if evaluation.standard.cv_rule == "composite" and over is not None:
                    limit = evaluation.stages[stage].cv_limit
                    key = FactKey("year", year=y.year, scope="cv", stage=stage, measure="composite_vs_limit")
                    sheet.add(key, over, display=fmt_against(over, limit))
                for key, v in cvs.items():
                    if v is not None and v > evaluation.stages[stage].cv_limit:
                        limit = evaluation.stages[stage].cv_limit
                        sheet.add(
                            FactKey(
                                "year",
                                year=y.year,
                                scope="cv",
                                stage=stage,
                                indicator=key,
                                measure="vs_limit",
                            ),
                            v,
                            display=fmt_against(v, limit),
                        )
                    if v is not None:
                        sheet.add(
                            FactKey("year", year=y.year, scope="cv", stage=stage, indicator=key),
                            v,
                            kind="cv",
                            against=evaluation.standard.cv_limits.get(stage),
                        )
    totals: dict[FactKey, float] = {}
    rows_of: dict[FactKey, set[int]] = {}
    for item in schedule.items:
        amounts = {
            FactKey("plan", field=item.field, scope="school", school=item.school): item.amount,
            FactKey("plan", field=item.field, scope="total"): item.amount,
            FactKey("plan", field=item.field, scope="township", township=item.township): item.amount,
            FactKey("cost", field=item.category, scope="total"): item.period_cost_wan,
            FactKey("cost", field=item.category, scope="school", school=item.school): item.period_cost_wan,
            FactKey(
                "cost", field=item.category, scope="township", township=item.township
            ): item.period_cost_wan,
        }
        for slot, amount in amounts.items():
            totals[slot] = totals.get(slot, 0.0) + amount
            rows_of.setdefault(slot, set()).update(item.rows)
    for slot, amount in totals.items():
        unit = "万元" if slot.topic == "cost" else BY_KEY[slot.field].unit
        sheet.add(slot, amount, unit, rows=rows_of[slot])
    for stage, cvs in schedule.baseline.cv.items():
        valid = [v for v in cvs.values() if v is not None]
        if valid:
            sheet.add(
                FactKey("cv", stage=stage, measure="max"),
                max(valid),
                kind="cv",
                label=f"{STAGE_NAMES[stage]}最大差异系数",
                against=evaluation.standard.cv_limits.get(stage),
            )
    for n, item in enumerate(schedule.unscheduled):
        sheet.add(
            FactKey("left", index=n), item.amount, item.unit, rows=item.rows, label=f"{item.school}未排入"
        )
        sheet.add(FactKey("left", index=n, measure="cost"), item.cost_wan, "万元", rows=item.rows)
    for y in schedule.years:
        by_field: dict[str, float] = {}
        for item in y.items:
            by_field[item.field] = by_field.get(item.field, 0.0) + item.amount
        for fld, amount in by_field.items():
            sheet.add(FactKey("year", year=y.year, field=fld, scope="total"), amount, BY_KEY[fld].unit)
        sheet.add(FactKey("year", year=y.year, measure="schools"), len({i.school for i in y.items}), "所")
    _ = evaluation
    return sheet


def _fund_facts(sheet: FactSheet, schedule: Schedule) -> None:
    """Money by fund and year, the 民办 举办者's share, and the need (scheduled or not) per field."""
    for fund in FUNDS:
        total = sum(y.costs.of(fund) for y in schedule.years if y.costs)
        sheet.add(FactKey("sched", field=fund, measure="total_cost"), total, "万元")
    private = sum(y.costs.private for y in schedule.years if y.costs)
    sheet.add(FactKey("sched", measure="private_cost"), private, "万元")
    for y in schedule.years:
        if y.costs is None:
            continue
        for fund in FUNDS:
            sheet.add(FactKey("year", year=y.year, field=fund, measure="cost"), y.costs.of(fund), "万元")
        sheet.add(FactKey("year", year=y.year, measure="private"), y.costs.private, "万元")
    public_need = [i for i in schedule.need if i.public]  # 民办 work is not in the public 共需
    for prefix, items in (("demand", public_need), ("left", schedule.unscheduled)):
        amounts: dict[FactKey, float] = {}
        for item in items:
            for key, value in (
                (FactKey(prefix, field=item.field, scope="total"), item.amount),
                (
                    FactKey(prefix, field=item.category, scope="cost"),
                    item.period_cost_wan if item.public else 0,
                ),
            ):
                amounts[key] = amounts.get(key, 0.0) + value
        for key, value in amounts.items():
            sheet.add(key, value, "万元" if key.scope == "cost" else BY_KEY[key.field].unit)
    for category in ("building", "equipment", "teachers"):
        planned = sum(i.period_cost_wan for i in schedule.public_items if i.category == category)
        left = sum(i.cost_wan for i in schedule.unscheduled if i.category == category)
        sheet.add(FactKey("demand", field=category, scope="cost"), planned + left, "万元")


def _calendar_facts(sheet: FactSheet, schedule: Schedule) -> None:
    """The months each kind of work is done in, as printed (3月底, 4—8月, 2027年8月底)."""
    for kind, (start, finish, _) in _MONTHS.items():
        sheet.add(FactKey("month", field=kind, measure="start"), start, display=f"{start}月底")
        sheet.add(FactKey("month", field=kind, measure="window"), start, display=f"{start}—{finish}月")
    sheet.add(
        FactKey("month", field="building", measure="begin"),
        BUILDING_START_MONTH,
        display=f"{BUILDING_START_MONTH}月",
    )
    for y in schedule.years:
        done = [i.finish for i in y.items if i.field in LONG_LEAD]
        if done:
            year, month = max(done)
            key = FactKey("month", year=y.year, field="building", measure="finish")
            sheet.add(key, month, display=f"{year}年{month}月底")
    for n, (first, last) in enumerate(ACCEPTANCE_QUARTERS):
        sheet.add(FactKey("month", scope="acceptance", index=n), first, display=f"{first}—{last}月")


def _exchange_facts(sheet: FactSheet, schedule: Schedule, evaluation: Evaluation) -> None:
    """The transfers (how many from which school to which), the CV before and after, the floor kept."""
    for e in schedule.exchanges:

        def key(measure: str, index: int | None = None, e=e) -> FactKey:
            return FactKey("exchange", stage=e.stage, indicator=e.indicator, index=index, measure=measure)

        unit = evaluation.standard.indicator(e.indicator).unit
        sheet.add(key("before"), e.cv_before, kind="cv", label="交流前差异系数")
        sheet.add(key("after"), e.cv_after, kind="cv", label="交流后差异系数")
        sheet.add(key("count"), e.count, "人", label="交流人数")
        sheet.add(key("floor"), e.floor, unit, kind="value", label="派出学校保持的标准")
        sent: dict[str, int] = {}
        for n, t in enumerate(e.transfers):
            sheet.add(key("count", n), t.count, "人", label=f"{t.sender}交流到{t.receiver}")
            sent[t.sender] = sent.get(t.sender, 0) + t.count
        for school, count in sent.items():
            k = FactKey("exchange", stage=e.stage, indicator=e.indicator, school=school, measure="sent")
            sheet.add(k, count, "人", label=f"{school}交流人数")
