"""迎评工作方案 generators. First the date: the plan's schedule says when each school's work is finished,
so the document says whether the inspection date leaves time to finish it (and, when not, which work
is late and the earliest date that would do). Then the countdown, dated back from the inspection (and
compressed when the date is near): 动员, 自查整改, 社会认可度预调查, 自评复核, 资料和模拟评估, 接受评估;
the 领导小组, 工作组, 乡镇 and 部门 duties in the level's words; each school's 整改清单 with the plan's
deadlines; the schools to prepare for the site visit; the survey; the materials."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from metrics import STAGE_NAMES
from planner.documents.core import KindContext, generator
from planner.documents.guarantee_work import by_school, check_item, check_work
from planner.documents.items import ItemStatus, item_statuses
from planner.documents.plan_link import (
    Due,
    PlannedWork,
    PlanWork,
    due_fact,
    field_words,
    overdue,
    plan_work,
    spared,
    work_words,
)
from planner.documents.school_calendar import day_off, next_visit_day
from planner.documents.schools import is_private, need_key, school_groups
from planner.documents.templates import KindSection
from planner.drafting.annexes import gaps_table, without_column
from planner.drafting.context import DATA_YEAR
from planner.drafting.facts import FactKey as K
from planner.model import AnnexTable, Paragraph, Section

__all__ = ["Phase", "Readiness", "inspection_annexes", "phase_dates", "readiness"]


@dataclass(frozen=True)
class Phase:
    name: str
    start: date
    end: date
    duties: str


def phase_dates(
    inspection: date,
    phases: list[dict],
    today: date | None = None,
    begin: date | None = None,
    rectify: int = 1,
) -> list[Phase]:
    """Each phase from ``weeks_before[0]`` weeks before the inspection to the day before
    ``weeks_before[1]`` weeks before it (a phase at 0 weeks is the inspection day itself). When
    ``today`` leaves less time than the first phase needs, every phase is compressed in proportion.
    ``begin``: when the work still to be done starts; the 自查整改 phase (index ``rectify``) starts
    then if that is earlier, and the phases before it move back with it (sized from the work, not a
    fixed number of weeks).

    >>> phases = [{"name": "a", "weeks_before": [4, 1], "duties": ""},
    ...           {"name": "b", "weeks_before": [0, 0], "duties": ""}]
    >>> def span(ps): return [(p.start.isoformat(), p.end.isoformat()) for p in ps]
    >>> span(phase_dates(date(2026, 10, 15), phases))
    [('2026-09-17', '2026-10-07'), ('2026-10-15', '2026-10-15')]
    >>> span(phase_dates(date(2026, 10, 15), phases, today=date(2026, 10, 1)))  # two weeks, not four
    [('2026-10-01', '2026-10-10'), ('2026-10-15', '2026-10-15')]
    >>> three = [{"name": "m", "weeks_before": [6, 5], "duties": ""}, *phases]
    >>> span(phase_dates(date(2026, 10, 15), three, begin=date(2026, 3, 1)))  # work from March
    [('2026-02-22', '2026-02-28'), ('2026-03-01', '2026-10-07'), ('2026-10-15', '2026-10-15')]
    """
    longest = max(p["weeks_before"][0] for p in phases) * 7
    left = (inspection - today).days if today is not None else longest
    scale = min(1.0, left / longest) if longest else 1.0
    out = []
    for p in phases:
        first, last = p["weeks_before"]
        start = inspection - timedelta(days=round(first * 7 * scale))
        if last or first:
            end = inspection - timedelta(days=round(last * 7 * scale)) - timedelta(days=1)
        else:
            end = inspection
        out.append(Phase(p["name"], start, max(start, end), p["duties"]))
    if begin is not None and 0 <= rectify < len(out):
        before = sum((out[i].end - out[i].start).days + 1 for i in range(rectify))
        if today is not None:
            begin = max(begin, today + timedelta(days=before))
        if begin < out[rectify].start:
            out[rectify] = replace(out[rectify], start=begin)
            nxt = begin
            for i in range(rectify - 1, -1, -1):
                length = out[i].end - out[i].start
                end = nxt - timedelta(days=1)
                out[i] = replace(out[i], start=end - length, end=end)
                nxt = out[i].start
    return out


@dataclass(frozen=True)
class Readiness:
    """What the plan finishes by the inspection: the latest finish, the work that is late, and the
    earliest inspection date that leaves the 自评 and 资料 phases after the last work (None when
    some work has no money in the plan)."""

    latest: Due | None
    late: tuple[PlannedWork, ...]
    """The projects not finished before the cutoff (or not funded)."""
    earliest: date | None


def _month_end(due: Due) -> date:
    first_next = date(due.year + due.month // 12, due.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def readiness(work: PlanWork, cutoff: date, after_weeks: int) -> Readiness:
    """Set the plan's work against the last day it can be finished (``cutoff``); ``after_weeks`` is
    the time the phases after it need (the inspection is that long after the last work)."""
    dated = [w for w in work.works if w.due is not None]
    dated.sort(key=lambda w: (-w.due.year, -w.due.month))
    # the work without money first (the gravest), then what finishes late, latest first
    late = [w for w in work.works if w.due is None]
    late += [w for w in dated if _month_end(w.due) > cutoff]
    latest = dated[0].due if dated else None
    earliest = None
    if not work.unfunded and latest is not None:
        ready = _month_end(latest) + timedelta(weeks=after_weeks, days=1)
        earliest = date(ready.year + ready.month // 12, ready.month % 12 + 1, 1) if ready.day > 1 else ready
    return Readiness(latest, tuple(late), earliest)


def _date(kc: KindContext, key: K, d: date, label: str) -> str:
    return kc.fact(
        key, d.isoformat(), display=kc.phrase("date", year=d.year, month=d.month, day=d.day), label=label
    )


def _today(kc: KindContext) -> date | None:
    """The day the countdown starts from: the 成文日期, else the day the document is drafted."""
    return kc.st.issue_date or kc.inp.today


def not_before(reference: date | None) -> date | None:
    """The first day a date the document advises may fall on, issued or drafted on ``reference``:
    the first of the month after it (a month already begun is past), or no bound without one.

    >>> not_before(date(2026, 12, 3)), not_before(date(2026, 12, 1)), not_before(None)
    (datetime.date(2027, 1, 1), datetime.date(2026, 12, 1), None)
    """
    if reference is None or reference.day == 1:
        return reference
    return date(reference.year + reference.month // 12, reference.month % 12 + 1, 1)


def _floor(kc: KindContext) -> date | None:
    """The earliest date the document may advise: from its 成文日期, else the day it is drafted."""
    return not_before(kc.st.issue_date or kc.inp.today)


def _clamped(d: date | None, floor: date | None) -> date | None:
    return d if d is None or floor is None else max(d, floor)


def _template_phases(kc: KindContext) -> list[dict]:
    return [
        {**p, "name": kc.tpl.render(f"constants.phases[{n}]", p["name"], kc.base)}
        for n, p in enumerate(kc.tpl.constants["phases"])
    ]


def _phase_index(kc: KindContext, name: str) -> int:
    wanted = kc.tpl.render(f"constants.{name}", kc.tpl.constants[name], kc.base)
    return next(n for n, p in enumerate(_template_phases(kc)) if p["name"] == wanted)


def _phases_at(kc: KindContext, inspection: date, begin: date | None = None) -> list[Phase]:
    rectify = _phase_index(kc, "rectify_phase")
    return phase_dates(inspection, _template_phases(kc), _today(kc), begin, rectify)


def _begin(kc: KindContext, work: PlanWork, inspection: date) -> date | None:
    """When the 自查整改 phase starts: right after the 动员 that follows the document's signing (a
    方案 signed today is issued now, not months later), else when the work still under way at the
    countdown's start began (the plan's start months of the projects not finished before the 自查整改
    phase would start)."""
    default = _phases_at(kc, inspection)[_phase_index(kc, "rectify_phase")].start
    starts = [
        date(w.start.year, w.start.month, 1)
        for w in work.works
        if w.start is not None and w.due is not None and _month_end(w.due) >= default
    ]
    floor = _floor(kc)
    if floor is not None:
        starts.append(floor)
    first = min(starts, default=None)
    return first if first is not None and first < default else None


def _phases(kc: KindContext) -> list[Phase]:
    """The countdown to the date the document works to (the requested date, or the earliest feasible
    one), its 自查整改 phase sized from the plan's work still under way."""
    work, _ = _readiness(kc)
    target = _feasibility(kc).target
    return _phases_at(kc, target, _begin(kc, work, target))


