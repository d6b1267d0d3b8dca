"""工作总结 generators: the year's work read from the two 统计年度 (㎡ built, equipment bought, teachers
added and moved, school by school), the indicators and CVs before → after (metrics.trends), schools
newly passing, the plan's tasks done and not done (when there is a plan), what is still open and next
year's focus. Every before/after figure is a fact; nothing is said about software or missing inputs."""

from __future__ import annotations

from dataclasses import dataclass

from metrics import STAGE_NAMES
from metrics.columns import BY_KEY
from metrics.trends import YearComparison, compare_years
from planner.documents.changes import SchoolChange, column_changes
from planner.documents.core import KindContext, generator
from planner.documents.guarantee_work import check_item
from planner.documents.plan_link import PlannedWork, PlanWork, due_fact, plan_work_then, work_words
from planner.documents.schools import is_private, need_key, part_name, school_groups
from planner.documents.templates import KindSection
from planner.drafting.context import DATA_YEAR, prose
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import fmt
from planner.model import Paragraph, Section

__all__ = ["PlanProgress", "comparison", "plan_progress"]


def comparison(kc: KindContext) -> YearComparison:
    prev, cur = kc.inp.previous, kc.inp.current
    return compare_years({prev.year: prev.evaluation, cur.year: cur.evaluation})


def _years(kc: KindContext) -> tuple[str, str]:
    prev = kc.inp.previous.year
    shown = kc.fact(K("setting", measure="previous_year"), prev, display=str(prev), label="上一统计年度")
    return shown, kc.d(DATA_YEAR)


def _rows(ev, stage: str) -> list[int]:
    return [r for s in ev.schools if s.stage == stage for r in s.rows]


def _pair(kc: KindContext, topic: str, stage: str, indicator: str | None, measure: str, values, unit, kind):
    """Facts for the value of both years: (before, after) displays."""
    out = []
    for data, value in zip((kc.inp.previous, kc.inp.current), values, strict=True):
        key = K("trend", year=data.year, stage=stage, indicator=indicator, measure=measure)
        label = f"{data.year}年度{STAGE_NAMES[stage]}{topic}"
        if value is None:
            out.append(None)
            continue
        out.append(kc.fact(key, value, unit, kind=kind, rows=_rows(data.evaluation, stage), label=label))
    return out


def _after(kc: KindContext, stage: str, ind) -> str:
    return kc.d(K("trend", year=kc.inp.current.year, stage=stage, indicator=ind.key, measure="mean"))


def _move(kc: KindContext, prefix: str, before: str, after: str, a: float, b: float, **kw) -> str:
    if before == after:
        return kc.phrase(f"{prefix}_same", after=after, **kw)
    return kc.phrase(f"{prefix}_up" if b > a else f"{prefix}_down", before=before, after=after, **kw)


def _verb(kc: KindContext, a: float, b: float) -> str:
    return kc.phrase("verb_same" if a == b else "verb_up" if b > a else "verb_down")


