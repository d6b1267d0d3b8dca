"""Write the chat's second held-out set (round 2): another county the chat was never tuned on (龙溪县,
with 街道, a 完全中学, a 十二年一贯制学校 and 中心学校) and fresh questions in the blind writers' format.
Written after round 1 was measured (bench/chat_heldout.jsonl: 93.3 %) and before the fixes of round 2,
so that round 2 is measured on questions its fixes never saw.

    .venv/bin/python bench/make_chat_heldout2.py
    .venv/bin/python bench/blind_chat_eval.py bench/chat_heldout2.jsonl

Expected figures come from the independent pandas reference (bench/chat_reference.py).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from chat_reference import INDICATORS, cv, guarantees, read, school_stages  # noqa: E402
from make_samples import School, build_row, write_xlsx  # noqa: E402

DATA = ROOT / "bench" / "heldout" / "龙溪县.xlsx"
OUT = ROOT / "bench" / "chat_heldout2.jsonl"
REGION = "龙溪县"
SEED = 40417


def county() -> list[School]:
    cd, cx, mt, sh, ys = "城东街道", "城西街道", "马塘镇", "沙河乡", "岩山镇"
    return [
        School(
            "龙溪县城东第一小学",
            "小学",
            cd,
            "城区",
            primary=2260,
            gym=900,
            big_class=61,
            factor={"field": 0.68},
        ),
        School("龙溪县城东第二小学", "小学", cd, "城区", primary=1390, factor={"backbone": 0.62}),
        School("龙溪县城西小学", "小学", cx, "城区", primary=1610, gym=800),
        School("龙溪县第一中学", "完全中学", cx, "城区", junior=1250, senior=1500, gym=1600),
        School(
            "龙溪县城西初级中学",
            "初级中学",
            cx,
            "城区",
            junior=980,
            factor={"pe_art": 0.66, "equipment": 0.8},
        ),
        School(
            "龙溪县外国语学校",
            "十二年一贯制学校",
            cd,
            "城区",
            primary=700,
            junior=520,
            senior=400,
            ownership="民办",
            factor={"backbone": 0.45, "space": 0.86},
        ),
        School(
            "马塘镇中心学校",
            "九年一贯制学校",
            mt,
            "镇区",
            primary=640,
            junior=480,
            factor={"multimedia": 0.72},
        ),
        School("马塘镇第二小学", "小学", mt, "乡村", primary=380, factor={"equipment": 0.66}),
        School("马塘镇青龙教学点", "教学点", mt, "乡村", primary=47, factor={"backbone": 0.0}),
        School("沙河乡中心小学", "小学", sh, "镇区", primary=560, factor={"backbone": 0.72, "field": 0.7}),
        School("沙河乡初级中学", "初级中学", sh, "镇区", junior=430),
        School("沙河乡石坝小学", "小学", sh, "乡村", primary=210, factor={"above_degree_share": 0.72}),
        School("岩山镇中心小学", "小学", ys, "镇区", primary=870),
        School("岩山镇初级中学", "初级中学", ys, "镇区", junior=610, factor={"backbone": 0.6, "field": 0.85}),
        School("岩山镇白杨小学", "小学", ys, "乡村", primary=300, factor={"multimedia": 0.7, "pe_art": 0.7}),
        School("岩山镇柿子坪教学点", "教学点", ys, "乡村", primary=58, factor={"equipment": 0.75}),
    ]


def write_county() -> None:
    DATA.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    rows = [build_row(s, rng) for s in county()]
    write_xlsx(rows, DATA, title=f"{REGION}2024年义务教育学校基本情况（虚构示例数据）")


def build() -> list[dict]:
    frame = read(DATA)
    stages = school_stages(frame)
    info = {s.name: s for s in county()}
    rows: list[dict] = []

    def add(category: str, turns: list[str], expect: list[dict]) -> None:
        rows.append(
            {
                "id": f"heldout2-{len(rows) + 1:03d}",
                "category": category,
                "data": str(DATA.relative_to(ROOT)),
                "region": REGION,
                "level": "county",
                "turns": turns,
                "expect": expect,
            }
        )

    def part(name: str, stage: str | None = None):
        return next(s for s in stages if s.name == name and (stage is None or s.stage == stage))

    def total(key: str, keep=lambda s: True) -> float:
        return round(sum(s.gaps.get(key, 0) for s in stages if keep(s)), 2)

    judged: dict[str, bool] = {}
    for s in stages:
        judged[s.name] = judged.get(s.name, True) and s.passed
    town = {n: info[n].township for n in judged}

    def read_as(name: str) -> str:
        return f"按 {name}"

    e1, e2 = "龙溪县城东第一小学", "龙溪县城东第二小学"
    # --- schools by their everyday names ---------------------------------------------------------
    add(
        "school",
        ["城东一小的短板在哪"],
        [{"names": [e1], "figures": [round(v, 2) for v in part(e1).gaps.values()]}],
    )
    add(
        "school",
        ["城东二小骨干教师还差几名"],
        [{"names": [e2], "figures": [part(e2).gaps.get("backbone", 0)]}],
    )
    add("school", ["外国语学校小学部怎么样"], [{"names": ["龙溪县外国语学校"], "absent": ["（初中，"]}])
    add("school", ["马塘中心学校初中部差哪些"], [{"names": ["马塘镇中心学校"], "absent": ["（小学，"]}])
    add(
        "names",
        ["城冬一小运动场差多少"],
        [{"names": [e1], "figures": [round(part(e1).gaps["sports_space"], 2)]}],
    )
    add("names", ["岩三镇白杨小学情况"], [{"names": ["岩山镇白杨小学"]}])
    add("names", ["县一中初中部达标没"], [{"names": ["龙溪县第一中学"]}])
    add("names", ["沙河石坝小学高学历老师够吗"], [{"names": ["沙河乡石坝小学"]}])

    # --- ask back ----------------------------------------------------------------------------------
    add("ask", ["中心小学达标了吗"], [{"kind": "ask_back"}])
    add("ask", ["给岩山初中补一些骨干老师能达标吗"], [{"kind": "ask_back"}])
    add("ask", ["城东三小怎么样"], [{"kind": "ask_back"}])

    # --- the subject follows the official --------------------------------------------------------
    failing = [n for n, ok in judged.items() if not ok]
    add(
        "scope",
        ["城东一小差什么", "全县一共多少所学校没达标"],
        [{"names": [e1]}, {"figures": [len(failing)], "absent": [read_as(e1)]}],
    )
    add(
        "scope",
        ["城东二小差什么", "各校骨干教师一共还差多少"],
        [{"names": [e2]}, {"figures": [total("backbone")], "absent": [read_as(e2)]}],
    )
    add(
        "scope",
        ["沙河中心小学还缺啥", "帮我查一下火车票", "它的运动场呢"],
        [
            {"names": ["沙河乡中心小学"]},
            {"kind": "refuse"},
            {"names": ["沙河乡中心小学"], "figures": [round(part("沙河乡中心小学").gaps["sports_space"], 2)]},
        ],
    )
    add(
        "scope",
        ["岩山镇中心小学怎么样", "初中部呢"],
        [{"names": ["岩山镇中心小学"]}, {"names": ["岩山镇中心小学"], "absent": ["需增加"]}],
    )

    # --- 乡镇 and 街道, ownership, kinds -------------------------------------------------------------
    add(
        "filter",
        ["岩山镇一共还缺几个骨干老师"],
        [{"figures": [total("backbone", lambda s: town[s.name] == "岩山镇")]}],
    )
    add(
        "filter",
        ["城东街道的学校运动场加起来还差多少平方米"],
        [{"figures": [total("sports_space", lambda s: town[s.name] == "城东街道")]}],
    )
    priv = {n for n in judged if info[n].ownership == "民办"}
    add(
        "filter",
        ["除去民办，全县小学骨干老师缺多少"],
        [{"figures": [total("backbone", lambda s: s.stage == "primary" and s.name not in priv)]}],
    )
    bad_mm = sorted({s.name for s in stages if "multimedia" in s.gaps})
    add("filter", ["多媒体教室不够的有哪几所"], [{"names": bad_mm}])
    sh = [n for n in judged if town[n] == "沙河乡"]
    add(
        "filter",
        ["沙河乡的学校都达标了吗", "其中没达标的差什么"],
        [{"names": sh}, {"names": [n for n in sh if not judged[n]]}],
    )
    points = [n for n in judged if info[n].school_type == "教学点"]
    add("filter", ["参评的教学点有几个"], [{"figures": [len(points)]}])
    juniors = sorted({s.name for s in stages if s.stage == "junior"})
    j_fail = sorted({s.name for s in stages if s.stage == "junior" and not s.passed})
    add(
        "filter",
        ["初中一共几所", "它们中没达标的是哪些"],
        [{"figures": [len(juniors)]}, {"names": j_fail, "absent": [n for n in juniors if n not in j_fail]}],
    )

    # --- shortfalls ---------------------------------------------------------------------------------
    for key, q in (
        ("equipment", "哪所学校的教学仪器设备缺口最大"),
        ("backbone", "骨干教师缺的最多的学校"),
        ("sports_space", "运动场最缺的是哪所学校"),
    ):
        need: dict[str, float] = {}
        for s in stages:
            if key in s.gaps:
                need[s.name] = need.get(s.name, 0) + s.gaps[key]
        top = max(need, key=lambda n: need[n])
        add("superlative", [q], [{"names": [top], "figures": [round(need[top], 2)]}])
    low = min((s for s in stages if s.stage == "junior"), key=lambda s: s.values["pe_art"])
    add("superlative", ["初中体育艺术教师配得最少的是哪所"], [{"names": [low.name]}])

    # --- comparisons, transfers, composite ------------------------------------------------------------
    a = total("backbone", lambda s: town[s.name] == "马塘镇")
    b = total("backbone", lambda s: town[s.name] == "岩山镇")
    add("compare", ["马塘镇跟岩山镇比，谁缺的骨干老师多"], [{"figures": [a, b]}])
    add("compare", ["城东一小和城西小学对比一下"], [{"names": [e1, "龙溪县城西小学"]}])
    before = cv(stages, "primary", "backbone")
    moved = school_stages(
        frame, {"龙溪县城西小学": {"县级以上骨干教师数（人）": -4}, e2: {"县级以上骨干教师数（人）": 4}}
    )
    add(
        "transfer",
        ["城西小学调4个骨干教师去城东二小，小学骨干的差异系数怎么变"],
        [{"figures": [round(before, 3), round(cv(moved, "primary", "backbone"), 3)]}],
    )
    comp = float(np.mean([cv(stages, "primary", k) for k in INDICATORS]))
    add("composite", ["小学的综合差异系数算出来多少"], [{"figures": [round(comp, 3)]}])

    # --- the standard worked out, policy -----------------------------------------------------------------
    add("policy", ["一所初中18个班应配几间音乐室"], [{"figures": [math.ceil(18 / 12)]}])
    add("policy", ["600人的小学要多少生均教学仪器设备值才达标"], [{"figures": [2000]}])
    add("policy", ["优质均衡的资源配置指标有几项"], [{"figures": [7]}])
    add("policy", ["初中班额最多多少人"], [{"figures": [50]}])

    # --- ellipsis ---------------------------------------------------------------------------------------
    add(
        "ellipsis",
        ["小学体育艺术教师差异系数多少", "初中的呢"],
        [
            {"figures": [round(cv(stages, "primary", "pe_art"), 3)]},
            {"figures": [round(cv(stages, "junior", "pe_art"), 3)]},
        ],
    )
    gs = {g.name: g for g in guarantees(frame)}
    add(
        "ellipsis",
        ["城东一小班额多大", "城西小学呢"],
        [{"figures": [gs[e1].max_class]}, {"figures": [gs["龙溪县城西小学"].max_class]}],
    )
    add(
        "ellipsis",
        ["马塘镇有几所没达标", "沙河乡呢"],
        [
            {"figures": [sum(1 for n, ok in judged.items() if not ok and town[n] == "马塘镇")]},
            {"figures": [sum(1 for n, ok in judged.items() if not ok and town[n] == "沙河乡")]},
        ],
    )

    # --- plan ---------------------------------------------------------------------------------------------
    add(
        "plan",
        ["起草实施方案", "保障措施里补充一句：建立督学包片责任制。", "方案依据哪些文件"],
        [{}, {"names": ["建立督学包片责任制"]}, {"names": ["教督〔2017〕6号"]}],
    )

    # --- off topic ---------------------------------------------------------------------------------------
    add("refuse", ["讲个笑话"], [{"kind": "refuse"}])
    add("refuse", ["附近有什么好吃的"], [{"kind": "refuse"}])
    return rows


def main() -> int:
    write_county()
    rows = build()
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    turns = sum(len(r["turns"]) for r in rows)
    where = f"{DATA.relative_to(ROOT)} and {OUT.relative_to(ROOT)}"
    print(f"wrote {where}: {len(rows)} conversations, {turns} turns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