def _phase_end(kc: KindContext, name: str) -> tuple[int, Phase]:
    n = _phase_index(kc, name)
    return n, _phases(kc)[n]


def _deadline(kc: KindContext, name: str) -> str:
    n, phase = _phase_end(kc, name)
    return _date(kc, K("setting", index=n, measure="phase_end"), phase.end, f"{phase.name}结束")


def _cutoff_at(kc: KindContext, inspection: date) -> date:
    """The last day work can be finished and still be documented and checked: the day before the
    资料完善和模拟评估 phase begins (work handed over in August counts for an October inspection)."""
    phase = _phases_at(kc, inspection)[_phase_index(kc, "materials_phase")]
    return phase.start - timedelta(days=1)


def _cutoff(kc: KindContext) -> date:
    return _cutoff_at(kc, _feasibility(kc).target)


def _cutoff_shown(kc: KindContext) -> str:
    return _date(kc, K("setting", measure="work_cutoff"), _cutoff(kc), "整改项目完成的最后期限")


def _after_weeks(kc: KindContext) -> int:
    return next(
        p["weeks_before"][0]
        for p in kc.tpl.constants["phases"]
        if p["name"] == kc.tpl.constants["materials_phase"]
    )


def _readiness(kc: KindContext) -> tuple[PlanWork, Readiness]:
    """The plan's work against the requested date."""
    if not hasattr(kc, "_ready"):
        work = _for_gaps(kc, plan_work(kc))
        cutoff = _cutoff_at(kc, next_visit_day(kc.inp.inspection_date, weekends=False))
        kc._ready = (work, readiness(work, cutoff, _after_weeks(kc)))
    return kc._ready


def _for_gaps(kc: KindContext, work: PlanWork) -> PlanWork:
    """The plan's work that closes a gap the schools have now (the 整改清单's tasks): a project for an
    indicator a school already meets (a plan's margin for growth) is not work before the inspection.
    Work for the 政府保障 items (专用教室, a 分设校区 for 学校规模 …) is kept."""
    indicator_fields = {ind.add_to for ind in kc.std.indicators}

    def needed(w: PlannedWork) -> bool:
        if not w.adds_to_school or w.field not in indicator_fields:
            return True
        return any(
            w.stage in (s.stage, None) and any(kc.std.indicator(k).add_to == w.field for k in s.gaps)
            for s in kc.ev.school(w.school)
        )

    return replace(work, works=tuple(w for w in work.works if needed(w)))


