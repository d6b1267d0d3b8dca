"""The 政府保障 items computable from school rows: 学校规模, 班额 and 音乐、美术专用教室.

Returns a frame with one row per school and item (columns as ``GuaranteeCheck``); items whose
columns are absent or empty are skipped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.split import SUBTOTAL_TYPES
from metrics.standards import Standard

__all__ = ["check_guarantees"]

_COLUMNS = ["name", "item", "value", "limit", "met", "detail", "row"]


def _col(schools: pd.DataFrame, key: str) -> np.ndarray:
    return schools[key].to_numpy(float) if key in schools else np.full(len(schools), np.nan)


def check_guarantees(schools: pd.DataFrame, standard: Standard) -> pd.DataFrame:
    """One row per school and computable item: value, limit, met and a Chinese detail line."""
    rules = standard.guarantees
    parts = []
    primary, junior = _col(schools, "primary_students"), _col(schools, "junior_students")
    students = np.nan_to_num(primary) + np.nan_to_num(junior)
    if size := rules.get("school_size"):
        combined = schools["school_type"].isin(SUBTOTAL_TYPES).to_numpy()
        limit = np.where(combined, size["combined"], size["single"])
        detail = [f"义务教育段在校生{v:.0f}人，上限{lim}人" for v, lim in zip(students, limit, strict=True)]
        parts.append(_part(schools, "学校规模", students, limit, students <= limit, detail))
    if classes := rules.get("class_size"):
        parts.extend(_class_parts(schools, classes, primary, junior))
    if rooms := rules.get("special_rooms"):
        n_classes = np.nan_to_num(_col(schools, "primary_classes")) + np.nan_to_num(
            _col(schools, "junior_classes"))
        need = np.ceil(n_classes / rooms["classes_per_room"])
        for key, label in (("music_rooms", "音乐专用教室"), ("art_rooms", "美术专用教室")):
            have = _col(schools, key)
            detail = [f"{c:.0f}个班应有{label}{n:.0f}间，现有{h:.0f}间"
                      for c, n, h in zip(n_classes, need, have, strict=True)]
            keep = ~np.isnan(have) & (n_classes > 0)
            parts.append(_part(schools, label, have, need, have >= need, detail, keep))
    if not parts:
        return pd.DataFrame(columns=_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def _class_parts(schools: pd.DataFrame, rules: dict, primary: np.ndarray, junior: np.ndarray) -> list:
    parts = []
    has_junior = np.nan_to_num(junior) > 0
    limit = np.where(has_junior, rules["junior"], rules["primary"])
    biggest = _col(schools, "max_class_size")
    band = np.where(biggest >= rules["super_large"], "（超大班额）",
                    np.where(biggest >= rules["large"], "（大班额）", ""))
    detail = [f"最大班额{b:.0f}人，标准不超过{lim}人{bd}" for b, lim, bd in zip(biggest, limit, band, strict=True)]
    parts.append(_part(schools, "班额", biggest, limit, biggest <= limit, detail, ~np.isnan(biggest)))
    for stage, students, label in (("primary", primary, "小学"), ("junior", junior, "初中")):
        n_classes = _col(schools, f"{stage}_classes")
        with np.errstate(divide="ignore", invalid="ignore"):
            avg = students / n_classes
        keep = (np.nan_to_num(students) > 0) & (np.nan_to_num(n_classes) > 0)
        lim = rules[stage]
        detail = [f"{label}平均班额{a:.1f}人，标准不超过{lim}人" for a in avg]
        parts.append(_part(schools, f"{label}平均班额", avg, np.full(len(avg), lim), avg <= lim, detail, keep))
    return parts


def _part(schools, item, value, limit, met, detail, keep=None) -> pd.DataFrame:
    frame = pd.DataFrame({
        "name": schools["name"].astype(str).to_numpy(),
        "item": item,
        "value": np.asarray(value, float),
        "limit": np.asarray(limit, float),
        "met": np.asarray(met, bool),
        "detail": detail,
        "row": schools["row"].to_numpy(int),
    })
    return frame if keep is None else frame[np.asarray(keep, bool)]
