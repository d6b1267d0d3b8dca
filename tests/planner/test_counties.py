"""Generated counties of different shapes (scripts/make_counties.py): every plan passes the checker, and
each shape reads as a planner would have it."""

from __future__ import annotations

import pytest

from metrics import evaluate, load_schools, load_standard
from planner import PlanSettings, draft_plan
from planner.check import check_plan
from scripts.make_counties import BUDGETS, SHAPES, write_counties


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    paths = write_counties(tmp_path_factory.mktemp("counties"))
    return {name: load_schools(path).frame for name, path in paths.items()}


def _plan(frame, name, standard="quality_2017", budget=None):
    ev = evaluate(frame, load_standard(standard))
    settings = PlanSettings(region=name, start_year=2026, yearly_budget_wan=budget)
    return draft_plan(ev, settings, schools_frame=frame)


@pytest.mark.parametrize("name", list(SHAPES))
@pytest.mark.parametrize("kind", ["quality", "budget", "basic"])
def test_every_generated_plan_passes_the_checker(counties, name, kind):
    standard = "basic_2012" if kind == "basic" else "quality_2017"
    plan = _plan(counties[name], name, standard, BUDGETS[name] if kind == "budget" else None)
    assert check_plan(plan) == []


def test_the_rich_county_moves_its_backbone_teachers_with_a_margin(counties):
    (e,) = _schedule(counties["富裕县"], "富裕县").exchanges
    assert e.indicator == "backbone_teachers_per_100" and e.cv_before > e.limit
    assert e.limit - e.cv_after >= 0.02 - 1e-9
    plan = _plan(counties["富裕县"], "富裕县")
    task = next(p for p in plan.section("tasks.teachers").tasks if p.lead == "推进校长教师交流轮岗。")
    # the named 骨干 transfers outnumber a fifth of the yearly quota: the first year's 骨干 rise
    assert "其中骨干教师不少于" in task.text and "当年交流轮岗教师增至" in task.text


def test_the_poor_county_under_its_budget_states_the_money_that_finishes_and_queues_nothing(counties):
    plan = _plan(counties["贫困县"], "贫困县", budget=BUDGETS["贫困县"])
    funds = next(t for t in plan.annexes if t.key == "funds")
    assert all(
        float(r[1].removesuffix("万元")) <= BUDGETS["贫困县"] for r in funds.rows if r[0].endswith("年")
    )
    unfunded = next(t for t in plan.annexes if t.key == "unfunded")
    # no year after the plan: each project waits for money, or alone exceeds a year's budget
    assert all(r[-1] in ("待资金落实", "单项超过年度资金") for r in unfunded.rows[:-1])
    overall = plan.section("goals.overall").paragraphs[0].text
    assert overall.startswith("按本方案安排，到2028年底全县") and "最早" not in overall
    # the money that finishes the work within the plan, put to the government as its decision
    assert "每年建设资金达到" in overall and "提请县人民政府研究" in overall and "力争" not in overall


def test_the_county_of_combined_schools_explains_the_split(counties):
    plan = _plan(counties["一贯制县"], "一贯制县")
    gaps = next(t for t in plan.annexes if t.key == "gaps")
    assert "按学段拆分计算" in gaps.note and "东岭九年一贯制学校" in gaps.note
    # teachers are booked per 学段 in a combined school, as the upload gives them
    hires = [p for p in _schedule(counties["一贯制县"], "一贯制县").need if p.kind == "hire"]
    assert hires and all(p.stage in ("primary", "junior") for p in hires if "九年一贯制" in p.school)


def test_a_county_that_already_passes_keeps_it_and_is_told_so(counties):
    plan = _plan(counties["达标县"], "达标县")
    assert plan.complete
    assert plan.section("goals.overall").paragraphs[0].text.startswith("全县7所参评学校资源配置已全部达到")
    basic = _plan(counties["达标县"], "达标县", "basic_2012")
    recommend = basic.section("goals.overall").paragraphs[1].text
    assert "资源配置已全部达到要求" in recommend and "建议以优质均衡为目标" in recommend


def _schedule(frame, name, standard="quality_2017"):
    from planner import build_schedule

    ev = evaluate(frame, load_standard(standard))
    return build_schedule(ev, PlanSettings(region=name, start_year=2026), frame)
