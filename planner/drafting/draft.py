"""Drafting without a model: the decided schedule's facts + template + retrieved passages → Plan.

The schedule (``planner.drafting.schedule``) decides first; the facts are derived from it once
(``DraftContext``); each section's generator (goals, tasks, item_tasks, steps, funding, annexes)
only words them. Every number in a paragraph is a fact's display string; each paragraph records the
fact keys and the retrieved passages (with 文号) it used. Retrieval is a parameter (query → passages);
None drafts with the chosen standard as the only 文件依据.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from metrics import STAGE_NAMES, Evaluation
from planner.drafting.annexes import build_annexes
from planner.drafting.basis import basis_documents, eligible
from planner.drafting.class_plan import class_key
from planner.drafting.class_task import class_text
from planner.drafting.context import GROUPS, DraftContext, Retriever, passages, prose
from planner.drafting.facts import FactKey as K
from planner.drafting.figures import PREFIX, figure_key, figures_for
from planner.drafting.funding import funding
from planner.drafting.goals import calc_notes, overall, specific
from planner.drafting.item_tasks import item_tasks
from planner.drafting.steps import steps
from planner.drafting.tasks import work_tasks
from planner.drafting.templates import Template, variables_of
from planner.drafting.words import annex_no, cite
from planner.model import Paragraph, Plan, Section
from planner.settings import PlanSettings

__all__ = ["GROUPS", "DraftContext", "Retriever", "draft_plan", "draft_section", "passages"]


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
    docs = [cite(d) for d in basis_documents(standard, found)]
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
        return dr.para(dr.phrase("situation_met", **values) + _scope(dr))  # not "0所学校尚未达到"
    if failing in dr.facts:
        values["failing_total"] = dr.d(failing)
    return dr.para(dr.phrase("situation", **values) + _scope(dr))


def _scope(dr: DraftContext) -> str:
    """Who is out of scope and why, and the 民办 schools counted in the CVs (a reviewer asks)."""
    parts = []
    out = [
        dr.phrase("scope_excluded", school=e.name, reason=dr.d(K("excluded", index=n)))
        for n, e in enumerate(dr.ev.excluded)
    ]
    if out:
        parts.append(dr.phrase("scope_excluded_list", items="、".join(out)))
    private = list(dict.fromkeys(s.name for s in dr.ev.schools if s.ownership == "民办"))
    if private:
        parts.append(dr.phrase("scope_private", schools="、".join(private)))
    return dr.phrase("scope_note", items="；".join(parts)) if parts else ""


def _tasks(dr: DraftContext, group: str, spec: dict, found: list[dict]) -> list[Paragraph]:
    """A task group: the decided work (building, equipment, teachers) or the standard's items
    (government, quality, recognition) after the template's own paragraphs."""
    units = dr.unit(group)
    cites = tuple(cite(p) for p in found if p["doc_no"])
    lead_in = dr.phrase("basis_note", title=cites[0]["title"], doc_no=cites[0]["doc_no"]) if cites else ""
    if group in ("building", "equipment", "teachers"):
        return work_tasks(dr, group, units, cites, lead_in)
    items = item_tasks(dr, group)
    out = [p for p in items if p.kind != "task"]  # the group's note (where the 现状 are entered) first
    for p in _static(dr, spec):
        p.kind, p.units, p.sources = "task", units, p.sources or cites
        out.append(p)
    out += [p for p in items if p.kind == "task"]
    if group == "government":
        out += _guarantees(dr, units)
    return out


def _guarantees(dr: DraftContext, units: str) -> list[Paragraph]:
    """A failing 学校规模 or 班额 check no item of the standard covers (基本均衡): one task each."""
    covered = {c for st in dr.items for c in st.item.computed}
    out = []
    if "班额" not in covered and annex_no(dr, "classes"):  # the 班额 checks as one task with its measures
        covered |= {g.item for g in dr.ev.guarantees if g.item.endswith("班额")}
        lead = dr.phrase("guarantee_class_lead")
        schools = dr.d(class_key("schools"))
        text = dr.phrase("guarantee_class", count=schools, annex=annex_no(dr, "classes")) + class_text(dr)
        out.append(dr.para(text, kind="task", lead=lead, units=units))
    for f in [f for f in dr.facts if f.key.topic == "guarantee"]:
        g = dr.ev.guarantees[f.key.index]
        if g.item in covered:
            continue
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
        sec.paragraphs = funding(dr, found, _static(dr, spec))
    elif gen == "annexes":
        sec.paragraphs = _annex_list(dr, annexes)
    elif gen == "signature":
        sec.paragraphs = _signature(dr)
    elif gen not in ("tasks", "situation", "signature"):
        sec.paragraphs = _static(dr, spec)
    if gen == "situation":
        sec.paragraphs.append(_situation(dr))
    elif gen == "overall":
        sec.paragraphs += overall(dr)
    elif gen == "specific":
        sec.paragraphs += specific(dr)
    elif gen == "calc_notes":
        sec.paragraphs = calc_notes(dr)
        if not sec.paragraphs:
            return []
    elif gen == "steps":
        extra = steps(dr)
    if found and not any(p.sources for p in sec.paragraphs) and sec.paragraphs:
        sec.paragraphs[0].sources = tuple(cite(p) for p in found if p["doc_no"])
    return [sec, *extra]


def draft_plan(
    evaluation: Evaluation,
    settings: PlanSettings,
    retrieve: Retriever | None = None,
    schools_frame: pd.DataFrame | None = None,
    template: Template | None = None,
    assessed: Mapping[str, float | None] | None = None,
) -> Plan:
    """Draft the implementation plan.

    ``retrieve(query) -> passages`` supplies the 文件依据 (None: the standard alone); ``schools_frame``
    (the loaded rows) lets the schedule project each year's CVs with ``metrics.what_if``;
    ``assessed`` holds the office's 自评 values by measure key (items without one are marked
    〔待填报〕).
    """
    dr = DraftContext(evaluation, settings, retrieve, schools_frame, template, assessed)
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
