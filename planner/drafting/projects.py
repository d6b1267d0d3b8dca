"""Gaps into whole projects, the units a county funds, builds and hires in.

What a school must add (its passing set of indicators, all of its gaps when the CVs need them, or under
基本均衡 what lifts it to the county mean) is turned into projects by ``PlanningRules``:

- 教学及辅助用房: a gap up to ``rooms_adjust_max_m2`` is closed by 调整功能用房 (office and service rooms
  refitted for teaching), never by a token new building; a larger one is built in whole modules;
- 运动场地: a small gap is found inside the campus (校内挖潜); a larger one is an extension in whole
  modules, on new land (用地, a step of its own) when it exceeds ``field_in_campus_share`` of the
  school's present field;
- equipment, books in whole purchase lots; rooms and computers whole;
- teachers per 学段 (a 九年一贯制 school's parts are booked separately, as the upload gives teachers
  per stage): 体育艺术 and other shortages are hires, every hire holding the higher degree, so a hire
  also lifts 高于规定学历; the rest of a degree gap is an in-service upgrade when it finishes within the
  plan, else a hire; 骨干 and 职称 are cultivated;
- 音乐、美术专用教室 short of the 政府保障 count are built or refitted.

Each project records the (stage, indicator) pairs it is meant to lift and the target, so the text can
say what it achieves and the projection can confirm it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from metrics import Addition, Evaluation, what_if
from metrics.columns import BY_KEY
from metrics.result import SchoolResult
from metrics.split import SUBTOTAL_TYPES
from planner.drafting.classes import ClassNeed, class_needs
from planner.drafting.costs import KINDS, project_cost
from planner.drafting.timing import earliest_offset, effect_year, window
from planner.settings import PlanSettings

__all__ = ["Lift", "Project", "buffer_only", "plan_projects", "work_of", "works_of"]

_EPS = 1e-9
_ADJUST_ROUND_M2 = 10.0
"""调整功能用房 and 校内挖潜 are stated to the next 10 ㎡."""


@dataclass(frozen=True)
class Lift:
    """A stage's indicator a project lifts, and to what (the threshold, or the county mean)."""

    stage: str
    indicator: str
    target: float


@dataclass(frozen=True)
class Project:
    """One whole project at one school: what it adds to which upload column, what it costs, when.

    ``start`` and ``finish`` are (year, month), set when the project is scheduled ((0, 0) while it is
    not); ``cost_wan`` is paid in the start year (a hire's: one year's salaries, paid ``years_paid``
    years)."""

    school: str
    kind: str
    field: str
    amount: float
    stage: str | None
    indicator: str
    ratio: float
    """value / target before the work: the smaller, the more urgent."""
    cost_wan: float
    township: str = ""
    area: str = ""
    """城区, 镇区 or 乡村 as uploaded (it prices new land)."""
    rows: tuple[int, ...] = ()
    years_paid: int = 1
    public: bool = True
    """False for a 民办 school: its 举办者 pays."""
    start: tuple[int, int] = (0, 0)
    finish: tuple[int, int] = (0, 0)
    purpose: str = "school"
    """school (its passing set), margin (the passing set of a school that passes only without the
    design margin), cv (for a CV), lift (基本均衡: towards the mean), item (政府保障)."""
    need: float = 0.0
    """The shortfall before it was made a whole unit (what the 差距清单 shows, as the school's total)."""
    land_m2: float = 0.0
    source: str = ""
    """A 骨干 transfer's sending school(s)."""
    offset: int | None = 0
    """The plan year (0 = first) capacity-limited work (骨干 认定) starts in; None: beyond the plan."""
    lifts: tuple[Lift, ...] = ()
    extra: tuple[Addition, ...] = field(default_factory=tuple)
    """Other columns it adds to: a hire is also a 专任教师 holding the higher degree."""
    classes: tuple[tuple[str, int], ...] = ()
    """(学段, 教学班) this building's 普通教室 are for, or a hire's teachers staff (班额)."""
    profile: tuple[float, ...] = ()
    """万元 by year from its start when not its kind's own (a 分设校区's land, building, fit-out)."""
    payments: tuple[tuple[int, float], ...] = ()
    """(year, 万元) as paid, once scheduled: a building by progress over two years, a hire's salary
    every year to the plan's end."""

    @property
    def period_cost_wan(self) -> float:
        """The cost over the plan period (all of it, for a project not scheduled within the plan)."""
        if self.payments:
            return sum(a for _, a in self.payments)
        return self.cost_wan * self.years_paid

    @property
    def category(self) -> str:
        """The 主要任务 group that lists it."""
        return KINDS[self.kind].group

    @property
    def fund(self) -> str:
        return KINDS[self.kind].fund

    @property
    def unit(self) -> str:
        return BY_KEY[self.field].unit

    @property
    def effect(self) -> int:
        """The year whose statistics show it (its finish year; 0 while unscheduled)."""
        return self.finish[0]

    def addition(self) -> Addition:
        return Addition(self.school, self.field, self.amount, self.stage)

    def additions(self) -> list[Addition]:
        """What it adds to the school rows (nothing for a 分设校区: another site, not the school's)."""
        if self.kind == "campus":
            return list(self.extra)
        return [self.addition(), *self.extra]


