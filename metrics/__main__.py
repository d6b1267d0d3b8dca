"""Command line: ``python -m metrics evaluate FILE [--standard KEY|PATH] [--json]``,
``python -m metrics template OUT.xlsx``. Bad input: exit code 2 and the Chinese report."""

from __future__ import annotations

import argparse
import json
import sys

from metrics.evaluate import evaluate
from metrics.loading import DataError, load_schools
from metrics.report import load_notes, summary_text
from metrics.standards import StandardError, load_standard
from metrics.template import write_template


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m metrics", description="义务教育均衡发展指标计算")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="计算学校数据的各项指标与差异系数")
    ev.add_argument("file", help="学校数据文件（.xlsx 或 .csv）")
    ev.add_argument(
        "--standard",
        default="quality_2017",
        help="评估标准：quality_2017（优质均衡）、basic_2012（基本均衡）或 YAML 文件路径",
    )
    ev.add_argument("--json", action="store_true", help="输出 JSON")
    tp = sub.add_parser("template", help="生成空白的学校数据填报模板")
    tp.add_argument("out", help="输出的 .xlsx 文件")
    args = parser.parse_args(argv)

    if args.command == "template":
        try:
            write_template(args.out)
        except OSError as exc:
            print(f"无法写入 {args.out}：{exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"已生成填报模板：{args.out}")
        return 0

    try:
        standard = load_standard(args.standard)
        loaded = load_schools(args.file)
    except (DataError, StandardError) as exc:
        print(exc.report() if isinstance(exc, DataError) else str(exc), file=sys.stderr)
        return 2
    evaluation = evaluate(loaded.frame, standard, warnings=tuple(str(w) for w in loaded.warnings))
    if args.json:
        print(json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2))
    else:
        notes = load_notes(loaded)
        if notes:
            print("读取说明：\n" + "\n".join(f"  {n}" for n in notes) + "\n")
        print(summary_text(evaluation), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
