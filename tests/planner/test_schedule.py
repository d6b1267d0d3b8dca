from __future__ import annotations

from planner import PlanSettings, build_schedule, draft_plan
from planner.drafting.schedule import item_cost


def test_worst_gaps_are_scheduled_first(town):
    frame, ev = town
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), frame)
    ratios = [i.ratio for i in sched.items]
    assert ratios == sorted(ratios)
    # 第二中学 multimedia: 1.5 / 2.4 = 0.625 is the worst ratio in the town
    assert (sched.items[0].school, sched.items[0].field) == ("城关镇第二中学", "multimedia_rooms")


def test_without_a_budget_every_fix_is_scheduled_and_the_standard_is_reached(town):
    frame, ev = town
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), frame)
    assert not sched.unscheduled and sched.complete
    assert sched.years[-1].projection.failing_schools == 0
    assert sched.reached_year == 2028


def test_costs_follow_the_unit_costs():
    s = PlanSettings(region="城关镇", start_year=2026)
    assert item_cost("teaching_rooms_area", 450, s) == 135.0  # 450 ㎡ × 3000 元
    assert item_cost("sports_field_area", 1080, s) == 32.4  # 1080 ㎡ × 300 元
    assert item_cost("teachers_above_degree", 5, s) == 50.0  # 5 人 × 10 万元


def test_a_budget_too_small_leaves_work_unscheduled_and_says_so(town):
    frame, ev = town
    # the work costs 20 + 32.4 + 135 万元 once plus 50 万元 a year of teachers; 10 万元 a year covers 30
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026, yearly_budget_wan=10), frame)
    assert sched.unscheduled and not sched.complete and sched.reached_year is None
    assert all(y.cost_wan <= 10 + 1e-6 for y in sched.years)


def test_a_budget_splits_a_project_over_years(town):
    frame, ev = town
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026, yearly_budget_wan=100), frame)
    area = [i.amount for i in sched.items if i.field == "teaching_rooms_area"]
    assert len(area) >= 2 and sum(area) <= 450


def test_start_year_and_names_come_from_settings(town):
    frame, ev = town
    s = PlanSettings(region="城关镇", start_year=2030, years=2, year_names=("攻坚年", "迎评年"))
    sched = build_schedule(ev, s, frame)
    assert [(y.year, y.name) for y in sched.years] == [(2030, "攻坚年"), (2031, "迎评年")]


def _teachers_only():
    from metrics import evaluate, load_standard
    from tests.metrics.schools import frame, primary

    # 西村小学 (500 students) has 16 高学历 teachers; 4.2 × 500 / 100 = 21 needed → 5 to add
    rows = frame(primary("西村小学", 500, teachers_above_degree=16.0), primary("东街小学", 500))
    return rows, evaluate(rows, load_standard("quality_2017"))


def test_a_teacher_added_in_the_first_year_is_paid_in_every_year_of_the_plan():
    rows, ev = _teachers_only()
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), rows)
    (item,) = sched.items
    assert (item.amount, sched.years[0].items) == (5.0, [item])
    # 5 人 × 10 万元/人·年: 50 in 2026, and again in 2027 and 2028 → 150 over the plan
    assert [y.cost_wan for y in sched.years] == [50.0, 50.0, 50.0]
    assert sched.total_cost_wan == item.period_cost_wan == 150.0


def test_salaries_of_earlier_hires_use_up_the_yearly_budget_first():
    rows, ev = _teachers_only()
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026, yearly_budget_wan=30), rows)
    # 2026: 3 teachers (30); 2027: their 30 leaves no room; 2028 likewise → 2 teachers unscheduled
    assert [sum(i.amount for i in y.items) for y in sched.years] == [3.0, 0.0, 0.0]
    assert [y.cost_wan for y in sched.years] == [30.0, 30.0, 30.0]
    assert [i.amount for i in sched.unscheduled] == [2.0]


def test_the_funding_paragraph_states_how_teacher_costs_are_counted(town_plan):
    text = town_plan.section("safeguards.funds").paragraphs[-1].text
    assert "新增教师10万元/人·年（自补充当年起逐年计列至2028年）" in text


def test_a_later_year_names_the_salaries_of_earlier_hires_in_its_total():
    rows, ev = _teachers_only()
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=rows)
    steps = [p.text for s in plan.sections if s.key.startswith("steps.") for p in s.paragraphs]
    # 2026 hires 5 teachers (50 万元); 2027 has no new work but pays them again
    assert any(t.startswith("2027年为“巩固提升年”") and "以前年度新增教师经费50.00万元" in t for t in steps)