@dataclass
class _Need:
    amount: float
    purpose: str
    ratio: float
    lifts: list[Lift]


Slot = tuple[str, str, str | None]
_RANK = {"school": 0, "lift": 0, "size": 0, "margin": 1, "cv": 2, "item": 3}
"""Which purpose a slot serving several keeps: a school's passing set first."""


def plan_projects(
    evaluation: Evaluation,
    settings: PlanSettings,
    frame: pd.DataFrame | None = None,
    reference: Evaluation | None = None,
) -> list[Project]:
    """Every project the plan needs, most urgent first.

    ``evaluation`` is at the design enrolment (the roll plus the design margin), so the work is sized
    with a margin and rounded up to whole units; ``reference``, the evaluation as uploaded, says which
    schools must be brought up (purpose ``school``) and which only lack the margin (``margin``), and
    gives the county means a school is lifted to (the means the plan prints)."""
    std = evaluation.standard
    failing = {s.name for s in (reference or evaluation).schools if s.passed is False}
    if std.has_school_thresholds:
        needs = _threshold_needs(evaluation, "fixes", failing)
        projects = _projects(evaluation, settings, needs, frame)
        if frame is not None and _cv_fails(frame, evaluation, projects):
            needs = _threshold_needs(evaluation, "unmet", failing)
            projects = _projects(evaluation, settings, needs, frame)
    else:
        needs = _mean_needs(evaluation, settings, reference or evaluation)
        projects = _projects(evaluation, settings, needs, frame)
    if std.has_school_thresholds:
        projects = _backbone_transfers(projects, evaluation)
    projects = _backbone_capacity(projects, evaluation, settings)
    projects += _special_rooms(evaluation, settings)
    if reference is not None and std.has_school_thresholds:
        projects = [p for p in projects if not buffer_only(p, reference)]
    projects = _class_rooms(projects, class_needs(reference or evaluation), evaluation, settings)
    if reference is not None and std.has_school_thresholds:
        projects += _kept_lifts(projects, evaluation, reference, settings)
    projects = _priced_land(projects, evaluation, settings)
    return sorted(projects, key=lambda p: (p.ratio, p.school, p.field, p.stage or ""))


_BACKBONE = "backbone_teachers"


def _backbone_counts(evaluation: Evaluation) -> dict[tuple[str, str], float]:
    """(school, stage) → its 骨干 (a combined school's per 学段, as uploaded)."""
    table = evaluation.table
    if _BACKBONE not in table:
        return {}
    return {
        (str(r["name"]), str(r["stage"])): float(0 if pd.isna(r[_BACKBONE]) else r[_BACKBONE])
        for _, r in table.iterrows()
    }


