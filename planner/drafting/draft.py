"""Drafting without a model: facts + template + retrieved passages → Plan → sections → paragraphs.

Every number in a paragraph is a fact's display string; each paragraph records the fact keys and the
retrieved passages (with 文号) it used. Retrieval is a parameter (query → passages); None drafts with
the chosen standard as the only 文件依据.
"""

from __future__ import annotations

import pandas as pd

from metrics import STAGE_NAMES, Evaluation
from planner.drafting.annexes import build_annexes
from planner.drafting.basis import basis_documents, eligible
from planner.drafting.context import DATA_YEAR, GROUPS, DraftContext, Retriever, passages, prose
from planner.drafting.costs import FUND_NAMES, FUNDS
from planner.drafting.facts import FIELD_CATEGORY
from planner.drafting.facts import FactKey as K
from planner.drafting.figures import PREFIX, figure_key, figures_for
from planner.drafting.schedule import LONG_LEAD, ScheduleItem
from planner.drafting.templates import Template, variables_of
from planner.model import Paragraph, Plan, Section
from planner.settings import PlanSettings

__all__ = ["GROUPS", "DraftContext", "Retriever", "draft_plan", "draft_section", "passages"]


def _cite(p: dict) -> dict:
    cite = {k: p[k] for k in ("title", "doc_no", "section", "source")}
    return {**cite, "issuer": p["issuer"]} if p.get("issuer") and not p["doc_no"] else cite


def _static(dr: DraftContext, spec: dict) -> list[Paragraph]:
    """A section's template paragraphs; the policy figures they quote (``{{ p_<name> }}``) are
    recorded as the paragraph's facts and their documents as its sources."""
    out = []
    for i, item in enumerate(spec.get("paragraphs") or []):
        where = f"{spec['key']}[{i + 1}]"
        text = item["text"] if isinstance(item, dict) else item
        names = sorted(v[len(PREFIX) :] for v in variables_of(text) if v.startswith(PREFIX))
        figures = figures_for(dr.std.target)
        keys = tuple(figure_key(n).id for n in names if n in figures)
        sources = tuple(
            {c["title"]: c for c in (figures[n].citation() for n in names if n in figures)}.values()
        )
        para = Paragraph(prose(dr.tpl.render(where, text, dr.base)), fact_keys=keys, sources=sources)
        if isinstance(item, dict):
            para.kind, para.lead = "item", dr.tpl.render(where + ".lead", item.get("lead", ""), dr.base)
        out.append(para)
    return out


def _preamble(dr: DraftContext, spec: dict, found: list[dict]) -> list[Paragraph]:
    """The 文件依据: the standard and, for each of the section's ``basis`` queries, the best current
    policy document the corpus holds (without ``basis``: those retrieved for the section's query),
    ranked by authority and date (planner.drafting.basis)."""
    standard = {
        "title": dr.std.title,
        "doc_no": dr.std.doc_no,
        "issuer": dr.std.issuer,
        "date": dr.std.date,
        "section": "",
        "source": f"standard:{dr.std.key}",
    }
    if spec.get("basis"):
        best = (next((p for p in dr.passages(q) if eligible(p)), None) for q in spec["basis"])
        found = [p for p in best if p is not None]
    docs = [_cite(d) for d in basis_documents(standard, found)]
    basis = "、".join(
        dr.phrase("basis_item", title=d["title"], doc_no=d["doc_no"])
        if d["doc_no"]
        else dr.phrase("basis_item_issuer", title=d["title"], issuer=d["issuer"].replace(" ", "、"))
        for d in docs
    )
    dr.base["basis"] = basis
    paras = _static(dr, spec)
    paras[0].sources = tuple(docs)
    return paras


