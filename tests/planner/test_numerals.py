"""The project's one numeral reader (planner.numerals): every written form of a number is read to the
same value, with its measure word; numerals that are words, ordinals and years are told apart; the
chat's view (find_quantities, parse_number) reads as it always has."""

from __future__ import annotations

import doctest

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner.numerals
from planner.drafting.facts import fmt
from planner.numerals import find_numbers, find_quantities, parse_number, read_numerals


def figures(text: str) -> list[tuple[float, str]]:
    return [(n.value, n.unit) for n in read_numerals(text) if n.kind == "figure"]


def test_the_doctests_hold():
    assert doctest.testmod(planner.numerals).failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.52", [(0.52, "")]),
        ("52%", [(0.52, "pct")]),
        ("５２％", [(0.52, "pct")]),  # full width
        ("1,234人", [(1234.0, "people")]),
        ("12.3万元", [(123000.0, "money")]),  # 12.3 × 10 000
        ("一千二百三十四人", [(1234.0, "people")]),
        ("百分之五十二", [(0.52, "pct")]),
        ("十二点五万元", [(125000.0, "money")]),  # 12.5 × 10 000
        ("两所学校", [(2.0, "schools")]),
        ("九成学校", [(0.9, "pct")]),
        ("伍仟万元", [(50_000_000.0, "money")]),  # 大写: 5000 × 10 000
        ("贰拾伍所", [(25.0, "schools")]),
        ("壹佰零捌间", [(108.0, "rooms")]),
        ("廿五名教师", [(25.0, "people")]),
        ("卅所学校", [(30.0, "schools")]),
        ("5千万元", [(50_000_000.0, "money")]),  # 5 × 1000 × 10 000
        ("3百万元", [(3_000_000.0, "money")]),
        ("1.2亿元", [(120_000_000.0, "money")]),
        ("三十多万元", [(300_000.0, "money")]),  # 30 × 10 000, approximate
        ("5 000万元", [(50_000_000.0, "money")]),  # spaced thousands
        ("5 0 0 0万元", [(50_000_000.0, "money")]),  # spaced digits
        ("５ ０００万元", [(50_000_000.0, "money")]),
        ("5，000万元", [(50_000_000.0, "money")]),
        ("三至五所", [(3.0, "schools"), (5.0, "schools")]),  # a range: both ends
        # the first end takes the second's multiplier: 三百万 to 五百万, 5万 to 10万, 二十万 to 二十五万
        ("三至五百万元", [(3_000_000.0, "money"), (5_000_000.0, "money")]),
        ("5至10万元", [(50_000.0, "money"), (100_000.0, "money")]),
        ("二十至二十五万元", [(200_000.0, "money"), (250_000.0, "money")]),
        ("4—8月", [(4.0, "months"), (8.0, "months")]),
        ("两三所学校", [(2.0, "schools"), (3.0, "schools")]),  # about two or three
        ("0.5%", [(0.005, "pct")]),  # not a 差异系数 of 0.5
        ("3个百分点", [(0.03, "pct")]),
        ("百分之百", [(1.0, "pct")]),
        ("增加一名骨干教师", [(1.0, "people")]),
        ("一所学校", [(1.0, "schools")]),
        ("一项差异系数超过上限", [(1.0, "items")]),  # a count of 差异系数, as of 指标
    ],
)
def test_every_written_form_of_a_number_is_read_with_its_measure_word(text, expected):
    got = figures(text)
    assert [u for _, u in got] == [u for _, u in expected]
    assert [v for v, _ in got] == pytest.approx([v for v, _ in expected])


@pytest.mark.parametrize(
    "text",
    [
        "两个方面",
        "四个到位",
        "九年一贯制学校",
        "十二年一贯制",
        "三年行动",
        "一批学校",
        "进一步统一一批",
        "每一所学校",
        "一校一案",
        "两免一补",
        "五育并举",
        "党的二十大",
        "十分重要",
        "省市县三级",
        "初中三年巩固率",
        "千万不能放松",
        "每百名学生拥有",  # the base of a rate
        "一项工作",
    ],
)
def test_numbers_that_are_words_are_not_figures(text):
    assert figures(text) == []
    assert [n for n in find_numbers(text) if n.kind == "figure"] == []


@pytest.mark.parametrize(
    "text",
    ["第一", "第十二条", "一是加强领导", "（一）总体目标", "1．学校达标情况一览表", "见附件5", "第 1 项"],
)
def test_ordinals_are_told_apart(text):
    found = read_numerals(text)
    assert found and found[0].kind == "ordinal"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2026年", [2026]),
        ("2026—2028年", [2026, 2028]),
        ("（2026-2028年）", [2026, 2028]),
        ("二〇二六年", [2026]),
        ("2027年8月底前", [2027]),
    ],
)
def test_years_are_years(text, years):
    assert [int(n.value) for n in read_numerals(text) if n.kind == "year"] == years


def test_a_year_range_keeps_the_month_a_figure():
    # 2027年8月底: the year is a year, 8 a month
    assert [(n.kind, n.unit) for n in read_numerals("2027年8月底")] == [("year", ""), ("figure", "months")]


def test_a_figure_matches_a_value_only_at_the_precision_written():
    (n,) = read_numerals("0.52")
    assert n.matches(0.518)  # 0.518 rounds to 0.52 (0.4 % off)
    assert not n.matches(0.5)
    (coarse,) = read_numerals("0.5")
    assert not coarse.matches(0.518)  # rounds to 0.5 but is 3.5 % off


@given(
    value=st.floats(min_value=0.001, max_value=1e7, allow_nan=False),
    unit=st.sampled_from(["㎡", "万元", "元", "人", "间", "%", ""]),
    kind=st.sampled_from([None, "cv", "value"]),
)
def test_every_figure_the_drafting_prints_is_read_back_as_one_figure(value, unit, kind):
    shown = fmt(value, unit, kind)
    found = [n for n in read_numerals(shown) if n.kind == "figure"]
    assert len(found) == 1, shown


@given(value=st.integers(min_value=2, max_value=99_999))
def test_a_count_in_chinese_numerals_is_read_as_its_value(value):
    assert [n.value for n in find_numbers(f"共{cn2an.an2cn(value)}所学校")] == [value]


@given(value=st.integers(min_value=2, max_value=99_999))
def test_a_count_in_daxie_numerals_is_read_as_its_value(value):
    daxie = cn2an.an2cn(value, "up")
    assert [n.value for n in find_numbers(f"共{daxie}所学校")] == [value]


def test_the_chat_reads_amounts_as_before():
    assert parse_number("两千五") == 2500 and parse_number("1.5万") == 15000
    assert parse_number("百分之二十") == pytest.approx(0.2)
    (q,) = find_quantities("配三十来个老师")
    assert (q.value, q.approximate) == (30, True)
    assert find_quantities("2026年第二所") == [] and find_quantities("加一些老师") == []


def test_the_chat_now_reads_daxie_and_multiplied_digits():
    assert parse_number("伍仟") == 5000 and parse_number("廿五") == 25 and parse_number("5千万") == 5e7
    assert [q.value for q in find_quantities("再投入伍仟元")] == [5000]
