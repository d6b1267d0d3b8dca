"""Command line: ``python -m planner check PLAN.docx|PLAN.json`` (the plan checker),
``python -m planner draft DATA --region 城关镇 --level town --standard quality_2017
--start-year 2026 --out plan.docx [--budget 万元] [--form 自评填报.json] [--markdown plan.md] [--json]
[--no-retrieval]``,
``python -m planner workbook DATA --out 审计.xlsx`` and
``python -m planner chat DATA --region R --level county --conversations FILE.jsonl --json`` (see
planner/chat/cli.py).
Bad input: a Chinese message on stderr and exit code 2."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from metrics import DataError, StandardError, evaluate, load_schools, load_standard
from planner import draft_plan, export_docx, export_markdown, retriever_from_index
from planner.chat import cli as chat_cli
from planner.drafting.levels import LEVELS
from planner.drafting.templates import TemplateError
from planner.settings import PlanSettings


def _region_rows(frame, region: str, level: str):
    """A town plan covers that 乡镇's schools when the file names several 乡镇; otherwise all rows."""
    if level != "town" or "township" not in frame:
        return frame
    towns = {str(t) for t in frame["township"].dropna() if str(t).strip()}
    if len(towns) > 1 and region in towns:
        return frame[frame["township"] == region].reset_index(drop=True)
    return frame


# The settings a user sets on this command line, by the option that sets them.
_OPTIONS = {
    "start_year": "--start-year（起始年）",
    "years": "--years（年限）",
    "yearly_budget_wan": "--budget（年度预算，万元）",
    "region": "--region（地区名称）",
    "data_year": "--data-year（统计年度）",
}
_RULES = {
    "greater_than_equal": "应不小于{ge}",
    "greater_than": "应大于{gt}",
    "less_than_equal": "应不大于{le}",
    "less_than": "应小于{lt}",
}


