from __future__ import annotations

import pytest

from planner import (
    PlanSettings,
    RevisionError,
    add_paragraph,
    change_settings,
    delete_task,
    draft_plan,
    regenerate_section,
    replace_section,
)
from planner.settings import PlanningRules


def fake_retrieve(query: str) -> list[dict]:
    """A deterministic stand-in for the knowledge index."""
    return [
        {
            "title": "关于进一步推进义务教育均衡发展的若干意见",
            "doc_no": "教基一〔2010〕1号",
            "section": "一",
            "source": "national.md",
            "status": "现行",
            "kind": "政策",
            "issuer": "教育部",
            "date": "2010-01-08",
            "text": "……",
        },
        {
            "title": "旧办法",
            "doc_no": "某〔2001〕9号",
            "section": "",
            "source": "old.md",
            "status": "已废止",
            "kind": "政策",
        },
    ]


def test_preamble_cites_the_standard_and_retrieved_documents_with_their_doc_numbers(town):
    frame, ev = town
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), fake_retrieve, frame)
    first = plan.section("preamble").paragraphs[0]
    assert "《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）" in first.text
    assert "（教基一〔2010〕1号）" in first.text
    assert "旧办法" not in first.text  # superseded documents are not cited
    assert [s["doc_no"] for s in first.sources] == ["教督〔2017〕6号", "教基一〔2010〕1号"]


def test_without_retrieval_the_standard_is_the_only_basis(town_plan):
    first = town_plan.section("preamble").paragraphs[0]
    assert [s["doc_no"] for s in first.sources] == ["教督〔2017〕6号"]


def test_tasks_name_schools_quantities_and_responsible_units(town_plan):
    tasks = town_plan.section("tasks.building").tasks
    texts = [t.lead + t.text for t in tasks]
    # sized for the roll plus the 5 % design margin: 4.5 × 525 − 1800 = 562.5 ㎡ short → 600 ㎡ in
    # whole modules; 10.2 × 420 − 3000 = 1284 ㎡ of field → 1300 ㎡ on new land
    assert any(t.startswith("城关镇中心小学达标项目。") and "教学及辅助用房600平方米" in t for t in texts)
    assert any(
        t.startswith("城关镇第二中学达标项目。") and "新增用地扩建运动场地1300平方米" in t for t in texts
    )
    # the lead names the school: the sentence does not repeat it
    assert all(t.text.count(t.lead.removesuffix("达标项目。")) == 0 for t in tasks)
    assert all(t.units for t in tasks)
    assert "work.rooms_build.school.城关镇中心小学" in {k for t in tasks for k in t.fact_keys}


def test_every_fact_key_a_paragraph_records_exists(town_plan):
    for sec in town_plan.sections:
        for p in sec.paragraphs:
            assert all(k in town_plan.facts for k in p.fact_keys)


def test_district_plan_groups_tasks_by_township(district):
    frame, ev = district
    plan = draft_plan(
        ev, PlanSettings(region="示例区", level="district", start_year=2026), schools_frame=frame
    )
    leads = [t.lead for t in plan.section("tasks.building").tasks]
    assert "河口镇学校达标项目。" in leads and "城关镇学校达标项目。" in leads
    assert plan.template == "district_quality"


def test_steps_have_one_subsection_per_year(town_plan):
    titles = [s.title for s in town_plan.sections if s.key.startswith("steps.")]
    assert titles == ["建设推进年（2026年）", "巩固提升年（2027年）", "完善迎评年（2028年）"]


def test_a_small_budget_says_what_the_plan_reaches_and_what_would_reach_the_standard(town):
    frame, ev = town
    # at the exact roll (no design margin), so the money below is checked by hand
    exact = PlanningRules(design_margin=0)
    plan = draft_plan(
        ev,
        PlanSettings(region="城关镇", start_year=2026, yearly_budget_wan=10, rules=exact),
        schools_frame=frame,
    )
    assert not plan.complete
    # both schools' building work pays more than 10 万元 in a year (90 | 60 and 53 | 33): none is
    # funded, both schools still fail at the end; 113 万元 a year would fit it all (90 | 60 + 53 | 33)
    overall = plan.section("goals.overall").paragraphs[0].text
    assert overall.startswith("按本方案安排，到2028年底全镇5所参评学校中3所达到资源配置要求，其余2所")
    assert "每年建设资金达到113.00万元，可在方案期内全部完成" in overall
    assert "最早" not in overall  # no queue of years after the plan
    assert "力争" not in overall  # no 认定 year while the standard is not reached
    (note,) = plan.section("goals.notes").paragraphs
    # 500 ㎡ × 3000 元 (150) + 1100 ㎡ × 600 元 (66) + 4 rooms × 5 万元 (20) = 236 万元 left
    assert "仍有3项建设项目（估算236.00万元）未能安排" in note.text


