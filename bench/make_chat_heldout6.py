"""Write the chat's sixth held-out set (issue 16, third round, measured once after the round's changes):
a county not seen before (溪口县: 街道 whose short names are also schools', a 镇 and a 乡, 民办 schools, 教学
点, 九年一贯制, 十二年一贯制) and questions of the r2 failure kinds in wordings not used while coding. Figures
from bench/chat_reference.py (pandas on the workbook headers, no metrics code).

    .venv/bin/python bench/make_chat_heldout6.py
    .venv/bin/python bench/blind_chat_eval.py bench/chat_heldout6.jsonl
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chat_reference import by_school, cv, guarantees, read, school_stages
from heldout_data import ROOT, adder, threshold, town_total, write_data, write_set
from make_samples import School

COUNTY = ROOT / "bench" / "heldout" / "溪口县.xlsx"
OUT = ROOT / "bench" / "chat_heldout6.jsonl"


def county() -> list[School]:
    hb, xm, ps, bl = "河滨街道", "西门街道", "平山镇", "白鹭乡"
    return [
        School("溪口县实验小学", "小学", hb, "城区", primary=1760, factor={"space": 0.8}),
        School("河滨小学", "小学", hb, "城区", primary=1180, factor={"field": 0.7, "equipment": 0.8}),
        School(
            "溪口县河滨学校", "九年一贯制学校", hb, "城区", primary=700, junior=560, factor={"backbone": 0.55}
        ),
        School(
            "溪口县博才小学", "小学", hb, "城区", primary=820, ownership="民办", factor={"multimedia": 0.8}
        ),
        School("溪口县第一中学", "完全中学", xm, "城区", junior=1300, senior=1500, gym=1400),
        School("西门小学", "小学", xm, "城区", primary=1420, factor={"pe_art": 0.78}),
        School(
            "溪口县西门初级中学", "初级中学", xm, "城区", junior=1180, factor={"space": 0.78, "field": 0.84}
        ),
        School(
            "溪口县英才学校",
            "十二年一贯制学校",
            xm,
            "城区",
            primary=800,
            junior=600,
            senior=900,
            ownership="民办",
            factor={"equipment": 0.9},
        ),
        School(
            "平山镇中心小学", "小学", ps, "镇区", primary=760, factor={"equipment": 0.82, "backbone": 0.8}
        ),
        School(
            "平山镇东岗小学", "小学", ps, "乡村", primary=300, factor={"backbone": 0.4, "multimedia": 0.8}
        ),
        School("平山镇初级中学", "初级中学", ps, "镇区", junior=820, factor={"equipment": 0.66}),
        School("平山镇茅岭教学点", "教学点", ps, "乡村", primary=38),
        School("白鹭乡中心小学", "小学", bl, "镇区", primary=540, factor={"field": 0.8, "pe_art": 0.7}),
        School(
            "白鹭乡九年一贯制学校",
            "九年一贯制学校",
            bl,
            "乡村",
            primary=360,
            junior=300,
            factor={"space": 0.9},
        ),
        School("白鹭乡沙坪教学点", "教学点", bl, "乡村", primary=62, factor={"backbone": 0.0}),
    ]


def build() -> list[dict]:
    rows: list[dict] = []
    frame = read(COUNTY)
    stages = school_stages(frame)
    info = {s.name: s for s in county()}
    town_of = {n: info[n].township for n in info}

    c = adder(rows, "heldout6", COUNTY, "溪口县", "county")

    def gap_sum(key: str, keep) -> float:
        return round(sum(s.gaps.get(key, 0.0) for s in stages if keep(s)), 2)

    # plan edits in other words
    c(
        "plan_edit",
        ["出一份实施方案", "主要任务后面添一句 每所中心校结对帮扶一个教学点", "实施的起始月份定在明年5月"],
        [{"names": ["实施方案"]}, {"names": ["主要任务", "结对帮扶"]}, {"names": ["5月"]}],
    )
    c(
        "plan_edit",
        ["生成实施方案", "政策依据里加上《关于进一步加强中小学规划建设的通知》"],
        [{"names": ["实施方案"]}, {"names": ["关于进一步加强中小学规划建设的通知"]}],
    )
    c("plan_edit", ["保障措施那节补一条 县财政设立均衡发展专项资金"], [{"names": ["保障措施"]}])
    # ambiguous short names: a street and schools
    c(
        "ambiguous",
        ["河滨的运动场差多少", "整个街道"],
        [
            {"kind": "ask_back", "names": ["河滨街道", "河滨小学"]},
            {"figures": [town_total(stages, town_of, "sports_space")["河滨街道"]], "names": ["河滨街道"]},
        ],
    )
    c("ambiguous", ["西门那边体艺老师够不够"], [{"kind": "ask_back", "names": ["西门街道", "西门小学"]}])
    c(
        "township_totals",
        ["河滨一共还缺多少骨干老师"],
        [{"figures": [town_total(stages, town_of, "backbone")["河滨街道"]]}],
    )
    # town by town
    bb = town_total(stages, town_of, "backbone")
    c(
        "township_totals",
        ["骨干教师缺口按乡镇分别列一下"],
        [{"figures": [v for v in bb.values() if v > 0], "names": [t for t, v in bb.items() if v > 0]}],
    )
    ts = town_total(stages, town_of, "teaching_space")
    c(
        "township_totals",
        ["平山镇和白鹭乡的教学用房缺口分别多少"],
        [{"figures": [v for t, v in ts.items() if t in ("平山镇", "白鹭乡") and v > 0]}],
    )
    # the floor of a standard and CV margins
    c(
        "policy_compute",
        ["初中生均运动场馆面积按85%算最低是多少"],
        [{"figures": [round(threshold("sports_space", "junior") * 0.85, 2)]}],  # 10.2×0.85 = 8.67
    )
    c(
        "policy_compute",
        ["小学生均仪器设备值标准是多少", "它的85%呢"],
        [{"figures": [2000]}, {"figures": [1700]}],
    )
    bcv = cv(stages, "primary", "backbone")
    limit = 0.5
    c(
        "policy_compute",
        ["小学骨干教师的差异系数多少，跟上限比还差多少"],
        [{"figures": [round(bcv, 3), round(abs(limit - bcv), 3)]}],
    )
    c("policy_compute", ["初中一个班最多能有多少学生"], [{"figures": [50]}])
    c("policy_compute", ["一个学校有30个班，美术教室要几间"], [{"figures": [math.ceil(30 / 12)]}])
    # superlatives and the next down
    eq = sorted((s for s in stages if s.stage == "primary"), key=lambda s: s.values["equipment"])
    c(
        "superlative",
        ["生均设备值最低的小学是哪所", "排在它后面的呢"],
        [{"names": [eq[0].name]}, {"names": [eq[1].name]}],
    )
    c(
        "superlative",
        ["小学里哪所骨干最缺", "其次呢"],
        [
            {
                "names": [
                    max(
                        (s for s in stages if s.stage == "primary"), key=lambda s: s.gaps.get("backbone", 0)
                    ).name
                ]
            },
            {
                "names": [
                    sorted(
                        (s for s in stages if s.stage == "primary"), key=lambda s: -s.gaps.get("backbone", 0)
                    )[1].name
                ]
            },
        ],
    )
    # lists refined
    field_fail = [s for s in stages if "sports_space" in s.gaps]
    below = [
        s.name for s in field_fail if s.values["sports_space"] < 0.85 * threshold("sports_space", s.stage)
    ]
    above = [s.name for s in field_fail if s.name not in below]
    c(
        "list_refine",
        ["哪些学校运动场不够", "这里面不到标准85%的有哪些"],
        [{"names": sorted({s.name for s in field_fail})}, {"names": below, "absent": above}],
    )
    eq_fail = [s for s in stages if "equipment" in s.gaps]
    ps = [s for s in eq_fail if town_of[s.name] == "平山镇"]
    c(
        "list_refine",
        ["设备不达标的学校列出来", "只看平山镇的", "它们加起来缺多少钱"],
        [
            {"names": sorted({s.name for s in eq_fail})},
            {"names": [s.name for s in ps]},
            {"figures": [round(sum(s.gaps["equipment"] for s in ps), 2)]},
        ],
    )
    # kinds and statuses
    gs = {g.name: g for g in guarantees(frame)}
    c(
        "kinds",
        ["全县十二年一贯制学校是哪一所", "它规模算超了吗"],
        [{"names": ["溪口县英才学校"]}, {"figures": [gs["溪口县英才学校"].students]}],
    )
    full = [n for n, ok in by_school(stages).items() if all(not s.gaps for s in stages if s.name == n)]
    c("verdict", ["每一项指标都达到标准的学校有几所"], [{"figures": [len(full)]}])
    passed = by_school(stages)
    short = [n for n, ok in passed.items() if ok and any(s.gaps for s in stages if s.name == n)]
    c("verdict", ["有哪些学校算达标了可还有一项不够标准"], [{"names": short}])
    private = [n for n, s in info.items() if s.ownership == "民办"]
    c("kinds", ["民办的学校是哪几所，都过关了吗"], [{"names": private}])
    c("missing", ["小学部差什么"], [{"kind": "ask_back"}])
    return rows


def main() -> int:
    write_data(COUNTY, county(), 91016, "溪口县")
    write_set(OUT, build())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