def _situation(dr: DraftContext) -> Paragraph:
    parts = []
    for stage, st in dr.ev.stages.items():
        if dr.std.cv_rule == "each" and st.cv_failed:
            parts.append(
                dr.phrase(
                    "cv_fail",
                    stage=STAGE_NAMES[stage],
                    count=dr.d(K("cv_failed", stage=stage)),
                    limit=dr.d(K("cv_limit", stage=stage)),
                    cv="",
                )
            )
        elif dr.std.cv_rule == "composite" and st.passed is False:
            parts.append(
                dr.phrase(
                    "cv_fail",
                    stage=STAGE_NAMES[stage],
                    count=dr.d(K("cv_failed", stage=stage)),
                    limit=dr.d(K("cv_limit", stage=stage)),
                    cv=dr.d(K("cv", stage=stage, measure="composite")),
                )
            )
    cv_summary = "".join(parts) or dr.phrase("cv_ok")
    by_stage = [  # a stage without schools is left out (not "初中0所")
        dr.phrase("stage_count", stage=STAGE_NAMES[s], count=dr.d(K("schools", stage=s)))
        for s in ("primary", "junior")
        if dr.facts[K("schools", stage=s)].value
    ]
    values = {
        "schools_by_stage": "、".join(by_stage),
        "schools_total": dr.d(K("schools", scope="total")),
        "schools_primary": dr.d(K("schools", stage="primary")),
        "schools_junior": dr.d(K("schools", stage="junior")),
        "students_total": dr.d(K("students", scope="total")),
        "teachers_total": dr.d(K("teachers", scope="total")),
        "cv_summary": cv_summary,
    }
    failing = K("schools", scope="total", measure="failing")
    if failing in dr.facts and not dr.facts[failing].value and "situation_met" in dr.tpl.phrases:
        return dr.para(dr.phrase("situation_met", **values))  # not "0所学校尚未达到"
    if failing in dr.facts:
        values["failing_total"] = dr.d(failing)
    return dr.para(dr.phrase("situation", **values))


def _limits(dr: DraftContext) -> dict:
    return {f"limit_{s}": dr.d(K("cv_limit", stage=s)) for s in ("primary", "junior")}


def _overall(dr: DraftContext) -> list[Paragraph]:
    """The goal and its milestones, stated as targets; what the schedule cannot reach is in 测算说明."""
    sch = dr.schedule
    if sch.complete:
        text = dr.phrase("overall_reached", reached_year=sch.reached_year, **_limits(dr))
    else:
        text = dr.phrase("overall_target", **_limits(dr))
    text += dr.phrase("overall_milestones", final_year=dr.d(K("milestone", measure="final")))
    return [dr.para(text)]


def _calc_notes(dr: DraftContext) -> list[Paragraph]:
    """测算说明: each figure the schedule leaves short of the standard, and what would reach it."""
    sch = dr.schedule
    out = []
    last = sch.years[-1]
    if last.projection is not None and dr.std.cv_rule == "each":
        for stage, keys in last.projection.cv_failed.items():
            for k in keys:
                cv = K("year", year=last.year, scope="cv", stage=stage, indicator=k, measure="vs_limit")
                if cv not in dr.facts:
                    continue
                text = dr.phrase(
                    "calc_cv",
                    stage=STAGE_NAMES[stage],
                    indicator=dr.std.indicator(k).name,
                    cv=dr.d(cv),
                    limit=dr.d(K("cv_limit", stage=stage)),
                    remedy=dr.phrase("calc_cv_budget" if sch.unscheduled else "calc_cv_exchange"),
                )
                out.append(dr.para(text, kind="item"))
    if last.projection is not None and dr.std.cv_rule == "composite":
        for stage in last.projection.composite_failed:
            cv = K("year", year=last.year, scope="cv", stage=stage, measure="composite_vs_limit")
            if cv in dr.facts:
                text = dr.phrase(
                    "calc_composite",
                    stage=STAGE_NAMES[stage],
                    cv=dr.d(cv),
                    limit=dr.d(K("cv_limit", stage=stage)),
                    remedy=dr.phrase("calc_cv_budget" if sch.unscheduled else "calc_cv_exchange"),
                )
                out.append(dr.para(text, kind="item"))
    if sch.unscheduled:
        needed = K("budget", measure="needed")
        text = dr.phrase(
            "calc_budget",
            budget=dr.d(K("budget", measure="yearly")),
            left_count=dr.d(K("sched", measure="unscheduled")),
            left_cost=dr.d(K("sched", measure="unscheduled_cost")),
            needed=dr.d(needed) if needed in dr.facts else "",
        )
        out.append(dr.para(text, kind="item"))
    return out


