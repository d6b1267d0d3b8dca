"""The schedule's figures as facts, derived once from the decided ``Schedule``: the assumptions, money by
fund and year, each year's work and projected end, each school's projects, what is left unfunded and
when it could be done, the 交流轮岗 quota and transfers, and what the plan reaches.

Public and 民办 quantities are kept apart everywhere: ``plan``/``year`` totals are public work, a 民办
school's are ``private``; a text or table that sums one never mixes in the other.
"""

from __future__ import annotations

import math

from metrics import STAGE_NAMES, Evaluation, evaluate, load_standard
from metrics.columns import BY_KEY
from planner.drafting.costs import FUNDS, KINDS
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import FactSheet
from planner.drafting.projects import work_of
from planner.drafting.schedule import Schedule
from planner.drafting.timing import ACCEPTANCE_QUARTERS, BUILDING_START_MONTH, window
from planner.settings import PlanSettings

__all__ = ["quality_facts", "schedule_facts"]


def _amount(sheet: FactSheet, key: K, value: float, unit: str, **kw) -> None:
    """A project quantity: whole modules of ㎡ print without a decimal (1800㎡, not 1800.0㎡)."""
    if unit == "㎡" and abs(value - round(value)) < 1e-9:
        kw["display"] = f"{round(value)}㎡"
    sheet.add(key, value, unit, **kw)


def schedule_facts(schedule: Schedule, settings: PlanSettings, evaluation: Evaluation) -> FactSheet:
    """Every figure the schedule gives the text and the annexes."""
    sheet = FactSheet()
    _assumptions(sheet, settings)
    _money(sheet, schedule)
    _years(sheet, schedule, evaluation)
    _works(sheet, schedule, settings)
    _left(sheet, schedule)
    _calendar(sheet, schedule, settings)
    _exchange(sheet, schedule, evaluation)
    _targets(sheet, schedule, settings, evaluation)
    _hires(sheet, schedule)
    return sheet


def _hires(sheet: FactSheet, schedule: Schedule) -> None:
    """The public hires the plan makes and what their salaries cost every year after it."""
    hires = [p for p in schedule.items if p.public and p.kind == "hire"]
    if not hires:
        return
    rows = [r for p in hires for r in p.rows]
    sheet.add(
        K("hires", measure="count"), sum(p.amount for p in hires), "人", rows=rows, label="方案期内新增教师"
    )
    yearly = sum(p.cost_wan for p in hires)
    sheet.add(K("hires", measure="yearly"), yearly, "万元", rows=rows, label="新增教师方案期后每年人员经费")


def _assumptions(sheet: FactSheet, settings: PlanSettings) -> None:
    c, r = settings.unit_costs, settings.rules
    for key, value, unit in (
        ("building", c.building_yuan_per_m2, "元/㎡"),
        ("renovation", c.renovation_yuan_per_m2, "元/㎡"),
        ("field", c.field_yuan_per_m2, "元/㎡"),
        ("land", c.land_yuan_per_m2, "元/㎡"),
        ("land_town", c.town_land_yuan_per_m2, "元/㎡"),
        ("land_urban", c.urban_land_yuan_per_m2, "元/㎡"),
        ("gym", c.gym_yuan_per_m2, "元/㎡"),
        ("teacher", c.teacher_wan_per_year, "万元/人·年"),
        ("backbone", c.backbone_wan_per_person, "万元/人"),
        ("multimedia", c.multimedia_wan_per_room, "万元/间"),
        ("special_room", c.special_room_wan_per_room, "万元/间"),
        ("degree", c.degree_upgrade_wan_per_person, "万元/人"),
        ("title", c.title_training_wan_per_person, "万元/人"),
        ("computer", c.computer_wan_each, "万元/台"),
        ("book", c.book_yuan_each, "元/册"),
        ("rooms_adjust_max", r.rooms_adjust_max_m2, "㎡"),
        ("rooms_module", r.rooms_module_m2, "㎡"),
        ("field_adjust_max", r.field_adjust_max_m2, "㎡"),
        ("field_module", r.field_module_m2, "㎡"),
        ("field_in_campus", r.field_in_campus_share * 100, "%"),
        ("degree_years", r.degree_years, "年"),
        ("cv_margin", r.cv_margin, ""),
        ("design_margin", r.design_margin * 100, "%"),
        ("backbone_yearly", r.backbone_yearly_share * 100, "%"),
        ("lift_share", r.basic_lift_share * 100, "%"),
    ):
        sheet.add(K("assume", measure=key), value, unit, display=f"{value:g}{unit}")
    if settings.yearly_budget_wan is not None:
        sheet.add(K("budget", measure="yearly"), settings.yearly_budget_wan, "万元")


