"""Optional-model evaluation. Against a real endpoint: the chat dev set (bench/chat_dev.jsonl) with and
without the model, the guard's free questions through the tools, and a polish of every section of the
sample town's plan; prints pass rates and how often the guard fired. With ``--adversarial FILE``: the
guard's adversarial suite on a fake OpenAI-compatible server (bench/llm_adversarial.py; file format in
bench/guard_cases.md), caught / missed / false refusals per class.

Usage: .venv/bin/python bench/llm_eval.py --base-url http://127.0.0.1:8000/v1 --model qwen2.5-7b-instruct
       [--provider openai|ollama] [--api-key-env OPENAI_API_KEY] [--timeout 60] [--cases FILE]
       [--dev FILE | --no-dev] [--no-retrieval] [--sections N] [--json]
       .venv/bin/python bench/llm_eval.py --adversarial FILE [--adversarial FILE …] [--timeout 5]
       [--index] [--verbose] [--json]

Dev turn passes as in bench/chat_eval.py (expected tool, expected strings in the plain reply), once by
the rules alone and once through ``respond_with_model`` (the model gets only what the rules cannot
place). Guard case passes when the model answered (its reply passed the number guard), chose one of the
expected tools and, where given, named the expected words. Polish section passes when the rewrite
passed the guard. "guard fired" counts replies or sections the guard refused (shown as system text).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import yaml  # noqa: E402

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner import PlanSettings, draft_plan  # noqa: E402
from planner.chat import ChatContext, ChatState, respond  # noqa: E402
from planner.llm import LLMSettings, build_chat_model, polish_section  # noqa: E402
from planner.llm.chat import model_turn, respond_with_model  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from chat_eval import check, sample_contexts  # noqa: E402

SAMPLE = REPO / "data" / "samples" / "城关镇.xlsx"
CASES = Path(__file__).with_name("llm_cases.yaml")
DEV = Path(__file__).with_name("chat_dev.jsonl")


def run_dev(model, rows: list[dict], search) -> dict:
    """Every dev turn by the rules and with the model; counts the turns the model took and the guard."""
    contexts = sample_contexts(search, load_standard("quality_2017"))
    counts: Counter = Counter()
    for row in rows:
        ctx = contexts[row["data"]]
        rules, mixed = ChatState(), ChatState()
        for text, expect in zip(row["turns"], row["expect"], strict=True):
            counts["turns"] += 1
            counts["rules_passed"] += not check(respond(text, ctx, rules), expect)
            turn = respond_with_model(text, ctx, mixed, model)
            counts["model_passed"] += not check(turn.reply, expect)
            if turn.path != "rule":
                counts["to_model"] += 1
                counts["answered"] += turn.path == "model"
                counts["guard_fired"] += bool(turn.guarded is not None and not turn.guarded.accepted)
    return dict(counts)


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def run_chat(model, ctx: ChatContext, cases: list[dict]) -> dict:
    passed = answered = fired = failed = 0
    seconds: list[float] = []
    rows = []
    for case in cases:
        start = time.perf_counter()
        try:
            turn = model_turn(case["question"], ctx, model)
        except Exception as exc:  # counted, the page would answer by the rules
            failed += 1
            rows.append({"question": case["question"], "outcome": f"failed: {type(exc).__name__}"})
            continue
        seconds.append(time.perf_counter() - start)
        refused = turn.guarded is not None and not turn.guarded.accepted
        fired += refused
        answered += turn.path == "model"
        right_tool = any(t in turn.tools_called for t in case.get("tools", [])) or not case.get("tools")
        words = all(w in turn.reply.text for w in case.get("expect", []))
        ok = turn.path == "model" and right_tool and words
        passed += ok
        rows.append(
            {
                "question": case["question"],
                "outcome": "pass" if ok else ("guard" if refused else turn.path),
                "tools": list(turn.tools_called),
                "violations": [v.found for v in (turn.guarded.violations if turn.guarded else ())],
            }
        )
    n = len(cases)
    return {
        "cases": n,
        "passed": passed,
        "answered": answered,
        "guard_fired": fired,
        "failed": failed,
        "mean_s": sum(seconds) / len(seconds) if seconds else 0.0,
        "rows": rows,
    }


def run_polish(model, plan, limit: int | None, evaluation=None) -> dict:
    keys = [s.key for s in plan.sections if any(p.kind in ("text", "item", "task") for p in s.paragraphs)]
    keys = keys[:limit] if limit else keys
    outcomes: Counter = Counter()
    kinds: Counter = Counter()
    for key in keys:
        result = polish_section(plan, key, model, evaluation=evaluation)
        outcomes[result.status] += 1
        kinds.update(v.kind for v in result.violations)
    return {"sections": len(keys), **dict(outcomes), "violations": dict(kinds)}


def adversarial(args) -> dict:
    from llm_adversarial import print_report, run_file

    index = None
    if args.index:
        from knowledge import open_index

        index = open_index()
    reports = [run_file(path, args.timeout or 5.0, index, args.verbose) for path in args.adversarial]
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print_report(report)
    return {"adversarial": reports}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url")
    ap.add_argument("--model")
    ap.add_argument("--adversarial", type=Path, action="append", help="adversarial cases (JSONL)")
    ap.add_argument("--index", action="store_true", help="adversarial chat: search the real policy index too")
    ap.add_argument("--verbose", action="store_true", help="adversarial: list every case")
    ap.add_argument("--provider", default="openai", choices=["openai", "ollama"])
    ap.add_argument("--api-key-env", default="OPENAI_API_KEY")
    ap.add_argument("--timeout", type=float, default=None, help="seconds (60; adversarial 5)")
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--sections", type=int, default=None, help="polish only the first N sections")
    ap.add_argument("--dev", type=Path, default=DEV, help="the chat dev set (JSONL)")
    ap.add_argument("--no-dev", action="store_true", help="skip the chat dev set")
    ap.add_argument("--no-retrieval", action="store_true", help="dev set without the policy index")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.adversarial:
        return adversarial(args)
    if not args.base_url or not args.model:
        ap.error("--base-url and --model are required (or --adversarial FILE)")
    args.timeout = args.timeout or 60.0
    settings = LLMSettings(
        provider=args.provider,
        base_url=args.base_url,
        model=args.model,
        api_key_env=args.api_key_env,
        timeout_s=args.timeout,
    )
    model = build_chat_model(settings)
    cases = yaml.safe_load(args.cases.read_text(encoding="utf-8"))
    frame = load_schools(SAMPLE).frame
    ev = evaluate(frame, load_standard("quality_2017"))
    ctx = ChatContext(evaluation=ev, schools=frame, region="城关镇")
    dev = {}
    if not args.no_dev:
        rows = [
            json.loads(line) for line in args.dev.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        search = None
        if not args.no_retrieval:
            from knowledge import open_index

            search = open_index().search
        dev = run_dev(model, rows, search)
    chat = run_chat(model, ctx, cases["chat"])
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame)
    polish = run_polish(model, plan, args.sections, ev)
    report = {"model": args.model, "dev": dev, "chat": chat, "polish": polish}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return report
    n = chat["cases"]
    print(f"model {args.model} @ {args.base_url}")
    if dev:
        t, m = dev["turns"], dev.get("to_model", 0)
        print(
            f"dev    rules {share(dev['rules_passed'], t)}  with model {share(dev['model_passed'], t)}  "
            f"sent to model {share(m, t)}, answered {share(dev.get('answered', 0), m)}, "
            f"guard fired {share(dev.get('guard_fired', 0), m)}"
        )
    print(
        f"chat   pass {share(chat['passed'], n)}  answered by model {share(chat['answered'], n)}  "
        f"guard fired {share(chat['guard_fired'], n)}  failed/timeout {share(chat['failed'], n)}  "
        f"mean {chat['mean_s']:.1f}s"
    )
    for row in chat["rows"]:
        tools, refused = row.get("tools", []), row.get("violations", "")
        print(f"  [{row['outcome']}] {row['question']}  tools={tools} {refused}")
    s = polish["sections"]
    print(
        f"polish pass {share(polish.get('polished', 0), s)}  "
        f"guard fired {share(polish.get('refused', 0), s)}  "
        f"failed/timeout {share(polish.get('failed', 0), s)}  violations {polish['violations']}"
    )
    return report


if __name__ == "__main__":
    main()
