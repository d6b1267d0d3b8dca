"""What-if: planned additions per school and field, applied to the school rows before re-evaluation.

Gaps are found per school-stage after 拆分, but a plan builds at a school: ``additions_to_close``
turns stage gaps back into additions to the uploaded columns (a combined school's facility gap is
divided by that stage's share), so that re-evaluating with them closes the gaps. A combined school's
need is the largest of its parts' unrounded needs, rounded up once for the school: never a sum or a
maximum of parts already rounded to whole rooms.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from metrics.columns import BY_KEY
from metrics.evaluate import evaluate
from metrics.result import Evaluation
from metrics.split import SUBTOTAL_TYPES, TEACHER_KEYS
from metrics.standards import Standard

__all__ = ["Addition", "WhatIfError", "additions_to_close", "apply_additions", "transfer", "what_if"]


class WhatIfError(ValueError):
    """An addition that names an unknown school or column; the message is Chinese."""


@dataclass(frozen=True)
class Addition:
    """Add ``amount`` (in the column's unit: ㎡, 万元, 人, 间 …) to ``field`` of ``school``.

    ``stage`` says which part of a 九年/十二年一贯制 school gains teachers ('junior' also raises the
    初中部 column); it is ignored for facilities, which 拆分 shares between the stages.
    """

    school: str
    field: str
    amount: float
    stage: str | None = None


def apply_additions(schools: pd.DataFrame, additions: Iterable[Addition]) -> pd.DataFrame:
    """A copy of the school rows with the additions applied; the input is not changed."""
    out = schools.copy()
    index_of = {name: idx for idx, name in zip(out.index, out["name"], strict=True)}
    for add in additions:
        if add.school not in index_of:
            raise WhatIfError(f"找不到学校「{add.school}」，无法模拟增加{_label(add.field)}。")
        if add.field not in BY_KEY or not BY_KEY[add.field].numeric:
            raise WhatIfError(f"「{add.field}」不是可以增加的数据列。")
        idx = index_of[add.school]
        fields = [add.field]
        if (
            add.stage == "junior"
            and add.field in TEACHER_KEYS
            and out.at[idx, "school_type"] in SUBTOTAL_TYPES
        ):
            fields.append(f"junior_{add.field}")
        for field in fields:
            if field not in out:
                out[field] = 0.0
            current = out.at[idx, field]
            out.at[idx, field] = (0.0 if pd.isna(current) else float(current)) + float(add.amount)
    return out


def _label(field: str) -> str:
    return BY_KEY[field].header if field in BY_KEY else field


def additions_to_close(evaluation: Evaluation, which: str = "unmet") -> list[Addition]:
    """The additions that close the gaps: every unmet indicator (``"unmet"``) or only each school's
    smallest passing set (``"fixes"``). Amounts are rounded up to whole units where the column counts
    things (人, 间, 台, 册)."""
    if which not in ("unmet", "fixes"):
        raise ValueError(which)
    table = evaluation.table
    standard = evaluation.standard
    needed: dict[tuple[str, str, str | None], float] = {}
    for i, school in enumerate(evaluation.schools):
        keys = school.unmet if which == "unmet" else school.fixes
        share = float(table["share"].iat[i])
        for key in keys:
            gap = school.gaps[key]
            ind = standard.indicator(key)
            field = ind.add_to
            if field in standard.split_columns:
                # the school's own need, unrounded: a part's gap before it is rounded to whole rooms
                # (T − value) · P / scale, scaled back by the part's share; rounded once, below
                amount, stage = (gap.threshold - gap.value) * school.students / ind.scale / share, None
            else:
                amount, stage = gap.shortfall, school.stage
                if school.school_type not in SUBTOTAL_TYPES:
                    stage = None
            slot = (school.name, field, stage)
            needed[slot] = max(needed.get(slot, 0.0), amount)
    out = []
    for (name, field, stage), amount in needed.items():
        if BY_KEY[field].integer:
            amount = math.ceil(amount - 1e-9)
        if amount > 0:
            out.append(Addition(name, field, amount, stage))
    return out


def what_if(schools: pd.DataFrame, standard: Standard, additions: Iterable[Addition]) -> Evaluation:
    """Re-evaluate the school rows with the planned additions applied."""
    return evaluate(apply_additions(schools, additions), standard)


def transfer(
    schools: pd.DataFrame,
    standard: Standard,
    source: str,
    target: str,
    field: str,
    amount: float,
    stage: str | None = None,
) -> Evaluation:
    """Re-evaluate after moving ``amount`` of ``field`` (teachers 交流轮岗, equipment 调拨) from one
    school to another; the source must hold that much (of its ``stage`` part for a combined school)."""
    if source == target:
        raise WhatIfError("调出和调入的是同一所学校。")
    names = set(schools["name"])
    for name in (source, target):
        if name not in names:
            raise WhatIfError(f"找不到学校「{name}」，无法模拟调动。")
    row = schools[schools["name"] == source].iloc[0]
    column = field
    if stage == "junior" and field in TEACHER_KEYS and row["school_type"] in SUBTOTAL_TYPES:
        column = f"junior_{field}"
    held = row.get(column)
    held = 0.0 if held is None or pd.isna(held) else float(held)
    if amount > held + 1e-9:
        raise WhatIfError(f"「{source}」只有{_label(field)}{held:g}，调不出{amount:g}。")
    return what_if(
        schools,
        standard,
        [Addition(source, field, -amount, stage), Addition(target, field, amount, stage)],
    )
