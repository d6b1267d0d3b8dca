"""Dates in the cycle's documents (review round 2 brief): without a stored 实施方案 a document never
says "按实施方案" — its deadlines are its own estimate and it says so — and no document advises a date
before the day it is signed."""

from __future__ import annotations

from datetime import date

import pytest

from metrics import evaluate, load_standard
from planner.check.checker import check_doc
from planner.check.document import Para, PlanDoc, from_plan
from planner.documents import DocumentInputs, YearData, draft_document
from planner.drafting.draft import draft_plan
from planner.settings import PlanSettings
from tests.metrics.schools import frame as schools
from tests.metrics.schools import primary

ISSUED = PlanSettings(region="示例县", start_year=2026, data_year=2025, issue_date=date(2026, 12, 3))


@pytest.fixture(scope="module")
def county():
    """示例县: 西村小学 has 1 网络多媒体教室 for 450 pupils (2.3 per 100 needed: 11 rooms, so 10 to
    build), 城关小学 meets everything."""
    rows = schools(
        primary("城关小学", 900, primary_classes=20.0, max_class_size=45.0, music_rooms=2.0, art_rooms=2.0),
        primary("西村小学", 450, primary_classes=10.0, max_class_size=45.0, multimedia_rooms=1.0),
    )
    return rows, evaluate(rows, load_standard("quality_2017"))


def _text(doc) -> str:
    return "\n".join(p.text for s in doc.sections for p in s.paragraphs)


def _draft(county, kind: str, plan=None):
    rows, ev = county
    inputs = DocumentInputs(YearData(2025, ev, rows), plan=plan, inspection_date=date(2027, 5, 20))
    return draft_document(kind, inputs, ISSUED)


@pytest.mark.parametrize("kind", ["self_report", "inspection_plan"])
def test_without_a_stored_plan_a_document_does_not_quote_one(county, kind):
    text = _text(_draft(county, kind))
    assert "按实施方案" not in text
    assert "实施方案安排" not in text
    # it says where its deadlines come from, and that an issued plan prevails
    assert "完成时间按各项任务所需工期和年度建设资金测算" in text
    assert "已印发义务教育优质均衡发展实施方案的，以实施方案的安排为准" in text


def test_with_a_stored_plan_the_inspection_plan_quotes_its_schedule(county):
    rows, ev = county
    plan = draft_plan(ev, ISSUED, schools_frame=rows)
    text = _text(_draft(county, "inspection_plan", plan))
    assert "实施方案安排" in text
    assert "所需工期和年度建设资金测算" not in text


@pytest.mark.parametrize("kind", ["self_report", "inspection_plan"])
def test_no_advised_date_precedes_the_issue_date(county, kind):
    doc = _draft(county, kind)
    assert [m for m in check_doc(from_plan(doc)) if m.startswith("过期时间")] == []


def test_the_checker_finds_a_deadline_before_the_signing_day():
    doc = PlanDoc(
        "示例县迎接义务教育优质均衡发展督导评估工作方案",
        [
            Para("各校补齐差距的任务最迟于2026年8月完成。", "二、评估时间和工作目标"),
            Para("动员部署阶段（2026年11月2日—2026年11月30日）", "四、工作步骤"),
            Para("西村小学：建设网络多媒体教室10间，2027年8月底前完成。", "五、逐校整改清单"),
            Para("2026年12月3日", ""),
        ],
        [],
        kind="document",
        document="inspection_plan",
    )
    found = [m for m in check_doc(doc) if m.startswith("过期时间")]
    # August 2026 and the phase from 2 November 2026 are before 3 December 2026; August 2027 is not
    assert found == [
        "过期时间：“2026年8月完成”早于成文日期2026年12月3日。",
        "过期时间：“2026年11月2日—”早于成文日期2026年12月3日。",
    ]


@pytest.mark.parametrize("start", [None, "2027"])
def test_the_cli_quotes_the_plan_only_when_told_its_first_year(tmp_path, capsys, start):
    from planner.__main__ import main
    from tests.yearly import town_year

    data = tmp_path / "2025.xlsx"
    data.write_bytes(town_year(2025))
    md = tmp_path / "insp.md"
    argv = ["draft", str(data), "--region", "城关镇", "--kind", "inspection_plan", "--no-retrieval"]
    argv += [
        "--inspection-date",
        "2027-10-15",
        "--issue-date",
        "2026-12-03",
        "--out",
        str(tmp_path / "i.docx"),
    ]
    argv += ["--markdown", str(md)] + (["--start-year", start] if start else [])
    assert main(argv) == 0
    text, err = md.read_text(encoding="utf-8"), capsys.readouterr().err
    if start:
        assert "按实施方案的安排" in text and "测算" not in text and err == ""
    else:
        assert "按实施方案的安排" not in text and "按此测算" in text
        assert "请用 --start-year 指定方案的第一年" in err


def test_a_countdown_to_a_near_date_the_work_cannot_meet_stays_the_countys_and_is_compressed(county):
    rows, ev = county
    # issued 2026-12-03 for 2027-03-10 (fourteen weeks): the work cannot be done by then, which is said
    # with the earliest date; the countdown stays the county's date, compressed, and says so truthfully
    inputs = DocumentInputs(YearData(2025, ev, rows), inspection_date=date(2027, 3, 10))
    doc = draft_document("inspection_plan", inputs, ISSUED)
    assert "最早可在" in _text(doc)
    assert "若仍按2027年3月10日迎接评估，本方案的工作步骤按此倒排" in _text(doc)
    phases = [s.title for s in doc.sections if s.key.startswith("phases.")]
    assert phases[-1] == "接受评估阶段（2027年3月10日）"
    assert "各阶段按剩余时间相应压缩" in _text(doc)
    assert [m for m in check_doc(from_plan(doc)) if m.startswith("工作步骤")] == []


def test_the_checker_finds_a_compressed_countdown_that_is_not():
    doc = PlanDoc(
        "示例县迎接义务教育优质均衡发展督导评估工作方案",
        [
            Para("距评估日期不足20周，各阶段按剩余时间相应压缩。", "四、工作步骤"),
            Para("动员部署阶段（2027年2月15日—2027年2月28日）", "四、工作步骤"),
            Para("接受评估阶段（2028年10月1日）", "四、工作步骤"),
        ],
        [],
        kind="document",
        document="inspection_plan",
    )
    # 2027-02-15 to 2028-10-01: 594 days, 84 weeks
    assert [m for m in check_doc(doc) if m.startswith("工作步骤")] == [
        "工作步骤：方案称距评估日期不足20周、各阶段压缩，但所列各阶段跨度84周。"
    ]


@pytest.mark.parametrize("kind", ["self_report", "inspection_plan"])
def test_a_plan_month_already_past_is_quoted_and_asked_about_not_set_as_a_deadline(county, kind):
    rows, ev = county
    # the plan in force began in 2026: 西村小学's rooms were due in August 2026, before 3 December 2026
    plan = draft_plan(ev, ISSUED.model_copy(update={"issue_date": None}), schools_frame=rows)
    doc = _draft(county, kind, plan)
    text = _text(doc)
    assert "2026年8月底前完成" not in text
    assert "实施方案安排2026年8月完成，须核实完成情况" in text
    assert [m for m in check_doc(from_plan(doc)) if m.startswith("过期时间")] == []