def _money(sheet: FactSheet, schedule: Schedule) -> None:
    """Money by fund and year, the 民办 举办者's share apart."""
    rows = [r for i in schedule.items for r in i.rows]
    sheet.add(K("sched", measure="total_cost"), schedule.total_cost_wan, "万元", rows=rows)
    for fund in FUNDS:
        total = sum(y.costs.of(fund) for y in schedule.years if y.costs)
        sheet.add(K("sched", field=fund, measure="total_cost"), total, "万元")
    private = sum(y.costs.private for y in schedule.years if y.costs)
    sheet.add(K("sched", measure="private_cost"), private, "万元")
    for y in schedule.years:
        if y.costs is None:
            continue
        sheet.add(K("year", year=y.year, measure="cost"), y.cost_wan, "万元", label=f"{y.year}年投入")
        for fund in FUNDS:
            sheet.add(K("year", year=y.year, field=fund, measure="cost"), y.costs.of(fund), "万元")
        sheet.add(K("year", year=y.year, measure="private"), y.costs.private, "万元")
        if y.recurring_wan > 0:
            label = f"{y.year}年以前年度新增教师经费"
            sheet.add(K("year", year=y.year, measure="recurring"), y.recurring_wan, "万元", label=label)


def _years(sheet: FactSheet, schedule: Schedule, evaluation: Evaluation) -> None:
    """Each year's projects (public and 民办 apart), its work totals, and its projected end."""
    for y in schedule.years:
        for owner, items in (
            ("public", [i for i in y.items if i.public]),
            ("private", [i for i in y.items if not i.public]),
        ):
            rows = [r for i in items for r in i.rows]
            sheet.add(K("year", year=y.year, scope=owner, measure="items"), len(items), "项", rows=rows)
            sheet.add(
                K("year", year=y.year, scope=owner, measure="schools"),
                len({i.school for i in items}),
                "所",
                rows=rows,
            )
            totals: dict[str, tuple[float, str]] = {}
            for i in items:
                w = work_of(i)
                totals[w] = (totals.get(w, (0.0, i.field))[0] + i.amount, i.field)
            for w, (amount, fld) in totals.items():
                _amount(sheet, K("year", year=y.year, scope=owner, field=w), amount, BY_KEY[fld].unit)
            land = sum(i.land_m2 for i in items)
            if land:
                _amount(sheet, K("year", year=y.year, scope=owner, field="land"), land, "㎡")
        continued: dict[str, tuple[float, str]] = {}
        for i in y.continued(schedule.years):
            if i.public:
                w = work_of(i)
                continued[w] = (continued.get(w, (0.0, i.field))[0] + i.amount, i.field)
        for w, (amount, fld) in continued.items():
            _amount(sheet, K("year", year=y.year, scope="continued", field=w), amount, BY_KEY[fld].unit)
        for n, item in enumerate(y.items):
            label = f"{item.school}{BY_KEY[item.field].header}"
            _amount(
                sheet,
                K("year", year=y.year, scope="item", index=n),
                item.amount,
                item.unit,
                rows=item.rows,
                label=label,
            )
            cost = K("year", year=y.year, scope="item", index=n, measure="cost")
            sheet.add(cost, item.period_cost_wan, "万元", rows=item.rows)
            for year, paid in item.payments:
                key = K("year", year=y.year, scope="item", index=n, measure="paid", field=str(year))
                sheet.add(key, paid, "万元", rows=item.rows)
            if item.land_m2:
                sheet.add(K("year", year=y.year, scope="item", index=n, measure="land"), item.land_m2, "㎡")
        if y.projection is not None:
            _projection(sheet, y.year, y.projection, evaluation)