def _specific(dr: DraftContext) -> list[Paragraph]:
    """Only what must change, current → target: the schools to bring up, each indicator some school
    is below (how many, the lowest value, the target), each CV over its limit; and the data year."""
    out = [dr.para(dr.phrase("goal_data_year", data_year=dr.d(DATA_YEAR)))]
    deadline = dr.schedule.reached_year or dr.st.end_year
    if dr.std.has_school_thresholds:
        failing = K("schools", scope="total", measure="failing")
        if dr.facts[failing].value:
            text = dr.phrase(
                "goal_schools",
                min_met=dr.d(K("rule", measure="min_met")),
                min_ratio=dr.d(K("rule", measure="min_ratio")),
                failing_total=dr.d(failing),
                deadline=deadline,
            )
            out.append(dr.para(text, kind="item"))
    elif any(dr.mean_gap_keys(stage) for stage in dr.ev.stages):
        out.append(dr.para(dr.phrase("goal_schools", deadline=deadline), kind="item"))
    for stage, st in dr.ev.stages.items():
        label = STAGE_NAMES[stage]
        for ind in dr.std.indicators:
            below = _below(dr, stage, ind.key)
            if not below:
                continue
            values = {
                "stage": label,
                "indicator": ind.name,
                "mean": dr.d(K("mean", stage=stage, indicator=ind.key)),
            }
            if dr.std.has_school_thresholds:
                values["threshold"] = dr.d(K("threshold", stage=stage, indicator=ind.key))
            count = K("goal", stage=stage, indicator=ind.key, measure="below")
            rows = [r for s in below for r in s.rows]
            dr.facts.add(count, len(below), "所", rows=rows, label=f"{label}{ind.short}低于目标的学校")
            lowest = min(below, key=lambda s: s.indicators[ind.key])
            values["below"] = dr.d(count)
            values["lowest"] = dr.d(
                K("school", school=lowest.name, stage=stage, indicator=ind.key, measure="value")
            )
            out.append(dr.para(dr.phrase("goal_indicator", **values), kind="item"))
        key = K("cv", stage=stage, measure="max" if dr.std.cv_rule == "each" else "composite")
        if key in dr.facts and st.passed is False:
            limit = dr.d(K("cv_limit", stage=stage))
            out.append(dr.para(dr.phrase("goal_cv", stage=label, limit=limit, max_cv=dr.d(key)), kind="item"))
    if len(out) == 1:
        out.append(dr.para(dr.phrase("goal_none"), kind="item"))
    return out


def _below(dr: DraftContext, stage: str, key: str) -> list:
    """The schools of a stage below the target on an indicator: its threshold, or (without one) the
    mean when the indicator is one the plan lifts to the mean."""
    members = [
        s
        for s in dr.ev.schools
        if s.stage == stage
        and K("school", school=s.name, stage=stage, indicator=key, measure="value") in dr.facts
    ]
    if dr.std.has_school_thresholds:
        return [s for s in members if key in s.gaps]
    if key not in dr.mean_gap_keys(stage):
        return []
    mean = dr.ev.stages[stage].means[key]
    return [s for s in members if s.indicators[key] < mean]


def _listed_gaps(dr: DraftContext, group: str) -> list[tuple[str, str]]:
    """(school, indicator) gaps in a task group that the 差距清单 lists."""
    out = []
    for s in dr.ev.schools:
        if dr.std.has_school_thresholds:
            keys = list(s.gaps)
        else:
            means = dr.ev.stages[s.stage].means
            keys = [k for k in dr.mean_gap_keys(s.stage) if s.indicators[k] < means[k]]
        out += [
            (s.name, k) for k in keys if FIELD_CATEGORY.get(dr.std.indicator(k).add_to, "teachers") == group
        ]
    return out


def _works(
    dr: DraftContext, items: list[ScheduleItem], school: str | None = None, topic: str = "plan"
) -> str:
    """'新建…450.0㎡、建设…4间' for the fields in ``items``: one school's amounts, or the totals of the
    scheduled work (``plan``), of the whole need (``demand``) or of what is left over (``left``)."""
    fields = list(dict.fromkeys(i.field for i in items))
    scope = "total" if school is None else "school"
    return "、".join(
        dr.phrase(f"work_{f}", amount=dr.d(K(topic, field=f, scope=scope, school=school))) for f in fields
    )


