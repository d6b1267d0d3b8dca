"""The 班额 task as the schedule decided it: facts for every school-stage over the limit (pupils,
classes, classes needed, extra classes, teachers, the autumn term it is within the limit) and the
task's words, so the plan names a measure and a year for each school instead of "逐年消化"."""

from __future__ import annotations

from dataclasses import dataclass

from metrics import STAGE_NAMES
from planner.drafting.classes import ClassNeed, natural_graduation
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import FactSheet
from planner.drafting.projects import Project
from planner.drafting.schedule import Schedule
from planner.drafting.timing import autumn_offset
from planner.settings import PlanSettings

__all__ = ["ClassPlan", "class_facts", "class_key", "class_plans"]


@dataclass(frozen=True)
class ClassPlan:
    """One school-stage's way within the limit: regroup (no extra class) or extra classes in rooms."""

    need: ClassNeed
    rooms: Project | None
    """The building or refit that holds its 普通教室 (None: regrouped within its classes)."""
    hire: Project | None
    year: int | None
    """The autumn term from which every class is within the limit (None: its rooms wait for money)."""


def class_key(measure: str, school: str | None = None, stage: str | None = None) -> K:
    return K("classes", school=school, stage=stage, measure=measure)


def class_plans(schedule: Schedule, settings: PlanSettings) -> list[ClassPlan]:
    """Each need with the projects the schedule decided for it."""
    out = []
    for n in schedule.classes:
        rooms = hire = None
        if n.extra > 0:
            for p in schedule.need:
                if p.school != n.school or not any(st == n.stage for st, _ in p.classes):
                    continue
                if p.kind == "hire":
                    hire = p
                elif p.field == "teaching_rooms_area":
                    rooms = p
        if n.extra == 0:
            year = first_term(settings)
        elif rooms is None or rooms.start == (0, 0) or rooms.effect > settings.end_year:
            year = None
        else:
            year = rooms.effect
        out.append(ClassPlan(n, rooms, hire, year))
    return out


def first_term(settings: PlanSettings) -> int:
    """The first autumn term after the plan is issued: new classes formed to the limit from then."""
    return settings.start_year + autumn_offset(settings.start_year, settings.issue_date)


def class_facts(sheet: FactSheet, schedule: Schedule, settings: PlanSettings) -> None:
    """The 班额 facts: per school-stage and in total."""
    plans = class_plans(schedule, settings)
    if not plans:
        return
    for c in plans:
        n = c.need
        at = {"school": n.school, "stage": n.stage}
        rows = list(n.rows)
        label = f"{n.school}{STAGE_NAMES[n.stage]}"
        sheet.add(class_key("students", **at), n.students, "人", rows=rows, label=f"{label}在校生")
        sheet.add(class_key("classes", **at), n.classes, "个", rows=rows, label=f"{label}现有教学班")
        sheet.add(class_key("needed", **at), n.needed, "个", rows=rows, label=f"{label}按标准班额所需教学班")
        sheet.add(class_key("extra", **at), n.extra, "个", rows=rows, label=f"{label}须增设教学班")
        sheet.add(class_key("limit", **at), n.limit, "人", display=f"{n.limit}人", label="班额上限")
        sheet.add(class_key("hires", **at), n.hires, "人", rows=rows, label=f"{label}增设教学班配备教师")
        sheet.add(
            class_key("per_class", **at),
            n.per_class,
            display=f"{n.per_class:.2f}",
            rows=rows,
            label=f"{label}现有班师比（专任教师/教学班）",
        )
        if n.largest is not None:
            sheet.add(class_key("largest", **at), n.largest, "人", rows=rows, label=f"{n.school}最大班额")
        if c.year is not None:
            sheet.add(class_key("year", **at), c.year, display=str(c.year), label=f"{label}班额达标年份")
    # public totals only: a 民办 school's classes, rooms and teachers are its 举办者's (stated apart)
    extra = [c for c in plans if c.need.extra > 0 and c.need.public]
    private = [c for c in plans if c.need.extra > 0 and not c.need.public]
    if private:
        cost = sum(
            p.period_cost_wan
            for p in {id(x): x for c in private for x in (c.rooms, c.hire) if x is not None}.values()
        )
        names = "、".join(dict.fromkeys(c.need.school for c in private))
        sheet.add(class_key("private_extra"), sum(c.need.extra for c in private), "个", label=names)
        sheet.add(class_key("private_hires"), sum(c.need.hires for c in private), "人", label=names)
        sheet.add(class_key("private_cost"), cost, "万元", label=f"{names}增设教学班（举办者承担）")
    regroup = [c for c in plans if c.need.extra == 0 and not c.need.uncertain]
    over = {c.need.school for c in plans if not c.need.uncertain}
    sheet.add(class_key("schools"), len(over), "所", label="班额超标学校")
    sheet.add(class_key("regroup"), len({c.need.school for c in regroup}), "所", label="调整分班学校")
    sheet.add(class_key("extra_schools"), len({c.need.school for c in extra}), "所", label="须增设教学班学校")
    sheet.add(class_key("extra"), sum(c.need.extra for c in extra), "个", label="须增设教学班")
    sheet.add(class_key("hires"), sum(c.need.hires for c in extra), "人", label="增设教学班配备教师")
    own = {id(c.rooms): c.rooms for c in extra if c.rooms is not None and c.rooms.purpose == "item"}
    sheet.add(
        class_key("rooms_cost"),
        sum(p.period_cost_wan for p in own.values()),
        "万元",
        label="单独安排的增设教室项目",
    )
    hires = {id(c.hire): c.hire for c in extra if c.hire is not None}
    sheet.add(
        class_key("hire_cost"),
        sum(p.period_cost_wan for p in hires.values()),
        "万元",
        label="增设教学班教师工资",
    )
    first = first_term(settings)
    sheet.add(class_key("first_term"), first, display=str(first), label="新生按标准班额编班起始年份")
    years = [c.year for c in plans if c.year is not None]
    if years and len(years) == len(plans):
        sheet.add(class_key("year"), max(years), display=str(max(years)), label="全部班级达到标准班额年份")
    for stage in ("primary", "junior"):
        if any(c.need.stage == stage for c in plans):
            done = natural_graduation(stage, settings.start_year)
            sheet.add(
                class_key("graduate", stage=stage), done, display=str(done), label="超标班级自然毕业年份"
            )
