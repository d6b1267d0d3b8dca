"""Edits of the plan said in the chat, without a language model (issue 16): a sentence inserted into a
named section, replaced or deleted, and a new start (month or year), each a new version that keeps the
official's hand edits or says which it could not keep. On data/samples/城关镇.xlsx."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, default_api, respond
from planner.chat.edits import shift_months
from tests.planner.chat_search import MemorySearch

TOWN = Path(__file__).resolve().parents[2] / "data" / "samples" / "城关镇.xlsx"
FUNDS = "县财政每年安排专项资金不少于500万元。"


@pytest.fixture(scope="module")
def ctx():
    frame = load_schools(TOWN).frame
    ev = evaluate(frame, load_standard("quality_2017"))
    return ChatContext(
        evaluation=ev, schools=frame, search=MemorySearch(), region="城关镇", planner=default_api()
    )


@pytest.fixture
def state(ctx):
    state = ChatState()
    respond("生成实施方案", ctx, state)
    return state


def _texts(plan, prefix=""):
    return [p.text for s in plan.sections if s.key.startswith(prefix) for p in s.paragraphs]


def test_a_sentence_is_inserted_into_the_named_section_as_the_officials_own(ctx, state):
    reply = respond(f"在保障措施里加一句：{FUNDS}", ctx, state)
    assert reply.intent == "edit" and reply.plan_changed
    last = [s for s in state.plan.sections if s.key.startswith("safeguards")][-1].paragraphs[-1]
    assert (last.text, last.origin) == (FUNDS, "user")
    assert [label.split("：")[1] for label, _ in state.versions] == ["生成方案", "保障措施加一句"]


def test_quoted_words_are_replaced_wherever_they_stand(ctx, state):
    assert any("月调度" in t for t in _texts(state.plan))
    reply = respond("把“月调度”改成“周调度”", ctx, state)
    assert "周调度" in reply.text
    assert not any("月调度" in t for t in _texts(state.plan))
    changed = next(p for s in state.plan.sections for p in s.paragraphs if "周调度" in p.text)
    assert changed.origin == "user"


def test_a_quoted_sentence_is_deleted_and_the_rest_of_its_paragraph_kept(ctx, state):
    before = next(t for t in _texts(state.plan) if "依规严肃问责" in t)
    respond("删掉“依规严肃问责”这句话", ctx, state)
    after = _texts(state.plan)
    assert not any("依规严肃问责" in t for t in after)
    first_sentence = before.split("。")[0] + "。"
    assert any(t.startswith(first_sentence) for t in after)  # the paragraph's other sentences stay


def test_words_not_in_the_plan_are_said_so(ctx, state):
    reply = respond("把“不存在的句子”改成“别的”", ctx, state)
    assert "没有找到“不存在的句子”" in reply.text
    assert len(state.versions) == 1


def test_month_numbers_move_to_a_later_start_and_stop_at_december():
    text = "3月底前完成立项，5月开工建设，2027年8月底前竣工；4—8月完成采购；3—12月组织培训。"
    moved, shift = shift_months(text, 6)
    # the earliest month 3 becomes 6: +3, 12 stays 12, another year's 2027年8月 is not moved
    assert shift == 3
    assert moved == "6月底前完成立项，8月开工建设，2027年8月底前竣工；7—11月完成采购；6—12月组织培训。"


def test_a_start_month_rewrites_the_first_years_time_arrangement_only(ctx, state):
    second_before = _texts(state.plan, "steps.2027")
    reply = respond("实施步骤改成2026年6月开始", ctx, state)
    assert reply.intent == "edit" and "2026年6月" in reply.text
    first = next(p for p in state.plan.section("steps.2026").paragraphs if "时间安排" in p.text)
    assert "时间安排：2026年6月启动；" in first.text and first.origin == "user"
    assert _texts(state.plan, "steps.2027") == second_before


def test_a_new_start_year_keeps_the_hand_edits_and_says_so(ctx, state):
    respond(f"在保障措施里加一句：{FUNDS}", ctx, state)
    reply = respond("把起始年改成2027年", ctx, state)
    assert state.plan.settings.start_year == 2027
    assert FUNDS in _texts(state.plan)
    assert "已保留您手工修改的" in reply.text and "原方案为第2版" in reply.text


def test_asking_for_better_wording_without_a_model_says_what_can_be_done(ctx, state):
    reply = respond("把保障措施写得更具体", ctx, state)
    assert reply.intent == "clarify"
    assert "在保障措施里加一句" in reply.text and len(state.versions) == 1


def test_a_sentence_goes_into_the_sub_section_named(ctx, state):
    respond(f"在强化经费保障里加一句：{FUNDS}", ctx, state)
    assert state.plan.section("safeguards.funds").paragraphs[-1].text == FUNDS
    assert FUNDS not in _texts(state.plan, "safeguards.publicity")


def test_a_sentence_said_without_quotes_is_inserted_where_named(ctx, state):
    reply = respond("保障措施加一条 镇政府每季度召开一次推进会", ctx, state)
    assert reply.intent == "edit" and "保障措施" in reply.text
    assert "镇政府每季度召开一次推进会。" in _texts(state.plan)


def test_the_start_moved_by_its_month_in_words(ctx, state):
    respond("开始时间推迟到九月", ctx, state)
    first = next(s for s in state.plan.sections if s.key.startswith("steps."))
    assert any("时间安排：2026年9月启动；" in p.text for p in first.paragraphs)


def test_a_document_is_added_to_the_basis_of_the_opening_sentence(ctx, state):
    reply = respond("依据文件里再加上教基厅函〔2021〕43号", ctx, state)
    opening = state.plan.sections[0].paragraphs[0]
    # the new document sits before 等文件精神, the opening sentence marked as the official's
    assert "（教督〔2017〕6号）、教基厅函〔2021〕43号等文件精神" in opening.text
    assert opening.origin == "user" and "已在方案开头的文件依据中加入" in reply.text


def test_an_edit_without_a_plan_says_what_it_understood():
    frame = load_schools(TOWN).frame
    ctx = ChatContext(
        evaluation=evaluate(frame, load_standard("quality_2017")), schools=frame, region="城关镇"
    )
    reply = respond("主要任务里加一句 推进教学点与中心校一体化管理", ctx, ChatState())
    assert "还没有方案" in reply.text and "“主要任务”" in reply.text and "一体化管理" in reply.text
