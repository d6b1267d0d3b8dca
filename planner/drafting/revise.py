"""Pure revision operations on a Plan (each returns a new Plan; the caller keeps the version history).

A section is named by its key (``tasks.building``) or its Chinese title (主要任务); a top-level section
forms a group with its child sections (（一）（二）…), which the group operations act on together.
Paragraphs typed by the user are marked ``origin="user"``: their figures are not traced to facts.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pandas as pd

from metrics import Evaluation
from planner.drafting.context import DraftContext, Retriever, passages
from planner.drafting.draft import draft_plan, draft_section
from planner.drafting.levels import level_words
from planner.drafting.templates import load_template
from planner.drafting.words import cite
from planner.model import Paragraph, Plan, Section

__all__ = [
    "RevisionError",
    "add_paragraph",
    "add_topic",
    "change_settings",
    "delete_item",
    "delete_task",
    "edit_group",
    "regenerate_section",
    "replace_section",
    "section_group",
]


class RevisionError(ValueError):
    """A revision that cannot be applied; the message is Chinese."""


def _copy(plan: Plan) -> Plan:
    return replace(plan, sections=copy.deepcopy(plan.sections))


def _section_index(plan: Plan, key: str) -> int:
    """By key or exact title; else the first top-level section whose title contains ``key`` (or is
    contained in it, as in 重写保障措施部分)."""
    for i, s in enumerate(plan.sections):
        if s.key == key or (s.title and s.title == key):
            return i
    for i, s in enumerate(plan.sections):
        if s.level == 1 and s.title and (key in s.title or s.title in key):
            return i
    known = "、".join(s.title for s in plan.sections if s.level == 1 and s.title)
    raise RevisionError(f"方案中没有“{key}”这一部分。可修改的部分：{known}")


def _group_slice(plan: Plan, key: str) -> slice:
    start = _section_index(plan, key)
    end = start + 1
    if plan.sections[start].level == 1:
        while end < len(plan.sections) and plan.sections[end].level == 2:
            end += 1
    return slice(start, end)


def section_group(plan: Plan, section: str) -> list[Section]:
    """The section and, for a top-level one, its child sections, in document order."""
    return plan.sections[_group_slice(plan, section)]


def replace_section(plan: Plan, section: str, paragraphs: list[str | Paragraph]) -> Plan:
    """Replace a section's paragraphs (strings become user paragraphs)."""
    new = _copy(plan)
    i = _section_index(new, section)
    new.sections[i].paragraphs = [
        p if isinstance(p, Paragraph) else Paragraph(p, origin="user") for p in paragraphs
    ]
    return new


def add_paragraph(
    plan: Plan,
    section: str,
    text: str,
    *,
    task: bool = False,
    lead: str = "",
    units: str = "",
    position: int | None = None,
) -> Plan:
    """Add a paragraph (or a task with 〔责任单位〕 when ``task=True``), at the end by default."""
    if not text.strip():
        raise RevisionError("要添加的内容为空。")
    new = _copy(plan)
    sec = new.sections[_section_index(new, section)]
    para = Paragraph(text.strip(), kind="task" if task else "text", lead=lead, units=units, origin="user")
    sec.paragraphs.insert(len(sec.paragraphs) if position is None else position, para)
    return new


def delete_task(plan: Plan, section: str, n: int) -> Plan:
    """Delete the Nth task (1-based, as numbered in the document) of a section."""
    new = _copy(plan)
    sec = new.sections[_section_index(new, section)]
    tasks = [i for i, p in enumerate(sec.paragraphs) if p.kind == "task"]
    if not 1 <= n <= len(tasks):
        raise RevisionError(f"“{sec.title or section}”共有{len(tasks)}项任务，没有第{n}项。")
    del sec.paragraphs[tasks[n - 1]]
    return new


def delete_item(plan: Plan, section: str, n: int) -> Plan:
    """Delete the Nth entry (1-based) as a reader counts them: the Nth sub-section （一）（二）… when the
    section has any, else its Nth task, else its Nth paragraph."""
    group = section_group(plan, section)
    head, children = group[0], group[1:]
    if children:
        if not 1 <= n <= len(children):
            raise RevisionError(f"“{head.title}”只有{len(children)}条，没有第{n}条。")
        new = _copy(plan)
        del new.sections[_section_index(new, head.key) + n]
        return new
    if head.tasks:
        return delete_task(plan, head.key, n)
    if not 1 <= n <= len(head.paragraphs):
        raise RevisionError(f"“{head.title or section}”只有{len(head.paragraphs)}段，没有第{n}段。")
    new = _copy(plan)
    del new.sections[_section_index(new, head.key)].paragraphs[n - 1]
    return new