def _backbone_transfers(projects: list[Project], evaluation: Evaluation) -> list[Project]:
    """骨干 a school lacks come first by 交流 from public schools of the same 学段 with 骨干 to spare
    (each sender keeps its own threshold at the design roll, so its margin too); only the rest is
    认定. A county's 骨干 concentrated in the town centre fill the village schools' gaps directly."""
    counts = _backbone_counts(evaluation)
    needs = [p for p in projects if p.kind == "backbone" and p.public]
    if not needs or not counts:
        return projects
    std = evaluation.standard
    ind = next((i for i in std.indicators if i.add_to == _BACKBONE), None)
    if ind is None:
        return projects
    receiving = {(p.school, p.stage) for p in needs}
    spare: dict[tuple[str, str], int] = {}
    combined: set[str] = set()
    for s in evaluation.schools:
        if s.school_type in SUBTOTAL_TYPES:
            combined.add(s.name)
        threshold = ind.thresholds.get(s.stage)
        if s.ownership == "民办" or threshold is None or (s.name, s.stage) in receiving:
            continue
        keep = threshold * s.students / ind.scale
        extra = math.floor(counts.get((s.name, s.stage), 0.0) - keep + _EPS)
        if extra > 0:
            spare[(s.name, s.stage)] = extra
    out: list[Project] = []
    for p in projects:
        if p not in needs:
            out.append(p)
            continue
        stage = p.stage or next(s.stage for s in evaluation.school(p.school))
        left = int(p.amount)
        sent: dict[str, int] = {}
        for key in sorted((k for k in spare if k[1] == stage), key=lambda k: (-spare[k], k[0])):
            take = min(spare[key], left)
            if take <= 0:
                continue
            spare[key] -= take
            sent[key[0]] = take
            left -= take
            if left == 0:
                break
        if sent:
            extra = tuple(
                Addition(name, _BACKBONE, -n, stage if name in combined else None) for name, n in sent.items()
            )
            moved = float(sum(sent.values()))
            out.append(
                replace(
                    p,
                    kind="backbone_transfer",
                    amount=moved,
                    cost_wan=0.0,
                    source="、".join(sent),
                    extra=extra,
                )
            )
        if left > 0:
            out.append(replace(p, amount=float(left), cost_wan=p.cost_wan * left / p.amount))
    return out


def _backbone_capacity(
    projects: list[Project], evaluation: Evaluation, settings: PlanSettings
) -> list[Project]:
    """骨干 认定 within the county's yearly capacity (``backbone_yearly_share`` of its present 骨干,
    at least 1 a year): the most urgent first, a school's 认定 spread over years where a year is
    full; what the plan's years cannot hold is not promised (``offset`` None)."""
    todo = sorted(
        (p for p in projects if p.kind == "backbone"), key=lambda p: (p.ratio, p.school, p.stage or "")
    )
    if not todo:
        return projects
    total = sum(_backbone_counts(evaluation).values())
    cap = max(1, math.floor(settings.rules.backbone_yearly_share * total + _EPS))
    room = [cap] * settings.years
    first = earliest_offset("backbone", settings.start_year, settings.issue_date, settings.rules)
    out = [p for p in projects if p.kind != "backbone"]
    for p in todo:
        left = int(p.amount)
        for year in range(first, settings.years):
            take = min(room[year], left)
            if take <= 0:
                continue
            room[year] -= take
            left -= take
            out.append(replace(p, amount=float(take), cost_wan=p.cost_wan * take / p.amount, offset=year))
            if left == 0:
                break
        if left > 0:
            out.append(replace(p, amount=float(left), cost_wan=p.cost_wan * left / p.amount, offset=None))
    return out


def buffer_only(p: Project, reference: Evaluation) -> bool:
    """Whether every indicator ``p`` lifts is met today at its school (on the roll as uploaded): work
    for a growth buffer alone (a post for ever, a 20 ㎡ "project") is no plan. The design margin sizes
    the work a school needs anyway; it never makes work of its own. A CV's work stays."""
    if p.purpose == "cv" or not p.lifts or any(not lift.indicator for lift in p.lifts):
        return False
    for lift in p.lifts:
        school = next(iter(reference.school(p.school, lift.stage)), None)
        value = None if school is None else school.indicators.get(lift.indicator)
        if value is None or math.isnan(value) or value < lift.target - _EPS:
            return False
    return True


def _cv_fails(frame: pd.DataFrame, evaluation: Evaluation, projects: list[Project]) -> bool:
    after = what_if(frame, evaluation.standard, [a for p in projects for a in p.additions()])
    return any(st.passed is False for st in after.stages.values())


