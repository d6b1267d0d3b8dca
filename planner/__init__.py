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

from __future__ import annotations

from typing import TYPE_CHECKING

import lazy_loader

if TYPE_CHECKING:
    from planner.drafting.draft import Retriever

# Submodules load on first use: the page's first screen must not wait for the drafting, export and
# chat modules (and scipy, jieba, pypinyin behind them).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "drafting.draft": ["Retriever", "draft_plan"],
        "drafting.evaluation_facts": ["build_facts"],
        "drafting.facts": ["Fact", "FactSheet"],
        "drafting.revise": [
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
        ],
        "drafting.schedule": ["Schedule", "build_schedule"],
        "drafting.templates": ["MissingVariables", "TemplateError", "available_templates", "load_template"],
        "export.docx": ["export_docx"],
        "export.docx_check": ["check_docx", "docx_outline", "docx_text"],
        "export.markdown": ["export_markdown"],
        "export.workbook": ["export_workbook", "workbook_bytes"],
        "model": ["AnnexTable", "Paragraph", "Plan", "Section"],
        "settings": ["PlanSettings", "UnitCosts"],
    },
)
__all__ += ["retriever_from_index"]


def retriever_from_index(index, k: int = 5) -> Retriever:
    """Adapt a knowledge index (``index.search(query, k=...)``) to the drafting's ``query -> passages``."""

    def retrieve(query: str) -> list:
        result = index.search(query, k=k)
        return list(result.results) if result.answerable else []

    return retrieve