def _projection(sheet: FactSheet, year: int, proj, evaluation: Evaluation) -> None:
    schools = len({s.name for s in evaluation.schools})
    sheet.add(
        K("year", year=year, measure="failing"), proj.failing_schools, "所", label=f"{year}年末未达标学校"
    )
    sheet.add(
        K("year", year=year, measure="passing"),
        schools - proj.failing_schools,
        "所",
        label=f"{year}年末达标学校",
    )
    for stage, cvs in proj.cv.items():
        limit = evaluation.standard.cv_limits.get(stage)
        valid = [v for v in cvs.values() if v is not None]
        if valid:
            label = f"{year}年末{STAGE_NAMES[stage]}最大差异系数"
            key = K("year", year=year, scope="cv", stage=stage, measure="max")
            sheet.add(key, max(valid), kind="cv", label=label, against=limit)
        for ind, v in cvs.items():
            if v is not None:
                sheet.add(
                    K("year", year=year, scope="cv", stage=stage, indicator=ind), v, kind="cv", against=limit
                )
        composite = proj.composite.get(stage)
        if composite is not None:
            key = K("year", year=year, scope="cv", stage=stage, measure="composite")
            sheet.add(key, composite, kind="cv", against=limit)


def _add(totals: dict, key: K, amount: float, unit: str, rows) -> None:
    value, _, old_rows = totals.get(key, (0.0, unit, set()))
    totals[key] = (value + amount, unit, old_rows | set(rows))


def _works(sheet: FactSheet, schedule: Schedule, settings: PlanSettings) -> None:
    """Per school and kind of work (a combined school's teachers per 学段), what is planned, what the
    whole need is (scheduled or not) and what is left, with their costs; public and 民办 apart."""
    totals: dict[K, tuple[float, str, set[int]]] = {}
    left = {id(p) for p in schedule.unscheduled}
    for p in schedule.need:
        w, unit = work_of(p), p.unit
        by_year = K("work", field=w, scope="school", school=p.school, stage=p.stage, year=p.start[0])
        owner = "public" if p.public else "private"
        status = "left" if id(p) in left else "plan"
        cost = p.period_cost_wan
        for key, amount, u in (
            (K("work", field=w, scope="school", school=p.school, stage=p.stage), p.amount, unit),
            # per start year too: a school's 骨干 认定 spread over years names each year's number
            (by_year, p.amount, unit),
            (
                K("work", field=w, scope="school", school=p.school, stage=p.stage, measure="cost"),
                cost,
                "万元",
            ),
            (
                K("work", field=p.category, scope="school", school=p.school, measure="group_cost"),
                cost,
                "万元",
            ),
            (K("demand", field=w, scope=owner), p.amount, unit),
            (K("demand", field=p.category, scope=owner, measure="cost"), cost, "万元"),
            (K(status, field=w, scope=owner), p.amount, unit),
            (K(status, field=p.category, scope=owner, measure="cost"), cost, "万元"),
            (K(status, field=p.category, scope=owner, measure="count"), 1, "项"),
        ):
            _add(totals, key, amount, u, p.rows)
        if p.land_m2 and p.kind != "campus":  # a 分设校区's land is its own (planner.drafting.oversize)
            _add(totals, K("work", field="land", scope="school", school=p.school), p.land_m2, "㎡", p.rows)
            _add(totals, K("demand", field="land", scope=owner), p.land_m2, "㎡", p.rows)
            # the fallback where land cannot be had: an indoor gym of the field's area (风雨操场)
            gym = p.amount * settings.unit_costs.gym_yuan_per_m2 / 10000
            _add(totals, K("demand", field="gym", scope=owner, measure="cost"), gym, "万元", p.rows)
            _add(totals, K("demand", field="gym", scope=owner, measure="extra"), gym - cost, "万元", p.rows)
    for key, (value, unit, rows) in totals.items():
        _amount(sheet, key, value, unit, rows=rows)
    for owner in ("public", "private"):  # how many schools each group's work is spread over
        for group in dict.fromkeys(p.category for p in schedule.need):
            mine = [p for p in schedule.need if p.category == group and p.public == (owner == "public")]
            if mine:
                rows = {r for p in mine for r in p.rows}
                schools = len({p.school for p in mine})
                sheet.add(K("demand", field=group, scope=owner, measure="schools"), schools, "所", rows=rows)
        land = [
            p for p in schedule.need if p.land_m2 and p.kind != "campus" and p.public == (owner == "public")
        ]
        if land:
            rows = {r for p in land for r in p.rows}
            count = len({p.school for p in land})
            sheet.add(K("demand", field="land", scope=owner, measure="schools"), count, "所", rows=rows)