def _gap_notes(dr: DraftContext, school: str, items: list[ScheduleItem]) -> str:
    notes = []
    for ind_key in dict.fromkeys(i.indicator for i in items if i.indicator):
        ind = dr.std.indicator(ind_key)
        for s in dr.ev.school(school):
            base = K("school", school=s.name, stage=s.stage, indicator=ind_key, measure="value")
            stated = K("school", school=s.name, stage=s.stage, indicator=ind_key, measure="stated_value")
            if base not in dr.facts:
                continue
            if stated in dr.facts:
                base = stated
            if dr.std.has_school_thresholds and ind_key in s.gaps:
                target = dr.d(K("threshold", stage=s.stage, indicator=ind_key))
            elif (
                not dr.std.has_school_thresholds
                and s.indicators[ind_key] < dr.ev.stages[s.stage].means[ind_key]
            ):
                target = dr.d(K("mean", stage=s.stage, indicator=ind_key))
            else:
                continue
            label = ind.name if len(dr.ev.school(school)) == 1 else f"{STAGE_NAMES[s.stage]}部{ind.name}"
            notes.append(dr.phrase("gap_item", indicator=label, value=dr.d(base), target=target))
    if not notes:
        return ""
    capped = K("school", school=school, measure="stated_students")
    lead = dr.phrase("stated_note", students=dr.d(capped)) if capped in dr.facts else ""
    return lead + dr.phrase("gap_notes", items="、".join(notes))


def _school_sentence(dr: DraftContext, school: str, items: list[ScheduleItem], named: bool = False) -> str:
    """What one school builds, buys or hires and what it lifts; ``named`` when the task's lead already
    names the school, so the sentence does not repeat it."""
    return dr.phrase(
        "task_school_named" if named else "task_school",
        school=school,
        works=_works(dr, items, school),
        gap_notes=_gap_notes(dr, school, items),
    )


def _tasks(dr: DraftContext, group: str, spec: dict, found: list[dict]) -> list[Paragraph]:
    units = dr.unit(group)
    items = [i for i in dr.schedule.items if i.category == group]
    out: list[Paragraph] = []
    cites = tuple(_cite(p) for p in found if p["doc_no"])
    lead_in = dr.phrase("basis_note", title=cites[0]["title"], doc_no=cites[0]["doc_no"]) if cites else ""
    if group in ("building", "equipment", "teachers"):
        need = [i for i in dr.schedule.need if i.category == group and i.public]
        left = [i for i in dr.schedule.unscheduled if i.category == group]
        if need:
            text = dr.phrase(
                "group_total",
                works=_works(dr, need, topic="demand"),
                cost=dr.d(K("demand", field=group, scope="cost")),
            )
            if left and not any(i.public for i in items):
                text += dr.phrase("group_unfunded", annex=_annex_no(dr, "unfunded"))
            elif left:
                text += dr.phrase(
                    "group_funded",
                    works=_works(dr, [i for i in items if i.public]),
                    cost=dr.d(K("cost", field=group, scope="total")),
                    left_works=_works(dr, left, topic="left"),
                    left_cost=dr.d(K("left", field=group, scope="cost")),
                    annex=_annex_no(dr, "unfunded"),
                )
            out.append(dr.para(text, sources=cites))
        elif not items and (listed := _listed_gaps(dr, group)):
            schools = "、".join(dict.fromkeys(name for name, _ in listed))
            out.append(dr.para(dr.phrase("group_unscheduled", schools=schools), sources=cites))
        elif not items:
            out.append(dr.para(dr.phrase("group_none"), sources=cites))
        private = [i for i in items if not i.public]
        items = [i for i in items if i.public]
        by: dict[str, list[ScheduleItem]] = {}
        for i in items:
            by.setdefault(i.township if dr.st.level != "town" else i.school, []).append(i)
        for who, its in by.items():
            if dr.st.level != "town":
                schools = list(dict.fromkeys(i.school for i in its))
                text = "；".join(_school_sentence(dr, s, [i for i in its if i.school == s]) for s in schools)
                lead = dr.phrase("task_lead", township=who or dr.st.region, school="")
            else:
                text = _school_sentence(dr, who, its, named=True)
                lead = dr.phrase("task_lead", school=who, township="")
            out.append(dr.para(lead_in + text + "。", kind="task", lead=lead, units=units, sources=cites))
            lead_in = ""
        for school in dict.fromkeys(i.school for i in private):
            its = [i for i in private if i.school == school]
            text = dr.phrase(
                "private_works",
                works=_works(dr, its, school),
                gap_notes=_gap_notes(dr, school, its),
                cost=dr.d(K("cost", field=group, scope="school", school=school)),
            )
            lead = dr.phrase("private_lead", school=school)
            out.append(dr.para(text, kind="task", lead=lead, units=dr.unit("private")))
        if group == "teachers":
            out += [_exchange(dr, e, units) for e in dr.schedule.exchanges]
        return out
    for p in _static(dr, spec):
        p.kind, p.units, p.sources = "task", units, p.sources or cites
        out.append(p)
    if group != "government":
        return out
    for f in [f for f in dr.facts if f.key.topic == "guarantee"]:
        g = dr.ev.guarantees[f.key.index]
        text = dr.phrase(
            "guarantee_fail", school=g.name, item=_guarantee_item(g.name, g.item), detail=dr.d(f.key)
        )
        capped = K("school", school=g.name, measure="stated_students")
        if g.item == "学校规模" and capped in dr.facts:
            text += dr.phrase("scale_note", students=dr.d(capped))
        out.append(dr.para(text, kind="task", units=units))
    return out


