"""Faithful rewordings the claim guard must never refuse: every paragraph of every template plan (the
three samples, both standards) and every read-only tool's answer, reworded the ways a model
polishes — synonyms (经测算 → 据测算, 提高到 → 提升至, 平方米 → ㎡ …), figures written differently
(230.0 → 230, 6.90 → 6.9, 3所 → 三所), all of these at once. Prints how many were refused (the target
is none) and each refusal.

Usage: .venv/bin/python bench/guard_faithful.py [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import cn2an  # noqa: E402

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner import PlanSettings, draft_plan  # noqa: E402
from planner.chat import ChatContext, ChatState, default_api  # noqa: E402
from planner.llm.chat import _turn_evidence  # noqa: E402
from planner.llm.guard import guard, review  # noqa: E402
from planner.llm.polish import _frame, _polishable, plan_evidence  # noqa: E402
from planner.llm.tools import bound_tools, run_tool  # noqa: E402

SAMPLES = {"城关镇": "town", "示例区": "district", "青河县": "county"}
SYNONYMS = [
    ("经测算", "据测算"),
    ("估算投入", "预计投入"),
    ("提高到", "提升至"),
    ("由", "从"),
    ("按学校达标要求逐校补齐", "逐校补齐到位"),
    ("须", "需"),
    ("确保", "保证"),
    ("新建或扩建", "新建、扩建"),
    ("培养认定", "培养"),
    ("平方米", "㎡"),
    ("主要是", "重点是"),
    ("，其中", "，包括"),
    ("积极争取", "努力争取"),
    ("不低于", "不少于"),
    ("不超过", "不高于"),
    ("以上", "及以上"),
    ("实施项目", "安排项目"),
    ("年底前", "年末前"),
    ("完成", "做好"),
    ("预计", "预期"),
]
TOOLS = {
    "城关镇": [
        ("school_gaps", {"school": "石桥小学"}),
        ("school_gaps", {"school": "城关第一小学"}),
        ("verdict", {}),
        ("drag", {}),
        ("count_schools", {"show": "rate"}),
        ("total_gap", {}),
        ("rank", {"count": 3}),
        ("indicator_across", {"indicator": "backbone_teachers_per_100"}),
        ("cv", {}),
        ("overview", {}),
        ("what_if", {"school": "石桥小学", "changes": [{"columns": ["backbone_teachers"], "amount": 2}]}),
        ("plan_query", {}),
        ("plan_costs", {}),
        ("guarantees", {}),
        ("compare", {"schools": ["石桥小学", "城关第二小学"]}),
        ("school_profile", {"school": "城关第一小学"}),
        ("standard_items", {}),
        ("basis", {}),
    ],
    "示例区": [
        ("school_gaps", {"school": "育才学校"}),
        ("verdict", {}),
        ("total_gap", {}),
        ("cv", {}),
        ("overview", {}),
        ("indicator_across", {"indicator": "sports_space_per_student"}),
    ],
    "青河县": [
        ("school_gaps", {"school": "白沙乡九年一贯制学校"}),
        ("verdict", {}),
        ("drag", {}),
        ("rank", {"count": 5}),
        ("cv", {}),
        ("guarantees", {}),
        ("plan_costs", {}),
    ],
}


def variants(text: str) -> list[str]:
    """The text, each synonym swapped alone, figures written three other ways, all swaps at once."""
    out = [text, *(text.replace(a, b) for a, b in SYNONYMS if a in text)]
    out.append(re.sub(r"(\d+)\.0(?!\d)", r"\1", text))
    out.append(re.sub(r"(\d+\.\d)0(?!\d)", r"\1", text))
    out.append(
        re.sub(
            r"(?<![\d.])(\d{1,2})(所|人|名|间|项)",
            lambda m: (cn2an.an2cn(int(m.group(1))) if int(m.group(1)) < 100 else m.group(1)) + m.group(2),
            text,
        )
    )
    every = text
    for a, b in SYNONYMS:
        every = every.replace(a, b)
    out.append(every)
    return list(dict.fromkeys(out))


def plans(show: int) -> tuple[int, int]:
    total = refused = 0
    for region, level in SAMPLES.items():
        frame = load_schools(REPO / "data" / "samples" / f"{region}.xlsx").frame
        for std in ("quality_2017", "basic_2012"):
            ev = evaluate(frame, load_standard(std))
            plan = draft_plan(
                ev, PlanSettings(region=region, level=level, start_year=2026), schools_frame=frame
            )
            evidence = plan_evidence(plan, ev)
            for section in plan.sections:
                for p in _polishable(section):
                    for text in variants(p.text):
                        total += 1
                        g = guard(
                            text, evidence, p.text, keep_figures_of=p.text, frame=_frame(section, p, evidence)
                        )
                        if not g.accepted:
                            refused += 1
                            if refused <= show:
                                print(f"  plan {region} {std} {section.key}: {text[:60]}")
                                print(f"      {[v.message for v in g.violations][:3]}")
    return total, refused


def tools(show: int) -> tuple[int, int]:
    total = refused = 0
    for region, calls in TOOLS.items():
        frame = load_schools(REPO / "data" / "samples" / f"{region}.xlsx").frame
        ev = evaluate(frame, load_standard("quality_2017"))
        ctx = ChatContext(
            evaluation=ev, schools=frame, region=region, level=SAMPLES[region], planner=default_api()
        )
        for name, args in calls:
            state = ChatState()
            reply = run_tool(name, args, ctx, state, bound_tools()).reply
            evidence = _turn_evidence("", ctx, state, [reply], list(reply.citations))
            plain = re.sub(r"^[>\-] ?", "", reply.text.replace("**", ""), flags=re.M)
            for text in variants(plain):
                total += 1
                found = review(text, evidence).violations
                if found:
                    refused += 1
                    if refused <= show:
                        print(f"  tool {region} {name}: {[v.message for v in found][:3]}")
    return total, refused


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=10, help="refusals to print")
    args = ap.parse_args(argv)
    n, bad = plans(args.show)
    print(f"plan paragraphs (3 samples × 2 standards): {n} rewordings, {bad} refused")
    n, bad = tools(args.show)
    print(f"read-only tool answers: {n} rewordings, {bad} refused")


if __name__ == "__main__":
    main()
