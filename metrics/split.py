"""Scope and 拆分: school rows in, one row per school-stage out (rules.md §3).

A combined school's facilities are divided between its stages by student-equivalents (九年一贯制
1 : 1.1, 完全中学 初中 : 高中 = 1 : 1.2, 十二年一贯制 1 : 1.1 : 1.32); teachers are not split but read
per stage from the 初中部 columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.columns import SCHOOL_TYPES
from metrics.standards import Standard

__all__ = ["TEACHER_KEYS", "STUDENT_KEYS", "split_shares", "apply_scope", "split_stages"]

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
    shares = np.ones(len(schools))
    types = schools["school_type"].to_numpy()
    for school_type, ws in weights.items():
        mask = types == school_type
        if not mask.any() or stage not in ws:
            continue
        equivalents = {s: w * _students(schools.loc[mask], s) for s, w in ws.items()}
        total = sum(equivalents.values())
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, equivalents[stage] / total, 0.0)
        shares[mask] = share
    return shares


def _students(frame: pd.DataFrame, stage: str) -> np.ndarray:
    key = STUDENT_KEYS[stage]
    if key not in frame:
        return np.zeros(len(frame))
    return frame[key].fillna(0).to_numpy(dtype=float)


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
    kept = schools.drop(index=list(reasons))
    return kept, sorted(reasons.items())


def split_stages(schools: pd.DataFrame, standard: Standard) -> pd.DataFrame:
    """One row per school-stage: students, classes, split facilities, per-stage teachers.

    Columns: the text keys, ``stage``, ``students``, ``classes``, ``share``, ``row``, ``school_index``
    (the input row label) and every numeric upload column used by the standard's indicators.
    """
    parts = []
    for stage in ("primary", "junior"):
        has_stage = schools["school_type"].map(lambda t: stage in SCHOOL_TYPES.get(t, ())).to_numpy(bool)
        students = _students(schools, stage)
        mask = has_stage & (students > 0)
        if not mask.any():
            continue
        sub = schools.loc[mask]
        share = split_shares(schools, standard.split_weights, stage)[mask]
        part = pd.DataFrame({k: sub[k].to_numpy() for k in TEXT_KEYS if k in sub})
        part["stage"] = stage
        part["students"] = students[mask]
        part["classes"] = sub[CLASS_KEYS[stage]].to_numpy(float) if CLASS_KEYS[stage] in sub else np.nan
        part["share"] = share
        part["row"] = sub["row"].to_numpy() if "row" in sub else np.arange(len(sub)) + 2
        part["school_index"] = sub.index.to_numpy()
        for col in standard.split_columns:
            part[col] = sub[col].fillna(0).to_numpy(float) * share if col in sub else 0.0
        for key in TEACHER_KEYS:
            part[key] = _stage_teachers(sub, key, stage)
        for key in ("max_class_size", "music_rooms", "art_rooms"):
            part[key] = sub[key].to_numpy(float) if key in sub else np.nan
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=[*TEXT_KEYS, "stage", "students", "share", "row"])
    return pd.concat(parts, ignore_index=True)


def _stage_teachers(sub: pd.DataFrame, key: str, stage: str) -> np.ndarray:
    total = sub[key].fillna(0).to_numpy(float) if key in sub else np.zeros(len(sub))
    junior_key = f"junior_{key}"
    junior = sub[junior_key].fillna(0).to_numpy(float) if junior_key in sub else np.zeros(len(sub))
    combined = sub["school_type"].isin(SUBTOTAL_TYPES).to_numpy()
    if stage == "junior":
        return np.where(combined, junior, total)
    return np.where(combined, total - junior, total)
