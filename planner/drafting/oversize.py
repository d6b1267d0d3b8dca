"""超规模 schools brought within the size limit by a real measure: a 分设校区 (a new campus) that takes
whole 轨 of pupils by 学区调整, with its land, buildings, field, equipment, money and opening year.

A county cannot meet 学校规模 (教督〔2017〕6号 政府保障程度第4项) by "逐步化解": the campus is a project
like any other (land in its first year, the building started in May of the next and handed over the
August after, the pupils moved by the autumn 学区调整 of that year), so the year the school is within
the limit — and the year 认定 can be applied for — follows from the schedule. The campus is sized in
whole 轨 (one class per grade: six for 小学, three for 初中) at the standard 班额, so the school ends
under the limit; its rooms, field and equipment at the standard's per-pupil thresholds. Teachers go
with their pupils (no new posts). The campus adds nothing to the school's own indicator values (it is
another site), so it never enters the projection's additions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from metrics import Evaluation
from metrics.result import SchoolResult
from planner.drafting.facts import FactKey, FactSheet
from planner.drafting.projects import Project
from planner.settings import PlanSettings

__all__ = [
    "CAMPUS_KIND",
    "Campus",
    "campus_costs",
    "campus_of",
    "campus_projects",
    "campuses",
    "oversized",
    "size_facts",
    "size_key",
    "size_reached",
]

CAMPUS_KIND = "campus"
GRADES = {"primary": 6, "junior": 3}
"""Grades per 学段: a 轨 is one class in each."""
FLOORS = 3.0
"""A new teaching building's storeys: its footprint is its floor area / 3."""
SPACING = 2.0
"""Land for a building is twice its footprint (roads, green, spacing between blocks)."""
_EPS = 1e-9


@dataclass(frozen=True)
class Campus:
    """The 分设校区 of one 超规模 school: how many pupils it takes, what it needs and costs."""

    school: str
    stage: str
    students: int
    """The school's 义务教育段 roll (what the limit is checked on)."""
    limit: int
    tracks: int
    classes: int
    moved: int
    """Pupils the campus takes by 学区调整 (its capacity: whole 轨 at the standard 班额)."""
    rooms_m2: float
    field_m2: float
    land_m2: float
    equipment_wan: float
    area: str = ""
    public: bool = True

    @property
    def after(self) -> int:
        """The school's roll once the campus takes its pupils."""
        return self.students - self.moved


def oversized(evaluation: Evaluation) -> list[tuple[str, float, float]]:
    """(school, roll, limit) of each school over the 学校规模 limit."""
    return [(g.name, g.value, g.limit) for g in evaluation.guarantees if g.item == "学校规模" and not g.met]


def _per_pupil(evaluation: Evaluation, add_to: str, stage: str) -> float:
    """What one pupil needs of an upload column at the standard's threshold (㎡, 万元)."""
    for ind in evaluation.standard.indicators:
        if ind.add_to == add_to and stage in ind.thresholds:
            return ind.thresholds[stage] / ind.scale
    return 0.0


def _stage_moved(parts: list[SchoolResult]) -> SchoolResult:
    """The 学段 the campus takes: a combined school's larger one (its 小学部 as a rule)."""
    return max(parts, key=lambda s: (s.students, s.stage == "primary"))


def campus_of(evaluation: Evaluation, school: str, students: float, limit: float) -> Campus | None:
    """The campus that brings ``school`` under ``limit``: the fewest whole 轨 whose pupils cover the
    excess. None when the school's 学段 are not in scope or the class-size limit is unknown.

    A 小学 of 2350 over 2000: 350 over; one 轨 is 6 × 45 = 270 pupils, two 540 ≥ 350 → 2 轨,
    12 classes, 540 pupils moved, 1810 left."""
    parts = evaluation.school(school)
    classes = evaluation.standard.guarantees.get("class_size") or {}
    if not parts:
        return None
    part = _stage_moved(parts)
    size = classes.get(part.stage)
    grades = GRADES.get(part.stage)
    if not size or not grades:
        return None
    excess = students - limit
    per_track = grades * int(size)
    tracks = max(1, math.ceil(excess / per_track - _EPS))
    moved = tracks * per_track
    rooms = math.ceil(moved * _per_pupil(evaluation, "teaching_rooms_area", part.stage) / 100 - _EPS) * 100
    field = math.ceil(moved * _per_pupil(evaluation, "sports_field_area", part.stage) / 100 - _EPS) * 100
    land = math.ceil((field + SPACING * rooms / FLOORS) / 100 - _EPS) * 100
    equipment = math.ceil(moved * _per_pupil(evaluation, "equipment_value", part.stage) - _EPS)
    table = evaluation.table
    area = ""
    if "urban_rural" in table:
        areas = table.loc[table["name"] == school, "urban_rural"].dropna()
        area = str(areas.iloc[0]) if len(areas) else ""
    return Campus(
        school=school,
        stage=part.stage,
        students=int(students),
        limit=int(limit),
        tracks=tracks,
        classes=tracks * grades,
        moved=moved,
        rooms_m2=float(rooms),
        field_m2=float(field),
        land_m2=float(land),
        equipment_wan=float(equipment),
        area=area,
        public=part.ownership != "民办",
    )


