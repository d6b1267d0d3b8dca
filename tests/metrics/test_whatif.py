"""What-if: planned additions per school and field, then everything recomputed."""

import pytest

from metrics import (
    Addition,
    WhatIfError,
    additions_to_close,
    apply_additions,
    evaluate,
    load_standard,
    what_if,
)
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")


def test_adding_two_pe_teachers_makes_the_school_pass():
    # 乙小学: 3 PE/art teachers for 500 students (0.6 per 100); +2 → 5 → 1.0 ≥ 0.9
    schools = frame(primary("甲小学", 1000), primary("乙小学", 500, pe_art_teachers=3))
    after = what_if(schools, QUALITY, [Addition("乙小学", "pe_art_teachers", 2)])
    school = after.school("乙小学")[0]
    assert school.indicators["pe_art_teachers_per_100"] == pytest.approx(1.0)
    assert school.passed is True


def test_what_if_recomputes_the_cv():
    # pe_art per 100 before: [0.9, 0.6] → CV 0.1768; after +1.5 teachers at 乙: [0.9, 0.9] → CV 0
    schools = frame(primary("甲小学", 1000), primary("乙小学", 500, pe_art_teachers=3))
    after = what_if(schools, QUALITY, [Addition("乙小学", "pe_art_teachers", 1.5)])
    assert after.stages["primary"].cv["pe_art_teachers_per_100"] == pytest.approx(0, abs=1e-12)


def test_additions_do_not_change_the_uploaded_rows():
    schools = frame(primary("乙小学", 500, pe_art_teachers=3))
    apply_additions(schools, [Addition("乙小学", "pe_art_teachers", 2)])
    assert schools.at[0, "pe_art_teachers"] == 3


def test_unknown_school_is_a_chinese_error():
    with pytest.raises(WhatIfError, match="找不到学校「丙小学」"):
        apply_additions(frame(primary("乙小学", 500)), [Addition("丙小学", "pe_art_teachers", 2)])


def test_closing_every_gap_leaves_no_unmet_indicator():
    schools = frame(
        primary("甲小学", 1000, teaching_rooms_area=4000, sports_field_area=5000),
        primary("乙小学", 500, pe_art_teachers=3, equipment_value=50, multimedia_rooms=8),
    )
    before = evaluate(schools, QUALITY)
    after = what_if(schools, QUALITY, additions_to_close(before))
    assert all(s.unmet == () and s.passed for s in after.schools)


def test_closing_gaps_of_a_nine_year_school_scales_facilities_by_the_stage_share():
    # 300 小学生 + 200 初中生 → 小学部 share 300/(300 + 220) = 0.577; 1000 ㎡ of sports field:
    # 小学部 577 ㎡ for 300 pupils = 1.92 ㎡ (needs 7.5), 初中部 423 ㎡ for 200 = 2.12 ㎡ (needs 10.2)
    school = {
        "name": "九年制学校",
        "school_type": "九年一贯制学校",
        "primary_students": 300,
        "junior_students": 200,
        "teachers": 40,
        "teachers_above_degree": 30,
        "backbone_teachers": 5,
        "pe_art_teachers": 6,
        "junior_teachers": 18,
        "junior_teachers_above_degree": 15,
        "junior_backbone_teachers": 2,
        "junior_pe_art_teachers": 2,
        "teaching_rooms_area": 5000,
        "sports_field_area": 1000,
        "equipment_value": 200,
        "multimedia_rooms": 20,
    }
    schools = frame(school)
    before = evaluate(schools, QUALITY)
    adds = additions_to_close(before)
    sports = [a for a in adds if a.field == "sports_field_area"]
    # total needed = max(7.5·300/0.577, 10.2·200/0.423) − 1000 = max(3900, 4824) − 1000 = 3824 ㎡
    assert sports[0].amount == pytest.approx(max(7.5 * 300 * 520 / 300, 10.2 * 200 * 520 / 220) - 1000)
    after = what_if(schools, QUALITY, adds)
    assert all(s.unmet == () for s in after.schools)


def test_junior_teachers_at_a_nine_year_school_raise_both_columns():
    schools = frame(
        {
            "name": "九年制学校",
            "school_type": "九年一贯制学校",
            "primary_students": 300,
            "junior_students": 200,
            "teachers": 40,
            "pe_art_teachers": 6,
            "junior_teachers": 18,
            "junior_pe_art_teachers": 2,
        }
    )
    out = apply_additions(schools, [Addition("九年制学校", "pe_art_teachers", 3, stage="junior")])
    assert out.at[0, "pe_art_teachers"] == 9 and out.at[0, "junior_pe_art_teachers"] == 5


def test_a_nine_year_school_gets_the_rooms_that_close_both_parts_rounded_once():
    # 200 + 200 students, weights 1 : 1.1 → shares 200/420 and 220/420; 8 rooms split 3.81 / 4.19.
    # 小学 needs 2.3·200/100 = 4.6 (0.79 short → 0.79 / 0.476 = 1.66 at the school);
    # 初中 needs 2.4·200/100 = 4.8 (0.61 short → 0.61 / 0.524 = 1.16). One rounding: 2 rooms, not 3.
    school = {
        "name": "九年制学校",
        "school_type": "九年一贯制学校",
        "primary_students": 200,
        "junior_students": 200,
        "multimedia_rooms": 8,
    }
    schools = frame(school)
    before = evaluate(schools, QUALITY)
    (rooms,) = [a for a in additions_to_close(before) if a.field == "multimedia_rooms"]
    assert rooms.amount == 2
    after = what_if(schools, QUALITY, [rooms])
    assert all("multimedia_rooms_per_100" not in s.unmet for s in after.schools)
    fewer = what_if(schools, QUALITY, [Addition("九年制学校", "multimedia_rooms", 1)])
    assert any("multimedia_rooms_per_100" in s.unmet for s in fewer.schools)
