"""Write the chat's fifth held-out set (issue 16, third round): a county (岚山县: two 街道, a 镇 and a 乡;
公办 and 民办; 教学点; 九年一贯制, 十二年一贯制 and a 完全中学) with questions of the kinds the chat_r2
failures showed, each in new words of the writer's own, not chat_r2's sentences: plan edits said without
quotes, a start moved, a document added to the basis; the 85% floor of a standard; how far a 差异系数 is
below its limit; 乡镇 by 乡镇 totals; the second of a ranking and 除了它; lists below a share of the
standard; a list ranked on its own indicator and totalled; kinds of school; indicator words typed by
sound. Figures from bench/chat_reference.py (pandas on the workbook headers, no metrics code).

    .venv/bin/python bench/make_chat_heldout5.py
    .venv/bin/python bench/blind_chat_eval.py bench/chat_heldout5.jsonl
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chat_reference import by_school, cv, guarantees, read, school_stages
from heldout_data import ROOT, adder, threshold, town_total, write_data, write_set
from make_samples import School

COUNTY = ROOT / "bench" / "heldout" / "岚山县.xlsx"
OUT = ROOT / "bench" / "chat_heldout5.jsonl"


def county() -> list[School]:
    cn, cb, yx, lq = "城南街道", "城北街道", "云溪镇", "龙泉乡"
    return [
        School("岚山县实验小学", "小学", cn, "城区", primary=1880, factor={"field": 0.66, "space": 0.9}),
        School("岚山县城南小学", "小学", cn, "城区", primary=1320, factor={"backbone": 0.7}),
        School("岚山县育英小学", "小学", cn, "城区", primary=960, ownership="民办", factor={"pe_art": 0.8}),
        School("岚山县第一中学", "完全中学", cn, "城区", junior=1200, senior=1400, gym=1500),
        School("岚山县城北小学", "小学", cb, "城区", primary=1540, factor={"equipment": 0.78, "field": 0.9}),
        School(
            "岚山县明远学校",
            "十二年一贯制学校",
            cb,
            "城区",
            primary=900,
            junior=700,
            senior=800,
            factor={"multimedia": 0.85},
        ),
        School(
            "岚山县城北初级中学", "初级中学", cb, "城区", junior=1350, factor={"field": 0.7, "space": 0.8}
        ),
        School(
            "岚山县启航中学",
            "初级中学",
            cb,
            "城区",
            junior=620,
            ownership="民办",
            factor={"backbone": 0.3, "equipment": 0.62},
        ),
        School("云溪镇中心小学", "小学", yx, "镇区", primary=880, factor={"equipment": 0.83}),
        School("云溪镇桥头小学", "小学", yx, "乡村", primary=340, factor={"backbone": 0.5, "equipment": 0.7}),
        School(
            "云溪镇九年一贯制学校",
            "九年一贯制学校",
            yx,
            "乡村",
            primary=420,
            junior=380,
            factor={"field": 0.8, "equipment": 0.9},
        ),
        School("云溪镇竹林教学点", "教学点", yx, "乡村", primary=44),
        School(
            "龙泉乡中心小学", "小学", lq, "镇区", primary=610, factor={"multimedia": 0.8, "equipment": 0.88}
        ),
        School("龙泉乡初级中学", "初级中学", lq, "镇区", junior=540, factor={"pe_art": 0.75, "field": 0.82}),
        School("龙泉乡石岭教学点", "教学点", lq, "乡村", primary=66, factor={"space": 0.8}),
    ]


def build() -> list[dict]:
    rows: list[dict] = []
    frame = read(COUNTY)
    stages = school_stages(frame)
    info = {s.name: s for s in county()}
    town_of = {n: info[n].township for n in info}

    c = adder(rows, "heldout5", COUNTY, "岚山县", "county")

    # --- plan edits said in the official's own words --------------------------------------------
    c(
        "plan_edit",
        ["起草一份实施方案", "在保障措施中添一条 县教育局每月通报一次工作进度", "把启动时间推迟到10月"],
        [{"names": ["实施方案"]}, {"names": ["保障措施", "每月通报"]}, {"names": ["10月"]}],
    )
    c(
        "plan_edit",
        ["帮我写实施方案", "工作目标这部分加上一句 2027年底前教学点全部达到标准"],
        [{"names": ["实施方案"]}, {"names": ["工作目标", "教学点全部达到标准"]}],
    )
    c(
        "plan_edit",
        ["生成方案", "文件依据里补上《义务教育学校管理标准》"],
        [{"names": ["实施方案"]}, {"names": ["义务教育学校管理标准"]}],
    )
    c("plan_edit", ["实施方案开始时间调整为后年4月"], [{"names": ["4月"]}])
    c("plan_edit", ["主要任务里再补充一句 推进教学点与中心校一体化管理"], [{"names": ["主要任务"]}])

    # --- the standard's floor and how far a CV is from its limit ---------------------------------
    c(
        "policy_compute",
        ["小学生均运动场面积标准的85%是多少"],
        [{"figures": [round(threshold("sports_space", "primary") * 0.85, 3)]}],  # 7.5×0.85 = 6.375
    )
    c(
        "policy_compute",
        ["初中每百名学生骨干教师标准多少", "那85%对应多少"],
        [{"figures": [1]}, {"figures": [0.85]}],  # 1×0.85
    )
    mm = cv(stages, "junior", "multimedia")
    c(
        "policy_compute",
        ["初中多媒体教室差异系数是多少，离上限还有多远"],
        [{"figures": [round(mm, 3), round(0.45 - mm, 3)]}],
    )
    c("policy_compute", ["一所学校30个班音乐教室要配几间"], [{"figures": [math.ceil(30 / 12)]}])

    # --- 乡镇 by 乡镇 ------------------------------------------------------------------------------
    sports = town_total(stages, town_of, "sports_space")
    c(
        "township_totals",
        ["每个乡镇的运动场缺口各是多少"],
        [{"figures": [v for v in sports.values() if v > 0], "names": list(sports)}],
    )
    pe = town_total(stages, town_of, "pe_art")
    c(
        "township_totals",
        ["各街道和乡镇分别还差几名体艺老师"],
        [{"figures": [v for v in pe.values() if v > 0], "names": [t for t, v in pe.items() if v > 0]}],
    )
    eq = town_total(stages, town_of, "equipment")
    c(
        "township_totals",
        ["分乡镇看，仪器设备缺口是多少"],
        [{"figures": [v for v in eq.values() if v > 0], "names": [t for t, v in eq.items() if v > 0]}],
    )

    # --- the second of a ranking, the next one, words typed by sound --------------------------------
    low = sorted((s for s in stages if s.stage == "primary"), key=lambda s: s.values["teaching_space"])
    c(
        "superlative",
        ["生均教学用房最小的小学是哪所", "第二小的呢"],
        [
            {"names": [low[0].name], "figures": [round(low[0].values["teaching_space"], 2)]},
            {"names": [low[1].name], "figures": [round(low[1].values["teaching_space"], 2)]},
        ],
    )
    bb = sorted((s for s in stages if s.stage == "junior"), key=lambda s: s.values["backbone"])
    c(
        "superlative",
        ["哪个初中每百名学生骨干教师最少", "除了它呢"],
        [
            {"names": [bb[0].name], "figures": [round(bb[0].values["backbone"], 3)]},
            {"names": [bb[1].name], "figures": [round(bb[1].values["backbone"], 3)]},
        ],
    )
    mmp = sorted((s for s in stages if s.stage == "primary"), key=lambda s: s.values["multimedia"])
    c(
        "superlative",
        ["多煤体教室生均最少的小学是哪个"],
        [{"names": [mmp[0].name], "figures": [round(mmp[0].values["multimedia"], 3)]}],
    )

    # --- lists: below a share of the standard, a town of the list, ranked and totalled ------------
    field_fail = [s for s in stages if s.stage == "primary" and "sports_space" in s.gaps]
    t = threshold("sports_space", "primary")
    below = [s.name for s in field_fail if s.values["sports_space"] < 0.85 * t]
    above = [s.name for s in field_fail if s.values["sports_space"] >= 0.85 * t]
    c(
        "list_refine",
        ["运动场没达标的小学有哪些", "其中低于标准85%的是哪些"],
        [{"names": [s.name for s in field_fail]}, {"names": below, "absent": above}],
    )
    juniors = [s for s in stages if s.stage == "junior"]
    floor = threshold("equipment", "junior") * 0.85  # 2500×0.85 = 2125
    c(
        "list_refine",
        ["初中生均仪器设备值的85%是多少", "哪些初中低于这个值"],
        [
            {"figures": [floor]},
            {
                "names": [s.name for s in juniors if s.values["equipment"] < floor],
                "absent": [s.name for s in juniors if s.values["equipment"] >= floor],
            },
        ],
    )
    eq_fail = [s for s in stages if "equipment" in s.gaps]
    yx = [s for s in eq_fail if town_of[s.name] == "云溪镇"]
    ordered = sorted(yx, key=lambda s: -s.gaps["equipment"])
    c(
        "list_refine",
        ["列出设备没达标的学校", "其中云溪镇的呢", "按缺口从大到小排", "这几所合计差多少钱"],
        [
            {"names": sorted({s.name for s in eq_fail})},
            {"names": [s.name for s in yx], "absent": [s.name for s in eq_fail if s not in yx]},
            {"names": [s.name for s in ordered], "figures": [round(s.gaps["equipment"], 2) for s in ordered]},
            {"figures": [round(sum(s.gaps["equipment"] for s in yx), 2)]},
        ],
    )

    # --- kinds of school ----------------------------------------------------------------------------
    gs = {g.name: g for g in guarantees(frame)}
    twelve = [n for n, s in info.items() if s.school_type == "十二年一贯制学校"]
    c(
        "kinds",
        ["十二年一贯制学校有几所", "它的规模超了吗"],
        [
            {"figures": [len(twelve)], "names": twelve},
            {"figures": [gs[twelve[0]].students, gs[twelve[0]].size_limit]},  # 900+700, ≤2500
        ],
    )
    nine = [n for n, s in info.items() if s.school_type == "九年一贯制学校"]
    c("kinds", ["九年一贯制的有哪些学校"], [{"names": nine, "absent": twelve}])
    passed = by_school(stages)
    private = [n for n, s in info.items() if s.ownership == "民办"]
    c(
        "kinds",
        ["民办学校都有哪几所，达标了吗"],
        [{"names": private}],
    )
    c("kinds", ["完全中学是哪所"], [{"names": [n for n, s in info.items() if s.school_type == "完全中学"]}])
    failing = [n for n, ok in passed.items() if not ok]
    c("verdict", ["全县有几所学校没达标"], [{"figures": [len(failing)]}])
    return rows


def main() -> int:
    write_data(COUNTY, county(), 81016, "岚山县")
    write_set(OUT, build())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
