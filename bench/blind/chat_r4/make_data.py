"""Create two blind test uploads: 嘉禾区 (district, 5 街道/镇, 30 schools) and 枫坪乡 (5 schools).

Resource values are drawn as ratio x threshold x students; the schools meant to fail get
explicit low ratios. Deterministic (seeded).
"""
import math
import random
from pathlib import Path

import pandas as pd

OUT = Path(__file__).parent
THR = {  # quality_2017 thresholds (primary, junior)
    "above": (4.2, 5.3), "backbone": (1.0, 1.0), "peart": (0.9, 0.9),
    "space": (4.5, 5.8), "sports": (7.5, 10.2), "equip": (2000, 2500), "mm": (2.3, 2.4),
}
COLS = ["学校名称", "办学类型", "举办者", "所属乡镇", "城乡分类", "小学在校生数", "初中在校生数",
        "高中在校生数", "小学班数", "初中班数", "最大班额", "专任教师数", "高于规定学历专任教师数",
        "中级及以上职称专任教师数", "县级以上骨干教师数", "体育艺术专任教师数", "初中部专任教师数",
        "初中部高于规定学历专任教师数", "初中部中级及以上职称专任教师数", "初中部县级以上骨干教师数",
        "初中部体育艺术专任教师数", "教学及辅助用房面积", "体育馆面积", "运动场地面积", "教学仪器设备值",
        "计算机台数", "图书册数", "网络多媒体教室数", "音乐专用教室数", "美术专用教室数", "统计年度"]


def school(rng, name, typ, own, town, ur, p=0, j=0, s=0, maxc=None, low=None, gym=0, bb_j=None,
           bb_p=None):
    """low: dict indicator -> ratio for a deliberately weak school (others random 1.05-1.5)."""
    low = low or {}

    def r(k):
        return low.get(k, rng.uniform(1.05, 1.5))

    row = {c: None for c in COLS}
    row.update({"学校名称": name, "办学类型": typ, "举办者": own, "所属乡镇": town, "城乡分类": ur,
                "统计年度": 2025})
    # facility equivalents: primary students + 1.1 junior (+1.2 senior-equivalent for 完全中学)
    stages = []
    if p:
        stages.append((0, p))
    if j:
        stages.append((1, j))
    # facility needs per stage (junior of 完全中学 counts whole school via s)
    def need(k, i, n):
        return THR[k][i] * n

    space = sports = equip = mm = 0.0
    for i, n in stages:
        nn = n + (1.2 * s if (i == 1 and s) else 0)
        space += need("space", i, nn) * r("space")
        sports += need("sports", i, nn) * r("sports")
        equip += need("equip", i, nn) * r("equip")
        mm += need("mm", i, nn) / 100 * r("mm")
    row["体育馆面积"] = gym
    row["教学及辅助用房面积"] = round(space + gym)
    row["运动场地面积"] = max(0, round(sports - gym))
    row["教学仪器设备值"] = round(equip / 10000, 1)
    row["网络多媒体教室数"] = max(1, round(mm))
    tot_n = p + j + s
    row["计算机台数"] = round(tot_n * rng.uniform(0.10, 0.18))
    row["图书册数"] = round(tot_n * rng.uniform(28, 45))

    def teachers(i, n, bb):
        t = math.ceil(n / (17 if i == 0 else 12.5) * rng.uniform(0.95, 1.1))
        above = min(t, round(THR["above"][i] * n / 100 * r("above")))
        backbone = round(THR["backbone"][i] * n / 100 * (bb if bb is not None else r("backbone")))
        peart = round(THR["peart"][i] * n / 100 * r("peart"))
        mid = round(t * rng.uniform(0.35, 0.6))
        return t, above, mid, backbone, peart

    tot = [0] * 5
    if p:
        tp = teachers(0, p, bb_p)
        tot = [a + b for a, b in zip(tot, tp)]
    if j:
        tj = teachers(1, j, bb_j)
        tot = [a + b for a, b in zip(tot, tj)]
    row["专任教师数"], row["高于规定学历专任教师数"], row["中级及以上职称专任教师数"], \
        row["县级以上骨干教师数"], row["体育艺术专任教师数"] = tot
    if p and j:
        row["初中部专任教师数"], row["初中部高于规定学历专任教师数"], row["初中部中级及以上职称专任教师数"], \
            row["初中部县级以上骨干教师数"], row["初中部体育艺术专任教师数"] = tj
    if p:
        row["小学在校生数"] = p
        row["小学班数"] = max(1, math.ceil(p / (maxc - 3 if maxc and maxc <= 45 else 43)))
        if p < 100:
            row["小学班数"] = 6 if p >= 60 else 4
    if j:
        row["初中在校生数"] = j
        row["初中班数"] = max(1, math.ceil(j / (min(maxc or 48, 50) - 3)))
    if s:
        row["高中在校生数"] = s
    if maxc is None:
        classes = (row["小学班数"] or 0) + (row["初中班数"] or 0)
        maxc = math.ceil(tot_n / classes) + rng.randint(1, 3) if tot_n > 100 else math.ceil(tot_n / classes) + 2
    row["最大班额"] = maxc
    classes = (row["小学班数"] or 0) + (row["初中班数"] or 0)
    need_rooms = math.ceil(classes / 12)
    row["音乐专用教室数"] = need_rooms if rng.random() > 0.2 else max(0, need_rooms - 1)
    row["美术专用教室数"] = need_rooms if rng.random() > 0.2 else max(0, need_rooms - 1)
    return row