def _left(sheet: FactSheet, schedule: Schedule) -> None:
    """What the cap leaves over: each project's cost and the earliest year it could start."""
    rows = [r for i in schedule.unscheduled for r in i.rows]
    public = schedule.unfunded
    sheet.add(K("sched", measure="unscheduled_cost"), sum(i.cost_wan for i in public), "万元", rows=rows)
    sheet.add(K("sched", measure="unscheduled"), len(public), "项", rows=rows)
    sheet.add(K("sched", measure="unscheduled_schools"), len({i.school for i in public}), "所", rows=rows)
    for n, item in enumerate(schedule.unscheduled):
        label = f"{item.school}未排入"
        _amount(sheet, K("left", index=n), item.amount, item.unit, rows=item.rows, label=label)
        sheet.add(K("left", index=n, measure="cost"), item.cost_wan, "万元", rows=item.rows)
    if schedule.needed_budget is not None:
        label = "方案期内全部安排所需年度建设资金"
        sheet.add(K("budget", measure="needed"), schedule.needed_budget, "万元", label=label)


def _calendar(sheet: FactSheet, schedule: Schedule, settings: PlanSettings) -> None:
    """The months each kind of work is done in, as printed (3月底, 4—8月, 2027年8月底)."""
    for kind in KINDS:
        w = window(kind, settings.rules)
        sheet.add(K("month", field=kind, measure="start"), w.start, display=f"{w.start}月底")
        sheet.add(K("month", field=kind, measure="window"), w.start, display=f"{w.start}—{w.finish}月")
    sheet.add(
        K("month", field="building", measure="begin"),
        BUILDING_START_MONTH,
        display=f"{BUILDING_START_MONTH}月",
    )
    w = window("upgrade", settings.rules)
    done = settings.start_year + w.years
    sheet.add(K("month", field="upgrade", measure="finish"), done, display=f"{done}年{w.finish}月")
    for p in [*schedule.items, *schedule.unscheduled]:
        if p.start == (0, 0):
            continue
        (y0, m0), (y1, m1) = p.start, p.finish
        sheet.add(K("when", year=y0, field=p.kind, measure="start"), y0, display=f"{y0}年{m0}月")
        sheet.add(K("when", year=y0, field=p.kind, measure="finish"), y1, display=f"{y1}年{m1}月")
        sheet.add(K("when", year=y0, field=p.kind, measure="finish_year"), y1, display=f"{y1}")
        sheet.add(K("when", year=y0, field=p.kind, measure="start_year"), y0, display=f"{y0}")
    for n, (first, last) in enumerate(ACCEPTANCE_QUARTERS):
        sheet.add(K("month", scope="acceptance", index=n), first, display=f"{first}—{last}月")


