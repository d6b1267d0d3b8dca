"""Retrieval benchmark: recall@1, recall@5, MRR and refusal accuracy for dense, BM25 and hybrid, plus latency.

Usage: .venv/bin/python bench/retrieval_eval.py [FILE] [--json] [--corpus DIR] [--calibrate] [--sweep]
       [--chunk-sizes 120,160,200,260]

FILE is a JSONL question set (default ../shared/eval/retrieval_dev.jsonl relative to the repo): each line
{"question", "must": [[alternatives], ...], "answerable"}. A passage answers a question when its heading
path + text contains, for every group, at least one alternative. Recall and MRR are over answerable
questions with refusal off; refusal accuracy is over unanswerable ones with the floor in the settings.
The index is built from scratch in a temporary data dir (build_s, model load excluded).
--calibrate prints the relevance floor each mode would get on FILE (midpoint of the gap between the best
score of unanswerable questions and the lowest best score of answered ones).
--sweep prints hybrid figures for several dense weights; --chunk-sizes rebuilds per chunk size and prints
the figures and how many embedded texts exceed the model's token window.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from knowledge import KnowledgeSettings, open_index  # noqa: E402
from knowledge.embeddings import build_embedder  # noqa: E402
from knowledge.index import MODES, Index  # noqa: E402

DEFAULT_FILE = REPO.parent / "shared" / "eval" / "retrieval_dev.jsonl"


def load_questions(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            row = json.loads(line)
            if "question" not in row or "answerable" not in row:
                raise SystemExit(f"{path} 第 {number} 行缺少 question 或 answerable 字段。")
            rows.append(row)
    return rows


def answers(passage, must: list[list[str]]) -> bool:
    haystack = f"{passage.section}\n{passage.text}"
    return all(any(alt in haystack for alt in group) for group in must)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def evaluate(index: Index, questions: list[dict], mode: str, floor: float) -> dict:
    """Figures for one mode; scores are computed once with refusal off, the floor applied afterwards."""
    index.search(questions[0]["question"], k=5, mode=mode)  # warm-up (embedding model, caches)
    hits1 = hits5 = 0
    reciprocal = 0.0
    refused_ok = answered = 0
    latencies = []
    best_answerable: list[float] = []
    best_unanswerable: list[float] = []
    for row in questions:
        start = time.perf_counter()
        result = index.search(row["question"], k=5, mode=mode)
        latencies.append((time.perf_counter() - start) * 1000)
        best = result.results[0].score if result.results else 0.0
        if row["answerable"]:
            ranks = [i for i, p in enumerate(result.results, start=1) if answers(p, row["must"])]
            hits1 += bool(ranks and ranks[0] == 1)
            hits5 += bool(ranks)
            reciprocal += 1 / ranks[0] if ranks else 0.0
            answered += best >= floor
            if ranks:
                best_answerable.append(best)
        else:
            refused_ok += best < floor
            best_unanswerable.append(best)
    n_answerable = sum(1 for r in questions if r["answerable"]) or 1
    n_unanswerable = sum(1 for r in questions if not r["answerable"])
    return {
        "recall@1": round(hits1 / n_answerable, 3),
        "recall@5": round(hits5 / n_answerable, 3),
        "mrr": round(reciprocal / n_answerable, 3),
        "refusal": round(refused_ok / n_unanswerable, 3) if n_unanswerable else None,
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 0.95), 2),
        "_answered": round(answered / n_answerable, 3),
        "_best_answerable": best_answerable,
        "_best_unanswerable": best_unanswerable,
    }


def calibrate(figures: dict) -> tuple[float, str]:
    """Floor in the middle of the gap between unanswerable and answered best scores (or the best split)."""
    ok = sorted(figures["_best_answerable"])
    bad = sorted(figures["_best_unanswerable"])
    if not ok or not bad:
        return float("nan"), "needs answerable and unanswerable questions"
    if max(bad) < min(ok):
        return round((max(bad) + min(ok)) / 2, 3), f"gap {max(bad):.3f} .. {min(ok):.3f}"
    candidates = sorted(set(ok + bad))
    best = max(
        candidates, key=lambda f: sum(s >= f for s in ok) / len(ok) + sum(s < f for s in bad) / len(bad)
    )
    return round(best, 3), f"no gap: unanswerable up to {max(bad):.3f}, answered from {min(ok):.3f}"


def build(settings: KnowledgeSettings) -> tuple[Index, float]:
    start = time.perf_counter()
    index = open_index(settings)
    return index, time.perf_counter() - start


def public(figures: dict) -> dict:
    return {k: v for k, v in figures.items() if not k.startswith("_")}


def print_table(table: dict[str, dict], build_s: float, load_s: float, chunks: int) -> None:
    keys = ["recall@1", "recall@5", "mrr", "refusal", "_answered", "p50_ms", "p95_ms"]
    names = {"_answered": "answered"}
    print(f"{'':10}" + "".join(f"{names.get(k, k):>10}" for k in keys))
    for mode, figures in table.items():
        print(f"{mode:10}" + "".join(f"{figures[k] if figures[k] is not None else '-':>10}" for k in keys))
    print(f"index: {chunks} chunks, build {build_s:.1f} s (model load {load_s:.1f} s not included)")
    print("answered = share of answerable questions whose best score reaches the floor")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--corpus", default=None, help="corpus directory (default: the settings' policy_corpus/)"
    )
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--chunk-sizes", default=None)
    args = parser.parse_args(argv)

    questions = load_questions(Path(args.file))
    start = time.perf_counter()
    embedder = build_embedder("default")
    load_s = time.perf_counter() - start
    base = KnowledgeSettings() if args.corpus is None else KnowledgeSettings(corpus_dir=Path(args.corpus))

    with tempfile.TemporaryDirectory(prefix="retrieval_eval_") as tmp:
        settings = base.model_copy(update={"data_dir": Path(tmp) / "main"})
        index, build_s = build(settings)
        floor = settings.relevance_floor
        table = {mode: evaluate(index, questions, mode, floor) for mode in ("hybrid", "dense", "bm25")}
        if args.json:
            print(
                json.dumps(
                    {**{m: public(f) for m, f in table.items()}, "build_s": round(build_s, 2)},
                    ensure_ascii=False,
                )
            )
        else:
            print(
                f"{args.file}: {len(questions)} questions; "
                f"floor {floor}, dense weight {settings.dense_weight}"
            )
            print_table(table, build_s, load_s, len(index))
        if args.calibrate:
            for mode in MODES:
                value, how = calibrate(table[mode])
                print(f"calibrated floor {mode}: {value} ({how})")
        if args.sweep:
            print("dense weight sweep (hybrid):")
            for weight in (0.0, 0.02, 0.05, 0.1, 0.2, 0.3):
                swept = index.__class__.__new__(index.__class__)
                swept.__dict__.update(index.__dict__)
                swept.settings = settings.model_copy(update={"dense_weight": weight})
                figures = evaluate(swept, questions, "hybrid", floor)
                value, how = calibrate(figures)
                print(
                    f"  w={weight:<5} r@1 {figures['recall@1']}  r@5 {figures['recall@5']}"
                    f"  mrr {figures['mrr']}"
                    f"  floor {value} ({how})"
                )
        if args.chunk_sizes:
            print(
                "chunk size measurement (body max chars -> chunks, tokens/char, "
                "over 256 tokens, figures per mode):"
            )
            for size in [int(s) for s in args.chunk_sizes.split(",")]:
                sized = base.model_copy(
                    update={
                        "data_dir": Path(tmp) / f"size{size}",
                        "chunk_max_chars": size,
                        "chunk_min_chars": min(base.chunk_min_chars, size // 4),
                    }
                )
                sized_index, sized_build = build(sized)
                texts = [
                    f"{m['title']}\n{m['section']}\n{t}"
                    for m, t in zip(sized_index._metas, sized_index._texts, strict=True)
                ]
                tokens = [embedder.count_tokens(t) for t in texts]
                per_char = sum(tokens) / sum(len(t) for t in texts)
                over = sum(t > embedder.max_tokens - 2 for t in tokens)
                figures = {m: evaluate(sized_index, questions, m, floor) for m in ("hybrid", "bm25", "dense")}
                print(
                    f"  {size:>4}: {len(texts)} chunks, {per_char:.2f} tokens/char, {over} over window, "
                    f"build {sized_build:.1f} s; "
                    + "; ".join(
                        f"{m} r@1 {f['recall@1']} r@5 {f['recall@5']} mrr {f['mrr']}"
                        for m, f in figures.items()
                    )
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
