"""Write bench/chat_dev.jsonl: the chat's dev set on the three samples, expected figures from the
independent pandas reference (bench/chat_reference.py), never from the chat itself.

    .venv/bin/python bench/make_chat_dev.py

Each line: {"id", "category", "data", "turns": [...], "expect": [{"intent", "contains", "absent"}…]}.
Phrasings vary per school and per dataset (several wordings per category, picked in turn), so that
the set measures understanding rather than one sentence per tool.
"""

from __future__ import annotations

import json
import math
import re
import sys
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chat_reference import INDICATORS, SchoolStage, by_school, cv, guarantees, read, school_stages

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "chat_dev.jsonl"
DATASETS = {"城关镇": "城关镇.xlsx", "示例区": "示例区.xlsx", "青河县": "青河县.xlsx"}
STAGE = {"primary": "小学", "junior": "初中"}
LATER_AREA = 120.0
"""㎡ of 教学及辅助用房 added to every school of 城关镇 for its second 统计年度 (bench/chat_eval.py)."""
WORDS = {  # what officials call each indicator in a question
    "above_degree": ["高学历教师", "学历达标的老师"],
    "backbone": ["骨干教师", "骨干老师"],
    "pe_art": ["体育艺术教师", "体艺老师", "音体美老师"],
    "teaching_space": ["教学用房", "校舍面积"],
    "sports_space": ["运动场", "操场"],
    "equipment": ["仪器设备", "设备"],
    "multimedia": ["多媒体教室", "网络多媒体教室"],
}
UNIT = {
    "above_degree": "人",
    "backbone": "人",
    "pe_art": "人",
    "teaching_space": "㎡",
    "sports_space": "㎡",
    "equipment": "万元",
    "multimedia": "间",
}


def amount(value: float, unit: str) -> str:
    if unit in ("人", "间"):
        return f"{int(value)}{unit}"
    return f"{value:.2f}{unit}"


def short_name(name: str, region: str) -> str:
    """How an official would write the school: 青河县城关第三小学 → 城关三小, 石桥镇中心小学 → 石桥中心校."""
    n = name.removeprefix(region)
    m = re.fullmatch(r"(.*?)第([一二三四五六七八九十]+)(小学|初级中学)", n)
    if m:
        place = re.sub(r"(镇|乡|街道)$", "", m.group(1)) or region[:-1]
        return place + m.group(2) + ("小" if m.group(3) == "小学" else "中")
    n = re.sub(r"^(.{2,3}?)(镇|乡|街道)(?=.{3,})", r"\1", n)
    n = n.replace("中心小学", "中心校").replace("初级中学", "初中")
    return n or name


SOUNDALIKE = {
    "湾": "弯",
    "西": "溪",
    "关": "官",
    "桥": "乔",
    "林": "临",
    "山": "三",
    "河": "和",
    "石": "十",
    "东": "冬",
    "柳": "流",
    "南": "男",
    "新": "心",
    "青": "清",
    "树": "数",
    "门": "们",
    "口": "扣",
    "沙": "砂",
    "城": "成",
}


def mistype(name: str) -> str:
    """The name with its first sound-alike character replaced (柳树湾小学 → 流树湾小学)."""
    for i, ch in enumerate(name):
        if ch in SOUNDALIKE:
            return name[:i] + SOUNDALIKE[ch] + name[i + 1 :]
    return name[:-3] + "兴" + name[-2:]


class Builder:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, category: str, data: str, turns: list[str], expect: list[dict]) -> None:
        self.rows.append(
            {
                "id": f"{category}-{len(self.rows) + 1:03d}",
                "category": category,
                "data": data,
                "turns": turns,
                "expect": expect,
            }
        )


def gaps_text(s: SchoolStage) -> list[str]:
    return [amount(v, UNIT[k]) for k, v in s.gaps.items()]


