"""Write the chat's held-out set: a county the chat was never tuned on (松溪县, generated here with the
sample generator's machinery) and questions about it in the blind writers' format, so that
bench/blind_chat_eval.py scores it.

    .venv/bin/python bench/make_chat_heldout.py
    .venv/bin/python bench/blind_chat_eval.py bench/chat_heldout.jsonl --no-retrieval

The questions were written once, before the router was rebuilt (issue 16), and are not changed to
follow the chat: a failure here is reported, never fitted. Expected figures come from the independent
pandas reference (bench/chat_reference.py) on the generated workbook, never from the chat.
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

from chat_reference import CV_LIMIT, INDICATORS, cv, guarantees, read, school_stages  # noqa: E402
from make_samples import School, build_row, write_xlsx  # noqa: E402

DATA = ROOT / "bench" / "heldout" / "松溪县.xlsx"
OUT = ROOT / "bench" / "chat_heldout.jsonl"
REGION = "松溪县"
SEED = 7316


def county() -> list[School]:
    """松溪县: 24 schools in 5 乡镇 — a 城关中心小学, 一中/二中 named 第一中学/第二中学, two 民办 schools,
    九年一贯制 schools (one called 中心学校), 教学点 above and below 50 pupils."""
    cg, qt, hk, hl, qs = "城关镇", "桥头镇", "河口乡", "黄岭乡", "清水镇"
    return [
        School(
            "松溪县城关中心小学",
            "小学",
            cg,
            "城区",
            primary=1980,
            big_class=58,
            factor={"backbone": 0.6, "field": 0.7},
        ),
        School("松溪县城关第二小学", "小学", cg, "城区", primary=1520, gym=800),
        School("松溪县城关第三小学", "小学", cg, "城区", primary=1210, factor={"pe_art": 0.7}),
        School("松溪县实验小学", "小学", cg, "城区", primary=1750, gym=900, factor={"backbone": 1.8}),
        School("松溪县第一中学", "初级中学", cg, "城区", junior=1600, gym=1400),
        School("松溪县第二中学", "初级中学", cg, "城区", junior=1180, factor={"equipment": 0.7}),
        School("松溪县实验学校", "九年一贯制学校", cg, "城区", primary=900, junior=700, gym=1000),
        School(
            "松溪县启明学校",
            "九年一贯制学校",
            cg,
            "城区",
            primary=650,
            junior=480,
            ownership="民办",
            factor={"backbone": 0.4, "multimedia": 0.75},
        ),
        School("桥头镇中心小学", "小学", qt, "镇区", primary=1050, factor={"field": 0.65}),
        School("桥头镇第二小学", "小学", qt, "镇区", primary=620),
        School("桥头镇初级中学", "初级中学", qt, "镇区", junior=860, factor={"backbone": 0.55}),
        School(
            "桥头镇九年一贯制学校",
            "九年一贯制学校",
            qt,
            "乡村",
            primary=400,
            junior=330,
            factor={"pe_art": 0.6},
        ),
        School("桥头镇周村教学点", "教学点", qt, "乡村", primary=61, factor={"equipment": 0.7}),
        School("河口乡中心小学", "小学", hk, "镇区", primary=720),
        School(
            "河口乡第三小学",
            "小学",
            hk,
            "乡村",
            primary=310,
            factor={"backbone": 0.4, "above_degree_share": 0.7},
        ),
        School("河口乡初级中学", "初级中学", hk, "镇区", junior=540, factor={"multimedia": 0.7}),
        School("河口乡杨庄教学点", "教学点", hk, "乡村", primary=38, factor={"backbone": 0.0}),
        School(
            "黄岭乡中心学校",
            "九年一贯制学校",
            hl,
            "乡村",
            primary=380,
            junior=300,
            factor={"field": 0.75, "space": 0.85},
        ),
        School("黄岭乡大坪小学", "小学", hl, "乡村", primary=260, factor={"equipment": 0.6}),
        School("黄岭乡柏树教学点", "教学点", hl, "乡村", primary=27, factor={"backbone": 0.0}),
        School("清水镇中心小学", "小学", qs, "镇区", primary=930, factor={"space": 0.82}),
        School("清水镇初级中学", "初级中学", qs, "镇区", junior=720),
        School(
            "清水镇东风小学", "小学", qs, "乡村", primary=450, factor={"multimedia": 0.7, "backbone": 0.7}
        ),
        School("清水镇育才小学", "小学", qs, "镇区", primary=520, ownership="民办", factor={"pe_art": 0.75}),
    ]


def write_county() -> None:
    DATA.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    rows = [build_row(s, rng) for s in county()]
    write_xlsx(rows, DATA, title=f"{REGION}2024年义务教育学校基本情况（虚构示例数据）")


def r2(x: float) -> float:
    return round(x, 2)


def build() -> list[dict]:
    frame = read(DATA)
    stages = school_stages(frame)
    town = {s.name: s.township for s in county()}
    private = {s.name for s in county() if s.ownership == "民办"}
    rows: list[dict] = []

    def add(category: str, turns: list[str], expect: list[dict]) -> None:
        rows.append(
            {
                "id": f"heldout-{len(rows) + 1:03d}",
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

    def gaps(name: str, stage: str | None = None) -> list[float]:
        return [r2(v) for v in part(name, stage).gaps.values()]

    def total(key: str, keep=lambda s: True) -> float:
        return r2(sum(s.gaps.get(key, 0) for s in stages if keep(s)))

    def read_as(name: str) -> str:
        return f"按 {name}"

    zx = "松溪县城关中心小学"
    # --- one school, named as officials write it ---------------------------------------------------
    add("school", ["城关中心小学差哪些指标？"], [{"names": [zx], "figures": gaps(zx)}])
    add("school", ["一中的情况怎么样"], [{"names": ["松溪县第一中学"]}])
    qm_j = part("松溪县启明学校", "junior")
    add(
        "school",
        ["启明学校初中部缺什么"],
        [{"names": ["松溪县启明学校"], "figures": [r2(v) for v in qm_j.gaps.values()]}],
    )
    jy = part("桥头镇九年一贯制学校", "primary")
    add(
        "school",
        ["桥头九年制小学部的体育老师够不够"],
        [{"names": ["桥头镇九年一贯制学校"], "figures": [jy.gaps["pe_art"]] if "pe_art" in jy.gaps else []}],
    )
    hk3 = part("河口乡第三小学")
    add(
        "school",
        ["河口三小高学历老师还差几个"],
        [{"names": ["河口乡第三小学"], "figures": [hk3.gaps["above_degree"]]}],
    )
    add("names", ["城关中新小学还差啥"], [{"names": [zx], "figures": gaps(zx)}])
    qt = part("桥头镇中心小学")
    add(
        "names",
        ["桥投镇中心小学运动场差多少"],
        [{"names": ["桥头镇中心小学"], "figures": [r2(qt.gaps["sports_space"])]}],
    )
    add("names", ["清水东风小学"], [{"names": ["清水镇东风小学"]}])
    add("names", ["实验学校的初中怎么样"], [{"names": ["松溪县实验学校"]}])
    add("names", ["黄岭中心校达标没有"], [{"names": ["黄岭乡中心学校"]}])

    # --- ask back when two readings are close --------------------------------------------------------
    add(
        "ask",
        ["二小怎么样"],
        [{"kind": "ask_back", "absent": ["**松溪县城关第二小学**", "**桥头镇第二小学**"]}],
    )
    add("ask", ["中心小学还差多少"], [{"kind": "ask_back"}])
    add("ask", ["给城关中心小学加几个骨干老师会怎样"], [{"kind": "ask_back"}])

    # --- the remembered school does not hijack county questions -----------------------------------
    judged = {}
    for s in stages:
        judged[s.name] = judged.get(s.name, True) and s.passed
    passing = sum(judged.values())
    add(
        "scope",
        ["城关中心小学差什么", "全县达标情况怎样"],
        [
            {"names": [zx]},
            {"figures": [passing, len(judged)], "absent": [read_as(zx)]},
        ],
    )
    add(
        "scope",
        ["城关中心小学差什么", "哪项指标最拖后腿"],
        [{"names": [zx]}, {"absent": [read_as(zx)]}],
    )
    add(
        "scope",
        ["城关中心小学差什么", "明天天气怎么样", "它的骨干教师呢"],
        [
            {"names": [zx]},
            {"kind": "refuse", "absent": [read_as(zx)]},
            {"names": [zx], "figures": [part(zx).gaps["backbone"]]},
        ],
    )
    add(
        "scope",
        ["城关中心小学差什么", "那初中呢"],
        [{"names": [zx]}, {"names": [zx], "absent": ["需增加**"]}],
    )

    # --- towns, ownership and stage filters ---------------------------------------------------------
    qt_field = total("sports_space", lambda s: town[s.name] == "桥头镇")
    add(
        "filter",
        ["桥头镇的学校一共缺多少平方米运动场"],
        [{"figures": [qt_field], "absent": [f"{total('sports_space'):.2f}"]}],
    )
    qs_bb = total("backbone", lambda s: town[s.name] == "清水镇")
    add(
        "filter",
        ["清水镇一共差多少骨干老师"],
        [{"figures": [qs_bb], "absent": [f"{total('backbone'):.0f}人"]}],
    )
    mm_public = sorted(
        {s.name for s in stages if s.stage == "primary" and "multimedia" in s.gaps and s.name not in private}
    )
    mm_private = sorted(
        {s.name for s in stages if s.stage == "primary" and "multimedia" in s.gaps and s.name in private}
    )
    add("filter", ["公办小学哪些多媒体教室不够"], [{"names": mm_public, "absent": mm_private}])
    jb = total("backbone", lambda s: s.stage == "junior" and s.name not in private)
    add("filter", ["不算民办的话，初中骨干教师还缺多少"], [{"figures": [jb]}])
    prim_fail = sorted({s.name for s in stages if s.stage == "primary" and not s.passed})
    qs_fail = [n for n in prim_fail if town[n] == "清水镇"]
    add(
        "filter",
        ["小学有几所没达标", "其中清水镇的是哪几所"],
        [
            {"figures": [len({n for n in prim_fail})], "names": prim_fail},
            {"names": qs_fail, "absent": [n for n in prim_fail if n not in qs_fail]},
        ],
    )
    passed_all = [n for n, ok in judged.items() if ok]
    junior_names = {s.name for s in stages if s.stage == "junior"}
    add(
        "filter",
        ["哪些学校达标了", "其中初中有哪些"],
        [
            {"names": passed_all},
            {
                "names": [n for n in passed_all if n in junior_names],
                "absent": [n for n in passed_all if n not in junior_names],
            },
        ],
    )
    hk_count = len({s.name for s in stages if town[s.name] == "河口乡"})
    add("filter", ["河口乡有几所学校参评"], [{"figures": [hk_count]}])

    # --- superlatives by shortage -------------------------------------------------------------------
    for key, q in (
        ("sports_space", "哪个学校运动场缺得最多"),
        ("backbone", "骨干老师缺口最大的是哪所学校"),
        ("equipment", "设备缺钱最多的是哪所"),
    ):
        short = [s for s in stages if key in s.gaps]
        top = max(short, key=lambda s: s.gaps[key])
        add("superlative", [q], [{"names": [top.name], "figures": [r2(top.gaps[key])]}])
    low = min((s for s in stages if s.stage == "primary"), key=lambda s: s.values["sports_space"])
    add("superlative", ["小学里生均运动场最小的是哪所"], [{"names": [low.name]}])

    # --- comparisons --------------------------------------------------------------------------------
    a = total("backbone", lambda s: town[s.name] == "桥头镇")
    b = total("backbone", lambda s: town[s.name] == "清水镇")
    add("compare", ["桥头镇和清水镇哪个骨干老师缺得多"], [{"figures": [a, b]}])
    v2 = part("松溪县城关第二小学").values["pe_art"]
    v3 = part("松溪县城关第三小学").values["pe_art"]
    add(
        "compare",
        ["城关二小和城关三小比，体育艺术老师哪个多"],
        [{"names": ["松溪县城关第二小学", "松溪县城关第三小学"], "figures": [round(v2, 2), round(v3, 2)]}],
    )

    # --- a transfer between schools and its effect on the 差异系数 ----------------------------------
    before = cv(stages, "primary", "backbone")
    moved = school_stages(
        frame,
        {
            "松溪县实验小学": {"县级以上骨干教师数（人）": -5},
            zx: {"县级以上骨干教师数（人）": 5},
        },
    )
    after = cv(moved, "primary", "backbone")
    add(
        "transfer",
        ["从实验小学调5名骨干老师到城关中心小学，小学骨干教师差异系数会变成多少"],
        [{"figures": [round(before, 3), round(after, 3)]}],
    )

    # --- composite CV ---------------------------------------------------------------------------
    comp = float(np.mean([cv(stages, "primary", k) for k in INDICATORS]))
    add(
        "composite",
        ["要是只看综合差异系数，我们县小学能过吗"],
        [{"figures": [round(comp, 3), CV_LIMIT["primary"]]}],
    )
    comp_j = float(np.mean([cv(stages, "junior", k) for k in INDICATORS]))
    add("composite", ["初中综合差异系数是多少"], [{"figures": [round(comp_j, 3)]}])

    # --- CV and ellipsis ------------------------------------------------------------------------
    add(
        "ellipsis",
        ["小学骨干教师差异系数是多少", "初中呢"],
        [
            {"figures": [round(cv(stages, "primary", "backbone"), 3)]},
            {"figures": [round(cv(stages, "junior", "backbone"), 3)]},
        ],
    )
    add(
        "ellipsis",
        ["城关中心小学哪些不达标", "那二小呢"],
        [{"names": [zx]}, {"names": ["松溪县城关第二小学"], "absent": ["**桥头镇第二小学**"]}],
    )
    bb = [s.name for s in stages if "backbone" in s.gaps]
    bb = list(dict.fromkeys(bb))
    second = next(s for s in stages if s.name == bb[1] and "backbone" in s.gaps)
    add(
        "ellipsis",
        ["骨干教师不达标的学校有哪些", "第二个差多少"],
        [{"names": bb}, {"names": [bb[1]], "figures": [second.gaps["backbone"]]}],
    )
    gs = {g.name: g for g in guarantees(frame)}
    add(
        "ellipsis",
        ["一中班额超了吗", "二中呢"],
        [
            {"figures": [gs["松溪县第一中学"].max_class]},
            {"names": ["松溪县第二中学"], "figures": [gs["松溪县第二中学"].max_class]},
        ],
    )
    add(
        "ellipsis",
        ["桥头镇有几所学校没达标", "换成清水镇呢"],
        [
            {"figures": [len({n for n, ok in judged.items() if not ok and town[n] == "桥头镇"})]},
            {"figures": [len({n for n, ok in judged.items() if not ok and town[n] == "清水镇"})]},
        ],
    )

    # --- policy that computes, and the standard's items -------------------------------------------------
    add("policy", ["一所小学30个班要配几间音乐教室"], [{"figures": [math.ceil(30 / 12)]}])
    add(
        "policy",
        ["优质均衡资源配置是哪几项指标"],
        [{"figures": [7], "names": ["骨干教师", "体育运动场馆", "网络多媒体教室"]}],
    )
    add("policy", ["小学生均运动场馆面积标准是多少"], [{"figures": [7.5]}])

    # --- what-if ---------------------------------------------------------------------------------
    extra = school_stages(frame, {zx: {"县级以上骨干教师数（人）": 8}})
    new = next(s for s in extra if s.name == zx).values["backbone"]
    add("what_if", ["城关中心小学如果新增8名骨干教师能达标吗"], [{"names": [zx], "figures": [round(new, 3)]}])

    # --- 政府保障 from school rows -----------------------------------------------------------------
    large = [g.name for g in gs.values() if g.max_class >= 56]
    add("guarantee", ["哪些学校有大班额"], [{"names": large}])

    # --- the plan, edited in the chat ------------------------------------------------------------
    add(
        "plan",
        [
            "生成实施方案",
            "在保障措施里加一句：县财政每年安排专项资金不少于500万元。",
            "依据的文件有哪些",
        ],
        [{}, {"figures": [500]}, {"names": ["教督〔2017〕6号"]}],
    )

    # --- kinds of school, towns, and a mixed session -------------------------------------------------
    kinds = {s.name: s.school_type for s in county()}
    combined_failing = [n for n, ok in judged.items() if not ok and kinds[n] == "九年一贯制学校"]
    add(
        "filter",
        ["九年一贯制学校有几所没达标"],
        [{"figures": [len(combined_failing)], "names": combined_failing}],
    )
    points = [n for n in judged if kinds[n] == "教学点"]
    add("filter", ["教学点都达标了吗"], [{"names": points}])
    juniors = sorted({s.name for s in stages if s.stage == "junior"})
    add("filter", ["初中有哪些学校"], [{"names": juniors}])
    qs_names = [n for n in judged if town[n] == "清水镇"]
    qs_failing = [n for n in qs_names if not judged[n]]
    add(
        "filter",
        ["清水镇有几所学校", "其中没达标的呢"],
        [
            {"figures": [len(qs_names)]},
            {"names": qs_failing, "absent": [n for n in qs_names if n not in qs_failing]},
        ],
    )
    mm = {st: total("multimedia", lambda s, st=st: s.stage == st) for st in ("primary", "junior")}
    add(
        "ellipsis",
        ["全县小学还缺几间多媒体教室", "那初中呢"],
        [{"figures": [mm["primary"]]}, {"figures": [mm["junior"]]}],
    )
    hl = [n for n in judged if town[n] == "黄岭乡"]
    add("filter", ["黄岭乡的学校情况怎么样"], [{"names": hl}])
    add(
        "compare",
        ["城关中心小学和实验小学比较一下"],
        [{"names": [zx, "松溪县实验小学"], "figures": gaps(zx)}],
    )
    qt_after = school_stages(frame, {"桥头镇中心小学": {"运动场地面积（㎡）": 1600}})
    qt_new = next(s for s in qt_after if s.name == "桥头镇中心小学").values["sports_space"]
    failing_all = [n for n, ok in judged.items() if not ok]
    add(
        "session",
        [
            "全县能通过优质均衡吗",
            "桥头镇中心小学差多少",
            "给它建1600平方米运动场呢",
            "全县还有几所学校没达标",
            "班额有什么规定",
            "谢谢",
        ],
        [
            {},
            {"names": ["桥头镇中心小学"], "figures": [r2(qt.gaps["sports_space"])]},
            {"names": ["桥头镇中心小学"], "figures": [round(qt_new, 2)]},
            {"figures": [len(failing_all)], "absent": [read_as("桥头镇中心小学")]},
            {"figures": [45], "absent": [read_as("桥头镇中心小学")]},
            {"absent": [read_as("桥头镇中心小学")]},
        ],
    )

    # --- not about the data at all ------------------------------------------------------------------
    add("refuse", ["帮我订一张去北京的机票"], [{"kind": "refuse"}])
    add("refuse", ["今天股市怎么样"], [{"kind": "refuse"}])
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
