"""Command line for the optional model (settings from ``JUNHENG_LLM_*``):

``python -m planner.llm status``                     which model, if any
``python -m planner.llm check``                      测试连接 (exit 1 when it fails)
``python -m planner.llm guard TEXT --allow TEXT…``   numbers and citations of TEXT not backed
"""

from __future__ import annotations

import argparse
import sys

from planner.llm.builder import check_connection
from planner.llm.guard import check, evidence
from planner.llm.settings import LLMSettings


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
    args = ap.parse_args(argv)
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
