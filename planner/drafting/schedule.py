"""Spread every school's fixes over the action years, worst gaps first, and project each year's CVs.

Costs use the unit costs in the settings (printed in the plan as 测算口径). A teacher added in a year
is paid that year and every later year of the plan; other work is paid once. With a yearly budget
(which the salaries of teachers added earlier use up first) a project that does not fit is split (the
part that fits this year, the rest next year); what is still left after the last year is reported as
unscheduled, and the plan says the target cannot be met.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from metrics import STAGE_NAMES, Addition, Evaluation, additions_to_close, what_if
from metrics.columns import BY_KEY
from metrics.split import SUBTOTAL_TYPES
from planner.drafting.facts import FIELD_CATEGORY, FactKey, FactSheet, fmt
from planner.settings import PlanSettings

__all__ = ["Projection", "Schedule", "ScheduleItem", "YearPlan", "build_schedule", "item_cost"]


@dataclass(frozen=True)
class ScheduleItem:
    """One school's addition to one upload column in one year."""

    school: str
    field: str
    amount: float
    stage: str | None
    indicator: str
    ratio: float
    """value / target before the work: the smaller, the earlier it is scheduled."""
    cost_wan: float
    """Paid in the year the work is done (for teachers: one year's salary and costs)."""
    township: str = ""
    rows: tuple[int, ...] = ()
    years_paid: int = 1
    """Teachers are paid from the year they are added to the plan's last year; other work once."""

    @property
    def period_cost_wan(self) -> float:
        """The cost over the plan period."""
        return self.cost_wan * self.years_paid

    @property
    def category(self) -> str:
        return FIELD_CATEGORY.get(self.field, "teachers")

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


@dataclass
class YearPlan:
    year: int
    name: str
    items: list[ScheduleItem] = field(default_factory=list)
    projection: Projection | None = None
    recurring_wan: float = 0.0
    """Salaries this year of teachers added in earlier years."""

    @property
    def new_cost_wan(self) -> float:
        return sum(i.cost_wan for i in self.items)

    @property
    def cost_wan(self) -> float:
        return self.new_cost_wan + self.recurring_wan


@dataclass
class Schedule:
    years: list[YearPlan]
    unscheduled: list[ScheduleItem]
    baseline: Projection
    reached_year: int | None
    """The first year at whose end every school and every CV meets the standard; None if never."""

    @property
    def items(self) -> list[ScheduleItem]:
        return [i for y in self.years for i in y.items]

    @property
    def total_cost_wan(self) -> float:
        return sum(y.cost_wan for y in self.years)

    @property
    def complete(self) -> bool:
        return not self.unscheduled and self.reached_year is not None


_ONE_OFF = {
    "teaching_rooms_area",
    "sports_field_area",
    "equipment_value",
    "multimedia_rooms",
    "computers",
    "books",
    "backbone_teachers",
}


def recurring(field_key: str) -> bool:
    """Whether adding to this column adds staff paid every year (not a one-off purchase or training)."""
    return field_key not in _ONE_OFF


def item_cost(field_key: str, amount: float, settings: PlanSettings) -> float:
    """Estimated cost in 万元 of adding ``amount`` to ``field_key`` under the settings' unit costs (for
    teachers, one year's cost).

    >>> s = PlanSettings(region="城关镇", start_year=2026)
    >>> item_cost("teaching_rooms_area", 450.0, s)   # 450 ㎡ × 3000 元 / 10000
    135.0
    """
    c = settings.unit_costs
    per = {
        "teaching_rooms_area": c.building_yuan_per_m2 / 10000,
        "sports_field_area": c.field_yuan_per_m2 / 10000,
        "equipment_value": 1.0,
        "multimedia_rooms": c.multimedia_wan_per_room,
        "computers": c.computer_wan_each,
        "books": c.book_yuan_each / 10000,
        "backbone_teachers": c.backbone_wan_per_person,
    }.get(field_key, c.teacher_wan_per_year)
    return amount * per


def _projection(evaluation: Evaluation) -> Projection:
    cv = {s: dict(st.cv) for s, st in evaluation.stages.items()}
    failed = {
        s: st.cv_failed if st.cv_rule == "each" or not st.passed else ()
        for s, st in evaluation.stages.items()
    }
    failing = len({s.name for s in evaluation.schools if s.passed is False})
    passed = failing == 0 and all(st.passed is not False for st in evaluation.stages.values())
    return Projection(cv, failed, failing, passed)


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


def build_schedule(
    evaluation: Evaluation, settings: PlanSettings, schools_frame: pd.DataFrame | None = None
) -> Schedule:
    """Assign the fixes to years (worst first) within the budget, and project each year's end."""
    items = _candidates(evaluation, settings, schools_frame)
    years = [YearPlan(y, n) for y, n in zip(settings.year_list, settings.year_names, strict=True)]
    total = sum(i.cost_wan for i in items)
    pending = list(items)
    budget = settings.yearly_budget_wan
    for idx, year in enumerate(years):
        last = idx == len(years) - 1
        year.recurring_wan = sum(i.cost_wan for y in years[:idx] for i in y.items if recurring(i.field))
        if budget is None:
            cap = math.inf if last else total * (idx + 1) / len(years) - sum(y.new_cost_wan for y in years)
            while pending and (pending[0].cost_wan <= cap + 1e-6 or not year.items):
                item = pending.pop(0)
                year.items.append(item)
                cap -= item.cost_wan
            continue
        room = budget - year.recurring_wan
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
                left = item.amount - part.amount
                item = _with_amount(item, left, settings)
            rest.append(item)
        pending = rest
    unscheduled = pending
    for idx, year in enumerate(years):
        year.items = [
            replace(i, years_paid=len(years) - idx) if recurring(i.field) else i for i in year.items
        ]

    baseline = _projection(evaluation)
    reached = None
    if schools_frame is not None:
        done: list[Addition] = []
        for year in years:
            done += [i.addition() for i in year.items]
            year.projection = _projection(what_if(schools_frame, evaluation.standard, done))
            if reached is None and year.projection.passed:
                reached = year.year
    elif not unscheduled:
        reached = years[-1].year
    if baseline.passed:
        reached = years[0].year
    return Schedule(years, unscheduled, baseline, reached)


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
    if settings.yearly_budget_wan is not None:
        sheet.add(FactKey("budget", measure="yearly"), settings.yearly_budget_wan, "万元")
    sheet.add(
        FactKey("sched", measure="total_cost"),
        schedule.total_cost_wan,
        "万元",
        rows=[r for i in schedule.items for r in i.rows],
    )
    sheet.add(FactKey("sched", measure="items"), len(schedule.items), "项")
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
                    )
                for key, v in cvs.items():
                    if v is not None:
                        sheet.add(
                            FactKey("year", year=y.year, scope="cv", stage=stage, indicator=key), v, kind="cv"
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
            )
    for n, item in enumerate(schedule.unscheduled):
        sheet.add(
            FactKey("left", index=n), item.amount, item.unit, rows=item.rows, label=f"{item.school}未排入"
        )
    _ = fmt, evaluation
    return sheet
