"""``python -m planner chat DATA --region R --level county --standard quality_2017 --conversations
FILE.jsonl --json``: scripted conversations, a stable contract other tools read.

Input lines ``{"id": ..., "turns": ["...", ...]}``; output lines ``{"id": ..., "replies": [{"text":
<plain reply text with table titles, headers, cells, citation labels and texts>, "intent": ...,
"ms": ...}]}``. Each conversation starts with a fresh state; the data and the policy index load once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import typing
from pathlib import Path

__all__ = ["add_parser", "run"]

LEVELS = ("town", "county", "district", "city")


def add_parser(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("chat", help="按脚本进行对话（每行一段对话），输出每轮回答")
    c.add_argument("data", help="学校数据文件（.xlsx 或 .csv）")
    c.add_argument("--region", default="", help="镇或区/县名称")
    c.add_argument("--level", choices=LEVELS, default="town", help="town=镇级，county/district=县/区级")
    c.add_argument("--standard", default="quality_2017", help="评估标准键或 YAML 路径")
    c.add_argument("--start-year", type=int, default=2026, help="方案的第一年")
    c.add_argument("--years", type=int, default=3, help="方案年数")
    c.add_argument("--conversations", required=True, help="对话脚本 .jsonl")
    c.add_argument("--json", action="store_true", help="每段对话输出一行 JSON（默认也是 JSON 行）")
    c.add_argument("--no-retrieval", action="store_true", help="不加载政策库（政策问题将回答政策库不可用）")


def plan_level(level: str) -> str:
    """The level PlanSettings accepts: county/city map to district where only town/district exist."""
    from planner.settings import PlanSettings

    accepted = typing.get_args(PlanSettings.model_fields["level"].annotation)
    if level in accepted or not accepted:
        return level
    return "district" if level in ("county", "city") else "town"


def _conversations(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} 第{number}行不是合法的 JSON：{exc.msg}") from exc
        if not isinstance(row, dict) or not isinstance(row.get("turns"), list):
            raise ValueError(f"{path} 第{number}行缺少 turns（问题列表）。")
        rows.append(row)
    return rows


def run(args: argparse.Namespace) -> int:
    from metrics import DataError, StandardError, evaluate, load_schools, load_standard
    from planner.chat import ChatContext, ChatState, default_api, respond

    try:
        standard = load_standard(args.standard)
        loaded = load_schools(args.data)
        conversations = _conversations(Path(args.conversations))
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except (StandardError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"无法读取文件：{exc.filename or ''} {exc.strerror or exc}", file=sys.stderr)
        return 2
    evaluation = evaluate(loaded.frame, standard, warnings=tuple(str(w) for w in loaded.warnings))
    search = None
    if not args.no_retrieval:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from knowledge import KnowledgeError, open_index

            search = open_index().search
            # the embedding model and jieba's dictionary load here, once, not inside the first reply
            search("班额", k=1)
            from planner.chat.policy import coverage_weight

            coverage_weight("班额")
        except (ImportError, KnowledgeError) as exc:
            print(f"政策检索不可用：{exc}", file=sys.stderr)
    ctx = ChatContext(
        evaluation=evaluation,
        schools=loaded.frame,
        search=search,
        region=args.region,
        level=plan_level(args.level),
        start_year=args.start_year,
        years=args.years,
        planner=default_api(),
    )
    for conversation in conversations:
        state = ChatState()
        replies = []
        for turn in conversation["turns"]:
            start = time.perf_counter()
            reply = respond(str(turn), ctx, state)
            ms = round((time.perf_counter() - start) * 1000, 1)
            replies.append({"text": reply.plain(), "intent": reply.intent or reply.kind, "ms": ms})
        print(json.dumps({"id": conversation.get("id"), "replies": replies}, ensure_ascii=False), flush=True)
    return 0
