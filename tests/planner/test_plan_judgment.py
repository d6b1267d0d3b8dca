"""The plan decides like a planner (review r2): a 超规模 school gets a dated 分设校区, class teachers
count toward the degree indicator, 民办 班额 money stays apart, a 超大班额 is named first, a county that
already passes does 自评 in its first year, and a capped county never schedules 自评 while schools fail."""

from __future__ import annotations

from metrics import evaluate, load_standard
from planner import PlanSettings, build_schedule, draft_plan
from planner.settings import PlanningRules
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")
EXACT = PlanningRules(design_margin=0)


def _text(plan) -> str:
    return "\n".join(p.text for s in plan.sections for p in s.paragraphs)


def test_an_oversized_school_gets_a_campus_with_land_money_and_the_year_it_is_within_the_limit():
    # 城南 2100 pupils over 2000: 100 over; one 轨 is 6 × 45 = 270 pupils → 1 轨, 270 moved, 1830 left.
    # Rooms 270 × 4.5 = 1215 → 1300 ㎡; field 270 × 7.5 = 2025 → 2100 ㎡; land 2100 + 2 × 1300 / 3 =
    # 2966.7 → 3000 ㎡; equipment 270 × 2000 元 = 54 万元. Paid: land 3000 × 300 元 = 90 (2026);
    # building 1300 × 3000 元 = 390: 234 (2027), 156 + field 2100 × 300 元 = 63 + 54 = 273 (2028)
    rows = frame(primary("城南小学", 2100), primary("东街小学", 500))
    ev = evaluate(rows, QUALITY)
    settings = PlanSettings(region="示例县", start_year=2026, rules=EXACT)
    sched = build_schedule(ev, settings, rows)
    (campus,) = [p for p in sched.need if p.kind == "campus"]
    assert (campus.school, campus.amount, campus.land_m2) == ("城南小学", 1300.0, 3000.0)
    assert campus.payments == ((2026, 90.0), (2027, 234.0), (2028, 273.0))
    assert campus.finish == (2028, 8)
    # every resource indicator is met today, but the school is within the size limit only from the
    # autumn of 2028: the standard is reached then, not before
    assert sched.reached_year == 2028
    text = _text(draft_plan(ev, settings, schools_frame=rows))
    assert "城南小学新建分设校区，按1轨（6个教学班）设计，容纳学生270人" in text
    assert "2028年秋季通过调整招生范围（学区）将学生270人分流至分设校区" in text
    assert "该校规模降至1830人" in text
    assert "逐步化解" not in text


def test_teachers_for_extra_classes_count_toward_the_degree_indicator():
    # 东街: 1650 pupils, 33 classes (ceil(1650 / 45) = 37: 4 more), 3 teachers a class → 12 hires;
    # degree teachers 57.75 (3.5 per 100, 83 % of 4.2): 4.2 × 16.5 − 57.75 = 11.55 → 12 short, as many
    # as the 12 class teachers, who all hold the degree: no degree hire of its own
    rows = frame(
        primary(
            "东街小学",
            1650,
            primary_classes=33,
            teachers=99.0,
            max_class_size=55,
            teachers_above_degree=57.75,
        ),
        primary("西街小学", 900),
    )
    ev = evaluate(rows, QUALITY)
    sched = build_schedule(ev, PlanSettings(region="示例县", start_year=2026, rules=EXACT), rows)
    east = [p for p in sched.need if p.school == "东街小学" and p.kind in ("hire", "upgrade")]
    assert [(p.field, p.amount) for p in east] == [("teachers", 12.0)]
    assert any(lift.indicator == "above_degree_teachers_per_100" for lift in east[0].lifts)
    # and the school passes once they are in post: (57.75 + 12) / 16.5 = 4.23 ≥ 4.2
    assert "东街小学" not in sched.years[-1].projection.failing


def test_a_private_schools_extra_classes_are_stated_apart_from_the_public_totals():
    # 博雅 (民办): 1100 pupils in 23 classes → ceil(1100 / 45) = 25: 2 more, its 举办者's
    rows = frame(
        primary("东街小学", 1650, primary_classes=33, teachers=99.0, max_class_size=55),
        primary("博雅学校", 1100, primary_classes=23, max_class_size=56, ownership="民办"),
    )
    plan = draft_plan(
        evaluate(rows, QUALITY),
        PlanSettings(region="示例县", start_year=2026, rules=EXACT),
        schools_frame=rows,
    )
    text = _text(plan)
    # public: 东街 alone, 4 classes and 12 teachers
    assert "共须增设教学班4个、配备专任教师12人" in text
    assert "民办学校博雅学校须增设教学班2个" in text and "由举办者承担，不计入上述财政资金" in text


def test_a_super_large_class_is_named_and_put_first():
    rows = frame(primary("东街小学", 1650, primary_classes=33, teachers=99.0, max_class_size=66))
    plan = draft_plan(
        evaluate(rows, QUALITY),
        PlanSettings(region="示例县", start_year=2026, rules=EXACT),
        schools_frame=rows,
    )
    assert "东街小学最大班额66人，属超大班额，作为首要任务优先安排" in _text(plan)


def test_a_county_that_already_passes_does_its_self_evaluation_in_the_first_year():
    rows = frame(primary("甲小学", 500), primary("乙小学", 600))
    settings = PlanSettings(region="示例县", start_year=2026, rules=EXACT)
    ev = evaluate(rows, QUALITY)
    sched = build_schedule(ev, settings, rows)
    assert [(y.name, y.acceptance) for y in sched.years] == [
        ("自评申报年", True),
        ("巩固提升年", False),
        ("巩固提升年", False),
    ]
    text = _text(draft_plan(ev, settings, schools_frame=rows))
    assert "2026年7—9月完成县级自评" in text and "力争2027年通过评估认定" in text
    assert "补齐办学条件短板" not in text


def test_a_capped_county_with_failing_schools_does_not_schedule_its_self_evaluation():
    # 东街 at 3.5 ㎡ of rooms a pupil (78 % of 4.5) lacks 1.0 × 1650 = 1650 ㎡ → 1700 ㎡ to build:
    # 510 万元, 306 in its first year, over a 50 万元 cap: it still fails at the end of 2028, so 2028
    # holds no 自评 and the plan says what money would do
    rows = frame(primary("东街小学", 1650, teaching_rooms_area=1650 * 3.5), primary("西街小学", 900))
    settings = PlanSettings(region="示例县", start_year=2026, yearly_budget_wan=50.0, rules=EXACT)
    text = _text(draft_plan(evaluate(rows, QUALITY), settings, schools_frame=rows))
    assert "2028年底仍有1所学校未达到资源配置要求，本年度不开展县级自评和迎评准备" in text
    assert "2028年7—9月完成县级自评" not in text