def _exchange(sheet: FactSheet, schedule: Schedule, evaluation: Evaluation) -> None:
    """The yearly quota, and the named transfers with the CV before and after and the margin kept."""
    q = schedule.quota
    if q is not None:
        sheet.add(
            K("quota", measure="eligible"),
            q.eligible,
            "人",
            label="符合交流条件教师（按公办学校专任教师估算）",
        )
        sheet.add(K("quota", measure="count"), q.count, "人", label="每年交流轮岗教师")
        sheet.add(K("quota", measure="backbone"), q.backbone, "人", label="其中骨干教师")
        sheet.add(K("quota", measure="first_year"), q.first_year, "人", label="首年交流轮岗教师")
        sheet.add(K("quota", measure="first_backbone"), q.first_backbone, "人", label="首年交流骨干教师")
    for e in schedule.exchanges:

        def key(measure: str, index: int | None = None, e=e) -> K:
            return K("exchange", stage=e.stage, indicator=e.indicator, index=index, measure=measure)

        unit = evaluation.standard.indicator(e.indicator).unit
        sheet.add(key("before"), e.cv_before, kind="cv", label="交流前差异系数", against=e.limit)
        sheet.add(key("after"), e.cv_after, kind="cv", label="交流后差异系数", against=e.limit)
        sheet.add(key("margin"), e.limit - e.cv_after, kind="cv", label="低于上限的余量")
        sheet.add(key("count"), e.count, "人", label="交流人数")
        sheet.add(key("floor"), e.floor, unit, kind="value", label="派出学校保持的标准")
        sent: dict[str, int] = {}
        for n, t in enumerate(e.transfers):
            sheet.add(key("count", n), t.count, "人", label=f"{t.sender}交流到{t.receiver}")
            sent[t.sender] = sent.get(t.sender, 0) + t.count
        for school, count in sent.items():
            k = K("exchange", stage=e.stage, indicator=e.indicator, school=school, measure="sent")
            sheet.add(k, count, "人", label=f"{school}交流人数")
    total = sum(e.count for e in schedule.exchanges)
    if schedule.exchanges:
        sheet.add(K("exchange", measure="named"), total, "人", label="为降低差异系数定向交流的教师")


def _targets(sheet: FactSheet, schedule: Schedule, settings: PlanSettings, evaluation: Evaluation) -> None:
    """What the plan reaches: the year, the 认定 year after it, and each lifted value at the plan's end."""
    if schedule.reached_year is not None:
        # 认定 the year after the acceptance year (the last, or the first when nothing is to be built)
        accept = next((y.year for y in schedule.years if y.acceptance), settings.end_year)
        year, final = schedule.reached_year, accept + 1
        sheet.add(K("target", measure="reached"), year, display=f"{year}", label="全部达标年份")
        sheet.add(K("milestone", measure="final"), final, display=f"{final}", label="申请评估认定年")
        sheet.add(K("milestone", measure="accept"), accept, display=f"{accept}", label="自评年")
    lifted = {p.school for p in schedule.need if p.purpose == "lift" and p.public}
    if lifted:
        sheet.add(K("target", measure="lifted"), len(lifted), "所", label="列入巩固提升的学校")
    end = schedule.end
    if end is None:
        return
    fixed = set(schedule.baseline.failing) - set(end.failing)
    sheet.add(K("target", measure="fixed"), len(fixed), "所", label="方案期内达标的未达标学校")
    std = evaluation.standard
    targets = {(p.school, lift.stage, lift.indicator): lift.target for p in schedule.need for lift in p.lifts}
    # every gap the 差距清单 lists, and every value a project lifts (基本均衡: towards the mean)
    targets.update({(s.name, s.stage, k): g.threshold for s in evaluation.schools for k, g in s.gaps.items()})
    for (school, stage, indicator), target in targets.items():
        value = end.values.get((school, stage, indicator))
        if not indicator or value is None or math.isnan(value):
            continue
        unit = std.indicator(indicator).unit
        key = K("school", school=school, stage=stage, indicator=indicator, measure="projected")
        sheet.add(key, value, unit, kind="value", against=target, label=f"{school}方案期末")


def quality_facts(sheet: FactSheet, frame) -> None:
    """For a 基本均衡 plan: the same rows under 优质均衡 (教督〔2017〕6号), the standard a county now plans
    for — schools in scope, schools failing, CVs over their limits."""
    ev = evaluate(frame, load_standard("quality_2017"))
    names = {s.name for s in ev.schools}
    failing = {s.name for s in ev.schools if s.passed is False}
    over = sum(len(st.cv_failed) for st in ev.stages.values())
    sheet.add(K("quality", measure="schools"), len(names), "所", label="优质均衡参评学校")
    sheet.add(K("quality", measure="failing"), len(failing), "所", label="按优质均衡标准未达标学校")
    sheet.add(K("quality", measure="cv_failed"), over, "项", label="按优质均衡标准超限的差异系数")
