"""The chat's answer about the change between 统计年度."""

from __future__ import annotations

from metrics import evaluate, load_standard
from metrics.trends import compare_years
from planner.trend_reply import trend_reply
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")


def _comparison():
    def year(area):
        schools = frame(primary("甲小学", 500, teaching_rooms_area=area), primary("乙小学", 500))
        return evaluate(schools, QUALITY)

    return compare_years({2023: year(1500), 2024: year(2000)})


def test_a_question_about_last_year_gets_the_changes_with_a_cv_table():
    reply = trend_reply("小学比上年有什么变化？", _comparison())
    assert reply.text.startswith("2024年度与2023年度相比（小学）：")
    assert "生均教学及辅助用房面积4.25㎡，比上年增加0.50㎡" in reply.text
    [table] = reply.tables
    assert table.headers == ["指标", "2023年度", "2024年度", "比上年"]
    area = next(r for r in table.rows if r[0] == "生均教学及辅助用房面积")
    # CV 2023: values 3.0 and 4.5, mean 3.75, S 0.75 -> 0.200; 2024: 4.0 and 4.5 -> 0.25/4.25 = 0.059
    assert area == ["生均教学及辅助用房面积", "0.200", "0.059", "−0.141"]


def test_other_questions_or_a_single_year_are_left_to_the_chat():
    assert trend_reply("城关二小哪些指标没达标？", _comparison()) is None
    assert trend_reply("比上年有什么变化？", None) is None
