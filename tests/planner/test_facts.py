from __future__ import annotations

from planner.drafting.evaluation_facts import build_facts
from planner.drafting.facts import fmt


def test_display_formats_are_the_documented_ones():
    assert fmt(1234.56, "㎡") == "1234.6㎡"
    assert fmt(12.5, "万元") == "12.50万元"
    assert fmt(0.51234, kind="cv") == "0.512"
    assert fmt(4.0, "人") == "4人"


def test_counts_and_gaps_come_from_the_evaluation(town):
    _, ev = town
    facts = build_facts(ev)
    # 500 + 1000 + 200 + 400 + 800 students in five schools
    assert facts["students.total"].display == "2900人"
    assert facts["schools.total"].display == "5所"
    # 中心小学: 4.5 ㎡ × 500 − 1800 ㎡ = 450 ㎡ short; 4.2 × 500 / 100 − 16 = 5 teachers short
    gap = facts["school.城关镇中心小学.primary.teaching_space_per_student.shortfall"]
    assert gap.display == "450.0㎡" and gap.rows == (2,)
    assert facts["need.teachers_above_degree.school.城关镇中心小学"].display == "5人"
    # 第二中学: 10.2 × 400 − 3000 = 1080 ㎡ of field; ceil(2.4 × 400 / 100) − 6 = 4 rooms
    assert facts["need.sports_field_area.total"].display == "1080.0㎡"
    assert facts["need.multimedia_rooms.total"].display == "4间"
    assert facts["schools.total.failing"].display == "2所"
    assert facts["schools.total.failing"].rows == (2, 5)


def test_cv_facts_show_three_decimals_and_the_limit(town):
    _, ev = town
    facts = build_facts(ev)
    cv = ev.stages["junior"].cv["multimedia_rooms_per_100"]
    assert facts["cv.junior.multimedia_rooms_per_100"].display == f"{cv:.3f}"
    assert facts["cv_limit.junior"].display == "0.45"
    assert facts["rule.min_ratio"].display == "85%"


def test_a_value_that_rounds_to_its_threshold_shows_the_digits_that_miss_it():
    assert fmt(4.4991, "㎡", kind="value", against=4.5) == "4.499㎡"  # never 4.50 against 4.5
    assert fmt(0.5004, kind="cv", against=0.5) == "0.5004"  # a CV just over its limit
    assert fmt(4.46, "㎡", kind="value", against=4.5) == "4.46㎡"  # far enough: the usual 2 decimals


def test_a_school_value_just_under_its_threshold_is_printed_under_it():
    from metrics import evaluate, load_standard
    from tests.metrics.schools import frame, primary

    # 1000 students and 4499.1 ㎡ of teaching space: 4.4991 ㎡ per student against 4.5
    rows = frame(primary("甲小学", 1000, teaching_rooms_area=4499.1), primary("乙小学", 1000))
    facts = build_facts(evaluate(rows, load_standard("quality_2017")))
    assert facts["school.甲小学.primary.teaching_space_per_student.value"].display == "4.499㎡"
