"""The public entry: ``draft_document(kind, inputs, settings) -> Plan`` for every kind, and the chat's
words for the kinds (data for the lead's chat hook)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from planner.documents import experience, inspection, self_report, work_summary  # noqa: F401  (each registers its generators)
from planner.documents.core import DocumentInputs, KindContext, draft_kind
from planner.documents.templates import KINDS
from planner.drafting.context import Retriever
from planner.drafting.revise import RevisionError, section_group
from planner.model import AnnexTable, Plan
from planner.settings import PlanSettings

__all__ = ["KIND_WORDS", "draft_document", "kind_of", "part_key", "regenerate_part"]

_ANNEXES: dict[str, Callable[[KindContext], list[AnnexTable]]] = {
    "self_report": self_report.self_report_annexes,
    "inspection_plan": inspection.inspection_annexes,
}

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "self_report": ("自评报告", "自评"),
    "work_summary": ("工作总结", "年度总结", "总结"),
    "inspection_plan": ("迎评工作方案", "迎评方案", "迎检方案", "迎评"),
    "experience": ("经验交流材料", "经验材料", "经验交流"),
}
"""What a user calls each kind in the chat ("生成自评报告")."""


def kind_of(text: str) -> str | None:
    """The kind a request names (the longest word wins), or None."""
    found = [(len(w), k) for k, words in KIND_WORDS.items() for w in words if w in text]
    return max(found)[1] if found else None


def draft_document(
    kind: str, inputs: DocumentInputs, settings: PlanSettings, retrieve: Retriever | None = None
) -> Plan:
    """Draft a document of ``kind`` (self_report, work_summary, inspection_plan, experience) from the
    workspace's inputs. Raises MissingInputs (Chinese message) when the kind needs an input that is
    absent, TemplateError for an unknown kind."""
    if kind not in KINDS:
        from planner.documents.templates import load_kind

        load_kind(kind)  # raises the Chinese message listing the kinds
    return draft_kind(kind, inputs, settings, retrieve, _ANNEXES.get(kind))


def part_key(doc: Plan, n: int) -> str:
    """The key of the document's ``n``-th numbered part (一、 = 1), for "把第二部分重写"."""
    parts = [s for s in doc.sections if s.level == 1]
    if not 1 <= n <= len(parts):
        raise RevisionError(f"文稿只有{len(parts)}个部分：{'、'.join(s.title for s in parts)}。")
    return parts[n - 1].key


def regenerate_part(
    doc: Plan,
    section: str,
    kind: str,
    inputs: DocumentInputs,
    settings: PlanSettings,
    retrieve: Retriever | None = None,
) -> Plan:
    """Draft one part (with its sub-sections) of a document again from the facts; the other parts
    keep their edits. ``section`` is a key or a title (as in revise.py)."""
    old = section_group(doc, section)
    fresh = draft_document(kind, inputs, settings, retrieve)
    new = [s for s in fresh.sections if s.key == old[0].key or s.key.startswith(old[0].key + ".")]
    if not new:
        raise RevisionError(f"“{old[0].title}”不是模板中的一部分，无法重新生成。")
    start = doc.sections.index(old[0])
    sections = [*doc.sections[:start], *new, *doc.sections[start + len(old) :]]
    return replace(doc, sections=sections, facts=doc.facts.merged(fresh.facts))
