"""The other document kinds: drafted by the plan's core from facts, exported by the 公文 writer,
passing the plan checker's invariants; what is not recorded is marked, never invented."""

from __future__ import annotations

import math

import pytest

from metrics import evaluate, load_standard
from planner.check import check_file, check_plan
from planner.documents import AssessmentForm, DocumentInputs, MissingInputs, YearData, draft_document, kind_of
from planner.documents.templates import KINDS, load_kind
from planner.drafting.templates import TemplateError
from planner.export.docx import export_docx
from planner.export.docx_check import check_docx
from planner.settings import PlanSettings

SETTINGS = PlanSettings(region="城关镇", start_year=2026, data_year=2025)


def _text(doc, key: str | None = None) -> str:
    return "\n".join(p.text for s in doc.sections if key is None or s.key == key for p in s.paragraphs)


def _self_report(town, form: AssessmentForm | None = None, plan=None):
    frame, ev = town
    inputs = DocumentInputs(YearData(2025, ev, frame), plan=plan, form=form or AssessmentForm())
    return draft_document("self_report", inputs, SETTINGS)


# ---- the frame ---------------------------------------------------------------------------------


def test_every_kind_is_a_template_directory():
    for kind in KINDS:
        assert load_kind(kind).kind == kind


def test_an_unknown_kind_is_refused_in_chinese():
    with pytest.raises(TemplateError, match="没有“budget”这种文稿"):
        load_kind("budget")


def test_the_chat_names_a_kind_by_its_words():
    assert kind_of("生成自评报告") == "self_report"
    assert kind_of("把工作总结的第二部分重写") == "work_summary"
    assert kind_of("起草迎评工作方案") == "inspection_plan"
    assert kind_of("今年的班额怎么样") is None


# ---- 自评报告 ------------------------------------------------------------------------------------