def _exchange(dr: DraftContext, e, units: str) -> Paragraph:
    """One 交流轮岗 task: why (the CV adding leaves), who goes where, the floor kept, the CV after."""

    def key(measure: str, index: int | None = None) -> K:
        return K("exchange", stage=e.stage, indicator=e.indicator, index=index, measure=measure)

    year = next(y.year for y in dr.schedule.years if e in y.exchanges)
    moves = []
    for sender in dict.fromkeys(t.sender for t in e.transfers):
        parts = "、".join(
            dr.phrase("exchange_part", receiver=t.receiver, count=dr.d(key("count", n)))
            for n, t in enumerate(e.transfers)
            if t.sender == sender
        )
        sent = K("exchange", stage=e.stage, indicator=e.indicator, school=sender, measure="sent")
        moves.append(dr.phrase("exchange_move", sender=sender, total=dr.d(sent), parts=parts))
    moves = "；".join(moves)
    text = dr.phrase(
        "exchange_text",
        stage=STAGE_NAMES[e.stage],
        indicator=dr.std.indicator(e.indicator).name,
        before=dr.d(key("before")),
        limit=dr.d(K("cv_limit", stage=e.stage)),
        year=year,
        moves=moves,
        floor=dr.d(key("floor")),
        after=dr.d(key("after")),
        annex=_annex_no(dr, "exchange"),
    )
    lead = dr.phrase("exchange_lead", indicator=dr.std.indicator(e.indicator).short)
    return dr.para(text, kind="task", lead=lead, units=units)


def _guarantee_item(school: str, item: str) -> str:
    """The item as read after the school's name: 城关第一小学 + 小学平均班额 → 平均班额 (no 小学小学)."""
    for stage, endings in (("小学", ("小学",)), ("初中", ("中学", "初中"))):
        if item.startswith(stage) and school.endswith(endings):
            return item[len(stage) :]
    return item


def _annex_no(dr: DraftContext, key: str) -> str:
    """The 附件 number of an annex table ("" when the plan has none of that kind)."""
    keys = [t.key for t in dr.annexes]
    return str(keys.index(key) + 1) if key in keys else ""


def _months(dr: DraftContext, y) -> str:
    """When each kind of work is done in the year: 立项 … 竣工, 采购, 招聘, 培训."""
    parts = []
    kinds = {("building" if i.field in LONG_LEAD else i.fund) for i in y.items}
    for kind in ("building", "construction", "personnel", "training"):
        if kind not in kinds:
            continue
        if kind == "building":
            parts.append(
                dr.phrase(
                    "month_building",
                    design=dr.d(K("month", field="building", measure="start")),
                    begin=dr.d(K("month", field="building", measure="begin")),
                    finish=dr.d(K("month", year=y.year, field="building", measure="finish")),
                )
            )
        else:
            window = "equipment" if kind == "construction" else kind
            parts.append(dr.phrase(f"month_{kind}", window=dr.d(K("month", field=window, measure="window"))))
    return "；".join(parts)


def _year_cost(dr: DraftContext, y) -> str:
    """估算投入…，其中建设资金…、人员经费…（含以前年度新增教师…）、培养培训经费…"""
    parts = []
    for fund in FUNDS:
        if y.costs is None or y.costs.of(fund) <= 0:
            continue
        text = FUND_NAMES[fund] + dr.d(K("year", year=y.year, field=fund, measure="cost"))
        if fund == "personnel" and K("year", year=y.year, measure="recurring") in dr.facts:
            text += dr.phrase("recurring_note", recurring=dr.d(K("year", year=y.year, measure="recurring")))
        parts.append(text)
    if not parts:
        return ""
    return dr.phrase("step_cost", cost=dr.d(K("year", year=y.year, measure="cost")), parts="、".join(parts))


