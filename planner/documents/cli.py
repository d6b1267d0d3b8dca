"""``python -m planner draft DATA --kind self_report|work_summary|inspection_plan|experience …``:
the other document kinds from the command line (same options as the plan, plus the inputs a kind
needs: ``--previous`` the earlier 统计年度's file, ``--form`` the 自评 form as JSON, ``--inspection-date``).
Bad input: a Chinese message on stderr and exit code 2."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from metrics import DataError, StandardError, evaluate, load_schools, load_standard
from planner.documents.api import draft_document
from planner.documents.core import DocumentInputs, MissingInputs, YearData
from planner.documents.forms import AssessmentForm, form_error
from planner.drafting.templates import TemplateError
from planner.export.docx import export_docx
from planner.export.markdown import export_markdown
from planner.settings import PlanSettings

__all__ = ["document_command", "year_of"]

QUOTING = ("self_report", "inspection_plan")
"""The kinds whose deadlines are the 实施方案's (without one, they are the document's own estimate)."""

NO_PLAN_NOTE = (
    "提示：未指定实施方案，文中整改完成时间按各项任务所需工期和年度建设资金测算。"
    "如本地已印发实施方案，请用 --start-year 指定方案的第一年，完成时间将与方案一致。"
)


def year_of(frame, fallback: int | None) -> int | None:
    """The 统计年度 a file holds (its 统计年度 column, one year), else ``fallback``."""
    if "year" in frame:
        years = {int(y) for y in frame["year"].dropna()}
        if len(years) == 1:
            return years.pop()
    return fallback


def _year(path: str, standard, region: str, level: str, fallback: int | None, region_rows) -> YearData:
    loaded = load_schools(path)
    frame = region_rows(loaded.frame, region, level)
    year = year_of(frame, fallback)
    if year is None:
        raise MissingInputs(
            f"{Path(path).name}：无法确定统计年度（文件中没有“统计年度”一列），请用 --data-year 指定。"
        )
    ev = evaluate(frame, standard, warnings=tuple(str(w) for w in loaded.warnings))
    return YearData(year, ev, frame)


def document_command(args, region_rows, settings_error) -> int:
    """Run ``draft --kind <kind>`` (``region_rows`` and ``settings_error`` are the plan CLI's)."""
    try:
        standard = load_standard(args.standard)
        form = AssessmentForm()
        if args.form:
            form = AssessmentForm.model_validate_json(Path(args.form).read_text(encoding="utf-8"))
        probe = PlanSettings(region=args.region, level=args.level, start_year=args.start_year or 2000)
        current = _year(args.data, standard, args.region, probe.level, args.data_year, region_rows)
        previous = None
        if args.previous:
            previous = _year(args.previous, standard, args.region, probe.level, current.year - 1, region_rows)
            if previous.year >= current.year:
                years = f"（{previous.year}）应早于本年度数据（{current.year}）"
                raise MissingInputs(f"--previous 的统计年度{years}，请检查文件。")
        settings = PlanSettings(
            region=args.region,
            level=args.level,
            data_year=current.year,
            issue_date=args.issue_date,
            start_year=args.start_year or current.year + 1,
            years=args.years,
            yearly_budget_wan=args.budget,
        )
        plan = None
        if args.plan_start_year and previous is not None:
            from planner.drafting.draft import draft_plan

            # the plan as issued then: not dated the day this document is (a plan dated today would move
            # its own first year's work past today, and the summary would find nothing due)
            plan_settings = settings.model_copy(
                update={"start_year": args.plan_start_year, "data_year": previous.year, "issue_date": None}
            )
            plan = draft_plan(previous.evaluation, plan_settings, schools_frame=previous.frame)
        if plan is None and args.start_year and args.kind in QUOTING:
            from planner.drafting.draft import draft_plan

            # the 实施方案 in force, said by its first year: drafted on this year's rows, undated
            quoted = settings.model_copy(update={"issue_date": None})
            plan = draft_plan(current.evaluation, quoted, schools_frame=current.frame)
        inspection = args.inspection_date or form.inspection_date
        inputs = DocumentInputs(current, previous, plan, form, inspection, today=date.today())
        doc = draft_document(args.kind, inputs, settings)
        out = export_docx(doc, args.out)
        if args.markdown:
            Path(args.markdown).write_text(export_markdown(doc), encoding="utf-8")
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    except (StandardError, TemplateError, MissingInputs) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ValidationError as exc:
        if exc.title == "PlanSettings":
            print(settings_error(exc), file=sys.stderr)
        else:
            print(form_error(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"无法读写文件：{exc.filename or ''} {exc.strerror or exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(doc.to_json(), ensure_ascii=False, indent=2))
    else:
        print(f"已生成：{out}")
    if plan is None and args.kind in QUOTING:
        print(NO_PLAN_NOTE, file=sys.stderr)
    return 0
