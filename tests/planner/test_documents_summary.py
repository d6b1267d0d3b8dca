"""The 工作总结 reports the year against the plan as a 督导 reads it (review round 2 brief): work the
rows show already meets the standard is reported ahead of the plan, not as next year's task; classes
over the limit are a 存在问题 and next year's task; the CLI's plan for the summary is the plan as issued
then, not one dated the summary's day."""

from __future__ import annotations

import pytest

from metrics import evaluate, load_standard
from planner import draft_plan
from planner.check import check_plan
from planner.documents import DocumentInputs, YearData, draft_document
from planner.settings import PlanSettings
from tests.planner.frames import town_frame

STD = load_standard("quality_2017")


def _text(doc, key: str) -> str:
    return "\n".join(p.text for s in doc.sections if s.key == key for p in s.paragraphs)


def _summary(change) -> object:
    before = town_frame().assign(year=2024)
    settings = PlanSettings(region="城关镇", start_year=2025, data_year=2024)
    plan = draft_plan(evaluate(before, STD), settings, schools_frame=before)
    after = before.assign(year=2025)
    change(after)
    inputs = DocumentInputs(
        YearData(2025, evaluate(after, STD), after), YearData(2024, evaluate(before, STD), before), plan
    )
    return draft_document("work_summary", inputs, PlanSettings(region="城关镇", start_year=2026))


def _field_built(after):
    # 第二中学 builds its field a year early: 3000 + 1300 = 4300 ㎡ for 420 pupils, 10.24 ≥ 10.2 ㎡
    after.loc[after["name"] == "城关镇第二中学", "sports_field_area"] += 1300.0


def test_work_that_already_meets_the_standard_is_reported_ahead_of_the_plan():
    doc = _summary(_field_built)
    assert (
        "提前达到标准1项：城关镇第二中学新征用地扩建运动场地（实施方案安排2026年8月完成，"
        "统计数据显示已增加1300.0平方米，该校该项指标已达到标准）。"
    ) in _text(doc, "plan")
    assert "扩建运动场地1300.0平方米" not in _text(doc, "next")
    assert check_plan(doc) == []


def test_work_still_needed_stays_next_years_task():
    doc = _summary(lambda after: None)  # nothing done: the field is still 2026's work
    assert "提前达到标准" not in _text(doc, "plan")
    assert "新征用地扩建运动场地1300.0平方米，2026年8月底前完成" in _text(doc, "next")


def _crowded(after):
    after.loc[after["name"] == "西村小学", "max_class_size"] = 48.0  # 48 > 45


def test_classes_over_the_limit_are_a_problem_and_next_years_task():
    doc = _summary(_crowded)
    assert "西村小学班额超过标准（共1所" in _text(doc, "open")
    # the next school year after the 2025 statistics
    assert "班额：西村小学通过增设教学班、合理分班和控制招生，2026年秋季学期开学前" in _text(doc, "next")
    assert check_plan(doc) == []


@pytest.mark.parametrize("issued", ["2025-12-03", None])
def test_the_cli_sets_the_summary_against_the_plan_as_issued_then(tmp_path, issued, capsys):
    """A plan re-drafted with the summary's late issue date would move its first year's work past
    that day, and the summary would find nothing due in the plan's first year."""
    from planner.__main__ import main
    from tests.yearly import town_year

    for year in (2024, 2025):
        (tmp_path / f"{year}.xlsx").write_bytes(town_year(year))
    argv = [str(tmp_path / "2025.xlsx"), "--previous", str(tmp_path / "2024.xlsx"), "--region", "城关镇"]
    argv += ["--kind", "work_summary", "--plan-start-year", "2025", "--no-retrieval", "--json"]
    argv += ["--out", str(tmp_path / "s.docx")] + (["--issue-date", issued] if issued else [])
    assert main(["draft", *argv]) == 0
    out = capsys.readouterr().out
    assert "截至2025年度应完成的项目" in out


def _two_rooms(after):
    # 第二中学 builds 2 of the plan's 5 网络多媒体教室 due in August 2025
    after.loc[after["name"] == "城关镇第二中学", "multimedia_rooms"] += 2.0


def test_work_partly_done_is_carried_with_what_the_rows_show():
    doc = _summary(_two_rooms)
    assert "部分完成" in _text(doc, "plan")
    assert (
        "建设网络多媒体教室5间（实施方案安排2025年8月完成，统计数据显示已增加2间，其余尚未完成，须加快实施）"
        in _text(doc, "next")
    )
