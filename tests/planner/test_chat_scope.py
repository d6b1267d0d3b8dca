"""Scope follows the official (issue 16): a scope word resets the subject, 它 and 其中 refer back, a
message of names and 呢 refines the last question, an off-topic message is declined without touching
the conversation, and a school without the stage asked says so. On data/samples/青河县.xlsx.

Hand-checked from the sample rows: 青河县城关第三小学 1460 小学生, 10 骨干 → ⌈14.6⌉ − 10 = 5;
新集镇初级中学 940 初中生, 7 体育艺术 → ⌈0.9 × 9.4⌉ = ⌈8.46⌉ = 9 − 7 = 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, respond
from tests.planner.chat_search import MemorySearch

COUNTY = Path(__file__).resolve().parents[2] / "data" / "samples" / "青河县.xlsx"
S3 = "青河县城关第三小学"


@pytest.fixture(scope="module")
def ctx():
    frame = load_schools(COUNTY).frame
    ev = evaluate(frame, load_standard("quality_2017"))
    return ChatContext(evaluation=ev, schools=frame, search=MemorySearch(), region="青河县", level="county")


def talk(ctx, *turns):
    state = ChatState()
    return [respond(t, ctx, state) for t in turns], state


def test_a_county_question_after_a_school_is_about_the_county(ctx):
    (_, overview, drag), _ = talk(ctx, "城关三小差多少", "全县达标情况怎样", "哪项指标最拖后腿")
    assert overview.intent == "overview" and drag.intent == "drag"
    assert f"按 {S3}" not in overview.text and f"按 {S3}" not in drag.text


def test_a_short_follow_up_stays_on_the_school_and_says_so(ctx):
    (_, reply), _ = talk(ctx, "城关三小哪些指标没达标", "差多少？")
    assert reply.text.startswith(f"（按 {S3} 理解）")
    assert "需增加**5人**" in reply.text


def test_an_off_topic_message_is_declined_without_touching_the_conversation(ctx):
    (_, weather, again), _state = talk(ctx, "新集初中差在哪", "明天天气怎么样", "它的体艺老师呢")
    assert weather.intent == "refused" and "新集" not in weather.text
    assert again.intent == "school_gaps"
    assert "按 新集镇初级中学" in again.text and "需增加**2人**" in again.text


def test_a_persons_private_data_is_declined_even_with_a_school_named(ctx):
    (reply,), _ = talk(ctx, "帮我查一下新集初中校长的手机号")
    assert reply.intent == "refused" and "新集" not in reply.text


def test_it_after_a_county_question_is_asked_not_guessed(ctx):
    (_, _, reply), _ = talk(ctx, "城关三小差多少", "全县达标情况怎样", "它的骨干教师呢")
    assert reply.intent == "clarify" and "哪所学校" in reply.text


def test_a_school_without_the_stage_asked_says_so(ctx):
    (_, reply), _ = talk(ctx, "城关一小怎么样", "那初中呢")
    assert "青河县城关第一小学**没有初中学段（只有小学）" in reply.text
    assert "需增加" not in reply.text


def test_within_narrows_to_the_last_answers_list(ctx):
    (listing, reply), _ = talk(ctx, "小学有几所没达标", "其中石桥镇的是哪几所")
    # 石桥镇中心小学 (运动场), 东岭 (骨干), 西沟 (设备, 多媒体) fail; 南庄 passes
    assert "**9所**" in listing.text
    assert "其中石桥镇小学有**3所**：石桥镇中心小学、石桥镇东岭小学、石桥镇西沟小学" in reply.text
    assert "青河县城关第一小学" not in reply.text


def test_another_town_alone_repeats_the_last_question_for_it(ctx):
    (first, second), _ = talk(ctx, "城关镇有几所学校没达标", "换成石桥镇呢")
    # 城关镇: 城关一小, 城关三小, 育英 (both stages); 石桥镇: 中心小学, 东岭, 西沟
    assert "未达标的有**3所**" in first.text and "城关镇" in first.text
    assert "石桥镇参评的5所学校中，未达标的有**3所**" in second.text


def test_an_ambiguous_short_name_is_read_in_the_last_schools_town(ctx):
    (_, reply), _ = talk(ctx, "新集中心小学怎么样", "二小呢")
    assert "“二小”按 新集镇第二小学 理解" in reply.text
    assert "**新集镇第二小学**" in reply.text


def test_an_ambiguous_short_name_with_nothing_to_go_on_is_asked_back(ctx):
    (reply,), _state = talk(ctx, "二小怎么样")
    assert reply.intent == "clarify"
    assert set(reply.suggestions) == {"青河县城关第二小学", "新集镇第二小学"}


def test_a_sound_alike_name_is_read_as_the_school_and_says_so(ctx):
    (reply,), _ = talk(ctx, "石乔中心校运动场差多少")
    # 7.5 × 1060 = 7950 ㎡ needed, 6237 ㎡ of 运动场地 and no 体育馆 → 1713 ㎡
    assert "“石乔中心校”按 石桥镇中心小学 理解" in reply.text
    assert "需增加**1713.00㎡**" in reply.text


def test_a_kind_of_school_without_a_place_is_asked_back(ctx):
    (reply,), _ = talk(ctx, "中心小学差什么")
    assert reply.intent == "clarify"
    assert set(reply.suggestions) == {"石桥镇中心小学", "新集镇中心小学", "柳林乡中心小学", "白沙乡中心小学"}


def test_a_kind_of_school_asked_of_all_of_them_covers_all_of_them(ctx):
    (reply,), _ = talk(ctx, "中心小学都达标了吗")
    # 石桥镇中心小学 misses 运动场 (5.88 < 7.5 ㎡ and below 85 %); the other three meet every indicator
    assert "这4所小学" in reply.text and "3所达标，1所未达标" in reply.text
    assert "石桥镇中心小学未达标指标：体育运动场馆" in reply.text


def test_a_town_the_data_does_not_have_is_said_never_answered_with_the_county(ctx):
    (reply,), _ = talk(ctx, "清水镇有几所学校")
    assert reply.intent == "clarify" and "数据中没有“清水镇”" in reply.text
    assert "28所" not in reply.text


def test_a_town_written_with_a_sound_alike_character_is_read_and_said(ctx):
    (reply,), _ = talk(ctx, "心集镇一共差多少骨干老师")
    # 新集镇初级中学 ⌈9.4⌉ − 6 = 4; 新集镇中心小学, 第二小学, 李庄, 第二初级中学 meet it
    assert "“心集镇”按 新集镇 理解" in reply.text and "合计还需增加**4人**" in reply.text


def test_a_short_name_after_another_town_is_not_that_towns_school(ctx):
    (reply,), _ = talk(ctx, "柳林三小差啥")  # there is a 城关三小 but no 柳林三小
    assert reply.intent == "clarify" and "青河县城关第三小学" not in reply.suggestions


def test_a_vague_number_of_teachers_to_add_is_asked_back(ctx):
    (reply,), _ = talk(ctx, "给城关三小加几个骨干老师会怎样")
    assert reply.intent == "clarify" and "“几个骨干老师”不是确切数量" in reply.text


def test_what_a_school_is_is_read_from_its_row(ctx):
    (reply,), _ = talk(ctx, "育英学校是民办的吗")
    assert reply.intent == "school_profile"
    assert reply.text.startswith("**青河县育英学校**：九年一贯制学校，民办，城关镇")
    assert "小学在校生720人、18个班；初中在校生540人、12个班" in reply.text


def test_within_keeps_the_last_questions_indicator_for_the_largest_shortfall(ctx):
    (_, reply), _ = talk(ctx, "哪些小学骨干教师不够", "其中哪所缺得最多")
    # 城关三小 ⌈14.6⌉ − 10 = 5 and 育英 小学部 ⌈7.2⌉ − 3 = 5 (tie, file order), 东岭 2, 中新 2
    assert reply.intent == "rank" and "“骨干教师”缺口最大" in reply.text
    assert "1. **青河县城关第三小学**：需增加**5人**" in reply.text


def test_the_first_of_the_last_list_is_not_declined(ctx):
    (_, reply), _ = talk(ctx, "哪几所学校最差？", "第一个怎么样")
    assert reply.intent == "school_gaps" and reply.text.startswith("（按 第1所：")


def test_why_after_a_schools_verdict_keeps_the_verdict_for_the_next_scope(ctx):
    (_, why, county), _ = talk(ctx, "城关三小达标了吗", "为什么", "那全县呢")
    assert why.intent == "school_gaps" and "骨干" in why.text
    # 17 of the 28 schools pass (see the sample's verdict table); the county is not through
    assert county.intent == "verdict" and "28所，17所达标、**11所未达标**" in county.text


def test_a_question_about_a_place_but_not_its_schools_is_declined(ctx):
    (_, meeting, schools), _ = talk(
        ctx, "白沙乡中心小学怎么样", "明年县里开两会的时间定了没", "柳林乡有几所学校"
    )
    assert meeting.intent == "refused" and "白沙" not in meeting.text
    assert schools.intent == "count_schools" and "柳林乡参评学校共**4所**" in schools.text


def test_the_total_after_one_school_is_assumed_done_said_as_a_fragment(ctx):
    (_, reply), _ = talk(ctx, "全县运动场一共差多少", "要是城关一小那块弄好了呢")
    # 4906.53 ㎡ in all, less 城关一小's 2448 ㎡ = 2458.53 ㎡
    assert reply.intent == "total_gap" and "2458.53㎡" in reply.text


def test_counting_back_after_the_lowest_starts_from_the_lowest(ctx):
    (ranking, reply), _ = talk(ctx, "全县小学骨干教师最少的是哪所", "倒数第二呢")
    # the order runs from the lowest value up, so 倒数第二 is its second school, not its second last
    assert reply.intent == "school_gaps" and "倒数第2所（从最低数起）" in reply.text
    lowest = ranking.ranked
    assert f"：{lowest[1]} 理解" in reply.text


def test_a_ranking_with_its_own_indicator_after_a_comparison_is_a_new_question(ctx):
    (_, reply), _ = talk(ctx, "新集初中和柳林初中哪个骨干老师更缺", "多媒体教室最少的三所")
    assert reply.intent == "rank" and "最低的3个" in reply.text


def test_a_place_word_alone_after_a_verdict_asks_the_verdict_there(ctx):
    (_, _, reply), _ = talk(ctx, "城关三小能不能达标", "为啥", "县里呢")
    assert reply.intent == "verdict" and "全县" in reply.text


def test_an_ask_back_is_answered_by_a_word_of_one_candidates_name(ctx):
    (asked, reply), _ = talk(ctx, "实验的骨干老师够吗", "学校那个")
    # 实验 is 青河县实验小学 or 青河县实验学校; only the second has 学校 in its name
    assert asked.intent == "clarify"
    assert reply.intent == "school_gaps" and "按 青河县实验学校 理解" in reply.text


def test_only_the_stage_said_after_a_list_narrows_it(ctx):
    (_, reply), _ = talk(ctx, "新集镇有哪几所没达标", "就说初中的")
    assert reply.intent == "count_schools" and "按 新集镇、初中 理解" in reply.text


def test_the_whole_countys_junior_schools_are_no_school_name(ctx):
    (reply,), _ = talk(ctx, "全县初中有几所达标")
    assert reply.intent == "count_schools" and "理解" not in reply.text


def test_a_towns_teachers_enough_is_its_shortfall_in_teachers(ctx):
    (reply,), _ = talk(ctx, "新集镇的学校老师够不够")
    # 新集镇初级中学: 骨干 ⌈9.4⌉ − 6 = 4 and 体育艺术 2 (see above); 人 only, no ㎡ or 万元
    assert reply.intent == "total_gap" and reply.text.startswith("新集镇各项差距合计：教师")
    assert "㎡" not in reply.text.split("分项如下")[0]


def test_the_senior_part_of_a_school_is_outside_the_evaluation(ctx):
    (_, reply), _ = talk(ctx, "育英学校初中部骨干够吗", "高中部呢")
    assert reply.intent == "senior" and "只评小学和初中学段" in reply.text


def test_leaving_out_a_kind_after_a_total_is_no_school_name(ctx):
    (_, reply), _ = talk(ctx, "全县小学设备还差多少钱", "不算教学点呢")
    # 新集镇王湾教学点's 1.31 万元 drops out; 石桥镇西沟小学's 12.74 万元 stays
    assert reply.intent == "total_gap" and "不含教学点" in reply.text
    assert "12.74万元" in reply.text and "王湾" not in reply.text