def _slot(s: SchoolResult, field_key: str, split: tuple[str, ...]) -> Slot:
    """Facilities are the school's (拆分 shares them); teachers are per 学段 in a combined school."""
    if field_key in split or s.school_type not in SUBTOTAL_TYPES:
        return (s.name, field_key, None)
    return (s.name, field_key, s.stage)


def _add(needs: dict[Slot, _Need], slot: Slot, amount: float, purpose: str, ratio: float, lift: Lift):
    """A combined school's facility need is the largest of its parts' (never their sum)."""
    if slot not in needs:
        needs[slot] = _Need(amount, purpose, ratio, [lift])
        return
    need = needs[slot]
    need.amount = max(need.amount, amount)
    need.ratio = min(need.ratio, ratio)
    need.lifts.append(lift)
    if _RANK[purpose] < _RANK[need.purpose]:
        need.purpose = purpose


def _threshold_needs(evaluation: Evaluation, which: str, failing: set[str]) -> dict[Slot, _Need]:
    """Each school's passing set (``fixes``), or all its unmet indicators (``unmet``, when the CVs
    need more than the passing sets); a school that passes on its present roll (not in ``failing``)
    but not with the design margin gets its passing set as ``margin`` work."""
    std = evaluation.standard
    shares = evaluation.table["share"].to_numpy(float)
    needs: dict[Slot, _Need] = {}
    for i, s in enumerate(evaluation.schools):
        for key in s.unmet if which == "unmet" else s.fixes:
            gap, ind = s.gaps[key], std.indicator(key)
            if ind.add_to in std.split_columns:
                amount = (gap.threshold - gap.value) * s.students / ind.scale / (shares[i] or 1.0)
            else:
                amount = gap.shortfall
            if key not in s.fixes:
                purpose = "cv"
            else:
                purpose = "school" if s.name in failing else "margin"
            lift = Lift(s.stage, key, gap.threshold)
            _add(needs, _slot(s, ind.add_to, std.split_columns), amount, purpose, gap.ratio, lift)
    return needs


def _mean_needs(evaluation: Evaluation, settings: PlanSettings, reference: Evaluation) -> dict[Slot, _Need]:
    """基本均衡 without per-school thresholds: in a stage whose composite CV fails, every school below
    the county mean is lifted to it; otherwise (巩固提升) the schools below ``basic_lift_share`` of
    the mean on an indicator are."""
    std = evaluation.standard
    shares = evaluation.table["share"].to_numpy(float)
    needs: dict[Slot, _Need] = {}
    for i, s in enumerate(evaluation.schools):
        st = reference.stages[s.stage]
        floor = 1.0 if st.passed is False else settings.rules.basic_lift_share
        for ind in std.indicators:
            mean, value = st.means[ind.key], s.indicators[ind.key]
            if not mean > 0 or math.isnan(value) or value >= floor * mean - _EPS:
                continue
            amount = (mean - value) * s.students / ind.scale
            if ind.add_to in std.split_columns:
                amount /= shares[i] or 1.0
            lift = Lift(s.stage, ind.key, mean)
            _add(needs, _slot(s, ind.add_to, std.split_columns), amount, "lift", value / mean, lift)
    return needs


def _whole(amount: float, integer: bool) -> float:
    return float(math.ceil(amount - _EPS)) if integer else amount


def _module(amount: float, module: float) -> float:
    return math.ceil(amount / module - _EPS) * module


def _projects(
    evaluation: Evaluation,
    settings: PlanSettings,
    needs: dict[Slot, _Need],
    frame: pd.DataFrame | None,
) -> list[Project]:
    info = {s.name: s for s in evaluation.schools}
    rows: dict[str, set[int]] = {}
    for s in evaluation.schools:
        rows.setdefault(s.name, set()).update(s.rows)
    out: list[Project] = []
    teacher_slots: dict[tuple[str, str | None], dict[str, _Need]] = {}
    for (name, key, stage), need in needs.items():
        need.amount = _whole(need.amount, BY_KEY[key].integer)
        if need.amount <= 0:
            continue
        if BY_KEY[key].unit == "人":
            teacher_slots.setdefault((name, stage), {})[key] = need
            continue
        s = info[name]
        kind, amount, land = _facility(key, need.amount, settings, _present(evaluation, frame, name, key))
        out.append(_project(s, kind, key, amount, None, need, settings, rows[name], land=land))
    for (name, stage), slot in teacher_slots.items():
        out += _teachers(info[name], stage, slot, settings, rows[name])
    return out


