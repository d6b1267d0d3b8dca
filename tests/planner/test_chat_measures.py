"""What a question across schools asks (issue 16): filters by 乡镇 and 公办/民办, the largest shortfall
(not the largest value), comparisons, a transfer between schools with its 差异系数, the composite CV and
the rule that decides, and the standard worked out for a school of a given size.

Hand-checked on data/samples/青河县.xlsx (quality_2017):
- 运动场 gaps: 城关一小 7.5 × 2140 − (12502 + 1100) = 2448 ㎡, 石桥中心校 7.5 × 1060 − 6237 = 1713 ㎡,
  新集二小 7.5 × 760 − 5472 = 228 ㎡; every other 石桥镇 and 新集镇 school meets it.
- 骨干 (1 per 100): 城关三小 ⌈14.6⌉ − 10 = 5, 育英 小学部 ⌈7.2⌉ − (6 − 3) = 5 and 初中部 ⌈5.4⌉ − 3 = 3
  (民办), 东岭 ⌈4.1⌉ − 3 = 2, 中新 ⌈4.5⌉ − 3 = 2, 新集初中 ⌈9.4⌉ − 6 = 4.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, respond
from tests.planner.chat_search import MemorySearch

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def county():
    frame = load_schools(ROOT / "data" / "samples" / "青河县.xlsx").frame
    return frame, evaluate(frame, load_standard("quality_2017"))


@pytest.fixture
def ctx(county):
    frame, ev = county
    return ChatContext(evaluation=ev, schools=frame, search=MemorySearch(), region="青河县", level="county")


def ask(ctx, text):
    return respond(text, ctx, ChatState())


def test_the_largest_shortfall_is_the_school_that_lacks_most_not_the_highest_value(ctx):
    reply = ask(ctx, "哪个学校运动场缺得最多")
    assert reply.intent == "rank"
    assert "1. **青河县城关第一小学**：需增加**2448.00㎡**" in reply.text
    assert reply.listed == ("青河县城关第一小学",)


def test_a_combined_schools_stages_add_up_in_a_shortfall_ranking(ctx):
    reply = ask(ctx, "骨干老师缺口最大的是哪所学校")
    # 育英 5 + 3 = 8 > 城关三小 5
    assert "1. **青河县育英学校**：需增加**8人**" in reply.text


def test_a_towns_total_counts_only_its_schools(ctx):
    assert "石桥镇“体育运动场馆”合计还需增加**1713.00㎡**" in ask(ctx, "石桥镇的学校运动场一共还差多少").text
    assert "柳林乡“骨干教师”合计还需增加**2人**" in ask(ctx, "柳林乡一共差多少骨干老师").text


def test_public_leaves_out_the_private_school(ctx):
    reply = ask(ctx, "公办小学哪些骨干教师不达标")
    assert "**3所**：青河县城关第三小学、石桥镇东岭小学、柳林乡中新小学" in reply.text
    assert "育英" not in reply.text.split("\n")[0]


def test_not_counting_the_private_school_keeps_the_public_ones(ctx):
    reply = ask(ctx, "不算民办的话，初中骨干教师还缺多少")
    assert "公办初中“骨干教师”：1所学校未达标，合计还需增加**4人**" in reply.text


def test_two_towns_are_compared_by_their_shortfall(ctx):
    reply = ask(ctx, "石桥镇和新集镇哪个运动场缺得多")
    assert reply.intent == "compare"
    assert (
        "石桥镇缺1713.00㎡（1所学校未达标）；新集镇缺228.00㎡（1所学校未达标）。石桥镇缺得更多" in reply.text
    )


def test_two_schools_are_compared_by_value(ctx):
    reply = ask(ctx, "城关二小和城关三小比，体育艺术老师哪个多")
    # 18 / 1680 × 100 = 1.071, 11 / 1460 × 100 = 0.753
    assert (
        "青河县城关第二小学1.071人，达标；青河县城关第三小学0.753人，缺3人。青河县城关第二小学更高"
        in reply.text
    )


def _weighted_cv(values, students):
    w = np.asarray(students, float) / sum(students)
    mean = float((w * values).sum())
    return float(np.sqrt((w * (np.asarray(values) - mean) ** 2).sum()) / mean)


def test_a_transfer_moves_teachers_and_shows_the_cv_before_and_after(ctx, county):
    _frame, ev = county
    reply = ask(ctx, "从实验小学调5名骨干老师到城关三小，小学骨干差异系数会变成多少")
    assert reply.intent == "transfer"
    # 实验小学 (38 − 5) / 1890 × 100 = 1.746; 城关三小 (10 + 5) / 1460 × 100 = 1.027
    assert "青河县实验小学（小学）“骨干教师”：2.011人 → **1.746人**" in reply.text
    assert "青河县城关第三小学（小学）“骨干教师”：0.685人 → **1.027人**" in reply.text
    primary = [s for s in ev.schools if s.stage == "primary"]
    values = [s.indicators["backbone_teachers_per_100"] for s in primary]
    students = [s.students for s in primary]
    moved = [
        v + {"青河县实验小学": -500 / s.students, "青河县城关第三小学": 500 / s.students}.get(s.name, 0)
        for v, s in zip(values, primary, strict=True)
    ]
    before, after = _weighted_cv(values, students), _weighted_cv(moved, students)
    assert f"差异系数：{before:.3f} → **{after:.3f}**" in reply.text


def test_a_transfer_larger_than_the_source_holds_is_refused(ctx):
    reply = ask(ctx, "从石桥镇西沟小学调10名骨干教师到城关三小")
    assert "只有县级以上骨干教师数4，调不出10" in reply.text


def test_the_composite_cv_is_given_with_the_rule_that_each_cv_counts():
    frame = load_schools(ROOT / "data" / "samples" / "城关镇.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    reply = respond(
        "要是只看综合差异系数我们镇能过吗", ChatContext(evaluation=ev, schools=frame), ChatState()
    )
    primary = ev.stages["primary"]
    # the town's 小学 骨干教师 CV is over 0.50 while the mean of the seven stays under it
    assert primary.composite_cv < 0.5 < primary.cv["backbone_teachers_per_100"]
    assert (
        f"综合差异系数（7项指标差异系数的平均）为**{primary.composite_cv:.3f}**，不超过上限0.5" in reply.text
    )
    assert "按**每项**差异系数判定" in reply.text and "小学差异系数判定**未达标**" in reply.text


def test_rooms_for_a_number_of_classes_are_worked_out_from_the_standard(ctx):
    reply = ask(ctx, "一个小学24个班要配几间音乐教室")
    assert reply.intent == "standard_rule"
    assert "24个班需要音乐专用教室**2间**" in reply.text  # 24 ÷ 12 = 2


def test_an_indicator_for_a_school_size_is_worked_out_from_the_standard(ctx):
    reply = ask(ctx, "1200人的小学至少要多少骨干教师")
    assert "至少需要**12人**（1×1200÷100=12）" in reply.text


def test_the_standards_indicators_are_listed_from_the_standard(ctx):
    reply = ask(ctx, "优质均衡资源配置是哪7项指标")
    assert "资源配置共**7项**指标" in reply.text
    assert "5. 生均体育运动场馆面积：小学7.5㎡、初中10.2㎡以上" in reply.text
    basic = ask(ctx, "基本均衡有哪些指标")
    assert "（教督〔2012〕3号）资源配置共**8项**指标" in basic.text


def test_all_towns_but_one_leave_that_town_out(ctx):
    reply = ask(ctx, "除了城关镇，其他乡镇有几所学校没达标")
    # 石桥镇 中心小学, 东岭, 西沟; 新集镇 第二小学, 初级中学, 第二初级中学; 柳林乡 中新小学; 白沙乡 九年一贯制
    assert "城关镇以外参评的" in reply.text and "未达标的有**8所**" in reply.text
    assert "青河县城关第一小学" not in reply.text.split("\n")[0]


def test_two_towns_together_are_added_up(ctx):
    reply = ask(ctx, "石桥镇和柳林乡的学校加起来还缺多少骨干教师")
    # 东岭 ⌈4.1⌉ − 3 = 2, 中新 ⌈4.5⌉ − 3 = 2
    assert "石桥镇、柳林乡“骨干教师”合计还需增加**4人**" in reply.text


def test_rural_schools_are_the_data_s_rural_schools(ctx, county):
    frame, _ = county
    rural = set(frame.loc[frame["urban_rural"] == "乡村", "name"])
    reply = ask(ctx, "农村学校达标情况怎么样")
    listed = set(reply.listed)
    assert listed and listed <= rural


def test_the_school_with_most_students_is_ranked_by_students(ctx):
    reply = ask(ctx, "哪所学校学生最多")
    # 城关一小 2140; 青河县第一初级中学 1720; 实验学校 980 + 760 = 1740
    assert "1. **青河县城关第一小学**：2140人" in reply.text


def test_towns_are_ranked_by_their_summed_shortfall(ctx):
    reply = ask(ctx, "哪个镇缺的骨干教师最多")
    # 城关镇: 城关三小 5 + 育英 5 + 3 = 13; 新集镇 4; 石桥镇 2; 柳林乡 2
    assert reply.text.split("\n")[1] == "1. **城关镇**：缺13人（3所学校未达标）"


def test_towns_are_ranked_by_the_share_of_their_schools_that_fail(ctx):
    reply = ask(ctx, "全县哪个乡镇最差")
    # 石桥镇 3 of 5 (60 %), 新集镇 3 of 6 (50 %), 白沙乡 1 of 3, 城关镇 3 of 10, 柳林乡 1 of 4
    assert reply.text.split("\n")[1].startswith("1. **石桥镇**：5所学校中3所未达标（60%）")


def test_schools_failing_both_indicators_are_those_failing_each(ctx):
    reply = ask(ctx, "哪些学校骨干教师和运动场都不达标")
    # 育英 (小学 骨干; 初中 骨干 and 运动场) is the only school missing both
    assert "都未达到标准的有**1所**：青河县育英学校" in reply.text


def test_classes_per_grade_times_grades_are_the_schools_classes(ctx):
    reply = ask(ctx, "小学一个年级4个班，6个年级共要几间美术教室")
    # 4 × 6 = 24 classes; 24 ÷ 12 = 2
    assert "按共24个班计算" in reply.text and "美术专用教室**2间**" in reply.text


def test_ranking_first_is_the_largest_shortfall(ctx):
    reply = ask(ctx, "运动场地缺口排第一的是谁")
    assert "1. **青河县城关第一小学**：需增加**2448.00㎡**" in reply.text


def test_a_cv_target_after_a_transfer_gives_the_least_move_that_reaches_it(ctx, county):
    _frame, ev = county
    state = ChatState()
    respond("从实验小学调5名骨干老师到城关三小，小学骨干差异系数会变成多少", ctx, state)
    reply = respond("能降到0.2以下吗", ctx, state)
    assert reply.intent == "transfer"
    primary = [s for s in ev.schools if s.stage == "primary"]
    values = [s.indicators["backbone_teachers_per_100"] for s in primary]
    students = [s.students for s in primary]

    def moved(n):  # n teachers from 实验小学 (1890 students) to 城关三小 (1460)
        shift = {"青河县实验小学": -100 * n, "青河县城关第三小学": 100 * n}
        cvs = [v + shift.get(s.name, 0) / s.students for v, s in zip(values, primary, strict=True)]
        return _weighted_cv(cvs, students)

    # 5 leave it at 0.222; 7 are still over 0.2 and 8 the first under it
    assert moved(5) > 0.2 and moved(7) > 0.2 >= moved(8)
    assert f"不能：调5人后小学“骨干教师”差异系数为{moved(5):.3f}，仍高于0.2" in reply.text
    assert f"至少要调8人，可降到{moved(8):.3f}" in reply.text


def test_a_size_alone_after_a_requirement_works_it_out_again(ctx):
    state = ChatState()
    respond("一个小学24个班要配几间音乐教室", ctx, state)
    reply = respond("36个班呢", ctx, state)
    assert reply.intent == "standard_rule"
    assert "36个班需要音乐专用教室**3间**" in reply.text  # 36 ÷ 12 = 3


def test_the_highest_cv_under_its_limit_says_by_how_much(ctx):
    reply = ask(ctx, "小学哪项差异系数最高")
    # 骨干教师 0.292 is the highest of 小学; the limit is 0.5: 0.5 − 0.292 = 0.208
    assert "没有超过上限的" in reply.text and "最高的是骨干教师（0.292，比上限低0.208）" in reply.text


def test_towns_ranked_by_the_money_they_lack(ctx, county):
    _frame, ev = county
    reply = ask(ctx, "哪个乡镇缺的钱最多")
    assert reply.intent == "rank"
    money = {}
    for s in ev.schools:  # every 万元 shortfall summed by 乡镇
        for gap in s.gaps.values():
            if gap.unit == "万元":
                money[s.township] = money.get(s.township, 0.0) + gap.shortfall
    top = max(money, key=money.get)
    assert f"1. **{top}**：缺{money[top]:.2f}万元" in reply.text
