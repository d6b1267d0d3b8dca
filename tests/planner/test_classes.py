"""班额: the classes the pupils need at the limit, their rooms and teachers, the autumn term every
class is within it; and the checker's 班额 and instrument classes."""

from __future__ import annotations

from metrics import evaluate, load_standard
from planner import PlanSettings, build_schedule, draft_plan
from planner.check import check_doc
from planner.check.document import Para, PlanDoc, from_plan
from planner.drafting.class_plan import class_plans
from planner.drafting.classes import class_needs
from planner.settings import PlanningRules
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")


def _settings() -> PlanSettings:
    return PlanSettings(region="城关镇", start_year=2026, rules=PlanningRules(design_margin=0))


def _rows():
    # 东街: 1650 pupils in 33 classes (average 50 > 45), 99 teachers (3 per class), largest 55;
    # 西街: 900 pupils in 20 classes (average 45, within), largest 48: regrouped, no extra class
    return frame(
        primary("东街小学", 1650, primary_classes=33, teachers=99.0, max_class_size=55),
        primary("西街小学", 900, primary_classes=20, max_class_size=48),
        primary("南街小学", 500, max_class_size=40),
    )


def test_classes_needed_are_the_pupils_over_the_limit_rounded_up_with_teachers_at_the_schools_ratio():
    needs = {n.school: n for n in class_needs(evaluate(_rows(), QUALITY))}
    east = needs["东街小学"]
    # ceil(1650 / 45) = ceil(36.67) = 37 classes; 37 − 33 = 4 more; 99 / 33 = 3 teachers a class → 12
    assert (east.needed, east.extra, east.per_class, east.hires) == (37, 4, 3.0, 12)
    # 西街: ceil(900 / 45) = 20 = its classes: no extra class, no hire
    assert (needs["西街小学"].extra, needs["西街小学"].hires) == (0, 0)
    assert "南街小学" not in needs  # largest 40, average 500 / 12 = 41.7: within


def test_extra_classes_get_rooms_and_teachers_in_the_schedule_and_a_year():
    rows = _rows()
    sched = build_schedule(evaluate(rows, QUALITY), _settings(), rows)
    rooms = next(p for p in sched.need if p.school == "东街小学" and p.field == "teaching_rooms_area")
    # 4 classrooms × 80 ㎡ = 320 ㎡, over the 300 ㎡ refit limit: built, 100 ㎡ modules → 400 ㎡,
    # 400 × 3000 元 = 120 万元; started 2026, handed over August 2027
    assert (rooms.kind, rooms.amount, rooms.cost_wan, rooms.classes) == (
        "rooms_build",
        400.0,
        120.0,
        (("primary", 4),),
    )
    hire = next(p for p in sched.need if p.school == "东街小学" and p.kind == "hire" and p.classes)
    # the 12 teachers come with the rooms (autumn 2027): salaries 2027 and 2028, 12 × 10 万元 × 2 = 240
    assert (hire.amount, hire.start[0], hire.period_cost_wan) == (12.0, 2027, 240.0)
    years = {c.need.school: c.year for c in class_plans(sched, _settings())}
    assert years == {"东街小学": 2027, "西街小学": 2026}  # 西街 regroups in the first autumn term


def test_the_plan_names_the_measure_and_year_and_the_checker_passes_it():
    rows = _rows()
    plan = draft_plan(evaluate(rows, QUALITY), _settings(), schools_frame=rows)
    text = "\n".join(p.text for s in plan.sections for p in s.paragraphs)
    assert "逐年消化" not in text
    assert "东街小学在校生1650人、现有33个教学班，须37个教学班，增设4个" in text
    assert "2027年秋季学期起所有班级不超过45人" in text
    assert "在现有班级数内调整分班，2026年秋季学期起" in text
    table = next(a for a in plan.annexes if a.key == "classes")
    assert table.rows[0][1:9] == ["东街小学", "小学", "1650人", "33个", "55人", "37个", "4个", "12人"]
    assert not [p for p in check_doc(from_plan(plan)) if p.startswith("班额措施")]


