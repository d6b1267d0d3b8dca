"""The evaluation against hand-computed values (rules.md §1–§4)."""

import pytest

from metrics import evaluate, load_standard
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")
BASIC = load_standard("basic_2012")


def two_schools():
    # A: 1000 students, 4000 ㎡ of teaching rooms → 4.0 ㎡ (standard 4.5): 6 of 7 met, 4.0/4.5 = 89 %.
    # B: 500 students, 3 PE/art teachers → 0.6 per 100 (standard 0.9): 0.6/0.9 = 67 % < 85 %.
    return frame(
        primary("甲小学", 1000, teaching_rooms_area=4000, pe_art_teachers=9),
        primary("乙小学", 500, pe_art_teachers=3),
    )


def test_indicator_values_follow_the_formulas():
    school = evaluate(two_schools(), QUALITY).schools[0]
    assert school.indicators["teaching_space_per_student"] == pytest.approx(4.0)
    assert school.indicators["pe_art_teachers_per_100"] == pytest.approx(0.9)  # 100 × 9 / 1000
    assert school.indicators["equipment_value_per_student"] == pytest.approx(2000)  # 200 万元 / 1000


def test_cv_is_enrolment_weighted_not_mean_of_ratios():
    stage = evaluate(two_schools(), QUALITY).stages["primary"]
    # X = [4.0, 4.5], P = [1000, 500]: X̄ = 6250/1500 = 4.1667 (total/total)
    # S² = (2/3)(−1/6)² + (1/3)(1/3)² = 1/54 + 1/27 = 1/18, CV = √(1/18) / 4.1667 = 0.0565685
    assert stage.means["teaching_space_per_student"] == pytest.approx(6250 / 1500)
    assert stage.cv["teaching_space_per_student"] == pytest.approx(0.0565685, abs=1e-7)
    # X = [0.9, 0.6]: X̄ = 12/1500·100 = 0.8, S² = (2/3)(0.01) + (1/3)(0.04) = 0.02, CV = 0.141421/0.8
    assert stage.cv["pe_art_teachers_per_100"] == pytest.approx(0.1767767, abs=1e-7)


def test_composite_is_the_mean_of_the_indicator_cvs():
    stage = evaluate(two_schools(), QUALITY).stages["primary"]
    # the other five indicators are equal at both schools: CV 0
    assert stage.composite_cv == pytest.approx((0.0565685 + 0.1767767) / 7, abs=1e-7)


def test_school_with_one_unmet_indicator_above_85_percent_passes():
    school = evaluate(two_schools(), QUALITY).schools[0]
    assert school.unmet == ("teaching_space_per_student",)
    assert school.passed is True
    # 4.5 ㎡ × 1000 − 4000 ㎡ = 500 ㎡ to build
    assert school.gaps["teaching_space_per_student"].shortfall == pytest.approx(500)
    assert school.gaps["teaching_space_per_student"].unit == "㎡"


def test_school_below_85_percent_on_one_indicator_fails():
    school = evaluate(two_schools(), QUALITY).schools[1]
    assert school.passed is False
    assert school.fixes == ("pe_art_teachers_per_100",)
    # 0.9 × 500 / 100 = 4.5 teachers needed, 3 on staff → 1.5 → 2 whole teachers
    assert school.gaps["pe_art_teachers_per_100"].shortfall == 2
    assert school.gaps["pe_art_teachers_per_100"].unit == "人"


def test_equipment_gap_is_in_wan_yuan():
    # 800 students × 2000 元 = 160 万元 needed; 120 万元 on the books → 40 万元
    ev = evaluate(frame(primary("丙小学", 800, equipment_value=120)), QUALITY)
    assert ev.schools[0].gaps["equipment_value_per_student"].shortfall == pytest.approx(40)
    assert ev.schools[0].gaps["equipment_value_per_student"].unit == "万元"


def test_two_unmet_indicators_fail_even_above_85_percent():
    # 6 of 7 must be met: 4.0/4.5 = 89 % and 7.0/7.5 = 93 % still fail on the count
    ev = evaluate(frame(primary("丁小学", 1000, teaching_rooms_area=4000, sports_field_area=7000)), QUALITY)
    school = ev.schools[0]
    assert school.passed is False
    assert len(school.unmet) == 2
    # the smallest fix is the one closer to its threshold (93 % before 89 %)
    assert school.fixes == ("sports_space_per_student",)


def test_each_cv_must_pass_even_when_the_composite_does():
    # sports ㎡ per student 2 and 12 at equal enrolment: X̄ 7, S 5, CV 5/7 = 0.714 > 0.50;
    # every other indicator is equal (CV 0): composite 0.714/7 = 0.102 ≤ 0.50
    ev = evaluate(
        frame(primary("甲小学", 500, sports_field_area=1000), primary("乙小学", 500, sports_field_area=6000)),
        QUALITY,
    )
    stage = ev.stages["primary"]
    assert stage.cv["sports_space_per_student"] == pytest.approx(5 / 7)
    assert stage.composite_cv == pytest.approx(5 / 7 / 7)
    assert stage.cv_failed == ("sports_space_per_student",)
    assert stage.passed is False


