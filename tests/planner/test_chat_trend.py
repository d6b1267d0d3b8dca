"""The chat's answer about the change between 统计年度: the `trend` tool, routed from the chat."""

from __future__ import annotations

import pytest

from metrics import evaluate, load_schools, load_standard
from metrics.trends import compare_years
from planner.chat import ChatContext, ChatState, respond
from planner.chat.trend import NEEDS_YEARS
from tests.metrics.schools import frame, primary
from tests.yearly import TOWN, town_year

QUALITY = load_standard("quality_2017")


def _year(area: float):
    return evaluate(frame(primary("甲小学", 500, teaching_rooms_area=area), primary("乙小学", 500)), QUALITY)


def _ctx(two_years: bool = True) -> ChatContext:
    years = {2023: _year(1500), 2024: _year(2000)}
    latest = years[2024]
    comparison = compare_years(years) if two_years else None
    return ChatContext(evaluation=latest, year_comparison=lambda: comparison)


def test_a_question_about_last_year_gets_the_changes_with_a_cv_table():
    reply = respond("小学比上年有什么变化？", _ctx(), ChatState())
    assert reply.intent == "trend"
    assert reply.text.startswith("2024年度与2023年度相比（小学）：")
    assert "生均教学及辅助用房面积4.25㎡，比上年增加0.50㎡" in reply.text
    [table] = reply.tables
    assert table.headers == ["指标", "2023年度", "2024年度", "比上年"]
    area = next(r for r in table.rows if r[0] == "生均教学及辅助用房面积")
    # CV 2023: values 3.0 and 4.5, mean 3.75, S 0.75 -> 0.200; 2024: 4.0 and 4.5 -> 0.25/4.25 = 0.059
    assert area == ["生均教学及辅助用房面积", "0.200", "0.059", "−0.141"]


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> ChatContext:
    """The sample town in 2024 and again in 2025 with 500㎡ more 教学及辅助用房 per school."""
    later = tmp_path_factory.mktemp("years") / "2025.xlsx"
    later.write_bytes(town_year(2025, extra_area=500))
    years = {
        2024: evaluate(load_schools(TOWN).frame, QUALITY),
        2025: evaluate(load_schools(later).frame, QUALITY),
    }
    comparison = compare_years(years)
    return ChatContext(evaluation=years[2025], year_comparison=lambda: comparison)


def test_without_a_stage_both_stages_are_compared(town):
    reply = respond("和去年比有什么变化", town, ChatState())
    assert reply.text.startswith("2025年度与2024年度相比（小学、初中）：")
    assert [t.title[:2] for t in reply.tables] == ["小学", "初中"]


def test_a_named_indicator_narrows_the_answer_to_it():
    reply = respond("小学生均教学及辅助用房面积的差异系数比上年降了多少", _ctx(), ChatState())
    assert reply.intent == "trend"
    [table] = reply.tables
    assert [r[0] for r in table.rows] == ["生均教学及辅助用房面积"]
    assert "缩小0.141" in reply.text
    assert "参评学校" not in reply.text  # the stage sentence is left out when one indicator is asked


def test_a_follow_up_stage_repeats_the_comparison_for_it(town):
    state = ChatState()
    respond("小学比上年有什么变化？", town, state)
    reply = respond("那初中呢？", town, state)
    assert reply.intent == "trend"
    assert "2025年度与2024年度相比（初中）：" in reply.text
    assert [t.title[:2] for t in reply.tables] == ["初中"]


def test_with_one_year_the_answer_says_a_second_is_needed():
    for ctx in (_ctx(two_years=False), ChatContext(evaluation=_year(2000))):
        reply = respond("比上年有什么变化？", ctx, ChatState())
        assert reply.intent == "trend"
        assert reply.text == NEEDS_YEARS
        assert not reply.tables


def test_a_plan_setting_or_a_plan_question_with_two_years_is_not_a_comparison():
    for question in ("年限改为两年", "如果分两年完成，每年要建多少", "两年内能不能达标"):
        assert respond(question, _ctx(), ChatState()).intent != "trend"