@dataclass(frozen=True)
class Feasibility:
    """Whether the requested date stands: the plan's work finished before it, the plan's own steps
    (its 自评, then the inspection of the level) before it, and no item of the other parts left
    unverified or unmet; ``target`` is the date the countdown is laid out for."""

    requested: date
    work_ready: bool
    steps_earliest: date | None
    """The first day the plan's steps allow the inspection (the month after its 自评; for 国家认定 the
    plan's 认定 year)."""
    open_items: tuple[ItemStatus, ...]
    earliest: date | None
    """The earliest date the work and the steps allow (None: the work has no money, or none is late)."""

    @property
    def steps_ready(self) -> bool:
        return self.steps_earliest is None or self.requested >= self.steps_earliest

    @property
    def date_stands(self) -> bool:
        return self.work_ready and self.steps_ready

    @property
    def target(self) -> date:
        """The county's date (its countdown, feasible or not); the first visit day after it when
        schools cannot be visited that day (a holiday, the vacation)."""
        return next_visit_day(self.requested, weekends=False)


def _month_after(due: Due) -> date:
    return date(due.year + due.month // 12, due.month % 12 + 1, 1)


def steps_earliest(work: PlanWork, level: str | None) -> date | None:
    """The first day the plan's own steps allow an inspection of ``level``: after its 自评 (市级复核 and
    省级评估 follow it), and for 国家认定 not before the plan's 认定 year."""
    if work.self_check is None:
        return None
    after = _month_after(work.self_check)
    if level == "national" and work.final_year is not None:
        return max(after, date(work.final_year, 1, 1))
    return after


_OTHER_PARTS = ("guarantee", "quality", "recognition", "veto")


def _feasibility(kc: KindContext) -> Feasibility:
    if not hasattr(kc, "_feasible"):
        work, ready = _readiness(kc)
        requested = kc.inp.inspection_date
        # the plan's own 自评 and 认定 steps bind only a plan the workspace stores (else the 自评 is
        # the countdown's 自评复核 phase)
        steps = steps_earliest(work, kc.inp.form.inspection_level) if kc.planned else None
        items = tuple(
            s for s in item_statuses(kc.ev, kc.inp.form) if s.part in _OTHER_PARTS and s.verdict != "met"
        )
        work_ready = not ready.late
        earliest = None
        if not work_ready and ready.earliest is not None:
            earliest = ready.earliest
        if steps is not None and (earliest is not None or (work_ready and requested < steps)):
            earliest = max(earliest or steps, steps)
        earliest = _clamped(earliest, _floor(kc))  # never a date already past
        if earliest is not None:  # a day the 评估组 can visit schools (term, no holiday)
            earliest = next_visit_day(earliest)
        kc._feasible = Feasibility(requested, work_ready, steps, items, earliest)
    return kc._feasible


def _inspection_name(kc: KindContext) -> str:
    level = kc.inp.form.inspection_level
    if level is None:
        return kc.pending_mark("评估级别：市级复核、省级评估或国家督导评估认定")
    return kc.tpl.constants["inspection_names"][level]


@generator("ip_preamble")
def _preamble(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    d = kc.inp.inspection_date
    when = kc.fact(
        K("setting", measure="inspection_date"),
        d.isoformat(),
        display=kc.phrase("date", year=d.year, month=d.month, day=d.day),
        label="督导评估日期",
    )
    name = _inspection_name(kc)
    if _feasibility(kc).target == d:
        text = kc.phrase("preamble", inspection_date=when, inspection_name=name)
    else:  # the requested date does not stand: the goals say so and which date the steps work to
        text = kc.phrase("preamble_undated", inspection_name=name)
    para = kc.para(text)
    para.sources = (
        {"title": kc.std.title, "doc_no": kc.std.doc_no, "section": "", "source": f"standard:{kc.std.key}"},
    )
    return [para]


def _label(kc: KindContext, w: PlannedWork) -> str:
    """小学部 / 初中部 for a part's own work at a combined school; nothing for the campus's."""
    return f"{STAGE_NAMES[w.stage]}部" if w.stage and len(kc.ev.school(w.school)) > 1 else ""


def _oversized(kc: KindContext) -> str:
    """The schools over the 学校规模 limit ("" for none): the plan sets no date for their roll, since it
    cuts no roll and waits for new places at the receiving schools."""
    names = [g.name for s in item_statuses(kc.ev, kc.inp.form) for g in s.failed if g.item == "学校规模"]
    return "、".join(dict.fromkeys(names))


def _month_fact(kc: KindContext, measure: str, d: Due | date, label: str) -> str:
    return kc.fact(
        K("setting", measure=measure),
        f"{d.year}-{d.month:02d}",
        display=f"{d.year}年{d.month}月",
        label=label,
    )


def _work_sentence(kc: KindContext) -> str:
    """What the plan's work finishes by the requested date (the work that is late named)."""
    work, ready = _readiness(kc)
    cutoff = _cutoff_at(kc, _feasibility(kc).target)
    deadline = _date(kc, K("setting", measure="requested_cutoff"), cutoff, "所定评估日期前整改完成的最后期限")
    if not work.due and not work.unfunded:
        return kc.phrase("work_none")
    if not ready.late:
        latest = ready.latest
        latest_shown = kc.fact(
            K("due", measure="latest"),
            f"{latest.year}-{latest.month:02d}",
            display=f"{latest.year}年{latest.month}月",
        )
        signed = _today(kc)
        if signed is not None and _month_end(latest) < signed:  # the plan's month is past: asked about
            return kc.phrase("work_ready_past", latest=latest_shown, deadline=deadline)
        return kc.phrase("work_ready", latest=latest_shown, deadline=deadline)
    named = ready.late[: kc.tpl.constants["named_late"]]
    items = []
    for w in named:
        words, amount = work_words(kc, w, _label(kc, w))
        if w.due is None:
            if w.later is not None:
                items.append(
                    kc.phrase("infeasible_later", school=w.school, work=words + amount, due=due_fact(kc, w))
                )
            else:
                items.append(kc.phrase("infeasible_unfunded", school=w.school, work=words + amount))
        else:
            due = due_fact(kc, w)
            items.append(kc.phrase("infeasible_item", school=w.school, work=words + amount, due=due))
    more = kc.phrase("infeasible_more") + _late_kinds(kc, ready.late) if len(ready.late) > len(named) else ""
    count = kc.fact(K("due", measure="late"), len(ready.late), "项", label="评估前不能完成的整改任务")
    return kc.phrase("work_late", deadline=deadline, count=count, items="；".join(items) + more)


def _late_kinds(kc: KindContext, late: tuple[PlannedWork, ...]) -> str:
    """The late work by kind, so a count larger than the names shown can be checked against the
    整改清单: "（其中新建或改扩建教学及辅助用房14项、招聘体育、艺术专任教师9项）"."""
    counts: dict[str, int] = {}
    for w in late:
        name = work_words(kc, w)[0]
        counts[name] = counts.get(name, 0) + 1
    kinds = "、".join(
        name
        + kc.fact(
            K("due", scope="late", index=i, measure="kind_count"), n, "项", label=f"评估前不能完成的{name}"
        )
        for i, (name, n) in enumerate(counts.items())
    )
    return kc.phrase("infeasible_kinds", kinds=kinds)


def _steps_sentence(kc: KindContext, feas: Feasibility) -> str:
    """The plan's own steps (its 自评 and 认定 year) when the requested date comes before them."""
    work, _ = _readiness(kc)
    if feas.steps_ready or work.self_check is None:
        return ""
    due = work.self_check
    year = kc.fact(
        K("setting", measure="self_check_year"), due.year, display=str(due.year), label="实施方案的自评年份"
    )
    final = ""
    if work.final_year is not None and kc.st.level != "town":  # a 镇 is not 认定 on its own
        shown = kc.fact(
            K("setting", measure="final_year"),
            work.final_year,
            display=str(work.final_year),
            label="申请评估认定年",
        )
        final = kc.phrase("steps_final", final_year=shown)
    months = kc.fact(
        K("setting", measure="self_check_months"),
        due.month,
        display=kc.phrase("steps_months", month=due.month),
        label="实施方案安排的自评月份",
    )
    return kc.phrase("steps_before", year=year, months=months, final=final, date=_requested_shown(kc))


def _requested_shown(kc: KindContext) -> str:
    return _date(kc, K("setting", measure="inspection_date"), kc.inp.inspection_date, "督导评估日期")


def _part_numbers(kc: KindContext, items: list[ItemStatus]) -> str:
    """政府保障程度第1、2、6项，教育质量第1至9项 … — the items by part, in the standard's numbering."""
    out = []
    for part in _OTHER_PARTS:
        mine = [i for i in items if i.part == part]
        if not mine:
            continue
        name = kc.tpl.constants["part_names"][part]
        if part == "guarantee":
            name = kc.base["t_guarantee"]
        elif part == "recognition":
            name = kc.base["t_survey"]
        numbers = [str(i.number) for i in mine if i.number]
        named = [i.name for i in mine if not i.number]
        text = name
        every = [i for i in item_statuses(kc.ev, kc.inp.form) if i.part == part and i.number]
        if numbers and len(every) > 1:
            listed = "、".join(numbers)
            shown = f"全部{len(every)}项" if len(numbers) == len(every) else f"第{number_runs(numbers)}项"
            key = K("items", scope=f"open_{mine[0].verdict}", field=part, measure="numbers")
            text += kc.fact(key, listed, display=shown, label=name)
        out.append(text + "".join(f"、{n}" for n in named))
    return "，".join(out)


def number_runs(numbers: list[str]) -> str:
    """1、2、6、7、8、9 → 1、2、6至9: three or more consecutive item numbers as a run.

    >>> number_runs(["1", "2", "6", "7", "8", "9", "11"])
    '1、2、6至9、11'
    """
    values = [int(n) for n in numbers]
    out, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[i - 1] + 1:
            run = values[start:i]
            out += [f"{run[0]}至{run[-1]}"] if len(run) >= 3 else [str(v) for v in run]
            start = i
    return "、".join(out)


def _items_sentence(kc: KindContext, feas: Feasibility) -> str:
    """The items of the other parts not yet verified or not met: the date stands only once they are."""
    if not feas.open_items:
        return ""
    pending = [i for i in feas.open_items if i.verdict == "pending"]
    unmet = [i for i in feas.open_items if i.verdict == "unmet"]
    total = [s for s in item_statuses(kc.ev, kc.inp.form) if s.part in _OTHER_PARTS]
    parts = []
    if pending:
        count = kc.fact(
            K("items", scope="open", measure="pending"), len(pending), "项", label="尚未核实的评估项目"
        )
        parts.append(kc.phrase("items_pending", count=count, items=_part_numbers(kc, pending)))
    if unmet:
        count = kc.fact(
            K("items", scope="open", measure="unmet"), len(unmet), "项", label="未达到要求的评估项目"
        )
        parts.append(kc.phrase("items_unmet", count=count, items=_part_numbers(kc, unmet)))
    all_count = kc.fact(
        K("items", scope="open", measure="total"), len(total), "项", label="资源配置以外的评估项目"
    )
    n, phase = _phase_end(kc, "rectify_phase")
    deadline = _date(kc, K("setting", index=n, measure="phase_end"), phase.end, f"{phase.name}结束")
    return kc.phrase("items_open", total=all_count, parts="；".join(parts), deadline=deadline)


def _date_paragraphs(kc: KindContext) -> list[Paragraph]:
    """Whether the inspection date stands: the plan's work, the plan's own steps, the items not yet
    verified; what is missing, and the earliest date that would do."""
    feas = _feasibility(kc)
    out = _day_off_paragraph(kc)
    text = _work_sentence(kc) + _steps_sentence(kc, feas)
    oversized = _oversized(kc)
    if oversized:  # the plan waits for new places: no date for the roll
        text += kc.phrase("size_open", schools=oversized)
    out.append(kc.para(text))
    items = _items_sentence(kc, feas)
    if items:
        out.append(kc.para(items))
    shown = _requested_shown(kc)
    if feas.date_stands and not oversized and not feas.open_items:
        out.append(kc.para(kc.phrase("feasible", date=shown)))
        return out
    if feas.date_stands:  # the work and the steps allow it; the items and the roll decide it
        out.append(kc.para(kc.phrase("feasible_if", date=shown)))
        return out
    if feas.earliest is not None:
        feasible = _date(kc, K("setting", measure="feasible_date"), feas.earliest, "可行的最早评估时间")
        advice = kc.phrase("advice_date", feasible=feasible)
        _, ready = _readiness(kc)
        work_ready = _clamped(ready.earliest, _floor(kc))
        if work_ready is not None:
            work_ready = next_visit_day(work_ready)
        if not feas.steps_ready and work_ready is not None and work_ready < feas.earliest:
            # the work alone would allow an earlier date, if the plan's 自评 is brought forward
            work_date = _date(
                kc, K("setting", measure="work_ready_date"), work_ready, "整改完成后的最早评估时间"
            )
            advice += kc.phrase("advice_amend", work_date=work_date)
    else:
        advice = _money_advice(kc)
    # the countdown stays the county's: its date is kept, the late work is said so
    advice += kc.phrase("advice_keep", date=_target_shown(kc))
    out.append(kc.para(kc.phrase("infeasible", date=shown, advice=advice)))
    return out


def _target_shown(kc: KindContext) -> str:
    feas = _feasibility(kc)
    if feas.target == feas.requested:
        return _requested_shown(kc)
    return _date(kc, K("setting", measure="target_date"), feas.target, "工作步骤倒排的评估时间")


def _day_off_paragraph(kc: KindContext) -> list[Paragraph]:
    """The county's date falls on a day schools cannot be visited (国庆节, 暑假, a weekend): said so,
    and the countdown is laid out to the first visit day after it."""
    feas = _feasibility(kc)
    if feas.target == feas.requested:
        return []
    reason = day_off(feas.requested, weekends=False)
    text = kc.phrase("date_off", date=_requested_shown(kc), reason=reason, target=_target_shown(kc))
    return [kc.para(text)]


def _money_advice(kc: KindContext) -> str:
    """Some work has no money in the plan's years: the yearly budget that would fund it all in time,
    and the year the present budget finishes it (the plan's facts), else a plain call for money."""
    needed, done = K("budget", measure="needed"), K("sched", measure="done_year")
    parts = []
    if needed in kc.facts:
        parts.append(kc.phrase("advice_budget", budget=kc.d(needed)))
    if done in kc.facts:
        parts.append(kc.phrase("advice_done", year=kc.d(done)))
    return kc.phrase("advice_money", options="；".join(parts) + "。" if parts else "")


def _need(kc: KindContext, school: str, stage: str | None, field: str) -> str:
    parts = kc.ev.school(school, stage) or kc.ev.school(school)
    key = need_key(kc.facts, parts[0], field) if parts else None
    return kc.d(key) if key is not None else ""


@generator("ip_goals")
def _goals(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out = _date_paragraphs(kc)
    work, _ = _readiness(kc)
    ready = readiness(work, _cutoff(kc), _after_weeks(kc))
    failing = K("schools", scope="total", measure="failing")
    cv_items = [
        kc.phrase(
            "goals_cv_item",
            stage=STAGE_NAMES[stage],
            count=kc.d(K("cv_failed", stage=stage)),
            limit=kc.d(K("cv_limit", stage=stage)),
        )
        for stage, st in kc.ev.stages.items()
        if st.passed is False
    ]
    has_failing = failing in kc.facts and kc.facts[failing].value
    if not has_failing and not cv_items:
        out.append(kc.para(kc.phrase("goals_pass" if kc.std.has_school_thresholds else "goals_pass_mean")))
        return out
    note = kc.phrase("goals_cv_note", items="，".join(cv_items)) if cv_items else ""
    count = kc.d(failing) if failing in kc.facts else kc.fact(failing, 0, "所")
    target = kc.phrase("target_partial" if ready.late else "target_feasible", deadline=_cutoff_shown(kc))
    year = kc.d(DATA_YEAR)
    out.append(kc.para(kc.phrase("goals_fail", failing=count, cv_note=note, target=target, data_year=year)))
    return out


@generator("ip_organisation")
def _organisation(kc: KindContext, spec: KindSection) -> list[Paragraph | Section]:
    members = kc.tpl.render("constants.members", kc.base["members"], kc.base)
    out: list[Paragraph | Section] = []
    lead = Section("organisation.leading", "领导小组", 2, [kc.para(kc.phrase("leading", members=members))])
    groups = []
    for n, g in enumerate(kc.tpl.constants["groups"]):
        unit = kc.tpl.render(f"constants.groups[{n}].unit", g["unit"], kc.base)
        duties = kc.tpl.render(f"constants.groups[{n}].duties", g["duties"], kc.base)
        groups.append(kc.para(kc.phrase("group", name=g["name"], unit=unit, duties=duties)))
    departments = (
        kc.tpl.constants.get("by_level_departments", {}).get(kc.st.level) or kc.tpl.constants["departments"]
    )
    duties = []
    for n, d in enumerate(departments):
        unit = kc.tpl.render(f"constants.departments[{n}].unit", d["unit"], kc.base)
        text = kc.tpl.render(f"constants.departments[{n}].duties", d["duties"], kc.base)
        duties.append(kc.para(kc.phrase("department", unit=unit, duties=text), kind="item"))
    out += [
        lead,
        Section("organisation.groups", "工作组及职责", 2, groups),
        Section("organisation.duties", kc.base["t_duties"], 2, duties),
    ]
    return out


@generator("ip_phases")
def _phase_sections(kc: KindContext, spec: KindSection) -> list[Paragraph | Section]:
    out: list[Paragraph | Section] = []
    phases = _phases(kc)
    longest = max(p["weeks_before"][0] for p in kc.tpl.constants["phases"])
    today = _today(kc)
    target = _feasibility(kc).target  # the countdown is to the proposed date when the requested one is not
    if today is not None and (target - today).days < longest * 7:
        weeks = kc.fact(K("setting", measure="phase_weeks"), longest, "周", display=str(longest))
        out.append(kc.para(kc.phrase("phases_compressed", weeks=weeks)))
    for n, p in enumerate(phases):
        end = _date(kc, K("setting", index=n, measure="phase_end"), p.end, f"{p.name}结束")
        if p.start == p.end:
            title = kc.phrase("phase_title_day", name=p.name, end=end)
        else:
            start = _date(kc, K("setting", index=n, measure="phase_start"), p.start, f"{p.name}开始")
            title = kc.phrase("phase_title", name=p.name, start=start, end=end)
        kc.dr.take()
        duties = kc.tpl.render(f"constants.phases[{n}].duties", p.duties, kc.base)
        out.append(Section(f"phases.{n + 1}", title, 2, [kc.para(duties)]))
    return out


def _gap_words(kc: KindContext, s, key: str) -> str:
    """小学部骨干教师现为0.66人（标准1人）: one part's gap (the part named at a combined school)."""
    ind = kc.std.indicator(key)
    label = f"{STAGE_NAMES[s.stage]}部" if len(kc.ev.school(s.name)) > 1 else ""
    return kc.phrase(
        "rect_gap",
        indicator=label + ind.short,
        value=kc.d(K("school", school=s.name, stage=s.stage, indicator=key, measure="value")),
        threshold=kc.d(K("threshold", stage=s.stage, indicator=key)),
    )


def _rect_action(kc: KindContext, work: PlanWork, s, key: str, cutoff: date) -> tuple[str, str]:
    """What closes one gap and by when, as the plan has it: ("work", its projects with their
    deadlines), ("passed" / "not_needed", no work: the school passes
    with it) or ("unplanned", the need with no plan work)."""
    field = kc.std.indicator(key).add_to
    planned = work.for_gap(s.name, s.stage, field)
    if planned:
        actions = []
        for w in planned:
            words, amount = work_words(kc, w, _label(kc, w))
            if w.due is None:
                due = kc.phrase("rect_later", due=due_fact(kc, w)) if w.later else kc.phrase("rect_unfunded")
            else:
                due = kc.phrase(_rect_phrase(kc, w, cutoff), due=due_fact(kc, w))
            actions.append(kc.phrase("rect_item", work=words, amount=amount, due=due))
        return "work", "；".join(actions)
    if kc.has(K("rule", measure="min_ratio")) and spared(kc, work, s, key):
        return ("passed" if s.passed else "not_needed"), ""
    # neither planned nor explained: say so rather than invent a date
    need = _need(kc, s.name, s.stage, field)
    return "unplanned", kc.phrase(
        "rect_item", work=field_words(field), amount=need, due=kc.phrase("rect_unplanned")
    )


def _school_items(kc: KindContext, work: PlanWork, parts: list, cutoff: date) -> list[str]:
    """A school's gaps with what closes each: a combined school's campus work once, after the gaps of
    every part it serves; the gaps the school passes with in one clause at the end."""
    items, seen, spared = [], set(), {"passed": [], "not_needed": []}
    for s in parts:
        for key in s.gaps:
            field = kc.std.indicator(key).add_to
            found = need_key(kc.facts, s, field)
            whole = len(parts) > 1 and found is not None and found.stage is None
            slot = (field, None if whole else s.stage)
            if slot in seen:
                continue
            seen.add(slot)
            kind, action = _rect_action(kc, work, s, key, cutoff)
            if whole:  # the campus's ㎡ and 万元: every part's gap in that column
                gaps = [
                    _gap_words(kc, p, k) for p in parts for k in p.gaps if kc.std.indicator(k).add_to == field
                ]
            else:
                gaps = [_gap_words(kc, s, key)]
            if kind in spared:
                spared[kind] += gaps
            else:
                items.append(kc.phrase("rect_with_gap", gap="、".join(gaps), action=action))
    ratio = kc.d(K("rule", measure="min_ratio")) if kc.has(K("rule", measure="min_ratio")) else ""
    for kind, gaps in spared.items():
        if gaps:
            action = kc.phrase(f"rect_{kind}", ratio=ratio)
            items.append(kc.phrase("rect_with_gap", gap="、".join(gaps), action=action))
    return items


def _rect_phrase(kc: KindContext, w, cutoff: date) -> str:
    """A funded project's deadline: the plan's month passed before the document (asked to verify),
    by the work cutoff, or after it (cannot be done before the inspection)."""
    if overdue(kc, w):
        return "rect_past"
    return "rect_due" if _month_end(w.due) <= cutoff else "rect_late"


def _guarantee_measure(kc: KindContext, work: PlanWork, item: str, failed: list) -> tuple[str, bool]:
    """The measure for a 政府保障 check some schools fail, as the plan has it, and whether it is the
    举办者's (every failing school 民办): 学校规模 in the plan's words (no roll cut); rooms by the
    plan's projects and months; 班额 at the start of the last autumn term before the work cutoff
    (classes are split when a school year starts, not in its middle)."""
    cw = check_work(kc, work, item, failed)
    private = kc.phrase("rect_private_money") if cw.private else ""
    if cw.private_names:  # a 民办 school among public ones: its share is its 举办者's
        private = kc.phrase("rect_private_some", names="、".join(cw.private_names))
    tail = "。" + private.rstrip("。") if private else ""  # the measure's own sentence, then the 举办者's
    if item == "学校规模":
        return kc.phrase("rect_guarantee_size"), cw.private
    cutoff = _cutoff(kc)
    if item == "班额":
        year = cutoff.year if cutoff >= date(cutoff.year, 9, 1) else cutoff.year - 1
        today = _today(kc)
        if today is not None and date(year, 9, 1) < today:
            return kc.phrase("rect_guarantee_class_late", year=year) + tail, cw.private
        return kc.phrase("rect_guarantee_class", year=year) + tail, cw.private
    if cw.planned:
        works = []
        for w in cw.planned:
            words, amount = work_words(kc, w)
            if w.due is None:
                due = kc.phrase("rect_unfunded")
            else:
                due = kc.phrase(_rect_phrase(kc, w, cutoff), due=due_fact(kc, w))
            works.append(kc.phrase("rect_item", work=w.school + words, amount=amount, due=due))
        return "；".join(works) + tail, cw.private
    deadline = _deadline(kc, "rectify_phase")
    return kc.phrase("rect_guarantee_rooms", date=deadline) + tail, cw.private


@generator("ip_rectification")
def _rectification(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    work, _ = _readiness(kc)
    cutoff = _cutoff(kc)
    out = []
    if kc.std.has_school_thresholds:
        for parts in school_groups(kc.ev, [s for s in kc.ev.schools if s.gaps]):
            items = _school_items(kc, work, parts, cutoff)
            private = is_private(parts[0])
            kind = kc.phrase("rect_kind_private") if private else ""
            text = kc.phrase("rect_school", school=parts[0].name, kind=kind, items="；".join(items))
            out.append(kc.para(text, kind="task", units=kc.unit("private" if private else "school")))
    index = {id(g): n for n, g in enumerate(kc.ev.guarantees)}
    for status in item_statuses(
        kc.ev, kc.inp.form
    ):  # the deciding checks (the largest class, an average over)
        for item in dict.fromkeys(check_item(g.item) for g in status.failed):
            failed = [g for g in status.failed if check_item(g.item) == item]
            schools = "、".join(
                kc.phrase(
                    "rect_check_school",
                    school=name,
                    detail="；".join(kc.d(K("guarantee", index=index[id(g)])) for g in checks),
                )
                for name, checks in by_school(failed)
            )
            measure, private = _guarantee_measure(kc, work, item, failed)
            text = kc.phrase("rect_guarantee", schools=schools, item=item, measure=measure.rstrip("。"))
            out.append(kc.para(text, kind="task", units=kc.unit("private" if private else "school")))
    for stage, st in kc.ev.stages.items():
        for key in st.cv_failed if kc.std.cv_rule == "each" else ():
            teachers = "teachers" in kc.std.indicator(key).add_to
            text = kc.phrase(
                "rect_cv_teachers" if teachers else "rect_cv",
                stage=STAGE_NAMES[stage],
                indicator=kc.std.indicator(key).name,
                cv=kc.d(K("cv", stage=stage, indicator=key)),
                limit=kc.d(K("cv_limit", stage=stage)),
            )
            out.append(kc.para(text, kind="task", units=kc.unit("school")))
    veto = _veto(kc)
    if not out:
        return [kc.para(kc.phrase("rect_none")), *veto]
    out += veto
    if kc.annex_no("gaps"):
        out.append(kc.para(kc.phrase("rect_annex", annex=kc.annex_no("gaps"))))
    return out


def _veto(kc: KindContext) -> list[Paragraph]:
    """The 一票否决 排查: the first thing an 评估组 checks; each item with where it stands (entered or
    not), and who checks every school by when."""
    items = [s for s in item_statuses(kc.ev, kc.inp.form) if s.part == "veto"]
    if not items:
        return []
    words = {"met": "veto_met", "unmet": "veto_unmet", "pending": "veto_pending"}
    listed = "；".join(
        kc.phrase(words[s.verdict], requirement=_standard_words(kc, s.key, s.requirement)) for s in items
    )
    deadline = _deadline(kc, "rectify_phase")
    return [
        kc.para(kc.phrase("rect_veto", items=listed, deadline=deadline), kind="task", units=kc.unit("veto"))
    ]


def _standard_words(kc: KindContext, key: str, text: str) -> str:
    return kc.fact(K("standard_text", measure=f"veto.{key}"), text, display=text, label=kc.std.doc_no)


# ---- 现场核查准备 ---------------------------------------------------------------------------------


def _site_schools(kc: KindContext) -> list[tuple[str, list, str]]:
    """The schools to prepare first, with why: not passing, over the size or class limits, 民办,
    教学点, small village schools (reason key, school-stages, reason key) in file order."""
    bad_guarantee = {g.name for g in kc.ev.guarantees if not g.met}
    small = kc.tpl.constants["small_school"]
    out = []
    for parts in school_groups(kc.ev):
        head = parts[0]
        if any(s.passed is False for s in parts):
            reason = "site_reason_failing"
        elif head.name in bad_guarantee:
            reason = "site_reason_guarantee"
        elif is_private(head):
            reason = "site_reason_private"
        elif head.school_type == "教学点":
            reason = "site_reason_point"
        elif sum(s.students for s in parts) < small:
            reason = "site_reason_small"
        else:
            continue
        out.append((head.name, parts, reason))
    return out


@generator("ip_site")
def _site(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    chosen = _site_schools(kc)
    out = []
    if chosen:
        groups = []
        for reason in dict.fromkeys(r for _, _, r in chosen):
            names = [n for n, _, r in chosen if r == reason]
            groups.append(kc.phrase("site_group", reason=kc.phrase(reason), names="、".join(names)))
        deadline = _deadline(kc, "materials_phase")
        out.append(
            kc.para(kc.phrase("site", groups="；".join(groups), deadline=deadline, annex=kc.annex_no("site")))
        )
    out.append(kc.para(kc.phrase("site_items")))
    return out


def _site_table(kc: KindContext) -> AnnexTable:
    deadline = _deadline(kc, "materials_phase")
    rows = []
    for n, (_name, parts, reason) in enumerate(_site_schools(kc), 1):
        head = parts[0]
        students = "、".join(
            kc.d(K("school", school=s.name, stage=s.stage, measure="students")) for s in parts
        )
        stage = "、".join(STAGE_NAMES[s.stage] for s in parts)
        rows.append(
            [str(n), head.name, head.township or kc.st.region, stage, students, kc.phrase(reason), deadline]
        )
    headers = ["序号", "学校", "乡镇", "学段", "在校生", "准备重点", "自查完成时限"]
    if kc.st.level == "town":  # a 镇's schools are all in the 镇
        headers, rows = headers[:2] + headers[3:], [r[:2] + r[3:] for r in rows]
    title = kc.tpl.annex_titles.get("site", "现场核查准备重点学校一览表")
    return AnnexTable("site", title, headers, rows, kc.dr.take())


# ---- 社会认可度调查 --------------------------------------------------------------------------------


@generator("ip_survey")
def _survey(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    item = next((i for i in kc.std.items if i.part == "recognition"), None)
    measure = item.measures[0] if item and item.measures else None
    threshold = (
        kc.fact(
            K("rule", scope="form", measure=measure.key),
            measure.threshold,
            measure.unit,
            display=f"{measure.threshold:g}{measure.unit}",
            label=item.source,
        )
        if measure
        else kc.pending_mark("社会认可度要求")
    )
    deadline = _deadline(kc, "survey_phase")
    unit = kc.unit("survey")
    key = "survey" if kc.std.target == "quality" else "survey_basic"
    return [
        kc.para(kc.phrase(key, threshold=threshold, deadline=deadline, unit=unit)),
        kc.para(kc.phrase("survey_publicity")),
    ]


def _materials_table(kc: KindContext) -> AnnexTable:
    deadline = _deadline(kc, "materials_phase")
    rows = []
    for n, m in enumerate(kc.tpl.constants["materials"], 1):
        unit = kc.tpl.render(f"constants.materials[{n}].unit", m["unit"], kc.base)
        rows.append(
            [str(n), kc.tpl.render(f"constants.materials[{n}].name", m["name"], kc.base), unit, deadline]
        )
    title = kc.tpl.annex_titles.get("materials", "迎评材料清单")
    return AnnexTable("materials", title, ["序号", "材料", "责任单位", "完成时限"], rows, kc.dr.take())


@generator("ip_materials")
def _materials(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    deadline = _deadline(kc, "materials_phase")
    return [kc.para(kc.phrase("materials", annex=kc.annex_no("materials"), deadline=deadline))]


def inspection_annexes(kc: KindContext) -> list[AnnexTable]:
    tables = []
    if kc.std.has_school_thresholds and any(s.gaps for s in kc.ev.schools):
        # where each school stands now: the plan's projection and its notes (年度实施项目表) are the plan's
        table = without_column(gaps_table(kc.dr), "方案期末")
        note = kc.dr.phrase("annex_short_note", standard_title=kc.std.title, standard_doc_no=kc.std.doc_no)
        tables.append(replace(table, note=note + kc.phrase("gaps_note")))
    if _site_schools(kc):
        tables.append(_site_table(kc))
    tables.append(_materials_table(kc))
    kc.dr.take()
    return tables
