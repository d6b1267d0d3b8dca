"""The cycle's other documents (自评报告, 工作总结, 迎评工作方案, 经验交流材料), drafted from the same
facts by the plan's core, exported by the same 公文 writer and checked by the same checker."""

from planner.documents.api import KIND_WORDS, draft_document, kind_of, part_key, regenerate_part
from planner.documents.core import DocumentInputs, MissingInputs, YearData
from planner.documents.forms import AssessmentForm, Record
from planner.documents.templates import KINDS

__all__ = [
    "KINDS",
    "KIND_WORDS",
    "AssessmentForm",
    "DocumentInputs",
    "MissingInputs",
    "Record",
    "YearData",
    "draft_document",
    "kind_of",
    "part_key",
    "regenerate_part",
]
