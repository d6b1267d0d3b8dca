"""The chat's own evaluation: pass rate by category and reply times on bench/chat_dev.jsonl.

Usage: .venv/bin/python bench/chat_eval.py [FILE] [--failures] [--no-retrieval] [--only CATEGORY]

A turn passes when the tool that answered is the expected one and the plain reply text (tables and
citations included) contains every expected string and none of the absent ones; turns written like the
blind sets (figures, names, kind) are judged as bench/blind_chat_eval.py judges them. Expected figures
come from bench/chat_reference.py (pandas on the workbook), never from the chat. Times: p50/p95 over data
replies (every tool but policy_search, draft and export) and over policy replies.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner.chat import ChatContext, ChatState, default_api, respond  # noqa: E402

DEFAULT = REPO / "bench" / "chat_dev.jsonl"
SAMPLES = {"城关镇": "城关镇.xlsx", "示例区": "示例区.xlsx", "青河县": "青河县.xlsx"}
LEVEL = {"城关镇": "town", "示例区": "district", "青河县": "county"}
SLOW_TOOLS = {"policy_search", "draft", "export", "settings", "revise", "edit", "document"}


def sample_contexts(search, standard) -> dict[str, ChatContext]:
    """One chat context per sample (the dev set's ``data`` labels), sharing one policy search."""
    contexts = {}
    for label, file in SAMPLES.items():
        frame = load_schools(REPO / "data" / "samples" / file).frame
        contexts[label] = ChatContext(
            evaluation=evaluate(frame, standard),
            schools=frame,
            search=search,
            region=label,
            level=LEVEL[label],
            planner=default_api(),
        )
    return contexts


def two_years(town: ChatContext, standard) -> ChatContext:
    """城关镇 as 2024 and, as 2025, with LATER_AREA ㎡ more 教学及辅助用房 per school (make_chat_dev.py)."""
    from dataclasses import replace

    from make_chat_dev import LATER_AREA

    from metrics.trends import compare_years
    from planner.documents import DocumentInputs, YearData

    later = town.schools.copy()
    later["teaching_rooms_area"] = later["teaching_rooms_area"] + LATER_AREA
    evaluation = evaluate(later, standard)
    comparison = compare_years({2024: town.evaluation, 2025: evaluation})
    inputs = DocumentInputs(YearData(2025, evaluation, later), YearData(2024, town.evaluation, town.schools))
    return replace(
        town,
        evaluation=evaluation,
        schools=later,
        year_comparison=lambda: comparison,
        document_inputs=lambda: inputs,
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def check(reply, expect: dict, school_names: list[str] = ()) -> list[str]:
    """The dev set's checks (intent, strings in and not in the reply) and, when a turn gives them, the
    blind set's (figures as roundings, an ask-back, a refusal naming no school: blind_chat_eval.judge)."""
    from blind_chat_eval import judge

    problems = []
    wanted = expect.get("intent")
    if wanted and reply.intent not in ([wanted] if isinstance(wanted, str) else wanted):
        problems.append(f"intent {reply.intent} ≠ {wanted}")
    # expected strings may carry the Markdown emphasis of the reply; the plain text has none
    text = reply.plain()
    problems += [f"missing {s!r}" for s in expect.get("contains", []) if s.replace("**", "") not in text]
    problems += [f"unexpected {s!r}" for s in expect.get("absent", []) if s in reply.text]
    if any(k in expect for k in ("figures", "names", "kind")):
        blind = {k: expect[k] for k in ("figures", "names", "kind") if k in expect}
        problems += judge(reply, blind, list(school_names))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--failures", action="store_true", help="print every failing turn")
    parser.add_argument("--no-retrieval", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.only:
        rows = [r for r in rows if r["category"] == args.only]
    search = None
    if not args.no_retrieval:
        from knowledge import open_index

        search = open_index().search
        search("班额", k=3)  # warm-up: the embedding model loads once
    standard = load_standard("quality_2017")
    contexts = sample_contexts(search, standard)
    contexts["城关镇两年"] = two_years(contexts["城关镇"], standard)
    passed: dict[str, list[bool]] = defaultdict(list)
    data_ms: list[float] = []
    policy_ms: list[float] = []
    failures = []
    for row in rows:
        ctx = contexts[row["data"]]
        names = [str(n) for n in ctx.schools["name"]]
        state = ChatState()
        for turn, expect in zip(row["turns"], row["expect"], strict=True):
            start = time.perf_counter()
            reply = respond(turn, ctx, state)
            ms = (time.perf_counter() - start) * 1000
            (policy_ms if reply.intent in SLOW_TOOLS else data_ms).append(ms)
            problems = check(reply, expect, names)
            passed[row["category"]].append(not problems)
            if problems:
                failures.append((row["id"], row["data"], turn, problems, reply.plain()[:300]))
    total = [ok for oks in passed.values() for ok in oks]
    print(f"{'category':12} {'turns':>5} {'pass':>6}")
    for category, oks in sorted(passed.items()):
        print(f"{category:12} {len(oks):5d} {100 * sum(oks) / len(oks):5.1f}%")
    print(f"{'all':12} {len(total):5d} {100 * sum(total) / len(total):5.1f}%")
    print(
        f"data replies: n={len(data_ms)} p50 {percentile(data_ms, 0.5):.1f} ms, "
        f"p95 {percentile(data_ms, 0.95):.1f} ms; "
        f"policy/plan replies: n={len(policy_ms)} p50 {percentile(policy_ms, 0.5):.1f} ms, "
        f"p95 {percentile(policy_ms, 0.95):.1f} ms"
    )
    if args.failures:
        for rid, data, turn, problems, text in failures:
            print(f"\n✗ {rid} [{data}] {turn}\n  {'; '.join(problems)}\n  → {text!r}")
    return 0 if statistics.mean(total) >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main())
