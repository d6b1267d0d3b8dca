"""The claim guard's time against the size of the text: outputs and evidence of 1 000 to 40 000
numbers (sentences built from the sample town's facts, half of them true, half changed). Checking
must grow linearly (the figures printed: seconds and microseconds per number).

Usage: .venv/bin/python bench/guard_speed.py [--max 40000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner import PlanSettings, draft_plan  # noqa: E402
from planner.llm.guard import evidence, review  # noqa: E402
from planner.llm.polish import plan_evidence  # noqa: E402


def sentences(plan, n: int, seed: int = 7) -> str:
    """``n`` figures in sentences: facts of the plan with their labels, every other one changed."""
    rng = random.Random(seed)
    facts = [f for f in plan.facts if isinstance(f.value, int | float) and f.label]
    out = []
    for i in range(n):
        f = rng.choice(facts)
        shown = f.display if i % 2 == 0 else f"{rng.randint(1, 99999)}{f.unit}"
        out.append(f"{f.label}为{shown}。")
    return "".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max", type=int, default=40_000)
    args = ap.parse_args(argv)
    frame = load_schools(REPO / "data" / "samples" / "城关镇.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame)
    base = plan_evidence(plan, ev)
    print(f"evidence: {len(base.claims)} claims from the plan")
    sizes = [n for n in (1_000, 5_000, 10_000, 20_000, 40_000) if n <= args.max]
    print(f"{'numbers':>8} {'output s':>9} {'µs/number':>10} {'evidence s':>11} {'µs/number':>10}")
    for n in sizes:
        text = sentences(plan, n)
        start = time.perf_counter()
        found = review(text, base)
        took = time.perf_counter() - start
        start = time.perf_counter()
        big = evidence(texts=[sentences(plan, n, seed=11)], facts=list(plan.facts), evaluation=ev, plan=plan)
        review("全镇共需培养认定县级及以上骨干教师7人。", big)
        built = time.perf_counter() - start
        print(
            f"{n:>8} {took:>9.2f} {1e6 * took / n:>10.1f} {built:>11.2f} {1e6 * built / n:>10.1f}"
            f"   ({len(found.violations)} refused)"
        )


if __name__ == "__main__":
    main()