def test_a_combined_schools_largest_class_between_the_two_limits_is_marked_for_checking():
    # one 最大班额 46 for both 学段: over 小学's 45, within 初中's 50 — which part holds it is unknown
    rows = frame(
        primary(
            "柳湾学校",
            420,
            school_type="九年一贯制学校",
            primary_classes=12,
            junior_students=310,
            junior_classes=8,
            max_class_size=46,
        ),
        primary("南街小学", 500),
    )
    needs = class_needs(evaluate(rows, QUALITY))
    assert [(n.school, n.stage, n.uncertain, n.extra) for n in needs] == [("柳湾学校", "primary", True, 0)]


def test_the_checker_catches_a_class_size_task_with_no_measure_or_year():
    doc = PlanDoc(
        "石岭县推进县域义务教育优质均衡发展三年行动实施方案（2027—2029年）",
        [
            Para(
                "班额。现状：23所学校中15所未达到要求。统筹招生计划与学位供给，新招班级严格按标准班额编班，"
                "超标班级逐年消化。",
                "强化政府保障责任",
            ),
            Para("班额。现状：23所学校中2所未达到要求，须限期整改。", "强化政府保障责任"),
            Para(
                "石岭县第一小学班额不达标：最大班额57人，属大班额，标准不超过45人，须限期整改。",
                "强化政府保障责任",
            ),
        ],
        [],
    )
    problems = [p for p in check_doc(doc) if p.startswith("班额措施")]
    assert len(problems) == 3 and "逐年消化" in problems[0] and "2所" in problems[1]
    assert "须限期整改" in problems[2]


def test_the_checker_catches_teacher_transfers_offered_for_a_sports_area_cv():
    doc = PlanDoc(
        "北岭县推进县域义务教育优质均衡发展三年行动实施方案（2026—2028年）",
        [
            Para(
                "小学生均体育运动场馆面积差异系数现为0.583，须降至0.5以下：新增资源向该项指标偏低的学校倾斜，"
                "并通过校长教师交流轮岗调整校际配置。",
                "主要任务",
            ),
            Para("每百名学生拥有县级及以上骨干教师数差异系数为0.515，通过交流轮岗降至0.5以下。", "主要任务"),
        ],
        [],
    )
    problems = [p for p in check_doc(doc) if p.startswith("措施与指标不符")]
    assert len(problems) == 1 and "体育运动场馆" in problems[0]


def test_new_land_is_priced_by_the_schools_area():
    # two schools each short 1200 ㎡ of field (6.0 ㎡ × 800 pupils, 80 % of 7.5), more than 20 % of their
    # 4800 ㎡: new land. 城区: 1200 × (300 field + 1500 land) = 216 万元; 乡村: 1200 × (300 + 300) = 72
    rows = frame(
        primary("城区小学", 800, sports_field_area=4800.0, urban_rural="城区"),
        primary("乡村小学", 800, sports_field_area=4800.0, urban_rural="乡村"),
        primary("南街小学", 500),
    )
    sched = build_schedule(evaluate(rows, QUALITY), _settings(), rows)
    cost = {p.school: p.cost_wan for p in sched.need if p.kind == "field_land"}
    assert cost == {"城区小学": 216.0, "乡村小学": 72.0}
    urban = next(p for p in sched.need if p.school == "城区小学" and p.kind == "field_land")
    assert urban.payments == ((2026, 180.0), (2027, 36.0))  # the land in the year of 用地报批, then the field


