"""Build school rows in the loader's shape (canonical keys, Excel row numbers) for computation tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.columns import COLUMNS

BASE = {
    "school_type": "小学",
    "ownership": "公办",
    "township": "城关镇",
    "urban_rural": "镇区",
    "gym_area": 0.0,
}


def frame(*schools: dict) -> pd.DataFrame:
    """One row per dict; absent numeric columns are NaN (gym_area 0), rows numbered from Excel row 2."""
    rows = []
    for i, school in enumerate(schools):
        row = {c.key: (np.nan if c.numeric else "") for c in COLUMNS}
        row.update(BASE)
        row.update(school)
        row["row"] = i + 2
        rows.append(row)
    df = pd.DataFrame(rows)
    for c in COLUMNS:
        if c.numeric:
            df[c.key] = df[c.key].astype(float)
    return df


def primary(name: str, students: int, **kw) -> dict:
    """A 小学 that meets every quality_2017 小学 threshold exactly at ``students``, unless overridden."""
    p = students
    base = {
        "name": name,
        "school_type": "小学",
        "primary_students": p,
        "primary_classes": max(1, -(-p // 45)),  # enough classes for the 45 limit
        "teachers": p * 0.06,
        "teachers_above_degree": p * 0.042,
        "teachers_mid_title": p * 0.03,
        "backbone_teachers": p * 0.01,
        "pe_art_teachers": p * 0.009,
        "teaching_rooms_area": p * 4.5,
        "gym_area": 0.0,
        "sports_field_area": p * 7.5,
        "equipment_value": p * 2000 / 10000,
        "computers": p * 0.1,
        "books": p * 30,
        "multimedia_rooms": p * 0.023,
    }
    base.update(kw)
    return base
