"""Drafting without a model: facts + template + retrieved passages → Plan → sections → paragraphs.

Every number in a paragraph is a fact's display string; each paragraph records the fact keys and the
retrieved passages (with 文号) it used. Retrieval is a parameter (query → passages); None drafts with
the chosen standard as the only 文件依据.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from metrics import STAGE_NAMES, Evaluation
from metrics.columns import BY_KEY
from planner.drafting.facts import FIELD_CATEGORY, build_facts
from planner.drafting.levels import level_words
from planner.drafting.schedule import Schedule, ScheduleItem, build_schedule, schedule_facts
from planner.drafting.templates import Template, load_template, template_for
from planner.model import Paragraph, Plan, Section
from planner.settings import PlanSettings

__all__ = ["Retriever", "data_year", "draft_plan", "draft_section"]

Retriever = Callable[[str], list[Any]]
GROUPS = ("building", "equipment", "teachers", "government", "quality", "recognition")
_SUPERSEDED = {"superseded", "废止", "repealed", "已废止"}


def _passage(p: Any) -> dict:
    get = p.get if isinstance(p, dict) else (lambda k, d="": getattr(p, k, d))
    return {k: get(k, "") or "" for k in ("title", "doc_no", "section", "source", "status", "text")}


def passages(retrieve: Retriever | None, query: str | None) -> list[dict]:
    """The passages ``retrieve`` finds for ``query`` as dicts, without superseded documents; a search
    result that declines to answer gives none."""
    if not query or retrieve is None:
        return []
    found = retrieve(query)
    if not getattr(found, "answerable", True):
        return []
    found = getattr(found, "results", found) or []
    return [p for p in map(_passage, found) if p["status"] not in _SUPERSEDED]


def data_year(settings: PlanSettings, schools_frame: pd.DataFrame | None) -> int:
    """The 统计年度: the setting, else the data's own 统计年度 column when it holds one year, else the
    year before the plan starts (the latest statistics a plan drafted then can use)."""
    if settings.data_year is not None:
        return settings.data_year
    if schools_frame is not None and "year" in schools_frame:
        years = {int(y) for y in schools_frame["year"].dropna()}
        if len(years) == 1:
            return years.pop()
    return settings.start_year - 1


class _Draft:
    """Shared state while drafting one plan."""

    def __init__(
        self,
        evaluation: Evaluation,
        settings: PlanSettings,
        retrieve: Retriever | None,
        schools_frame: pd.DataFrame | None,
        template: Template | None = None,
    ):
        self.ev = evaluation
        self.st = settings
        self.std = evaluation.standard
        name = settings.template or template_for(settings.level, self.std.target)
        self.tpl = template or load_template(name)
        self.retrieve = retrieve
        self.schedule: Schedule = build_schedule(evaluation, settings, schools_frame)
        self.facts = build_facts(evaluation).merged(schedule_facts(self.schedule, settings, evaluation))
        self.words = level_words(settings.level, settings.region)
        year = data_year(settings, schools_frame)
        self.facts.add("setting.data_year", year, display=str(year), label="统计年度")
        self.base = {
            **self.tpl.constants,
            **self.words.values(),
            "region": settings.region,
            "start_year": settings.start_year,
            "end_year": settings.end_year,
            "years_word": settings.years_word,
            "standard_title": self.std.title,
            "standard_doc_no": self.std.doc_no,
            "school_standard": self.std.school_standard or self.std.title,
        }
        self.used: list[str] = []

    def d(self, key: str) -> str:
        self.used.append(key)
        return self.facts.d(key)

    def take(self) -> tuple[str, ...]:
        keys, self.used = tuple(dict.fromkeys(self.used)), []
        return keys

    def phrase(self, key: str, **values) -> str:
        """A template phrase; under a standard without per-school thresholds (基本均衡 without a
        provincial 办学基本标准 file) the ``<key>_mean`` wording is used where the template has one."""
        if not self.std.has_school_thresholds and f"{key}_mean" in self.tpl.phrases:
            key = f"{key}_mean"
        return prose(self.tpl.phrase(key, {**self.base, **values}))

    def passages(self, query: str | None) -> list[dict]:
        return passages(self.retrieve, query)

    def unit(self, group: str) -> str:
        """The 责任单位 of a task group, in this level's words."""
        text = self.tpl.units.get(group, "")
        return self.tpl.render(f"units.{group}", text, self.base) if text else ""

    def para(self, text: str, **kw) -> Paragraph:
        return Paragraph(text=text, fact_keys=self.take(), **kw)


