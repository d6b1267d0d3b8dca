"""Readings added in issue 16's third round, each a kind of question rather than a sentence: a 乡镇's
short name that is also a school's, 乡镇 by 乡镇 totals, the 85% floor of a standard, lists below it,
the next school of a ranking, kinds of school and statuses beyond the verdict. On the spent blind set's
鹭洲区 workbook (bench/blind/chat_r2), with the writer's hand-checked figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, respond

DISTRICT = Path(__file__).resolve().parents[2] / "bench" / "blind" / "chat_r2" / "鹭洲区.xlsx"


@pytest.fixture(scope="module")
def ctx():
    frame = load_schools(DISTRICT).frame
    ev = evaluate(frame, load_standard("quality_2017"))
    return ChatContext(evaluation=ev, schools=frame, region="鹭洲区", level="district")


def ask(ctx, *turns):
    state = ChatState()
    return [respond(t, ctx, state) for t in turns]


def test_a_short_name_of_a_street_and_of_schools_is_asked_back_and_answered_by_the_street(ctx):
    asked, answered = ask(ctx, "东沙的仪器设备差多少", "街道")
    assert asked.intent == "clarify" and "东沙街道" in asked.plain() and "东沙小学" in asked.plain()
    # 东沙街道: 第五小学 32.20 + 东沙小学 17.60 = 49.80 万元
    assert "东沙街道" in answered.plain() and "49.80万元" in answered.plain()


def test_a_total_of_the_short_name_is_the_street(ctx):
    (reply,) = ask(ctx, "东沙一共差多少设备")
    assert reply.intent == "total_gap" and "49.80万元" in reply.plain()


def test_each_street_gets_its_own_total(ctx):
    (reply,) = ask(ctx, "各个街道骨干教师缺口分别是多少")
    # 东沙 5+4+8 = 17, 白塔 4+4+4+4 = 16, 锦屏 8+3+1 = 12, 鹭湖 9
    for line in ("东沙街道：缺17人", "白塔镇：缺16人", "锦屏街道：缺12人", "鹭湖街道：缺9人"):
        assert line in reply.plain()


def test_the_floor_of_a_standard_is_worked_out(ctx):
    (reply,) = ask(ctx, "初中生均教学用房85%是多少")
    assert "5.8㎡×85%=4.93㎡" in reply.plain()  # 5.8 × 0.85 = 4.93


def test_a_list_below_the_floor_worked_out_just_before(ctx):
    *_, reply = ask(ctx, "初中生均教学用房85%是多少", "哪些初中低于这个数")
    # only 实验中学 (4.756) is below 4.93; 三中 5.046 and 东沙学校 5.198 are above
    assert "有1所：鹭洲区实验中学" in reply.plain() and "第三中学" not in reply.plain()


def test_a_list_narrowed_to_those_below_a_share_of_the_standard(ctx):
    *_, reply = ask(ctx, "初中体育场馆没达标的有哪几所", "其中低于85%的")
    # 10.2 × 0.85 = 8.67: 实验中学 7.14 and 东沙学校 7.837 are below; 三中 8.772 is not
    assert "有2所：鹭洲区实验中学、鹭洲区东沙学校" in reply.plain() and "第三中学" not in reply.plain()


def test_the_second_lowest_and_the_next_one_down(ctx):
    _, second = ask(ctx, "生均教学用方最少的初中是哪个", "第二少的呢")
    assert "鹭洲区第三中学" in second.plain()  # (7863 − 900) / 1380 = 5.046㎡, second lowest
    _, following = ask(ctx, "骨干教师最少的小学是哪所", "除了它呢")
    assert "白塔镇西岭小学" in following.plain()  # 1 / 420 × 100 = 0.238, after 河口小学's 0


def test_a_list_ranked_on_its_indicator_then_totalled(ctx):
    *_, ranked, total = ask(
        ctx, "列一下仪器设备值没达标的小学", "其中白塔镇的呢", "按差距从大到小排一下", "这几所一共差多少"
    )
    assert ranked.plain().index("白塔镇西岭小学") < ranked.plain().index("白塔镇东岭小学")
    assert "73.90万元" in total.plain()  # 33.6 + 18.6 + 11.2 + 10.5


def test_twelve_year_schools_and_it_for_the_one_listed(ctx):
    listed, size = ask(ctx, "十二年一贯制的学校有几所 是哪个", "它高中的人算不算进规模")
    assert "共1所：鹭洲区新城学校" in listed.plain()
    assert "义务教育段在校生2300人，上限2500人" in size.plain()  # 1400 + 900, the 高中 not counted


def test_every_indicator_met_is_not_the_school_verdict(ctx):
    (reply,) = ask(ctx, "全区小学七项全达标的有几所")
    # 鹭湖小学、二小、四小、新城学校小学部 (三小 passes with one indicator short)
    assert "各项指标都达到标准的有4所" in reply.plain() and "第三小学" not in reply.plain()


def test_schools_that_pass_with_one_indicator_short(ctx):
    (reply,) = ask(ctx, "锦屏街道有哪些学校虽然达标了但还有一项没到标准")
    assert "有2所：锦屏小学、鹭洲区新城学校" in reply.plain()


def test_a_list_asked_whether_it_passes_names_those_that_do_not(ctx):
    (reply,) = ask(ctx, "民办学校有哪几所 达标了没")
    assert "鹭洲区博雅小学" in reply.plain() and "鹭洲区明德中学" in reply.plain()
