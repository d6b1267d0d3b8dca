"""The cycle's documents against the review round 2 brief: an 迎评工作方案 works to the county's date
and the work actually outstanding (never a holiday; an infeasible date said so with the earliest date
the remaining work allows); every task list is the current gap list; a 工作总结 leads its next year
with the schools still failing, carries fields for what the data cannot know and reports a 民办
school's additions as its 举办者's; and the checker finds each of these defects in a document."""

from __future__ import annotations

import re
from datetime import date

import pytest

from metrics import evaluate, load_standard
from planner.check.checker import check_doc
from planner.check.document import Para, PlanDoc, from_plan
from planner.documents import DocumentInputs, YearData, draft_document
from planner.documents.school_calendar import day_off, next_visit_day
from planner.settings import PlanSettings
from tests.metrics.schools import frame as schools
from tests.metrics.schools import primary

ISSUED = PlanSettings(region="示例县", start_year=2027, data_year=2026, issue_date=date(2026, 12, 3))
STD = load_standard("quality_2017")


def _county(**village) -> tuple:
    rows = schools(
        primary("城关小学", 900, primary_classes=20.0, max_class_size=45.0, music_rooms=2.0, art_rooms=2.0),
        primary("西村小学", 450, primary_classes=10.0, max_class_size=45.0, **village),
    )
    return rows, evaluate(rows, STD)


@pytest.fixture(scope="module")
def near():
    """西村小学 short of 骨干教师 only: 3 for 450 pupils, 1 per 100 wanted → 4.5 → 5, two to add."""
    return _county(backbone_teachers=3.0)


@pytest.fixture(scope="module")
def far():
    """西村小学 short of rooms: 3 ㎡ a pupil, 4.5 wanted → 4.5·450 − 1350 = 675 ㎡ to build."""
    return _county(teaching_rooms_area=1350.0)


def _text(doc, key: str | None = None) -> str:
    return "\n".join(p.text for s in doc.sections if key is None or s.key == key for p in s.paragraphs)


def _inspection(county, when: date):
    rows, ev = county
    inputs = DocumentInputs(YearData(2026, ev, rows), inspection_date=when)
    return draft_document("inspection_plan", inputs, ISSUED)


def _earliest(doc) -> date:
    m = re.search(r"最早可在(\d{4})年(\d{1,2})月(\d{1,2})日以后迎接评估", _text(doc, "goals"))
    assert m, _text(doc, "goals")
    return date(*map(int, m.groups()))


# ---- the school calendar ----------------------------------------------------------------------


def test_a_visit_day_is_a_term_weekday_that_is_no_holiday():
    assert day_off(date(2029, 10, 1)) == "国庆节"
    assert day_off(date(2027, 10, 5)) == "国庆节"  # the whole week off, whatever the 调休
    assert day_off(date(2028, 5, 29)) == "端午节"  # lunar: 2028's 端午 is 28 May, observed on the 29th
    assert day_off(date(2027, 8, 2)) == "暑假" and day_off(date(2028, 2, 7)) == "寒假"
    assert day_off(date(2027, 5, 22)) == "星期六" and day_off(date(2027, 5, 22), weekends=False) is None
    assert next_visit_day(date(2028, 10, 1)) == date(2028, 10, 9)  # 国庆 week, then Sunday the 8th


# ---- 迎评工作方案: the date ------------------------------------------------------------------------


def test_the_near_county_may_be_inspected_before_the_far_one(near, far):
    # near: two 骨干 认定 in 2027 (March–December) → December 2027, then 4 weeks of 资料: February 2028,
    # in the winter holidays → the spring term, Wednesday 1 March 2028.
    # far: a building started in March 2027 is handed over in August 2028, 4 weeks → 1 October 2028,
    # 国庆节 → Monday 9 October 2028 (Sunday the 8th is no visit day)
    near_doc, far_doc = _inspection(near, date(2027, 5, 20)), _inspection(far, date(2027, 5, 20))
    assert _earliest(near_doc) == date(2028, 3, 1)
    assert _earliest(far_doc) == date(2028, 10, 9)
    assert _earliest(near_doc) < _earliest(far_doc)


def test_an_infeasible_date_is_kept_for_the_countdown_and_the_late_work_named(near):
    doc = _inspection(near, date(2027, 5, 20))
    goals = _text(doc, "goals")
    assert "2027年5月20日迎接评估，全县尚不具备条件" in goals
    assert "若仍按2027年5月20日迎接评估，本方案的工作步骤按此倒排" in goals
    phases = [s.title for s in doc.sections if s.key.startswith("phases.")]
    assert phases[-1] == "接受评估阶段（2027年5月20日）"
    # the 方案 is issued when it is signed: 动员 in the weeks after 3 December 2026
    assert phases[0] == "动员部署阶段（2026年12月18日—2026年12月31日）"
    assert not any(m.startswith(("评估日期", "工作步骤", "任务清单")) for m in check_doc(from_plan(doc)))


