"""The guard_r1 set against the plans it was written from: drafts its three plans with the code at a
past commit (default 470468d, in a temporary git worktree) and runs today's guard on them, so faithful
polish and chat cases are not refused only because today's plans have other figures.

Usage: .venv/bin/python bench/blind/guard_r1/at_commit.py [--commit 470468d] [--timeout 5] [--json]
The plan model (planner/model.py, FactKey) must be the same at that commit; the script says so if not.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

SETS = {
    "Q": ("data/samples/青河县.xlsx", {"region": "青河县", "level": "county", "start_year": 2026}),
    "QB": (
        "data/samples/青河县.xlsx",
        {"region": "青河县", "level": "county", "start_year": 2026, "yearly_budget_wan": 50},
    ),
    "C": ("data/samples/城关镇.xlsx", {"region": "城关镇", "level": "town", "start_year": 2026}),
}
DRAFT = """
import pickle, sys
from pathlib import Path
sys.path.insert(0, ".")
from metrics import evaluate, load_schools, load_standard
from planner import PlanSettings, draft_plan
sets = {sets!r}
out = {{}}
for name, (data, kw) in sets.items():
    frame = load_schools(Path(data)).frame
    ev = evaluate(frame, load_standard("quality_2017"))
    out[name] = draft_plan(ev, PlanSettings(**kw), schools_frame=frame)
pickle.dump(out, open(sys.argv[1], "wb"))
"""


def _which(data: str, budget: object, region: str = "") -> str:
    return "C" if "城关镇" in str(data) or region == "城关镇" else ("QB" if budget else "Q")


def _classes(path: Path, start: str) -> str:
    """The text of the classes in ``path`` from the first line starting with ``start`` to the next def."""
    text = path.read_text(encoding="utf-8")
    at = text.find(start)
    end = text.find("\ndef ", at)
    return text[at:end].strip() if at >= 0 else ""


def plans_at(commit: str, work: Path) -> dict:
    tree, out = work / "tree", work / "plans.pkl"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(tree), commit], check=True
    )
    try:
        for path, part in (("planner/model.py", "class "), ("planner/drafting/facts.py", "class FactKey")):
            if _classes(tree / path, part) != _classes(REPO / path, part):
                print(
                    f"注意：{path} 的类定义在 {commit} 与当前不同，旧方案可能无法按当前结构读取",
                    file=sys.stderr,
                )
        script = work / "draft.py"
        script.write_text(DRAFT.format(sets=SETS), encoding="utf-8")
        subprocess.run([sys.executable, str(script), str(out)], cwd=tree, check=True)
        with out.open("rb") as f:
            return pickle.load(f)
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commit", default="470468d")
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import llm_adversarial as adversarial

    import planner.llm.chat as chat

    with tempfile.TemporaryDirectory() as tmp:
        plans = plans_at(args.commit, Path(tmp))
    adversarial._plan = lambda data, standard, region, level, start_year, budget: plans[_which(data, budget)]
    chat._settings_plan = lambda ctx, state: plans[_which("", None, ctx.region)]
    report = adversarial.run_file(HERE / "cases.jsonl", args.timeout)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        adversarial.print_report(report)


if __name__ == "__main__":
    main()