def _present(evaluation: Evaluation, frame: pd.DataFrame | None, school: str, key: str) -> float:
    """The school's present amount of an upload column (the uploaded row, before 拆分)."""
    if frame is not None and key in frame:
        values = frame.loc[frame["name"] == school, key].fillna(0)
        if len(values):
            return float(values.iloc[0])
    table = evaluation.table
    if key in table:
        return float(table.loc[table["name"] == school, key].fillna(0).sum())
    return 0.0


def _facility(key: str, need: float, settings: PlanSettings, present: float) -> tuple[str, float, float]:
    """(kind, amount, land ㎡) of the project that closes a facility need."""
    r = settings.rules
    if key == "teaching_rooms_area":
        if need <= r.rooms_adjust_max_m2 + _EPS:
            return "rooms_adjust", _module(need, _ADJUST_ROUND_M2), 0.0
        return "rooms_build", _module(need, r.rooms_module_m2), 0.0
    if key == "sports_field_area":
        if need <= r.field_adjust_max_m2 + _EPS:
            return "field_adjust", _module(need, _ADJUST_ROUND_M2), 0.0
        amount = _module(need, r.field_module_m2)
        if amount <= r.field_in_campus_share * present + _EPS:
            return "field_build", amount, 0.0
        return "field_land", amount, amount
    if key == "equipment_value":
        return "equipment", _module(need, r.equipment_module_wan), 0.0
    if key == "books":
        return "books", _module(need, r.books_module), 0.0
    return {"multimedia_rooms": "multimedia", "computers": "computers"}[key], need, 0.0


def _project(
    s: SchoolResult,
    kind: str,
    key: str,
    amount: float,
    stage: str | None,
    need: _Need,
    settings: PlanSettings,
    rows: set[int],
    land: float = 0.0,
    extra: tuple[Addition, ...] = (),
    shortfall: float | None = None,
) -> Project:
    return Project(
        school=s.name,
        kind=kind,
        field=key,
        amount=float(amount),
        stage=stage,
        indicator=need.lifts[0].indicator,
        ratio=need.ratio,
        cost_wan=project_cost(kind, amount, settings),
        township=s.township,
        rows=tuple(sorted(rows)),
        public=s.ownership != "民办",
        purpose=need.purpose,
        need=need.amount if shortfall is None else shortfall,
        land_m2=land,
        lifts=tuple(dict.fromkeys(need.lifts)),
        extra=extra,
    )


def _teachers(
    s: SchoolResult, stage: str | None, slot: dict[str, _Need], settings: PlanSettings, rows: set[int]
) -> list[Project]:
    """One school-stage's teacher projects: hires (each also a 专任教师 with the higher degree), then
    the rest of a degree gap by upgrade (when it finishes within the plan) or hire, then cultivation."""
    out = []
    hired = 0.0
    for key in ("pe_art_teachers", "teachers"):
        if key not in slot:
            continue
        n = slot[key].amount
        extra = tuple(
            Addition(s.name, k, n, stage) for k in ("teachers", "teachers_above_degree") if k != key
        )
        out.append(_project(s, "hire", key, n, stage, slot[key], settings, rows, extra=extra))
        hired += n
    if "teachers_above_degree" in slot:
        need = slot["teachers_above_degree"]
        n = need.amount - hired
        if n > 0:
            done = effect_year("upgrade", settings.start_year, settings.rules)
            kind = "upgrade" if done <= settings.end_year else "hire"
            extra = (Addition(s.name, "teachers", n, stage),) if kind == "hire" else ()
            key = "teachers_above_degree"
            out.append(_project(s, kind, key, n, stage, need, settings, rows, extra=extra, shortfall=n))
        else:  # the hires hold the higher degree: the last of them also lifts 高于规定学历
            last = out[-1]
            out[-1] = replace(last, lifts=tuple(dict.fromkeys((*last.lifts, *need.lifts))))
    for key, kind in (("backbone_teachers", "backbone"), ("teachers_mid_title", "title")):
        if key in slot:
            out.append(_project(s, kind, key, slot[key].amount, stage, slot[key], settings, rows))
    return out


