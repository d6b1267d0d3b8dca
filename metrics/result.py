"""What an evaluation returns: per stage, per school-stage, exclusions and warnings.

Per stage and per school the results are plain frozen dataclasses, readable without pandas; an
``Evaluation`` holds the vectorised ``table`` and builds its per-school objects on first use.
``Evaluation.to_json()`` gives the command line's JSON contract.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from metrics.standards import Standard

__all__ = ["Evaluation", "Excluded", "Gap", "GuaranteeCheck", "SchoolResult", "StageResult"]

STAGE_NAMES = {"primary": "小学", "junior": "初中"}


@dataclass(frozen=True)
class Gap:
    """A school's shortfall on one indicator.

    ``shortfall`` is what must be added in ``unit`` (㎡, 万元, whole 人 or 间) to reach ``threshold``;
    ``ratio`` is value / threshold (the 85 % rule reads it).
    """

    indicator: str
    value: float
    threshold: float
    shortfall: float
    unit: str
    ratio: float


@dataclass(frozen=True)
class SchoolResult:
    """One school in one stage (a combined school appears once per stage, same name)."""

    name: str
    stage: str
    students: int
    school_type: str
    ownership: str
    township: str
    rows: tuple[int, ...]
    indicators: dict[str, float]
    thresholds: dict[str, float]
    unmet: tuple[str, ...]
    passed: bool | None
    gaps: dict[str, Gap]
    fixes: tuple[str, ...]
    """The smallest set of indicators whose gaps, once closed, make the school pass."""


@dataclass(frozen=True)
class StageResult:
    """One 学段's county-level figures."""

    stage: str
    schools: int
    students: int
    means: dict[str, float]
    """Enrolment-weighted mean per indicator (= county total resource / county students)."""
    cv: dict[str, float | None]
    """Per indicator; None when the weighted mean is 0 (no CV is defined)."""
    composite_cv: float | None
    cv_limit: float
    cv_rule: str
    """'each' (every CV ≤ limit) or 'composite' (the mean of the CVs ≤ limit)."""
    cv_failed: tuple[str, ...]
    passed: bool | None
    """None when the stage has no school in scope."""


@dataclass(frozen=True)
class Excluded:
    name: str
    reason: str
    row: int


@dataclass(frozen=True)
class GuaranteeCheck:
    """A computable 政府保障 item for one school (学校规模, 班额, 音美专用教室)."""

    name: str
    item: str
    value: float
    limit: float
    met: bool
    detail: str
    row: int


@dataclass
class Evaluation:
    """Everything is computed as arrays in ``table``; the per-school objects are built on first use."""

    standard: Standard
    stages: dict[str, StageResult]
    excluded: tuple[Excluded, ...]
    warnings: tuple[str, ...]
    table: pd.DataFrame = field(repr=False, compare=False)
    """One row per school-stage in scope after 拆分: inputs, students, indicator values, verdicts."""
    guarantee_table: pd.DataFrame = field(repr=False, compare=False, default_factory=pd.DataFrame)
    _build_schools: Callable[[], tuple[SchoolResult, ...]] = field(repr=False, compare=False, default=tuple)

    @cached_property
    def schools(self) -> tuple[SchoolResult, ...]:
        """Per school-stage results, in table order (primary first, then junior; file order within)."""
        return self._build_schools()

    @cached_property
    def guarantees(self) -> tuple[GuaranteeCheck, ...]:
        from metrics.guarantees import describe

        return tuple(
            GuaranteeCheck(
                name=str(r["name"]),
                item=str(r["item"]),
                value=float(r["value"]),
                limit=float(r["limit"]),
                met=bool(r["met"]),
                detail=describe(r["item"], r["value"], r["limit"]),
                row=int(r["row"]),
            )
            for r in self.guarantee_table.to_dict("records")
        )

    def school(self, name: str, stage: str | None = None) -> list[SchoolResult]:
        """The school-stage results for a school name (both stages of a combined school)."""
        return [s for s in self.schools if s.name == name and (stage is None or s.stage == stage)]

    def to_json(self) -> dict[str, Any]:
        """The command line's ``--json`` shape (a contract other tools read; keep it)."""
        stages = {
            key: {
                "schools": st.schools,
                "students": st.students,
                "cv": {k: _num(v) for k, v in st.cv.items()},
                "composite_cv": _num(st.composite_cv),
                "cv_limit": st.cv_limit,
                "passed": st.passed,
            }
            for key, st in self.stages.items()
        }
        schools = [
            {
                "name": s.name,
                "stage": s.stage,
                "students": s.students,
                "indicators": {k: _num(v) for k, v in s.indicators.items()},
                "unmet": list(s.unmet),
                "passed": s.passed,
                "gaps": {
                    k: {
                        "value": _num(g.value),
                        "threshold": g.threshold,
                        "shortfall": _num(g.shortfall),
                        "unit": g.unit,
                    }
                    for k, g in s.gaps.items()
                },
            }
            for s in self.schools
        ]
        return {
            "standard": self.standard.key,
            "stages": stages,
            "schools": schools,
            "excluded": [{"name": e.name, "reason": e.reason} for e in self.excluded],
            "warnings": list(self.warnings),
        }


def _num(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value
