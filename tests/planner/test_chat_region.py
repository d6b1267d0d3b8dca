"""The place a draft is asked for, read from the verb phrase around it."""

from __future__ import annotations

import pytest

from planner.chat.plan_args import _region


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("写个枫坪乡优质均衡实施方案", "枫坪乡"),  # 写个 is the verb, not part of the name
        ("给柳营镇写份实施方案", "柳营镇"),
        ("帮我出个石桥镇的方案", "石桥镇"),
        ("起草嘉禾区2026—2028年实施方案", "嘉禾区"),
        ("生成全区实施方案", None),
    ],
)
def test_the_place_is_read_without_the_verb_around_it(text, region):
    assert _region(text) == region
