"""Calibrate the chat's "not found" rule (planner/chat/policy.py COVERAGE_FLOOR) on answerable and
unanswerable policy questions, through the chat's own policy tool and the real index.

Usage: .venv/bin/python bench/policy_refusal.py [--sweep]

Reads ../shared/eval/retrieval_dev.jsonl (answerable, with `must` groups) and
bench/policy_unanswerable.jsonl (near-domain questions the corpus does not cover). Prints: answered
correctly (the first quoted passage holds every `must` group), refused correctly, and with --sweep the
same for several floors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from knowledge import open_index  # noqa: E402
from planner.chat import policy  # noqa: E402

DEV = REPO.parent / "shared" / "eval" / "retrieval_dev.jsonl"
UNANSWERABLE = REPO / "bench" / "policy_unanswerable.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def answers(passage, must: list[list[str]]) -> bool:
    haystack = f"{passage.section}\n{passage.text}"
    return all(any(alt in haystack for alt in group) for group in must)


def doc_of(question: str) -> str:
    """The standard the chat would favour: the one the question names, else quality_2017's."""
    return policy._named_standard_doc(question) or "教督〔2017〕6号"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    index = open_index()
    rows = load(DEV) + load(UNANSWERABLE)
    ranked = []
    for row in rows:
        result = index.search(row["question"], k=policy.CANDIDATES)
        ranked.append(
            (
                row,
                policy.rank_passages(
                    row["question"], list(result.results), standard_doc=doc_of(row["question"])
                ),
            )
        )
    floors = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] if args.sweep else [policy.COVERAGE_FLOOR]
    for floor in floors:
        ok_answer = ok_refuse = n_answer = n_refuse = 0
        misses = []
        for row, rk in ranked:
            answered = bool(rk) and rk[0].coverage >= floor
            if row["answerable"]:
                n_answer += 1
                good = answered and answers(rk[0].passage, row["must"])
                ok_answer += good
                if not good:
                    misses.append(("答错/拒答", row["question"]))
            else:
                n_refuse += 1
                ok_refuse += not answered
                if answered:
                    misses.append(("误答", row["question"]))
        print(
            f"floor {floor:.2f}: answered correctly {ok_answer}/{n_answer}, "
            f"refused correctly {ok_refuse}/{n_refuse}"
        )
        if not args.sweep:
            for kind, q in misses:
                print(f"   {kind}: {q}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
