"""A plan laid out as a county office writes it: 主要任务 gives the measures, the totals and the largest
projects, the school-by-school list is the 年度实施项目表's alone; the 〔待填报〕 placeholders are in one
annex; a first year without work is not a 建设推进年; the 责任分工表 deadlines are the schedule's; no
empty annex; the 风雨操场 fallback is costed; a 基本均衡 plan speaks 教督〔2012〕3号's terms. Each with the
checker catching the plan that breaks it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from metrics import evaluate, load_standard
from planner import PlanSettings, draft_plan
from planner.check import check_plan
from planner.check.checker import check_doc
from planner.check.document import from_plan
from tests.metrics.schools import frame, primary
from tests.planner.frames import junior

_NAMES = ("东街小学", "西街小学", "南街小学", "北街小学", "中街小学", "前街小学", "后街小学", "新街小学")


def _county(standard: str = "quality_2017", **kw):
    # eight 小学 of 400 … 1100 pupils, each 1 ㎡ a pupil short of the 7.5 ㎡ sports ground (6.5 ㎡ each)
    rows = frame(
        *(
            primary(n, 400 + 100 * i, sports_field_area=(400 + 100 * i) * 6.5, **kw)
            for i, n in enumerate(_NAMES)
        )
    )
    ev = evaluate(rows, load_standard(standard))
    return draft_plan(ev, PlanSettings(region="青河县", start_year=2026), schools_frame=rows)


@pytest.fixture(scope="module")
def county():
    return _county()


def _task_text(plan, key):
    return "".join((p.lead or "") + p.text for p in plan.section(key).paragraphs)


def test_a_county_body_names_the_largest_projects_and_the_annex_lists_every_school(county):
    text = _task_text(county, "tasks.building")
    # the work is in proportion to the roll: 新街 (1100), 后街 (1000), 前街 (900) are the largest
    assert "重点项目。" in text and "投资较大的是新街小学" in text
    assert "后街小学" in text and "前街小学" in text
    assert "东街小学" not in text and "学校达标项目。" not in text
    assert "本组项目涉及8所学校" in text
    projects = next(t for t in county.annexes if t.key == "projects")
    assert {r[1] for r in projects.rows if r[0].isdigit()} == set(_NAMES)
    assert check_plan(county) == []


def test_a_body_listing_every_schools_projects_beside_the_annex_is_caught(county):
    doc = from_plan(county)
    i = next(n for n, p in enumerate(doc.paragraphs) if p.section == "改善校舍和运动场地条件")
    listing = "；".join(f"{n}：扩建运动场地" for n in _NAMES)
    doc.paragraphs[i] = replace(doc.paragraphs[i], text=listing + "。")
    assert any(p.startswith("篇幅：“改善校舍和运动场地条件”逐校列出8所学校") for p in check_doc(doc))


def test_the_items_placeholders_are_in_the_annex_once_not_in_the_body(county):
    body = "".join(p.text for s in county.sections if s.key.startswith("tasks.") for p in s.paragraphs)
    items = next(t for t in county.annexes if t.key == "items")
    assert "〔待填报" not in body
    assert any("〔待填报：教师5年360学时培训完成率〕" in r[2] for r in items.rows)


def test_the_duty_deadlines_are_when_the_schedule_finishes_the_work(county):
    duties = next(t for t in county.annexes if t.key == "duties")
    rows = {r[1]: r[3] for r in duties.rows}
    # 新街: 7.5 ㎡ × 1155 pupils (5 % margin) − 7150 ㎡ = 1512.5 → 1600 ㎡, over 20 % of its ground, so
    # land is approved in 2026 and the ground built by August 2027; the items are due before the 自评
    assert rows["改善校舍和运动场地条件"] == "2027年8月底前"
    assert rows["强化政府保障责任"] == "2028年县级自评前"

    doc = from_plan(county)
    table = next(t for t in doc.tables if "完成时限" in t.headers)
    table.rows[0][3] = "2025年底前"
    problems = check_doc(doc)
    assert any(
        p.startswith("完成时限：责任分工表中“改善校舍和运动场地条件”的完成时限为2025年底前") for p in problems
    )


def test_a_plan_with_nothing_to_do_has_no_empty_annex_and_no_construction_year():
    # every school meets every threshold: no work, so no 年度实施项目表 or 资金测算表
    plan = _passing()
    keys = [t.key for t in plan.annexes]
    assert "projects" not in keys and "funds" not in keys
    # nothing to build: 自评 and 申报 in the first year, then 巩固提升 (review P4-01)
    assert plan.section("steps.2026").title == "自评申报年（2026年）"
    assert check_plan(plan) == []


def _roomy(name: str) -> dict:
    """A 小学 of 600 pupils with the resources of 700: every value 7/6 of its threshold, over the 5 %
    design margin, so no work at all."""
    return {**primary(name, 700), "primary_students": 600, "primary_classes": 14}


def _passing():
    rows = frame(*(_roomy(n) for n in _NAMES[:3]))
    ev = evaluate(rows, load_standard("quality_2017"))
    return draft_plan(ev, PlanSettings(region="青河县", start_year=2026), schools_frame=rows)


def test_an_idle_construction_year_and_an_empty_annex_are_caught():
    plan = _passing()
    doc = from_plan(plan)
    i = next(n for n, p in enumerate(doc.paragraphs) if "年为“巩固提升年”" in p.text)
    idle = "2027年为“建设推进年”。本年度无须新开工建设项目，重点健全工作机制。"
    doc.paragraphs[i] = replace(doc.paragraphs[i], text=idle)
    for r in doc.tables[0].rows:
        r[1:] = ["—"] * (len(r) - 1)
    problems = check_doc(doc)
    assert any(p.startswith("年度名称：") for p in problems)
    assert any(p.startswith(f"空附件：附件“{doc.tables[0].title}”没有内容") for p in problems)


def test_the_gym_fallback_for_land_is_costed():
    # 400 pupils with 1000 ㎡ of ground against 7.5 ㎡ a pupil: the field grows by far more than 20 %
    rows = frame(primary("东街小学", 400, sports_field_area=1000.0), primary("西街小学", 400))
    plan = draft_plan(
        evaluate(rows, load_standard("quality_2017")),
        PlanSettings(region="青河县", start_year=2026),
        schools_frame=rows,
    )
    land = next(p.text for p in plan.section("tasks.building").paragraphs if "风雨操场" in p.text)
    project = next(
        r for t in plan.annexes if t.key == "projects" for r in t.rows if r[2] == "新增用地扩建运动场地"
    )
    area = float(project[3].removesuffix("㎡"))
    # a gym of the field's area at 3000 元/㎡: area × 0.3 万元
    assert f"按3000元/平方米测算共需{area * 0.3:.2f}万元" in land


def test_a_basic_plan_cites_the_2012_content_not_2017_parts_and_the_checker_catches_them():
    plan = _county("basic_2012")
    text = "".join(p.text for s in plan.sections for p in s.paragraphs)
    assert "（教督〔2012〕3号评估内容）" in text and "政府保障程度第" not in text
    assert any(t.title == "县级人民政府推进工作和公众满意度评估项目对照表" for t in plan.annexes)
    assert check_plan(plan) == []

    doc = from_plan(plan)
    i = next(n for n, p in enumerate(doc.paragraphs) if "（教督〔2012〕3号评估内容）" in p.text)
    old = doc.paragraphs[i].text
    doc.paragraphs[i] = replace(
        doc.paragraphs[i],
        text=old.replace("教督〔2012〕3号评估内容", "教督〔2012〕3号政府保障程度第1项")
        + "力争通过评估认定。",
    )
    problems = check_doc(doc)
    assert any("教督〔2012〕3号没有“政府保障程度”部分" in p for p in problems)
    assert any("基本均衡督导评估认定已于2022年全部完成" in p for p in problems)


def test_a_basic_plans_gap_is_the_distance_to_the_mean_with_the_digits_of_a_teacher_ratio():
    # 东街 has 0.03 中级职称 teachers a pupil against 0.05 elsewhere: the mean and the gap show 4 decimals
    rows = frame(
        primary("东街小学", 1000, teachers_mid_title=30.0),
        primary("西街小学", 1000, teachers_mid_title=50.0),
        primary("南街小学", 1000, teachers_mid_title=50.0),
    )
    plan = draft_plan(
        evaluate(rows, load_standard("basic_2012")),
        PlanSettings(region="青河县", start_year=2026),
        schools_frame=rows,
    )
    gaps = next(t for t in plan.annexes if t.key == "gaps")
    row = next(r for r in gaps.rows if r[1] == "东街小学" and r[3] == "中级职称教师")
    # mean (30 + 50 + 50) / 3000 = 0.0433; 东街 0.0300, 0.0133 below it
    assert row[4:7] == ["0.0300人/生", "0.0433人/生", "0.0133人/生"]
    schools = next(t for t in plan.annexes if t.key == "schools")
    first = next(r for r in schools.rows if r[1] == "东街小学")
    assert first[5] == "中级职称教师" and first[7] == "待逐校核实"


def _with_private():
    # 育才小学 (民办) is 1 ㎡ a pupil short of ground like the others: its 举办者 pays for it
    rows = frame(
        *(primary(n, 600, sports_field_area=600 * 6.5) for n in _NAMES[:2]),
        primary("育才小学", 600, sports_field_area=600 * 6.5, ownership="民办"),
    )
    ev = evaluate(rows, load_standard("quality_2017"))
    return draft_plan(ev, PlanSettings(region="青河县", start_year=2026), schools_frame=rows)


def test_a_private_schools_result_is_conditional_on_its_owner_and_the_scope_is_stated():
    plan = _with_private()
    goal = plan.section("goals.overall").paragraphs[0].text
    assert "参评学校中的育才小学为民办学校，其达标以举办者按本方案投入" in goal
    situation = plan.section("preamble").paragraphs[-1].text
    assert "民办学校育才小学纳入评估和校际差异系数计算。" in situation
    assert check_plan(plan) == []

    doc = from_plan(plan)
    i = next(n for n, p in enumerate(doc.paragraphs) if p.section == "总体目标")
    doc.paragraphs[i] = replace(doc.paragraphs[i], text=goal.split("参评学校中的育才小学")[0])
    assert any(p.startswith("民办学校：总体目标把育才小学计入参评学校的达标结果") for p in check_doc(doc))


def test_named_transfers_without_their_term_and_statistics_are_caught(county):
    doc = from_plan(county)
    i = next(n for n, p in enumerate(doc.paragraphs) if p.section == "优化教师队伍配置")
    doc.paragraphs[i] = replace(
        doc.paragraphs[i], text="东街小学交流1人（1人到西街小学），预计差异系数降至0.45。"
    )
    table = doc.table("派出学校", "接收学校")
    doc.tables[doc.tables.index(table)] = replace(table, note="注：交流人员人事关系按规定管理。")
    doc.paragraphs = [p for p in doc.paragraphs if "计入接收学校的教育事业统计" not in p.text]
    assert any(p.startswith("交流轮岗：附件列出按校交流的教师") for p in check_doc(doc))
    # the drafted note says it: a 学年 at least, counted at the receiving school
    note = next(t for t in county.annexes if t.key == "exchange").note
    assert "交流期限不少于一个学年" in note and "计入接收学校的教育事业统计" in note


def test_a_county_without_a_street_names_no_street_office_and_the_checker_catches_one(county):
    text = "".join(p.units + p.text for s in county.sections for p in s.paragraphs)
    assert "各乡镇人民政府" in text and "街道" not in text
    doc = from_plan(county)
    doc.paragraphs[3] = replace(
        doc.paragraphs[3], text=doc.paragraphs[3].text + "各乡镇人民政府（街道办事处）负责。"
    )
    assert any(p.startswith("层级用语：学校所在乡镇中没有街道") for p in check_doc(doc))


def test_a_budget_cap_says_the_salaries_are_outside_it():
    rows = frame(*(primary(n, 600, sports_field_area=600 * 6.5, pe_art_teachers=3.0) for n in _NAMES[:3]))
    ev = evaluate(rows, load_standard("quality_2017"))
    plan = draft_plan(
        ev, PlanSettings(region="青河县", start_year=2026, yearly_budget_wan=30.0), schools_frame=rows
    )
    funds = "".join(p.text for p in plan.section("safeguards.funds").paragraphs)
    assert "建设资金按每年30.00万元控制" in funds
    assert "人员经费和培养培训经费不在建设资金控制额度内" in funds


def test_a_town_plan_says_its_cvs_are_the_countys():
    rows = frame(*(primary(n, 600, sports_field_area=600 * 6.5) for n in _NAMES[:3]))
    ev = evaluate(rows, load_standard("quality_2017"))
    plan = draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=rows)
    situation = plan.section("preamble").paragraphs[-1].text
    assert "按本镇学校测算" in situation and "以县教育局对全部参评学校的测算为准" in situation
    assert check_plan(plan) == []


def test_the_small_school_funding_item_names_the_schools_under_a_hundred_pupils():
    rows = frame(primary("东街小学", 600), primary("西街小学", 600), primary("岭上小学", 80))
    ev = evaluate(rows, load_standard("quality_2017"))
    plan = draft_plan(ev, PlanSettings(region="青河县", start_year=2026), schools_frame=rows)
    task = next(t for t in plan.section("tasks.government").tasks if t.lead == "小规模学校公用经费。")
    assert "本项适用的学校有岭上小学，须逐校核实公用经费核定情况。" in task.text


def test_a_single_schools_stage_has_no_cv_and_the_private_deadline_is_its_last_project():
    # one 初中 beside the 小学: its "CV" would be 0.000 of itself, so neither the goals nor 附件3 give one
    rows = frame(*(primary(n, 600, sports_field_area=600 * 6.5) for n in _NAMES[:2]), junior("镇中学", 700))
    plan = draft_plan(
        evaluate(rows, load_standard("quality_2017")),
        PlanSettings(region="城关镇", start_year=2026),
        schools_frame=rows,
    )
    goals = "".join(p.text for p in plan.section("goals.specific").paragraphs)
    assert "初中最高" not in goals and "小学最高" in goals
    cv = next(t for t in plan.annexes if t.key == "cv")
    assert {r[1] for r in cv.rows} == {"小学"} and "初中只有一所参评学校，不计算校际差异系数。" in cv.note
    private = _with_private()
    duties = {r[1]: r[3] for r in next(t for t in private.annexes if t.key == "duties").rows}
    projects = next(t for t in private.annexes if t.key == "projects")
    # 育才小学's ground: the last of its rows ends in August of the second year
    ends = [r[4].split("—")[-1] for r in projects.rows if r[1] == "育才小学"]
    assert duties["民办学校办学条件达标"] == "2027年8月底前" and "2027年8月" in ends


def test_a_basic_plans_last_year_monitors_and_prepares_no_obsolete_self_evaluation():
    plan = _county("basic_2012")
    last = plan.section("steps.2028")
    assert last.title == "总结提升年（2028年）"
    text = "".join(p.text for p in last.paragraphs)
    assert "完成基本均衡年度监测" in text and "完成县级自评" not in text
    duties = {r[1]: r[3] for r in next(t for t in plan.annexes if t.key == "duties").rows}
    assert duties["强化政府保障责任"] == "2028年底前"


def test_a_town_plan_marks_the_countys_items_as_the_countys():
    rows = frame(*(primary(n, 600) for n in _NAMES[:2]))
    ev = evaluate(rows, load_standard("quality_2017"))
    plan = draft_plan(
        ev, PlanSettings(region="南湖镇", start_year=2026, upper_region="临江区"), schools_frame=rows
    )
    tasks = {t.lead: t.text for t in plan.section("tasks.government").tasks}
    # 名额分配 is the 区教育局's (镇中心学校配合); 就近划片 is the town's own
    assert tasks["优质高中招生名额分配。"].startswith("本项由区统筹落实，本镇做好配合。")
    assert not tasks["就近划片入学。"].startswith("本项由")