@generator("ws_preamble")
def _preamble(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    prev, year = _years(kc)
    plan = kc.inp.plan
    note = kc.phrase("plan_note", plan_title=_plan_title(kc)) if plan is not None else ""
    para = kc.para(kc.phrase("preamble", prev_year=prev, year=year, plan_note=note))
    para.sources = (
        {"title": kc.std.title, "doc_no": kc.std.doc_no, "section": "", "source": f"standard:{kc.std.key}"},
    )
    return [para]


def _passing(ev, stage: str) -> set[str]:
    return {s.name for s in ev.schools if s.stage == stage and s.passed}


@generator("ws_changes")
def _changes(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    cmp = comparison(kc)
    out: list[Paragraph] = []
    prev_ev, cur_ev = kc.inp.previous.evaluation, kc.inp.current.evaluation
    for stage, trend in cmp.stages.items():
        label = STAGE_NAMES[stage]
        if kc.std.has_school_thresholds:
            a, b = trend.passed_schools[-2], trend.passed_schools[-1]
            before, after = _pair(kc, "达到学校达标要求的学校", stage, None, "passed", (a, b), "所", None)
            schools = kc.d(K("schools", stage=stage))
            text = kc.phrase(
                "overview", stage=label, schools=schools, change=_move(kc, "passed", before, after, a, b)
            )
            out.append(kc.para(text))
            new = sorted(_passing(cur_ev, stage) - _passing(prev_ev, stage))
            if new:
                rows = [r for s in cur_ev.schools if s.stage == stage and s.name in new for r in s.rows]
                count = kc.fact(
                    K("trend", stage=stage, measure="newly_passing"),
                    len(new),
                    "所",
                    rows=rows,
                    label="新达标学校",
                )
                out.append(
                    kc.para(
                        kc.phrase("newly_passing", names="、".join(new), count=count, year=kc.d(DATA_YEAR))
                    )
                )
            lost = sorted(_passing(prev_ev, stage) - _passing(cur_ev, stage))
            lost = [n for n in lost if cur_ev.school(n, stage)]
            if lost:
                out.append(kc.para(kc.phrase("newly_failing", names="、".join(lost))))
        steady: list[str] = []
        steady_keys: tuple[str, ...] = ()
        for ind in trend.indicators:
            parts, same = [], True
            ma, mb = ind.means[-2], ind.means[-1]
            if ma is not None and mb is not None:
                before, after = _pair(kc, ind.short, stage, ind.key, "mean", (ma, mb), ind.unit, "value")
                parts.append(_move(kc, "change", before, after, ma, mb, indicator=ind.name))
                same = same and before == after
            ca, cb = ind.cvs[-2], ind.cvs[-1]
            if ca is not None and cb is not None:
                before, after = _pair(kc, f"{ind.short}差异系数", stage, ind.key, "cv", (ca, cb), "", "cv")
                parts.append(_move(kc, "cv", before, after, ca, cb))
                same = same and before == after
            if kc.std.has_school_thresholds:
                a, b = ind.met[-2], ind.met[-1]
                before, after = _pair(kc, f"{ind.short}达标学校", stage, ind.key, "met", (a, b), "所", None)
                parts.append(_move(kc, "met", before, after, a, b))
                same = same and a == b
            if same and parts:
                steady.append(
                    kc.phrase(
                        "steady_item",
                        indicator=ind.name,
                        parts="，".join(parts[1:]),
                        mean=_after(kc, stage, ind),
                    )
                )
                steady_keys += kc.dr.take()  # kept for the steady paragraph, not the next line
            elif parts:
                out.append(kc.para(kc.phrase("indicator_line", parts="，".join(parts))))
        if steady:
            para = kc.para(kc.phrase("steady", stage=label, items="；".join(steady)))
            para.fact_keys = tuple(dict.fromkeys(steady_keys + para.fact_keys))
            out.append(para)
        ca, cb = trend.composite_cv[-2], trend.composite_cv[-1]
        if kc.std.cv_rule == "composite" and ca is not None and cb is not None:
            before, after = _pair(kc, "综合差异系数", stage, None, "composite", (ca, cb), "", "cv")
            verb = _verb(kc, ca, cb)
            out.append(kc.para(kc.phrase("composite", stage=label, before=before, after=after, verb=verb)))
    return out


def _plan_title(kc: KindContext) -> str:
    """The stored plan's title (its years are the plan's, a fact of this document)."""
    title = kc.inp.plan.title
    return kc.fact(K("setting", measure="plan_title"), title, display=title, label="实施方案")


_STATISTICS_MONTH = 9
"""The 教育事业统计 is taken in the autumn term: work handed over by August shows in that year's data."""


def _shown_by(due, year: int) -> bool:
    return due is not None and (due.year, due.month) < (year, _STATISTICS_MONTH)


@dataclass(frozen=True)
class PlanProgress:
    """The stored plan's projects set against the two years' rows: those due by this 统计年度 by
    school and column, each done, partly done or not done; those due later in the year (after the
    statistics are taken); and the rest (later years, unfunded). ``early`` is what the rows show added
    beyond the work due, by school and column (work done ahead of the plan)."""

    work: PlanWork
    due: list[PlannedWork]
    this_year: list[PlannedWork]
    later: list[PlannedWork]
    status: dict[tuple[str, str], tuple[str, float, float]]
    """(school, column) → ("done" | "partly" | "open", planned, added)."""
    early: dict[tuple[str, str], float]


def plan_progress(kc: KindContext) -> PlanProgress | None:
    """None without a stored plan (or without the rows of both years)."""
    prev, cur = kc.inp.previous, kc.inp.current
    work = plan_work_then(kc)
    if work is None or prev.frame is None or cur.frame is None:
        return None
    due = [w for w in work.works if _shown_by(w.due, cur.year)]
    this_year = [w for w in work.works if w not in due and w.due is not None and w.due.year == cur.year]
    later = [w for w in work.works if w not in due and w not in this_year]
    slots = list(dict.fromkeys((w.school, w.field) for w in work.works))
    changes = column_changes(prev.frame, cur.frame, tuple(dict.fromkeys(f for _, f in slots)))
    status, early = {}, {}
    for school, field in slots:
        planned = sum(w.amount for w in due if (w.school, w.field) == (school, field))
        added = sum(c.delta for c in changes[field] if c.school == school)
        if any((w.school, w.field) == (school, field) for w in due):
            state = "done" if added >= planned - 1e-6 else "partly" if added > 0 else "open"
            status[(school, field)] = (state, planned, added)
        early[(school, field)] = max(0.0, added - planned)
    return PlanProgress(work, due, this_year, later, status, early)


def met_now(kc: KindContext, w: PlannedWork) -> bool:
    """The school part this project was for meets the indicator in this year's rows (nothing left to
    add to its column): the work is no longer next year's task, whatever the plan's month."""

    def gaps(ev) -> set[str]:
        parts = (ev.school(w.school, w.stage) if w.stage else None) or ev.school(w.school)
        return {k for s in parts for k in s.gaps if w.field in kc.std.indicator(k).add_to}

    # only work for an indicator (not a room count or a class-size fix) that had a gap then and has none now
    return bool(gaps(kc.inp.previous.evaluation)) and not gaps(kc.ev) and bool(kc.ev.school(w.school))


def _ahead(kc: KindContext, progress: PlanProgress) -> list[PlannedWork]:
    """The plan's later projects whose school already meets the indicator, with the rows showing work
    done on that column (finished ahead of the plan)."""
    return [
        w
        for w in progress.this_year + progress.later
        if w.adds_to_school
        and w.due is not None
        and progress.early.get((w.school, w.field), 0.0) > 0
        and met_now(kc, w)
    ]


@generator("ws_plan")
def _plan(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    """The plan's projects due by this 统计年度 against what the two years' rows show was added:
    done (the column rose by the planned amount), partly done, not done; and what comes later."""
    progress = plan_progress(kc)
    if progress is None:
        return []  # no plan in the workspace: the part is left out, the changes speak for the year
    if not progress.work.works:
        return [kc.para(kc.phrase("plan_none", plan_title=_plan_title(kc)))]
    listed = {"done": [], "partly": [], "open": []}
    for (school, field), (state, planned, added) in progress.status.items():
        first = next(w for w in progress.due if (w.school, w.field) == (school, field))
        words, _ = work_words(kc, first)
        amount = kc.fact(
            K("trend", school=school, field=field, measure="planned"),
            planned,
            first.unit,
            display=prose(fmt(planned, first.unit)),
            rows=first.rows,
            label=f"方案安排{school}截至本年度的{words}",
        )
        if state == "partly":
            actual = kc.fact(
                K("trend", school=school, field=field, measure="added"),
                added,
                first.unit,
                display=prose(fmt(added, first.unit)),
                rows=first.rows,
            )
            listed[state].append(
                kc.phrase("plan_part_item", school=school, works=words, planned=amount, added=actual)
            )
        else:
            listed[state].append(kc.phrase("plan_item", school=school, works=words + amount))
    out = []
    if progress.status:
        count = kc.fact(
            K("trend", measure="plan_due"), len(progress.status), "项", label="截至本年度应完成的方案项目"
        )
        text = kc.phrase("plan_due", plan_title=_plan_title(kc), year=kc.d(DATA_YEAR), due=count)
        for name, state in (("plan_done", "done"), ("plan_part", "partly"), ("plan_open", "open")):
            if listed[state]:
                n = kc.fact(K("trend", measure=name), len(listed[state]), "项")
                text += kc.phrase(name, count=n, items="；".join(listed[state]))
        out.append(kc.para(text))
    else:  # said plainly: the plan set nothing for this year (the later work follows as "另有…")
        out.append(kc.para(kc.phrase("plan_due_none", plan_title=_plan_title(kc), year=kc.d(DATA_YEAR))))
    ahead = _ahead(kc, progress)
    if ahead:
        items = []
        for w in ahead:
            words, amount = work_words(kc, w)
            added = kc.fact(
                K("trend", school=w.school, field=w.field, index=w.index, measure="ahead_done"),
                progress.early[(w.school, w.field)],
                w.unit,
                display=prose(fmt(progress.early[(w.school, w.field)], w.unit)),
                rows=w.rows,
                label=f"统计数据显示{w.school}已增加",
            )
            items.append(
                kc.phrase("plan_ahead_item", school=w.school, work=words, added=added, due=due_fact(kc, w))
            )
        n = kc.fact(K("trend", measure="plan_ahead"), len(ahead), "项", label="提前达到标准的方案项目")
        out.append(kc.para(kc.phrase("plan_ahead", count=n, items="；".join(items))))
    this_year = [w for w in progress.this_year if w not in ahead]
    later = [w for w in progress.later if w not in ahead]
    if this_year:
        shown = kc.fact(
            K("trend", measure="plan_after_statistics"),
            len(this_year),
            "项",
            label="安排在统计时点以后完成的本年度项目",
        )
        out.append(kc.para(kc.phrase("plan_after_statistics", count=shown, year=kc.d(DATA_YEAR))))
    if later:
        shown = kc.fact(K("trend", measure="plan_later"), len(later), "项", label="安排在以后年度的项目")
        out.append(kc.para(kc.phrase("plan_later", later=shown)))
    return out


@generator("ws_open")
def _open(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out = []
    for parts in school_groups(kc.ev, [s for s in kc.ev.schools if s.passed is False]):
        items = []
        for s in parts:
            gaps = [
                kc.phrase(
                    "open_gap",
                    indicator=kc.std.indicator(k).short,
                    value=kc.d(K("school", school=s.name, stage=s.stage, indicator=k, measure="value")),
                    threshold=kc.d(K("threshold", stage=s.stage, indicator=k)),
                )
                for k in s.gaps
            ]
            label = part_name(s, kc.ev).removeprefix(s.name)
            items.append(
                kc.phrase("open_part", part=label, gaps="；".join(gaps)) if label else "；".join(gaps)
            )
        joined = "，".join(items) if len(items) > 1 else items[0]
        out.append(kc.para(kc.phrase("open_school", school=parts[0].name, gaps=joined)))
    for stage, st in kc.ev.stages.items():
        if kc.std.cv_rule == "each":
            for k in st.cv_failed:
                text = kc.phrase(
                    "open_cv",
                    stage=STAGE_NAMES[stage],
                    indicator=kc.std.indicator(k).name,
                    cv=kc.d(K("cv", stage=stage, indicator=k)),
                    limit=kc.d(K("cv_limit", stage=stage)),
                )
                out.append(kc.para(text))
        elif st.passed is False:
            text = kc.phrase(
                "open_cv",
                stage=STAGE_NAMES[stage],
                indicator="综合",
                cv=kc.d(K("cv", stage=stage, measure="composite")),
                limit=kc.d(K("cv_limit", stage=stage)),
            )
            out.append(kc.para(text))
    for item in ("班额", "学校规模"):  # each paragraph right after its fact
        found = _over_now(kc, item)
        if found is not None:
            out.append(kc.para(kc.phrase(f"open_{item}", count=found[0], names=found[1])))
    if not out:
        out.append(kc.para(kc.phrase("open_none", year=kc.d(DATA_YEAR))))
    return out


def _over_now(kc: KindContext, item: str) -> tuple[str, str] | None:
    """(count, names) of the schools over the 班额 or 学校规模 limit in this year's rows (None: none): a
    存在问题 and next year's task as much as a school below a standard (the count is the 学位和班额
    part's fact)."""
    names, rows = _over(kc.ev, item)
    if not names:
        return None
    key = K("trend", year=kc.inp.current.year, measure=f"over.{item}")
    count = kc.d(key) if key in kc.facts else kc.fact(key, len(names), "所", rows=rows, label=item)
    ordered = [g.name for g in kc.ev.guarantees if g.name in names]
    return count, "、".join(dict.fromkeys(ordered))


# ---- 一、主要工作和成效: what the two years' rows show was done ------------------------------------


def _amount(kc: KindContext, key: K, value: float, field: str, rows, label: str) -> str:
    unit = BY_KEY[field].unit
    return kc.fact(key, value, unit, display=fmt(abs(value), unit), rows=rows, label=label)


def _listed(kc: KindContext, changes: list[SchoolChange], field: str) -> str:
    """河口镇中心小学600.0平方米、…等7所学校 — the schools, largest change first, at most five named."""
    top = sorted(changes, key=lambda c: -abs(c.delta))
    shown = [
        kc.phrase(
            "work_school",
            school=c.school,
            amount=_amount(
                kc,
                K("change", school=c.school, field=field),
                c.delta,
                field,
                c.rows,
                f"{c.school}{field}变化",
            ),
        )
        for c in top[: kc.tpl.constants["named_schools"]]
    ]
    private = {s.name for s in kc.ev.schools if is_private(s)}
    shown = [
        kc.phrase("work_school_private", item=text) if c.school in private else text
        for c, text in zip(top, shown, strict=False)
    ]
    more = ""
    if len(top) > len(shown):
        count = kc.fact(K("change", field=field, measure="schools"), len(top), "所", label=f"{field}变化学校")
        more = kc.phrase("work_more", count=count)
    return "、".join(shown) + more


def _group(
    kc: KindContext, changes: dict[str, list[SchoolChange]], fields: list[str], rising: bool
) -> list[str]:
    """The fields that rose (or fell), each as a phrase with its total and its schools."""
    words = kc.tpl.constants["work_fields"]
    name = "work_up" if rising else "work_down"
    out = []
    for field in fields:
        these = [c for c in changes[field] if (c.delta > 0 if rising else c.delta < 0)]
        if not these:
            continue
        total = sum(c.delta for c in these)
        rows = [r for c in these for r in c.rows]
        shown = _amount(kc, K("change", field=field, measure=name), total, field, rows, words[field])
        out.append(kc.phrase(name, what=words[field], total=shown, schools=_listed(kc, these, field)))
    return out


@generator("ws_work")
def _work(kc: KindContext, spec: KindSection) -> list[Paragraph | Section]:
    """Each group's rises, then its falls, each paragraph built right after its facts (the facts a
    paragraph shows are the ones used since the last paragraph)."""
    prev, cur = kc.inp.previous, kc.inp.current
    out: list[Paragraph | Section] = []
    if prev.frame is None or cur.frame is None:
        return out
    groups = kc.tpl.constants["work_groups"]
    fields = [f for g in groups for f in g["fields"]]
    changes = column_changes(prev.frame, cur.frame, tuple(fields))
    for n, group in enumerate(groups, 1):
        paras = []
        up = _group(kc, changes, group["fields"], rising=True)
        if up:
            paras.append(kc.para(kc.phrase("work_ups", prev_year=_years(kc)[0], items="；".join(up))))
        down = _group(kc, changes, group["fields"], rising=False)
        if down:
            reason = kc.pending_mark(group["down_reason"])  # the rows show less, not why
            paras.append(kc.para(kc.phrase(group["down"], items="；".join(down), reason=reason)))
        if not paras:
            paras.append(kc.para(kc.phrase("work_none", prev_year=_years(kc)[0], what=group["none"])))
        out.append(Section(f"work.{n}", group["title"], 2, paras))
    places = _places(kc)
    if places:
        out.append(Section(f"work.{len(out) + 1}", kc.phrase("places_title"), 2, places))
    out.append(Section(f"work.{len(out) + 1}", kc.phrase("inputs_title"), 2, _inputs(kc)))
    return out


def _inputs(kc: KindContext) -> list[Paragraph]:
    """What the statistics cannot know — the year's money, training, 交流轮岗 and the 政府保障 items —
    from the office's records when entered, else a field to fill (never a guess, never silence)."""
    from planner.documents.records import record_total

    def value(key: str, name: str) -> str:
        return record_total(kc, key) or kc.pending_mark(name)

    words = kc.tpl.constants["input_fields"]
    money = kc.phrase(
        "inputs_money",
        year=kc.d(DATA_YEAR),
        investment=value("investment", words["investment"]),
        buildings=value("buildings_area", words["buildings_area"]),
        equipment=value("equipment_wan", words["equipment_wan"]),
    )
    staff = kc.phrase(
        "inputs_staff",
        training=value("training_sessions", words["training_sessions"]),
        exchange=value("exchange_teachers", words["exchange_teachers"]),
    )
    guarantee = kc.phrase("inputs_guarantee", pending=kc.pending_mark(words["guarantee"]))
    return [kc.para(money), kc.para(staff), kc.para(guarantee)]


def _over(ev, item: str) -> tuple[set[str], list[int]]:
    """The schools over a limit (班额: the largest class, or a 学段's average above its own limit)."""
    bad = [g for g in ev.guarantees if check_item(g.item) == item and not g.met]
    return {g.name for g in bad}, [g.row for g in bad]


def _places(kc: KindContext) -> list[Paragraph]:
    """学位与班额: schools over the class-size and school-size limits, before → after."""
    prev, cur = kc.inp.previous.evaluation, kc.inp.current.evaluation
    out = []
    for item, phrase in (("班额", "places_class"), ("学校规模", "places_size")):
        if not any(g.item == item for g in cur.guarantees):
            continue
        (a_names, a_rows), (b_names, b_rows) = _over(prev, item), _over(cur, item)
        if not a_names and not b_names:
            continue  # within the limit in both years: nothing to report
        years = (kc.inp.previous.year, kc.inp.current.year)
        before, after = (
            kc.fact(
                K("trend", year=y, measure=f"over.{item}"),
                len(n),
                "所",
                rows=r,
                label=f"{y}年度{item}超标学校",
            )
            for y, n, r in ((years[0], a_names, a_rows), (years[1], b_names, b_rows))
        )
        change = _move(kc, "over", before, after, len(a_names), len(b_names))
        solved = sorted(a_names - b_names)
        text = kc.phrase(phrase, change=change)
        if b_names:  # the schools over it now, named: "仍为1所" may be another school
            over: dict[str, list[str]] = {}
            for n, g in enumerate(cur.guarantees):
                if check_item(g.item) == item and not g.met:
                    key = K("trend", school=g.name, field=g.item, index=n, measure="over_now")
                    shown = kc.fact(key, g.value, display=g.detail, rows=[g.row], label=f"{g.name}{g.item}")
                    over.setdefault(g.name, []).append(shown)
            details = "、".join(
                kc.phrase("places_school", school=name, detail="；".join(d)) for name, d in over.items()
            )
            text += kc.phrase("places_now", year=kc.d(DATA_YEAR), schools=details)
        new = sorted(b_names - a_names)
        if new:
            text += kc.phrase("places_new", names="、".join(new))
        if solved:
            text += kc.phrase("places_solved", names="、".join(solved))
        out.append(kc.para(text))
    return out


@generator("ws_next")
def _next(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    """Next year's work is this year's gap list (the same as 存在的问题 and the 差距 annex): each school
    with a gap, the schools not passing first, each gap with what it needs and, with a plan, the
    plan's month (or that the plan lacks it); then the CVs, the class and size limits. The plan's
    projects whose indicator the rows now meet are not next year's work (counted in one sentence)."""
    progress = plan_progress(kc)
    out = []
    groups = school_groups(kc.ev, [s for s in kc.ev.schools if s.gaps])
    groups.sort(key=lambda parts: all(s.passed is not False for s in parts))  # failing first, stable
    used: set[int] = set()
    for parts in groups:
        works = _next_works(kc, parts, progress, used, all(s.passed is not False for s in parts))
        if not works:
            continue
        private = is_private(parts[0])
        passed = all(s.passed is not False for s in parts)
        phrase = "next_school_passed" if passed else "next_school"
        kind = kc.phrase("next_private_passed" if passed else "next_private") if private else ""
        text = kc.phrase(phrase, school=parts[0].name, kind=kind, works="；".join(works))
        out.append(kc.para(text, kind="item", units=kc.unit("private" if kind else "school")))
    for stage, st in kc.ev.stages.items():
        keys = st.cv_failed if kc.std.cv_rule == "each" else ()
        for k in keys:
            text = kc.phrase(
                "next_cv",
                stage=STAGE_NAMES[stage],
                indicator=kc.std.indicator(k).name,
                limit=kc.d(K("cv_limit", stage=stage)),
            )
            out.append(kc.para(text, kind="item"))
    year = kc.inp.current.year + 1
    for item in ("班额", "学校规模"):
        found = _over_now(kc, item)
        if found is not None:
            out.append(kc.para(kc.phrase(f"next_{item}", names=found[1], year=year), kind="item"))
    if progress is not None:
        moot = [w for w in progress.work.works if w.index not in used and not _done(progress, w)]
        if moot:
            count = kc.fact(
                K("trend", measure="plan_moot"), len(moot), "项", label="对应指标本年度已达标的方案任务"
            )
            out.append(kc.para(kc.phrase("next_moot", count=count, year=kc.d(DATA_YEAR)), kind="item"))
    out.append(kc.para(kc.phrase("next_consolidate"), kind="item"))
    return out


def _done(progress: PlanProgress, w: PlannedWork) -> bool:
    return progress.status.get((w.school, w.field), ("",))[0] == "done"


def _next_works(
    kc: KindContext, parts: list, progress: PlanProgress | None, used: set[int], passed: bool
) -> list[str]:
    """One school's gaps as next year's work (a part's teachers, the campus's ㎡ and 万元 once): the
    plan's projects for a gap with their months and what the rows show of them, else what the gap
    needs (for a school not passing, with a note that the plan lacks it). ``used`` collects the plan's
    projects quoted."""
    fields = kc.tpl.constants.get("fields", {})
    works, seen = [], set()
    early = dict(progress.early) if progress is not None else {}
    for s in parts:
        wanted = {kc.std.indicator(k).add_to for k in s.gaps}
        for field in fields:
            key = need_key(kc.facts, s, field) if field in wanted else None
            if key is None or (key.stage, field) in seen:
                continue
            seen.add((key.stage, field))
            planned = progress.work.for_gap(s.name, s.stage, field) if progress is not None else []
            planned = [w for w in planned if w.index not in used]
            used.update(w.index for w in planned)
            quoted = [p for w in planned if (p := _plan_phrase(kc, progress, w, early, len(parts) > 1))]
            if quoted:
                works += quoted
                continue
            label = f"{STAGE_NAMES[key.stage]}部" if key.stage and len(parts) > 1 else ""
            work = kc.phrase("work", field=label + fields[field], amount=kc.d(key))
            unplanned = kc.phrase("next_unplanned") if progress is not None and not passed else ""
            works.append(work + unplanned)
    return works


def _plan_phrase(kc: KindContext, progress: PlanProgress, w: PlannedWork, early: dict, combined: bool) -> str:
    """A plan project as next year's work: due and not shown by the rows (须加快实施), due after the
    statistics (须核实), or due later with its month (with what the rows show added ahead); "" for
    work the rows show done."""
    slot = (w.school, w.field)
    if w in progress.due:
        state, _, added_then = progress.status[slot]
        if state == "done":
            return ""
        # partly done: what the rows show added, the rest carried
        phrase, ahead = ("next_carried_partly", added_then) if state == "partly" else ("next_carried", 0.0)
    else:
        ahead = min(early.get(slot, 0.0), w.amount)
        early[slot] = early.get(slot, 0.0) - ahead
        if ahead >= w.amount - 1e-6:
            return ""
        if w in progress.this_year:  # due before the document, after the statistics were taken
            phrase = "next_after_statistics_progress" if ahead else "next_after_statistics"
        else:
            phrase = "next_progress" if ahead else "next_due"
    label = f"{STAGE_NAMES[w.stage]}部" if w.stage and combined else ""
    words, amount = work_words(kc, w, label)
    added = ""
    if ahead:
        added = kc.fact(
            K("trend", school=w.school, field=w.field, index=w.index, measure="ahead"),
            ahead,
            w.unit,
            display=prose(fmt(ahead, w.unit)),
            rows=w.rows,
            label=f"统计数据显示{w.school}已增加",
        )
    return kc.phrase(phrase, work=words, amount=amount, due=due_fact(kc, w), added=added)
