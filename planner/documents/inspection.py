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
from planner.documents.items import item_statuses
from planner.documents.plan_link import (
    Due,
    PlannedWork,
    PlanWork,
    due_fact,
    field_words,
    plan_work,
    work_words,
)
from planner.documents.schools import is_private, need_key, school_groups
from planner.documents.templates import KindSection
from planner.drafting.annexes import gaps_table, without_column
from planner.drafting.facts import FactKey as K
from planner.model import AnnexTable, Paragraph, Section

__all__ = ["Phase", "Readiness", "inspection_annexes", "phase_dates", "readiness"]


@dataclass(frozen=True)
class Phase:
    name: str
    start: date
    end: date
    duties: str


def phase_dates(inspection: date, phases: list[dict], today: date | None = None) -> list[Phase]:
    """Each phase from ``weeks_before[0]`` weeks before the inspection to the day before
    ``weeks_before[1]`` weeks before it (a phase at 0 weeks is the inspection day itself). When
    ``today`` leaves less time than the first phase needs, every phase is compressed in proportion.

    >>> phases = [{"name": "a", "weeks_before": [4, 1], "duties": ""},
    ...           {"name": "b", "weeks_before": [0, 0], "duties": ""}]
    >>> def span(ps): return [(p.start.isoformat(), p.end.isoformat()) for p in ps]
    >>> span(phase_dates(date(2026, 10, 15), phases))
    [('2026-09-17', '2026-10-07'), ('2026-10-15', '2026-10-15')]
    >>> span(phase_dates(date(2026, 10, 15), phases, today=date(2026, 10, 1)))  # two weeks, not four
    [('2026-10-01', '2026-10-10'), ('2026-10-15', '2026-10-15')]
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
    return kc.st.issue_date


def _phases(kc: KindContext) -> list[Phase]:
    phases = [
        {**p, "name": kc.tpl.render(f"constants.phases[{n}]", p["name"], kc.base)}
        for n, p in enumerate(kc.tpl.constants["phases"])
    ]
    return phase_dates(kc.inp.inspection_date, phases, _today(kc))


def _phase_end(kc: KindContext, name: str) -> tuple[int, Phase]:
    wanted = kc.tpl.render(f"constants.{name}", kc.tpl.constants[name], kc.base)
    return next((n, p) for n, p in enumerate(_phases(kc)) if p.name == wanted)


def _deadline(kc: KindContext, name: str) -> str:
    n, phase = _phase_end(kc, name)
    return _date(kc, K("setting", index=n, measure="phase_end"), phase.end, f"{phase.name}结束")


def _cutoff(kc: KindContext) -> date:
    """The last day work can be finished and still be documented and checked: the day before the
    资料完善和模拟评估 phase begins (work handed over in August counts for an October inspection)."""
    _, phase = _phase_end(kc, "materials_phase")
    return phase.start - timedelta(days=1)


def _cutoff_shown(kc: KindContext) -> str:
    return _date(kc, K("setting", measure="work_cutoff"), _cutoff(kc), "整改项目完成的最后期限")


def _readiness(kc: KindContext) -> tuple[PlanWork, Readiness]:
    if not hasattr(kc, "_ready"):
        work = plan_work(kc)
        after = next(
            p["weeks_before"][0]
            for p in kc.tpl.constants["phases"]
            if p["name"] == kc.tpl.constants["materials_phase"]
        )
        kc._ready = (work, readiness(work, _cutoff(kc), after))
    return kc._ready


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
    text = kc.phrase("preamble", inspection_date=when, inspection_name=_inspection_name(kc))
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


def _date_sentence(kc: KindContext) -> Paragraph:
    """Whether the inspection date is feasible, as the plan's schedule has it."""
    work, ready = _readiness(kc)
    d = kc.inp.inspection_date
    shown = _date(kc, K("setting", measure="inspection_date"), d, "督导评估日期")
    deadline = _cutoff_shown(kc)
    if not work.due and not work.unfunded:
        return kc.para(kc.phrase("feasible_none", date=shown))
    if not ready.late:
        latest = ready.latest
        latest_shown = kc.fact(
            K("due", measure="latest"),
            f"{latest.year}-{latest.month:02d}",
            display=f"{latest.year}年{latest.month}月",
        )
        oversized = _oversized(kc)
        if oversized:  # the plan waits for new places: no date for the roll, so no "可行"
            return kc.para(
                kc.phrase(
                    "feasible_but_size", latest=latest_shown, deadline=deadline, date=shown, schools=oversized
                )
            )
        return kc.para(kc.phrase("feasible", latest=latest_shown, deadline=deadline, date=shown))
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
    more = kc.phrase("infeasible_more") if len(ready.late) > len(named) else ""
    count = kc.fact(K("due", measure="late"), len(ready.late), "项", label="评估前不能完成的整改任务")
    if ready.earliest is not None:
        feasible = kc.fact(
            K("setting", measure="feasible_date"),
            ready.earliest.isoformat(),
            display=f"{ready.earliest.year}年{ready.earliest.month}月",
            label="可行的最早评估时间",
        )
        advice = kc.phrase("advice_date", feasible=feasible)
    else:
        advice = _money_advice(kc)
    oversized = _oversized(kc)
    if oversized:  # the proposed date finishes the plan's work, not the roll the plan leaves undated
        advice += kc.phrase("advice_size", schools=oversized)
    text = kc.phrase(
        "infeasible", deadline=deadline, count=count, items="；".join(items) + more, date=shown, advice=advice
    )
    return kc.para(text)


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
    out = [_date_sentence(kc)]
    _, ready = _readiness(kc)
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
    out.append(kc.para(kc.phrase("goals_fail", failing=count, cv_note=note, target=target)))
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
    if today is not None and (kc.inp.inspection_date - today).days < longest * 7:
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
                phrase = "rect_due" if _month_end(w.due) <= cutoff else "rect_late"
                due = kc.phrase(phrase, due=due_fact(kc, w))
            actions.append(kc.phrase("rect_item", work=words, amount=amount, due=due))
        return "work", "；".join(actions)
    if key not in s.fixes and kc.has(K("rule", measure="min_ratio")):
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


