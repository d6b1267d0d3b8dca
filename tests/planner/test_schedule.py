from __future__ import annotations

import pytest

from planner import PlanSettings, build_schedule, draft_plan
from planner.drafting.schedule import item_cost


def test_buildings_start_in_the_first_year_and_the_last_year_is_for_acceptance(town):
    frame, ev = town
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), frame)
    first = {(i.school, i.field) for i in sched.years[0].items}
    assert {("城关镇中心小学", "teaching_rooms_area"), ("城关镇第二中学", "sports_field_area")} <= first
    assert sched.years[-1].items == [] and sched.years[-1].acceptance
    # a building is 立项 in March and handed over in August of the next work year
    rooms = next(i for i in sched.items if i.field == "teaching_rooms_area")
    assert (rooms.start, rooms.finish) == ((2026, 3), (2027, 8))


def test_other_work_follows_worst_gap_first(town):
    frame, ev = town
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), frame)
    rest = [i for i in sched.items if i.field not in ("teaching_rooms_area", "sports_field_area")]
    # 第二中学 multimedia 6 / 9.6 = 0.625 before 中心小学 高学历 16 / 21 = 0.76
    assert [(i.school, i.field) for i in rest] == [
        ("城关镇第二中学", "multimedia_rooms"),
        ("城关镇中心小学", "teachers_above_degree"),
    ]
    assert [i.start[0] for i in rest] == [2026, 2027]


def test_without_a_budget_every_fix_is_scheduled_and_the_standard_is_reached(town):
    frame, ev = town
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), frame)
    assert not sched.unscheduled and sched.complete
    assert sched.years[-1].projection.failing_schools == 0
    assert sched.reached_year == 2027


def test_costs_follow_the_unit_costs():
    s = PlanSettings(region="城关镇", start_year=2026)
    assert item_cost("teaching_rooms_area", 450, s) == 135.0  # 450 ㎡ × 3000 元
    assert item_cost("sports_field_area", 1080, s) == 32.4  # 1080 ㎡ × 300 元
    assert item_cost("pe_art_teachers", 5, s) == 50.0  # 5 new hires × 10 万元 a year
    assert item_cost("teachers_above_degree", 5, s) == 2.5  # 5 degree upgrades × 0.5 万元: training


def test_degree_upgrades_are_training_not_salaries(town):
    frame, ev = town
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), frame)
    costs = {y.year: y.costs for y in sched.years}
    # 2026: 135 (rooms) + 32.4 (field) + 20 (4 rooms × 5 万元) of 建设资金; 2027: 5 upgrades × 0.5 万元
    assert round(costs[2026].construction, 6) == 187.4 and costs[2026].training == 0
    assert costs[2027].training == 2.5 and costs[2027].personnel == 0
    assert round(sched.total_cost_wan, 6) == 189.9


def test_a_budget_caps_construction_every_year_and_leaves_the_rest_unscheduled(town):
    frame, ev = town
    # the worst building gap is 第二中学's field (3000 / 4080 = 0.735 < 中心小学 1800 / 2250 = 0.8):
    # 10 万元 a year of 建设资金 buys 333.3 ㎡ of it at 300 元/㎡ (10 / 0.03 = 333.33)
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026, yearly_budget_wan=10), frame)
    assert sched.unscheduled and not sched.complete and sched.reached_year is None
    assert all(y.costs.construction <= 10 + 1e-6 for y in sched.years)
    field = [i.amount for i in sched.items if i.field == "sports_field_area"]
    assert field == [333.3, 333.3, 333.3]
    # training is not paid from the construction budget: the 5 upgrades are still scheduled
    assert sum(i.amount for i in sched.items if i.field == "teachers_above_degree") == 5


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

    # 西村小学 (500 students) has 0 体育艺术 teachers; 0.9 × 500 / 100 = 4.5 → 5 to hire
    rows = frame(primary("西村小学", 500, pe_art_teachers=0.0), primary("东街小学", 500))
    return rows, evaluate(rows, load_standard("quality_2017"))


def test_a_teacher_hired_in_the_first_year_is_paid_in_every_year_of_the_plan():
    rows, ev = _teachers_only()
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), rows)
    (item,) = sched.items
    assert (item.amount, sched.years[0].items) == (5.0, [item])
    # 5 人 × 10 万元/人·年: 50 in 2026, and again in 2027 and 2028 → 150 over the plan
    assert [y.cost_wan for y in sched.years] == [50.0, 50.0, 50.0]
    assert [y.costs.personnel for y in sched.years] == [50.0, 50.0, 50.0]
    assert sched.total_cost_wan == item.period_cost_wan == 150.0


def test_salaries_are_not_paid_from_the_construction_budget():
    rows, ev = _teachers_only()
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026, yearly_budget_wan=30), rows)
    assert [sum(i.amount for i in y.items) for y in sched.years] == [5.0, 0.0, 0.0]
    assert sched.unscheduled == [] and all(y.costs.construction == 0 for y in sched.years)


def test_the_funding_paragraph_states_how_teacher_costs_are_counted(town_plan):
    text = town_plan.section("safeguards.funds").paragraphs[-1].text
    assert "新增教师10万元/人·年（自补充当年起逐年计列至2028年）" in text


def test_a_later_year_names_the_salaries_of_earlier_hires_in_its_total():
    rows, ev = _teachers_only()
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=rows)
    steps = [p.text for p in plan.section("steps.2027").paragraphs]
    # 2026 hires 5 teachers (50 万元); 2027 has no new work but pays them again
    assert steps[0].startswith("2027年为“巩固提升年”。本年度不安排新开工项目")
    assert "估算投入50.00万元，其中人员经费50.00万元（含以前年度新增教师50.00万元）。" in steps


def test_a_school_told_to_cut_enrolment_gets_facilities_for_the_stated_enrolment():
    from pathlib import Path

    from metrics import evaluate, load_schools, load_standard

    frame = load_schools(Path(__file__).resolve().parents[2] / "data/samples/城关镇.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    row = frame[frame["name"] == "城关第一小学"].iloc[0]
    assert (row["primary_students"], row["sports_field_area"] + row["gym_area"]) == (2310, 14770)
    sched = build_schedule(ev, PlanSettings(region="城关镇", start_year=2026), frame)
    assert sched.enrolment_caps == {"城关第一小学": 2000}
    work = {i.field: i.amount for i in sched.items if i.school == "城关第一小学"}
    # at 2000 students: 7.5 × 2000 − 14770 = 230 ㎡ of field (at 2310 it would be 2555 ㎡), and
    # 11485 ㎡ of teaching rooms is 5.74 ㎡ a student: no building
    assert list(work) == ["sports_field_area"] and work["sports_field_area"] == pytest.approx(230.0)
