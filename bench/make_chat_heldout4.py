"""Write the chat's fourth held-out set: a district (西江区: 街道 and 镇, 实验小学 beside 实验中学, three
第二小学, two 镇 初级中学, a 完全中学, a 民办 九年一贯制) and a town (桃溪镇), with questions in the blind
writers' format as officials type them: fragments that refine the last question (…呢, 换成…, 不算…),
totals for a 乡镇 in several units, rankings and their second place, verdicts with their deciding
figures, short names asked back and answered by place, lists of only the schools meant, plan edits and
off-topic questions that name a place. Written before issue 16's second round was coded and measured
once, at its end; figures from bench/chat_reference.py (pandas on the workbook, no metrics code).

    .venv/bin/python bench/make_chat_heldout4.py
    .venv/bin/python bench/blind_chat_eval.py bench/chat_heldout4.jsonl
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chat_reference import by_school, cv, guarantees, read, school_stages
from heldout_data import ROOT, adder, part, write_data, write_set
from make_samples import School

DISTRICT = ROOT / "bench" / "heldout" / "西江区.xlsx"
TOWN = ROOT / "bench" / "heldout" / "桃溪镇.xlsx"
OUT = ROOT / "bench" / "chat_heldout4.jsonl"
BACKBONE = "县级以上骨干教师数（人）"


def district() -> list[School]:
    jb, dg, sm, lt = "江滨街道", "东关街道", "石门镇", "柳塘镇"
    return [
        School(
            "西江区实验小学", "小学", jb, "城区", primary=1960, gym=600, big_class=58, factor={"field": 0.68}
        ),
        School("西江区江滨小学", "小学", jb, "城区", primary=1420, factor={"backbone": 0.62}),
        School(
            "西江区东关小学",
            "小学",
            dg,
            "城区",
            primary=1680,
            gym=500,
            factor={"pe_art": 0.74, "equipment": 0.72, "space": 0.8},
        ),
        School("西江区第二小学", "小学", dg, "城区", primary=1230, factor={"space": 0.8, "field": 0.75}),
        School("西江区实验中学", "初级中学", jb, "城区", junior=1500, gym=1400, factor={"backbone": 2.4}),
        School(
            "西江区第一中学",
            "完全中学",
            dg,
            "城区",
            junior=1100,
            senior=1500,
            gym=1600,
            factor={"multimedia": 0.8, "field": 0.8},
        ),
        School(
            "西江区启明学校",
            "九年一贯制学校",
            dg,
            "城区",
            primary=600,
            junior=400,
            ownership="民办",
            factor={"equipment": 0.7},
        ),
        School(
            "石门镇中心小学", "小学", sm, "镇区", primary=820, factor={"equipment": 0.72, "multimedia": 0.82}
        ),
        School("石门镇第二小学", "小学", sm, "乡村", primary=310, factor={"backbone": 0.6, "pe_art": 0.6}),
        School(
            "石门镇初级中学",
            "初级中学",
            sm,
            "镇区",
            junior=760,
            factor={"field": 0.8, "pe_art": 0.7, "backbone": 0.45},
        ),
        School("石门镇坪上教学点", "教学点", sm, "乡村", primary=41),
        School(
            "柳塘镇中心小学",
            "小学",
            lt,
            "镇区",
            primary=640,
            big_class=47,
            factor={"multimedia": 0.8, "space": 0.8},
        ),
        School("柳塘镇第二小学", "小学", lt, "乡村", primary=280, factor={"backbone": 0.4}),
        School(
            "柳塘镇九年一贯制学校",
            "九年一贯制学校",
            lt,
            "乡村",
            primary=380,
            junior=300,
            factor={"field": 0.75},
        ),
        School(
            "柳塘镇初级中学",
            "初级中学",
            lt,
            "镇区",
            junior=690,
            big_class=53,
            factor={"equipment": 0.7, "backbone": 0.5},
        ),
        School("柳塘镇河湾教学点", "教学点", lt, "乡村", primary=72, factor={"space": 0.8, "backbone": 0.0}),
    ]


def town() -> list[School]:
    t = "桃溪镇"
    return [
        School("桃溪镇中心小学", "小学", t, "镇区", primary=1380, big_class=57, factor={"field": 0.7}),
        School("桃溪镇第二小学", "小学", t, "镇区", primary=860, factor={"backbone": 0.7, "pe_art": 0.8}),
        School("桃溪镇枫林小学", "小学", t, "乡村", primary=330, factor={"backbone": 0.45, "equipment": 0.8}),
        School(
            "桃溪镇竹山小学", "小学", t, "乡村", primary=210, factor={"multimedia": 0.78, "equipment": 0.8}
        ),
        School("桃溪镇茶园教学点", "教学点", t, "乡村", primary=36),
        School("桃溪镇白石教学点", "教学点", t, "乡村", primary=58, factor={"space": 0.82}),
        School("桃溪镇初级中学", "初级中学", t, "镇区", junior=980, gym=900, factor={"pe_art": 0.72}),
        School(
            "桃溪镇枫林九年一贯制学校",
            "九年一贯制学校",
            t,
            "乡村",
            primary=300,
            junior=260,
            factor={"equipment": 0.75, "space": 0.88},
        ),
        School(
            "桃溪镇育才学校",
            "九年一贯制学校",
            t,
            "镇区",
            primary=420,
            junior=310,
            ownership="民办",
            factor={"backbone": 0.6},
        ),
    ]


TEACHER_KEYS = ("above_degree", "backbone", "pe_art")


def build() -> list[dict]:
    rows: list[dict] = []

    # --- 西江区 --------------------------------------------------------------------------------------
    frame = read(DISTRICT)
    stages = school_stages(frame)
    info = {s.name: s for s in district()}
    town_of = {n: info[n].township for n in info}

    d = adder(rows, "heldout4", DISTRICT, "西江区", "district")

    def total(keys: tuple[str, ...], keep=lambda s: True) -> float:
        return round(sum(s.gaps.get(k, 0) for s in stages if keep(s) for k in keys), 2)

    def in_town(t: str):
        return lambda s: town_of[s.name] == t

    def need(key: str, keep=lambda s: True) -> dict[str, float]:
        out: dict[str, float] = {}
        for s in stages:
            if key in s.gaps and keep(s):
                out[s.name] = out.get(s.name, 0) + s.gaps[key]
        return out

    passed = by_school(stages)
    failing = [n for n, ok in passed.items() if not ok]
    cvs = {
        st: {k: cv(stages, st, k) for k in part(stages, "西江区东关小学").values}
        for st in ("primary", "junior")
    }
    over = {(st, k): v for st in cvs for k, v in cvs[st].items() if v > (0.5 if st == "primary" else 0.45)}
    (bad_stage, _key), bad_cv = next(iter(over.items()))
    limit = 0.5 if bad_stage == "primary" else 0.45

    # 1. a verdict states the failing schools and the CV over its limit; 超了多少 is the excess
    d(
        "verdict",
        ["全区能过优质均衡评估吗", "差异系数超了多少"],
        [
            {"figures": [len(failing), round(bad_cv, 3)], "names": ["骨干"]},
            {"figures": [round(bad_cv - limit, 3)]},
        ],
    )
    # 2. fragments: a school, then its 街道, then the district (one indicator throughout)
    dg = in_town("东关街道")
    d(
        "ellipsis",
        ["东关小学设备差多少钱", "整个东关街道呢", "全区呢"],
        [
            {"figures": [round(part(stages, "西江区东关小学").gaps["equipment"], 2)], "names": ["东关小学"]},
            {"figures": [total(("equipment",), dg)], "names": ["东关街道"]},
            {"figures": [total(("equipment",))]},
        ],
    )
    # 3. totals for a 街道 in one unit after another
    d(
        "totals",
        ["东关街道一共还差多少平方米", "钱呢", "老师呢"],
        [
            {"figures": [total(("teaching_space", "sports_space"), dg)], "names": ["东关街道"]},
            {"figures": [total(("equipment",), dg)]},
            {"figures": [total(TEACHER_KEYS, dg)]},
        ],
    )
    sm = in_town("石门镇")
    d(
        "totals",
        ["石门镇一共还差多少面积、多少钱、几个老师"],
        [
            {
                "figures": [
                    total(("teaching_space", "sports_space"), sm),
                    total(("equipment",), sm),
                    total(TEACHER_KEYS, sm),
                ],
                "names": ["石门镇"],
            }
        ],
    )
    d("totals", ["全区买设备一共得投多少钱"], [{"figures": [total(("equipment",))]}])
    lt = in_town("柳塘镇")
    d(
        "totals",
        ["柳塘镇现在的缺口怎么样", "老师一共还差几个"],
        [{"names": ["柳塘镇"]}, {"figures": [total(TEACHER_KEYS, lt)]}],
    )
    # 4. rankings: the second of the full ranking; a new question about 初中 is county-wide
    backbone = need("backbone")
    ranked = sorted(backbone, key=lambda n: -backbone[n])
    sports_junior = need("sports_space", lambda s: s.stage == "junior")
    top_junior = max(sports_junior, key=lambda n: sports_junior[n])
    d(
        "rank",
        ["哪个学校缺的骨干老师最多", "第二呢", "初中里谁缺的运动场最多"],
        [
            {"names": [ranked[0]], "figures": [backbone[ranked[0]]]},
            {"names": [ranked[1]], "figures": [backbone[ranked[1]]]},
            {"names": [top_junior], "figures": [round(sports_junior[top_junior], 2)]},
        ],
    )
    low = sorted((s for s in stages if s.stage == "primary"), key=lambda s: s.values["sports_space"])
    d(
        "rank",
        ["生均运动场最小的小学是哪个", "排第二的呢"],
        [
            {"names": [low[0].name], "figures": [round(low[0].values["sports_space"], 2)]},
            {"names": [low[1].name], "figures": [round(low[1].values["sports_space"], 2)]},
        ],
    )
    juniors = sorted((s for s in stages if s.stage == "junior"), key=lambda s: s.values["equipment"])
    public = [s for s in juniors if info[s.name].ownership == "公办"]
    d(
        "rank",
        ["初中生均设备值最低的是哪所", "民办的不算呢"],
        [
            {"names": [juniors[0].name], "figures": [round(juniors[0].values["equipment"], 2)]},
            {
                "names": [public[0].name],
                "figures": [round(public[0].values["equipment"], 2)],
                "absent": ["启明"],
            },
        ],
    )
    # 5. transfers, then 换成 another amount and whether it passes
    before = cv(stages, "junior", "backbone")

    def moved(n: int) -> float:
        extra = {"西江区实验中学": {BACKBONE: -n}, "石门镇初级中学": {BACKBONE: n}}
        return cv(school_stages(frame, extra), "junior", "backbone")

    d(
        "transfer",
        [
            "把实验中学2名骨干教师调到石门镇初级中学，初中骨干差异系数变成多少",
            "调4个呢",
            "能降到0.45以下吗",
            "那调6个呢",
        ],
        [
            {"figures": [round(before, 3), round(moved(2), 3)]},
            {"figures": [round(moved(4), 3)]},
            {"figures": [round(moved(4), 3)]},
            {"figures": [round(moved(6), 3)]},
        ],
    )
    # 6. ask back on a short name, answered by place or by kind
    d(
        "ask_back",
        ["二小的教学用房够吗", "城区那所"],
        [
            {"kind": "ask_back", "names": ["西江区第二小学", "石门镇第二小学", "柳塘镇第二小学"]},
            {
                "names": ["西江区第二小学"],
                "figures": [round(part(stages, "西江区第二小学").gaps["teaching_space"], 2)],
                "absent": ["石门镇第二小学", "柳塘镇第二小学"],
            },
        ],
    )
    d(
        "ask_back",
        ["实验的体艺老师够不够", "中学那个"],
        [
            {"kind": "ask_back", "names": ["实验小学", "实验中学"]},
            {
                "names": ["西江区实验中学"],
                "figures": [round(part(stages, "西江区实验中学").values["pe_art"], 2)],
            },
        ],
    )
    d(
        "ask_back",
        ["镇中的运动场够不够", "柳塘的"],
        [
            {"kind": "ask_back", "names": ["石门镇初级中学", "柳塘镇初级中学"]},
            {
                "names": ["柳塘镇初级中学"],
                "figures": [round(part(stages, "柳塘镇初级中学").values["sports_space"], 2)],
            },
        ],
    )
    # 7. lists of only the schools meant
    gs = {g.name: g for g in guarantees(frame)}
    large = [n for n, g in gs.items() if g.max_class >= 56]
    over45 = [n for n, g in gs.items() if g.class_limit == 45 and g.max_class > 45 and n in info]
    at45 = [n for n, g in gs.items() if g.class_limit == 45 and g.max_class == 45]
    d(
        "lists",
        ["哪几所学校存在大班额"],
        [{"names": large, "absent": [n for n in gs if n not in large and gs[n].max_class > 45]}],
    )
    d("lists", ["小学最大班额超过45人的有哪些"], [{"names": over45, "absent": at45}])
    jb = in_town("江滨街道")
    short = [n for n in info if town_of[n] == "江滨街道" and any(s.gaps for s in stages if s.name == n)]
    fine = [n for n in info if town_of[n] == "江滨街道" and n not in short]
    jb_failing = [n for n in short if not passed[n]]
    d(
        "lists",
        ["江滨街道哪些学校有缺口", "其中哪些没达标"],
        [
            {"names": short, "absent": fine},
            {"names": jb_failing, "absent": [n for n in short if n not in jb_failing] + fine},
        ],
    )
    lt_failing = [n for n in failing if town_of[n] == "柳塘镇"]
    lt_primary = [n for n in lt_failing if any(s.stage == "primary" for s in stages if s.name == n)]
    d(
        "lists",
        ["柳塘镇哪些学校没达标", "其中小学有几所"],
        [{"names": lt_failing}, {"figures": [len(lt_primary)]}],
    )
    sm_junior_failing = [n for n in failing if town_of[n] == "石门镇" and part(stages, n).stage == "junior"]
    d(
        "lists",
        ["石门镇哪些初中没达标", "它的运动场差多少"],
        [
            {"names": sm_junior_failing},
            {"figures": [round(part(stages, sm_junior_failing[0]).gaps["sports_space"], 2)]},
        ],
    )
    # 8. off-topic questions that name a place
    d("refuse", ["西江区明天会下雨吗"], [{"kind": "refuse"}])
    d("refuse", ["东关小学附近哪家饭店好吃"], [{"kind": "refuse"}])
    d("refuse", ["柳塘镇中心小学查完了 帮我订张去省城的火车票"], [{"kind": "refuse"}])
    # 9. plan: a title without the verb, a section rewritten in the official's words
    d(
        "plan",
        ["给我弄个柳塘镇的实施方案", "把工作目标改成2027年底前全镇学校全部达到优质均衡标准"],
        [{"names": ["柳塘镇"], "absent": ["弄个"]}, {"names": ["2027年底"]}],
    )
    # 10. a stage the school does not have; 拆分; what is left after one school is fixed; 它
    d(
        "stage",
        ["一中小学部的运动场够吗", "初中部呢"],
        [
            {"names": ["第一中学"], "absent": ["西江区实验小学", "西江区第二小学"]},
            {"figures": [round(part(stages, "西江区第一中学").values["sports_space"], 2)]},
        ],
    )
    d("split", ["一中的仪器设备是按整个学校算的吗"], [{"names": ["高中"], "figures": [1.2]}])
    sports_total = total(("sports_space",))
    d(
        "what_if",
        ["全区运动场一共差多少", "要是把实验小学的运动场补齐了，还差多少"],
        [
            {"figures": [sports_total]},
            {"figures": [round(sports_total - part(stages, "西江区实验小学").gaps["sports_space"], 2)]},
        ],
    )
    # 11. fragments on the standard, a rule worked out, and a list of 差异系数
    d(
        "policy",
        ["一所30个班的学校要几间音乐室", "美术室呢", "那48个班呢"],
        [{"figures": [math.ceil(30 / 12)]}, {"figures": [math.ceil(30 / 12)]}, {"figures": [4]}],
    )
    d("policy", ["初中生均教学用房标准多少", "小学的呢"], [{"figures": [5.8]}, {"figures": [4.5]}])
    d(
        "cv",
        ["小学各项差异系数", "初中的也看看"],
        [
            {"figures": [round(cvs["primary"][k], 3) for k in ("backbone", "sports_space")]},
            {"figures": [round(cvs["junior"][k], 3) for k in ("backbone", "sports_space")]},
        ],
    )
    a = total(TEACHER_KEYS, jb)
    b = total(TEACHER_KEYS, sm)
    d(
        "compare",
        ["江滨街道跟石门镇比 谁缺的老师多", "运动场呢"],
        [{"figures": [a, b]}, {"figures": [total(("sports_space",), jb), total(("sports_space",), sm)]}],
    )

    # --- 桃溪镇 --------------------------------------------------------------------------------------
    frame = read(TOWN)
    stages = school_stages(frame)

    t = adder(rows, "heldout4", TOWN, "桃溪镇", "town")

    passed = by_school(stages)
    failing = [n for n, ok in passed.items() if not ok]
    teachers = round(sum(s.gaps.get(k, 0) for s in stages for k in TEACHER_KEYS))
    equipment = round(sum(s.gaps.get("equipment", 0) for s in stages), 2)
    t("totals", ["全镇还缺几个老师", "买设备还要多少钱"], [{"figures": [teachers]}, {"figures": [equipment]}])
    t(
        "verdict",
        ["二小达标了吗", "为啥", "那全镇呢"],
        [{"names": ["桃溪镇第二小学"]}, {"names": ["骨干", "体育"]}, {"figures": [len(failing)]}],
    )
    fl = next(s for s in stages if s.name == "桃溪镇枫林小学")
    zs = next(s for s in stages if s.name == "桃溪镇竹山小学")
    t(
        "ellipsis",
        ["枫林小学骨干够不够", "要补几个", "竹山的呢"],
        [
            {"figures": [round(fl.values["backbone"], 2)]},
            {"figures": [fl.gaps["backbone"]]},
            {"names": ["竹山"], "figures": [round(zs.values["backbone"], 2)]},
        ],
    )
    t("excluded", ["茶园教学点参加评估吗"], [{"figures": [36]}])
    combined_failing = [n for n in failing if n in ("桃溪镇育才学校", "桃溪镇枫林九年一贯制学校")]
    t(
        "lists",
        ["一贯制学校哪些没达标"],
        [{"names": combined_failing, "absent": [n for n in ("桃溪镇枫林九年一贯制学校",) if passed[n]]}],
    )
    t("refuse", ["桃溪镇今天天气咋样"], [{"kind": "refuse"}])
    return rows


def main() -> int:
    write_data(DISTRICT, district(), 71017, "西江区")
    write_data(TOWN, town(), 71018, "桃溪镇")
    write_set(OUT, build())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