_CHECK_MEASURES = {"班额": "rect_guarantee_class", "学校规模": "rect_guarantee_size"}


def _guarantee_measure(kc: KindContext, item: str, deadline: str) -> str:
    """The measure for a 政府保障 check some schools fail (for 学校规模, the plan's own words: the
    roll is not cut, the school waits for new places)."""
    return kc.phrase(_CHECK_MEASURES.get(item, "rect_guarantee_rooms"), date=deadline)


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
    for status in item_statuses(kc.ev, kc.inp.form):  # the deciding checks (the largest class, not the mean)
        for item in dict.fromkeys(g.item for g in status.failed):
            failed = [g for g in status.failed if g.item == item]
            schools = "、".join(
                kc.phrase("rect_check_school", school=g.name, detail=kc.d(K("guarantee", index=index[id(g)])))
                for g in failed
            )
            deadline = _deadline(kc, "rectify_phase")
            measure = _guarantee_measure(kc, item, deadline)
            text = kc.phrase("rect_guarantee", schools=schools, item=item, measure=measure)
            out.append(kc.para(text, kind="task", units=kc.unit("school")))
    for stage, st in kc.ev.stages.items():
        for key in st.cv_failed if kc.std.cv_rule == "each" else ():
            text = kc.phrase(
                "rect_cv",
                stage=STAGE_NAMES[stage],
                indicator=kc.std.indicator(key).name,
                cv=kc.d(K("cv", stage=stage, indicator=key)),
                limit=kc.d(K("cv_limit", stage=stage)),
            )
            out.append(kc.para(text, kind="task", units=kc.unit("school")))
    if not out:
        return [kc.para(kc.phrase("rect_none"))]
    if kc.annex_no("gaps"):
        out.append(kc.para(kc.phrase("rect_annex", annex=kc.annex_no("gaps"))))
    return out


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
