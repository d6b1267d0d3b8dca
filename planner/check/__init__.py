"""The plan checker: ``python -m planner check PLAN.docx|PLAN.json``.

Exit code 0: the plan passes; 1: problems (one Chinese line each); 2: the file cannot be read.

problems = check_plan(plan)          # a drafted Plan
problems = check_file("方案.docx")    # or the JSON from ``python -m planner draft --json``
"""

from __future__ import annotations

from pathlib import Path

from planner.check.checker import check_doc
from planner.check.document import CheckError, PlanDoc, from_plan, load_doc
from planner.model import Plan

__all__ = ["CheckError", "PlanDoc", "check_doc", "check_file", "check_plan"]


def check_plan(plan: Plan, against: Plan | None = None) -> list[str]:
    """Every invariant a drafted plan (or document) breaks, in Chinese; [] when it passes. With
    ``against`` (the 实施方案 a document quotes), its deadlines must be the plan's."""
    return check_doc(from_plan(plan), from_plan(against) if against is not None else None)


def check_file(path: str | Path, against: str | Path | None = None) -> list[str]:
    """The same checks on a saved plan or document (.json with facts, or an exported .docx)."""
    return check_doc(load_doc(path), load_doc(against) if against is not None else None)