def settings_error(exc: ValidationError) -> str:
    """A pydantic error on PlanSettings as one Chinese line per field."""
    lines = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        rule = _RULES.get(err["type"], "取值不符合要求").format(**err.get("ctx", {}))
        lines.append(f"设置有误：{_OPTIONS.get(field, field)}{rule}，实际为 {err.get('input')}。")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planner", description="义务教育均衡发展实施方案起草")
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draft", help="根据学校数据起草实施方案并导出 Word")
    d.add_argument("data", help="学校数据文件（.xlsx 或 .csv）")
    d.add_argument("--region", required=True, help="镇或区/县名称")
    d.add_argument(
        "--level",
        choices=list(LEVELS),
        default=None,
        help="town=镇（乡）级，county=县级，district=区级，city=县级市；不填则按地区名称最后一个字判定",
    )
    d.add_argument("--data-year", type=int, default=None, help="统计年度（数据所属年度）")
    d.add_argument("--issue-date", type=date.fromisoformat, default=None, help="成文日期，如 2026-03-05")
    d.add_argument("--standard", default="quality_2017", help="评估标准键或 YAML 路径")
    d.add_argument(
        "--start-year",
        type=int,
        default=None,
        help="行动的第一年（实施方案必填；自评报告、迎评工作方案据此对照已印发的实施方案）",
    )
    d.add_argument("--years", type=int, default=3, help="行动年数（默认3年）")
    d.add_argument("--budget", type=float, default=None, help="每年可安排的建设资金（万元）")
    d.add_argument("--upper-region", default=None, help="镇（乡）级方案所属的县、区或县级市，如 临江区")
    d.add_argument("--out", required=True, help="输出的 .docx 文件")
    d.add_argument("--markdown", help="另存 Markdown 预览")
    d.add_argument("--json", action="store_true", help="输出方案结构（每段的数据来源与文件依据）")
    d.add_argument("--no-retrieval", action="store_true", help="不检索政策文件，只以评估标准为依据")
    d.add_argument(
        "--kind",
        choices=["plan", "self_report", "work_summary", "inspection_plan", "experience"],
        default="plan",
        help="文稿种类：plan=实施方案，self_report=自评报告，work_summary=工作总结，"
        "inspection_plan=迎评工作方案，experience=经验交流材料",
    )
    d.add_argument("--previous", help="上一统计年度的学校数据文件（工作总结、经验交流材料用）")
    d.add_argument(
        "--plan-start-year",
        type=int,
        default=None,
        help="工作总结对照的实施方案：按上一统计年度数据、自该年起起草",
    )
    d.add_argument(
        "--form",
        help="自评填报表（JSON：政府保障、教育质量、社会认可度等项目，方案据此写明各项现状；"
        "主要做法 practices、工作记录 records、主送机关 addressee、县情 profile），经验交流材料必填",
    )
    d.add_argument(
        "--inspection-date", type=date.fromisoformat, default=None, help="督导评估日期，如 2026-10-15"
    )
    w = sub.add_parser("workbook", help="导出审计工作簿（Excel，全部计算为公式）")
    w.add_argument("data", help="学校数据文件（.xlsx 或 .csv）")
    w.add_argument("--standard", default="quality_2017", help="评估标准键或 YAML 路径")
    w.add_argument("--out", required=True, help="输出的 .xlsx 文件")
    w.add_argument("--region", default="", help="镇或区/县名称（写在说明表标题中）")
    w.add_argument("--data-year", type=int, default=None, help="统计年度（不填则取数据中的统计年度）")
    c = sub.add_parser(
        "check",
        help="检查方案：数字来源、资金合计与预算、零星工程、无法实现的结果、目标与测算、数值表述、"
        "交流轮岗名额、附件与正文、达标表述、民办学校、层级用语",
    )
    c.add_argument("plan", help="方案文件（.docx，或 draft --json 输出的 .json）")
    c.add_argument(
        "--plan",
        dest="against",
        default=None,
        help="所依据的实施方案（.docx 或 .json）：检查自评报告、迎评工作方案的完成时间与方案安排一致",
    )
    chat_cli.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "chat":
        return chat_cli.run(args)
    if args.command == "workbook":
        from planner.export.workbook import workbook_command

        return workbook_command(args.data, args.standard, args.out, args.region, args.data_year)
    if args.command == "check":
        return _check(args.plan, args.against)
    if args.kind != "plan":
        from planner.documents.cli import document_command

        return document_command(args, _region_rows, settings_error)
    if args.start_year is None:
        print("设置有误：起草实施方案须填写 --start-year（起始年）。", file=sys.stderr)
        return 2
    try:
        standard = load_standard(args.standard)
        loaded = load_schools(args.data)
        settings = PlanSettings(
            region=args.region,
            level=args.level,
            data_year=args.data_year,
            issue_date=args.issue_date,
            start_year=args.start_year,
            years=args.years,
            yearly_budget_wan=args.budget,
            upper_region=args.upper_region,
        )
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except StandardError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ValidationError as exc:
        print(settings_error(exc), file=sys.stderr)
        return 2
    assessed = None
    if args.form:
        from planner.documents.forms import AssessmentForm

        try:
            assessed = AssessmentForm.model_validate_json(Path(args.form).read_text(encoding="utf-8")).values
        except OSError as exc:
            print(f"无法读取填报表：{exc.filename or ''} {exc.strerror or exc}", file=sys.stderr)
            return 2
        except ValidationError as exc:
            print(f"填报表（--form）格式有误：{exc.errors()[0]['msg']}", file=sys.stderr)
            return 2
    frame = _region_rows(loaded.frame, args.region, settings.level)
    evaluation = evaluate(frame, standard, warnings=tuple(str(w) for w in loaded.warnings))
    retrieve = None
    if not args.no_retrieval:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from knowledge import KnowledgeError, open_index

            retrieve = retriever_from_index(open_index())
        except (ImportError, KnowledgeError) as exc:
            print(f"政策检索不可用，仅以评估标准为依据：{exc}", file=sys.stderr)
    try:
        plan = draft_plan(evaluation, settings, retrieve=retrieve, schools_frame=frame, assessed=assessed)
        out = export_docx(plan, args.out)
        if args.markdown:
            Path(args.markdown).write_text(export_markdown(plan), encoding="utf-8")
    except TemplateError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"无法写入文件：{exc.filename or ''} {exc.strerror or exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(plan.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"已生成：{out}（{'可按期达标' if plan.complete else '按当前投入无法按期全部达标'}）")
    if settings.issue_date is not None:
        from planner.check.contradictions import issue_date
        from planner.check.document import from_plan

        for problem in issue_date(from_plan(plan)):  # work dated before the 落款: say so at once
            print(f"注意：{problem}建议将起始年份设为{settings.issue_date.year + 1}年。", file=sys.stderr)
    return 0


def _check(path: str, against: str | None = None) -> int:
    """Print each problem; exit 0 when the plan passes, 1 with problems, 2 when it cannot be read."""
    from planner.check import CheckError, check_file

    try:
        problems = check_file(path, against)
    except CheckError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    print(f"检查完成：{'未发现问题' if not problems else f'发现{len(problems)}个问题'}。")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
