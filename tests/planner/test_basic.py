"""基本均衡 plans: per-school thresholds from a provincial file, else the county mean as the reference;
never 'all schools meet the standard' while a gap is listed; 综合差异系数 only for the composite."""

from __future__ import annotations

from pathlib import Path

from metrics import evaluate, load_standard
from planner import PlanSettings, draft_plan, export_markdown
from tests.metrics.schools import frame, primary

EXAMPLE = Path(__file__).resolve().parents[2] / "metrics" / "standards" / "examples"
PROVINCIAL = EXAMPLE / "provincial_basic_example.yaml"
_NUMERATORS = (
    "teachers",
    "teachers_above_degree",
    "teachers_mid_title",
    "teaching_rooms_area",
    "sports_field_area",
    "equipment_value",
    "computers",
    "books",
)


def _plan(rows, standard):
    ev = evaluate(rows, load_standard(standard))
    return draft_plan(ev, PlanSettings(region="青河县", start_year=2026, data_year=2025), schools_frame=rows)


def _annex(plan, key):
    return next(t for t in plan.annexes if t.key == key)


def _text(plan, prefix):
    return "".join(p.text for s in plan.sections if s.key.startswith(prefix) for p in s.paragraphs)


def test_the_example_provincial_file_is_labelled_as_an_example_and_gives_every_indicator_a_threshold():
    std = load_standard(PROVINCIAL)
    assert std.target == "basic" and "示例" in std.name and "示例" in std.school_standard
    assert std.has_school_thresholds and std.school_min_met == len(std.indicators)
    assert "示例" in PROVINCIAL.read_text(encoding="utf-8").splitlines()[0]


def test_with_a_provincial_file_the_school_below_it_is_named_in_goals_tasks_and_annexes():
    # 甲小学: 500 students, 1295 ㎡ → 2.59 ㎡ each, under the example's 3 ㎡; 乙 and 丙 have 4.5 ㎡
    rows = frame(
        primary("甲小学", 500, teaching_rooms_area=1295.0), primary("乙小学", 600), primary("丙小学", 700)
    )
    plan = _plan(rows, PROVINCIAL)
    assert plan.template == "district_basic"
    goals = _text(plan, "goals.specific")
    assert "2025年度教育事业统计" in goals
    assert "1所学校低于标准3平方米（最低为2.59平方米）" in goals
    building = _text(plan, "tasks.building")
    assert "甲小学" in building and "由2.59平方米提高到3平方米以上" in building
    assert "均已达到" not in building
    gaps = _annex(plan, "gaps").rows
    assert [(r[1], r[4], r[5]) for r in gaps] == [("甲小学", "2.59㎡", "3㎡")]
    assert _annex(plan, "projects").rows


def test_without_a_provincial_file_a_failing_composite_names_the_schools_below_the_mean():
    # 甲小学 has a tenth of 乙小学's resources per student: every CV is far above 0.65
    poor = primary("甲小学", 500)
    poor.update({k: poor[k] * 0.1 for k in _NUMERATORS})
    rows = frame(poor, primary("乙小学", 500))
    plan = _plan(rows, "basic_2012")
    assert _annex(plan, "gaps").rows and _annex(plan, "projects").rows
    goals = _text(plan, "goals.specific")
    assert "1所学校明显低于全县平均水平" in goals and "小学综合差异系数由" in goals
    text = export_markdown(plan)
    assert "均已达到" not in text
    assert "甲小学" in _text(plan, "tasks.building")


def test_a_passing_composite_says_no_school_was_checked_against_a_standard_it_does_not_have():
    rows = frame(primary("甲小学", 500, teaching_rooms_area=2000.0), primary("乙小学", 500))
    plan = _plan(rows, "basic_2012")
    text = export_markdown(plan)
    assert "均已达到" not in text
    assert "各校是否达到省定标准须另行逐校核实" in text


def test_basic_plans_call_only_the_composite_综合_and_never_speak_of_优质均衡_in_safeguards():
    poor = primary("甲小学", 500)
    poor.update({k: poor[k] * 0.1 for k in _NUMERATORS})
    plan = _plan(frame(poor, primary("乙小学", 500)), "basic_2012")
    composite = plan.facts["cv.primary.composite"].display
    end = plan.facts["year.2028.cv.primary.composite"].display
    steps = _text(plan, "steps")
    assert "各项指标" not in steps and f"预计年末小学综合差异系数{end}（上限0.65）" in steps
    assert f"小学综合差异系数由{composite}" in _text(plan, "goals.specific")
    assert "优质均衡" not in _text(plan, "safeguards")


def test_when_every_school_meets_the_provincial_file_the_situation_says_so_without_a_zero_count():
    rows = frame(primary("甲小学", 500), primary("乙小学", 600))
    plan = _plan(rows, PROVINCIAL)
    situation = plan.sections[0].paragraphs[-1].text
    assert "参评学校全部达到办学基本标准" in situation and "0所" not in situation
    assert "学校2所（小学2所，按学段计）" in situation  # no "初中0所"


def test_a_true_all_met_plan_passes_the_checker_and_a_false_one_does_not(tmp_path):
    from planner import export_docx
    from planner.check import check_file

    met = _plan(frame(primary("甲小学", 500), primary("乙小学", 600)), PROVINCIAL)
    assert check_file(export_docx(met, tmp_path / "met.docx")) == []
    short = _plan(
        frame(primary("甲小学", 500, teaching_rooms_area=1295.0), primary("乙小学", 600)), PROVINCIAL
    )
    short.sections[0].paragraphs[-1].text += "各校均已达到标准。"
    assert any("均已达到" in p for p in check_file(export_docx(short, tmp_path / "short.docx")))


def test_a_passing_composite_lifts_the_weakest_schools_and_recommends_planning_for_quality():
    # 甲小学 has 60 % of 乙小学's equipment per student: under 80 % of the mean (1400 vs 1700 元),
    # so it is lifted to the mean: (1700 − 1200) × 500 / 10000 = 25 万元
    rows = frame(primary("甲小学", 500, equipment_value=60.0), primary("乙小学", 500, equipment_value=110.0))
    plan = _plan(rows, "basic_2012")
    assert plan.facts["sched.total_cost"].display == "25.00万元"
    equipment = _text(plan, "tasks.equipment")
    assert (
        "甲小学：新增教学仪器设备25.00万元（2026年实施），使生均教学仪器设备值由1200.00元提高到全县平均水平1700.00元"
        in equipment
    )
    overall = [p.text for p in plan.section("goals.overall").paragraphs]
    assert "力争" not in overall[0] and "通过评估认定" not in overall[0]  # 基本均衡 认定 is complete
    # the recommendation cites 国教督〔2022〕1号 and gives the county's figures under 优质均衡
    assert overall[1].startswith("全国县域义务教育已于2022年全部通过基本均衡发展督导评估认定")
    assert "建议以优质均衡为目标" in overall[1]
    assert "国教督〔2022〕1号" in {s["doc_no"] for s in plan.section("goals.overall").paragraphs[1].sources}
