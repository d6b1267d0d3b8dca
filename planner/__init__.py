"""Drafting: facts + template + retrieved passages → implementation plan; revision; export.

Public API::

    settings = PlanSettings(region="城关镇", level="town", start_year=2026)
    plan = draft_plan(evaluation, settings, retrieve=None, schools_frame=loaded.frame)
    plan = delete_task(plan, "tasks.building", 2)          # revisions return a new Plan
    export_docx(plan, "方案.docx"); text = export_markdown(plan)
    export_workbook(evaluation, loaded.frame, standard, "审计.xlsx")  # every figure a live formula
    assert check_docx("方案.docx") == []                    # 公文 format problems, in Chinese

``retrieve`` is any callable ``query -> passages`` (objects or dicts with title, doc_no, section,
source); ``retriever_from_index(index)`` adapts ``knowledge.open_index()``.
"""

from planner.drafting.draft import Retriever, draft_plan
from planner.drafting.evaluation_facts import build_facts
from planner.drafting.facts import Fact, FactSheet
from planner.drafting.revise import (
    RevisionError,
    add_paragraph,
    add_topic,
    change_settings,
    delete_item,
    delete_task,
    edit_group,
    regenerate_section,
    replace_section,
    section_group,
)
from planner.drafting.schedule import Schedule, build_schedule
from planner.drafting.templates import MissingVariables, TemplateError, available_templates, load_template
from planner.export.docx import export_docx
from planner.export.docx_check import check_docx, docx_outline, docx_text
from planner.export.markdown import export_markdown
from planner.export.workbook import export_workbook, workbook_bytes
from planner.model import AnnexTable, Paragraph, Plan, Section
from planner.settings import PlanSettings, UnitCosts

__all__ = [
    "AnnexTable",
    "Fact",
    "FactSheet",
    "MissingVariables",
    "Paragraph",
    "Plan",
    "PlanSettings",
    "Retriever",
    "RevisionError",
    "Schedule",
    "Section",
    "TemplateError",
    "UnitCosts",
    "add_paragraph",
    "add_topic",
    "available_templates",
    "build_facts",
    "build_schedule",
    "change_settings",
    "check_docx",
    "delete_item",
    "delete_task",
    "docx_outline",
    "docx_text",
    "draft_plan",
    "edit_group",
    "export_docx",
    "export_markdown",
    "export_workbook",
    "load_template",
    "regenerate_section",
    "replace_section",
    "retriever_from_index",
    "section_group",
    "workbook_bytes",
]


def retriever_from_index(index, k: int = 5) -> Retriever:
    """Adapt a knowledge index (``index.search(query, k=...)``) to the drafting's ``query -> passages``."""

    def retrieve(query: str) -> list:
        result = index.search(query, k=k)
        return list(result.results) if result.answerable else []

    return retrieve
