"""The number guard: numbers are read in every written form, and only computed facts, the deterministic
text's figures and the user's own numbers pass; citations must name a retrieved passage."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import planner.llm.figures
from planner.drafting.facts import Fact, fmt
from planner.llm import check, evidence, find_numbers, guard

DRAFT = "经测算，全镇共需新建运动场地1080.0㎡，估算投入167.40万元，小学综合差异系数为0.518。"
EV = evidence(
    texts=[DRAFT],
    facts=[Fact("plan.cost.total", 167.4, "万元", "167.40万元"), Fact("rate", 0.85, "", "85%")],
    user="如果给城关二小增加2名骨干教师呢",
    passages=[
        {"title": "县域义务教育优质均衡发展督导评估办法", "doc_no": "教督〔2017〕6号", "section": "第六条"}
    ],
)


def test_doctests_of_the_number_reader_hold():
    assert doctest.testmod(planner.llm.figures).failed == 0


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("0.52", [0.52]),
        ("52%", [0.52]),
        ("５２％", [0.52]),
        ("1,234人", [1234.0]),
        ("12.3万元", [123000.0]),
        ("一千二百三十四人", [1234.0]),
        ("百分之五十二", [0.52]),
        ("十二点五万元", [125000.0]),
        ("二〇二六年", [2026.0]),
        ("2026—2028年", [2026.0, 2028.0]),
        ("两所学校", [2.0]),
        ("九成学校", [0.9]),
    ],
)
def test_every_written_form_of_a_number_is_read(text, values):
    assert [m.value for m in find_numbers(text)] == pytest.approx(values)


@pytest.mark.parametrize(
    "text", ["第一，统一一批学校", "进一步做到一校一案", "十分重要", "面积以m2计", "已完成、形成"]
)
def test_ordinals_idioms_and_units_are_not_numbers(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    "output",
    [
        "投入167.4万元",  # the fact, one decimal fewer
        "投入1674000元",  # the fact in 元
        "综合差异系数约为0.52",  # 0.518 rounded to the precision written
        "达标比例不低于85%",  # a fact stored as a share
        "运动场地一千零八十平方米",  # Chinese numerals
        "再增加2名骨干教师",  # the user's own number
        "依据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）",
    ],
)
def test_facts_in_any_form_and_the_users_numbers_pass(output):
    assert check(output, EV) == ()


@pytest.mark.parametrize(
    ("output", "found"),
    [
        ("估算投入187.40万元", "187.40万"),  # a changed figure
        ("综合差异系数约为0.5", "0.5"),  # rounded too far: 3.5 % off
        ("需新建运动场地1100㎡", "1100"),
        ("三所学校尚未达标", "三"),  # an invented count in Chinese numerals
        ("达标率达到百分之九十", "百分之九十"),
        ("增加3名骨干教师", "3"),
        ("九成学校已达标", "九成"),
    ],
)
def test_an_invented_or_changed_number_is_caught(output, found):
    violations = check(output, EV)
    assert [v.found for v in violations] == [found]
    assert violations[0].kind == "number"


def test_a_citation_of_an_unretrieved_document_is_caught():
    kinds = [(v.kind, v.found) for v in check("依据《义务教育法》和教基〔2019〕3号，见[2]", EV)]
    assert kinds == [("citation", "《义务教育法》"), ("citation", "和教基〔2019〕3号"), ("citation", "[2]")]


def test_a_failing_text_is_replaced_by_the_deterministic_one_and_says_why():
    result = guard("估算投入187.40万元。", EV, DRAFT)
    assert (result.accepted, result.text) == (False, DRAFT)
    assert "187.40万" in result.notice and "已改用系统生成的文字" in result.notice


def test_a_rewrite_must_keep_every_figure_of_its_draft():
    result = guard("经测算，全镇需新建运动场地1080.0㎡。", EV, DRAFT, keep_figures_of=DRAFT)
    assert not result.accepted
    assert {v.found for v in result.violations} == {"167.40万", "0.518"}


@pytest.mark.parametrize(
    "output",
    ['<img src="http://example.com/x?d=1">', "详见[这里](http://example.com)", "访问 www.example.com"],
)
def test_html_links_and_addresses_are_refused(output):
    assert "markup" in {v.kind for v in check(output, EV)}


@given(
    value=st.floats(min_value=0.001, max_value=1e7, allow_nan=False),
    unit=st.sampled_from(["㎡", "万元", "元", "人", "间", "%", ""]),
    kind=st.sampled_from([None, "cv", "value"]),
)
def test_every_figure_the_drafting_prints_is_read_back_as_its_fact(value, unit, kind):
    shown = fmt(value, unit, kind)
    mentions = find_numbers(shown)
    assert len(mentions) == 1, shown
    assert evidence(facts=[Fact("k", value, unit, shown)]).allows(mentions[0])


@given(value=st.integers(min_value=2, max_value=99_999))
def test_a_count_in_chinese_numerals_is_read_as_its_value(value):
    import cn2an

    assert [m.value for m in find_numbers(f"共{cn2an.an2cn(value)}所学校")] == [value]
