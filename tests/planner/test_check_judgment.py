"""`python -m planner check` catches the planning judgment a 督导 returns a plan for (review r2): each
check on a small plan that has the defect, and the same plan without it."""

from __future__ import annotations

from planner.check.document import Para, PlanDoc, Table
from planner.check.judgment import (
    buffer_work,
    double_hires,
    empty_tables,
    front_loaded,
    open_size,
    selfeval_with_failing,
    super_large_classes,
)

TITLE = "石岭县推进县域义务教育优质均衡发展三年行动实施方案（2027—2029年）"


def _doc(*texts: str, tables: list[Table] | None = None) -> PlanDoc:
    return PlanDoc(TITLE, [Para(t, "主要任务") for t in texts], tables or [])


def test_an_oversized_school_left_to_gradual_relief_is_caught_when_the_plan_names_a_recognition_year():
    size = (
        "学校规模。现状：石岭县第一小学义务教育段在校生2350人，上限2000人。通过新建学校或分设校区、"
        "合理划分招生范围逐步化解超规模问题。"
    )
    goal = "到2028年底全部达到要求，力争2030年通过评估认定。"
    (problem,) = open_size(_doc(size, goal))
    assert problem.startswith("超规模学校：") and "方案却写明评估认定年份" in problem
    # a 分设校区 with its year is a measure
    dated = size.replace(
        "逐步化解超规模问题", "逐步化解超规模问题；石岭县第一小学新建分设校区，2029年秋季启用"
    )
    assert open_size(_doc(dated, goal)) == []


GAPS = Table(
    "附件2",
    ["序号", "学校", "学段", "指标（简称）", "现值", "标准值", "缺口", "方案期末"],
    [["1", "石岭县第一小学", "小学", "高学历教师", "3.87人", "4.2人", "8人", "4.2人"]],
)


def test_class_teachers_that_already_cover_the_degree_gap_beside_more_degree_hires_are_caught():
    # gap 8; the 22 class teachers hold the degree: the 10 degree hires are paid twice
    line = (
        "石岭县第一小学：招聘专任教师22人（2028年秋季到岗）、"
        "招聘具有规定以上学历的专任教师10人（2027年秋季到岗）。"
    )
    (problem,) = double_hires(_doc(line, tables=[GAPS]))
    assert "石岭县第一小学高学历教师缺口8人" in problem and "增设教学班教师22人" in problem
    # the class teachers alone, or degree hires for what they leave (8 − 6 = 2), pass
    assert double_hires(_doc("石岭县第一小学：招聘专任教师22人（2028年秋季到岗）。", tables=[GAPS])) == []
    left = "石岭县第一小学：招聘专任教师6人、招聘具有规定以上学历的专任教师2人。"
    assert double_hires(_doc(left, tables=[GAPS])) == []


def test_a_post_or_a_token_project_for_a_growth_buffer_alone_is_caught():
    buffer = (
        "岩头乡第二完全小学：招聘具有规定以上学历的专任教师1人（2027年秋季到岗），使每百名学生拥有高于规定"
        "学历教师数（现值4.27人）在在校生增加5%后仍不低于4.2人。"
    )
    (problem,) = buffer_work(_doc(buffer))
    assert problem.startswith("缓冲项目：") and "岩头乡第二完全小学" in problem
    # work that raises a value below the line is the plan's business
    real = (
        "龙潭乡第一完全小学：招聘具有规定以上学历的专任教师2人，"
        "使每百名学生拥有高于规定学历教师数由2.13人提高到4.2人以上。"
    )
    assert buffer_work(_doc(real)) == []


CLASSES = Table(
    "附件7",
    [
        "序号",
        "学校",
        "学段",
        "在校生",
        "现有班数",
        "最大班额",
        "按标准须班数",
        "增设班数",
        "配备教师",
        "措施",
        "达标时间",
    ],
    [
        [
            "1",
            "河口县实验小学",
            "小学",
            "2200人",
            "40个",
            "66人",
            "49个",
            "9个",
            "30人",
            "新建普通教室",
            "2028年秋季",
        ]
    ],
)


def test_a_super_large_class_the_text_never_names_is_caught():
    (problem,) = super_large_classes(_doc("班额。6所学校平均班额超过标准。", tables=[CLASSES]))
    assert "河口县实验小学" in problem and "超大班额" in problem
    named = "河口县实验小学最大班额66人，属超大班额，作为首要任务优先安排，2028年秋季学期起消除。"
    assert super_large_classes(_doc(named, tables=[CLASSES])) == []


def test_a_self_evaluation_in_a_year_that_still_has_failing_schools_is_caught():
    goal = "按本方案安排，到2029年底全县28所参评学校中11所达到资源配置要求，其余17所须待安排项目落实后达标。"
    step = "2029年为“完善迎评年”。1—3月完成竣工验收；7—9月完成县级自评，形成自评报告。"
    (problem,) = selfeval_with_failing(_doc(goal, step))
    assert "安排2029年完成自评" in problem and "仍有17所" in problem
    honest = (
        "2029年为“完善迎评年”。按本方案测算，2029年底仍有17所学校未达到资源配置要求，"
        "本年度不开展县级自评和迎评准备。"
    )
    assert selfeval_with_failing(_doc(goal, honest)) == []


def test_an_empty_annex_and_an_annex_of_zeros_are_caught():
    empty = Table("附件4", ["序号", "学校", "项目", "数量"], [])
    zeros = Table(
        "附件5", ["年度", "建设资金", "人员经费", "合计"], [["2027年", "0.00万元", "0.00万元", "0.00万元"]]
    )
    problems = empty_tables(_doc("正文。", tables=[empty, zeros]))
    assert problems == [
        "空附件：附件“附件4”没有内容，不需要的附件应删去。",
        "空附件：附件“附件5”各项金额均为0，没有项目时应删去。",
    ]
    money = Table(
        "附件5",
        ["年度", "建设资金", "人员经费", "合计"],
        [["2027年", "435.00万元", "0.00万元", "435.00万元"]],
    )
    assert empty_tables(_doc("正文。", tables=[money])) == []


def test_a_large_programme_put_mostly_into_its_first_year_without_a_cap_is_caught():
    def funds(first: str) -> Table:
        rows = [["2027年", first], ["2028年", "3702.00万元"], ["2029年", "0.00万元"]]
        return Table("附件5", ["年度", "建设资金"], rows)

    # 10667.1 of 14369.1 万元 (74 %) in 2027
    (problem,) = front_loaded(_doc("正文。", tables=[funds("10667.10万元")]))
    assert problem.startswith("分步实施：2027年安排建设资金10667.10万元") and "74%" in problem
    # 3702 of 7404 (50 %) is phased
    assert front_loaded(_doc("正文。", tables=[funds("3702.00万元")])) == []
