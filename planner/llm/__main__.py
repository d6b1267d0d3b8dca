"""Command line for the optional model (settings from ``JUNHENG_LLM_*``):

``python -m planner.llm status``                     which model, if any
``python -m planner.llm check``                      测试连接 (exit 1 when it fails)
``python -m planner.llm guard TEXT --allow TEXT…``   claims and citations of TEXT not backed
``python -m planner.llm ask DATA QUESTION``          one chat turn as the page answers it (JSON)
``python -m planner.llm polish DATA --region R --section KEY``   a section's polish (JSON)
Bad input: a Chinese message on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from planner.llm.builder import build_chat_model, check_connection
from planner.llm.guard import check, evidence
from planner.llm.settings import LLMSettings


def _load(path: str, standard: str):
    from metrics import DataError, StandardError, evaluate, load_schools, load_standard

    try:
        frame = load_schools(path).frame
        return frame, evaluate(frame, load_standard(standard))
    except (DataError, StandardError, OSError) as exc:
        print(f"无法读取数据：{exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _ask(args) -> int:
    from planner.chat import ChatContext, ChatState
    from planner.llm.chat import respond_with_model

    frame, ev = _load(args.data, args.standard)
    ctx = ChatContext(evaluation=ev, schools=frame, region=args.region)
    turn = respond_with_model(args.question, ctx, ChatState(), build_chat_model(LLMSettings()))
    out = {
        "path": turn.path,
        "text": turn.reply.plain(),
        "tools": list(turn.tools_called),
        "refusals": list(turn.refusals),
        "guard": [v.message for v in turn.guarded.violations] if turn.guarded else [],
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def _polish(args) -> int:
    from planner import PlanSettings, draft_plan
    from planner.llm.polish import polish_section

    model = build_chat_model(LLMSettings())
    if model is None:
        print("未配置语言模型（JUNHENG_LLM_PROVIDER、JUNHENG_LLM_MODEL），无法润色。", file=sys.stderr)
        return 2
    frame, ev = _load(args.data, args.standard)
    plan = draft_plan(ev, PlanSettings(region=args.region, start_year=args.start_year), schools_frame=frame)
    try:
        result = polish_section(plan, args.section, model, evaluation=ev)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    out = {
        "status": result.status,
        "message": result.message,
        "texts": list(result.texts),
        "violations": [v.message for v in result.violations],
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m planner.llm", description="可选语言模型：状态、测试连接、数字核对"
    )
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="当前模型设置")
    sub.add_parser("check", help="测试连接")
    g = sub.add_parser("guard", help="核对一段文字中的数字和引用")
    g.add_argument("text")
    g.add_argument("--allow", nargs="*", default=[], help="允许出现的数字所在的文字（计算结果、原文）")
    g.add_argument("--user", default="", help="用户的提问")
    for name, helptext in (("ask", "按页面的方式回答一个问题"), ("polish", "润色方案的一部分")):
        c = sub.add_parser(name, help=helptext)
        c.add_argument("data", help="学校数据文件（.xlsx 或 .csv）")
        c.add_argument("--region", default="本镇", help="镇或区/县名称")
        c.add_argument("--standard", default="quality_2017", help="评估标准键或 YAML 路径")
        if name == "ask":
            c.add_argument("question")
        else:
            c.add_argument("--section", required=True, help="部分的键，如 tasks.building")
            c.add_argument("--start-year", type=int, default=2026)
    args = ap.parse_args(argv)
    if args.command == "ask":
        return _ask(args)
    if args.command == "polish":
        return _polish(args)
    settings = LLMSettings()
    if args.command == "status":
        print(settings.status)
        return 0
    if args.command == "check":
        report = check_connection(settings)
        print(report.message)
        return 0 if report.ok else 1
    violations = check(args.text, evidence(texts=args.allow, user=args.user))
    for v in violations:
        print(v.message)
    if not violations:
        print("通过：所有数字和引用均有依据。")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