def _steps(dr: DraftContext) -> list[Section]:
    """One sub-section per year: what is done (summed by kind of work), when, what it costs, and the
    projected CVs; the last year of a longer plan is for acceptance and rectification. The item-by-item
    list is the 年度实施项目表 annex."""
    out = []
    annex = _annex_no(dr, "projects")
    for y in dr.schedule.years:
        paras = []
        public = [i for i in y.items if i.public]
        if y.acceptance:
            tail = dr.phrase("step_no_new_work")
            if y.items:
                tail = dr.phrase("step_tail", works=_year_works(dr, y), annex=annex)
            names = ("accept_months", "review_months", "selfeval_months", "prepare_months")
            quarters = {v: dr.d(K("month", scope="acceptance", index=n)) for n, v in enumerate(names)}
            text = dr.phrase("step_acceptance", year=y.year, name=y.name, tail=tail, **quarters)
            paras.append(dr.para(text))
        elif y.items:
            text = dr.phrase(
                "step_work",
                year=y.year,
                name=y.name,
                count=dr.d(K("year", year=y.year, measure="items")),
                schools=dr.d(K("year", year=y.year, measure="schools")),
                works=_year_works(dr, y),
                months=_months(dr, y),
                annex=annex,
            )
            paras.append(dr.para(text))
        else:
            paras.append(dr.para(dr.phrase("step_idle", year=y.year, name=y.name)))
        for e in y.exchanges:
            count = dr.d(K("exchange", stage=e.stage, indicator=e.indicator, measure="count"))
            indicator = dr.std.indicator(e.indicator).short
            paras.append(
                dr.para(
                    dr.phrase(
                        "step_exchange", indicator=indicator, count=count, annex=_annex_no(dr, "exchange")
                    )
                )
            )
        cost = _year_cost(dr, y) if public or (y.costs and y.costs.public > 0) else ""
        if cost:
            paras.append(dr.para(cost))
        if y.projection is not None:
            cvs = "，".join(
                dr.phrase(
                    "step_cv",
                    stage=STAGE_NAMES[s],
                    max_cv=dr.d(K("year", year=y.year, scope="cv", stage=s, measure="max")),
                )
                for s in y.projection.cv
                if K("year", year=y.year, scope="cv", stage=s, measure="max") in dr.facts
            )
            paras.append(
                dr.para(
                    dr.phrase(
                        "step_projection", failing=dr.d(K("year", year=y.year, measure="failing")), cvs=cvs
                    )
                )
            )
        out.append(Section(f"steps.{y.year}", dr.phrase("step_title", name=y.name, year=y.year), 2, paras))
    if dr.schedule.unscheduled:
        left = dr.schedule.unscheduled
        text = dr.phrase(
            "step_unscheduled",
            budget=dr.d(K("budget", measure="yearly")),
            left_count=dr.d(K("sched", measure="unscheduled")),
            left_cost=dr.d(K("sched", measure="unscheduled_cost")),
            works=_works(dr, left, topic="left"),
            annex=_annex_no(dr, "unfunded"),
        )
        out.append(Section("steps.unfunded", dr.phrase("unfunded_title"), 2, [dr.para(text)]))
    return out


def _year_works(dr: DraftContext, y) -> str:
    fields = list(dict.fromkeys(i.field for i in y.items))
    return "、".join(
        dr.phrase(f"work_{f}", amount=dr.d(K("year", year=y.year, field=f, scope="total"))) for f in fields
    )


def _funding(dr: DraftContext, spec: dict, found: list[dict]) -> list[Paragraph]:
    paras = _static(dr, spec)
    budget = K("budget", measure="yearly")
    budget_note = dr.phrase("budget_note", budget=dr.d(budget)) if budget in dr.facts else ""
    private = K("sched", measure="private_cost")
    private_note = dr.phrase("private_note", cost=dr.d(private)) if dr.schedule.private_items else ""
    paras.append(
        dr.para(
            dr.phrase(
                "funding",
                total_cost=dr.d(K("sched", measure="total_cost")),
                parts="、".join(
                    FUND_NAMES[f] + dr.d(K("sched", field=f, measure="total_cost"))
                    for f in FUNDS
                    if dr.facts[K("sched", field=f, measure="total_cost")].value > 0
                )
                or dr.phrase("no_public_cost"),
                annex=_annex_no(dr, "funds"),
                budget_note=budget_note,
                private_note=private_note,
            ),
            sources=tuple(_cite(p) for p in found if p["doc_no"]),
        )
    )
    paras.append(dr.para(dr.phrase("funding_sources")))
    paras.append(
        dr.para(
            dr.phrase(
                "funding_basis",
                building=dr.d(K("assume", measure="building")),
                field=dr.d(K("assume", measure="field")),
                teacher=dr.d(K("assume", measure="teacher")),
                backbone=dr.d(K("assume", measure="backbone")),
                degree=dr.d(K("assume", measure="degree")),
                title=dr.d(K("assume", measure="title")),
                multimedia=dr.d(K("assume", measure="multimedia")),
            )
        )
    )
    return paras