_PEOPLE = {"teachers_above_degree": "upgrade", "pe_art_teachers": "hire"}
"""The teacher columns another project's hires can lift on the way, and the work that tops them up."""


def _kept_lifts(
    projects: list[Project], evaluation: Evaluation, reference: Evaluation, settings: PlanSettings
) -> list[Project]:
    """Top-ups for a people-indicator outside a school's passing set that the plan's hires lift to
    its threshold on the uploaded roll but not on the design roll (a 体艺 hire holds the higher degree
    too): an indicator the plan brings up keeps the design margin like one it targets, so the plan
    never ends 刚好达标 (a degree top-up is an upgrade when it finishes within the plan, else a hire)."""
    std = evaluation.standard
    added: dict[Slot, float] = {}
    for p in projects:
        for a in p.additions():
            added[(a.school, a.field, a.stage)] = added.get((a.school, a.field, a.stage), 0.0) + a.amount
    uploaded = {(s.name, s.stage): s for s in reference.schools}
    out = []
    for s in evaluation.schools:
        before = uploaded.get((s.name, s.stage))
        for key, gap in s.gaps.items():
            ind = std.indicator(key)
            if ind.add_to not in _PEOPLE or before is None or key not in before.gaps:
                continue
            slot = _slot(s, ind.add_to, std.split_columns)
            have = added.get(slot, 0.0)
            if have < before.gaps[key].shortfall - _EPS:  # still short on the roll as uploaded
                continue
            n = math.ceil(gap.shortfall - have - _EPS)
            if n <= 0:
                continue
            kind = _PEOPLE[ind.add_to]
            if (
                kind == "upgrade"
                and effect_year(kind, settings.start_year, settings.rules) > settings.end_year
            ):
                kind = "hire"
            extra = tuple(
                Addition(s.name, k, float(n), slot[2])
                for k in ("teachers", "teachers_above_degree")
                if kind == "hire" and k != ind.add_to
            )
            need = _Need(float(n), "margin", gap.ratio, [Lift(s.stage, key, gap.threshold)])
            rows = set(s.rows)
            out.append(
                _project(s, kind, ind.add_to, n, slot[2], need, settings, rows, extra=extra, shortfall=n)
            )
    return out


def _special_rooms(evaluation: Evaluation, settings: PlanSettings) -> list[Project]:
    """音乐、美术专用教室 short of ceil(班数 / 12) (政府保障程度): built or refitted, one project per kind."""
    info = {s.name: s for s in evaluation.schools}
    fields = {"音乐专用教室": "music_rooms", "美术专用教室": "art_rooms"}
    out = []
    for g in evaluation.guarantees:
        if g.item not in fields or g.met or g.name not in info:
            continue
        s = info[g.name]
        amount = float(math.ceil(g.limit - g.value - _EPS))
        ratio = g.value / g.limit if g.limit else 1.0
        need = _Need(amount, "item", ratio, [Lift(s.stage, "", g.limit)])
        rows = {r for x in evaluation.school(g.name) for r in x.rows}
        out.append(_project(s, "special_rooms", fields[g.item], amount, None, need, settings, rows))
    return out


def _priced_land(projects: list[Project], evaluation: Evaluation, settings: PlanSettings) -> list[Project]:
    """Each project with its school's 城乡分类, and a field on new land priced at that area's land."""
    table = evaluation.table
    if "urban_rural" not in table:
        return projects
    areas = {str(n): str(a) for n, a in zip(table["name"], table["urban_rural"], strict=True) if a == a}
    out = []
    for p in projects:
        area = areas.get(p.school, "")
        cost = project_cost(p.kind, p.amount, settings, area) if p.kind == "field_land" else p.cost_wan
        out.append(replace(p, area=area, cost_wan=cost))
    return out


