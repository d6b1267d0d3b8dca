"""The chat engine on the sample town (data/samples/城关镇.xlsx), quality_2017.

Expected figures were checked by hand from the sample rows, e.g. 城关第二小学: 1790 小学生, 17 骨干教师
→ 100 × 17 / 1790 = 0.950 per 100 (standard 1.0): 1.0 × 1790 / 100 = 17.9 → 18 needed → add 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, respond
from planner.chat.intents import match_schools, parse, parse_additions
from planner.chat.plan import default_api

ROOT = Path(__file__).resolve().parents[2]
TOWN = ROOT / "data" / "samples" / "城关镇.xlsx"


@pytest.fixture(scope="module")
def town():
    frame = load_schools(TOWN).frame
    return frame, evaluate(frame, load_standard("quality_2017"))


@pytest.fixture
def ctx(town, policy_index):
    frame, ev = town
    return ChatContext(
        evaluation=ev, schools=frame, search=policy_index.search, region="城关镇", planner=default_api()
    )


def ask(ctx, text, state=None):
    state = state if state is not None else ChatState()
    return respond(text, ctx, state), state


NAMES = ["城关第一小学", "城关第二小学", "河西小学", "城关第一初级中学", "城关镇实验学校", "河西初级中学"]


def test_short_name_finds_the_full_school_name():
    assert match_schools("城关二小差多少", NAMES).names == ("城关第二小学",)


def test_a_typo_in_a_school_name_is_forgiven():
    match = match_schools("城关第二小雪怎么样", ["城关第一小学", "城关第二小学"])
    assert match.names == ("城关第二小学",)


def test_a_name_fitting_two_schools_is_ambiguous():
    match = match_schools("城关三小怎么样", ["城关第一小学", "城关第二小学"])
    assert set(match.ambiguous) == {"城关第一小学", "城关第二小学"}


def test_stage_word_is_read_after_the_school_name():
    intent = parse("城关镇实验学校初中部达标吗", NAMES)
    assert intent.schools.names == ("城关镇实验学校",)
    assert intent.stage == "junior"


def test_what_if_words_map_to_upload_columns():
    assert parse_additions("增加2名体育教师和500平方米运动场") == (
        ("pe_art_teachers", 2.0),
        ("sports_field_area", 500.0),
    )
    assert parse_additions("添置20万元仪器设备") == (("equipment_value", 20.0),)
    assert parse_additions("增加3间多媒体教室") == (("multimedia_rooms", 3.0),)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("城关二小哪些指标没达标？差多少？", "school"),
        ("初中骨干教师的差异系数是多少？", "cv"),
        ("全镇达标情况怎样？", "overview"),
        ("哪几所学校最差？", "worst"),
        ("班额有什么要求？", "policy"),
        ("如果给河西小学增加2名体育教师会怎样？", "what_if"),
        ("生成城关镇2026—2028年优质均衡实施方案", "draft"),
        ("把起始年改成2027年", "settings"),
        ("主要任务里加一条关于留守儿童的内容", "add"),
        ("重写保障措施", "rewrite"),
        ("删掉第三条任务", "delete"),
        ("导出Word", "export"),
    ],
)
def test_each_example_question_gets_its_intent(text, kind):
    assert parse(text, NAMES, ("backbone_teachers_per_100",)).kind == kind


def test_draft_request_reads_region_and_years():
    intent = parse("生成城关镇2026—2028年优质均衡实施方案")
    assert (intent.region, intent.start_year, intent.years, intent.standard) == (
        "城关镇",
        2026,
        3,
        "quality_2017",
    )


def test_school_gaps_name_the_indicator_and_the_shortfall(ctx):
    reply, _ = ask(ctx, "城关二小哪些指标没达标？差多少？")
    # 100 × 17 / 1790 = 0.950 骨干教师 per 100 students; 18 needed, 17 on staff
    assert "城关第二小学" in reply.text
    assert "本校0.950人，标准1人，需增加**1人**" in reply.text
    assert "学校**达标**" in reply.text  # 6 of 7 met, the 7th at 95 % ≥ 85 %
    assert reply.tables[0].rows[1][4] == "1人"


def test_failing_school_gets_the_smallest_fix(ctx):
    reply, _ = ask(ctx, "城关一小差在哪？")
    # 2310 students: 4.5 × 2310 = 10395 ㎡ needed for 教学及辅助用房, 7.5 × 2310 = 17325 ㎡ for 体育场馆
    assert "需增加**110.00㎡**" in reply.text
    assert "需增加**2555.00㎡**" in reply.text
    assert "最少需补齐：教学及辅助用房（增加110.00㎡）" in reply.text


def test_cv_question_answers_with_the_stage_cv_and_limit(ctx):
    reply, _ = ask(ctx, "初中骨干教师的差异系数是多少？")
    assert "差异系数为**0.085**" in reply.text
    assert "上限0.45" in reply.text


def test_overview_counts_passing_schools_and_failing_cvs(ctx):
    reply, _ = ask(ctx, "全镇达标情况怎样？")
    assert "8/12个学校（学段）达标" in reply.text
    assert "骨干教师 0.605" in reply.text
    assert reply.charts and reply.charts[0].limit == 0.5


def test_weakest_school_is_the_one_with_most_unmet_indicators(ctx):
    reply, _ = ask(ctx, "哪几所学校最差？")
    assert reply.tables[0].rows[0][:3] == ["石桥小学", "小学", "3"]


def test_policy_answer_quotes_the_passage_with_its_document_and_section(ctx):
    reply, _ = ask(ctx, "优质均衡小学生均体育运动场馆面积要达到多少？")
    first = reply.citations[0]
    assert first.doc_no == "教督〔2017〕6号"
    assert first.section and first.section in reply.text
    assert "7.5" in reply.text


def test_policy_question_without_an_answer_is_refused(ctx):
    reply, _ = ask(ctx, "食堂招标有什么规定？")
    assert reply.text.startswith("政策库中没有找到")
    assert not reply.citations


def test_what_if_recomputes_school_verdict_and_cv(ctx):
    reply, _ = ask(ctx, "如果给石桥小学增加1名骨干教师会怎样？")
    # 石桥小学 187 students, 1 → 2 骨干: 100 × 2 / 187 = 1.070 ≥ 1.0
    assert "0.535人 → **1.070人**" in reply.text
    assert "3项 → 2项" in reply.text
    assert reply.tables[0].rows[0][2:4] == ["0.605", "0.594"]


def test_ambiguous_name_is_asked_back_and_the_answer_resolves_it(ctx):
    reply, state = ask(ctx, "城关三小怎么样")
    assert reply.kind == "clarify"
    assert set(reply.suggestions) == {"城关第一小学", "城关第二小学"}
    reply, _ = ask(ctx, "2", state)
    assert reply.kind == "school"
    assert "城关第二小学" in reply.text


def test_unknown_request_lists_clickable_examples(ctx):
    reply, _ = ask(ctx, "今天天气")
    assert reply.kind == "help"
    assert any("哪些指标没达标" in q for q in reply.suggestions)


def test_no_data_asks_for_an_upload():
    reply, _ = ask(ChatContext(), "全镇达标情况怎样？")
    assert reply.kind == "no_data"


def test_draft_revise_and_export_keep_versions(ctx):
    state = ChatState()
    reply, _ = ask(ctx, "生成城关镇2026—2028年优质均衡实施方案", state)
    assert reply.new_plan and state.plan.settings.start_year == 2026
    ask(ctx, "把起始年改成2027年", state)
    assert state.plan.settings.start_year == 2027
    tasks_before = len([s for s in state.plan.sections if s.key.startswith("tasks.")])
    ask(ctx, "主要任务里加一条关于留守儿童的内容", state)
    assert any("留守儿童" in p.text for s in state.plan.sections for p in s.paragraphs)
    ask(ctx, "删掉第三条任务", state)
    assert len([s for s in state.plan.sections if s.key.startswith("tasks.")]) == tasks_before - 1
    reply, _ = ask(ctx, "导出Word", state)
    assert reply.file is not None and reply.file.data[:2] == b"PK"
    assert [label.split("：")[1] for label, _ in state.versions] == [
        "生成方案",
        "2027—2029年",
        "主要任务增加留守儿童",
        "删除主要任务第3条",
    ]


def test_rewrite_restores_a_deleted_part(ctx):
    state = ChatState()
    ask(ctx, "生成实施方案", state)
    first = [s.title for s in state.plan.sections]
    ask(ctx, "删掉保障措施第1条", state)
    assert [s.title for s in state.plan.sections] != first
    ask(ctx, "重写保障措施", state)
    assert [s.title for s in state.plan.sections] == first


def test_indicator_answer_states_the_standard_value_and_cites_it(ctx):
    reply, _ = ask(ctx, "小学生均教学仪器设备值哪些学校不够？")
    assert reply.kind == "indicator"
    assert "标准值2000元以上（教督〔2017〕6号）" in reply.text
    # 石桥小学: 1411.23 元 per pupil, the only 小学 under 2000
    assert "1所学校未达到标准：石桥小学" in reply.text
    assert reply.citations[0].doc_no == "教督〔2017〕6号"
    assert "2000元" in reply.citations[0].text


def test_asking_what_an_indicator_must_reach_is_a_policy_question(ctx):
    reply, _ = ask(ctx, "优质均衡初中生均体育运动场馆面积要达到多少？")
    assert reply.kind == "policy"


def test_how_a_cv_is_computed_is_answered_from_the_corpus(ctx):
    reply, _ = ask(ctx, "差异系数怎么计算？")
    assert reply.kind == "policy"
    assert "在校生" in reply.text


def test_class_size_answer_quotes_the_near_tie_with_the_45_and_50_limits(ctx):
    reply, _ = ask(ctx, "班额有什么要求？")
    assert "小学45人、初中50人" in reply.text