def prose(text: str) -> str:
    """Running text spells the unit out (平方米); tables keep the symbol ㎡."""
    return text.replace("㎡", "平方米")


def _cite(p: dict) -> dict:
    return {k: p[k] for k in ("title", "doc_no", "section", "source")}


def _static(dr: _Draft, spec: dict) -> list[Paragraph]:
    out = []
    for i, item in enumerate(spec.get("paragraphs") or []):
        where = f"{spec['key']}[{i + 1}]"
        if isinstance(item, dict):
            lead = dr.tpl.render(where + ".lead", item.get("lead", ""), dr.base)
            out.append(Paragraph(dr.tpl.render(where, item["text"], dr.base), kind="item", lead=lead))
        else:
            out.append(Paragraph(dr.tpl.render(where, item, dr.base)))
    return out


def _preamble(dr: _Draft, spec: dict, found: list[dict]) -> list[Paragraph]:
    docs = [
        {"title": dr.std.title, "doc_no": dr.std.doc_no, "section": "", "source": f"standard:{dr.std.key}"}
    ]
    for p in found:
        if p["doc_no"] and p["title"] and all(p["title"] != d["title"] for d in docs) and len(docs) < 5:
            docs.append(_cite(p))
    basis = "、".join(dr.phrase("basis_item", title=d["title"], doc_no=d["doc_no"]) for d in docs)
    dr.base["basis"] = basis
    paras = _static(dr, spec)
    paras[0].sources = tuple(docs)
    return paras


def _situation(dr: _Draft) -> Paragraph:
    parts = []
    for stage, st in dr.ev.stages.items():
        if dr.std.cv_rule == "each" and st.cv_failed:
            parts.append(
                dr.phrase(
                    "cv_fail",
                    stage=STAGE_NAMES[stage],
                    count=dr.d(f"cv_failed.{stage}"),
                    limit=dr.d(f"cv_limit.{stage}"),
                    cv="",
                )
            )
        elif dr.std.cv_rule == "composite" and st.passed is False:
            parts.append(
                dr.phrase(
                    "cv_fail",
                    stage=STAGE_NAMES[stage],
                    count=dr.d(f"cv_failed.{stage}"),
                    limit=dr.d(f"cv_limit.{stage}"),
                    cv=dr.d(f"cv.{stage}.composite"),
                )
            )
    cv_summary = "".join(parts) or dr.phrase("cv_ok")
    values = {
        "schools_total": dr.d("schools.total"),
        "schools_primary": dr.d("schools.primary"),
        "schools_junior": dr.d("schools.junior"),
        "students_total": dr.d("students.total"),
        "teachers_total": dr.d("teachers.total"),
        "cv_summary": cv_summary,
    }
    if "schools.failing.total" in dr.facts:
        values["failing_total"] = dr.d("schools.failing.total")
    return dr.para(dr.phrase("situation", **values))


def _limits(dr: _Draft) -> dict:
    return {
        f"limit_{s}": (dr.d(f"cv_limit.{s}") if f"cv_limit.{s}" in dr.facts else f"{dr.std.cv_limits[s]:g}")
        for s in ("primary", "junior")
    }


def _overall(dr: _Draft) -> list[Paragraph]:
    sch = dr.schedule
    last = sch.years[-1].projection
    if not sch.unscheduled and not sch.complete and last is not None:
        y = sch.years[-1].year
        left = [
            dr.phrase(
                "cv_left_item",
                stage=STAGE_NAMES[stage],
                indicator=dr.std.indicator(k).name,
                cv=dr.d(f"year.{y}.cv.{stage}.{k}"),
                limit=dr.d(f"cv_limit.{stage}"),
            )
            for stage, keys in last.cv_failed.items()
            for k in keys
            if f"year.{y}.cv.{stage}.{k}" in dr.facts
        ]
        if left:
            return [dr.para(dr.phrase("overall_cv", cv_left="、".join(left)))]
    if sch.complete:
        text = dr.phrase("overall_reached", reached_year=sch.reached_year, **_limits(dr))
    else:
        text = dr.phrase(
            "overall_unreached",
            left_count=dr.d("sched.unscheduled"),
            left_cost=dr.d("sched.unscheduled_cost"),
            **_limits(dr),
        )
    return [dr.para(text)]


