"""Several 统计年度: each indicator's mean and CV per year and the change on the year before."""

from __future__ import annotations

import pytest

from metrics import evaluate, load_standard
from metrics.trends import compare_years
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")


def _year(area_a: float, area_b: float):
    # 甲 and 乙 have 500 students each; teaching area 4.5 ㎡ per student is the standard
    return evaluate(
        frame(
            primary("甲小学", 500, teaching_rooms_area=area_a),
            primary("乙小学", 500, teaching_rooms_area=area_b),
        ),
        QUALITY,
    )


@pytest.fixture
def comparison():
    # 2023: 甲 1500 ㎡ (3.0/student), 乙 2500 ㎡ (5.0): mean 4.0, CV = 1.0/4.0 = 0.25
    # 2024: 甲 2000 ㎡ (4.0), 乙 2500 ㎡ (5.0): mean 4.5, CV = 0.5/4.5 = 0.111
    return compare_years({2024: _year(2000, 2500), 2023: _year(1500, 2500)})


def test_years_are_ordered_and_the_latest_compared_with_the_one_before(comparison):
    assert comparison.years == (2023, 2024)
    assert (comparison.previous, comparison.latest) == (2023, 2024)


def test_the_weighted_mean_and_cv_of_each_year(comparison):
    area = next(i for i in comparison.stages["primary"].indicators if i.key == "teaching_space_per_student")
    assert area.means == pytest.approx((4.0, 4.5))
    assert area.cvs == pytest.approx((0.25, 0.5 / 4.5))
    assert area.mean_change() == pytest.approx(0.5)
    assert area.cv_change() == pytest.approx(0.5 / 4.5 - 0.25)
    assert area.met == (1, 1) and area.schools == (2, 2)


def test_the_sentence_says_what_moved_and_by_how_much(comparison):
    area = next(i for i in comparison.stages["primary"].indicators if i.key == "teaching_space_per_student")
    assert area.sentence() == (
        "小学生均教学及辅助用房面积4.50㎡，比上年增加0.50㎡；差异系数0.111，比上年缩小0.139；达标学校1所（上年1所）。"
    )


def test_an_unchanged_indicator_is_said_to_hold(comparison):
    books = next(i for i in comparison.stages["primary"].indicators if i.key == "backbone_teachers_per_100")
    assert "与上年持平" in books.sentence()


def test_the_stage_sentence_counts_schools_meeting_everything(comparison):
    assert comparison.stages["primary"].sentence().startswith("小学参评学校2所，各项指标全部达标")


def test_one_year_or_mixed_standards_cannot_be_compared():
    with pytest.raises(ValueError, match="至少两个"):
        compare_years({2024: _year(2000, 2500)})
    basic = evaluate(frame(primary("甲小学", 500)), load_standard("basic_2012"))
    with pytest.raises(ValueError, match="同一评估标准"):
        compare_years({2023: basic, 2024: _year(2000, 2500)})