def test_a_feasible_date_is_kept_as_it_is(near):
    doc = _inspection(near, date(2028, 5, 18))  # after December 2027's 认定 and four weeks of 资料
    assert "最早可在" not in _text(doc, "goals")
    phases = [s.title for s in doc.sections if s.key.startswith("phases.")]
    assert phases[-1] == "接受评估阶段（2028年5月18日）"


def test_a_date_on_a_holiday_is_said_so_and_the_countdown_runs_to_the_next_school_day(far):
    doc = _inspection(far, date(2029, 10, 1))
    goals = _text(doc, "goals")
    assert goals.startswith(
        "2029年10月1日为国庆节，学校不上课，评估组无法进校实地核查；本方案按其后第一个上课日2029年10月8日倒排"
    )
    phases = [s.title for s in doc.sections if s.key.startswith("phases.")]
    assert phases[-1] == "接受评估阶段（2029年10月8日）"
    assert not any(m.startswith(("评估日期", "工作步骤")) for m in check_doc(from_plan(doc)))


def test_the_tasks_said_late_are_the_gap_list_and_in_the_rectification_list(near):
    doc = _inspection(near, date(2027, 5, 20))
    goals, rect = _text(doc, "goals"), _text(doc, "rectification")
    # the gap as it stands (5 − 3 = 2 骨干), not a plan's work sized on a growth margin
    assert "仍有1项整改任务不能完成：西村小学培养认定" in goals and "骨干教师2人" in goals
    assert "西村小学" in rect and "骨干教师2人" in rect
    assert "城关小学" not in goals  # a school without a gap has no task


# ---- 工作总结 ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def summary():
    """Two years of 示例县: 城关小学 (民办) builds 300 ㎡ in 2026; 西村小学 still lacks two 骨干."""
    before, _ = _county(backbone_teachers=3.0)
    before = before.assign(ownership=["民办", "公办"], year=2025)
    after = before.assign(year=2026)
    after.loc[after["name"] == "城关小学", "teaching_rooms_area"] += 300.0
    inputs = DocumentInputs(
        YearData(2026, evaluate(after, STD), after), YearData(2025, evaluate(before, STD), before)
    )
    return draft_document("work_summary", inputs, ISSUED)


def test_next_years_work_leads_with_the_school_still_failing(summary):
    focus = _text(summary, "next").splitlines()
    # 西村小学: 1·450/100 = 4.5 → 5 骨干, 3 now: 2 to add; 城关小学 has no gap and no task
    assert focus[0].startswith("西村小学：") and "骨干教师2人" in focus[0]
    assert not any(line.startswith("城关小学") for line in focus)


def test_a_private_schools_additions_are_its_founders(summary):
    work = _text(summary, "work.1")
    assert "民办城关小学300.0平方米系学校举办者投入" in work


def test_the_summary_has_fields_for_what_the_data_cannot_know(summary):
    inputs = next(s for s in summary.sections if s.title == "经费投入和政府保障")
    text = "\n".join(p.text for p in inputs.paragraphs)
    assert "〔待填报：年度投入资金（万元）〕" in text
    assert "〔待填报：教师培训人次〕" in text and "〔待填报：交流轮岗教师人次〕" in text
    assert check_doc(from_plan(summary)) == []


# ---- the checker, on documents that have each defect --------------------------------------------


def _doc(kind: str, *paras: tuple[str, str]) -> PlanDoc:
    return PlanDoc("示例县文件", [Para(t, s) for s, t in paras], [], kind="document", document=kind)


def _found(doc: PlanDoc, prefix: str) -> list[str]:
    return [m for m in check_doc(doc) if m.startswith(prefix)]


def test_the_checker_finds_an_inspection_on_a_holiday_and_a_silent_new_date():
    doc = _doc(
        "inspection_plan",
        ("评估时间和工作目标", "2027年5月20日迎接评估，全县尚不具备条件。最早可在2028年8月1日以后迎接评估。"),
        ("接受评估阶段（2029年10月1日）", "接受督导评估。"),
    )
    assert _found(doc, "评估日期") == ["评估日期：2029年10月1日为国庆节，学校不上课，评估组无法进校核查。"]
    assert _found(doc, "建议的最早评估日期") == [
        "建议的最早评估日期：2028年8月1日为暑假，学校不上课，评估组无法进校核查。"
    ]
    assert _found(doc, "工作步骤") == [
        "工作步骤：评估日期为2027年5月20日，工作步骤却按2029年10月1日倒排，未说明原因。"
    ]