def test_delete_the_nth_task(town_plan):
    before = town_plan.section("tasks.building").tasks
    after = delete_task(town_plan, "tasks.building", 1)
    assert [t.text for t in after.section("tasks.building").tasks] == [t.text for t in before[1:]]
    assert len(town_plan.section("tasks.building").tasks) == len(before)  # the original is unchanged
    with pytest.raises(RevisionError, match="没有第9项"):
        delete_task(town_plan, "tasks.building", 9)


def test_add_and_replace_paragraphs(town_plan):
    plan = add_paragraph(
        town_plan, "tasks.government", "建立学校安全风险防控体系。", task=True, units="镇派出所"
    )
    last = plan.section("tasks.government").paragraphs[-1]
    assert (last.kind, last.units, last.origin) == ("task", "镇派出所", "user")
    plan = replace_section(plan, "指导思想", ["新的指导思想。"])
    assert [p.text for p in plan.section("guiding").paragraphs] == ["新的指导思想。"]


def test_regenerate_restores_a_section(town, town_plan):
    frame, ev = town
    edited = replace_section(town_plan, "guiding", ["临时文字。"])
    again = regenerate_section(edited, "guiding", ev, schools_frame=frame)
    assert again.section("guiding").paragraphs[0].text == town_plan.section("guiding").paragraphs[0].text


def test_change_start_year_redrafts(town, town_plan):
    frame, ev = town
    plan = change_settings(town_plan, ev, schools_frame=frame, start_year=2027)
    assert "2027—2029" in plan.title
    with pytest.raises(RevisionError):
        change_settings(town_plan, ev, schools_frame=frame, start_year=1800)


def test_basic_standard_uses_the_basic_template(town):
    from metrics import evaluate, load_standard

    frame, _ = town
    ev = evaluate(frame, load_standard("basic_2012"))
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame)
    assert plan.template == "town_basic" and "基本均衡" in plan.title


def test_a_school_short_on_two_indicators_gets_one_sentence_listing_both():
    from metrics import evaluate, load_standard
    from tests.metrics.schools import frame, primary

    rows = frame(
        primary("城关第一小学", 500, teaching_rooms_area=1800.0, sports_field_area=3000.0),
        primary("东街小学", 500),
    )
    plan = draft_plan(
        evaluate(rows, load_standard("quality_2017")), PlanSettings(region="城关镇", start_year=2026)
    )
    (task,) = plan.section("tasks.building").tasks
    assert task.text.count("使") == 1
    assert (
        "，使生均教学及辅助用房面积由3.60平方米提高到4.5平方米以上、生均体育运动场馆面积由6.00平方米提高到7.5平方米以上"
        in task.text
    )


def test_a_guarantee_item_does_not_repeat_the_stage_in_the_school_name():
    from planner.drafting.draft import _guarantee_item

    assert _guarantee_item("城关第一小学", "小学平均班额") == "平均班额"
    assert _guarantee_item("河西初级中学", "初中平均班额") == "平均班额"
    assert _guarantee_item("城关九年一贯制学校", "小学平均班额") == "小学平均班额"


def test_a_four_year_plan_is_titled_four_years_with_default_year_names(town):
    frame, ev = town
    settings = PlanSettings(region="城关镇", start_year=2026, years=4)
    assert settings.year_names == ("建设推进年", "巩固提升年", "巩固提升年", "完善迎评年")
    plan = draft_plan(ev, settings, schools_frame=frame)
    assert plan.title == "城关镇推进义务教育优质均衡发展四年行动实施方案（2026—2029年）"
    titles = [s.title for s in plan.sections if s.key.startswith("steps.")]
    assert titles == [
        "建设推进年（2026年）",
        "巩固提升年（2027年）",
        "巩固提升年（2028年）",
        "完善迎评年（2029年）",
    ]


def test_changing_the_number_of_years_renames_the_years(town, town_plan):
    frame, ev = town
    plan = change_settings(town_plan, ev, schools_frame=frame, years=5)
    assert "五年行动" in plan.title and len(plan.settings.year_names) == 5


def test_every_item_of_the_other_parts_is_a_task_quoting_the_standard(town_plan):
    # 教督〔2017〕6号: 15 政府保障程度 items (and the 一票否决 ones as one task), 9 教育质量, 1 社会认可度
    government = town_plan.section("tasks.government").tasks
    assert len(government) == 16 and government[-1].lead == "守住“一票否决”底线。"
    assert len(town_plan.section("tasks.quality").tasks) == 9
    assert len(town_plan.section("tasks.recognition").tasks) == 1
    size = next(t for t in government if t.lead == "学校规模。")
    assert (
        "（教督〔2017〕6号政府保障程度第4项）" in size.text
        and "item.school_size.requirement" in size.fact_keys
    )
    assert size.units == "镇人民政府、镇中心学校"
    # an item the office has not entered is marked, never assumed — once, in the 评估项目对照表; the
    # body gives the requirement and the measure, and says where the placeholders are
    hours = next(t for t in government if t.lead == "教师培训学时。")
    assert "待填报" not in hours.text and "完成率达到要求" in hours.text
    items = next(t for t in town_plan.annexes if t.key == "items")
    row = next(r for r in items.rows if r[1].startswith("教师培训学时"))
    assert row[2] == "〔待填报：教师5年360学时培训完成率〕"
    note = town_plan.section("tasks.government").paragraphs[0].text
    assert "现状由责任单位核实后填入评估项目对照表" in note