def nine_year(name: str, primary_students: int, junior_students: int, **kw) -> dict:
    """A 九年一贯制学校 meeting every quality_2017 threshold in both parts, unless overridden.

    Facilities are split by student equivalents (小学 1 : 初中 1.1); 5.8 ㎡ · 1.2 per equivalent gives
    each part more than its 4.5 / 5.8 ㎡. Teachers: totals for both parts, 初中部 in the junior_ columns.
    """
    p, j = primary_students, junior_students
    eq = (p + 1.1 * j) * 1.2
    base = {
        "name": name,
        "school_type": "九年一贯制学校",
        "primary_students": p,
        "junior_students": j,
        "primary_classes": max(1, p // 45),
        "junior_classes": max(1, j // 50),
        "teachers": (p + j) * 0.08,
        "teachers_above_degree": (p + j) * 0.06,
        "teachers_mid_title": (p + j) * 0.04,
        "backbone_teachers": (p + j) * 0.011,
        "pe_art_teachers": (p + j) * 0.01,
        "junior_teachers": j * 0.08,
        "junior_teachers_above_degree": j * 0.06,
        "junior_teachers_mid_title": j * 0.04,
        "junior_backbone_teachers": j * 0.011,
        "junior_pe_art_teachers": j * 0.01,
        "teaching_rooms_area": 5.8 * eq,
        "gym_area": 0.0,
        "sports_field_area": 10.2 * eq,
        "equipment_value": 2500 * eq / 10000,
        "computers": eq * 0.15,
        "books": eq * 40,
        "multimedia_rooms": 0.024 * eq,
    }
    base.update(kw)
    return base


@pytest.fixture(scope="module")
def county():
    """示例县: the town's five schools and a 民办 九年一贯制 school (育英学校, 400 + 300 students) whose
    骨干教师 are short in both parts: 2 in 小学部 (1·400/100 = 4 needed) and 1 in 初中部 (3 needed)."""
    from tests.metrics.schools import frame as schools
    from tests.planner.frames import town_frame

    rows = schools(
        *town_frame().drop(columns="row").to_dict("records"),
        nine_year(
            "育英学校", 400, 300, ownership="民办", backbone_teachers=3.0, junior_backbone_teachers=1.0
        ),
    )
    return rows, evaluate(rows, load_standard("quality_2017"))


COUNTY = PlanSettings(region="示例县", start_year=2026, data_year=2025)


def _county_report(county, form: AssessmentForm | None = None):
    frame, ev = county
    inputs = DocumentInputs(YearData(2025, ev, frame), form=form or AssessmentForm())
    return draft_document("self_report", inputs, COUNTY)


def test_self_report_follows_the_structure_counties_submit(town):
    doc = _self_report(town)
    parts = [s.title for s in doc.sections if s.level == 1]
    assert parts == ["基本情况", "自评情况", "主要做法和成效", "存在问题和整改措施"]
    assessed = [s.title for s in doc.sections if s.key.startswith("indicators.")]
    assert assessed == ["资源配置", "政府保障程度", "教育质量", "社会认可度", "一票否决情形"]
    assert [s.title for s in doc.sections if s.key.startswith("basic.")] == ["镇情", "义务教育学校基本情况"]
    assert doc.title == "城关镇义务教育优质均衡发展自评报告"
    # the rows hold 学校规模 (students) but no classes or rooms: the checks table has that column pair
    assert [t.title for t in doc.annexes] == [
        "学校资源配置指标达成情况表",
        "学校规模、班额和专用教室核查表",
        "校际差异系数表",
    ]
    assert doc.annexes[1].headers == ["序号", "学校", "在校生（人）", "规模上限（人）", "结论"]
    kinds = [p.kind for s in doc.sections for p in s.paragraphs]
    assert kinds[0] == "addressee" and kinds[-2:] == ["signature", "colophon"]  # 主送 … 落款, 版记
    assert doc.annexes[0].landscape  # 13 columns: a turned page


def test_the_addressee_and_colophon_come_from_the_form_or_are_marked(town):
    blank = _self_report(town)
    assert blank.sections[0].paragraphs[0].text == "〔待填报：主送机关〕："
    assert _text(blank, "colophon") == "城关镇党政办公室\t年　月　日印发"
    form = AssessmentForm(addressee="南州县人民政府教育督导室", copy_to="县教育局")
    filled = _self_report(town, form)
    assert filled.sections[0].paragraphs[0].text == "南州县人民政府教育督导室："
    assert _text(filled, "colophon").splitlines()[0] == "抄送：县教育局。"


def test_self_report_states_each_indicator_with_its_schools_and_cv(town):
    text = _text(_self_report(town), "indicators.resources")
    # 中心小学: 1800 ㎡ / 500 students = 3.6 < 4.5; the other two 小学 meet it
    assert "生均教学及辅助用房面积：标准为4.5平方米" in text
    assert "2所学校达到标准，城关镇中心小学（3.60平方米）未达到" in text
    # 6项+85%: 中心小学 fails (space 3.6/4.5 = 80 %), 第二中学 fails (field 7.5/10.2)
    assert "小学2所学校达标，1所学校未达标：城关镇中心小学（高学历教师3.20人，为标准的76.19%" in text
    assert "教学及辅助用房3.60平方米，为标准的80.00%" in text
    assert "初中7项指标校际差异系数" in text


def test_the_school_structure_counts_each_school_once(county):
    text = _text(_county_report(county), "basic.schools")
    # 3 小学 + 2 初级中学 + 1 九年一贯制 = 6 schools; 育英学校 is counted in both stages' 参评 figures
    assert "全县共有义务教育学校6所，其中小学3所、初级中学2所、九年一贯制学校1所" in text
    assert "公办5所、民办1所（育英学校）" in text
    assert "纳入资源配置评估的学校6所，按学段计小学4所、初中3所（育英学校按小学部、初中部分别参评" in text


def test_a_complete_secondary_school_is_not_said_to_have_a_primary_part(county):
    from tests.metrics.schools import frame as schools
    from tests.planner.frames import junior

    frame, _ = county
    rows = schools(
        *frame.drop(columns="row").to_dict("records"),
        {**junior("第一中学", 900), "school_type": "完全中学", "senior_students": 800},
    )
    inputs = DocumentInputs(YearData(2025, evaluate(rows, load_standard("quality_2017")), rows))
    text = _text(draft_document("self_report", inputs, COUNTY), "basic.schools")
    # assessed in its 初中 only: one more 初中, and only 育英学校 has two parts
    assert "按学段计小学4所、初中4所（育英学校按小学部、初中部分别参评" in text


def test_every_item_of_the_standard_is_assessed_in_its_order(town):
    doc = _self_report(town)
    guarantee = [p for p in doc.section("indicators.guarantee").paragraphs if p.kind == "task"]
    quality = [p for p in doc.section("indicators.quality").paragraphs if p.kind == "task"]
    assert len(guarantee) == 15 and len(quality) == 9
    assert guarantee[0].lead == "学校规划布局。" and guarantee[14].lead == "留守儿童关爱与随迁子女就学。"
    assert quality[8].lead == "义务教育质量监测。"
    assert all(
        p.text.endswith(("自评：待核实。", "自评：达到要求。", "自评：未达到要求。")) for p in guarantee
    )


def test_class_size_is_judged_on_the_largest_class_not_the_average():
    from tests.metrics.schools import frame as schools
    from tests.metrics.schools import primary

    # 南街小学: 450 students in 10 classes (average 45) but its largest class has 52
    rows = schools(
        primary("南街小学", 450, primary_classes=10.0, max_class_size=52.0),
        primary("北街小学", 300, primary_classes=7.0),  # 42.9 a class: within 45
    )
    ev = evaluate(rows, load_standard("quality_2017"))
    doc = draft_document("self_report", DocumentInputs(YearData(2025, ev, rows)), SETTINGS)
    item = next(p for p in doc.section("indicators.guarantee").paragraphs if p.lead == "班额。")
    assert "南街小学（最大班额52人，标准不超过45人）不符合" in item.text
    assert item.text.endswith("自评：未达到要求。")


def test_an_item_without_its_data_is_a_field_to_fill_not_silence(town):
    doc = _self_report(town)
    special = next(
        p for p in doc.section("indicators.guarantee").paragraphs if p.lead == "音乐、美术专用教室。"
    )
    # the town's rows hold no 音乐/美术 rooms: the item says so and asks for the result
    assert "〔待填报：音乐、美术专用教室逐校核查结果〕" in special.text
    assert "〔待填报：特殊教育学校生均公用经费〕，由镇财政所、镇中心学校核实" in _text(
        doc, "indicators.guarantee"
    )


def test_items_not_entered_are_marked_not_invented(town):
    doc = _self_report(town)
    text = _text(doc)
    assert "〔待填报：社会认可度调查结果〕" in text
    assert "〔待填报：初中三年巩固率〕" in text
    assert "〔待填报：主要做法和成效〕" in text
    assert doc.complete is False
    assert "尚不具备申请上级督导评估的条件" in text
    pending = _text(doc, next(s.key for s in doc.sections if s.title == "待核实项目"))
    # 班额 (item 5): every average is within the limit (城关镇中心小学 500 in 12 classes, 41.7) and the
    # rows hold no 最大班额, so whether every class is within 45/50 is for the office to enter
    assert (
        "政府保障程度第1、2、3、5、6、7、8、9、10、11、12、13、14、15项；教育质量全部9项；社会认可度"
        in pending
    )


def test_entered_items_are_judged_against_their_threshold(town):
    form = AssessmentForm(values={"recognition": 90, "retention_rate": 93.5}, practices=["一是强化统筹。"])
    doc = _self_report(town, form)
    text = _text(doc)
    assert "社会认可度调查结果为90%（要求不低于85%）。自评：达到要求。" in text
    assert "初中三年巩固率为93.5%（要求不低于95%）。自评：未达到要求。" in text
    assert "初中三年巩固率为93.5%，未达到不低于95%的要求。" in _text(doc)
    assert "〔待填报：社会认可度调查结果〕" not in text
    practices = doc.section("practices").paragraphs
    assert practices[0].text == "一是强化统筹。" and practices[0].origin == "user"
    assert check_plan(doc) == []
    assert doc.facts["form.recognition"].value == 90


def test_the_veto_declaration_follows_what_was_entered(town):
    keys = ["no_exam_admission", "no_school_choice", "no_key_schools", "no_unfilled_posts"]
    clear = _text(_self_report(town, AssessmentForm(values=dict.fromkeys(keys, 1))), "indicators.veto")
    assert clear.startswith(
        "经自查，全镇不存在以考试或变相考试方式招生、违规择校、设置重点学校或重点班、有编不补或长期聘用编外教师的情形"
    )
    found = _self_report(town, AssessmentForm(values={**dict.fromkeys(keys, 1), "no_key_schools": 0}))
    assert "全镇存在设置重点学校或重点班的情形，属一票否决事项" in _text(found, "indicators.veto")
    assert "存在一票否决情形（重点校、重点班）" in _text(found, "preamble")


def test_self_report_problems_quote_what_each_school_must_add_and_when(town):
    doc = _self_report(town, plan=_stored_plan(town))
    text = _text(doc, "problems.1")
    # 中心小学 needs 4.5·500 − 1800 = 450 ㎡ and 4.2·500/100 − 16 = 5 teachers
    assert "城关镇中心小学未达到学校达标要求。" in text
    assert "需增加450.0平方米" in text and "需增加5人" in text
    # the measures are the plan's projects, sized for the roll plus the 5 % design margin (525
    # students): 4.5·525 − 1800 = 562.5 ㎡, built as whole 600 ㎡ (a building started in 2026 is
    # handed over in August 2027); 4.2·525/100 = 22.05 → 23 − 16 = 7 teachers for the 2026 autumn term
    assert "新建教学及辅助用房600.0平方米，2027年8月底前完成" in text
    assert "招聘高于规定学历的专任教师7人，2026年8月底前完成" in text
    # 第二中学's field: 10.2·420 − 3000 = 1284 → 1300 ㎡, more than its campus holds: land is bought first
    assert "新征用地扩建运动场地1300.0平方米，2027年8月底前完成" in text
    assert "年底前补齐上述差距" not in text  # no one deadline stamped on every school


def test_a_combined_private_school_appears_once_with_its_parts_and_its_founder_pays(county):
    doc = _county_report(county)
    tasks = [p for p in doc.section("problems.1").paragraphs if "育英学校" in p.text]
    assert len(tasks) == 1
    task = tasks[0]
    # 小学部 400 students: 4 骨干 needed, 3 − 1 (初中部) = 2 in 小学部 → 2 short; 初中部 3 needed, 1 → 2 short
    assert task.text.startswith("育英学校（民办）未达到学校达标要求。小学部：骨干教师0.50人")
    assert "初中部：骨干教师0.33人" in task.text
    assert "由学校举办者依法履行投入责任" in task.text and "不使用财政资金" in task.text
    assert task.units == "学校举办者（县教育局督促）"
    assert "财政" not in task.units
    names = [r[1] for r in doc.annexes[0].rows]
    assert "育英学校（小学部）（民办）" in names and "育英学校（初中部）（民办）" in names
    assert check_plan(doc) == []


def test_self_report_every_figure_is_traced_and_the_docx_passes(county, tmp_path):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    doc = _county_report(county)
    assert check_plan(doc) == []
    path = export_docx(doc, tmp_path / "自评报告.docx")
    assert check_docx(path) == []
    assert check_file(path) == []
    orientations = [s.orientation for s in Document(str(path)).sections]
    # the body portrait, 附件1 (13 columns) landscape, 附件2 portrait again
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]


def test_the_document_uses_the_data_year_it_is_given(town):
    frame, ev = town
    settings = PlanSettings(region="城关镇", start_year=2026, data_year=2019)  # a stale setting
    doc = draft_document("self_report", DocumentInputs(YearData(2025, ev, frame)), settings)
    assert "以2025年度教育事业统计数据为基础" in _text(doc, "preamble")
    assert "2019" not in _text(doc)


def test_form_round_trips_through_workspace_settings():
    from datetime import date

    form = AssessmentForm(
        values={"recognition": 88.0}, recognition_year=2019, inspection_date=date(2026, 10, 15)
    )
    kept = form.to_settings({"other": 1})
    assert kept["other"] == 1
    assert AssessmentForm.from_settings(kept) == form  # through JSON, as the workspace stores it
    assert kept["assessment_form"]["inspection_date"] == "2026-10-15"
    assert AssessmentForm.from_settings({}) == AssessmentForm()


def test_self_report_under_basic_standard_uses_composite_cvs(town):
    frame, _ = town
    ev = evaluate(frame, load_standard("basic_2012"))
    doc = draft_document("self_report", DocumentInputs(YearData(2025, ev, frame)), SETTINGS)
    text = _text(doc)
    assert "综合差异系数为" in text
    assert doc.title == "城关镇义务教育基本均衡发展自评报告"
    assert "均已达到" not in text  # no provincial 办学基本标准 loaded: schools are not said to meet it
    assert "各校是否达到省定标准须另行逐校核实" in text
    assert [s.title for s in doc.sections if s.key.startswith("indicators.")][:3] == [
        "资源配置",
        "政府推进工作",
        "公众满意度",
    ]
    assert check_plan(doc) == []


# ---- 工作总结 ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """The sample town as 2023, and as 2024 with 120 ㎡ more 教学及辅助用房 and 3 more teachers a school."""
    from metrics import load_schools
    from tests.yearly import town_year

    std = load_standard("quality_2017")
    out = []
    base = tmp_path_factory.mktemp("years")
    for year, extra in ((2023, 0.0), (2024, 120.0)):
        path = base / f"{year}.xlsx"
        path.write_bytes(town_year(year, extra_teachers=3 if extra else 0, extra_area=extra))
        frame = load_schools(path).frame
        out.append(YearData(year, evaluate(frame, std), frame))
    return out


def _summary(two_years, plan=None):
    prev, cur = two_years
    settings = PlanSettings(region="城关镇", start_year=2025, data_year=cur.year)
    return draft_document("work_summary", DocumentInputs(cur, prev, plan), settings)


def test_summary_without_a_second_year_says_what_it_needs(two_years):
    _, cur = two_years
    settings = PlanSettings(region="城关镇", start_year=2025, data_year=2024)
    with pytest.raises(MissingInputs, match="需要两个统计年度的学校数据：工作区目前只有2024年度的数据"):
        draft_document("work_summary", DocumentInputs(cur), settings)


def test_summary_states_each_change_before_and_after(two_years):
    doc = _summary(two_years)
    text = _text(doc, "changes")
    # 城关第一小学: (teaching rooms − gym) / 2310 students goes from 4.45 to (… + 120) / 2310 = 4.50
    assert "生均教学及辅助用房面积由5.23平方米增至5.34平方米" in text
    assert "达标学校由7所增至8所" in text
    assert "达到学校达标要求的学校由5所增至6所" in text  # 6 of 7 met, the rest at 85 % or more
    assert "2024年度新达到学校达标要求的学校1所：城关第一小学。" in text
    assert "小学以下指标与上年持平：" in text and "生均教学仪器设备值2590.32元（差异系数保持在0.081" in text
    assert doc.title == "城关镇2024年度推进义务教育优质均衡发展工作总结"
    assert doc.facts["trend.2023.primary.teaching_space_per_student.mean"].display == "5.23㎡"


def test_summary_every_figure_is_traced_and_the_docx_passes(two_years, tmp_path):
    doc = _summary(two_years)
    assert check_plan(doc) == []
    path = export_docx(doc, tmp_path / "工作总结.docx")
    assert check_docx(path) == [] and check_file(path) == []
    # without a plan the part is left out: the document says nothing about the software or its inputs
    assert [s.title for s in doc.sections if s.level == 1] == [
        "主要工作和成效",
        "主要指标变化情况",
        "存在的问题",
        "下一年度工作重点",
    ]
    assert "工作区" not in _text(doc) and "方案" not in _text(doc)


def test_summary_reports_teachers_moved_between_schools_and_traces_them():
    from tests.planner.frames import town_frame

    std = load_standard("quality_2017")
    before = town_frame().assign(year=2024)
    after = before.copy()
    after["year"] = 2025
    # 东街小学 hands 2 骨干 to 西村小学 (their 专任教师 move with them)
    for school, delta in (("东街小学", -2.0), ("西村小学", 2.0)):
        at = after["name"] == school
        after.loc[at, "backbone_teachers"] += delta
        after.loc[at, "teachers"] += delta
    inputs = DocumentInputs(
        YearData(2025, evaluate(after, std), after), YearData(2024, evaluate(before, std), before)
    )
    doc = draft_document("work_summary", inputs, PlanSettings(region="城关镇", start_year=2026))
    teachers = _text(doc, "work.2")
    assert "新增县级及以上骨干教师2人（西村小学2人）" in teachers
    assert "同时，专任教师减少2人（东街小学2人）；县级及以上骨干教师减少2人（东街小学2人）" in teachers
    # the rows show fewer teachers, not why: the office says it, no advice to the drafter is printed
    assert "原因为〔待填报：教师减少的原因（交流轮岗、调动、退休等）〕。" in teachers
    assert "相互印证" not in teachers
    assert check_plan(doc) == []  # every figure of both paragraphs is a fact of its own paragraph


def test_summary_reports_what_was_built_and_hired_school_by_school(two_years):
    doc = _summary(two_years)
    facilities = _text(doc, "work.1")
    # 12 schools (the 教学点 too) × 120 ㎡ = 1440 ㎡; five named, largest first (all equal: file order)
    assert facilities.startswith("与2023年度相比，新增教学及辅助用房1440.0平方米（")
    assert "等12所学校）" in facilities
    teachers = _text(doc, "work.2")
    assert teachers.startswith("与2023年度相比，新增专任教师36人（")  # 12 × 3
    assert "减少" not in teachers


@pytest.mark.parametrize(
    ("rooms", "said"),
    [
        # 2.4·420/100 = 10.08 → 11 − 6 = 5 rooms planned (the roll plus the 5 % design margin)
        (5, ("统计数据显示已完成1项：城关镇第二中学建设网络多媒体教室5间", "尚未完成1项：")),
        (2, ("部分完成1项：城关镇第二中学建设网络多媒体教室计划5间、实际增加2间", "尚未完成1项：")),
        (0, ("尚未完成2项：", "城关镇第二中学建设网络多媒体教室5间；")),
    ],
)
def test_summary_sets_the_plan_against_what_the_data_shows_was_added(rooms, said):
    from planner import draft_plan
    from tests.planner.frames import town_frame

    std = load_standard("quality_2017")
    before = town_frame().assign(year=2024)
    plan_settings = PlanSettings(region="城关镇", start_year=2025, data_year=2024)
    plan = draft_plan(evaluate(before, std), plan_settings, schools_frame=before)
    after = before.assign(year=2025)
    after.loc[after["name"] == "城关镇第二中学", "multimedia_rooms"] += rooms
    inputs = DocumentInputs(
        YearData(2025, evaluate(after, std), after), YearData(2024, evaluate(before, std), before), plan
    )
    doc = draft_document("work_summary", inputs, PlanSettings(region="城关镇", start_year=2026))
    text = _text(doc, "plan")
    # the plan has 4 projects (the three schools meeting every line today get no buffer work): due by
    # the 2025 statistics (handed over by August 2025) are 4 − 2 (中心小学's building and 第二中学's
    # field on new land, handed over in August 2026) = 2: 第二中学's 5 rooms (bought April to August
    # 2025) and 中心小学's 7 hires (in post for the autumn term), which did not show in the rows
    assert "截至2025年度应完成的项目2项" in text
    assert all(part in text for part in said)
    assert "城关镇中心小学招聘高于规定学历的专任教师7人" in text
    assert "秋季学期以后完成" not in text  # nothing is due between August and the year's end
    assert "另有2项按方案安排在以后年度实施" in text
    assert check_plan(doc) == []


def test_summary_sets_next_years_work_from_the_plan():
    from planner import draft_plan
    from tests.planner.frames import town_frame

    std = load_standard("quality_2017")
    before = town_frame().assign(year=2024)
    plan_settings = PlanSettings(region="城关镇", start_year=2025, data_year=2024)
    plan = draft_plan(evaluate(before, std), plan_settings, schools_frame=before)
    after = before.assign(year=2025)  # nothing was done in 2025
    inputs = DocumentInputs(
        YearData(2025, evaluate(after, std), after), YearData(2024, evaluate(before, std), before), plan
    )
    doc = draft_document("work_summary", inputs, PlanSettings(region="城关镇", start_year=2026))
    text = _text(doc, "next")
    # next year's work is this year's gap list: the two failing schools, each gap with the plan's
    # project for it (sized for the roll plus 5 %: 第二中学 2.4·420/100 = 10.08 → 11 − 6 = 5 rooms,
    # 10.2·420 − 3000 = 1284 → 1300 ㎡ of field; 中心小学 4.2·525/100 = 22.05 → 23 − 16 = 7 hires),
    # the 2025 work the rows do not show said so
    assert text.splitlines()[:2] == [
        "城关镇中心小学：新建教学及辅助用房600.0平方米，2026年8月底前完成；"
        "招聘高于规定学历的专任教师7人（实施方案安排2025年8月完成，统计数据显示尚未完成，须加快实施）。",
        "城关镇第二中学：新征用地扩建运动场地1300.0平方米，2026年8月底前完成；"
        "建设网络多媒体教室5间（实施方案安排2025年8月完成，统计数据显示尚未完成，须加快实施）。",
    ]
    # never the raw gap (2250 − 1800 = 450 ㎡) where the plan builds 4.5·525 − 1800 = 562.5 → 600 ㎡
    assert "450.0平方米" not in text
    # the plan makes no work for growth alone at schools meeting an indicator (no 第二中学 hires beyond
    # its gap), so nothing else is listed or counted
    assert "招聘高于规定学历的专任教师2人" not in text and "实施方案另安排" not in text
    assert check_plan(doc) == []


def test_summary_carries_work_due_after_the_statistics_with_what_the_rows_already_show():
    from planner import draft_plan
    from tests.planner.frames import town_frame

    std = load_standard("quality_2017")
    before = town_frame().assign(year=2024)
    # 1·200·1.05/100 = 2.1 → 3 wanted (the roll plus the 5 % design margin)
    before.loc[before["name"] == "西村小学", "backbone_teachers"] = 0.0
    plan_settings = PlanSettings(region="城关镇", start_year=2025, data_year=2024)
    plan = draft_plan(evaluate(before, std), plan_settings, schools_frame=before)
    after = before.assign(year=2025)
    after.loc[after["name"] == "西村小学", "backbone_teachers"] = 1.0  # one already 认定
    inputs = DocumentInputs(
        YearData(2025, evaluate(after, std), after), YearData(2024, evaluate(before, std), before), plan
    )
    doc = draft_document("work_summary", inputs, PlanSettings(region="城关镇", start_year=2026))
    # 骨干 are 认定 by December 2025, after the autumn statistics: not judged, carried to next year
    # (西村小学's, the only school short of 骨干 today)
    assert "另有1项按方案安排在2025年秋季学期以后完成，本年度统计数据尚不能反映" in _text(doc, "plan")
    # its deadline is past when the summary is issued: the office checks it, not "完成 by" a past month
    # (西村小学's line lists its 2025 margin work first; the 骨干 item closes it)
    village = next(line for line in _text(doc, "next").splitlines() if line.startswith("西村小学："))
    assert village.endswith(
        "培养认定县级及以上骨干教师3人（实施方案安排2025年12月底前完成，统计数据显示已增加1人，"
        "其余须核实落实情况）。"
    )
    assert check_plan(doc) == []


# ---- 迎评工作方案 --------------------------------------------------------------------------------


def _inspection(town, when=None, form=None, settings=SETTINGS, stored=True):
    from datetime import date

    frame, ev = town
    inputs = DocumentInputs(
        YearData(2025, ev, frame),
        plan=_stored_plan(town, settings) if stored else None,
        form=form or AssessmentForm(),
        inspection_date=when or date(2026, 10, 15),
    )
    return draft_document("inspection_plan", inputs, settings)


def _stored_plan(town, settings=SETTINGS):
    """The 实施方案 the workspace stores, drafted with the document's settings (the plan it quotes)."""
    from planner.drafting.draft import draft_plan

    frame, ev = town
    return draft_plan(ev, settings, schools_frame=frame)


def test_phases_are_counted_back_from_the_inspection_date(town):
    from datetime import date

    # 2028-10-15 is after the plan's work (August 2027) and its 自查 (July–September 2028)
    doc = _inspection(town, when=date(2028, 10, 15))
    phases = [s.title for s in doc.sections if s.key.startswith("phases.")]
    # 20 weeks before 2028-10-15 is 2028-05-28; 自查整改 ends the day before 8 weeks before (08-20)
    assert phases[0] == "动员部署阶段（2028年5月28日—2028年6月10日）"
    assert phases[1] == "自查整改阶段（2028年6月11日—2028年8月19日）"
    assert phases[2] == "社会认可度预调查阶段（2028年8月6日—2028年9月2日）"  # 10 to 6 weeks before
    assert phases[-1] == "接受评估阶段（2028年10月15日）"


def test_a_near_date_compresses_the_countdown_from_the_issue_date(town):
    from datetime import date

    near = PlanSettings(region="城关镇", start_year=2026, data_year=2025, issue_date=date(2028, 8, 6))
    # ten weeks: each phase at half (no stored plan: the countdown does not depend on one)
    doc = _inspection(town, when=date(2028, 10, 15), settings=near, stored=False)
    phases = [s.title for s in doc.sections if s.key.startswith("phases.")]
    assert phases[0] == "动员部署阶段（2028年8月6日—2028年8月12日）"  # 20→10 weeks, 18→9 weeks
    assert "距评估日期不足20周，各阶段按剩余时间相应压缩。" in _text(doc, "phases")


def test_a_date_the_plan_cannot_meet_is_said_plainly_with_the_date_it_can(town):
    doc = _inspection(town)
    goals = _text(doc, "goals")
    # the plan builds 中心小学's rooms and 第二中学's field from 2026, handed over in August 2027
    # work must be finished before the 资料完善 phase, 4 weeks before 2026-10-15: by 2026-09-16
    assert "按实施方案的安排，到2026年9月16日（资料完善和模拟评估开始前）仍有" in goals
    # (10.2·420 − 3000 = 1284 → 1300 ㎡: the roll plus the 5 % design margin, whole 100 ㎡)
    assert "城关镇第二中学新征用地扩建运动场地1300.0平方米（实施方案安排2027年8月完成）" in goals
    assert "2026年10月15日迎接评估，全镇尚不具备条件" in goals
    # the plan's own 自查 is in its last year (2028), July–September: from October 2028, and not on
    # 国庆节 (1–7 October) nor Sunday the 8th: Monday 9 October 2028
    assert "实施方案安排2028年7—9月完成镇级自查" in goals
    assert "最早可在2028年10月9日以后迎接评估" in goals
    # the work alone (August 2027, then 4 weeks of 资料) would allow October 2027, after 国庆节: the 8th
    assert (
        "若须提前，应由镇人民政府修订实施方案、提前组织镇级自查，整改全部完成后最早可在2027年10月8日以后"
        in goals
    )
    assert "确保每所学校达到学校达标要求" not in goals
    # the countdown stays the county's date; the work late by then is said so, school by school
    assert "若仍按2026年10月15日迎接评估，本方案的工作步骤按此倒排" in goals
    phases = [s.title for s in doc.sections if s.key.startswith("phases.")]
    assert phases[-1] == "接受评估阶段（2026年10月15日）"
    assert "评估前无法完成" in _text(doc, "rectification")


def test_a_date_after_the_work_but_before_the_plans_own_self_evaluation_is_not_feasible(town):
    from datetime import date

    goals = _text(_inspection(town, when=date(2028, 5, 20)), "goals")
    # 4 weeks before 2028-05-20 is 04-22: the work (August 2027) is done in time …
    assert "最迟于2027年8月完成，在2028年4月21日（资料完善和模拟评估开始前）前可以全部完成" in goals
    # … but the plan holds its 自查 in July–September 2028, after it
    assert "2028年5月20日早于实施方案安排的镇级自查" in goals
    assert "时间可行" not in goals
    assert "最早可在2028年10月9日以后迎接评估" in goals


def test_a_date_after_the_plan_with_items_unverified_is_not_called_feasible(town):
    from datetime import date

    goals = _text(_inspection(town, when=date(2028, 10, 15)), "goals")
    # nothing of the 29 other items is entered: 28 unverified (the town's rows hold no rooms, and
    # every 小学 average is within 45 — 500 in 12 classes — with no 最大班额, so 班额 is not decided)
    assert (
        "共29项评估项目中，尚未核实的28项（政府保障程度第1至3、5至15项，教育质量全部9项，社会认可度，一票否决全部4项）"
        in goals
    )
    assert "未达到要求的" not in goals
    assert "时间可行" not in goals
    assert "2028年10月15日迎接评估能否成立，取决于上述事项核实和整改的结果" in goals


def test_a_date_after_the_plan_with_every_item_met_is_feasible(town):
    from datetime import date

    from planner.documents.forms import form_items

    frame, _ = town
    rows = frame.copy()  # every class within its limit, the rooms there
    rows["primary_classes"] = (rows["primary_students"].fillna(0) / 45).apply(math.ceil)
    rows["junior_classes"] = (rows["junior_students"].fillna(0) / 50).apply(math.ceil)
    rows["max_class_size"] = 45.0
    classes = rows["primary_classes"] + rows["junior_classes"]
    rows["music_rooms"] = rows["art_rooms"] = (classes / 12).apply(math.ceil)
    std = load_standard("quality_2017")
    values = {
        i.key: (1.0 if i.rule == "yesno" else i.threshold - (0.01 if i.rule == "lt" else 0))
        for i in form_items(std)
    }
    form = AssessmentForm(values=values)
    goals = _text(_inspection((rows, evaluate(rows, std)), when=date(2028, 10, 15), form=form), "goals")
    assert "尚未核实" not in goals
    assert goals.count("2028年10月15日迎接评估的时间可行。") == 1


def test_work_the_budget_leaves_unfunded_is_named_with_the_budget_that_would_fund_it(town):
    tight = PlanSettings(region="城关镇", start_year=2026, data_year=2025, yearly_budget_wan=20)
    goals = _text(_inspection(town, settings=tight), "goals")
    # 20 万元 a year cannot pay a 600 ㎡ building (600 × 3000 元 = 180 万元) or a field on new land
    # within the plan
    assert "城关镇中心小学新建教学及辅助用房600.0平方米（实施方案期内资金尚未安排）" in goals
    assert "须先落实资金，再确定迎接评估的时间" in goals
    # the yearly cap the plan itself computes for all of it within its years (its budget.needed fact):
    # 中心小学's building pays (108, 72), 第二中学's field on new land and 5 rooms (39 + 25, 39); the
    # building in 2026 and 第二中学 in 2027 pay 108, 72 + 64 = 136, 39 (the other order 147; both at
    # once 172) → 136 万元
    assert "若每年安排建设资金136.00万元，全部任务可在实施方案期内完成" in goals
    frame, ev = town
    stored = _stored_plan(town, tight)
    report = draft_document("self_report", DocumentInputs(YearData(2025, ev, frame), plan=stored), tight)
    assert "新建教学及辅助用房600.0平方米，按现有年度建设资金在实施方案期内无法安排，须追加资金" in _text(
        report, "problems.1"
    )


@pytest.fixture(scope="module")
def crowded():
    """示例县 with 城南小学 over the 学校规模 limit (2100 students, 2000 allowed) and 6.8 ㎡ of field a
    student (7.5 wanted: 90.7 %, it passes with it); the town's schools beside it."""
    from tests.metrics.schools import frame as schools
    from tests.metrics.schools import primary
    from tests.planner.frames import town_frame

    rows = schools(
        *town_frame().drop(columns="row").to_dict("records"),
        primary("城南小学", 2100, sports_field_area=2100 * 6.8),
    )
    return rows, evaluate(rows, load_standard("quality_2017"))


def test_a_school_over_the_size_limit_is_not_called_ready_while_it_waits_for_its_new_campus(crowded):
    from datetime import date

    doc = _inspection(crowded, when=date(2027, 11, 20), settings=COUNTY)
    goals = _text(doc, "goals")
    # the plan cuts no roll: 城南小学 (2100 students, 2000 allowed) gets a 分设校区 (land 2026, built
    # 2027–2028, handed over in August 2028), so on 2027-11-20 its task is still open and named
    assert "城南小学新建超规模学校分设校区1300.0平方米（实施方案安排2028年8月完成）" in goals
    assert "须待实施方案安排的分设校区建成启用、秋季调整招生范围分流学生后达到要求" in goals
    assert "时间可行" not in goals
    assert "调减至" not in goals
    rect = _text(doc, "rectification")
    assert (
        "学校规模：城南小学（义务教育段在校生2100人，上限2000人）。整改：按实施方案新建分设校区，"
        "建成启用当年秋季调整招生范围（学区）分流学生"
    ) in rect
    assert "逐年调减" not in rect and "逐步化解" not in rect


def test_an_earliest_date_for_the_plans_work_counts_the_new_campus(crowded):
    # on 2026-10-15 the campus (August 2028) is late: the earliest date follows the plan's 自评 in 2028
    goals = _text(_inspection(crowded, settings=COUNTY), "goals")
    # the campus is handed over in August 2028 and the plan's 自评 is in 2028 Q3: the first school day
    # after 国庆节 week (2028-10-01 is a Sunday, the 9th a Monday)
    assert "最早可在2028年10月9日以后迎接评估" in goals
    assert "城南小学新建超规模学校分设校区1300.0平方米（实施方案安排2028年8月完成）" in goals
    assert "城南小学在校生超过学校规模上限" in goals


def test_the_self_report_says_what_the_plan_says_about_a_school_over_the_size_limit(crowded):
    frame, ev = crowded
    report = draft_document("self_report", DocumentInputs(YearData(2025, ev, frame)), COUNTY)
    problems = _text(report, "problems.2")  # 政府保障程度
    assert "学校规模不符合要求：城南小学" in problems
    # no plan stored: the measure is a 分设校区 or a new school, pupils moved by 学区 once it opens, no
    # roll cut meanwhile, its date the plan's (never "逐步化解" and never "按实施方案")
    assert "新建分设校区或新建学校" in problems and "不以调减在校生代替达标建设" in problems
    assert "逐步化解" not in problems and "按实施方案" not in problems
    assert "逐年降至规模上限以内" not in problems and "秋季招生起" not in problems


def test_a_combined_schools_campus_work_follows_the_gaps_of_every_part_it_serves(county):
    from datetime import date

    frame, _ = county
    # 育英学校's field short in both parts, split by student equivalents (初中 1.1): 小学部
    # 7.0 ㎡ a student (7.5 wanted, 93 %), 初中部 7.7 ㎡ (10.2 wanted, 75 %): 7.0·400 + 7.7·300 = 5110
    rows = frame.copy()
    rows.loc[rows["name"] == "育英学校", "sports_field_area"] = 5110.0
    short = evaluate(rows, load_standard("quality_2017"))
    inputs = DocumentInputs(YearData(2025, short, rows), inspection_date=date(2026, 10, 15))
    rect = _text(draft_document("inspection_plan", inputs, COUNTY), "rectification")
    line = next(t for t in rect.split("\n") if t.startswith("育英学校"))
    # the campus's field is built for 初中部; the gap of 小学部 it also closes is named with it
    assert (
        "小学部体育运动场馆现为7.00平方米（标准7.5平方米）、初中部体育运动场馆现为7.70平方米（标准10.2平方米）"
        in line
    )


def test_inspection_plan_has_groups_duties_and_each_schools_rectification(town):
    doc = _inspection(town)
    titles = [s.title for s in doc.sections if s.level == 1]
    assert titles == [
        "指导思想",
        "评估时间和工作目标",
        "组织机构及职责",
        "工作步骤",
        "逐校整改清单",
        "现场核查准备",
        "社会认可度调查准备",
        "迎评材料准备",
        "工作要求",
    ]
    leading = _text(doc, "organisation.leading")
    assert "由镇长任组长" in leading
    assert "镇党政办、镇中心学校、镇财政所、各村（社区）和各学校" in leading  # a 镇's own bodies
    assert len(doc.section("organisation.groups").paragraphs) == 6
    duties = doc.section("organisation.duties")
    assert duties.title == "村（社区）和镇属单位职责"
    assert "发展改革" not in _text(doc, "organisation.duties")  # a 镇 does not assign county departments
    rect = _text(doc, "rectification")
    # the plan's work is sized for the roll plus 5 %: 中心小学 4.2·525/100 = 22.05 → 23 − 16 = 7
    # teachers; 第二中学 10.2·420 − 3000 = 1284 → 1300 ㎡ of field
    assert (
        "城关镇中心小学：高学历教师现为3.20人（标准4.2人），招聘高于规定学历的专任教师7人，2026年8月底前完成"
        in rect
    )
    assert (
        "城关镇第二中学：体育运动场馆现为7.50平方米（标准10.2平方米），新征用地扩建运动场地1300.0平方米"
        in rect
    )
    # the countdown works to the county's date (2026-10-15): the buildings are late and said so
    assert "新建教学及辅助用房600.0平方米，实施方案安排2027年8月完成，评估前无法完成，须如实说明进度" in rect
    assert [t.title for t in doc.annexes] == ["差距清单", "现场核查准备重点学校一览表", "迎评材料清单"]


def test_the_inspection_plans_gap_list_states_the_present_not_the_plans_projection(town):
    gaps = _inspection(town).annexes[0]
    assert gaps.headers == ["序号", "学校", "学段", "指标（简称）", "现值", "标准值", "缺口"]
    # the plan's own notes (本方案, its 年度实施项目表) would point a reviewer at tables this file lacks
    assert "方案期末" not in gaps.note and "年度实施项目表" not in gaps.note
    assert gaps.note.endswith("整改项目和完成时间见正文逐校整改清单。")


def test_a_county_assigns_its_townships_and_departments(county):
    from datetime import date

    frame, ev = county
    inputs = DocumentInputs(YearData(2025, ev, frame), inspection_date=date(2026, 10, 15))
    doc = draft_document("inspection_plan", inputs, COUNTY)
    duties = _text(doc, "organisation.duties")
    assert duties.startswith("各乡镇人民政府：落实属地责任")  # the county has no 街道
    assert "机构编制部门：核定并统筹调配中小学教职工编制" in duties
    site = _text(doc, "site")
    assert "尚未达标的城关镇中心小学、城关镇第二中学、育英学校" in site
    assert "社会认可度调查结果须达到85%以上" in _text(doc, "survey")
    assert check_plan(doc) == []


def test_the_inspection_level_comes_from_the_form_or_is_asked_for(town):
    assert "〔待填报：评估级别" in _text(_inspection(town), "preamble")
    doc = _inspection(town, form=AssessmentForm(inspection_level="province"))
    assert "迎接义务教育优质均衡发展省级评估工作" in _text(doc, "preamble")


def test_inspection_plan_is_traced_and_needs_its_date(town, tmp_path):
    doc = _inspection(town)
    assert check_plan(doc) == []
    path = export_docx(doc, tmp_path / "迎评.docx")
    assert check_docx(path) == [] and check_file(path) == []
    frame, ev = town
    with pytest.raises(MissingInputs, match="需要迎评（督导评估）日期"):
        draft_document("inspection_plan", DocumentInputs(YearData(2025, ev, frame)), SETTINGS)


# ---- 经验交流材料 --------------------------------------------------------------------------------


PRACTICES = [
    {"title": "坚持高位推动", "text": "镇党委、镇政府每季度专题研究学校建设。", "topic": "other"},
    {"title": "加大投入力度，改善办学条件", "text": "优先保障薄弱学校改扩建。", "topic": "conditions"},
    {"title": "优化教师配置", "text": "新招聘教师优先补充村小。", "topic": "teachers"},
]


def _experience(two_years, records=(), previous=True, practices=PRACTICES):
    from planner.documents import Record

    prev, cur = two_years
    form = AssessmentForm(records=[Record(key=k, value=v) for k, v in records], practices=practices)
    settings = PlanSettings(region="城关镇", start_year=2025, data_year=cur.year)
    inputs = DocumentInputs(cur, prev if previous else None, form=form)
    return draft_document("experience", inputs, settings)


def test_experience_is_one_part_per_recorded_practice_with_its_figures(two_years):
    doc = _experience(two_years, records=[("investment", 1250.5), ("teachers_added", 36)])
    parts = [s.title for s in doc.sections if s.level == 1]
    assert parts == ["坚持高位推动", "加大投入力度，改善办学条件", "优化教师配置", "取得的成效"]
    assert doc.section("practices.1").paragraphs[0].text == "镇党委、镇政府每季度专题研究学校建设。"
    assert doc.section("practices.1").paragraphs[0].origin == "user"
    conditions = _text(doc, "practices.2")
    assert "全镇累计投入资金1250.50万元" in conditions
    # 120 ㎡ more a school: 小学 5.23 → 5.34 ㎡; equipment did not change, so it is not claimed
    assert "小学生均教学及辅助用房面积由5.23平方米增至5.34平方米" in conditions
    assert "教学仪器设备值由" not in _text(doc)
    teachers = _text(doc, "practices.3")
    assert "全镇新增专任教师36人" in teachers
    assert "专任教师由2023年度的763人增至2024年度的796人" in teachers  # 11 schools in scope × 3
    assert _text(doc).count("1250.50万元") == 1 and _text(doc).count("36人") == 1  # each record once
    assert check_plan(doc) == []


def test_experience_names_where_its_figures_come_from(two_years):
    with_records = _text(_experience(two_years, records=[("investment", 800.0)]), "preamble")
    assert "数字来自镇中心学校的工作记录" in with_records
    without = _text(_experience(two_years), "preamble")
    assert "工作记录" not in without  # nothing recorded: the material does not claim records
    assert "指标变化来自2023年度、2024年度教育事业统计数据" in without


def test_experience_without_recorded_practices_is_refused_saying_what_to_enter(two_years):
    with pytest.raises(MissingInputs) as exc:
        _experience(two_years, records=[("investment", 800.0)], practices=[])
    message = str(exc.value)
    assert "不代为编写" in message and "主要做法：每条一个小标题和一段说明" in message
    assert "累计投入资金（万元）" in message and "--form" in message


def test_a_practice_is_read_from_a_line_with_its_title():
    from planner.documents.forms import Practice

    assert Practice.parse("建立城乡学校共同体：城区学校与村小结对。") == Practice(
        title="建立城乡学校共同体", text="城区学校与村小结对。"
    )
    assert Practice.parse("一是强化统筹。").title == ""
    # forms saved before practices had titles: plain strings are read as texts
    assert AssessmentForm(practices=["一是强化统筹。"]).practices[0].text == "一是强化统筹。"


def test_experience_with_practices_but_no_figure_to_back_them_is_refused(two_years):
    # one 统计年度 and no 工作记录: the text would be the practices copied out, nothing more
    with pytest.raises(MissingInputs) as refused:
        _experience(two_years, previous=False)
    said = str(refused.value)
    assert "要有数据支撑的成效" in said and "1．工作记录：" in said and "2．上一统计年度的学校数据" in said
    assert _experience(two_years, records=[("investment", 800.0)], previous=False).sections


def test_experience_docx_passes_the_checks(two_years, tmp_path):
    doc = _experience(two_years, records=[("investment", 1250.5)])
    path = export_docx(doc, tmp_path / "经验.docx")
    assert check_docx(path) == [] and check_file(path) == []


def test_a_part_is_redrafted_from_the_facts_and_others_keep_their_edits(two_years):
    from planner.documents import part_key, regenerate_part
    from planner.drafting.revise import replace_section

    prev, cur = two_years
    settings = PlanSettings(region="城关镇", start_year=2025, data_year=cur.year)
    inputs = DocumentInputs(cur, prev)
    doc = draft_document("work_summary", inputs, settings)
    assert part_key(doc, 2) == "changes"
    edited = replace_section(doc, "open", ["（用户改写）"])
    edited = replace_section(edited, part_key(edited, 2), ["（也改写了）"])
    redrafted = regenerate_part(edited, part_key(edited, 2), "work_summary", inputs, settings)
    assert _text(redrafted, "open") == "（用户改写）"
    assert _text(redrafted, "changes") == _text(doc, "changes")
    assert [s.key for s in redrafted.sections] == [s.key for s in doc.sections]


# ---- command line --------------------------------------------------------------------------------


def test_command_line_drafts_a_kind_and_explains_a_missing_input(tmp_path, capsys):
    from pathlib import Path

    from planner.__main__ import main

    sample = str(Path(__file__).resolve().parents[2] / "data" / "samples" / "城关镇.xlsx")
    out = tmp_path / "自评.docx"
    assert main(["draft", sample, "--region", "城关镇", "--kind", "self_report", "--out", str(out)]) == 0
    assert check_file(out) == []
    code = main(["draft", sample, "--region", "城关镇", "--kind", "work_summary", "--out", str(out)])
    assert code == 2
    assert "需要两个统计年度的学校数据" in capsys.readouterr().err
    code = main(["draft", sample, "--region", "城关镇", "--kind", "inspection_plan", "--out", str(out)])
    assert code == 2 and "督导评估的日期" in capsys.readouterr().err
    code = main(["draft", sample, "--region", "城关镇", "--kind", "experience", "--out", str(out)])
    assert code == 2 and "请先录入" in capsys.readouterr().err
    form = tmp_path / "填报.json"
    form.write_text(AssessmentForm(practices=PRACTICES).model_dump_json(), encoding="utf-8")
    args = ["--kind", "experience", "--form", str(form), "--out", str(out)]
    # the practices alone, one 统计年度 and no records: no figure could back them, so it asks for one
    assert main(["draft", sample, "--region", "城关镇", *args]) == 2
    assert "请再录入以下任一项" in capsys.readouterr().err
    from planner.documents import Record

    recorded = AssessmentForm(practices=PRACTICES, records=[Record(key="investment", value=800.0)])
    form.write_text(recorded.model_dump_json(), encoding="utf-8")
    assert main(["draft", sample, "--region", "城关镇", *args]) == 0
    assert check_file(out) == []


def test_the_checker_catches_a_figure_typed_into_a_document(town):
    doc = _self_report(town)
    para = doc.section("basic.schools").paragraphs[1]
    para.text = para.text.replace("在校生", "在校生约99999人，实际")
    assert any("99999" in p and "无法追溯" in p for p in check_plan(doc))


def test_documents_of_a_county_where_every_school_passes_say_so_and_pass_the_checker():
    from datetime import date

    from tests.metrics.schools import frame as schools
    from tests.metrics.schools import primary
    from tests.planner.frames import junior

    # 北街小学 has 0.9 骨干教师 per 100 (below 1.0, at 90 %): it still passes the 6项+85% rule
    rows = schools(
        primary("南街小学", 500), primary("北街小学", 500, backbone_teachers=4.5), junior("一中", 600)
    )
    ev = evaluate(rows, load_standard("quality_2017"))
    inputs = DocumentInputs(YearData(2025, ev, rows), inspection_date=date(2026, 10, 15))
    report = draft_document("self_report", inputs, SETTINGS)
    assert "资源配置达到要求" in _text(report)
    inspection = draft_document("inspection_plan", inputs, SETTINGS)
    assert "个别指标仍低于标准值的，按整改清单补齐" in _text(inspection, "goals")
    assert "北街小学：骨干教师现为0.90人（标准1人），不低于标准的85%，学校已达到学校达标要求" in _text(
        inspection, "rectification"
    )
    assert check_plan(report) == [] and check_plan(inspection) == []


def test_a_towns_documents_speak_of_its_villages_and_its_county(town):
    """A 镇 has 村（社区）, not 乡镇; the 基本均衡 国家认定 is its county's."""
    report = _text(_self_report(town))
    assert "辖〔待填报：村（社区）数〕个村（社区）" in report
    assert "所在县通过义务教育基本均衡发展国家认定的年份" in report
    plan = _inspection(town)
    assert "乡镇" not in "\n".join(p.text for s in plan.sections for p in s.paragraphs)
    assert "由镇中心学校和学校主要负责人负责" in _text(plan, "site")
    assert "乡镇" not in plan.annexes[1].headers


def test_a_town_with_primary_schools_only_has_no_empty_stage(town):
    from tests.metrics.schools import frame as schools
    from tests.metrics.schools import primary

    rows = schools(primary("南街小学", 500), primary("北街小学", 300))
    ev = evaluate(rows, load_standard("quality_2017"))
    doc = draft_document("self_report", DocumentInputs(YearData(2025, ev, rows)), SETTINGS)
    text = _text(doc, "basic.schools")
    assert "全镇共有义务教育学校2所。" in text and "纳入资源配置评估的学校2所，均为小学学段。" in text
    assert "初中" not in text
    assert check_plan(doc) == []


# ---- golden outlines ----------------------------------------------------------------------------


def _kind_doc(kind, town, two_years):
    from datetime import date

    frame, ev = town
    form = AssessmentForm(practices=PRACTICES)
    if kind in ("work_summary", "experience"):
        prev, cur = two_years
        inputs = DocumentInputs(cur, prev, form=form)
        return draft_document(kind, inputs, PlanSettings(region="城关镇", start_year=2025))
    inputs = DocumentInputs(YearData(2025, ev, frame), form=form, inspection_date=date(2026, 10, 15))
    return draft_document(kind, inputs, SETTINGS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_exports_the_outline_of_its_golden_file(kind, town, two_years, tmp_path):
    """Headings and table headers of the Word file (never its bytes): UPDATE_GOLDEN=1 rewrites them."""
    import json
    import os
    from pathlib import Path

    from planner.export.docx_check import docx_outline

    outline = docx_outline(export_docx(_kind_doc(kind, town, two_years), tmp_path / f"{kind}.docx"))
    golden = Path(__file__).with_name("golden") / f"kind_{kind}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(outline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert outline == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("standard", ["quality_2017", "basic_2012"])
def test_every_column_a_plan_adds_to_has_a_name_in_the_documents(standard):
    from planner.documents.plan_link import field_words

    # the indicators' columns, and the 音乐/美术专用教室 the 政府保障 items add (a 工作总结 against a
    # plan with special rooms once failed with KeyError: 'art_rooms')
    columns = {ind.add_to for ind in load_standard(standard).indicators} | {"music_rooms", "art_rooms"}
    assert {c: field_words(c) for c in columns if not field_words(c)} == {}
    assert field_words("art_rooms") == "建设美术专用教室"


def test_no_earliest_date_precedes_the_day_the_document_is_drafted(town):
    from datetime import date

    # the work alone would allow October 2027 (see above); drafted on 3 December 2027 that month is
    # past: the month after is January 2028 — 1 January is 元旦, the 2nd a Sunday, the 3rd 元旦's 补假:
    # Tuesday 4 January 2028, still in the autumn term
    frame, ev = town
    inputs = DocumentInputs(
        YearData(2025, ev, frame),
        plan=_stored_plan(town),
        inspection_date=date(2028, 5, 20),
        today=date(2027, 12, 3),
    )
    goals = _text(draft_document("inspection_plan", inputs, SETTINGS), "goals")
    assert "整改全部完成后最早可在2028年1月4日以后迎接评估" in goals
    assert "2027年10月" not in goals
    assert "最早可在2028年10月9日以后迎接评估" in goals  # the plan's own 自查 still sets the date
    # a 成文日期 is the reference when given (here January 2026: October 2027 is still ahead)
    issued = SETTINGS.model_copy(update={"issue_date": date(2026, 1, 10)})
    goals = _text(draft_document("inspection_plan", inputs, issued), "goals")
    assert "整改全部完成后最早可在2027年10月8日以后迎接评估" in goals


def test_without_an_issue_date_the_drafting_day_bounds_the_dates_and_a_pointless_amendment_is_left_out(town):
    from datetime import date

    # drafted on 20 September 2028 (no 成文日期): nothing before October 2028, the very month the
    # plan's own 自查 allows, so bringing the 自查 forward gains nothing and is not advised
    frame, ev = town
    inputs = DocumentInputs(
        YearData(2025, ev, frame),
        plan=_stored_plan(town),
        inspection_date=date(2028, 5, 20),
        today=date(2028, 9, 20),
    )
    goals = _text(draft_document("inspection_plan", inputs, SETTINGS), "goals")
    assert "最早可在2028年10月9日以后迎接评估" in goals
    assert "若须提前" not in goals
