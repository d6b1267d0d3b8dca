"""Create two blind test data files in the documented upload format.

青岚县.xlsx  — a fictitious county, 6 乡镇, 33 schools (incl. 九年一贯制, 完全中学, 民办, 教学点).
梅岗镇.xlsx  — a fictitious town, 6 schools.
Resource figures are generated from a per-school multiplier on the 2017 threshold x students,
with a fixed seed, then rounded as an office would type them. Run once; compute.py reads the files.
"""
import math
import random
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent
# thresholds used only to make plausible figures (primary, junior)
T = {"deg": (4.2, 5.3), "bb": (1.0, 1.0), "pe": (0.9, 0.9), "teach": (4.5, 5.8),
     "sport": (7.5, 10.2), "equip": (2000, 2500), "mm": (2.3, 2.4)}

COLS = ["学校名称", "办学类型", "举办者", "所属乡镇", "城乡分类", "小学在校生数", "初中在校生数", "高中在校生数",
        "小学班数", "初中班数", "最大班额", "专任教师数", "高于规定学历专任教师数", "中级及以上职称专任教师数",
        "县级以上骨干教师数", "体育艺术专任教师数", "初中部专任教师数", "初中部高于规定学历专任教师数",
        "初中部中级及以上职称专任教师数", "初中部县级以上骨干教师数", "初中部体育艺术专任教师数",
        "教学及辅助用房面积", "体育馆面积", "运动场地面积", "教学仪器设备值", "计算机台数", "图书册数",
        "网络多媒体教室数", "音乐专用教室数", "美术专用教室数", "统计年度"]


def school(rng, name, typ, owner, town, ur, p=0, j=0, s=0, pc=0, jc=0, maxc=None, gym=0, m=None):
    """m: multipliers per indicator key (missing -> random 1.0-1.45)."""
    m = dict(m or {})
    for k in T:
        m.setdefault(k, round(rng.uniform(1.0, 1.45), 2))
    row = dict.fromkeys(COLS)
    row.update({"学校名称": name, "办学类型": typ, "举办者": owner, "所属乡镇": town, "城乡分类": ur,
                "统计年度": 2025})

    def staff(n, stage):  # stage 0 primary, 1 junior
        teachers = round(n / (17.5 if stage == 0 else 12.5))
        deg = min(teachers, round(m["deg"] * T["deg"][stage] * n / 100))
        mid = round(teachers * rng.uniform(0.42, 0.62))
        bb = round(m["bb"] * n / 100)
        pe = round(m["pe"] * 0.9 * n / 100)
        return teachers, deg, mid, bb, pe

    sp = staff(p, 0) if p else (0, 0, 0, 0, 0)
    sj = staff(j, 1) if j else (0, 0, 0, 0, 0)
    tot = [a + b for a, b in zip(sp, sj)]
    row.update(dict(zip(["专任教师数", "高于规定学历专任教师数", "中级及以上职称专任教师数", "县级以上骨干教师数",
                         "体育艺术专任教师数"], tot)))
    if typ in ("九年一贯制学校",):
        row.update(dict(zip(["初中部专任教师数", "初中部高于规定学历专任教师数", "初中部中级及以上职称专任教师数",
                             "初中部县级以上骨干教师数", "初中部体育艺术专任教师数"], sj)))
    # facilities: need of each stage (senior counted like junior) x multiplier
    def need(k):
        return T[k][0] * p + T[k][1] * (j + s)
    row["教学及辅助用房面积"] = round(m["teach"] * need("teach")) + gym
    row["体育馆面积"] = gym
    row["运动场地面积"] = round(m["sport"] * need("sport")) - gym
    row["教学仪器设备值"] = round(m["equip"] * need("equip") / 10000, 1)
    row["网络多媒体教室数"] = max(1, round(m["mm"] * need("mm") / 100))
    n = p + j + s
    row["计算机台数"] = round(n * rng.uniform(0.10, 0.18))
    row["图书册数"] = round(n * rng.uniform(25, 40), -1)
    cls = pc + jc
    row["音乐专用教室数"] = m.get("music", max(1, math.ceil(cls / 12)))
    row["美术专用教室数"] = m.get("art", max(1, math.ceil(cls / 12)))
    row.update({"小学在校生数": p or None, "初中在校生数": j or None, "高中在校生数": s or None,
                "小学班数": pc or None, "初中班数": jc or None, "最大班额": maxc})
    return row