def build() -> list[dict]:
    b = Builder()
    for label, file in DATASETS.items():
        frame = read(ROOT / "data" / "samples" / file)
        stages = school_stages(frame)
        names = list(dict.fromkeys(s.name for s in stages))
        single = [s for s in stages if sum(x.name == s.name for x in stages) == 1]
        failing = [s for s in single if not s.passed]
        passing = [s for s in single if s.passed]
        scope = "全镇" if label.endswith("镇") else "全区" if label.endswith("区") else "全县"
        region = label

        # --- a school's gaps -------------------------------------------------------------------
        asks = cycle(
            [
                "{s}哪些指标没达标？",
                "{s}还差什么",
                "{s}差在哪里？",
                "{s}的短板是什么",
                "看看{s}的情况",
                "{s}有哪些指标不合格，差多少",
                "{s}达标了吗？",
            ]
        )
        for s in failing[:6] + passing[:3]:
            q = next(asks).format(s=short_name(s.name, region))
            # a school missing 政府保障 items reads 资源配置**达标** (its 7 indicators only)
            verdict = "**达标**（规则" if s.passed else "学校**未达标**"
            b.add(
                "school_gaps",
                label,
                [q],
                [{"intent": "school_gaps", "contains": [s.name, verdict, *gaps_text(s)]}],
            )
        for s in failing[:3]:
            key = next(iter(s.gaps))
            word = WORDS[key][0]
            q = f"{short_name(s.name, region)}{word}还差多少？"
            b.add(
                "school_gaps",
                label,
                [q],
                [{"intent": "school_gaps", "contains": [s.name, amount(s.gaps[key], UNIT[key])]}],
            )

        # --- names that must not be confused ---------------------------------------------------
        # a wrong character of the same sound (湾/弯, 西/溪 …): read as the one school it sounds like,
        # and the reply says so
        for s in failing[:2]:
            typo = mistype(s.name)
            b.add(
                "names",
                label,
                [f"{typo}怎么样"],
                [{"intent": "school_gaps", "contains": [f"“{typo}”按 {s.name} 理解", *gaps_text(s)]}],
            )
        first_place = re.match(r"(.+?(?:街道|镇|乡))", names[0])
        b.add("names", label, ["城关九小怎么样"], [{"intent": "clarify", "contains": ["城关九小"]}])
        for s in single[:4]:
            b.add(
                "names",
                label,
                [f"{s.name}的情况"],
                [{"intent": "school_gaps", "contains": [f"**{s.name}**"]}],
            )
        del first_place

        # --- follow-ups ------------------------------------------------------------------------
        for s in failing[:3]:
            b.add(
                "followup",
                label,
                [f"{short_name(s.name, region)}哪些指标不达标", "差多少？"],
                [
                    {"intent": "school_gaps", "contains": [s.name]},
                    {"intent": "school_gaps", "contains": [s.name, *gaps_text(s)]},
                ],
            )
        key = "backbone"
        b.add(
            "followup",
            label,
            [f"小学{WORDS[key][0]}的差异系数是多少", "那初中呢？"],
            [
                {"intent": "cv", "contains": [f"{cv(stages, 'primary', key):.3f}"]},
                {"intent": "cv", "contains": [f"{cv(stages, 'junior', key):.3f}"]},
            ],
        )
        if len(failing) >= 2:
            a, c = failing[0], failing[1]
            b.add(
                "followup",
                label,
                [f"{short_name(a.name, region)}差在哪", f"{short_name(c.name, region)}呢？"],
                [
                    {"intent": "school_gaps", "contains": [a.name]},
                    {"intent": "school_gaps", "contains": [c.name]},
                ],
            )
        fail_primary = [n for n, ok in by_school(stages, "primary").items() if not ok]
        b.add(
            "followup",
            label,
            ["小学有几所没达标", "那初中呢？"],
            [
                {"intent": "count_schools", "contains": [f"**{len(fail_primary)}所**"]},
                {
                    "intent": "count_schools",
                    "contains": [f"**{sum(not v for v in by_school(stages, 'junior').values())}所**"],
                },
            ],
        )
        t = next(s for s in single if s.stage == "primary")
        pe = t.values["pe_art"]
        new = pe + 100 / t.students
        b.add(
            "followup",
            label,
            [f"{short_name(t.name, region)}怎么样", "给它加1名体育老师呢？"],
            [
                {"intent": "school_gaps", "contains": [t.name]},
                {"intent": "what_if", "contains": [t.name, f"{pe:.3f}人 → **{new:.3f}人**"]},
            ],
        )

        # --- verdicts --------------------------------------------------------------------------
        def stage_ok(stage: str, stages: list[SchoolStage] = stages) -> bool:
            cvs_ok = all(cv(stages, stage, k) <= {"primary": 0.5, "junior": 0.45}[stage] for k in INDICATORS)
            return cvs_ok and all(s.passed for s in stages if s.stage == stage)

        for q, stage in (
            (f"我们{scope[1]}今年能通过优质均衡认定吗？", None),
            ("小学能达标吗", "primary"),
            ("初中能不能通过评估？", "junior"),
            (f"{scope}义务教育优质均衡能过关吗", None),
        ):
            ok = stage_ok(stage) if stage else stage_ok("primary") and stage_ok("junior")
            b.add(
                "verdict",
                label,
                [q],
                [{"intent": "verdict", "contains": ["可以达到" if ok else "暂不能通过"]}],
            )

        # --- counts, lists, rates ---------------------------------------------------------------
        all_ok = by_school(stages)
        passed = [n for n, ok in all_ok.items() if ok]
        junior_ok = [n for n, ok in by_school(stages, "junior").items() if ok]
        prim = by_school(stages, "primary")
        rate = sum(prim.values()) / len(prim) * 100
        b.add(
            "count",
            label,
            ["达标的是哪几所学校？"],
            [{"intent": "count_schools", "contains": [f"**{len(passed)}所**", *passed[:3]]}],
        )
        b.add(
            "count",
            label,
            ["初中有几所达标"],
            [{"intent": "count_schools", "contains": [f"**{len(junior_ok)}所**"]}],
        )
        b.add(
            "count",
            label,
            ["小学达标率是多少？"],
            [{"intent": "count_schools", "contains": [f"{rate:.1f}%"]}],
        )
        b.add(
            "count",
            label,
            [f"{scope}有多少所学校没达标"],
            [{"intent": "count_schools", "contains": [f"**{len(all_ok) - len(passed)}所**"]}],
        )
        for key in ("sports_space", "backbone", "equipment"):
            short = list(dict.fromkeys(s.name for s in stages if key in s.gaps))
            q = cycle([f"哪些学校{WORDS[key][0]}不够？", f"{WORDS[key][1]}不达标的学校有哪些"])
            b.add(
                "count",
                label,
                [next(q) if key != "backbone" else f"{WORDS[key][1]}不达标的学校有哪些"],
                [{"intent": "count_schools", "contains": [f"**{len(short)}所**", *short[:3]]}],
            )

        # --- totals of gaps ---------------------------------------------------------------------
        for key, q in (
            ("backbone", f"{scope}总共还要补多少骨干教师？"),
            ("sports_space", "所有学校一共差多少平方米运动场？"),
            ("pe_art", "总共需要增加多少名体育艺术教师"),
            ("multimedia", "多媒体教室一共还差几间"),
            ("equipment", f"{scope}一共还缺多少万元的仪器设备"),
        ):
            total = sum(s.gaps.get(key, 0) for s in stages)
            if total == 0:
                continue
            b.add("total", label, [q], [{"intent": "total_gap", "contains": [amount(total, UNIT[key])]}])
        total_p = sum(s.gaps.get("backbone", 0) for s in stages if s.stage == "primary")
        if total_p:
            b.add(
                "total",
                label,
                ["小学还缺多少骨干老师"],
                [{"intent": "total_gap", "contains": [amount(total_p, "人")]}],
            )

        # --- rankings --------------------------------------------------------------------------
        judged = [s for s in stages]
        worst = sorted(judged, key=lambda s: (s.passed, -len(s.gaps), min(s.ratios.values())))[:3]
        b.add(
            "rank",
            label,
            ["哪几所学校最差？"],
            [{"intent": "rank", "contains": [w.name for w in worst if w.gaps][:1]}],
        )
        low = sorted((s for s in stages if s.stage == "primary"), key=lambda s: s.values["backbone"])[:3]
        b.add(
            "rank",
            label,
            ["小学骨干教师最少的三所学校"],
            [{"intent": "rank", "contains": [s.name for s in low]}],
        )
        low = sorted((s for s in stages if s.stage == "primary"), key=lambda s: s.values["sports_space"])[:1]
        b.add(
            "rank",
            label,
            ["小学生均运动场面积最小的是哪所学校？"],
            [{"intent": "rank", "contains": [low[0].name]}],
        )

        first = worst[0].name
        b.add(
            "followup",
            label,
            ["哪几所学校最差？", "第一个差多少"],
            [{"intent": "rank", "contains": [first]}, {"intent": "school_gaps", "contains": [first]}],
        )
        points = [s.name for s in stages if s.name.endswith("教学点")]
        expect = {"intent": "count_schools", "contains": [f"**{len(points)}所**"]}
        b.add("count", label, ["有几个教学点？"], [expect])
        private = frame[frame["举办者"] == "民办"]["学校名称"].tolist()
        b.add(
            "count",
            label,
            ["民办学校有几所"],
            [{"intent": "count_schools", "contains": [f"**{len(private)}所**"]}],
        )

        # --- the indicator that drags most -------------------------------------------------------
        b.add("drag", label, ["哪项指标最拖后腿？"], [{"intent": "drag", "contains": []}])
        counts = {k: sum(k in s.gaps for s in stages if s.stage == "primary") for k in INDICATORS}
        top = max(counts, key=lambda k: counts[k])
        b.add(
            "drag",
            label,
            ["小学哪个指标问题最大"],
            [{"intent": "drag", "contains": [f"{counts[top]}所学校未达标"]}],
        )

        # --- CVs and one indicator -----------------------------------------------------------------
        for key, stage, q in (
            ("sports_space", "junior", "初中运动场的差异系数是多少"),
            ("pe_art", "primary", "小学体艺老师差异系数多少？"),
        ):
            b.add("cv", label, [q], [{"intent": "cv", "contains": [f"{cv(stages, stage, key):.3f}"]}])
        key = "equipment"
        short = [s.name for s in stages if s.stage == "primary" and key in s.gaps]
        b.add(
            "indicator",
            label,
            ["小学各校仪器设备情况"],
            [{"intent": ["indicator_across", "count_schools"], "contains": short[:2] or ["均达到标准"]}],
        )

        # --- what-if ---------------------------------------------------------------------------
        verbs = cycle(
            [
                ("如果给{s}增加{n}名骨干教师会怎样？", "backbone", "人"),
                ("{s}再配{n}个体育老师", "pe_art", "人"),
                ("给{s}调入{n}名骨干老师", "backbone", "人"),
                ("{s}补充{n}名专科以上学历教师", "above_degree", "人"),
            ]
        )
        for s in [x for x in single if x.stage == "primary"][:4]:
            template, key, _ = next(verbs)
            n = 2
            col = {
                "backbone": "县级以上骨干教师数（人）",
                "pe_art": "体育艺术专任教师数（人）",
                "above_degree": "高于规定学历专任教师数（人）",
            }[key]
            after = school_stages(frame, {s.name: {col: n}})
            new = next(x for x in after if x.name == s.name and x.stage == s.stage).values[key]
            q = template.format(s=short_name(s.name, region), n="两" if "名" in template and n == 2 else n)
            b.add("what_if", label, [q], [{"intent": "what_if", "contains": [s.name, f"**{new:.3f}人**"]}])
        for s in [x for x in single if "sports_space" in x.gaps][:2]:
            after = school_stages(frame, {s.name: {"运动场地面积（㎡）": 2500}})
            new = next(x for x in after if x.name == s.name).values["sports_space"]
            b.add(
                "what_if",
                label,
                [f"给{short_name(s.name, region)}新建两千五平方米运动场能达标吗"],
                [{"intent": "what_if", "contains": [f"**{new:.2f}㎡**"]}],
            )
        for s in [x for x in single if "equipment" in x.gaps][:2]:
            after = school_stages(frame, {s.name: {"教学仪器设备值（万元）": 1.5}})
            new = next(x for x in after if x.name == s.name).values["equipment"]
            b.add(
                "what_if",
                label,
                [f"{short_name(s.name, region)}购置1.5万元设备"],
                [{"intent": "what_if", "contains": [f"**{new:.2f}元**"]}],
            )
        b.add(
            "what_if",
            label,
            [f"给{short_name(single[0].name, region)}配三十来个老师"],
            [{"intent": "clarify", "contains": ["三十来个"]}],
        )

        # --- plan ------------------------------------------------------------------------------
        school = failing[0]
        b.add(
            "plan",
            label,
            [
                "生成实施方案",
                "方案现在是哪几年？",
                "方案总共要投入多少钱？",
                f"方案里{short_name(school.name, region)}安排了哪些任务？",
                "方案2027年安排了什么？",
                "导出Word",
            ],
            [
                {"intent": "draft", "contains": ["已生成方案初稿"]},
                {"intent": "plan_query", "contains": ["2026—2028年"]},
                {"intent": "plan_costs", "contains": ["公共财政投入合计", "万元"]},
                {"intent": "plan_query", "contains": [school.name]},
                {"intent": "plan_query", "contains": ["2027"]},
                {"intent": "export", "contains": [".docx"]},
            ],
        )

        # --- 政府保障 items from school rows (issue-chat2) -------------------------------------------
        gs = guarantees(frame)
        over_class = [g for g in gs if g.max_class > g.class_limit]
        large = [g for g in gs if g.max_class >= 56]
        over_size = [g for g in gs if g.students > g.size_limit]
        fine = next(g for g in gs if g.max_class <= g.class_limit and g.students <= g.size_limit)
        for g, ask in zip(over_class[:2], ("{s}班额超了吗", "{s}最大班额超标没有"), strict=False):
            b.add(
                "guarantees",
                label,
                [ask.format(s=short_name(g.name, region))],
                [
                    {
                        "intent": "guarantees",
                        "contains": [f"最大班额{g.max_class:.0f}人", f"不超过{g.class_limit}人", "未达到"],
                    }
                ],
            )
        b.add(
            "guarantees",
            label,
            [f"{short_name(fine.name, region)}有没有大班额"],
            [{"intent": "guarantees", "contains": [f"最大班额{fine.max_class:.0f}人", "不属大班额"]}],
        )
        b.add(
            "guarantees",
            label,
            ["哪些学校有大班额"],
            [{"intent": "guarantees", "contains": [f"{len(large)}所学校未达到", *(g.name for g in large)]}],
        )
        b.add(
            "guarantees",
            label,
            ["有几所学校规模超标？"],
            [
                {
                    "intent": "guarantees",
                    "contains": [f"{len(over_size)}所学校未达到", *(g.name for g in over_size)],
                }
            ],
        )
        for g in over_size[:1]:
            b.add(
                "guarantees",
                label,
                [f"{short_name(g.name, region)}规模超了没有"],
                [{"intent": "guarantees", "contains": [f"在校生{g.students}人", f"上限{g.size_limit}人"]}],
            )
            b.add(
                "guarantees",
                label,
                [f"{short_name(g.name, region)}哪些指标没达标"],
                [
                    {
                        "intent": "school_gaps",
                        "contains": ["政府保障程度未达到", f"在校生{g.students}人"],
                        "absent": ["全部指标都达到标准"],
                    }
                ],
            )
        short_rooms = [g for g in gs if min(g.music, g.art) < g.rooms_needed]
        b.add(
            "guarantees",
            label,
            ["音乐美术教室够不够"],
            [
                {
                    "intent": "guarantees",
                    "contains": [f"{len(short_rooms)}所学校未达到"] if short_rooms else ["都达到标准"],
                }
            ],
        )

        # --- an explicit year asks the plan, not the remembered school (issue-chat2) ---------------
        b.add(
            "plan_year",
            label,
            [f"{short_name(failing[0].name, region)}差多少", "2027年要做哪些事", "第一年干什么"],
            [
                {"intent": "school_gaps", "contains": [failing[0].name]},
                {"intent": "plan_query", "contains": ["2027年"], "absent": [f"没有为{failing[0].name}"]},
                {"intent": "plan_query", "contains": ["2026年"], "absent": [f"没有为{failing[0].name}"]},
            ],
        )

        # --- money from the plan's cost model (issue-chat2) ---------------------------------------
        money = ["一共要花多少钱", "建设资金一共多少", "每年投入多少", "人员经费要多少", "方案总投资多少"]
        b.add(
            "plan_costs",
            label,
            money,
            [{"intent": "plan_costs", "contains": ["万元", "资金测算表"], "absent": ["缺口"]} for _ in money],
        )

        # --- help ------------------------------------------------------------------------------
        b.add("help", label, ["你能做什么？"], [{"intent": "help", "contains": ["学校差距"]}])

    # --- money on 青河县, figures hand-checked from the schedule (issue-15: whole projects, payments by
    # year): 建设 2026 = 1800㎡ land × 300元 + 130㎡ 调整功能用房 × 800元 + 150㎡ 校内挖潜 × 300元
    # + 13万元 equipment + 5间×5万元 = 106.90万元, 2027 the field's works 1800㎡×300元 = 54万元 (160.90 in
    # all); 人员 6 hires × 10万元 × 3 years = 180万元; 培训 13 名骨干 × 0.5万元 = 6.5万元; 民办 8×0.5 = 4万元.
    county_money = [
        ("这个规划一共要花多少钱", ["347.40万元", "160.90万元", "180.00万元", "6.50万元", "4.00万元"]),
        ("建设资金总共多少", ["160.90万元"]),
        ("每年投入多少", ["173.40万元", "114.00万元", "60.00万元"]),
        ("人员经费需要多少", ["180.00万元"]),
        ("2027年人员经费多少", ["60.00万元"]),
        ("第一年建设资金多少", ["106.90万元"]),
    ]
    for q, contains in county_money:
        b.add("plan_costs", "青河县", [q], [{"intent": "plan_costs", "contains": contains}])
    b.add("plan_costs", "青河县", ["设备还差多少万元"], [{"intent": "total_gap", "contains": ["54.82万元"]}])

    # --- policy (county data; the answers do not depend on it) -------------------------------------
    # an indicator's threshold is read from the standard file (with its source), not searched for
    rule = "standard_rule"
    policy = [
        ("体育艺术老师按什么标准配？", ["0.9"], ["教督〔2017〕6号"], rule),
        ("班额有什么要求？", ["45人"], ["根据《县域义务教育优质均衡发展督导评估办法》"]),
        ("优质均衡小学运动场馆生均面积标准是多少", ["7.5"], [], rule),
        ("差异系数是怎么计算的？", ["差异系数"], []),
        ("初中多媒体教室的标准是多少？", ["2.4"], [], rule),
        ("每所学校至少几项指标要达标？", ["6项"], []),
        ("优质均衡认定要走什么程序？", ["县级自评"], []),
        ("小学学校规模上限是多少人？", ["2000"], ["教督〔2017〕6号"], rule),
        ("音乐专用教室面积有什么要求？", ["96"], []),
        ("基本均衡小学综合差异系数不能高于多少", ["0.65"], []),
    ]
    for q, contains, first, *tool in policy:
        intent = tool[0] if tool else "policy_search"
        b.add("policy", "青河县", [q], [{"intent": intent, "contains": contains + first}])
    for line in (ROOT / "bench" / "policy_unanswerable.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)["question"]
        b.add("refusal", "青河县", [q], [{"intent": "policy_search", "contains": ["政策库中没有找到"]}])
    add_years_and_workbook(b)
    add_compositional(b)
    return b.rows


def add_years_and_workbook(b: Builder) -> None:
    """The comparison of two 统计年度 (城关镇两年: the sample as 2024 and, as 2025, the sample with
    LATER_AREA ㎡ more 教学及辅助用房 per school) and the audit workbook download."""
    before = school_stages(read(ROOT / "data" / "samples" / "城关镇.xlsx"))
    frame = read(ROOT / "data" / "samples" / "城关镇.xlsx")
    after = school_stages(frame, {n: {"教学及辅助用房面积（㎡）": LATER_AREA} for n in frame["学校名称"]})

    def mean(schools: list[SchoolStage], stage: str) -> float:
        rows = [x for x in schools if x.stage == stage]
        return sum(x.values["teaching_space"] * x.students for x in rows) / sum(x.students for x in rows)

    def area_sentence(stage: str) -> str:
        m0, m1 = mean(before, stage), mean(after, stage)
        return f"{STAGE[stage]}生均教学及辅助用房面积{m1:.2f}㎡，比上年增加{m1 - m0:.2f}㎡"

    def passed(schools: list[SchoolStage], stage: str) -> int:
        return sum(x.passed for x in schools if x.stage == stage)

    heading = "2025年度与2024年度相比"
    two = "城关镇两年"
    both = [{"intent": "trend", "contains": [f"{heading}（小学、初中）"]}]
    b.add("trend", two, ["比上年有什么变化？"], both)
    junior = [{"intent": "trend", "contains": [area_sentence("junior")]}]
    b.add("trend", two, ["和去年比，初中有什么变化"], junior)
    cv0, cv1 = cv(before, "primary", "teaching_space"), cv(after, "primary", "teaching_space")
    b.add(
        "trend",
        two,
        ["小学校舍面积的差异系数比上年降了多少"],
        [{"intent": "trend", "contains": [area_sentence("primary"), f"{cv0:.3f}", f"{cv1:.3f}"]}],
    )
    b.add(
        "trend",
        two,
        ["小学比上年有什么变化？", "那初中呢？"],
        [
            {"intent": "trend", "contains": [f"{heading}（小学）", area_sentence("primary")]},
            {"intent": "trend", "contains": [f"{heading}（初中）", area_sentence("junior")]},
        ],
    )
    counts = f"各项指标全部达标{passed(after, 'primary')}所（上年{passed(before, 'primary')}所）"
    b.add("trend", two, ["这两年小学达标学校多了吗"], [{"intent": "trend", "contains": [counts]}])
    b.add("trend", "城关镇", ["比去年有什么变化"], [{"intent": "trend", "contains": ["至少两个统计年度"]}])

    # --- the cycle's other documents (titles and messages; their figures are planner.documents' tests)
    b.add(
        "document",
        two,
        ["起草工作总结", "把工作总结的第二部分重写"],
        [
            {"intent": "document", "contains": ["已起草工作总结", "城关镇"]},
            {"intent": "revise", "contains": ["已重写工作总结的“"]},
        ],
    )
    one_year = "起草工作总结需要两个统计年度的学校数据：工作区目前只有2024年度的数据"
    b.add("document", "城关镇", ["帮我写一份年度工作总结"], [{"intent": "document", "contains": [one_year]}])
    b.add("document", "青河县", ["生成自评报告"], [{"intent": "document", "contains": ["已起草自评报告"]}])
    b.add("document", "示例区", ["经验交流材料"], [{"intent": "document", "contains": ["只写有记录的事实"]}])

    for label, question in (
        ("城关镇", "下载Excel"),
        ("示例区", "导出审计工作簿"),
        ("青河县", "把达标表导出成Excel"),
        ("青河县", "给督导一份能核对公式的Excel"),
    ):
        rows = len(read(ROOT / "data" / "samples" / DATASETS[label]))
        name = f"{label}均衡发展审计工作簿（优质均衡）.xlsx"
        expect = [{"intent": "workbook", "contains": [name, f"{rows}行学校数据"]}]
        b.add("workbook", label, [question], expect)


def add_compositional(b: Builder) -> None:
    """Issue 16: scope that follows the official, filters, shortfall rankings, comparisons, transfers,
    the composite CV, the standard's rules and items, sound-alike names, plan edits and refusals, on
    青河县 and 城关镇. Turns are judged as the blind sets are (figures, names, absent, kind)."""
    label = "青河县"
    frame = read(ROOT / "data" / "samples" / "青河县.xlsx")
    stages = school_stages(frame)
    town = dict(zip(frame["学校名称"], frame["所属乡镇"], strict=True))
    owner = dict(zip(frame["学校名称"], frame["举办者"], strict=True))
    kind = dict(zip(frame["学校名称"], frame["办学类型"], strict=True))

    def part(name: str, stage: str | None = None) -> SchoolStage:
        return next(s for s in stages if s.name == name and (stage is None or s.stage == stage))

    def total(key: str, keep=lambda s: True) -> float:
        return round(sum(s.gaps.get(key, 0) for s in stages if keep(s)), 2)

    judged: dict[str, bool] = {}
    for s in stages:
        judged[s.name] = judged.get(s.name, True) and s.passed

    def read_as(name: str) -> str:
        return f"按 {name}"

    def add(category: str, turns: list[str], expect: list[dict]) -> None:
        b.add(category, label, turns, expect)

    s3, sq = "青河县城关第三小学", "石桥镇中心小学"
    # --- the remembered school does not hijack questions about the county -------------------------
    add(
        "scope",
        ["城关三小缺什么", "全县情况如何"],
        [{"names": [s3], "figures": [5, 3]}, {"intent": "overview", "absent": [read_as(s3)]}],
    )
    add(
        "scope",
        ["石桥中心校还差多少", "最拖后腿的是哪项指标"],
        [{"figures": [1713]}, {"intent": "drag", "absent": [read_as(sq)]}],
    )
    add(
        "scope",
        ["新集初中差在哪", "今天几号了", "它的体艺老师呢"],
        [
            {"names": ["新集镇初级中学"]},
            {"kind": "refuse", "absent": [read_as("新集镇初级中学")]},
            {"names": ["新集镇初级中学"], "figures": [part("新集镇初级中学").gaps["pe_art"]]},
        ],
    )
    add(
        "scope",
        ["柳林中新小学怎么样", "那初中呢"],
        [{"names": ["柳林乡中新小学"]}, {"contains": ["没有初中学段"], "absent": ["需增加**"]}],
    )
    bb_primary = total("backbone", lambda s: s.stage == "primary")
    add(
        "scope",
        ["城关三小差什么", "全县小学骨干教师一共还缺多少"],
        [{"names": [s3]}, {"figures": [bb_primary], "absent": [read_as(s3)]}],
    )
    add(
        "scope",
        ["城关三小差什么", "全县一共缺多少平方米运动场"],
        [{"names": [s3]}, {"figures": [total("sports_space")], "absent": [read_as(s3)]}],
    )

    # --- towns, ownership, kinds and the last answer's list ----------------------------------------
    add(
        "filter",
        ["石桥镇的学校运动场一共还差多少"],
        [{"figures": [total("sports_space", lambda s: town[s.name] == "石桥镇")]}],
    )
    add(
        "filter",
        ["新集镇总共缺几个骨干教师"],
        [{"figures": [total("backbone", lambda s: town[s.name] == "新集镇")]}],
    )
    public_bb = sorted({s.name for s in stages if "backbone" in s.gaps and owner[s.name] == "公办"})
    private_bb = sorted({s.name for s in stages if "backbone" in s.gaps and owner[s.name] == "民办"})
    add("filter", ["公办学校里哪些骨干教师不达标"], [{"names": public_bb, "absent": private_bb}])
    add(
        "filter",
        ["除了民办学校，小学骨干教师一共差多少"],
        [{"figures": [total("backbone", lambda s: s.stage == "primary" and owner[s.name] == "公办")]}],
    )
    junior_failing = sorted({s.name for s in stages if s.stage == "junior" and not s.passed})
    xj = [n for n in junior_failing if town[n] == "新集镇"]
    add(
        "filter",
        ["初中有几所没达标", "其中新集镇的有哪些"],
        [
            {"figures": [len(junior_failing)]},
            {"names": xj, "absent": [n for n in junior_failing if n not in xj]},
        ],
    )
    primary_ok = sorted({s.name for s in stages if s.stage == "primary" and s.passed and judged[s.name]})
    cg = [n for n in primary_ok if town[n] == "城关镇"]
    add(
        "filter",
        ["达标的小学有哪些", "这些学校里城关镇的是哪几所"],
        [{"names": primary_ok[:4]}, {"names": cg, "absent": [n for n in primary_ok if n not in cg]}],
    )
    bs = [n for n in judged if town[n] == "白沙乡"]
    add("filter", ["白沙乡有几所学校参评"], [{"figures": [len(bs)]}])
    combined = [n for n in judged if kind[n] == "九年一贯制学校"]
    add("filter", ["一贯制学校达标了吗"], [{"names": combined}])
    add(
        "filter",
        ["城关镇有几所学校没达标", "换成石桥镇呢"],
        [
            {"figures": [sum(1 for n, ok in judged.items() if not ok and town[n] == "城关镇")]},
            {"figures": [sum(1 for n, ok in judged.items() if not ok and town[n] == "石桥镇")]},
        ],
    )

    # --- the largest shortfall, not the largest value ----------------------------------------------
    for key, q in (
        ("backbone", "哪所学校缺的骨干教师最多"),
        ("sports_space", "运动场缺口最大的学校是哪个"),
        ("equipment", "仪器设备差距最大的是哪所学校"),
    ):
        need: dict[str, float] = {}
        for s in stages:
            if key in s.gaps:
                need[s.name] = need.get(s.name, 0) + s.gaps[key]
        top = max(need, key=lambda n: need[n])
        add("superlative", [q], [{"intent": "rank", "names": [top], "figures": [round(need[top], 2)]}])
    low = min((s for s in stages if s.stage == "primary"), key=lambda s: s.values["backbone"])
    add("superlative", ["小学里每百名学生骨干教师最少的是哪所"], [{"intent": "rank", "names": [low.name]}])

    # --- comparisons --------------------------------------------------------------------------------
    sq_f, xj_f = (total("sports_space", lambda s, t=t: town[s.name] == t) for t in ("石桥镇", "新集镇"))
    add("compare", ["石桥镇和新集镇比，哪个缺的运动场多"], [{"intent": "compare", "figures": [sq_f, xj_f]}])
    a, c = part("青河县城关第一小学").gaps["sports_space"], part(sq).gaps["sports_space"]
    add("compare", ["城关一小和石桥中心校哪个运动场缺得多"], [{"intent": "compare", "figures": [a, c]}])
    add(
        "compare",
        ["新集初中跟柳林初中比较一下"],
        [{"intent": "compare", "names": ["新集镇初级中学", "柳林乡初级中学"]}],
    )

    # --- a transfer between schools and the CV it changes ----------------------------------------------
    before = cv(stages, "primary", "pe_art")
    moved = school_stages(
        frame,
        {"青河县城关第二小学": {"体育艺术专任教师数（人）": -3}, s3: {"体育艺术专任教师数（人）": 3}},
    )
    add(
        "transfer",
        ["把城关二小的3个体育老师调到城关三小，小学体育艺术教师的差异系数变成多少"],
        [{"intent": "transfer", "figures": [round(before, 3), round(cv(moved, "primary", "pe_art"), 3)]}],
    )
    moved = school_stages(
        frame, {"青河县实验小学": {"县级以上骨干教师数（人）": -4}, sq: {"县级以上骨干教师数（人）": 4}}
    )
    new = next(s for s in moved if s.name == sq).values["backbone"]
    add(
        "transfer",
        ["实验小学支援石桥中心校4名骨干教师会怎样"],
        [{"intent": "transfer", "figures": [round(new, 3)]}],
    )

    # --- the composite CV and the rule that decides ------------------------------------------------
    comp = {st: sum(cv(stages, st, k) for k in INDICATORS) / len(INDICATORS) for st in ("primary", "junior")}
    add("composite", ["小学综合差异系数多少"], [{"intent": "cv", "figures": [round(comp["primary"], 3)]}])
    add(
        "composite",
        ["按综合差异系数算初中能不能通过"],
        [{"intent": "cv", "figures": [round(comp["junior"], 3)]}],
    )

    # --- the standard worked out, and its items -------------------------------------------------------
    add("rule", ["小学36个班需要几间美术教室"], [{"intent": "standard_rule", "figures": [3]}])
    add(
        "rule",
        ["一所900人的初中至少要多少平方米运动场"],
        [{"intent": "standard_rule", "figures": [10.2 * 900]}],
    )
    add(
        "rule",
        ["800名学生的小学要配几名体育艺术老师"],
        [{"intent": "standard_rule", "figures": [math.ceil(0.9 * 8)]}],
    )
    add("rule", ["基本均衡有哪些指标"], [{"intent": "standard_items", "contains": ["计算机", "8项"]}])
    add("rule", ["政府保障程度包括哪几项"], [{"intent": "standard_items", "contains": ["15项", "学校规模"]}])

    # --- names as people type them --------------------------------------------------------------------
    add(
        "names",
        ["石乔中心校运动场差多少"],
        [{"names": [sq], "figures": [1713], "contains": ["“石乔中心校”按"]}],
    )
    add("names", ["心集初中怎么样"], [{"names": ["新集镇初级中学"]}])
    add("names", ["白沙九年制怎么样"], [{"names": ["白沙乡九年一贯制学校"]}])
    add("names", ["县一中怎么样"], [{"names": ["青河县第一初级中学"]}])
    add(
        "names",
        ["实验学校初中部骨干教师够不够"],
        [{"names": ["青河县实验学校"], "contains": ["初中"], "absent": ["（小学，"]}],
    )
    add("names", ["二小怎么样"], [{"kind": "ask_back", "intent": "clarify"}])
    add(
        "names",
        ["新集中心小学怎么样", "二小呢"],
        [{"names": ["新集镇中心小学"]}, {"names": ["新集镇第二小学"], "absent": ["**青河县城关第二小学**"]}],
    )

    # --- edits of the plan in the chat ---------------------------------------------------------------
    add(
        "edit",
        [
            "生成实施方案",
            "在加强组织领导里加一句：每季度召开一次领导小组会议。",
            "把“月调度”改为“旬调度”",
            "删掉“依规严肃问责”那句",
            "方案的依据文件是哪些",
            "实施步骤从2026年5月开始",
        ],
        [
            {"intent": "draft"},
            {"intent": "edit", "contains": ["每季度召开一次领导小组会议"]},
            {"intent": "edit", "contains": ["旬调度"]},
            {"intent": "edit", "contains": ["已删去"]},
            {"intent": "basis", "contains": ["教督〔2017〕6号"]},
            {"intent": "edit", "contains": ["2026年5月"]},
        ],
    )
    add("edit", ["生成实施方案", "把主要任务写得更生动一点"], [{"intent": "draft"}, {"intent": "clarify"}])

    # --- round 2: kinds of school, unknown 乡镇, vague amounts, what a school is -------------------------
    central = [n for n in judged if n.endswith("中心小学")]
    add("names", ["中心小学差什么"], [{"kind": "ask_back", "intent": "clarify"}])
    add(
        "filter",
        ["中心小学都达标了吗"],
        [{"names": central, "figures": [sum(1 for n in central if judged[n])]}],
    )
    add("names", ["清水镇有几所学校"], [{"kind": "ask_back", "intent": "clarify", "absent": ["28所"]}])
    add(
        "names",
        ["心集镇一共差多少骨干老师"],
        [{"figures": [total("backbone", lambda s: town[s.name] == "新集镇")]}],
    )
    add("names", ["柳林三小差啥"], [{"kind": "ask_back", "absent": ["青河县城关第三小学（小学"]}])
    add("what_if", ["给城关三小加几个骨干老师会怎样"], [{"kind": "ask_back", "intent": "clarify"}])
    add("profile", ["育英学校是民办的吗"], [{"intent": "school_profile", "contains": ["民办"]}])
    add("profile", ["城关一小有几个班"], [{"intent": "school_profile", "figures": [50]}])
    add(
        "profile", ["初中有多少学生"], [{"figures": [sum(s.students for s in stages if s.stage == "junior")]}]
    )
    add(
        "filter",
        ["清河县城关一小差多少"],
        [{"names": ["青河县城关第一小学"], "figures": [part("青河县城关第一小学").gaps["sports_space"]]}],
    )

    # --- round 3: all towns but one, towns together, 农村/城区, the most students -----------------------
    outside = sum(1 for n, ok in judged.items() if not ok and town[n] != "城关镇")
    add("filter", ["不算城关镇的话，还有几所学校没达标"], [{"figures": [outside]}])
    both = total("backbone", lambda s: town[s.name] in ("石桥镇", "柳林乡"))
    add("filter", ["石桥镇跟柳林乡合起来差几个骨干教师"], [{"figures": [both]}])
    rural = set(frame.loc[frame["城乡分类"] == "乡村", "学校名称"])
    rural_failing = sorted(n for n, ok in judged.items() if not ok and n in rural)
    add("filter", ["乡村学校有哪些没达标"], [{"names": rural_failing}])
    size: dict[str, int] = {}
    for s in stages:
        size[s.name] = size.get(s.name, 0) + s.students
    biggest = max(size, key=lambda n: size[n])
    add("superlative", ["在校生最多的是哪所学校"], [{"names": [biggest], "figures": [size[biggest]]}])

    # --- not about schools at all ----------------------------------------------------------------------
    for q in ("帮我写首诗", "今天油价多少", "推荐一部电影"):
        add("refusal", [q], [{"kind": "refuse", "intent": "refused"}])

    # --- the same on the town --------------------------------------------------------------------------
    frame = read(ROOT / "data" / "samples" / "城关镇.xlsx")
    stages = school_stages(frame)
    need = {}
    for s in stages:
        if "backbone" in s.gaps:
            need[s.name] = need.get(s.name, 0) + s.gaps["backbone"]
    top = max(need, key=lambda n: need[n])
    b.add(
        "superlative",
        "城关镇",
        ["骨干教师缺得最多的是哪所"],
        [{"intent": "rank", "names": [top], "figures": [need[top]]}],
    )
    b.add(
        "scope",
        "城关镇",
        ["柳树湾小学差多少", "全镇有几所学校没达标"],
        [
            {"names": ["柳树湾小学"]},
            {"figures": [len({s.name for s in stages if not s.passed})], "absent": ["按 柳树湾小学"]},
        ],
    )


def main() -> int:
    rows = build()
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    turns = sum(len(r["turns"]) for r in rows)
    print(f"wrote {len(rows)} conversations, {turns} turns to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
