"""Independent implementation of /work/shared/domain/rules.md (quality_2017) for the blind set.

Per school and 学段: the 7 resource indicators, pass rule (>=6 met and all >=85%), gaps,
enrolment-weighted CV per 学段, 班额, 学校规模, 音美教室, totals by 乡镇, rankings.
Usage: python compute.py 青岚县.xlsx   (prints a full table)
"""
import math
import sys
from decimal import Decimal, ROUND_CEILING

import numpy as np
import pandas as pd

IND = ["deg", "bb", "pe", "teach", "sport", "equip", "mm"]
NAME = {"deg": "每百名学生拥有高于规定学历教师数", "bb": "每百名学生拥有县级及以上骨干教师数",
        "pe": "每百名学生拥有体育艺术专任教师数", "teach": "生均教学及辅助用房面积",
        "sport": "生均体育运动场馆面积", "equip": "生均教学仪器设备值", "mm": "每百名学生拥有网络多媒体教室数"}
UNIT = {"deg": "人", "bb": "人", "pe": "人", "teach": "㎡", "sport": "㎡", "equip": "万元", "mm": "间"}
THR = {"小学": {"deg": 4.2, "bb": 1.0, "pe": 0.9, "teach": 4.5, "sport": 7.5, "equip": 2000, "mm": 2.3},
       "初中": {"deg": 5.3, "bb": 1.0, "pe": 0.9, "teach": 5.8, "sport": 10.2, "equip": 2500, "mm": 2.4}}
CV_LIMIT = {"小学": 0.50, "初中": 0.45}


def ceil_exact(x: float) -> int:
    """ceil on the decimal value (4.2*500/100 must be 21, not 22)."""
    return int(Decimal(repr(round(x, 9))).to_integral_value(rounding=ROUND_CEILING))


def load(path):
    df = pd.read_excel(path)
    num = [c for c in df.columns if c not in ("学校名称", "办学类型", "举办者", "所属乡镇", "城乡分类")]
    df[num] = df[num].apply(pd.to_numeric).fillna(0)
    return df


def units(df):
    """One row per school x 学段 after 拆分: resource totals (current amounts) and P."""
    out = []
    for _, r in df.iterrows():
        A, B, C = r["小学在校生数"], r["初中在校生数"], r["高中在校生数"]
        typ = r["办学类型"]
        fac = {"teach_area": r["教学及辅助用房面积"], "gym": r["体育馆面积"], "field": r["运动场地面积"],
               "equip_wan": r["教学仪器设备值"], "mm_rooms": r["网络多媒体教室数"]}
        if typ == "九年一贯制学校":
            parts = [("小学", A, A / (A + 1.1 * B)), ("初中", B, 1.1 * B / (A + 1.1 * B))]
            jt = [r["初中部专任教师数"], r["初中部高于规定学历专任教师数"], r["初中部中级及以上职称专任教师数"],
                  r["初中部县级以上骨干教师数"], r["初中部体育艺术专任教师数"]]
            tot = [r["专任教师数"], r["高于规定学历专任教师数"], r["中级及以上职称专任教师数"],
                   r["县级以上骨干教师数"], r["体育艺术专任教师数"]]
            staff = {"小学": [t - j for t, j in zip(tot, jt)], "初中": jt}
        elif typ == "完全中学":
            parts = [("初中", B, B / (B + 1.2 * C))]
            staff = {"初中": [r["专任教师数"], r["高于规定学历专任教师数"], r["中级及以上职称专任教师数"],
                            r["县级以上骨干教师数"], r["体育艺术专任教师数"]]}
        else:
            stage = "初中" if typ == "初级中学" else "小学"
            P = B if stage == "初中" else A
            parts = [(stage, P, 1.0)]
            staff = {stage: [r["专任教师数"], r["高于规定学历专任教师数"], r["中级及以上职称专任教师数"],
                           r["县级以上骨干教师数"], r["体育艺术专任教师数"]]}
        for stage, P, share in parts:
            t, deg, mid, bb, pe = staff[stage]
            u = {"school": r["学校名称"], "type": typ, "owner": r["举办者"], "town": r["所属乡镇"],
                 "stage": stage, "P": P, "share": share,
                 "classes": r["小学班数"] if stage == "小学" else r["初中班数"],
                 "deg_n": deg, "bb_n": bb, "pe_n": pe, "teachers": t,
                 "teach_cur": share * (fac["teach_area"] - fac["gym"]),
                 "sport_cur": share * (fac["field"] + fac["gym"]),
                 "equip_cur": share * fac["equip_wan"] * 10000,
                 "mm_cur": share * fac["mm_rooms"]}
            u["in_scope"] = not (typ == "教学点" and P < 50)
            out.append(u)
    U = pd.DataFrame(out)
    for k in ("deg", "bb", "pe"):
        U[k] = 100 * U[f"{k}_n"] / U["P"]
    U["teach"] = U["teach_cur"] / U["P"]
    U["sport"] = U["sport_cur"] / U["P"]
    U["equip"] = U["equip_cur"] / U["P"]
    U["mm"] = 100 * U["mm_cur"] / U["P"]
    for k in IND:
        thr = U["stage"].map(lambda s: THR[s][k])
        U[f"{k}_thr"] = thr
        U[f"{k}_met"] = U[k] >= thr - 1e-12
        U[f"{k}_ratio"] = U[k] / thr
    U["n_met"] = U[[f"{k}_met" for k in IND]].sum(axis=1)
    U["min_ratio"] = U[[f"{k}_ratio" for k in IND]].min(axis=1)
    U["pass"] = (U["n_met"] >= 6) & (U["min_ratio"] >= 0.85 - 1e-12)
    for k in IND:
        U[f"{k}_gap"] = U.apply(lambda r: gap(r, k), axis=1)
    return U