def county():
    rng = random.Random(20251203)
    Z, P, J, N, W, D = "小学", "初级中学", "初中", "九年一贯制学校", "完全中学", "教学点"
    G, M = "公办", "民办"
    rows = [
        # 岚城镇 (county seat)
        school(rng, "青岚县第一小学", Z, G, "岚城镇", "城区", p=2160, pc=46, maxc=52, gym=620,
               m={"sport": 0.82, "teach": 0.97, "bb": 2.3, "music": 3, "art": 3}),
        school(rng, "青岚县第二小学", Z, G, "岚城镇", "城区", p=1680, pc=37, maxc=47, gym=480,
               m={"teach": 0.93, "bb": 2.0}),
        school(rng, "青岚县第三小学", Z, G, "岚城镇", "城区", p=1240, pc=28, maxc=45, m={"bb": 1.9}),
        school(rng, "青岚县第四小学", Z, G, "岚城镇", "城区", p=960, pc=22, maxc=44, gym=450, m={"bb": 1.6}),
        school(rng, "青岚县第五小学", Z, G, "岚城镇", "城区", p=820, pc=19, maxc=44, m={"bb": 1.4, "mm": 0.95}),
        school(rng, "青岚县第一中学", W, G, "岚城镇", "城区", j=1450, s=1620, jc=30, maxc=54, gym=1100,
               m={"sport": 0.95, "bb": 1.5}),
        school(rng, "青岚县第二中学", P, G, "岚城镇", "城区", j=1380, jc=28, maxc=50, gym=700,
               m={"teach": 0.91, "bb": 1.3}),
        school(rng, "青岚县实验学校", N, G, "岚城镇", "城区", p=1150, j=820, pc=26, jc=17, maxc=45, gym=800,
               m={"bb": 1.8}),
        school(rng, "青岚博雅小学", Z, M, "岚城镇", "城区", p=620, pc=15, maxc=42,
               m={"bb": 0.45, "deg": 1.05, "pe": 0.88}),
        school(rng, "青岚县英才中学", P, M, "岚城镇", "城区", j=540, jc=12, maxc=46, m={"bb": 0.6, "equip": 0.9}),
        # 白沙镇
        school(rng, "白沙镇中心小学", Z, G, "白沙镇", "镇区", p=880, pc=20, maxc=48, m={"bb": 0.95}),
        school(rng, "白沙镇第二小学", Z, G, "白沙镇", "镇区", p=410, pc=10, maxc=43, m={"bb": 0.6, "equip": 0.88}),
        school(rng, "白沙镇中学", P, G, "白沙镇", "镇区", j=760, jc=16, maxc=51, gym=420, m={"sport": 0.92}),
        school(rng, "白沙镇沙口小学", Z, G, "白沙镇", "乡村", p=190, pc=6, maxc=36, m={"bb": 0.5, "mm": 0.88}),
        school(rng, "白沙镇渡头教学点", D, G, "白沙镇", "乡村", p=38, pc=3, maxc=15, m={"bb": 0.0}),
        # 柳塘乡
        school(rng, "柳塘乡中心小学", Z, G, "柳塘乡", "乡村", p=520, pc=12, maxc=45, m={"bb": 0.75}),
        school(rng, "柳塘乡中学", P, G, "柳塘乡", "乡村", j=430, jc=10, maxc=46, m={"deg": 0.9}),
        school(rng, "柳塘乡新村小学", Z, G, "柳塘乡", "乡村", p=160, pc=6, maxc=32,
               m={"teach": 0.8, "sport": 0.55, "equip": 0.7, "mm": 0.9, "bb": 0.0, "pe": 0.7, "music": 0, "art": 0}),
        school(rng, "柳塘乡双溪小学", Z, G, "柳塘乡", "乡村", p=230, pc=6, maxc=40, m={"bb": 0.45}),
        school(rng, "柳塘乡上屋教学点", D, G, "柳塘乡", "乡村", p=27, pc=2, maxc=14, m={"bb": 0.0}),
        # 金坪镇
        school(rng, "金坪镇中心小学", Z, G, "金坪镇", "镇区", p=740, pc=17, maxc=46, m={"bb": 0.9}),
        school(rng, "金坪镇第二小学", Z, G, "金坪镇", "镇区", p=330, pc=8, maxc=44, m={"bb": 0.6}),
        school(rng, "金坪镇马岭小学", Z, G, "金坪镇", "乡村", p=180, pc=6, maxc=34, m={"bb": 0.55, "sport": 0.86}),
        school(rng, "金坪镇中学", P, G, "金坪镇", "镇区", j=690, jc=14, maxc=52, m={"equip": 0.87}),
        school(rng, "金坪镇育才学校", N, G, "金坪镇", "镇区", p=450, j=280, pc=10, jc=6, maxc=45, m={"bb": 0.8}),
        # 枫林乡
        school(rng, "枫林乡中心小学", Z, G, "枫林乡", "乡村", p=360, pc=9, maxc=42, m={"bb": 0.6}),
        school(rng, "枫林乡红岩学校", N, G, "枫林乡", "乡村", p=300, j=260, pc=8, jc=6, maxc=45,
               m={"teach": 0.72, "equip": 0.8, "mm": 0.82, "deg": 0.88, "sport": 0.9, "bb": 0.4, "music": 1, "art": 0}),
        school(rng, "枫林乡坳背教学点", D, G, "枫林乡", "乡村", p=45, pc=3, maxc=17, m={"bb": 0.0}),
        # 龙潭乡
        school(rng, "龙潭乡中心小学", Z, G, "龙潭乡", "乡村", p=420, pc=10, maxc=44, m={"bb": 0.7}),
        school(rng, "龙潭乡中学", P, G, "龙潭乡", "乡村", j=380, jc=9, maxc=45, m={"pe": 0.84}),
        school(rng, "龙潭乡龙溪学校", N, G, "龙潭乡", "乡村", p=210, j=150, pc=6, jc=3, maxc=40, m={"bb": 0.5}),
        school(rng, "龙潭乡桥头小学", Z, G, "龙潭乡", "乡村", p=140, pc=6, maxc=30,
               m={"sport": 0.83, "equip": 0.86, "bb": 0.0}),
    ]
    return pd.DataFrame(rows, columns=COLS)


