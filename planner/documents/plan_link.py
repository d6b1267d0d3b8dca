"""What the documents quote from the 实施方案: each school's planned work (what kind of project, how
much, finished when — or not funded in the plan's years). The schedule is the plan's own (the stored
plan's settings when the workspace has one, else the document's), so a document never promises a date
or an amount the plan does not."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from metrics.columns import BY_KEY
from planner.drafting.oversize import CAMPUS_KIND
from planner.drafting.schedule import Schedule, build_schedule

__all__ = [
    "Due",
    "PlanWork",
    "PlannedWork",
    "due_fact",
    "field_words",
    "overdue",
    "plan_words",
    "plan_work",
    "plan_work_then",
    "schedule_work",
    "spared",
    "work_words",
]


@dataclass(frozen=True)
class Due:
    """The month a piece of work is finished and handed over."""

    year: int
    month: int

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.month)


@dataclass(frozen=True)
class PlannedWork:
    """One project of the plan at one school: its kind (调整功能用房, 招聘 … when the plan names it),
    the upload column it adds to and how much, and when it is finished (None: not funded in the plan's
    years)."""

    school: str
    stage: str | None
    field: str
    kind: str | None
    amount: float
    due: Due | None
    public: bool
    rows: tuple[int, ...] = ()
    index: int = 0
    """Its place among the plan's works (a fact key of its own)."""
    later: Due | None = None
    """For work not funded in the plan's years: when it would be finished if the yearly budget is kept
    after the plan (None: never under it)."""
    start: Due | None = None
    """The month the plan starts it (None: not funded, or the plan gives no month)."""

    @property
    def unit(self) -> str:
        return BY_KEY[self.field].unit

    @property
    def adds_to_school(self) -> bool:
        """False for a 分设校区: it takes pupils away, it adds nothing to the school's own columns."""
        return self.kind != CAMPUS_KIND


@dataclass(frozen=True)
class PlanWork:
    """The plan's work, school by school."""

    schedule: Schedule
    works: tuple[PlannedWork, ...]
    end_year: int
    """The plan's last year (its 完善迎评 year)."""
    self_check: Due | None = None
    """The month the plan finishes the 县级自评 (its acceptance year's 自评 quarter; None: a plan of
    one year, which sets no month)."""
    final_year: int | None = None
    """The year the plan applies for 评估认定 (None: the plan does not finish its work)."""

    def for_gap(self, school: str, stage: str | None, field: str) -> list[PlannedWork]:
        """The projects that close a school part's gap in ``field`` (campus work matches any part)."""
        return [
            w
            for w in self.works
            if w.adds_to_school and w.school == school and w.field == field and w.stage in (stage, None)
        ]

    def when(self, school: str, stage: str | None, field: str) -> Due | None:
        """When the plan finishes this work (the latest of its projects; None if any is unfunded)."""
        found = self.for_gap(school, stage, field)
        if not found or any(w.due is None for w in found):
            return None
        return max((w.due for w in found), key=lambda d: d.key)

    def is_unfunded(self, school: str, stage: str | None, field: str) -> bool:
        return any(w.due is None for w in self.for_gap(school, stage, field))

    @property
    def due(self) -> dict[tuple[str, str | None, str], Due]:
        """(school, stage, field) → when it is finished, for the funded work."""
        out: dict[tuple[str, str | None, str], Due] = {}
        for w in self.works:
            if w.due is not None:
                slot = (w.school, w.stage, w.field)
                if slot not in out or w.due.key > out[slot].key:
                    out[slot] = w.due
        return out

    @property
    def unfunded(self) -> frozenset[tuple[str, str | None, str]]:
        return frozenset((w.school, w.stage, w.field) for w in self.works if w.due is None)


def _work(item, year: int | None) -> PlannedWork:
    """``year``: the year the plan starts it (None: not funded within the plan; its finish, when set,
    is the earliest the budget allows after the plan)."""
    finish = item.finish
    due = None if year is None else Due(*finish) if finish and finish[0] else Due(year, 12)
    begun = getattr(item, "start", None)
    start = Due(*begun) if year is not None and begun and begun[0] else None
    later = Due(*finish) if year is None and finish and finish[0] else None
    return PlannedWork(
        school=item.school,
        stage=item.stage,
        field=item.field,
        kind=getattr(item, "kind", None),
        amount=float(item.amount),
        due=due,
        public=item.public,
        rows=tuple(getattr(item, "rows", ())),
        later=later,
        start=start,
    )