def _annex_list(dr: DraftContext, annexes: list) -> list[Paragraph]:
    out = []
    for n, t in enumerate(annexes, 1):
        prefix = dr.phrase("annex_intro") if n == 1 else ""
        out.append(Paragraph(f"{prefix}{n}．{t.title}", kind="annex"))
    return out


def _signature(dr: DraftContext) -> list[Paragraph]:
    """落款: the issuing body and the date, right-aligned after the 附件 list."""
    d = dr.st.issue_date
    issuer = dr.st.issuer or dr.phrase("issuer")
    if d is None:  # not silently today: the date stays blank for the issuing office to fill in
        date_text = dr.phrase("issue_date_blank")
    else:
        date_text = dr.phrase("issue_date", year=d.year, month=d.month, day=d.day)
    return [Paragraph(issuer, kind="signature"), Paragraph(date_text, kind="signature")]


def draft_section(dr: DraftContext, spec: dict, annexes: list) -> list[Section]:
    """One template section drafted (a generator may add child sections, e.g. one per year)."""
    dr.annexes = annexes or dr.annexes
    key = spec["key"]
    title = dr.tpl.render(f"{key}.title", spec.get("title", ""), dr.base)
    level = int(spec.get("level", 1))
    gen = spec.get("generator", "")
    found = dr.passages(spec.get("retrieval"))
    sec = Section(key, title, level)
    extra: list[Section] = []
    if key == "preamble":
        sec.paragraphs = _preamble(dr, spec, found)
    elif gen == "tasks" and key.startswith("tasks."):
        sec.paragraphs = _tasks(dr, key.split(".", 1)[1], spec, found)
    elif gen == "funding":
        sec.paragraphs = _funding(dr, spec, found)
    elif gen == "annexes":
        sec.paragraphs = _annex_list(dr, annexes)
    elif gen == "signature":
        sec.paragraphs = _signature(dr)
    elif gen not in ("tasks", "situation", "signature"):
        sec.paragraphs = _static(dr, spec)
    if gen == "situation":
        sec.paragraphs.append(_situation(dr))
    elif gen == "overall":
        sec.paragraphs += _overall(dr)
    elif gen == "specific":
        sec.paragraphs += _specific(dr)
    elif gen == "calc_notes":
        sec.paragraphs = _calc_notes(dr)
        if not sec.paragraphs:
            return []
    elif gen == "steps":
        extra = _steps(dr)
    if found and not any(p.sources for p in sec.paragraphs) and sec.paragraphs:
        sec.paragraphs[0].sources = tuple(_cite(p) for p in found if p["doc_no"])
    return [sec, *extra]


def draft_plan(
    evaluation: Evaluation,
    settings: PlanSettings,
    retrieve: Retriever | None = None,
    schools_frame: pd.DataFrame | None = None,
    template: Template | None = None,
) -> Plan:
    """Draft the implementation plan.

    ``retrieve(query) -> passages`` supplies the 文件依据 (None: the standard alone); ``schools_frame``
    (the loaded rows) lets the schedule project each year's CVs with ``metrics.what_if``.
    """
    dr = DraftContext(evaluation, settings, retrieve, schools_frame, template)
    annexes = build_annexes(dr)
    dr.annexes = annexes
    sections: list[Section] = []
    for spec in dr.tpl.sections:
        sections += draft_section(dr, spec, annexes)
    title = dr.tpl.render("title", dr.tpl.title, dr.base)
    sources = tuple(
        {(s["title"], s["doc_no"]): s for sec in sections for p in sec.paragraphs for s in p.sources}.values()
    )
    return Plan(
        title, dr.tpl.name, settings, dr.std.key, sections, annexes, dr.facts, dr.schedule.complete, sources
    )
