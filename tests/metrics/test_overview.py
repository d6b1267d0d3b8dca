"""The county summary and the school table the page opens with, on two hand-checked schools.

甲小学: 1000 students, every 小学 value exactly at the standard.
乙小学: 500 students, 3 体育艺术 teachers (0.6 per 100 against 0.9), 2000 ㎡ 教学及辅助用房 (4.0 ㎡
per student against 4.5) and 10 万元 of equipment (200 元 per student against 2000)."""

from __future__ import annotations

import pytest

from metrics import evaluate, load_standard
from metrics.overview import county_summary, school_table, value_unit
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")


@pytest.fixture(scope="module")
def evaluation():
    schools = frame(
        primary("甲小学", 1000),
        primary(
            "乙小学", 500, pe_art_teachers=3, teaching_rooms_area=2000, equipment_value=10, township="河口镇"
        ),
    )
    return evaluate(schools, QUALITY)


def test_one_school_of_two_passes(evaluation):
    [stage] = county_summary(evaluation).stages
    assert (stage.name, stage.schools, stage.students, stage.judged, stage.passing) == ("小学", 2, 1500, 2, 1)
    assert stage.met is False and county_summary(evaluation).passed is False


def test_a_stage_whose_cvs_pass_is_not_met_while_a_school_fails():
    # 乙小学 short only of 体育艺术 teachers (0.6 against 0.9): every CV stays under 0.50, one school fails
    schools = frame(primary("甲小学", 1000), primary("乙小学", 500, pe_art_teachers=3))
    [stage] = county_summary(evaluate(schools, QUALITY)).stages
    assert stage.passed is True and stage.cv_passed
    assert (stage.judged, stage.passing, stage.met) == (2, 1, False)


def test_each_cv_is_given_with_its_value_and_its_limit(evaluation):
    cvs = {c.name: c for c in county_summary(evaluation).stages[0].cvs}
    # 体育艺术: values 0.9 and 0.6, weighted mean (900 + 300) / 1500 = 0.8,
    # variance (1000·0.1² + 500·0.2²) / 1500 = 0.02, CV = √0.02 / 0.8 = 0.17678
    assert cvs["体育艺术教师"].value == pytest.approx(0.17678, abs=1e-5)
    assert cvs["体育艺术教师"].limit == 0.5 and not cvs["体育艺术教师"].over
    # 仪器设备: 2000 and 200 元, mean 2 100 000 / 1500 = 1400, variance (1000·600² + 500·1200²) / 1500
    # = 720 000, CV = 848.53 / 1400 = 0.60609 > 0.50
    assert cvs["教学仪器设备"].value == pytest.approx(0.60609, abs=1e-5)
    assert cvs["教学仪器设备"].over
    assert county_summary(evaluation).stages[0].cv_passed is False


def test_the_gaps_are_added_up_per_indicator_in_their_units(evaluation):
    gaps = {g.name: (g.schools, g.total, g.unit) for g in county_summary(evaluation).stages[0].gaps}
    # 体育艺术: 0.9 × 500 / 100 = 4.5 teachers needed, 3 held → 1.5, whole teachers → 2
    # 教学及辅助用房: (4.5 − 4.0) × 500 = 250 ㎡; 仪器设备: (2000 − 200) × 500 / 10000 = 90 万元
    assert gaps == {
        "体育艺术教师": (1, 2, "人"),
        "教学及辅助用房": (1, pytest.approx(250), "㎡"),
        "教学仪器设备": (1, pytest.approx(90), "万元"),
    }


def test_what_the_county_must_add_is_named_by_column_and_unit(evaluation):
    adds = {(a.name, a.unit): (a.schools, a.amount) for a in county_summary(evaluation).additions}
    assert adds == {
        ("体育艺术教师", "人"): (1, 2),
        ("教学及辅助用房", "㎡"): (1, pytest.approx(250)),
        ("教学仪器设备", "万元"): (1, pytest.approx(90)),
    }


def test_a_standard_without_school_values_adds_nothing():
    schools = frame(primary("甲小学", 1000), primary("乙小学", 500, pe_art_teachers=3))
    summary = county_summary(evaluate(schools, load_standard("basic_2012")))
    assert summary.additions == () and not summary.school_rule
    assert summary.stages[0].judged == 0


def test_units_of_values_are_spelled_out():
    assert value_unit(QUALITY.indicator("pe_art_teachers_per_100")) == "人/百名学生"
    assert value_unit(QUALITY.indicator("teaching_space_per_student")) == "㎡/生"
    assert value_unit(QUALITY.indicator("equipment_value_per_student")) == "元/生"


def test_the_school_table_has_every_school_its_gaps_and_its_town(evaluation):
    table = school_table(evaluation, "primary")
    rows = table.frame.set_index("学校")
    assert list(rows.index) == ["甲小学", "乙小学"]
    assert rows.loc["乙小学", "乡镇"] == "河口镇" and rows.loc["乙小学", "达标"] == "否"
    assert rows.loc["乙小学", "体育艺术教师（人/百名学生）"] == pytest.approx(0.6)
    assert rows.loc["乙小学", "体育艺术教师差多少（人）"] == 2
    assert rows.loc["乙小学", "教学仪器设备差多少（万元）"] == pytest.approx(90)
    assert rows.loc["甲小学", "达标"] == "是" and rows["体育艺术教师差多少（人）"].isna()["甲小学"]
    assert (1, "体育艺术教师（人/百名学生）") in table.unmet and len(table.unmet) == 3