def test_music_and_art_rooms_are_totalled_in_the_text_and_listed_by_school_in_an_annex():
    # 甲 has 10 classes (450 / 45): ceil(10 / 12) = 1 room of each kind, it has none → 2 rooms × 20 万元
    rows = frame(
        primary("甲小学", 450, music_rooms=0, art_rooms=0), primary("乙小学", 500, music_rooms=1, art_rooms=1)
    )
    plan = draft_plan(evaluate(rows, QUALITY), _settings(), schools_frame=rows)
    table = next(a for a in plan.annexes if a.key == "rooms")
    assert [r[1] for r in table.rows] == ["甲小学"]
    text = "\n".join(p.text for s in plan.sections for p in s.paragraphs)
    assert "合计估算40.00万元（逐校安排见附件" in text
    assert "甲小学应有音乐专用教室" not in text  # the school list is the annex's, not the body's


def test_a_basic_plan_gives_class_size_one_task_with_its_measures_not_one_deadline_free_line_a_school():
    rows = _rows()
    plan = draft_plan(evaluate(rows, load_standard("basic_2012")), _settings(), schools_frame=rows)
    text = "\n".join(p.text for s in plan.sections for p in s.paragraphs)
    assert "须限期整改" not in text and "巩固消除大班额成果" not in text
    # 东街 (average 50) and 西街 (largest 48): 2 schools over the limit, one task
    assert "2所学校班额超过国家规定的标准班额" in text and "2027年秋季学期起所有班级不超过45人" in text
    assert not [p for p in check_doc(from_plan(plan)) if p.startswith("班额措施")]


def test_the_salaries_the_plan_adds_are_stated_for_the_years_after_it_with_their_posts():
    rows = _rows()
    plan = draft_plan(evaluate(rows, QUALITY), _settings(), schools_frame=rows)
    text = "\n".join(p.text for s in plan.sections for p in s.paragraphs)
    # 东街's 12 teachers for its 4 extra classes are the plan's only hires: 12 × 10 万元 a year after it
    assert "方案期内新增教师12人，方案期满后每年人员经费约120.00万元" in text
    assert "所需编制由县委编办在核定的编制总额内统筹调剂" in text  # a town's posts are its county's


def test_a_budget_cap_is_not_mentioned_where_there_is_no_construction_to_cap():
    # both schools meet every threshold and every class is within 45: nothing to build, nothing waits
    rows = frame(primary("甲小学", 450), primary("乙小学", 500))
    settings = PlanSettings(
        region="城关镇", start_year=2026, yearly_budget_wan=30.0, rules=PlanningRules(design_margin=0)
    )
    plan = draft_plan(evaluate(rows, QUALITY), settings, schools_frame=rows)
    text = "\n".join(p.text for s in plan.sections for p in s.paragraphs)
    assert "超出部分列入待安排项目" not in text and "建设资金按每年30.00万元控制" not in text
    # with a design margin of 5 % neither: schools meeting every line today get no buffer work
    margin = PlanSettings(region="城关镇", start_year=2026, yearly_budget_wan=30.0)
    plan = draft_plan(evaluate(rows, QUALITY), margin, schools_frame=rows)
    text = "\n".join(p.text for s in plan.sections for p in s.paragraphs)
    assert "建设资金按每年30.00万元控制" not in text


def test_teachers_for_extra_classes_wait_with_their_classrooms_under_a_budget():
    # 东街's 400 ㎡ building pays 120 × 60 % = 72 万元 in its first year, over a 50 万元 cap: never funded
    # under it, so its 12 teachers are not hired either (no teachers for classes without rooms)
    rows = _rows()
    settings = PlanSettings(
        region="城关镇", start_year=2026, yearly_budget_wan=50.0, rules=PlanningRules(design_margin=0)
    )
    sched = build_schedule(evaluate(rows, QUALITY), settings, rows)
    hire = next(p for p in sched.need if p.kind == "hire" and p.classes)
    assert hire in sched.unscheduled and all(p is not hire for p in sched.items)
    assert {c.need.school: c.year for c in class_plans(sched, settings)} == {
        "东街小学": None,
        "西街小学": 2026,
    }
