"""Independent implementation of /work/shared/domain/rules.md (quality_2017) for the blind set.

parts(df)  -> one row per (school, 学段) after 拆分, with the 7 indicator values
cv(parts)  -> per 学段 enrolment-weighted CV of each indicator
"""
import math
import sys

import numpy as np
import pandas as pd

IND = {  # key: (中文, unit, thr primary, thr junior)
    "above": ("每百名学生拥有高于规定学历教师数", "人", 4.2, 5.3),
    "backbone": ("每百名学生拥有县级及以上骨干教师数", "人", 1.0, 1.0),
    "peart": ("每百名学生拥有体育、艺术专任教师数", "人", 0.9, 0.9),
    "space": ("生均教学及辅助用房面积", "㎡", 4.5, 5.8),
    "sports": ("生均体育运动场馆面积", "㎡", 7.5, 10.2),
    "equip": ("生均教学仪器设备值", "元", 2000, 2500),
    "mm": ("每百名学生拥有网络多媒体教室数", "间", 2.3, 2.4),
}
KEYS = list(IND)
STAGE = {"primary": "小学", "junior": "初中"}


def n(x):
    return 0.0 if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def parts(df, include_small_tp=False, include_private=True):
    rows = []
    for _, r in df.iterrows():
        typ, P, J, S = r["办学类型"], n(r["小学在校生数"]), n(r["初中在校生数"]), n(r["高中在校生数"])
        fac = {"rooms": n(r["教学及辅助用房面积"]), "gym": n(r["体育馆面积"]),
               "field": n(r["运动场地面积"]), "equip": n(r["教学仪器设备值"]) * 10000,
               "mm": n(r["网络多媒体教室数"])}
        tch = {"t": n(r["专任教师数"]), "above": n(r["高于规定学历专任教师数"]),
               "mid": n(r["中级及以上职称专任教师数"]), "backbone": n(r["县级以上骨干教师数"]),
               "peart": n(r["体育艺术专任教师数"])}
        jt = {"t": n(r["初中部专任教师数"]), "above": n(r["初中部高于规定学历专任教师数"]),
              "mid": n(r["初中部中级及以上职称专任教师数"]), "backbone": n(r["初中部县级以上骨干教师数"]),
              "peart": n(r["初中部体育艺术专任教师数"])}
        segs = []
        if typ in ("九年一贯制学校",):
            sp = P / (P + 1.1 * J)
            segs.append(("primary", P, sp, {k: tch[k] - jt[k] for k in tch}))
            segs.append(("junior", J, 1 - sp, jt))
        elif typ == "完全中学":
            segs.append(("junior", J, J / (J + 1.2 * S), tch))
        elif typ == "初级中学":
            segs.append(("junior", J, 1.0, tch))
        else:  # 小学, 教学点
            segs.append(("primary", P, 1.0, tch))
        for st, stud, share, t in segs:
            i = 0 if st == "primary" else 1
            f = {k: v * share for k, v in fac.items()}
            v = {
                "above": 100 * t["above"] / stud,
                "backbone": 100 * t["backbone"] / stud,
                "peart": 100 * t["peart"] / stud,
                "space": (f["rooms"] - f["gym"]) / stud,
                "sports": (f["field"] + f["gym"]) / stud,
                "equip": f["equip"] / stud,
                "mm": 100 * f["mm"] / stud,
            }
            row = {"school": r["学校名称"], "type": typ, "own": r["举办者"], "town": r["所属乡镇"],
                   "stage": st, "P": stud, "share": share, "teachers": t["t"],
                   "classes": n(r["小学班数"] if st == "primary" else r["初中班数"]),
                   "maxc": n(r["最大班额"]),
                   "cur_space": f["rooms"] - f["gym"], "cur_sports": f["field"] + f["gym"],
                   "cur_equip": f["equip"], "cur_mm": f["mm"], "cur_above": t["above"],
                   "cur_backbone": t["backbone"], "cur_peart": t["peart"]}
            nmet = 0
            ok85 = True
            for k in KEYS:
                T = IND[k][2 + i]
                row[k] = v[k]
                row["thr_" + k] = T
                row["met_" + k] = v[k] >= T - 1e-12
                nmet += row["met_" + k]
                ok85 &= v[k] >= 0.85 * T - 1e-12
                need = T * stud  # in indicator units x students (per-100 indicators: /100)
                if k in ("above", "backbone", "peart", "mm"):
                    g = math.ceil(T * stud / 100 - row["cur_" + k] - 1e-9)
                elif k == "equip":
                    g = (need - row["cur_equip"]) / 10000  # 万元
                else:
                    g = need - row["cur_" + k]
                row["gap_" + k] = max(0, g) if not row["met_" + k] else 0
            row["nmet"] = nmet
            row["ok85"] = ok85
            row["pass"] = nmet >= 6 and ok85
            row["in_scope"] = (typ != "教学点" or stud >= 50) and (include_private or r["举办者"] != "民办")
            rows.append(row)
    return pd.DataFrame(rows)


def cv(pt, stage, key, mask=None):
    d = pt[(pt.stage == stage) & pt.in_scope]
    if mask is not None:
        d = d[mask(d)]
    w = d.P / d.P.sum()
    m = (w * d[key]).sum()
    s = math.sqrt((w * (d[key] - m) ** 2).sum())
    return s / m, m


def cvs(pt, stage, mask=None):
    out = {k: cv(pt, stage, k, mask)[0] for k in KEYS}
    out["composite"] = float(np.mean([out[k] for k in KEYS]))
    return out


def load(path):
    return pd.read_excel(path)


if __name__ == "__main__":
    pd.set_option("display.width", 250, "display.max_columns", 60, "display.max_rows", 200)
    df = load(sys.argv[1])
    pt = parts(df)
    cols = ["school", "stage", "P"] + KEYS + ["nmet", "ok85", "pass", "in_scope"]
    print(pt[cols].round(3).to_string())
    for st in ("primary", "junior"):
        print(st, {k: round(v, 4) for k, v in cvs(pt, st).items()})
    g = pt[[c for c in pt if c.startswith("gap_")] + ["school", "stage"]]
    print(g[(g.filter(like="gap_") > 0).any(axis=1)].round(2).to_string())
