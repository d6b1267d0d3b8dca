"""Score the chat on a blind question set written by someone who never read the chat's code.

Usage: .venv/bin/python bench/blind_chat_eval.py FILE.jsonl [--failures] [--no-retrieval]

The format is the one the blind writers get (one conversation per line: data, region, level, turns,
expect). A turn passes when every expected figure is stated (as a rounding of the figure to 0–3
decimals, or a figure with more decimals that rounds to the one written, or the same amount in 元 for
万元), every expected name appears, no absent string appears, and the kind matches: an ask-back asks
a question, a refusal declines and names no school of the data.
Figures and names are judged on the plain reply (text, tables, citations).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner.chat import ChatContext, ChatState, default_api, respond  # noqa: E402

NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?")
REFUSAL = re.compile(
    r"无法|不能回答|不能提供|超出|只能回答|没有找到|未找到|抱歉|暂不支持|不在.*范围|与.*无关"
)
ASK = re.compile(r"[？?]|请问|是指|哪一所|哪所|哪一个")


def stated(figure: float, numbers: list[tuple[float, int]]) -> bool:
    """Whether ``figure`` (or it ×/÷ 10000, for 万元 vs 元) appears rounded to the decimals shown, or a
    reply figure with more decimals rounds to it (the writer wrote 1.07 for 1.0667, the reply 1.067)."""
    written = len(repr(figure).split(".")[1].rstrip("0")) if "." in repr(figure) else 0
    for target in (figure, figure * 10000, figure / 10000):
        for value, decimals in numbers:
            if abs(value - target) <= 0.5 * 10**-decimals + 1e-9:
                return True
            finer = target == figure and 0 < written < decimals
            if finer and abs(value - target) <= 0.5 * 10**-written + 1e-9:
                return True
    return False


def numbers_in(text: str) -> list[tuple[float, int]]:
    out = []
    for raw in NUMBER.findall(text):
        plain = raw.replace(",", "")
        decimals = len(plain.split(".")[1]) if "." in plain else 0
        out.append((float(plain), decimals))
    return out


def judge(reply, expect: dict, school_names: list[str]) -> list[str]:
    text = reply.plain()
    problems = []
    numbers = numbers_in(text)
    problems += [f"missing figure {f}" for f in expect.get("figures", []) if not stated(float(f), numbers)]
    problems += [f"missing {n!r}" for n in expect.get("names", []) if n not in text]
    problems += [f"unexpected {a!r}" for a in expect.get("absent", []) if a in text]
    kind = expect.get("kind", "answer")
    if kind == "refuse":
        if not REFUSAL.search(text):
            problems.append("did not decline")
        named = [n for n in school_names if n in text]
        if named:
            problems.append(f"refusal names schools {named[:3]}")
    elif kind == "ask_back" and not (reply.intent == "clarify" or ASK.search(reply.text)):
        problems.append("did not ask back")
    return problems


def context_for(row: dict, cache: dict, search, standard) -> ChatContext:
    key = (row["data"], row.get("region"), row.get("level"))
    if key not in cache:
        path = Path(row["data"])
        frame = load_schools(path if path.is_absolute() else REPO / path).frame
        cache[key] = ChatContext(
            evaluation=evaluate(frame, standard),
            schools=frame,
            search=search,
            region=row.get("region") or path.stem,
            level=row.get("level"),
            planner=default_api(),
        )
    return cache[key]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--no-retrieval", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    search = None
    if not args.no_retrieval:
        from knowledge import open_index

        search = open_index().search
        search("班额", k=3)
    standard = load_standard("quality_2017")
    cache: dict = {}
    passed: dict[str, list[bool]] = defaultdict(list)
    failures = []
    times = []
    for row in rows:
        ctx = context_for(row, cache, search, standard)
        names = [str(n) for n in ctx.schools["name"]]
        state = ChatState()
        for turn, expect in zip(row["turns"], row["expect"], strict=True):
            start = time.perf_counter()
            reply = respond(turn, ctx, state)
            times.append((time.perf_counter() - start) * 1000)
            problems = judge(reply, expect, names)
            passed[row.get("category", "?")].append(not problems)
            if problems:
                failures.append((row["id"], turn, problems, expect.get("why", ""), reply.plain()[:400]))
    total = [ok for oks in passed.values() for ok in oks]
    print(f"{'category':24} {'turns':>5} {'pass':>6}")
    for category, oks in sorted(passed.items()):
        print(f"{category:24} {len(oks):5d} {100 * sum(oks) / len(oks):5.1f}%")
    print(f"{'all':24} {len(total):5d} {100 * sum(total) / len(total):5.1f}%")
    ordered = sorted(times)
    p50, p95 = (ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] for q in (0.5, 0.95))
    print(f"reply ms: p50 {p50:.1f}, p95 {p95:.1f}")
    if args.failures:
        for rid, turn, problems, why, text in failures:
            print(f"\n✗ {rid} {turn}\n  {'; '.join(problems)}\n  why: {why}\n  → {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
