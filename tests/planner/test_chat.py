"""The chat engine on the sample county (data/samples/青河县.xlsx) and town, quality_2017, with a small
in-memory policy search (tests/planner/chat_search.py); the real index is used in test_chat_policy.py.

Expected figures were checked by hand from the sample rows, e.g. 石桥镇中心小学: 1060 小学生, 6237 ㎡
of 运动场地 and no 体育馆 → 7.5 × 1060 = 7950 ㎡ needed → add 1713 ㎡; 柳林乡中新小学: 450 小学生, 3 骨干
→ ⌈1.0 × 450 / 100⌉ = 5 needed → add 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import TOOLS, ChatContext, ChatState, default_api, respond
from tests.planner.chat_search import MemorySearch

ROOT = Path(__file__).resolve().parents[2]
COUNTY = ROOT / "data" / "samples" / "青河县.xlsx"
TOWN = ROOT / "data" / "samples" / "城关镇.xlsx"


@pytest.fixture(scope="module")
def county():
    frame = load_schools(COUNTY).frame
    return frame, evaluate(frame, load_standard("quality_2017"))


@pytest.fixture
def ctx(county):
    frame, ev = county
    return ChatContext(evaluation=ev, schools=frame, search=MemorySearch(), region="青河县", level="district")


def talk(ctx, *turns):
    state = ChatState()
    return [respond(t, ctx, state) for t in turns], state


# --- school names ---------------------------------------------------------------------------------


def test_a_central_school_short_name_is_the_primary_school_not_the_junior_one(ctx):
    (reply,), _ = talk(ctx, "石桥中心校运动场还差多少平方")
    assert reply.intent == "school_gaps"
    assert "**石桥镇中心小学**" in reply.text
    assert "石桥镇初级中学" not in reply.text
    assert "需增加**1713.00㎡**" in reply.text


def test_a_name_that_fits_no_school_exactly_is_asked_back_with_candidates(ctx):
    (reply,), _ = talk(ctx, "柳林中兴小学哪项不合格")
    assert reply.intent == "clarify"
    assert "柳林乡中新小学" in reply.suggestions
    assert "**" not in reply.text  # no school's figures are given


def test_the_chosen_candidate_answers_the_original_question(ctx):
    (ask, reply), _ = talk(ctx, "柳林中兴小学哪项不合格", "2")
    assert ask.suggestions[1] == "柳林乡中新小学"
    assert "按 柳林乡中新小学 理解" in reply.text
    assert "需增加**2人**" in reply.text


def test_an_exact_near_twin_name_resolves_to_itself(ctx):
    (reply,), _ = talk(ctx, "柳林中新小学哪项不合格")
    assert "**柳林乡中新小学**" in reply.text
    assert "柳林乡初级中学" not in reply.text


def test_a_number_short_name_shared_by_two_schools_is_asked_back(ctx):
    (reply,), _ = talk(ctx, "二中怎么样")
    assert reply.intent == "clarify"
    assert set(reply.suggestions) == {"青河县第二初级中学", "新集镇第二初级中学"}


def test_a_school_missing_from_the_data_is_not_replaced_by_another(ctx):
    (reply,), _ = talk(ctx, "城关五小怎么样")
    assert reply.intent == "clarify"
    assert "城关五小" in reply.text


# --- follow-ups -----------------------------------------------------------------------------------


def test_how_much_after_a_school_question_answers_about_that_school(ctx):
    (_, reply), _ = talk(ctx, "新集初中哪些指标不达标", "差多少？")
    assert reply.intent == "school_gaps"
    assert "按 新集镇初级中学" in reply.text
    # 940 初中生, 6 骨干 → ⌈9.4⌉ − 6 = 4
    assert "需增加**4人**" in reply.text


def test_then_junior_repeats_the_cv_question_for_the_other_stage(ctx):
    (first, second), _ = talk(ctx, "小学骨干教师的差异系数是多少", "那初中呢？")
    assert first.intent == second.intent == "cv"
    assert first.text.startswith("小学")
    assert "初中“每百名学生拥有县级及以上骨干教师数”" in second.text
    assert "上限0.45" in second.text


def test_it_refers_to_the_last_school(ctx):
    (_, reply), _ = talk(ctx, "城关三小达标了吗", "给它加1名体育老师呢？")
    assert reply.intent == "what_if"
    assert "按 青河县城关第三小学" in reply.text
    # 11 体育艺术 / 1460 → 12: 0.753 → 0.822 per 100
    assert "0.753人 → **0.822人**" in reply.text


def test_another_school_alone_repeats_the_question_for_it(ctx):
    (_, reply), _ = talk(ctx, "石桥中心校差多少", "城关三小呢？")
    assert reply.intent == "school_gaps"
    assert "**青河县城关第三小学**" in reply.text


def test_the_second_one_is_the_second_school_of_the_last_list(ctx):
    (listing, reply), _ = talk(ctx, "骨干教师不达标的学校有哪些", "第二个")
    assert reply.intent == "school_gaps"
    assert listing.listed[1] in reply.text


# --- questions across schools ---------------------------------------------------------------------


def test_total_backbone_teachers_to_add_is_summed_over_schools(ctx):
    (reply,), _ = talk(ctx, "全县总共还要补多少骨干教师")
    # 城关三小 5 + 育英(小学) 5 + 东岭 2 + 中新 2 + 育英(初中) 3 + 新集初中 4 = 21
    assert reply.intent == "total_gap"
    assert "合计还需增加**21人**" in reply.text


def test_counting_passing_junior_schools(ctx):
    (reply,), _ = talk(ctx, "初中有几所达标")
    assert reply.intent == "count_schools"
    assert "初中参评的10所学校中，达标的有**6所**" in reply.text


def test_can_we_pass_gets_a_verdict_and_the_reason(ctx):
    (reply,), _ = talk(ctx, "我们县今年能通过优质均衡认定吗？")
    assert reply.intent == "verdict"
    assert "暂不能通过" in reply.text
    assert "新集镇初级中学" in reply.text


def test_the_indicator_that_drags_most(ctx):
    (reply,), _ = talk(ctx, "哪项指标最拖后腿")
    assert reply.intent == "drag"
    assert "骨干教师" in reply.text.split("\n")[0]


def test_ranking_by_one_indicator_lists_the_lowest_first(ctx):
    (reply,), _ = talk(ctx, "小学骨干教师最少的三所学校")
    assert reply.intent == "rank"
    # 育英 3/720 = 0.417, 中新 3/450 = 0.667, 城关三小 10/1460 = 0.685
    assert reply.listed == ("青河县育英学校", "柳林乡中新小学", "青河县城关第三小学")


# --- what-if --------------------------------------------------------------------------------------


def test_what_if_reads_another_verb_and_the_degree_field(ctx):
    (reply,), _ = talk(ctx, "给柳林中新小学补充3名专科以上学历教师")
    assert reply.intent == "what_if"
    assert "高于规定学历专任教师数3人" in reply.text


def test_what_if_reads_chinese_numbers(ctx):
    (reply,), _ = talk(ctx, "石桥中心校新建两千平方米运动场会怎样")
    # (6237 + 2000) / 1060 = 7.771 ≥ 7.5
    assert "**7.77㎡**" in reply.text
    assert "未达标 → **达标**" in reply.text


def test_an_approximate_amount_is_asked_back(ctx):
    (reply,), _ = talk(ctx, "给城关三小配三十来个老师")
    assert reply.intent == "clarify"
    assert "三十来个" in reply.text


# --- refusal and routing --------------------------------------------------------------------------


def test_a_data_question_never_reaches_policy_search(ctx):
    talk(ctx, "达标的是哪几所学校", "初中有几所达标", "全县总共还要补多少骨干教师", "我们县今年能通过吗")
    assert ctx.search.queries == []


def test_every_reply_names_the_tool_that_answered(ctx):
    replies, _ = talk(ctx, "你好", "班额有什么要求？", "今天天气")
    assert [r.intent for r in replies] == ["help", "policy_search", "refused"]


def test_no_data_asks_for_an_upload():
    (reply,), _ = talk(ChatContext(), "全县达标情况怎样？")
    assert reply.kind == "no_data"


def test_every_tool_has_an_argument_model_and_a_description():
    for name, tool in TOOLS.items():
        assert tool.args.model_json_schema()["type"] == "object", name
        assert tool.description


# --- the plan -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def town():
    frame = load_schools(TOWN).frame
    return frame, evaluate(frame, load_standard("quality_2017"))


@pytest.fixture
def plan_ctx(town):
    frame, ev = town
    return ChatContext(
        evaluation=ev, schools=frame, search=MemorySearch(), region="城关镇", planner=default_api()
    )


def test_draft_revise_and_export_keep_versions(plan_ctx):
    state = ChatState()
    respond("生成城关镇2026—2028年优质均衡实施方案", plan_ctx, state)
    assert state.plan.settings.start_year == 2026
    respond("把起始年改成2027年", plan_ctx, state)
    assert state.plan.settings.start_year == 2027
    respond("主要任务里加一条关于留守儿童的内容", plan_ctx, state)
    assert any("留守儿童" in p.text for s in state.plan.sections for p in s.paragraphs)
    reply = respond("导出Word", plan_ctx, state)
    assert reply.file is not None and reply.file.data[:2] == b"PK"
    assert [label.split("：")[1] for label, _ in state.versions] == [
        "生成方案",
        "2027—2029年",
        "主要任务增加留守儿童",
    ]


def test_plan_questions_read_the_plan(plan_ctx):
    state = ChatState()
    respond("生成实施方案", plan_ctx, state)
    years = respond("方案现在是哪几年？", plan_ctx, state)
    assert years.intent == "plan_query" and "2026—2028年" in years.text
    cost = respond("方案总共要投入多少钱？", plan_ctx, state)
    funds = next(a for a in state.plan.annexes if a.key == "funds")
    assert cost.intent == "plan_costs" and f"**{funds.rows[-1][4]}**" in cost.text  # the annex's 合计
    school = respond("方案里石桥小学安排了哪些建设任务？", plan_ctx, state)
    assert school.intent == "plan_query" and "石桥小学" in school.text


def test_plain_text_holds_table_cells(ctx):
    (reply,), _ = talk(ctx, "城关三小哪些指标没达标")
    assert "需增加" in reply.plain() and " | " in reply.plain()
    json.dumps(reply.plain(), ensure_ascii=False)


def test_an_amount_without_a_field_adds_to_the_indicator_talked_about(ctx):
    (_, first, again), _ = talk(ctx, "石桥中心校运动场还差多少", "如果新建2000平方米呢", "那再加500平方米呢")
    # (6237 + 2000) / 1060 = 7.771; (6237 + 2500) / 1060 = 8.242
    assert first.intent == again.intent == "what_if"
    assert "**7.77㎡**" in first.text
    assert "在上一次模拟的基础上累加" in again.text and "**8.24㎡**" in again.text


def test_a_pronoun_with_another_indicator_keeps_the_school(ctx):
    (_, reply), _ = talk(ctx, "新集初中的体育艺术老师够吗", "它的骨干呢")
    assert "按 新集镇初级中学、骨干教师 理解" in reply.text
    assert "需增加**4人**" in reply.text


def test_counts_by_kind_and_township(ctx):
    (points, private, town), _ = talk(ctx, "有几个教学点", "民办学校有几所", "城关镇有几所小学")
    # 新集镇王湾教学点 (56 pupils) is judged; 红岩 42, 后坪 35, 马家 28 are under 50
    assert "**1所**" in points.text and "共4个" in points.text
    assert "**1所**：青河县育英学校" in private.text
    # 城关一/二/三/四小, 实验小学, and the primary parts of 实验学校 and 育英学校
    assert "城关镇小学参评学校共**7所**" in town.text
