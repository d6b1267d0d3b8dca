"""Every example phrasing of the grammar (planner/chat/grammar.yaml) is read as its rule's measure on the
sample county; "A || B" asks A first, so that B is a follow-up. The lexicon and grammar load cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, default_api, respond
from planner.chat.grammar import rules
from planner.chat.reading import lexicon
from planner.chat.router import Routed, route
from tests.planner.chat_search import MemorySearch

COUNTY = Path(__file__).resolve().parents[2] / "data" / "samples" / "青河县.xlsx"
EXAMPLES = [(rule.measure, example) for rule in rules() for example in rule.examples]
REPLIED = {"thanks": "thanks", "polish": "clarify", "senior": "senior"}
"""Measures answered by the router itself (no tool)."""
NEEDS_PLAN = {"edit_start", "edit_insert", "edit_replace", "edit_delete", "polish", "basis"}


@pytest.fixture(scope="module")
def ctx():
    frame = load_schools(COUNTY).frame
    return ChatContext(
        evaluation=evaluate(frame, load_standard("quality_2017")),
        schools=frame,
        search=MemorySearch(),
        region="青河县",
        level="county",
        planner=default_api(),
    )


@pytest.fixture(scope="module")
def drafted(ctx):
    state = ChatState()
    respond("生成实施方案", ctx, state)
    return state.plan


@pytest.mark.parametrize(("measure", "example"), EXAMPLES, ids=[f"{m}:{e}" for m, e in EXAMPLES])
def test_example_is_read_as_its_measure(ctx, drafted, measure, example):
    state = ChatState()
    if measure in NEEDS_PLAN:
        state.set_plan(drafted, "第1版：生成方案")
    *before, question = example.split(" || ")
    for turn in before:
        respond(turn, ctx, state)
    routed = route(question, ctx, state)
    if measure in REPLIED:
        assert routed.intent == REPLIED[measure]
        return
    if measure == "what_if" and ("来个" in question or "几个" in question):
        assert routed.intent == "clarify"  # an approximate amount is asked back
        return
    assert isinstance(routed, Routed), routed.text
    assert routed.rule == measure


def test_every_rule_has_examples_and_names_known_classes():
    assert all(rule.examples for rule in rules())  # rules() itself rejects an unknown class


def test_a_longer_word_wins_over_the_words_inside_it():
    words = lexicon().words
    # 不达标 is a failure, never a pass; 差异系数 is a CV, never a shortfall (差)
    assert "failed" in words["不达标"] and "passed" not in words["不达标"]
    assert words["差异系数"] == frozenset({"cv"})