def test_basic_2012_judges_the_composite_only():
    ev = evaluate(
        frame(primary("甲小学", 500, sports_field_area=1000), primary("乙小学", 500, sports_field_area=6000)),
        BASIC,
    )
    stage = ev.stages["primary"]
    assert stage.cv_limit == 0.65
    assert stage.composite_cv == pytest.approx(5 / 7 / 8)  # 8 indicators
    assert stage.passed is True


def test_basic_2012_has_no_school_verdicts():
    ev = evaluate(two_schools(), BASIC)
    school = ev.to_json()["schools"][0]
    assert school["unmet"] == [] and school["gaps"] == {} and school["passed"] is None


def test_nine_year_school_splits_facilities_by_student_equivalents():
    # rules.md worked example: 166 小学生, 210 初中生, 23226 册 → 23226/(166 + 1.1·210) = 58.50 per
    # equivalent; 小学部 166 × 58.50 = 9711.6, 初中部 231 × 58.50 = 13514.4
    ev = evaluate(
        frame(
            {
                "name": "九年制学校",
                "school_type": "九年一贯制学校",
                "primary_students": 166,
                "junior_students": 210,
                "books": 23226,
                "teachers": 40,
                "junior_teachers": 22,
            }
        ),
        BASIC,
    )
    table = ev.table.set_index("stage")
    assert table.at["primary", "books"] == pytest.approx(23226 * 166 / 397)
    assert int(table.at["primary", "books"]) == 9711
    assert table.at["junior", "books"] == pytest.approx(23226 * 231 / 397)
    assert table.at["primary", "books"] + table.at["junior", "books"] == pytest.approx(23226)


def test_nine_year_school_teachers_come_per_stage_not_split():
    ev = evaluate(
        frame(
            {
                "name": "九年制学校",
                "school_type": "九年一贯制学校",
                "primary_students": 166,
                "junior_students": 210,
                "teachers": 40,
                "junior_teachers": 22,
            }
        ),
        BASIC,
    )
    table = ev.table.set_index("stage")
    assert table.at["primary", "teachers"] == 18
    assert table.at["junior", "teachers"] == 22


def test_combined_school_appears_once_per_stage_with_the_same_name():
    ev = evaluate(
        frame(
            {
                "name": "九年制学校",
                "school_type": "九年一贯制学校",
                "primary_students": 300,
                "junior_students": 200,
                "teachers": 40,
                "junior_teachers": 22,
            }
        ),
        QUALITY,
    )
    assert [(s.name, s.stage) for s in ev.schools] == [("九年制学校", "primary"), ("九年制学校", "junior")]


def test_complete_secondary_school_keeps_only_the_junior_share():
    # 初中 300, 高中 500: share 300/(300 + 1.2·500) = 1/3 of 9000 ㎡ = 3000 ㎡
    ev = evaluate(
        frame(
            {
                "name": "一中",
                "school_type": "完全中学",
                "junior_students": 300,
                "senior_students": 500,
                "teaching_rooms_area": 9000,
                "teachers": 30,
            }
        ),
        QUALITY,
    )
    assert len(ev.schools) == 1 and ev.schools[0].stage == "junior"
    assert ev.schools[0].indicators["teaching_space_per_student"] == pytest.approx(10.0)


def test_small_teaching_point_is_excluded_under_quality_2017():
    ev = evaluate(frame(primary("甲小学", 500), primary("王庄教学点", 30, school_type="教学点")), QUALITY)
    assert [s.name for s in ev.schools] == ["甲小学"]
    assert ev.excluded[0].name == "王庄教学点" and "50" in ev.excluded[0].reason


def test_private_school_is_excluded_under_basic_2012_only():
    schools = frame(primary("甲小学", 500), primary("民办育才小学", 400, ownership="民办"))
    assert [e.name for e in evaluate(schools, BASIC).excluded] == ["民办育才小学"]
    assert evaluate(schools, QUALITY).excluded == ()


def test_indicator_with_zero_total_has_no_cv_and_a_warning():
    ev = evaluate(
        frame(primary("甲小学", 500, backbone_teachers=0), primary("乙小学", 500, backbone_teachers=0)),
        QUALITY,
    )
    assert ev.stages["primary"].cv["backbone_teachers_per_100"] is None
    assert any("无法计算差异系数" in w for w in ev.warnings)


def test_school_size_over_2000_fails_the_guarantee():
    ev = evaluate(frame(primary("大校", 2100)), QUALITY)
    size = next(g for g in ev.guarantees if g.item == "学校规模")
    assert size.met is False and size.limit == 2000


def test_json_has_the_contract_shape():
    data = evaluate(two_schools(), QUALITY).to_json()
    assert set(data) == {"standard", "stages", "schools", "excluded", "warnings"}
    assert set(data["stages"]["primary"]) == {
        "schools",
        "students",
        "cv",
        "composite_cv",
        "cv_limit",
        "passed",
    }
    assert data["stages"]["primary"]["students"] == 1500
    gap = data["schools"][1]["gaps"]["pe_art_teachers_per_100"]
    assert gap == {"value": pytest.approx(0.6), "threshold": 0.9, "shortfall": 2, "unit": "人"}