def test_the_checker_finds_a_mobilisation_long_after_the_signing_day():
    doc = _doc(
        "inspection_plan",
        ("动员部署阶段（2029年5月14日—2029年5月27日）", "印发本方案。"),
        ("", "2026年12月3日"),
    )
    # 2026-12-03 to 2029-05-14: 893 days, 127 weeks
    assert _found(doc, "工作步骤") == [
        "工作步骤：方案成文于2026年12月3日，动员部署（印发本方案）却从2029年5月14日开始，相隔127周。"
    ]


def test_the_checker_finds_a_late_task_the_rectification_list_does_not_have():
    doc = _doc(
        "inspection_plan",
        (
            "评估时间和工作目标",
            "仍有2项整改任务不能完成：朝阳学校初中部培养认定县级及以上骨干教师1人（2027年12月完成）；"
            "启明学校购置教学仪器设备1.00万元（2027年8月完成）。",
        ),
        (
            "逐校整改清单",
            "1．朝阳学校：初中部骨干教师现为0.56人（标准1人），初中部培养认定县级及以上骨干教师1人。",
        ),
        (
            "逐校整改清单",
            "2．启明学校（民办）：体育运动场馆现为7.06平方米（标准7.5平方米），扩建运动场地428平方米。",
        ),
    )
    assert _found(doc, "任务清单") == [
        "任务清单：“启明学校购置教学仪器设备1.00万元（2027年8月完成）”与逐校整改清单中启明学校的整改任务不一致。"
    ]


def test_the_checker_finds_a_summary_that_drops_the_failing_school_and_says_nothing_of_money():
    doc = _doc(
        "work_summary",
        ("改善办学条件", "新增教学及辅助用房800.0平方米（民办启明学校800.0平方米）。"),
        ("实施方案任务完成情况", "另有13项按方案安排在以后年度实施。"),
        ("存在的问题", "朝阳学校仍未达到学校达标要求：骨干教师0.77人，低于标准1人。"),
        ("下一年度工作重点", "松树沟教学点：购置教学仪器设备1.00万元。"),
    )
    found = check_doc(doc)
    assert "下一年度工作重点：未列仍未达标的朝阳学校。" in found
    assert "工作总结：没有写投入、培训、交流轮岗（统计数据反映不了的事项应填写或留填报栏）。" in found
    assert "结构：“实施方案任务完成情况”以“另有13项按方案安排在以…”开头，前面没有交代所指的内容。" in found
    assert any(m.startswith("民办学校：“新增教学及辅助用房800.0平方米（民办启明学校") for m in found)


def test_the_signature_is_kept_with_the_last_paragraph(summary, tmp_path):
    from docx import Document

    from planner.export.docx import export_docx

    paragraphs = Document(str(export_docx(summary, tmp_path / "s.docx"))).paragraphs
    n = next(i for i, p in enumerate(paragraphs) if p.text == "示例县人民政府")
    # GB/T 9704: the 落款 never stands alone on a page — the paragraph before it and the issuer
    # line are kept with what follows, so a page break moves the last paragraph with them
    assert paragraphs[n - 1].text.strip() and paragraphs[n - 1].paragraph_format.keep_with_next
    assert paragraphs[n].paragraph_format.keep_with_next
    assert paragraphs[n + 1].text == "2026年12月3日"


def test_a_summary_whose_plan_set_nothing_for_the_year_says_so_before_the_later_work():
    from planner.drafting.draft import draft_plan

    before, _ = _county(backbone_teachers=3.0)
    before = before.assign(year=2025)
    after = before.assign(year=2026)
    # the plan starts in 2027: nothing of it is due by the 2026 statistics
    plan_settings = PlanSettings(region="示例县", start_year=2027, data_year=2025)
    plan = draft_plan(evaluate(before, STD), plan_settings, schools_frame=before)
    inputs = DocumentInputs(
        YearData(2026, evaluate(after, STD), after), YearData(2025, evaluate(before, STD), before), plan
    )
    doc = draft_document("work_summary", inputs, ISSUED)
    lines = _text(doc, "plan").splitlines()
    assert lines[0].endswith("的安排，2026年度没有须在本年度统计时点前完成的项目。")
    assert lines[-1].startswith("另有") and lines[-1].endswith("按方案安排在以后年度实施。")
    assert not [m for m in check_doc(from_plan(doc)) if m.startswith("结构")]