def _specific(dr: _Draft) -> list[Paragraph]:
    """Only what must change, current → target: the schools to bring up, each indicator some school
    is below (how many, the lowest value, the target), each CV over its limit; and the data year."""
    out = [dr.para(dr.phrase("goal_data_year", data_year=dr.d("setting.data_year")))]
    deadline = dr.schedule.reached_year or dr.st.end_year
    if dr.std.has_school_thresholds:
        if dr.facts["schools.failing.total"].value:
            text = dr.phrase(
                "goal_schools",
                min_met=dr.d("rule.min_met"),
                min_ratio=dr.d("rule.min_ratio"),
                failing_total=dr.d("schools.failing.total"),
                deadline=deadline,
            )
            out.append(dr.para(text, kind="item"))
    elif any(mean_gap_keys(dr, stage) for stage in dr.ev.stages):
        out.append(dr.para(dr.phrase("goal_schools", deadline=deadline), kind="item"))
    for stage, st in dr.ev.stages.items():
        label = STAGE_NAMES[stage]
        for ind in dr.std.indicators:
            below = _below(dr, stage, ind.key)
            if not below:
                continue
            values = {"stage": label, "indicator": ind.name, "mean": dr.d(f"mean.{stage}.{ind.key}")}
            if dr.std.has_school_thresholds:
                values["threshold"] = dr.d(f"threshold.{stage}.{ind.key}")
            key = f"goal.{stage}.{ind.key}"
            rows = [r for s in below for r in s.rows]
            dr.facts.add(f"{key}.below", len(below), "所", rows=rows, label=f"{label}{ind.short}低于目标")
            lowest = min(below, key=lambda s: s.indicators[ind.key])
            values["below"] = dr.d(f"{key}.below")
            values["lowest"] = dr.d(f"school.{lowest.name}.{stage}.{ind.key}.value")
            out.append(dr.para(dr.phrase("goal_indicator", **values), kind="item"))
        key = f"cv.{stage}.max" if dr.std.cv_rule == "each" else f"cv.{stage}.composite"
        if key in dr.facts and st.passed is False and (dr.std.cv_rule == "composite" or st.cv_failed):
            out.append(
                dr.para(
                    dr.phrase("goal_cv", stage=label, limit=dr.d(f"cv_limit.{stage}"), max_cv=dr.d(key)),
                    kind="item",
                )
            )
    if len(out) == 1:
        out.append(dr.para(dr.phrase("goal_none"), kind="item"))
    return out


def _below(dr: _Draft, stage: str, key: str) -> list:
    """The schools of a stage below the target on an indicator: its threshold, or (without one) the
    mean when the indicator is one the plan lifts to the mean."""
    members = [
        s for s in dr.ev.schools if s.stage == stage and f"school.{s.name}.{stage}.{key}.value" in dr.facts
    ]
    if dr.std.has_school_thresholds:
        return [s for s in members if key in s.gaps]
    if key not in mean_gap_keys(dr, stage):
        return []
    mean = dr.ev.stages[stage].means[key]
    return [s for s in members if s.indicators[key] < mean]


def mean_gap_keys(dr: _Draft, stage: str) -> tuple[str, ...]:
    """Without per-school thresholds, the indicators on which schools are lifted to the mean: those
    whose CV fails (rule ``each``), or all of them when the composite fails."""
    st = dr.ev.stages[stage]
    if dr.std.cv_rule == "each":
        return tuple(st.cv_failed)
    return dr.std.keys if st.passed is False else ()


def _listed_gaps(dr: _Draft, group: str) -> list[tuple[str, str]]:
    """(school, indicator) gaps in a task group that the 差距清单 lists."""
    out = []
    for s in dr.ev.schools:
        if dr.std.has_school_thresholds:
            keys = list(s.gaps)
        else:
            means = dr.ev.stages[s.stage].means
            keys = [k for k in mean_gap_keys(dr, s.stage) if s.indicators[k] < means[k]]
        out += [
            (s.name, k) for k in keys if FIELD_CATEGORY.get(dr.std.indicator(k).add_to, "teachers") == group
        ]
    return out


