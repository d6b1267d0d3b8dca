"""Pure revision operations on a Plan (each returns a new Plan; the caller keeps the version history).

Paragraphs typed by the user are marked ``origin="user"``: their figures are not traced to facts.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pandas as pd

from metrics import Evaluation
from planner.draft import Paragraph, Plan, Retriever, _Draft, draft_plan, draft_section

__all__ = [
    "RevisionError",
    "add_paragraph",
    "change_settings",
    "delete_task",
    "regenerate_section",
    "replace_section",
]


class RevisionError(ValueError):
    """A revision that cannot be applied; the message is Chinese."""


def _copy(plan: Plan) -> Plan:
    return replace(plan, sections=copy.deepcopy(plan.sections))


def _section_index(plan: Plan, key: str) -> int:
    for i, s in enumerate(plan.sections):
        if s.key == key or (s.title and s.title == key):
            return i
    known = "、".join(s.title for s in plan.sections if s.title)
    raise RevisionError(f"方案中没有「{key}」这一节。可修改的节：{known}")


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
        raise RevisionError(f"「{sec.title or section}」共有{len(tasks)}项任务，没有第{n}项。")
    del sec.paragraphs[tasks[n - 1]]
    return new


def regenerate_section(
    plan: Plan,
    section: str,
    evaluation: Evaluation,
    retrieve: Retriever | None = None,
    schools_frame: pd.DataFrame | None = None,
) -> Plan:
    """Draft one section again from the facts (undoing edits to it); other sections are kept."""
    new = _copy(plan)
    i = _section_index(new, section)
    key = new.sections[i].key
    dr = _Draft(evaluation, plan.settings, retrieve, schools_frame)
    spec = next((s for s in dr.tpl.sections if s["key"] == key), None)
    if spec is None:
        parent = key.rsplit(".", 1)[0]
        spec = next((s for s in dr.tpl.sections if s["key"] == parent), None)
        if spec is None:
            raise RevisionError(f"「{new.sections[i].title}」不是模板中的一节，无法重新生成。")
    drafted = {s.key: s for s in draft_section(dr, spec, plan.annexes)}
    new.sections[i] = drafted[key]
    return new


def change_settings(
    plan: Plan,
    evaluation: Evaluation,
    retrieve: Retriever | None = None,
    schools_frame: pd.DataFrame | None = None,
    **changes,
) -> Plan:
    """Redraft the whole plan with changed settings (e.g. ``start_year=2027``); edits are not carried over."""
    try:
        settings = plan.settings.model_copy(update=changes)
        settings = type(plan.settings).model_validate(settings.model_dump())
    except Exception as exc:  # pydantic ValidationError: say which setting in Chinese
        raise RevisionError(f"设置无法修改：{exc}") from None
    return draft_plan(evaluation, settings, retrieve, schools_frame)
