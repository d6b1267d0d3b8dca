"""An independent reference for the chat dev set: the quality_2017 indicators computed with pandas
straight from the sample workbook's Chinese headers (no metrics code), per shared/domain/rules.md.

Used only to write the expected figures of bench/chat_dev.jsonl (and to re-check them by hand).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

# key: (numerator headers, subtract headers, scale, thresholds, gap unit, integer gap)
INDICATORS = {
    "above_degree": (["高于规定学历专任教师数（人）"], [], 100, {"primary": 4.2, "junior": 5.3}, "人", True),
    "backbone": (["县级以上骨干教师数（人）"], [], 100, {"primary": 1.0, "junior": 1.0}, "人", True),
    "pe_art": (["体育艺术专任教师数（人）"], [], 100, {"primary": 0.9, "junior": 0.9}, "人", True),
    "teaching_space": (
        ["教学及辅助用房面积（㎡）"],
        ["体育馆面积（㎡）"],
        1,
        {"primary": 4.5, "junior": 5.8},
        "㎡",
        False,
    ),
    "sports_space": (
        ["运动场地面积（㎡）", "体育馆面积（㎡）"],
        [],
        1,
        {"primary": 7.5, "junior": 10.2},
        "㎡",
        False,
    ),
    "equipment": (["教学仪器设备值（万元）"], [], 10000, {"primary": 2000, "junior": 2500}, "万元", False),
    "multimedia": (["网络多媒体教室数（间）"], [], 100, {"primary": 2.3, "junior": 2.4}, "间", True),
}
SHORT = {
    "above_degree": "高学历教师",
    "backbone": "骨干教师",
    "pe_art": "体育艺术教师",
    "teaching_space": "教学及辅助用房",
    "sports_space": "体育运动场馆",
    "equipment": "教学仪器设备",
    "multimedia": "网络多媒体教室",
}
CV_LIMIT = {"primary": 0.50, "junior": 0.45}
FACILITIES = [
    "教学及辅助用房面积（㎡）",
    "体育馆面积（㎡）",
    "运动场地面积（㎡）",
    "教学仪器设备值（万元）",
    "网络多媒体教室数（间）",
]
TEACHERS = ["高于规定学历专任教师数（人）", "县级以上骨干教师数（人）", "体育艺术专任教师数（人）"]


@dataclass
class SchoolStage:
    name: str
    stage: str
    students: int
    values: dict[str, float]
    gaps: dict[str, float] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    passed: bool = True


def read(path: Path) -> pd.DataFrame:
    raw = pd.read_excel(path, header=None)
    header = next(i for i in range(5) if raw.iloc[i].astype(str).str.contains("学校名称").any())
    frame = pd.read_excel(path, header=header)
    return frame[frame["学校名称"].notna()].reset_index(drop=True)


def school_stages(frame: pd.DataFrame, extra: dict[str, dict[str, float]] | None = None) -> list[SchoolStage]:
    """Every judged school-stage; ``extra`` adds to a school's columns first (for what-if)."""
    out = []
    for _, row in frame.iterrows():
        row = row.copy()
        for col, amount in (extra or {}).get(row["学校名称"], {}).items():
            row[col] = (0 if pd.isna(row[col]) else row[col]) + amount
        kind = row["办学类型"]
        p = 0 if pd.isna(row["小学在校生数（人）"]) else int(row["小学在校生数（人）"])
        j = 0 if pd.isna(row["初中在校生数（人）"]) else int(row["初中在校生数（人）"])
        s = 0 if pd.isna(row["高中在校生数（人）"]) else int(row["高中在校生数（人）"])
        if kind == "教学点" and p < 50:
            continue
        if kind in ("小学", "教学点"):
            parts = {"primary": (p, 1.0)}
        elif kind == "初级中学":
            parts = {"junior": (j, 1.0)}
        elif kind == "九年一贯制学校":
            eq = p + 1.1 * j
            parts = {"primary": (p, p / eq), "junior": (j, 1.1 * j / eq)}
        elif kind == "完全中学":
            parts = {"junior": (j, j / (j + 1.2 * s))}
        elif kind == "十二年一贯制学校":
            eq = p + 1.1 * j + 1.32 * s
            parts = {"primary": (p, p / eq), "junior": (j, 1.1 * j / eq)}
        else:
            continue
        combined = kind in ("九年一贯制学校", "十二年一贯制学校")
        for stage, (students, share) in parts.items():
            if students <= 0:
                continue
            cols: dict[str, float] = {}
            for c in FACILITIES:
                cols[c] = (0.0 if pd.isna(row[c]) else float(row[c])) * share
            for c in TEACHERS:
                total = 0.0 if pd.isna(row[c]) else float(row[c])
                junior_col = "初中部" + c
                junior = 0.0 if pd.isna(row.get(junior_col, np.nan)) else float(row[junior_col])
                if combined:
                    cols[c] = junior if stage == "junior" else total - junior
                else:
                    cols[c] = total
            school = SchoolStage(row["学校名称"], stage, students, {})
            met = 0
            floor_ok = True
            for key, (num, sub, scale, thr, unit, integer) in INDICATORS.items():
                q = sum(cols[c] for c in num) - sum(cols[c] for c in sub)
                value = scale * q / students
                school.values[key] = value
                t = thr[stage]
                school.ratios[key] = value / t
                if value >= t - 1e-9:
                    met += 1
                    continue
                floor_ok &= value >= 0.85 * t - 1e-9
                if unit == "万元":
                    school.gaps[key] = (t * students - q * 10000) / 10000
                elif integer:
                    school.gaps[key] = math.ceil(round(t * students / 100 - q, 9))
                else:
                    school.gaps[key] = t * students - q
            school.passed = met >= 6 and floor_ok
            out.append(school)
    return out


def cv(schools: list[SchoolStage], stage: str, key: str) -> float:
    rows = [s for s in schools if s.stage == stage]
    p = np.array([s.students for s in rows], float)
    x = np.array([s.values[key] for s in rows])
    w = p / p.sum()
    mean = (w * x).sum()
    return math.sqrt((w * (x - mean) ** 2).sum()) / mean


def by_school(schools: list[SchoolStage], stage: str | None = None) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for s in schools:
        if stage and s.stage != stage:
            continue
        out[s.name] = out.get(s.name, True) and s.passed
    return out


@dataclass
class Guarantee:
    """One school's 政府保障 figures from the workbook headers (教督〔2017〕6号 limits)."""

    name: str
    students: int
    size_limit: int
    max_class: float
    class_limit: int
    rooms_needed: int
    music: float
    art: float


def guarantees(frame: pd.DataFrame) -> list[Guarantee]:
    """学校规模 ≤ 2000 (一贯制 2500), 最大班额 ≤ 45 (with 初中 students 50), 每12个班 1 间音乐、美术教室."""
    out = []
    for _, row in frame.iterrows():

        def num(col: str, row=row) -> float:
            return 0.0 if pd.isna(row[col]) else float(row[col])

        p, j = num("小学在校生数（人）"), num("初中在校生数（人）")
        combined = row["办学类型"] in ("九年一贯制学校", "十二年一贯制学校")
        classes = num("小学班数（个）") + num("初中班数（个）")
        out.append(
            Guarantee(
                name=row["学校名称"],
                students=int(p + j),
                size_limit=2500 if combined else 2000,
                max_class=num("最大班额（人）"),
                class_limit=50 if j > 0 else 45,
                rooms_needed=math.ceil(classes / 12),
                music=num("音乐专用教室数（间）"),
                art=num("美术专用教室数（间）"),
            )
        )
    return out
