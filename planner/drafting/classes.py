"""班额 as a planner works it out: per school and 学段, the classes the pupils need at the standard's
limit, the extra classes (each a 普通教室 and its teachers) and the autumn term from which every class
is within the limit.

A school whose average class is within the limit but whose largest class is not regroups inside its
present classes (调整分班) from the first autumn term; one whose average is over the limit needs
``ceil(pupils / limit) − classes`` more classes. A 九年一贯制 school reports one 最大班额 for both
学段: a value above the 小学 limit but within the 初中 one cannot say which part holds the class, so
it is marked for checking (须核实), never passed silently. Teachers for the extra classes follow the
school's own 班师比 (its 专任教师 per class in that 学段), rounded up to whole posts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from metrics import Evaluation
from metrics.split import SUBTOTAL_TYPES

__all__ = ["ClassNeed", "class_needs", "natural_graduation"]

_EPS = 1e-9
_YEARS = {"primary": 6, "junior": 3}
"""Years a 学段 lasts: a class enrolled before the plan leaves it this many years after its intake."""


@dataclass(frozen=True)
class ClassNeed:
    """One school-stage over the class-size limit and what brings it within."""

    school: str
    stage: str
    students: int
    classes: int
    limit: int
    largest: float | None
    """The school's 最大班额 as uploaded (one figure for a 九年一贯制 school's two 学段)."""
    teachers: float
    """The stage's 专任教师 as uploaded (the 班师比 the extra classes are staffed at)."""
    combined: bool
    public: bool
    township: str
    rows: tuple[int, ...]
    uncertain: bool = False
    """A 九年一贯制 school whose 最大班额 is over this 学段's limit but within the other's."""

    @property
    def needed(self) -> int:
        """Classes the pupils need at the limit: ceil(pupils / limit)."""
        return math.ceil(self.students / self.limit - _EPS)

    @property
    def extra(self) -> int:
        return max(0, self.needed - self.classes)

    @property
    def average(self) -> float:
        return self.students / self.classes

    @property
    def per_class(self) -> float:
        """专任教师 per class (the school's 班师比)."""
        return self.teachers / self.classes if self.classes else 0.0

    @property
    def hires(self) -> int:
        """Teachers the extra classes need at the school's own 班师比, whole posts."""
        return math.ceil(self.extra * self.per_class - _EPS) if self.extra else 0


def class_needs(evaluation: Evaluation) -> list[ClassNeed]:
    """Every school-stage in scope whose classes exceed the standard's limit (by its average or its
    最大班额), in the evaluation's school order."""
    rules = evaluation.standard.guarantees.get("class_size")
    if not rules:
        return []
    table = evaluation.table
    out = []
    for s in evaluation.schools:
        row = table[(table["name"] == s.name) & (table["stage"] == s.stage)]
        if row.empty or s.stage not in rules:
            continue
        r = row.iloc[0]
        classes = int(r["classes"]) if "classes" in r and r["classes"] == r["classes"] else 0
        if classes <= 0 or s.students <= 0:
            continue
        limit = int(rules[s.stage])
        largest = (
            float(r["max_class_size"])
            if "max_class_size" in r and r["max_class_size"] == r["max_class_size"]
            else None
        )
        combined = s.school_type in SUBTOTAL_TYPES
        over_average = s.students > limit * classes + _EPS
        over_largest = largest is not None and largest > limit + _EPS
        uncertain = False
        if combined and over_largest and not over_average:
            others = [int(v) for k, v in rules.items() if k != s.stage and k in ("primary", "junior")]
            uncertain = any(largest <= o + _EPS for o in others)
        if not (over_average or over_largest):
            continue
        teachers = float(r["teachers"]) if "teachers" in r and r["teachers"] == r["teachers"] else 0.0
        out.append(
            ClassNeed(
                school=s.name,
                stage=s.stage,
                students=int(s.students),
                classes=classes,
                limit=limit,
                largest=largest,
                teachers=teachers,
                combined=combined,
                public=s.ownership != "民办",
                township=s.township,
                rows=tuple(s.rows),
                uncertain=uncertain,
            )
        )
    return out


def natural_graduation(stage: str, start_year: int) -> int:
    """The summer the last class enrolled before the plan's first autumn term leaves the 学段 (when
    over-size classes are left to graduate out rather than regrouped).

    >>> natural_graduation("primary", 2027)   # enrolled autumn 2026, six years: leaves in 2032
    2032
    >>> natural_graduation("junior", 2027)    # enrolled autumn 2026, three years: leaves in 2029
    2029
    """
    return start_year - 1 + _YEARS[stage]