def add_topic(plan: Plan, section: str, topic: str, retrieve: Retriever | None = None) -> Plan:
    """Add an item about ``topic`` at the end of a section group, worded by the plan's template and
    based on the first retrieved passage with a 文号 (cited). It carries no figures."""
    topic = topic.strip()
    if not topic:
        raise RevisionError("要添加的内容为空。")
    target = section_group(plan, section)[-1]
    tpl = load_template(plan.template)
    found = [p for p in passages(retrieve, topic) if p["doc_no"] and p["title"]]
    words = level_words(plan.settings.level, plan.settings.region, plan.settings.upper_region).values()
    values = {**tpl.constants, **words, "region": plan.settings.region, "topic": topic}
    basis = tpl.phrase("basis_note", {**values, **found[0]}) if found else ""
    text = basis + tpl.phrase("topic_text", values)
    task = any(p.kind == "task" for p in target.paragraphs)
    new = add_paragraph(
        plan,
        target.key,
        text,
        task=task,
        lead=tpl.phrase("topic_lead", values) if task else "",
        units=next((p.units for p in target.tasks), ""),
    )
    new.section(target.key).paragraphs[-1].sources = tuple(cite(p) for p in found[:1])
    return new


def edit_group(plan: Plan, section: str, texts: list[str]) -> Plan:
    """Replace the paragraph texts of a section group in order (leads, kinds and 责任单位 are kept);
    extra texts are appended to the last section, missing ones remove paragraphs. Changed text is
    marked as the user's."""
    new = _copy(plan)
    group = section_group(new, section)
    slots = [(sec, p) for sec in group for p in sec.paragraphs]
    for (_, p), text in zip(slots, texts, strict=False):
        if text != p.text:
            p.text, p.origin, p.fact_keys = text, "user", ()
    for owner, p in slots[len(texts) :]:
        owner.paragraphs.remove(p)
    group[-1].paragraphs += [Paragraph(text=t, origin="user") for t in texts[len(slots) :]]
    return new


def regenerate_section(
    plan: Plan,
    section: str,
    evaluation: Evaluation,
    retrieve: Retriever | None = None,
    schools_frame: pd.DataFrame | None = None,
) -> Plan:
    """Draft a section group again from the facts (undoing edits and deletions in it, e.g. 重写保障措施
    restores a deleted （一）); other sections are kept."""
    where = _group_slice(plan, section)
    head = plan.sections[where.start]
    single = where.stop - where.start == 1 and head.level == 2
    dr = DraftContext(evaluation, plan.settings, retrieve, schools_frame)
    specs = [s for s in dr.tpl.sections if s["key"] == head.key or s["key"].startswith(head.key + ".")]
    if not specs and "." in head.key:
        specs = [s for s in dr.tpl.sections if s["key"] == head.key.rsplit(".", 1)[0]]
    drafted = [sec for spec in specs for sec in draft_section(dr, spec, plan.annexes)]
    if single:
        drafted = [s for s in drafted if s.key == head.key]
    if not drafted:
        raise RevisionError(f"“{head.title}”不是模板中的一节，无法重新生成。")
    new = _copy(plan)
    new.sections[where] = drafted
    return new


def change_settings(
    plan: Plan,
    evaluation: Evaluation,
    retrieve: Retriever | None = None,
    schools_frame: pd.DataFrame | None = None,
    **changes,
) -> Plan:
    """Redraft the whole plan with changed settings (e.g. ``start_year=2027``); edits are not carried over."""
    if "years" in changes and "year_names" not in changes:
        changes["year_names"] = None  # the default names for the new number of years
    try:
        settings = plan.settings.model_copy(update=changes)
        settings = type(plan.settings).model_validate(settings.model_dump())
    except Exception as exc:  # pydantic ValidationError: say which setting in Chinese
        raise RevisionError(f"设置无法修改：{exc}") from None
    return draft_plan(evaluation, settings, retrieve, schools_frame)