def _works(dr: _Draft, items: list[ScheduleItem], scope_key: str) -> str:
    """'新建…450.0㎡、建设…4间' for the fields in ``items``, amounts from the plan.* facts."""
    fields = list(dict.fromkeys(i.field for i in items))
    parts = []
    for f in fields:
        key = f"plan.{f}.{scope_key}"
        parts.append(dr.phrase(f"work_{f}", amount=dr.d(key)))
    return "、".join(parts)


def _gap_notes(dr: _Draft, school: str, items: list[ScheduleItem]) -> str:
    notes = []
    for ind_key in dict.fromkeys(i.indicator for i in items if i.indicator):
        ind = dr.std.indicator(ind_key)
        for s in dr.ev.school(school):
            base = f"school.{s.name}.{s.stage}.{ind_key}.value"
            if base not in dr.facts:
                continue
            if dr.std.has_school_thresholds and ind_key in s.gaps:
                target = dr.d(f"threshold.{s.stage}.{ind_key}")
            elif (
                not dr.std.has_school_thresholds
                and s.indicators[ind_key] < dr.ev.stages[s.stage].means[ind_key]
            ):
                target = dr.d(f"mean.{s.stage}.{ind_key}")
            else:
                continue
            label = ind.name if len(dr.ev.school(school)) == 1 else f"{STAGE_NAMES[s.stage]}部{ind.name}"
            notes.append(dr.phrase("gap_item", indicator=label, value=dr.d(base), target=target))
    return dr.phrase("gap_notes", items="、".join(notes)) if notes else ""


def _school_sentence(dr: _Draft, school: str, items: list[ScheduleItem], named: bool = False) -> str:
    """What one school builds, buys or hires and what it lifts; ``named`` when the task's lead already
    names the school, so the sentence does not repeat it."""
    return dr.phrase(
        "task_school_named" if named else "task_school",
        school=school,
        works=_works(dr, items, f"school.{school}"),
        gap_notes=_gap_notes(dr, school, items),
    )


def _tasks(dr: _Draft, group: str, spec: dict, found: list[dict]) -> list[Paragraph]:
    units = dr.unit(group)
    items = [i for i in dr.schedule.items if i.category == group]
    out: list[Paragraph] = []
    cites = tuple(_cite(p) for p in found if p["doc_no"])
    lead_in = dr.phrase("basis_note", title=cites[0]["title"], doc_no=cites[0]["doc_no"]) if cites else ""
    if group in ("building", "equipment", "teachers"):
        if items:
            out.append(
                dr.para(
                    dr.phrase(
                        "group_total", works=_works(dr, items, "total"), cost=dr.d(f"plan.cost.{group}")
                    ),
                    sources=cites,
                )
            )
        elif left := [i for i in dr.schedule.unscheduled if i.category == group]:
            schools = "、".join(dict.fromkeys(i.school for i in left))
            out.append(dr.para(dr.phrase("group_unfunded", schools=schools), sources=cites))
        elif listed := _listed_gaps(dr, group):
            schools = "、".join(dict.fromkeys(name for name, _ in listed))
            out.append(dr.para(dr.phrase("group_unscheduled", schools=schools), sources=cites))
        else:
            out.append(dr.para(dr.phrase("group_none"), sources=cites))
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
        return out
    for p in _static(dr, spec):
        p.kind, p.units, p.sources = "task", units, cites
        out.append(p)
    if group != "government":
        return out
    for f in [f for f in dr.facts if f.key.startswith("guarantee.")]:
        g = dr.ev.guarantees[int(f.key.split(".")[1])]
        text = dr.phrase(
            "guarantee_fail", school=g.name, item=_guarantee_item(g.name, g.item), detail=dr.d(f.key)
        )
        out.append(dr.para(text, kind="task", units=units))
    return out