def _class_rooms(
    projects: list[Project], needs: list[ClassNeed], evaluation: Evaluation, settings: PlanSettings
) -> list[Project]:
    """Rooms and teachers for the classes over the limit: a school's 普通教室 go into the building it
    already extends (enlarged to hold them when smaller), else become a project of their own (调整功能用房
    up to ``rooms_adjust_max_m2``, a new building beyond); the teachers are hired at the school's 班师比
    in the year the rooms are handed over."""
    info = {s.name: s for s in evaluation.schools}
    rules = settings.rules
    out = list(projects)
    by_school: dict[str, list[ClassNeed]] = {}
    for n in needs:
        if n.extra > 0 and n.school in info:
            by_school.setdefault(n.school, []).append(n)
    for school, mine in by_school.items():
        s = info[school]
        classes = tuple((n.stage, n.extra) for n in mine)
        area = sum(n.extra for n in mine) * rules.classroom_m2
        grow = tuple(Addition(school, f"{n.stage}_classes", float(n.extra), None) for n in mine)
        rows = {r for n in mine for r in n.rows}
        here = [i for i, p in enumerate(out) if p.school == school and p.field == "teaching_rooms_area"]
        if settings.rules.design_margin >= 0:
            here = []  # the classrooms are a project of their own: 大班额 is phased and funded first
        lift = Lift(mine[0].stage, "", float(mine[0].limit))
        if here:
            p = out[here[0]]
            total = p.amount if p.kind == "rooms_build" and p.amount >= area - _EPS else p.amount + area
            kind, amount, _ = _facility("teaching_rooms_area", total, settings, 0.0)
            out[here[0]] = replace(
                p,
                kind=kind,
                amount=amount,
                cost_wan=project_cost(kind, amount, settings),
                classes=classes,
                extra=(*p.extra, *grow),
            )
            lag = window(kind, rules).years
        else:
            kind, amount, _ = _facility("teaching_rooms_area", area, settings, 0.0)
            need = _Need(area, "item", min(n.classes / n.needed for n in mine), [lift])
            built = _project(s, kind, "teaching_rooms_area", amount, None, need, settings, rows, extra=grow)
            out.append(replace(built, classes=classes))
            lag = window(kind, rules).years
        for n in mine:
            if n.hires <= 0:
                continue
            stage = n.stage if n.combined else None
            need = _Need(float(n.hires), "item", n.classes / n.needed, [Lift(n.stage, "", float(n.limit))])
            degree = (Addition(school, "teachers_above_degree", float(n.hires), stage),)
            hire = _project(s, "hire", "teachers", n.hires, stage, need, settings, rows, extra=degree)
            hire = replace(hire, classes=((n.stage, n.extra),), offset=min(lag, settings.years - 1))
            out = _degree_covered(out, hire)
    return out


def _degree_covered(projects: list[Project], hire: Project) -> list[Project]:
    """``hire`` (teachers for extra classes, each holding the higher degree) added, and the same
    school-stage's 高于规定学历 hires and upgrades cut by as many: the class teachers already count
    toward the degree indicator, so hiring both would pay the same posts twice."""
    left = hire.amount
    lifts = list(hire.lifts)
    out = []
    for p in projects:
        same = p.school == hire.school and p.stage == hire.stage
        degree = p.field == "teachers_above_degree" and p.kind in ("hire", "upgrade")
        if left <= _EPS or not same or not degree:
            out.append(p)
            continue
        take = min(p.amount, left)
        left -= take
        lifts += p.lifts
        if p.amount - take > _EPS:
            rest = p.amount - take
            extra = tuple(replace(a, amount=rest) for a in p.extra)
            out.append(replace(p, amount=rest, cost_wan=p.cost_wan * rest / p.amount, need=rest, extra=extra))
    out.append(replace(hire, lifts=tuple(dict.fromkeys(lifts))))
    return out


def works_of(projects: list[Project]) -> list[str]:
    """The kinds of work among ``projects``, in the order plans list them (buildings, fields,
    equipment, rooms, teachers)."""
    order = list(KINDS)
    first = {}
    for p in projects:
        first.setdefault(work_of(p), (order.index(p.kind), p.field))
    return sorted(first, key=first.get)


def work_of(p: Project) -> str:
    """The kind of work as the text and the tables name it: the kind, and for a hire what is hired
    (``hire_pe_art_teachers``), for special rooms which (``special_rooms_music_rooms``)."""
    if p.kind in ("hire", "special_rooms"):
        return f"{p.kind}_{p.field}"
    return p.kind