def district():
    rng = random.Random(20261203)
    S = []
    a = lambda *x, **k: S.append(school(rng, *x, **k))
    # 嘉禾街道 (城区)
    a("嘉禾区第一实验小学", "小学", "公办", "嘉禾街道", "城区", p=1860, maxc=48, gym=900, bb_p=2.4)
    a("嘉禾区第二小学", "小学", "公办", "嘉禾街道", "城区", p=2140, maxc=52, bb_p=1.9,
      low={"sports": 0.62, "space": 0.9})
    a("嘉禾区实验初级中学", "初级中学", "公办", "嘉禾街道", "城区", j=1720, maxc=50, gym=1200, bb_j=3.6)
    a("嘉禾区第三中学", "完全中学", "公办", "嘉禾街道", "城区", j=980, s=1260, maxc=51, gym=1500, bb_j=2.8)
    a("嘉禾育英小学", "小学", "民办", "嘉禾街道", "城区", p=1240, maxc=44, bb_p=0.3,
      low={"backbone": 0.3, "peart": 0.7})
    a("嘉禾区文昌小学", "小学", "公办", "嘉禾街道", "城区", p=1320, maxc=46, bb_p=1.6)
    # 东湖街道 (城区)
    a("东湖街道中心小学", "小学", "公办", "东湖街道", "城区", p=1480, maxc=47, bb_p=1.8)
    a("东湖街道第二小学", "小学", "公办", "东湖街道", "城区", p=960, maxc=45, bb_p=1.3)
    a("东湖中学", "初级中学", "公办", "东湖街道", "城区", j=1260, maxc=58, gym=800, bb_j=3.1,
      low={"space": 0.88})
    a("东湖实验学校", "九年一贯制学校", "公办", "东湖街道", "城区", p=1180, j=760, maxc=49, gym=700,
      bb_p=1.7, bb_j=2.6)
    a("东湖博文中学", "初级中学", "民办", "东湖街道", "城区", j=640, maxc=50, bb_j=0.2,
      low={"backbone": 0.2, "mm": 0.8, "above": 0.95})
    a("东湖街道桂园小学", "小学", "公办", "东湖街道", "城区", p=1050, maxc=45, bb_p=1.4)
    # 白沙镇 (镇区)
    a("白沙镇中心小学", "小学", "公办", "白沙镇", "镇区", p=920, maxc=46, bb_p=1.2)
    a("白沙镇第二小学", "小学", "公办", "白沙镇", "镇区", p=430, maxc=42, bb_p=1.1)
    a("白沙镇中学", "初级中学", "公办", "白沙镇", "镇区", j=780, maxc=67, bb_j=0.9,
      low={"sports": 0.8, "equip": 0.9, "mm": 0.86})
    a("白沙学校", "九年一贯制学校", "公办", "白沙镇", "镇区", p=330, j=270, maxc=44, bb_p=0.8, bb_j=0.7,
      low={"space": 0.92, "equip": 0.75, "above": 0.9})
    a("白沙镇庙前小学", "小学", "公办", "白沙镇", "乡村", p=210, maxc=38, bb_p=1.0)
    a("白沙镇渡口小学", "小学", "公办", "白沙镇", "乡村", p=165, maxc=33, bb_p=0.9,
      low={"mm": 0.9})
    # 柳营镇 (乡村)
    a("柳营镇中心小学", "小学", "公办", "柳营镇", "镇区", p=640, maxc=44, bb_p=1.1)
    a("柳营镇中学", "初级中学", "公办", "柳营镇", "镇区", j=560, maxc=48, bb_j=0.8,
      low={"space": 0.87, "sports": 0.9, "equip": 0.95})
    a("柳营镇新塘小学", "小学", "公办", "柳营镇", "乡村", p=185, maxc=36, bb_p=1.0)
    a("柳营镇沙洲小学", "小学", "公办", "柳营镇", "乡村", p=126, maxc=30, bb_p=0.5,
      low={"equip": 0.7, "mm": 0.8, "sports": 0.95})
    a("柳营镇上坊教学点", "教学点", "公办", "柳营镇", "乡村", p=34, maxc=12, bb_p=0.0,
      low={"equip": 0.5, "space": 0.8})
    # 金塘镇 (乡村)
    a("金塘镇中心小学", "小学", "公办", "金塘镇", "镇区", p=520, maxc=43, bb_p=1.1)
    a("金塘镇中学", "初级中学", "公办", "金塘镇", "镇区", j=490, maxc=47, bb_j=0.6,
      low={"backbone": 0.6, "peart": 0.8})
    a("金塘镇东岙学校", "九年一贯制学校", "公办", "金塘镇", "乡村", p=240, j=190, maxc=40, bb_p=1.0,
      bb_j=0.9, low={"sports": 0.88})
    a("金塘镇西岙小学", "小学", "公办", "金塘镇", "乡村", p=150, maxc=32, bb_p=1.2)
    a("金塘镇后垟教学点", "教学点", "公办", "金塘镇", "乡村", p=68, maxc=14, bb_p=0.0,
      low={"mm": 0.7, "backbone": 0.0})
    return pd.DataFrame(S, columns=COLS)


def township():
    rng = random.Random(7788)
    S = []
    a = lambda *x, **k: S.append(school(rng, *x, **k))
    T = "枫坪乡"
    a("枫坪乡中心小学", "小学", "公办", T, "镇区", p=610, maxc=46, bb_p=1.3)
    a("枫坪乡中学", "初级中学", "公办", T, "镇区", j=520, maxc=52, bb_j=1.2,
      low={"sports": 0.84, "mm": 0.9})
    a("枫坪乡竹溪小学", "小学", "公办", T, "乡村", p=190, maxc=35, bb_p=0.4,
      low={"equip": 0.8, "backbone": 0.4})
    a("枫坪乡杨家湾小学", "小学", "公办", T, "乡村", p=95, maxc=18, bb_p=1.0,
      low={"space": 0.95})
    a("枫坪乡大坑教学点", "教学点", "公办", T, "乡村", p=28, maxc=10, bb_p=0.0)
    return pd.DataFrame(S, columns=COLS)


if __name__ == "__main__":
    district().to_excel(OUT / "嘉禾区.xlsx", index=False)
    township().to_excel(OUT / "枫坪乡.xlsx", index=False)
    print("written")
