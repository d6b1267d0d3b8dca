"""No work for a growth buffer alone: a project whose every indicator the school already meets on
the roll as uploaded is dropped (a post for ever, or a 20 ㎡ "project", to guard against a growth the
school may not have). The design margin still sizes the work a school needs anyway (its rooms are
built for the roll plus the margin); it never creates work of its own."""

from __future__ import annotations

from metrics import Evaluation
from planner.drafting.projects import Project

__all__ = ["buffer_only", "without_buffers"]

_EPS = 1e-9
_KEPT = {"cv"}
"""Work a CV needs stays, whatever the school's own values."""


def buffer_only(p: Project, reference: Evaluation) -> bool:
    """Whether every indicator ``p`` lifts is met today at its school (on the roll as uploaded)."""
    if p.purpose in _KEPT or not p.lifts or any(not lift.indicator for lift in p.lifts):
        return False
    for lift in p.lifts:
        school = next((s for s in reference.school(p.school, lift.stage)), None)
        if school is None:
            return False
        value = school.indicators.get(lift.indicator)
        if value is None or value != value or value < lift.target - _EPS:
            return False
    return True


def without_buffers(projects: list[Project], reference: Evaluation) -> list[Project]:
    """``projects`` less the buffer-only ones."""
    return [p for p in projects if not buffer_only(p, reference)]