def gap(r, k):
    """What must be added in the question's unit (㎡, 万元, 人, 间); 0 when met."""
    T, P = THR[r["stage"]][k], r["P"]
    if r[f"{k}_met"]:
        return 0
    if k in ("deg", "bb", "pe"):
        return ceil_exact(T * P / 100 - r[f"{k}_n"])
    if k == "mm":
        return ceil_exact(T * P / 100 - r["mm_cur"])
    if k == "equip":
        return (T * P - r["equip_cur"]) / 10000
    return T * P - r[f"{k}_cur"]


def cv(U, stage, k, scope=None):
    d = U[(U["stage"] == stage) & U["in_scope"]]
    if scope is not None:
        d = d[scope(d)]
    P = d["P"].to_numpy(float)
    X = d[k].to_numpy(float)
    w = P / P.sum()
    mean = (w * X).sum()
    if mean == 0:
        return float("nan")
    return math.sqrt((w * (X - mean) ** 2).sum()) / mean


def cvs(U, scope=None):
    res = {}
    for s in ("小学", "初中"):
        vals = {k: cv(U, s, k, scope) for k in IND}
        vals["composite"] = float(np.mean([vals[k] for k in IND]))
        res[s] = vals
    return res


def row(U, school, stage=None):
    d = U[U["school"] == school]
    if stage:
        d = d[d["stage"] == stage]
    assert len(d) == 1, (school, stage, len(d))
    return d.iloc[0]


def main(path):
    df = load(path)
    U = units(df)
    pd.set_option("display.width", 250, "display.max_columns", 60, "display.max_rows", 200)
    cols = ["school", "stage", "P", "in_scope"] + IND + ["n_met", "min_ratio", "pass"]
    print(U[cols].round(3).to_string())
    print(U[["school", "stage"] + [f"{k}_gap" for k in IND]].round(2).to_string())
    for s, v in cvs(U).items():
        print(s, {k: round(x, 4) for k, x in v.items()}, "limit", CV_LIMIT[s])


if __name__ == "__main__":
    main(sys.argv[1])
