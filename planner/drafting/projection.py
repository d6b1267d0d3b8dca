"""A year's end as the plan projects it: the evaluation re-run (``metrics.what_if``) with every
project that has shown its result by then, and the transfers made."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from metrics import Addition, Evaluation, what_if

__all__ = ["Projection", "project", "projection_of"]


@dataclass(frozen=True)
class Projection:
    """What a year's end looks like: CVs, the schools still failing, and the lifted values."""

    cv: dict[str, dict[str, float | None]]
    cv_failed: dict[str, tuple[str, ...]]
    failing_schools: int
    passed: bool
    composite_failed: dict[str, float | None] = field(default_factory=dict)
    """Under the composite rule, the stages whose composite CV is over the limit, with its value."""
    failing: tuple[str, ...] = ()
    """The names of the schools still failing."""
    values: dict[tuple[str, str, str], float] = field(default_factory=dict)
    """(school, stage, indicator) → value, for every school-stage in scope."""
    composite: dict[str, float | None] = field(default_factory=dict)


def projection_of(evaluation: Evaluation) -> Projection:
    """The figures of one evaluation as a Projection."""
    cv = {s: dict(st.cv) for s, st in evaluation.stages.items()}
    failed = {
        s: st.cv_failed if st.cv_rule == "each" or not st.passed else ()
        for s, st in evaluation.stages.items()
    }
    failing = tuple(dict.fromkeys(s.name for s in evaluation.schools if s.passed is False))
    passed = not failing and all(st.passed is not False for st in evaluation.stages.values())
    composite_failed = {s: st.composite_cv for s, st in evaluation.stages.items() if st.passed is False}
    values = {(s.name, s.stage, k): v for s in evaluation.schools for k, v in s.indicators.items()}
    composite = {s: st.composite_cv for s, st in evaluation.stages.items()}
    return Projection(cv, failed, len(failing), passed, composite_failed, failing, values, composite)


def project(frame: pd.DataFrame, evaluation: Evaluation, additions: Iterable[Addition]) -> Projection:
    """The projection with ``additions`` applied to the school rows ``frame``."""
    return projection_of(what_if(frame, evaluation.standard, list(additions)))
