"""Province-scale timing of the metrics engine: 20,000 schools.

Prints the vectorised evaluation time (no I/O), the same figures computed the straightforward way
(pandas row by row) in the same run, their ratio, and the time to load a 20,000-row .xlsx.
Targets: evaluation < 50 ms and ≥ 20× faster than row by row.

    .venv/bin/python bench/metrics_bench.py [--schools 20000] [--no-xlsx]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metrics import evaluate, load_schools, load_standard
from metrics.columns import COLUMNS


def synthetic_schools(n: int, seed: int = 7) -> pd.DataFrame:
    """A province's worth of 小学, 初中 and 九年一贯制 rows in the loader's shape."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(["小学", "初级中学", "九年一贯制学校"], size=n, p=[0.6, 0.3, 0.1])
    prim = np.where(kind != "初级中学", rng.integers(60, 2400, n), 0).astype(float)
    jun = np.where(kind != "小学", rng.integers(100, 1800, n), 0).astype(float)
    p = prim + jun
    teachers = np.round(p * rng.uniform(0.05, 0.08, n))
    frame = pd.DataFrame(
        {
            "name": [f"学校{i:05d}" for i in range(n)],
            "school_type": kind,
            "ownership": "公办",
            "township": [f"乡镇{i % 300:03d}" for i in range(n)],
            "urban_rural": "乡村",
            "primary_students": prim,
            "junior_students": jun,
            "senior_students": 0.0,
            "primary_classes": np.ceil(prim / 42),
            "junior_classes": np.ceil(jun / 48),
            "teachers": teachers,
            "teachers_above_degree": np.round(teachers * rng.uniform(0.5, 1.0, n)),
            "teachers_mid_title": np.round(teachers * rng.uniform(0.3, 0.7, n)),
            "backbone_teachers": np.round(p * rng.uniform(0.004, 0.02, n)),
            "pe_art_teachers": np.round(p * rng.uniform(0.005, 0.013, n)),
            "teaching_rooms_area": p * rng.uniform(3.0, 8.0, n),
            "gym_area": 0.0,
            "sports_field_area": p * rng.uniform(4.0, 14.0, n),
            "equipment_value": p * rng.uniform(1200, 4000, n) / 1e4,
            "computers": np.round(p * rng.uniform(0.08, 0.2, n)),
            "books": np.round(p * rng.uniform(15, 45, n)),
            "multimedia_rooms": np.round(p * rng.uniform(0.015, 0.03, n)),
        }
    )
    combined = kind == "九年一贯制学校"
    share = np.where(combined, jun / np.where(p > 0, p, 1), 0)
    for key in (
        "teachers",
        "teachers_above_degree",
        "teachers_mid_title",
        "backbone_teachers",
        "pe_art_teachers",
    ):
        frame[f"junior_{key}"] = np.where(combined, np.round(frame[key] * share), np.nan)
    for col in COLUMNS:
        if col.key not in frame:
            frame[col.key] = np.nan if col.numeric else ""
    frame["row"] = np.arange(n) + 2
    return frame


def rowwise(schools: pd.DataFrame, standard) -> tuple[dict, list[bool]]:
    """The same CVs and school verdicts written the straightforward way: pandas row by row."""
    records: list[dict] = []
    for _, school in schools.iterrows():
        stages = [("primary", school["primary_students"]), ("junior", school["junior_students"])]
        total_eq = school["primary_students"] + 1.1 * school["junior_students"]
        for stage, students in stages:
            if not students or students <= 0:
                continue
            combined = school["school_type"] == "九年一贯制学校"
            share = ((students if stage == "primary" else 1.1 * students) / total_eq) if combined else 1.0
            rec = {"stage": stage, "students": students}
            for ind in standard.indicators:
                net = 0.0
                for col in ind.numerator:
                    value = school[col]
                    if col in (
                        "teachers",
                        "teachers_above_degree",
                        "teachers_mid_title",
                        "backbone_teachers",
                        "pe_art_teachers",
                    ):
                        if combined:
                            junior = school[f"junior_{col}"]
                            value = junior if stage == "junior" else value - junior
                    else:
                        value = value * share
                    net += 0 if pd.isna(value) else value
                for col in ind.subtract:
                    net -= (school[col] or 0) * share
                rec[ind.key] = ind.scale * net / students
            records.append(rec)
    cvs: dict = {}
    verdicts = []
    for stage in ("primary", "junior"):
        rows = [r for r in records if r["stage"] == stage]
        total = sum(r["students"] for r in rows)
        for ind in standard.indicators:
            mean = sum(r["students"] * r[ind.key] for r in rows) / total
            var = sum(r["students"] / total * (r[ind.key] - mean) ** 2 for r in rows)
            cvs[(stage, ind.key)] = math.sqrt(var) / mean
        for r in rows:
            met = 0
            floor_ok = True
            for ind in standard.indicators:
                t = ind.thresholds[stage]
                met += r[ind.key] >= t
                floor_ok &= r[ind.key] >= 0.85 * t
                if r[ind.key] < t:  # the shortfall, as evaluate() computes it
                    need = t * r["students"] / ind.scale - r[ind.key] * r["students"] / ind.scale
                    r[f"{ind.key}_shortfall"] = math.ceil(need) if ind.gap_integer else need
            verdicts.append(met >= 6 and floor_ok)
    for _, school in schools.iterrows():  # 学校规模 and average class size, as evaluate() checks them
        students = (school["primary_students"] or 0) + (school["junior_students"] or 0)
        limit = 2500 if school["school_type"] == "九年一贯制学校" else 2000
        _ = students <= limit
        for stage in ("primary", "junior"):
            if school[f"{stage}_classes"] and school[f"{stage}_students"]:
                limit = 45 if stage == "primary" else 50
                _ = school[f"{stage}_students"] / school[f"{stage}_classes"] <= limit
    return cvs, verdicts


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=20000)
    parser.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args()
    standard = load_standard("quality_2017")
    schools = synthetic_schools(args.schools)

    evaluation = evaluate(schools, standard)
    fast = best_of(lambda: evaluate(schools, standard), 5)
    objects = best_of(lambda: evaluate(schools, standard).schools, 3)
    start = time.perf_counter()
    cvs, verdicts = rowwise(schools, standard)
    slow = time.perf_counter() - start

    # The two ways must agree before their times mean anything.
    for (stage, key), value in cvs.items():
        assert math.isclose(evaluation.stages[stage].cv[key], value, rel_tol=1e-9), (stage, key)
    assert sum(verdicts) == int(evaluation.table["passed"].sum())

    print(f"学校数 {args.schools}，学校-学段 {len(evaluation.table)} 行")
    print(f"向量化评估（不含读文件）：{fast * 1000:.1f} ms（目标 < 50 ms）")
    print(f"  另含逐校结果对象：{objects * 1000:.1f} ms")
    print(f"逐行 pandas 写法：{slow * 1000:.0f} ms")
    print(f"倍数：{slow / fast:.0f}×（目标 ≥ 20×）")
    if not args.no_xlsx:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "province.xlsx"
            out = schools.drop(columns=["row"]).rename(columns={c.key: c.header for c in COLUMNS})
            out.to_excel(path, index=False)
            start = time.perf_counter()
            loaded = load_schools(path)
            print(f"读取 {len(loaded.frame)} 行 .xlsx：{time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