def campus_costs(c: Campus, settings: PlanSettings) -> tuple[float, float, float]:
    """万元 paid in the campus's three years: the land; 60 % of the building (``build_first_year_share``);
    the rest of the building, the field and the equipment on hand-over.

    A 城区 campus of 1300 ㎡ rooms, 2100 ㎡ field, 3000 ㎡ land, 54 万元 equipment at the default unit
    costs: land 3000 × 1500 = 450; building 1300 × 3000 = 390 → 234 then 156 + 2100 × 300 = 63 + 54."""
    from planner.drafting.costs import land_price

    u = settings.unit_costs
    land = c.land_m2 * land_price(settings, c.area) / 10000
    building = c.rooms_m2 * u.building_yuan_per_m2 / 10000
    first = settings.rules.build_first_year_share
    rest = building * (1 - first) + c.field_m2 * u.field_yuan_per_m2 / 10000 + c.equipment_wan
    return (land, building * first, rest)


def campuses(evaluation: Evaluation) -> list[Campus]:
    """The 分设校区 of every 超规模 school in scope."""
    out = []
    for school, students, limit in oversized(evaluation):
        c = campus_of(evaluation, school, students, limit)
        if c is not None:
            out.append(c)
    return out


def campus_projects(evaluation: Evaluation, settings: PlanSettings) -> list[Project]:
    """Each 分设校区 as a whole project the schedule places like any other (land first, so its year
    decides when the school is within the limit); most over the limit first."""
    out = []
    for c in campuses(evaluation):
        parts = evaluation.school(c.school)
        profile = campus_costs(c, settings)
        out.append(
            Project(
                school=c.school,
                kind=CAMPUS_KIND,
                field="teaching_rooms_area",
                amount=c.rooms_m2,
                stage=None,
                indicator="",
                ratio=c.limit / c.students,
                cost_wan=sum(profile),
                township=parts[0].township,
                area=c.area,
                rows=tuple(sorted({r for s in parts for r in s.rows})),
                public=c.public,
                purpose="size",
                need=c.rooms_m2,
                land_m2=c.land_m2,
                profile=profile,
            )
        )
    return out


def size_key(measure: str, school: str | None = None) -> FactKey:
    return FactKey("size", school=school, measure=measure)


def size_facts(sheet: FactSheet, need: list[Project], evaluation: Evaluation, settings: PlanSettings) -> None:
    """Each 分设校区's figures (pupils moved, 轨, classes, areas, money, the year it opens) and the
    year the last 超规模 school is within the limit (absent when a campus is not scheduled in the plan)."""
    projects = {p.school: p for p in need if p.kind == CAMPUS_KIND}
    years = []
    for c in campuses(evaluation):
        p = projects.get(c.school)
        if p is None:
            continue
        rows = p.rows
        for measure, value, unit in (
            ("students", c.students, "人"),
            ("limit", c.limit, "人"),
            ("tracks", c.tracks, "轨"),
            ("classes", c.classes, "个"),
            ("moved", c.moved, "人"),
            ("after", c.after, "人"),
            ("rooms", c.rooms_m2, "㎡"),
            ("field", c.field_m2, "㎡"),
            ("land", c.land_m2, "㎡"),
            ("equipment", c.equipment_wan, "万元"),
            ("cost", p.cost_wan, "万元"),
        ):
            display = f"{value:.0f}{unit}" if unit in ("㎡", "人", "个", "轨") else None
            sheet.add(size_key(measure, c.school), value, unit, display=display, rows=rows, label=c.school)
        if p.start != (0, 0) and p.effect <= settings.end_year:
            sheet.add(
                size_key("open", c.school), p.effect, display=str(p.effect), label=f"{c.school}分设校区启用"
            )
            years.append(p.effect)
    if years and len(years) == len(projects):
        sheet.add(size_key("year"), max(years), display=str(max(years)), label="超规模学校规模达标年份")


def size_reached(need: list[Project], reached: int | None, end_year: int) -> int | None:
    """The year every school meets the standard once 学校规模 counts: not before the last public
    分设校区 opens; None when one does not open within the plan (认定 waits for it)."""
    campus = [p for p in need if p.kind == CAMPUS_KIND and p.public]
    if reached is None or not campus:
        return reached
    if any(p.start == (0, 0) or p.effect > end_year for p in campus):
        return None
    return max(reached, *(p.effect for p in campus))
