from __future__ import annotations

from planner import PlanSettings, build_schedule
from planner.schedule import item_cost


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
    # total is 20 + 32.4 + 50 + 135 = 237.4 万元; 10 万元 a year covers 30
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