def _guarantee_item(school: str, item: str) -> str:
    """The item as read after the school's name: 城关第一小学 + 小学平均班额 → 平均班额 (no 小学小学)."""
    for stage, endings in (("小学", ("小学",)), ("初中", ("中学", "初中"))):
        if item.startswith(stage) and school.endswith(endings):
            return item[len(stage) :]
    return item


def _steps(dr: _Draft) -> list[Section]:
    out = []
    n = len(dr.schedule.years)
    for idx, y in enumerate(dr.schedule.years):
        paras = []
        recurring = f"year.{y.year}.recurring" in dr.facts
        extra = {"recurring": dr.d(f"year.{y.year}.recurring")} if recurring else {}
        suffix = "_recurring" if recurring else ""
        if y.items:
            works = "；".join(
                i.school
                + (dr.phrase("stage_part", stage=STAGE_NAMES[i.stage]) if i.stage else "")
                + dr.phrase(f"work_{i.field}", amount=dr.d(f"year.{y.year}.item.{k}"))
                for k, i in enumerate(y.items)
            )
            cost = dr.d(f"year.{y.year}.cost")
            text = dr.phrase(f"step_work{suffix}", year=y.year, name=y.name, works=works, cost=cost, **extra)
            paras.append(dr.para(text))
        else:
            paras.append(dr.para(dr.phrase(f"step_idle{suffix}", year=y.year, name=y.name, **extra)))
        if y.projection is not None:
            cvs = "，".join(
                dr.phrase("step_cv", stage=STAGE_NAMES[s], max_cv=dr.d(f"year.{y.year}.cv.{s}.max"))
                for s in y.projection.cv
                if f"year.{y.year}.cv.{s}.max" in dr.facts
            )
            paras.append(
                dr.para(dr.phrase("step_projection", failing=dr.d(f"year.{y.year}.failing"), cvs=cvs))
            )
        if idx == n - 1:
            paras.append(dr.para(dr.phrase("step_final")))
            if dr.schedule.unscheduled:
                paras.append(
                    dr.para(
                        dr.phrase(
                            "step_unscheduled",
                            left_count=dr.d("sched.unscheduled"),
                            left_cost=dr.d("sched.unscheduled_cost"),
                        )
                    )
                )
        out.append(Section(f"steps.{y.year}", dr.phrase("step_title", name=y.name, year=y.year), 2, paras))
    return out


def _funding(dr: _Draft, spec: dict, found: list[dict]) -> list[Paragraph]:
    paras = _static(dr, spec)
    budget_note = (
        dr.phrase("budget_note", budget=dr.d("budget.yearly")) if "budget.yearly" in dr.facts else ""
    )
    paras.append(
        dr.para(
            dr.phrase(
                "funding",
                total_cost=dr.d("sched.total_cost"),
                building=dr.d("assume.building"),
                field=dr.d("assume.field"),
                teacher=dr.d("assume.teacher"),
                backbone=dr.d("assume.backbone"),
                multimedia=dr.d("assume.multimedia"),
                budget_note=budget_note,
            ),
            sources=tuple(_cite(p) for p in found if p["doc_no"]),
        )
    )
    return paras


def _annex_list(dr: _Draft, annexes: list) -> list[Paragraph]:
    out = []
    for n, t in enumerate(annexes, 1):
        prefix = dr.phrase("annex_intro") if n == 1 else ""
        out.append(Paragraph(f"{prefix}{n}．{t.title}", kind="annex"))
    return out


def _signature(dr: _Draft) -> list[Paragraph]:
    """落款: the issuing body and the date, right-aligned after the 附件 list."""
    d = dr.st.issue_date
    issuer = dr.st.issuer or dr.phrase("issuer")
    if d is None:  # not silently today: the date stays blank for the issuing office to fill in
        date_text = dr.phrase("issue_date_blank")
    else:
        date_text = dr.phrase("issue_date", year=d.year, month=d.month, day=d.day)
    return [Paragraph(issuer, kind="signature"), Paragraph(date_text, kind="signature")]


def draft_section(dr: _Draft, spec: dict, annexes: list) -> list[Section]:
    """One template section drafted (a generator may add child sections, e.g. one per year)."""
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
    from planner.drafting.annexes import build_annexes

    dr = _Draft(evaluation, settings, retrieve, schools_frame, template)
    annexes = build_annexes(dr)
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


_ = BY_KEY
