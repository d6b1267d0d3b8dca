"""What the sheets share: their names, the parameter names formulas read, row bookkeeping."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from metrics import STAGE_NAMES
from metrics.columns import BY_KEY
from planner.export.workbook.guarantees import GUARANTEES, GuaranteeParams

NOTES, INPUT, PARAMS, SCOPE, SCHOOLS, CV = "说明", "学校数据", "标准参数", "评估范围", "指标计算", "差异系数"
SHEETS = (NOTES, INPUT, PARAMS, SCOPE, SCHOOLS, CV, GUARANTEES)
"""In order; 政府保障 only when the standard has items computable from school rows."""

TOLERANCE = 1e-9
"""The engine's comparison tolerance (metrics.gaps): 42/1000×100 may land a hair below 4.2."""

MET, UNMET, OUT = "达标", "未达标", "不参评"
STAGE_LABEL_EXTRA = {"senior": "高中"}


@dataclass
class Params:
    """What formulas write to read each 标准参数 value: its defined name (or absolute reference)."""

    scale: dict[str, str] = field(default_factory=dict)
    threshold: dict[tuple[str, str], str] = field(default_factory=dict)
    cv_limit: dict[str, str] = field(default_factory=dict)
    min_met: str = ""
    min_ratio: str = ""
    exclude_private: str = ""
    floor: str = ""
    exclude_types: str = ""
    school_types: str = ""
    weight: dict[tuple[str, str], str] = field(default_factory=dict)
    tolerance: str = ""
    guarantees: GuaranteeParams = field(default_factory=GuaranteeParams)


@dataclass(frozen=True)
class StageRow:
    """One 指标计算 row: an input school (its 学校数据 / 评估范围 row) in one 学段."""

    stage: str
    input_row: int
    school_type: str
    source_row: int


@dataclass(frozen=True)
class Block:
    """The 指标计算 rows of one stage and where the CV sheet finds its columns."""

    stage: str
    first: int
    last: int
    in_scope_col: int
    weight_col: int
    indicator_cols: dict[str, int]
    verdict_col: int | None


def header(column_key: str, note: str = "") -> str:
    """``教学及辅助用房面积（㎡）``, or with a note: ``（㎡，拆分后）``."""
    col = BY_KEY[column_key]
    inside = "，".join(part for part in (col.unit, note) if part)
    return f"{col.header}（{inside}）" if inside else col.header


def source_rows(frame: pd.DataFrame) -> list[int]:
    """The upload's Excel row of each school (the loader's ``row``), or 2, 3, … without one."""
    if "row" in frame:
        return [int(v) for v in frame["row"]]
    return list(range(2, len(frame) + 2))


def to_float(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def stage_name(stage: str) -> str:
    return STAGE_NAMES.get(stage) or STAGE_LABEL_EXTRA[stage]


def column_range(col: int, block: Block) -> str:
    letter = get_column_letter(col)
    return f"'{SCHOOLS}'!${letter}${block.first}:${letter}${block.last}"
