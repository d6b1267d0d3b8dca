"""Policy answers through the real index: the answering clause first, refusal when not covered."""

from __future__ import annotations

import pytest

from metrics import evaluate, load_standard
from planner.chat import ChatContext, ChatState, respond
from tests.planner.frames import town_frame


@pytest.fixture(scope="module")
def ctx(policy_index):
    frame = town_frame()
    return ChatContext(
        evaluation=evaluate(frame, load_standard("quality_2017")), schools=frame, search=policy_index.search
    )


def ask(ctx, text):
    return respond(text, ctx, ChatState())


def test_an_indicators_standard_is_read_from_the_standard_and_cites_its_item(ctx):
    reply = ask(ctx, "体育艺术老师按什么标准配")
    assert reply.intent == "standard_rule"
    assert reply.citations[0].doc_no == "教督〔2017〕6号"
    assert "0.9人" in reply.citations[0].text


def test_class_size_is_answered_from_the_2017_document_first(ctx):
    reply = ask(ctx, "班额有什么要求")
    assert reply.citations[0].doc_no == "教督〔2017〕6号"
    assert "45人" in reply.citations[0].text


@pytest.mark.parametrize(
    "question", ["学校食堂生均面积有什么规定？", "校车怎么管理？", "营养餐补助标准是多少？"]
)
def test_a_question_the_corpus_does_not_cover_is_refused(ctx, question):
    reply = ask(ctx, question)
    assert reply.text.startswith("政策库中没有找到")
    assert not reply.citations


def test_example_plans_with_placeholders_are_quoted_only_when_asked_for(ctx):
    assert all("XXXX" not in c.text for c in ask(ctx, "全镇均衡发展的目标任务有什么要求").citations)


def test_quoted_sources_show_no_evidence_tags():
    from planner.chat.types import Citation

    # the standard's YAML marks its sources [V]/[S]/[M] for maintainers; a reader never sees them
    c = Citation("县域义务教育优质均衡发展督导评估办法", "教督〔2017〕6号", "", "小学4.2人 [V]；85% [M]", "x")
    assert c.text == "小学4.2人；85%"