def schedule_work(schedule: Schedule, end_year: int) -> PlanWork:
    """A schedule's projects as the documents quote them, with the plan's 自评 month and 认定 year
    (the plan's own steps: its acceptance year's 自评 quarter; 认定 the year after the plan)."""
    from planner.drafting.timing import ACCEPTANCE_QUARTERS

    works = [_work(i, y.year) for y in schedule.years for i in y.items]
    works += [_work(i, None) for i in schedule.unscheduled]
    works = [replace(w, index=n) for n, w in enumerate(works)]
    accepting = next((y.year for y in schedule.years if y.acceptance), None)
    self_check = Due(accepting, ACCEPTANCE_QUARTERS[2][1]) if accepting is not None else None
    reached = schedule.reached_year is not None and schedule.reached_year <= end_year
    final = end_year + 1 if reached else None
    return PlanWork(schedule, tuple(works), end_year, self_check, final)


def plan_work(kc) -> PlanWork:
    """The plan's schedule for the document's evaluation: the stored plan's settings when there is one."""
    if kc.inp.plan is None:
        return schedule_work(kc.dr.schedule, kc.st.end_year)
    settings = kc.inp.plan.settings
    return schedule_work(build_schedule(kc.ev, settings, kc.inp.current.frame), settings.end_year)


def plan_work_then(kc) -> PlanWork | None:
    """The stored plan's work as drafted on the earlier 统计年度 (what a 工作总结 reports against)."""
    plan, prev = kc.inp.plan, kc.inp.previous
    if plan is None or prev is None:
        return None
    settings = plan.settings
    return schedule_work(build_schedule(prev.evaluation, settings, prev.frame), settings.end_year)


def work_words(kc, w: PlannedWork, label: str = "") -> tuple[str, str]:
    """What a planned project is called in the kind's template (by the plan's project kind when it
    names one — 调整功能用房, 招聘, 在职学历提升 — else by the column it adds to) and its amount as a
    fact: ("新建或改扩建教学及辅助用房", "450.0平方米")."""
    from planner.drafting.context import prose
    from planner.drafting.facts import FactKey, fmt

    words = plan_words()
    fields = words["fields"]
    name = (
        words["projects"].get(f"{w.kind}.{w.field}") or words["projects"].get(w.kind or "") or fields[w.field]
    )
    key = FactKey("plan_work", school=w.school, stage=w.stage, field=w.field, index=w.index)
    label_text = f"实施方案安排{w.school}{fields[w.field]}"
    amount = kc.fact(
        key, w.amount, w.unit, display=prose(fmt(w.amount, w.unit)), rows=w.rows, label=label_text
    )
    return label + name, amount


@lru_cache(maxsize=1)
def plan_words() -> dict[str, dict[str, str]]:
    """What the documents call the plan's work (templates/kinds/plan_words.yaml)."""
    import yaml

    from planner.drafting.templates import TEMPLATES_DIR

    return yaml.safe_load((TEMPLATES_DIR / "kinds" / "plan_words.yaml").read_text(encoding="utf-8"))


def field_words(field: str) -> str:
    """新建或改扩建教学及辅助用房 … for work the plan does not type."""
    return plan_words()["fields"][field]


def due_fact(kc, w: PlannedWork) -> str:
    """When a planned project is finished (or, unfunded in the plan's years, could be at the same
    yearly budget), as a fact: "2027年8月"."""
    from planner.drafting.facts import FactKey

    due = w.due or w.later
    key = FactKey("due", school=w.school, stage=w.stage, field=w.field, index=w.index)
    value = f"{due.year}-{due.month:02d}"
    return kc.fact(
        key, value, display=f"{due.year}年{due.month}月", rows=w.rows, label="实施方案安排的完成时间"
    )


def spared(kc, work: PlanWork, s, key: str) -> bool:
    """A gap the school passes with, so no work is due for it: not among the fixes it needs, or at
    least the 85 % while the plan closes the school's other gaps instead (the plan may choose other
    fixes than the fewest)."""
    from planner.drafting.facts import FactKey

    if key not in s.fixes:
        return True
    ratio = float(kc.facts[FactKey("rule", measure="min_ratio")].value) / 100
    planned = any(w.school == s.name for w in work.works)
    return planned and s.gaps[key].ratio >= ratio - 1e-9


def overdue(kc, w: PlannedWork) -> bool:
    """The plan's month for this work is before the month the document is issued (or drafted): the
    document cannot set it as a deadline, it asks whether it was done."""
    day = kc.st.issue_date or kc.inp.today
    return day is not None and w.due is not None and (w.due.year, w.due.month) < (day.year, day.month)
