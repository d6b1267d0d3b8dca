"""Numbers in words: one parser (planner.chat.numbers), cn2an underneath."""

from __future__ import annotations

import pytest

from planner.chat.numbers import find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两千五", 2500),
        ("一万", 10000),
        ("1.5万", 15000),
        ("百分之二十", 0.2),
        ("十二", 12),
        ("两", 2),
        ("3.5", 3.5),
    ],
)
def test_numerals_are_read(text, value):
    assert parse_number(text) == pytest.approx(value)


def test_an_approximate_amount_is_marked():
    (q,) = find_quantities("配三十来个老师")
    assert (q.value, q.approximate) == (30, True)


def test_a_percent_sign_is_a_share():
    (q,) = find_quantities("提高20%")
    assert (q.value, q.share) == (pytest.approx(0.2), True)


def test_years_and_ordinals_are_not_amounts():
    assert find_quantities("2026年第二所") == []


def test_words_made_with_one_are_not_amounts():
    assert find_quantities("加一些老师") == []
    assert find_quantities("看一下") == []
