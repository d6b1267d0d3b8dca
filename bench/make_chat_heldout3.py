"""Write the chat's third held-out set: a district (东湖区, 街道 and 镇, a 民办 初中, a 九年一贯制 with a
中心学校 name) and fresh, more colloquial questions in the blind writers' format. Written after the fourth
round of changes and measured once, at the end, without changing the chat after reading it.

    .venv/bin/python bench/make_chat_heldout3.py
    .venv/bin/python bench/blind_chat_eval.py bench/chat_heldout3.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from chat_reference import cv, guarantees, read, school_stages  # noqa: E402
from make_samples import School, build_row, write_xlsx  # noqa: E402

DATA = ROOT / "bench" / "heldout" / "东湖区.xlsx"
OUT = ROOT / "bench" / "chat_heldout3.jsonl"
REGION = "东湖区"
SEED = 55103


def district() -> list[School]:
    hs, nm, gq, lt = "湖滨街道", "南门街道", "高桥镇", "龙潭镇"
    return [
        School("东湖区湖滨小学", "小学", hs, "城区", primary=1880, gym=800, factor={"pe_art": 0.72}),
        School("东湖区湖滨第二小学", "小学", hs, "城区", primary=1240, factor={"field": 0.66}),
        School("东湖区南门小学", "小学", nm, "城区", primary=1560, gym=700, big_class=57),
        School("东湖区南门初级中学", "初级中学", nm, "城区", junior=1320, gym=1200, factor={"backbone": 0.7}),
        School("东湖区湖滨中学", "初级中学", hs, "城区", junior=1460, gym=1300),
        School(
            "东湖区博文中学",
            "初级中学",
            nm,
            "城区",
            junior=690,
            ownership="民办",
            factor={"above_degree_share": 0.78, "multimedia": 0.8},
        ),
        School(
            "高桥镇中心学校", "九年一贯制学校", gq, "镇区", primary=720, junior=560, factor={"equipment": 0.7}
        ),
        School("高桥镇柏林小学", "小学", gq, "乡村", primary=260, factor={"backbone": 0.5}),
        School("高桥镇白鹤教学点", "教学点", gq, "乡村", primary=33, factor={"backbone": 0.0}),
        School("龙潭镇中心小学", "小学", lt, "镇区", primary=940, factor={"space": 0.8}),
        School("龙潭镇初级中学", "初级中学", lt, "镇区", junior=610, factor={"pe_art": 0.7, "field": 0.82}),
        School("龙潭镇新村小学", "小学", lt, "乡村", primary=350),
        School("龙潭镇水口教学点", "教学点", lt, "乡村", primary=66, factor={"equipment": 0.7}),
    ]


def build() -> list[dict]:
    frame = read(DATA)
    stages = school_stages(frame)
    info = {s.name: s for s in district()}
    rows: list[dict] = []

    def add(category: str, turns: list[str], expect: list[dict]) -> None:
        rows.append(
            {
                "id": f"heldout3-{len(rows) + 1:03d}",
                "category": category,
                "data": str(DATA.relative_to(ROOT)),
                "region": REGION,
                "level": "district",
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
    hb2 = "东湖区湖滨第二小学"

    add(
        "school",
        ["湖滨二小操场到底差多少"],
        [{"names": [hb2], "figures": [round(part(hb2).gaps["sports_space"], 2)]}],
    )
    add("school", ["博文中学老师学历达标吗"], [{"names": ["东湖区博文中学"]}])
    add("school", ["高桥中心学校初中那边设备咋样"], [{"names": ["高桥镇中心学校"], "absent": ["（小学，"]}])
    add("names", ["胡滨小学的体艺老师够不够"], [{"names": ["东湖区湖滨小学"]}])
    add("names", ["龙谭新村小学"], [{"names": ["龙潭镇新村小学"]}])
    add("ask", ["中心学校怎么样"], [{"kind": "ask_back"}])
    add("ask", ["湖滨小学配一批体育老师能行吗"], [{"kind": "ask_back"}])
    failing = [n for n, ok in judged.items() if not ok]
    add(
        "scope",
        ["湖滨二小差啥", "全区还有多少学校不达标"],
        [{"names": [hb2]}, {"figures": [len(failing)], "absent": [f"按 {hb2}"]}],
    )
    add(
        "scope",
        ["龙潭中心小学怎么样", "股票能买吗", "那它教学用房差多少"],
        [
            {"names": ["龙潭镇中心小学"]},
            {"kind": "refuse"},
            {
                "names": ["龙潭镇中心小学"],
                "figures": [round(part("龙潭镇中心小学").gaps["teaching_space"], 2)],
            },
        ],
    )
    add(
        "filter",
        ["龙潭镇总共缺多少体育艺术老师"],
        [{"figures": [total("pe_art", lambda s: town[s.name] == "龙潭镇")]}],
    )
    add(
        "filter",
        ["街道的学校里哪些没达标"],
        [{"names": sorted(n for n in failing if town[n].endswith("街道"))}],
    )
    public_junior_failing = sorted(
        {s.name for s in stages if s.stage == "junior" and not s.passed and info[s.name].ownership == "公办"}
    )
    add("filter", ["公办初中有哪些没达标"], [{"names": public_junior_failing, "absent": ["东湖区博文中学"]}])
    add(
        "filter",
        ["高桥镇有几所学校", "它们都达标了吗"],
        [{"figures": [sum(1 for n in judged if town[n] == "高桥镇")]}, {}],
    )
    need: dict[str, float] = {}
    for s in stages:
        if "sports_space" in s.gaps:
            need[s.name] = need.get(s.name, 0) + s.gaps["sports_space"]
    top = max(need, key=lambda n: need[n])
    add("superlative", ["运动场地缺口排第一的是谁"], [{"names": [top], "figures": [round(need[top], 2)]}])
    a = total("pe_art", lambda s: town[s.name] == "湖滨街道")
    b = total("pe_art", lambda s: town[s.name] == "龙潭镇")
    add("compare", ["湖滨街道和龙潭镇比，谁缺的体育艺术老师多"], [{"figures": [a, b]}])
    before = cv(stages, "junior", "backbone")
    moved = school_stages(
        frame,
        {
            "东湖区湖滨中学": {"县级以上骨干教师数（人）": -3},
            "东湖区南门初级中学": {"县级以上骨干教师数（人）": 3},
        },
    )
    add(
        "transfer",
        ["把湖滨中学3名骨干老师交流到南门初中，初中骨干差异系数多少"],
        [{"figures": [round(before, 3), round(cv(moved, "junior", "backbone"), 3)]}],
    )
    add(
        "ellipsis",
        ["初中骨干教师的差异系数", "小学呢"],
        [
            {"figures": [round(cv(stages, "junior", "backbone"), 3)]},
            {"figures": [round(cv(stages, "primary", "backbone"), 3)]},
        ],
    )
    gs = {g.name: g for g in guarantees(frame)}
    add("guarantee", ["南门小学是不是大班额"], [{"figures": [gs["东湖区南门小学"].max_class]}])
    add("policy", ["小学一个年级4个班，6个年级共要几间美术教室"], [{"figures": [2]}])
    add(
        "plan",
        ["帮我出一份实施方案", "在严格督导考核里加一句：每学期开展一次专项督导。", "方案是根据哪些文件写的"],
        [{}, {"names": ["每学期开展一次专项督导"]}, {"names": ["教督〔2017〕6号"]}],
    )
    add("refuse", ["你喜欢什么颜色"], [{"kind": "refuse"}])
    return rows


def main() -> int:
    DATA.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    write_xlsx(
        [build_row(s, rng) for s in district()],
        DATA,
        title=f"{REGION}2024年义务教育学校基本情况（虚构示例数据）",
    )
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
