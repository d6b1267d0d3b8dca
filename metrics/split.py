"""Scope and 拆分: school rows in, one row per school-stage out (rules.md §3).

A combined school's facilities are divided between its stages by student-equivalents (九年一贯制
1 : 1.1, 完全中学 初中 : 高中 = 1 : 1.2, 十二年一贯制 1 : 1.1 : 1.32); teachers are not split but read
per stage from the 初中部 columns.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from metrics.columns import SCHOOL_TYPES
from metrics.standards import Standard

__all__ = ["STUDENT_KEYS", "TEACHER_KEYS", "apply_scope", "split_shares", "split_stages"]

TEACHER_KEYS = (
    "teachers",
    "teachers_above_degree",
    "teachers_mid_title",
    "backbone_teachers",
    "pe_art_teachers",
)
STUDENT_KEYS = {"primary": "primary_students", "junior": "junior_students", "senior": "senior_students"}
CLASS_KEYS = {"primary": "primary_classes", "junior": "junior_classes"}
SUBTOTAL_TYPES = ("九年一贯制学校", "十二年一贯制学校")  # teacher totals cover both stages
STAGE_CODES = ["primary", "junior"]
TEXT_KEYS = ("name", "school_type", "ownership", "township", "urban_rural")


def split_shares(schools: pd.DataFrame, weights: dict[str, dict[str, float]], stage: str) -> np.ndarray:
    """Each school's share of its facilities that belongs to ``stage``.

    share = w_stage·P_stage / Σ_t w_t·P_t over the stages the school type is split into; 1 for a
    school type with no split weights.

    >>> df = pd.DataFrame({"school_type": ["九年一贯制学校", "小学"], "primary_students": [166, 300],
    ...                    "junior_students": [210, 0], "senior_students": [0, 0]})
    >>> w = {"九年一贯制学校": {"primary": 1.0, "junior": 1.1}}
    >>> split_shares(df, w, "primary").round(4).tolist()   # 166 / (166 + 1.1·210) = 166 / 397
    [0.4181, 1.0]
    """
    students = {s: _students(schools, s) for s in STUDENT_KEYS}
    return _shares(_type_masks(schools, weights), students, weights, stage)


def _type_masks(schools: pd.DataFrame, types: Iterable[str]) -> dict[str, np.ndarray]:
    """Boolean row masks per school type, compared in one pass each (arrow strings stay unconverted)."""
    column = schools["school_type"]
    return {t: (column == t).to_numpy(dtype=bool, na_value=False) for t in types}


def _shares(
    type_masks: dict[str, np.ndarray],
    students: dict[str, np.ndarray],
    weights: dict[str, dict[str, float]],
    stage: str,
) -> np.ndarray:
    shares = np.ones(len(students[stage]))
    for school_type, ws in weights.items():
        mask = type_masks[school_type]
        if stage not in ws or not mask.any():
            continue
        total = sum(w * students[s][mask] for s, w in ws.items())
        with np.errstate(divide="ignore", invalid="ignore"):
            shares[mask] = np.where(total > 0, ws[stage] * students[stage][mask] / total, 0.0)
    return shares


def _students(frame: pd.DataFrame, stage: str) -> np.ndarray:
    key = STUDENT_KEYS[stage]
    if key not in frame:
        return np.zeros(len(frame))
    return np.nan_to_num(frame[key].to_numpy(dtype=float, na_value=np.nan))


def apply_scope(schools: pd.DataFrame, standard: Standard) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
    """Drop the schools the standard leaves out; return (kept rows, [(row index, reason)])."""
    reasons: dict[int, str] = {}
    types = schools["school_type"]
    total = _students(schools, "primary") + _students(schools, "junior")
    for idx in schools.index[types.isin(standard.exclude_types)]:
        reasons[idx] = f"{types[idx]}不纳入评估范围"
    if standard.exclude_private:
        for idx in schools.index[schools["ownership"] == "民办"]:
            reasons.setdefault(idx, "民办学校不纳入本标准的评估范围")
    floor = standard.teaching_point_min_students
    if floor is not None:
        small = (types == "教学点").to_numpy() & (total < floor)
        for idx in schools.index[small]:
            reasons.setdefault(idx, f"在校生不足{floor}人的教学点不参评")
    unknown = ~types.isin(list(SCHOOL_TYPES))
    for idx in schools.index[unknown]:
        reasons.setdefault(idx, f"办学类型「{types[idx]}」不属于义务教育学校")
    kept = schools.drop(index=list(reasons)) if reasons else schools
    return kept, sorted(reasons.items())


def split_stages(schools: pd.DataFrame, standard: Standard) -> pd.DataFrame:
    """One row per school-stage: students, classes, split facilities, per-stage teachers.

    Columns: the text keys, ``stage``, ``students``, ``classes``, ``share``, ``row``, ``school_index``
    (the input row label) and every numeric upload column used by the standard's indicators.
    Works on numpy arrays and builds the frame once (province scale: 20,000 schools).
    """
    type_masks = _type_masks(schools, set(SCHOOL_TYPES) | set(standard.split_weights))
    text_keys = [k for k in TEXT_KEYS if k in schools]
    positions: list[np.ndarray] = []
    rows = schools["row"].to_numpy() if "row" in schools else np.arange(len(schools)) + 2
    numeric = {
        k: _column(schools, k)
        for k in (
            *standard.split_columns,
            *TEACHER_KEYS,
            *(f"junior_{k}" for k in TEACHER_KEYS),
            "max_class_size",
            "music_rooms",
            "art_rooms",
            *CLASS_KEYS.values(),
        )
    }
    combined = np.logical_or.reduce([type_masks[t] for t in SUBTOTAL_TYPES])
    all_students = {s: _students(schools, s) for s in STUDENT_KEYS}
    columns: dict[str, list[np.ndarray]] = {}
    for stage in ("primary", "junior"):
        carriers = [m for t, m in type_masks.items() if stage in SCHOOL_TYPES.get(t, ())]
        has_stage = np.logical_or.reduce(carriers)
        students = all_students[stage]
        mask = has_stage & (students > 0)
        if not mask.any():
            continue
        share = _shares(type_masks, all_students, standard.split_weights, stage)[mask]
        positions.append(np.flatnonzero(mask))
        part: dict[str, np.ndarray] = {}
        part["stage"] = np.full(int(mask.sum()), STAGE_CODES.index(stage), dtype=np.int8)
        part["students"] = students[mask]
        part["classes"] = numeric[CLASS_KEYS[stage]][mask]
        part["share"] = share
        part["row"] = rows[mask]
        part["school_index"] = schools.index.to_numpy()[mask]
        for col in standard.split_columns:
            part[col] = np.nan_to_num(numeric[col][mask]) * share
        for key in TEACHER_KEYS:
            total = np.nan_to_num(numeric[key][mask])
            junior = np.nan_to_num(numeric[f"junior_{key}"][mask])
            is_combined = combined[mask]
            part[key] = (
                np.where(is_combined, junior, total)
                if stage == "junior"
                else np.where(is_combined, total - junior, total)
            )
        for key in ("max_class_size", "music_rooms", "art_rooms"):
            part[key] = numeric[key][mask]
        for key, value in part.items():
            columns.setdefault(key, []).append(value)
    if not columns:
        return pd.DataFrame(columns=[*TEXT_KEYS, "stage", "students", "share", "row"])
    # Text columns are taken in one vectorised step (arrow strings are slow to convert one by one).
    text = schools[text_keys].take(np.concatenate(positions)).reset_index(drop=True)
    numbers = pd.DataFrame({k: np.concatenate(v) for k, v in columns.items()})
    numbers["stage"] = pd.Categorical.from_codes(numbers["stage"].to_numpy(), STAGE_CODES)
    return pd.concat([text, numbers], axis=1)


def _column(frame: pd.DataFrame, key: str) -> np.ndarray:
    return frame[key].to_numpy(dtype=float, na_value=np.nan) if key in frame else np.full(len(frame), np.nan)
