"""The 政府保障 and plan-money tools (planner/chat/guarantees.py, planner/chat/costs.py) on the sample
county, quality_2017 (limits 2000 students, 45/50 per class, 大班额 56+, one music/art room per 12 classes).

Hand-checked from the sample rows: 青河县城关第一小学 2140 小学生 (> 2000), largest class 57 (≥ 56: 大班额);
青河县实验小学 largest class 46 > 45; no school reaches 66. Money (default unit costs, 2026—2028, work
sized for the roll plus the 5 % design margin): 建设 = fields on new land 2200 ㎡ × (300 元 land + 300 元
field) = 132 and 3300 ㎡ at a 城区 school × (1500 元 land + 300 元 field) = 594 (land 66 + 495 paid in 2026,
the fields 66 + 99 in 2027), 600 ㎡ field on the campus × 300 元 = 18, 300 ㎡ refit × 800 元 = 24, equipment
16 + 58 + 2 = 76, 6 间 × 5 万元 = 30: 874 万元, 709 in 2026; 城关第一小学 (2140 > 2000) gets a 分设校区 of
one 轨 (6 × 45 = 270 pupils): 1300 ㎡ rooms, 2100 ㎡ field, 3000 ㎡ 城区 land: 450 land in 2026, 234 building
in 2027, 156 + 63 + 54 equipment = 273 in 2028 (957 万元): 建设 1831 万元, 1159 in 2026, 399 in 2027;
人员 = 6 hires × 10 万元 × 3 年 = 180 万元; 培训 = 0 (the 14 骨干 lacking come by 交流 from 实验小学 and
第一初级中学, no 认定); 民办 育英学校 8 名骨干 × 0.5 = 4 万元 (not public; no hire for a growth buffer).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, default_api, respond
from planner.chat.guarantees import items_in
from tests.planner.chat_search import MemorySearch

COUNTY = Path(__file__).resolve().parents[2] / "data" / "samples" / "青河县.xlsx"


@pytest.fixture(scope="module")
def county():
    frame = load_schools(COUNTY).frame
    return frame, evaluate(frame, load_standard("quality_2017"))


@pytest.fixture
def ctx(county):
    frame, ev = county
    return ChatContext(
        evaluation=ev,
        schools=frame,
        search=MemorySearch(),
        region="青河县",
        level="county",
        planner=default_api(),
    )


def talk(ctx, *turns):
    state = ChatState()
    return [respond(t, ctx, state) for t in turns], state


def test_large_class_is_not_read_as_class_size():
    assert items_in("哪些学校有大班额") == ["large_class"]
    assert items_in("班额超了吗") == ["class_size", "average_class"]


def test_a_school_over_the_class_limit_is_not_called_fine(ctx):
    [reply], _ = talk(ctx, "实验小学班额超了吗")
    assert reply.intent == "guarantees"
    assert "最大班额46人，标准不超过45人，**未达到**" in reply.text
    assert "全部指标都达到标准" not in reply.text
    assert "教督〔2017〕6号" in reply.text


def test_which_schools_have_large_classes_lists_only_those(ctx):
    [reply], _ = talk(ctx, "哪些学校有大班额")
    assert reply.intent == "guarantees"
    assert "1所学校未达到（共31所有数据）" in reply.text
    assert reply.listed == ("青河县城关第一小学",)


def test_school_size_over_the_limit(ctx):
    [reply], _ = talk(ctx, "城关一小规模超了没有")
    assert "义务教育段在校生2140人，上限2000人，**未达到**" in reply.text


def test_music_and_art_rooms_are_checked_per_twelve_classes(ctx):
    [reply], _ = talk(ctx, "音乐美术教室够不够")
    assert reply.intent == "guarantees"
    assert reply.text.count("都达到标准") == 1


def test_school_gaps_mention_failed_guarantees_without_calling_them_met(ctx):
    [reply], _ = talk(ctx, "实验小学哪些指标没达标")
    assert reply.intent == "school_gaps"
    assert "政府保障程度未达到：最大班额46人，标准不超过45人" in reply.text
    assert "学校**达标**" not in reply.text and "全部指标都达到标准" not in reply.text


def test_the_total_cost_is_the_cost_models_sum_by_fund(ctx):
    [reply], _ = talk(ctx, "一共要花多少钱")
    assert reply.intent == "plan_costs"
    # 建设资金 1831 + 人员经费 180 + 培养培训经费 0 = 2011 (the module docstring has the parts)
    assert "2011.00万元" in reply.text
    assert "建设资金1831.00万元，人员经费180.00万元，培养培训经费0.00万元" in reply.text
    assert "民办学校由举办者投入4.00万元，不计入公共财政" in reply.text
    assert reply.text.startswith("（还没有生成方案")


def test_one_fund_one_year(ctx):
    replies, _ = talk(ctx, "人员经费要多少", "2027年人员经费多少", "第一年建设资金多少")
    assert "人员经费：**180.00万元**" in replies[0].text
    assert "2026年60.00万元；2027年60.00万元；2028年60.00万元" in replies[0].text
    assert "2027年人员经费：**60.00万元**" in replies[1].text
    # 2026: land 66 + 495, field on the campus 18, refit 24, equipment 76, rooms 30 = 709, and the
    # 分设校区's land 450 = 1159; the fields on new land (66 + 99) are built in 2027
    assert "2026年建设资金：**1159.00万元**" in replies[2].text


def test_money_figures_equal_the_drafted_plans_annex(ctx):
    replies, state = talk(ctx, "生成实施方案", "每年投入多少")
    annex = next(a for a in state.plan.annexes if a.key == "funds")
    assert replies[1].tables[0].rows == annex.rows
    assert "还没有生成方案" not in replies[1].text
    assert "1219.00万元" in replies[1].text  # 2026: 1159 + 60 (no 认定: the 骨干 come by 交流)


def test_a_gap_question_stays_a_gap_total(ctx):
    [reply], _ = talk(ctx, "设备还差多少万元")
    assert reply.intent == "total_gap"
    assert "54.82万元" in reply.text


def test_an_explicit_year_asks_the_plan_not_the_remembered_school(ctx):
    replies, _ = talk(ctx, "实验小学差多少", "2026年要做哪些事")
    assert replies[1].intent == "plan_query"
    assert "当前方案在2026年" in replies[1].text
    assert "青河县实验小学" not in replies[1].text


def test_a_plan_year_names_its_continued_works_and_the_salaries_of_earlier_hires(ctx):
    replies, _ = talk(ctx, "2027年要做哪些事", "2028年呢")
    # 石桥中心小学's field, sized for the roll plus 5 %: 7.5 × 1060 × 1.05 − 6237 = 2110.5 → 2200 ㎡
    # on new land, starts in 2026 and is finished in 2027: continued (续建) in 2027, when its works
    # (2200 × 300 元 = 66 万元) are paid, beside 城关第一小学's (3300 × 300 元 = 99 万元); nothing new
    # starts in 2027
    assert "2027年" in replies[0].text and "没有新开工的任务" in replies[0].text
    assert "续建项目（以前年度开工，2027年继续实施）" in replies[0].text
    assert "石桥镇中心小学运动场地面积增加2200.00㎡" in replies[0].text
    assert "2026年3月开工，2027年8月完成" in replies[0].text
    # 66 + 99 = 165 万元 of works and the 分设校区's building 234; the 6 teachers hired in 2026 are
    # paid every year: 6 × 10 万元 = 60 万元, all earlier hires
    assert "建设资金约399.00万元、人员经费约60.00万元（含以前年度新增教师工资约60.00万元）" in replies[0].text
    # 2028: only the 分设校区 (started 2026, handed over August 2028) continues
    assert replies[1].intent == "plan_query" and "2026年3月开工，2028年8月完成" in replies[1].text
    assert "人员经费约60.00万元（含以前年度新增教师工资约60.00万元）" in replies[1].text


def test_which_year_teachers_are_hired_lists_the_plans_hires(ctx):
    [reply], _ = talk(ctx, "方案里哪年招老师")
    assert reply.intent == "plan_query"
    assert reply.tables and all(row[3].endswith("人") for row in reply.tables[0].rows)
    assert "体育艺术专任教师数增加3人" in reply.text  # 城关三小: ⌈0.9 × 14.6⌉ − 11 = 14 − 11 = 3
