"""What the documents quote from the 实施方案: when each school's work is finished (its 整改 deadline)
and which work the plan leaves unfunded. The schedule is the plan's own (the stored plan's settings when
the workspace has one, else the document's), so a document never promises a date the plan does not."""

from __future__ import annotations

from dataclasses import dataclass

from planner.drafting.schedule import Schedule, ScheduleItem, build_schedule

__all__ = ["Due", "PlanWork", "plan_work"]


@dataclass(frozen=True)
class Due:
    """The month a piece of work is finished and handed over."""

    year: int
    month: int


@dataclass(frozen=True)
class PlanWork:
    """The plan's work by (school, stage, upload column): finished when, or not funded in its years."""

    schedule: Schedule
    due: dict[tuple[str, str | None, str], Due]
    unfunded: frozenset[tuple[str, str | None, str]]
    end_year: int
    """The plan's last year (its 完善迎评 year)."""

    def when(self, school: str, stage: str | None, field: str) -> Due | None:
        """When the plan finishes this work; stage-less work (a campus's field) matches any stage."""
        for key in ((school, stage, field), (school, None, field)):
            if key in self.due:
                return self.due[key]
        return None

    def is_unfunded(self, school: str, stage: str | None, field: str) -> bool:
        return (school, stage, field) in self.unfunded or (school, None, field) in self.unfunded


def _key(item: ScheduleItem) -> tuple[str, str | None, str]:
    return (item.school, item.stage, item.field)


def plan_work(kc) -> PlanWork:
    """The plan's schedule for the document's evaluation: the stored plan's settings when there is one."""
    settings = kc.inp.plan.settings if kc.inp.plan is not None else kc.st
    schedule = (
        kc.dr.schedule if kc.inp.plan is None else build_schedule(kc.ev, settings, kc.inp.current.frame)
    )
    due: dict[tuple[str, str | None, str], Due] = {}
    for year in schedule.years:
        for item in year.items:
            finish = Due(*item.finish) if item.finish[0] else Due(year.year, 12)
            old = due.get(_key(item))
            due[_key(item)] = (
                finish if old is None or (finish.year, finish.month) > (old.year, old.month) else old
            )
    unfunded = frozenset(_key(i) for i in schedule.unscheduled)
    return PlanWork(schedule, due, unfunded, settings.end_year)
