"""Every example phrasing of the intents table (planner/chat/intents.yaml) reaches its tool, on the
sample county; "A || B" asks A first, so that B is a follow-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, respond
from planner.chat.intents import Routed, intent_table, route
from tests.planner.chat_search import MemorySearch

COUNTY = Path(__file__).resolve().parents[2] / "data" / "samples" / "青河县.xlsx"
EXAMPLES = [(rule.name, rule.tool, example) for rule in intent_table() for example in rule.examples]


@pytest.fixture(scope="module")
def ctx():
    frame = load_schools(COUNTY).frame
    return ChatContext(
        evaluation=evaluate(frame, load_standard("quality_2017")), schools=frame, search=MemorySearch()
    )


@pytest.mark.parametrize(("rule", "tool", "example"), EXAMPLES, ids=[f"{r}:{e}" for r, _, e in EXAMPLES])
def test_example_reaches_its_tool(ctx, rule, tool, example):
    state = ChatState()
    *before, question = example.split(" || ")
    for turn in before:
        respond(turn, ctx, state)
    routed = route(question, ctx, state)
    assert isinstance(routed, Routed), routed.text
    assert routed.tool == tool


def test_the_table_has_examples_for_every_intent():
    assert all(rule.examples for rule in intent_table())
