"""The 政府保障 items computable from school rows: 学校规模, 班额 and 音乐、美术专用教室.

``check_guarantees`` returns one row per school and item (name, item, value, limit, met, row);
items whose columns are absent or empty are skipped. ``describe`` words one check in Chinese.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.split import SUBTOTAL_TYPES
from metrics.standards import Standard

__all__ = ["check_guarantees", "describe"]

_COLUMNS = ["name", "item", "value", "limit", "met", "row"]
_BANDS = ((66, "超大班额"), (56, "大班额"))


def _col(schools: pd.DataFrame, key: str) -> np.ndarray:
    if key not in schools:
        return np.full(len(schools), np.nan)
    return schools[key].to_numpy(dtype=float, na_value=np.nan)


def check_guarantees(schools: pd.DataFrame, standard: Standard) -> pd.DataFrame:
    """Value against limit per school and computable item, all schools at once."""
    rules = standard.guarantees
    primary, junior = _col(schools, "primary_students"), _col(schools, "junior_students")
    parts: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]] = []  # item, value, limit, keep

    if size := rules.get("school_size"):
        students = np.nan_to_num(primary) + np.nan_to_num(junior)
        combined = schools["school_type"].isin(SUBTOTAL_TYPES).to_numpy(dtype=bool)
        limit = np.where(combined, size["combined"], size["single"]).astype(float)
        parts.append(("学校规模", students, limit, students > 0))
    if classes := rules.get("class_size"):
        biggest = _col(schools, "max_class_size")
        limit = np.where(np.nan_to_num(junior) > 0, classes["junior"], classes["primary"]).astype(float)
        parts.append(("班额", biggest, limit, ~np.isnan(biggest)))
        for stage, students, label in (("primary", primary, "小学"), ("junior", junior, "初中")):
            n_classes = _col(schools, f"{stage}_classes")
            keep = (np.nan_to_num(students) > 0) & (np.nan_to_num(n_classes) > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                parts.append(
                    (
                        f"{label}平均班额",
                        students / n_classes,
                        np.full(len(schools), float(classes[stage])),
                        keep,
                    )
                )
    if rooms := rules.get("special_rooms"):
        n_classes = np.nan_to_num(_col(schools, "primary_classes")) + np.nan_to_num(
            _col(schools, "junior_classes")
        )
        need = np.ceil(n_classes / rooms["classes_per_room"])
        for key, label in (("music_rooms", "音乐专用教室"), ("art_rooms", "美术专用教室")):
            have = _col(schools, key)
            parts.append((label, have, need, ~np.isnan(have) & (n_classes > 0)))
    if not parts:
        return pd.DataFrame(columns=_COLUMNS)

    rows = schools["row"].to_numpy()
    at_most = {"学校规模", "班额", "小学平均班额", "初中平均班额"}
    out: dict[str, list[np.ndarray]] = {c: [] for c in _COLUMNS if c != "name"}
    positions = []
    items = [item for item, *_ in parts]
    for code, (item, value, limit, keep) in enumerate(parts):
        met = value <= limit if item in at_most else value >= limit
        positions.append(np.flatnonzero(keep))
        out["item"].append(np.full(int(keep.sum()), code, dtype=np.int16))
        out["value"].append(value[keep])
        out["limit"].append(limit[keep])
        out["met"].append(met[keep])
        out["row"].append(rows[keep])
    frame = pd.DataFrame({c: np.concatenate(v) for c, v in out.items()})
    frame["item"] = pd.Categorical.from_codes(frame["item"].to_numpy(), items)
    frame.insert(0, "name", schools["name"].take(np.concatenate(positions)).reset_index(drop=True))
    return frame


def describe(item: str, value: float, limit: float) -> str:
    """One check in Chinese, e.g. '最大班额58人，属大班额，标准不超过50人' (no brackets: plans quote it
    inside their own).

    >>> describe("班额", 58, 50)
    '最大班额58人，属大班额，标准不超过50人'
    >>> describe("音乐专用教室", 1, 2)
    '应有音乐专用教室2间，现有1间'
    """
    if item == "学校规模":
        return f"义务教育段在校生{value:.0f}人，上限{limit:.0f}人"
    if item == "班额":
        band = next((f"，属{name}" for floor, name in _BANDS if value >= floor), "")
        return f"最大班额{value:.0f}人{band}，标准不超过{limit:.0f}人"
    if item.endswith("平均班额"):
        return f"{item}{value:.1f}人，标准不超过{limit:.0f}人"
    return f"应有{item}{limit:.0f}间，现有{value:.0f}间"
