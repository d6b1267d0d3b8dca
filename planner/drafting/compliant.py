"""Words and milestones for a plan whose county already meets every resource indicator (巩固提升 and
申报, not a three-year build-up), and for a county without 乡村 schools (交流 goes to new and
relatively weak schools, not to village schools it does not have)."""

from __future__ import annotations

from metrics import Evaluation
from planner.drafting.schedule import Schedule

__all__ = ["compliant", "plan_words"]

_RURAL = "乡村"


def compliant(schedule: Schedule) -> bool:
    """Every school and CV meets the standard today and no public construction is planned."""
    return schedule.baseline.passed and not any(p.public and p.fund == "construction" for p in schedule.need)


def plan_words(evaluation: Evaluation, schedule: Schedule, words: dict[str, str]) -> dict[str, str]:
    """The template variables that depend on the county's shape: ``focus`` (指导思想's 着力点), the
    third 基本原则 (``principle_lead``, ``principle_text``: 分步实施 or 巩固成果),
    ``receivers`` and ``receivers_short`` (where 交流轮岗 teachers go)."""
    table = evaluation.table
    rural = "urban_rural" not in table or (table["urban_rural"] == _RURAL).any()
    key = "rural" if rural else "urban"
    state = "kept" if compliant(schedule) else "build"
    chosen = {
        "focus": f"focus_{state}",
        "principle_lead": f"principle_lead_{state}",
        "principle_text": f"principle_text_{state}",
        "receivers": f"receivers_{key}",
        "receivers_short": f"receivers_short_{key}",
    }
    return {name: words[phrase] for name, phrase in chosen.items() if phrase in words}
