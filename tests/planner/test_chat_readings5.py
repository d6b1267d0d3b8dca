"""Readings of issue 16's fifth round, each a mechanism rather than a sentence: a name like no school of
the data is said so (never the area's figures in its place), a 乡镇's short name with a 学段 is its
schools or pupils, a short question with no subject is read with the last question's words, totals
count every row and keep the 乡镇 talked about, a size in pupils works out a requirement, a draft's
reply says what the region has to close, and plan edits of a role, a 小节 or a start year. On
data/samples/青河县.xlsx (and 城关镇.xlsx for the plan edits), figures from their rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, default_api, respond
from planner.chat.names import school_aliases
from tests.planner.chat_search import MemorySearch

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def county():
    frame = load_schools(SAMPLES / "青河县.xlsx").frame
    return frame, evaluate(frame, load_standard("quality_2017"))


@pytest.fixture(scope="module")
def ctx(county):
    frame, ev = county
    return ChatContext(evaluation=ev, schools=frame, region="青河县", level="county", planner=default_api())


def ask(ctx, *turns):
    state = ChatState()
    return [respond(t, ctx, state) for t in turns]


# --- names like people type them -----------------------------------------------------------------


def test_a_school_name_like_none_of_the_data_is_said_so_not_answered_for_the_area(ctx):
    (reply,) = ask(ctx, "光明小学差多少")
    assert reply.intent == "clarify" and "数据中没有“光明小学”这所学校" in reply.text
    assert "合计" not in reply.text  # not the county's 小学 gaps in its place


def test_words_of_the_question_before_a_school_word_are_no_name(ctx):
    (reply,) = ask(ctx, "其他学校呢")
    assert "数据中没有" not in reply.text


def test_a_name_that_says_its_town_keeps_to_that_town(ctx):
    # 城关镇 has no 中心小学; 石桥镇中心小学 (talked about first) must not stand in for it
    _, reply = ask(ctx, "石桥镇中心小学差什么", "城关镇中心小学怎么样")
    assert reply.intent == "clarify" and "数据中没有“城关镇中心小学”" in reply.text
    assert "城关镇的学校有：" in reply.text and "石桥镇中心小学" not in reply.text


def test_a_towns_short_name_with_a_stage_asks_which_of_its_schools(ctx):
    (reply,) = ask(ctx, "新集小学差多少")
    # 新集镇's 小学 stages: 中心小学, 第二小学, 李庄小学, 王湾教学点
    assert reply.intent == "clarify"
    for name in ("新集镇中心小学", "新集镇第二小学", "新集镇李庄小学", "新集镇王湾教学点"):
        assert name in reply.text
    assert "合计" not in reply.text


def test_a_towns_short_name_before_its_pupils_is_the_town(ctx):
    (reply,) = ask(ctx, "柳林小学生一共多少人")
    # 柳林乡 小学: 中心小学820 + 中新小学450 + 杨树沟小学290 = 1560; with 后坪教学点35 (not judged) 1595
    assert "柳林乡小学参评学校3所" in reply.text and "在校生合计1560人" in reply.text
    assert "柳林乡小学全部4所学校在校生合计1595人" in reply.text


def test_that_kind_of_school_with_several_of_it_asks_which(ctx):
    (reply,) = ask(ctx, "那个教学点缺多少钱")
    assert reply.intent == "clarify"
    for name in ("石桥镇红岩教学点", "新集镇王湾教学点", "柳林乡后坪教学点", "白沙乡马家教学点"):
        assert name in reply.text


def test_a_schools_own_name_alone_and_its_centre_are_its_aliases():
    assert "红星" in school_aliases("杏林镇红星学校")  # 红星一共多少学生
    assert "石桥中心" in school_aliases("石桥镇中心小学")  # 石桥中心差什么 is not 石桥镇初级中学


def test_the_areas_own_name_is_not_read_as_a_town_it_holds(county):
    frame, ev = county
    ctx = ChatContext(evaluation=ev, schools=frame, region="石桥区", level="county")
    (reply,) = ask(ctx, "石桥区有几所学校")
    # all 28 judged schools (31 rows less the 3 教学点 under 50 pupils), not 石桥镇's 5
    assert "参评学校共28所" in reply.plain()


# --- totals ------------------------------------------------------------------------------------------


def test_a_total_with_no_scope_after_a_towns_question_keeps_the_town(ctx):
    _, reply = ask(ctx, "石桥镇有几所学校", "老师一共多少个")
    # 中心小学60 + 东岭23 + 西沟14 + 南庄21 = 118 小学, 初级中学66: 184; with 红岩教学点2: 186
    assert reply.text.startswith("（按 石桥镇 理解）")
    assert "专任教师合计184人（小学118人、初中66人）" in reply.text
    assert (
        "连同不参评的石桥镇红岩教学点，石桥镇全部6所学校" in reply.text and "专任教师合计186人" in reply.text
    )


def test_a_totals_question_answers_totals_not_school_by_school(ctx):
    (reply,) = ask(ctx, "全县小学生一共多少人")
    assert "逐校" not in reply.text and "未达标" not in reply.text
    assert reply.text.startswith("青河县小学参评学校")


# --- short follow-ups -----------------------------------------------------------------------------


def test_a_short_question_after_a_cv_asks_the_cvs_standard(ctx):
    _, reply = ask(ctx, "小学骨干教师差异系数", "标准是多少")
    assert reply.intent == "standard_rule"
    assert "小学不超过0.5" in reply.text and "教督〔2017〕6号" in reply.text


def test_a_short_question_with_words_of_its_own_is_no_follow_up(ctx):
    _, reply = ask(ctx, "小学骨干教师差异系数", "今晚食堂吃啥")
    assert "差异系数" not in reply.text


def test_a_short_question_after_a_simulation_asks_its_verdict(ctx):
    _, reply = ask(ctx, "从实验小学调5名骨干老师到城关三小，小学骨干差异系数会变成多少", "够标准了吗")
    assert reply.intent == "transfer" and "沿用上一次模拟" in reply.text


# --- requirements, comparisons, lists ---------------------------------------------------------------


def test_a_requirement_is_worked_out_from_a_number_of_pupils(ctx):
    (rooms,) = ask(ctx, "450个初中生要多少间多媒体教室")
    (backbone,) = ask(ctx, "800个小学生需要多少骨干教师")
    assert "至少需要11间" in rooms.plain()  # 2.4 × 450 ÷ 100 = 10.8, rounded up
    assert "至少需要8人" in backbone.plain()  # 1 × 800 ÷ 100 = 8


def test_which_town_between_two_is_a_comparison_over_both_stages(ctx):
    (reply,) = ask(ctx, "石桥镇和新集镇哪个镇骨干教师缺得多")
    # 石桥镇: 东岭小学 2 (小学), none in 初中; 新集镇: none in 小学, 初级中学 4 (初中)
    assert reply.intent == "compare"
    assert "两个学段合计“骨干教师”：石桥镇缺2人；新集镇缺4人。新集镇缺得更多" in reply.plain()


def test_whether_a_school_enters_the_cv_is_said_from_the_evaluation(ctx):
    (out,) = ask(ctx, "柳林乡后坪教学点算不算进差异系数")
    (judged,) = ask(ctx, "石桥镇中心小学算不算进差异系数")
    # 后坪教学点 has 35 pupils (under 50): not judged; 石桥镇中心小学 1060 小学 pupils: judged
    assert "柳林乡后坪教学点不参评（在校生不足50人的教学点不参评），不计入差异系数" in out.text
    assert "石桥镇中心小学（小学在校生1060人）是参评学校，计入小学各项差异系数的计算" in judged.text


def test_a_list_of_failing_schools_says_how_much_each_needs(ctx):
    (reply,) = ask(ctx, "石桥镇哪些学校没达标")
    table = "\n".join(" | ".join(row) for t in reply.tables for row in t.rows)
    assert "体育运动场馆（需增加1713.00㎡）" in table  # 石桥镇中心小学
    assert "教学仪器设备（需增加12.74万元）" in table  # 石桥镇西沟小学


def test_senior_pupils_not_in_the_data_are_said_so(ctx):
    _, reply = ask(ctx, "青河县实验学校多少学生", "高中呢")
    assert reply.intent == "senior" and "数据中没有高中学段的在校生" in reply.text


# --- the plan ----------------------------------------------------------------------------------------


def test_a_towns_draft_says_its_schools_and_gaps(ctx):
    (reply,) = ask(ctx, "给石桥镇写份实施方案")
    text = reply.text
    assert "石桥镇参评学校（学段）5个，其中3个未达标" in text
    assert "石桥镇中心小学（小学，未达标）：体育运动场馆需增加1713.00㎡" in text
    assert "石桥镇西沟小学（小学，未达标）：教学仪器设备需增加12.74万元；网络多媒体教室需增加2间" in text
    assert "石桥镇东岭小学（小学，未达标）：骨干教师需增加2人" in text
    assert "青河县城关第一小学" not in text  # another 乡镇's school is no gap of 石桥镇


@pytest.fixture(scope="module")
def town():
    frame = load_schools(SAMPLES / "城关镇.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    return ChatContext(
        evaluation=ev, schools=frame, search=MemorySearch(), region="城关镇", planner=default_api()
    )


def test_a_role_changed_throughout_changes_every_tasks_units(town):
    state = ChatState()
    respond("生成实施方案", town, state)
    reply = respond("把责任单位统一改成镇中心学校", town, state)
    units = [p.units for s in state.plan.sections for p in s.paragraphs if p.units]
    assert reply.plan_changed and "已把方案中的“责任单位”统一改为“镇中心学校”" in reply.text
    assert units and set(units) == {"镇中心学校"}
    assert state.versions[-1][0].endswith("责任单位改为镇中心学校")


def test_a_sub_section_named_for_deletion_is_emptied_as_a_new_version(town):
    state = ChatState()
    respond("生成实施方案", town, state)
    title = next(s.title for s in state.plan.sections if s.level == 2 and s.paragraphs)
    reply = respond(f"删掉{title}那段", town, state)
    section = next(s for s in state.plan.sections if s.title == title)
    assert reply.plan_changed and not section.paragraphs and len(state.versions) == 2


def test_a_start_said_by_its_year_alone_moves_the_plan(town):
    state = ChatState()
    respond("生成实施方案", town, state)
    reply = respond("实施步骤从2028年开始", town, state)
    assert reply.intent == "settings" and state.plan.settings.start_year == 2028


# --- filters said with their scope ------------------------------------------------------------------


def test_a_kind_said_to_be_counted_in_is_no_filter(ctx):
    (reply,) = ask(ctx, "全县小学生一共多少，含教学点")
    # judged 小学 17541 + the three 教学点 under 50 pupils: 42 + 35 + 28 = 17646
    assert "在校生合计17541人" in reply.text and "全部24所学校在校生合计17646人" in reply.text


def test_leaving_out_the_small_teaching_points_leaves_out_only_them(ctx):
    (plain,) = ask(ctx, "全县有几所学校不达标")
    (said,) = ask(ctx, "不算50人以下的教学点，全县有几所学校不达标")
    # the 教学点 under 50 are not judged anyway: 11 of the 28 judged schools either way
    assert "全县参评的28所学校中，未达标的有11所" in said.plain()
    assert said.plain().split("\n")[0] == plain.plain().split("\n")[0]


def test_a_short_list_question_keeps_the_last_counts_filter(ctx):
    _, reply = ask(ctx, "石桥镇有几所学校没达标", "新集镇的是哪几所")
    # 新集镇's failing schools only: 第二小学, 初级中学, 第二初级中学 (not 中心小学, 李庄小学)
    assert (
        "新集镇参评的6所学校中，未达标的有3所：新集镇第二小学、新集镇初级中学、新集镇第二初级中学"
        in reply.plain()
    )
    assert "新集镇中心小学" not in reply.plain()


# --- words not understood ---------------------------------------------------------------------------


def test_an_attribute_no_data_measures_is_asked_about_not_answered_with_the_schools_figures(ctx):
    (reply,) = ask(ctx, "城关一小的嘎嘎指数怎么样")
    assert "“嘎嘎指数”" in reply.text and "？" in reply.text
    assert "青河县城关第一小学" not in reply.text


def test_a_known_attribute_is_answered(ctx):
    (reply,) = ask(ctx, "城关一小的骨干教师够不够")
    assert reply.intent == "school_gaps" and "青河县城关第一小学" in reply.text


def test_a_superlative_after_a_town_by_town_list_picks_from_that_list(ctx):
    _, least = ask(ctx, "按乡镇列一下初中在校生", "哪个最少")
    # 初中 by 乡镇: 城关镇 1720+1310+760+540+1150 = 5480, 石桥镇 880, 新集镇 940+520 = 1460,
    # 柳林乡 620, 白沙乡 360 (九年一贯制学校's 初中部)
    assert "初中参评学校在校生最少的乡镇（街道）是白沙乡，360人" in least.plain()


def test_a_school_said_by_a_number_no_school_has_is_asked_or_said_so(ctx):
    _, none = ask(ctx, "城关二小差什么", "五中差什么")
    (alike,) = ask(ctx, "二中缺多少")
    # no 第五 school at all; no 第二中学 but 第二小学 ×2 and 第二初级中学 ×2 share the number
    assert "数据中没有“五中”这所学校" in none.text and "城关第二小学" not in none.text
    assert alike.intent == "clarify" and "青河县第二初级中学" in alike.text
