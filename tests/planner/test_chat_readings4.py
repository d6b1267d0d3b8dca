"""Readings added in issue 16's fourth round, kinds of question rather than sentences: an exclusion word
binds to what follows it, and enrolment and classes are totals by scope and 学段. On
data/samples/青河县.xlsx, figures from its rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, respond

COUNTY = Path(__file__).resolve().parents[2] / "data" / "samples" / "青河县.xlsx"


@pytest.fixture(scope="module")
def ctx():
    frame = load_schools(COUNTY).frame
    ev = evaluate(frame, load_standard("quality_2017"))
    return ChatContext(evaluation=ev, schools=frame, region="青河县", level="county")


def ask(ctx, *turns):
    state = ChatState()
    return [respond(t, ctx, state) for t in turns]


def test_a_town_before_an_exclusion_word_stays_the_subject(ctx):
    (reply,) = ask(ctx, "石桥镇不算教学点，骨干老师一共缺几个")
    text = reply.plain()
    assert text.startswith("石桥镇（不含教学点）") and "以外" not in text


def test_an_exclusion_word_after_its_kind_still_leaves_it_out(ctx):
    (reply,) = ask(ctx, "民办的不算，初中骨干教师一共差多少")
    assert "公办初中" in reply.plain() and "育英学校" not in reply.plain()


def test_a_towns_students_are_summed_by_stage(ctx):
    (reply,) = ask(ctx, "白沙乡中小学学生总数是多少")
    # 小学 中心小学690 + 九年一贯制420 + 河湾240 = 1350; 初中 九年一贯制360; 马家教学点28 not judged
    # 班级 17 + 15 + 8 = 40 and 12
    assert "白沙乡参评学校在校生合计1710人（小学1350人、初中360人）" in reply.plain()
    assert "班级合计52个（小学40个、初中12个）" in reply.plain()
    assert "白沙乡中心小学（小学，在校生690人）" not in reply.plain()  # 中小学 is no short name of 中心小学


def test_the_stage_of_a_total_just_given_is_its_part(ctx):
    _, part = ask(ctx, "新集镇一共有多少在校生", "其中初中多少")
    # 新集镇初级中学940 + 第二初级中学520 = 1460
    assert "在校生合计1460人" in part.plain() and "新集镇" in part.plain()


def test_the_judged_stage_total_is_not_a_policy_question(ctx):
    (reply,) = ask(ctx, "参评的初中总共有多少学生")
    # 1720+1310+760+540+880+940+620+360+1150+520 = 8800
    assert reply.intent == "overview" and "在校生合计8800人" in reply.plain()
