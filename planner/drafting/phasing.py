"""How the plan's money is phased, as facts: without a cap, the even yearly 建设资金 the schedule
levelled the work at; with a cap, the new teachers' salaries the cap does not cover (one budget
statement for both, so a tight county sees what it really commits to each year)."""

from __future__ import annotations

from planner.drafting.facts import FactKey as K
from planner.drafting.facts import FactSheet
from planner.drafting.schedule import Schedule

__all__ = ["phasing_facts"]


def phasing_facts(sheet: FactSheet, schedule: Schedule) -> None:
    if schedule.level is not None:
        sheet.add(K("budget", measure="level"), schedule.level, "万元", label="均衡安排的年度建设资金")
    personnel = [y.costs.personnel for y in schedule.years if y.costs is not None]
    construction = [y.costs.construction for y in schedule.years if y.costs is not None]
    if personnel and max(personnel) > 0:
        peak = max(personnel)
        sheet.add(
            K("budget", measure="personnel_peak"), peak, "万元", label="新增教师年度人员经费（最高年度）"
        )
        both = max(c + p for c, p in zip(construction, personnel, strict=True))
        sheet.add(
            K("budget", measure="yearly_total"), both, "万元", label="建设资金与新增人员经费合计（最高年度）"
        )