def town():
    rng = random.Random(777)
    G = "公办"
    rows = [
        school(rng, "梅岗镇中心小学", "小学", G, "梅岗镇", "镇区", p=780, pc=18, maxc=47, gym=360, m={"teach": 0.94}),
        school(rng, "梅岗镇第二小学", "小学", G, "梅岗镇", "镇区", p=420, pc=10, maxc=44, m={"bb": 0.7}),
        school(rng, "梅岗镇中学", "初级中学", G, "梅岗镇", "镇区", j=820, jc=17, maxc=51, gym=500,
               m={"sport": 0.9, "mm": 0.96}),
        school(rng, "梅岗镇新桥学校", "九年一贯制学校", G, "梅岗镇", "乡村", p=260, j=190, pc=6, jc=4, maxc=45,
               m={"equip": 0.83, "deg": 0.92}),
        school(rng, "梅岗镇沙湾小学", "小学", G, "梅岗镇", "乡村", p=210, pc=6, maxc=38, m={"bb": 0.5}),
        school(rng, "梅岗镇大坪小学", "小学", G, "梅岗镇", "乡村", p=120, pc=6, maxc=26,
               m={"teach": 0.78, "sport": 0.7, "equip": 0.75, "pe": 0.0, "bb": 0.0, "music": 0, "art": 0}),
    ]
    return pd.DataFrame(rows, columns=COLS)


if __name__ == "__main__":
    for name, df in (("青岚县", county()), ("梅岗镇", town())):
        df.to_excel(OUT / f"{name}.xlsx", index=False, sheet_name="学校数据")
        print(name, len(df), "rows")