def test_an_entered_value_says_where_the_county_stands(town):
    frame, ev = town
    values = {"training_hours": 96.0, "recognition": 91.0}
    plan = draft_plan(
        ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame, assessed=values
    )
    hours = next(t for t in plan.section("tasks.government").tasks if t.lead == "教师培训学时。")
    assert "现状：教师5年360学时培训完成率96%，未达到要求。" in hours.text
    (recognition,) = plan.section("tasks.recognition").tasks
    assert "现状：社会认可度调查结果91%，已达到要求。" in recognition.text


def test_a_composite_cv_the_schedule_cannot_reach_is_explained_in_the_calculation_notes():
    from metrics import evaluate, load_standard
    from tests.metrics.schools import frame, primary

    # 甲 (100 students) far above 乙 (1000): lifting 乙 to the mean leaves the spread of 甲 above it
    rows = frame(
        primary(
            "甲",
            100,
            teaching_rooms_area=3000.0,
            sports_field_area=6000.0,
            equipment_value=100.0,
            books=30000,
            computers=100,
            teachers=30,
        ),
        primary(
            "乙",
            1000,
            teaching_rooms_area=2000.0,
            sports_field_area=3000.0,
            equipment_value=50.0,
            books=10000,
            computers=20,
        ),
    )
    ev = evaluate(rows, load_standard("basic_2012"))
    plan = draft_plan(
        ev, PlanSettings(region="生成区", level="district", start_year=2026), schools_frame=rows
    )
    assert not plan.complete
    end = plan.facts["year.2028.cv.primary.composite"].display
    # the goal says what the plan reaches, not the standard it cannot
    overall = plan.section("goals.overall").paragraphs[0].text
    assert overall.startswith(f"按本方案安排，到2028年底全区小学综合差异系数{end}（上限0.65）")
    (note,) = plan.section("goals.notes").paragraphs
    assert note.text.startswith(f"按本方案安排测算，到2028年底小学综合差异系数为{end}，仍高于0.65。")


def test_a_cv_just_under_its_limit_is_flagged_as_without_a_margin():
    from metrics import evaluate, load_standard
    from tests.metrics.schools import frame, primary

    # equal enrolments, 5960 and 2040 元 a student (both above 2000): CV = 3920 / 8000 = 0.49,
    # under 0.5 but within the 0.02 margin
    rows = frame(primary("甲小学", 500, equipment_value=298.0), primary("乙小学", 500, equipment_value=102.0))
    plan = draft_plan(
        evaluate(rows, load_standard("quality_2017")),
        PlanSettings(region="城关镇", start_year=2026, rules=PlanningRules(design_margin=0)),
        schools_frame=rows,
    )
    (note,) = plan.section("goals.notes").paragraphs
    start = "按本方案安排测算，到2028年底小学生均教学仪器设备值差异系数为0.490，虽未超过0.5"
    assert note.text.startswith(start)
    assert "低于上限不足0.02的安全余量" in note.text


def test_a_private_schools_equipment_paragraph_costs_its_equipment_once():
    from metrics import evaluate, load_standard
    from tests.metrics.schools import frame, primary

    # 民办 乙: 500 pupils, 60 万元 of equipment (1200 元) and 8 rooms (1.6 per 100, 70 % of 2.3); at the
    # exact roll it needs 2000 × 500 − 60 万 = 40 万元 of equipment and ceil(11.5) − 8 = 4 rooms ×
    # 5 万元 = 20: 60 万元 in all (the equipment's 40 counted once, not again as the group's total)
    rows = frame(
        primary("甲小学", 500),
        primary("乙小学", 500, ownership="民办", equipment_value=60.0, multimedia_rooms=8.0),
    )
    plan = draft_plan(
        evaluate(rows, load_standard("quality_2017")),
        PlanSettings(region="城关镇", start_year=2026, rules=PlanningRules(design_margin=0)),
        schools_frame=rows,
    )
    (task,) = [t for t in plan.section("tasks.equipment").tasks if "乙小学" in t.lead]
    assert "新增教学仪器设备40.00万元" in task.text and "建设网络多媒体教室4间" in task.text
    assert "估算60.00万元" in task.text
