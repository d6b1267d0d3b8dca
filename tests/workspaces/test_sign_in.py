"""Sign-in under attack: three free tries, then each attempt waits twice as long as the one before
(1 s, 2 s, 4 s …), ten failures lock the name for 15 minutes; every failure is logged; unknown names
are treated the same (no way to tell which exist); a success or an administrator's unlock clears it."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from workspaces import SignInRefused

T0 = dt.datetime(2026, 12, 1, 9, 0, 0)


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def zhang(store):
    store.add_user("zhang", "the-right-password")
    return store


def _fail(store, seconds: float, name: str = "zhang") -> None:
    assert store.authenticate(name, "wrong-password", now=_at(seconds)) is None


def test_three_failures_are_free_and_the_fourth_attempt_waits_a_second(zhang):
    for t in (0, 0.1, 0.2):
        _fail(zhang, t)
    with pytest.raises(SignInRefused, match="连续3次登录失败，请1秒后再试"):
        zhang.authenticate("zhang", "the-right-password", now=_at(0.5))
    _fail(zhang, 1.3)  # 1 s after the third failure: allowed (and wrong)
    with pytest.raises(SignInRefused, match="连续4次登录失败，请2秒后再试"):
        zhang.authenticate("zhang", "the-right-password", now=_at(1.4))
    assert zhang.authenticate("zhang", "the-right-password", now=_at(3.4)).username == "zhang"


def test_ten_failures_lock_the_name_for_fifteen_minutes_even_for_the_right_password(zhang):
    t = 0.0
    for n in range(10):  # waits 0, 0, 0, 1, 2, 4, 8, 16, 32, 60 s: each attempt just after its wait
        t += 0 if n < 3 else min(60, 2 ** (n - 3)) + 0.1
        _fail(zhang, t)
    with pytest.raises(SignInRefused, match="连续10次登录失败，该账户已暂时锁定，请15分钟后再试"):
        zhang.authenticate("zhang", "the-right-password", now=_at(t + 1))
    assert zhang.authenticate("zhang", "the-right-password", now=_at(t + 15 * 60 + 1)).username == "zhang"
    assert zhang.authenticate("zhang", "wrong-password", now=_at(t + 15 * 60 + 2)) is None  # count cleared


def test_every_failure_and_refusal_is_logged_with_the_name_and_count(zhang, caplog):
    caplog.set_level(logging.WARNING, logger="junheng.workspaces.auth")
    for t in (0, 0.1, 0.2):
        _fail(zhang, t)
    with pytest.raises(SignInRefused):
        zhang.authenticate("zhang", "x", now=_at(0.3))
    assert [r.getMessage() for r in caplog.records] == [
        "sign-in failed for 'zhang' (1 in a row)",
        "sign-in failed for 'zhang' (2 in a row)",
        "sign-in failed for 'zhang' (3 in a row)",
        "sign-in refused for 'zhang': too soon after 3 failures",
    ]


def test_an_unknown_name_is_throttled_like_a_known_one(zhang):
    for t in (0, 0.1, 0.2):
        _fail(zhang, t, name="nobody")
    with pytest.raises(SignInRefused, match="连续3次登录失败，请1秒后再试"):
        zhang.authenticate("nobody", "x", now=_at(0.3))


def test_an_administrator_unlocks_a_locked_name(zhang):
    t = 0.0
    for n in range(10):
        t += 0 if n < 3 else min(60, 2 ** (n - 3)) + 0.1
        _fail(zhang, t)
    zhang.unlock("zhang")
    assert zhang.authenticate("zhang", "the-right-password", now=_at(t + 1)).username == "zhang"


def test_a_success_clears_the_failures(zhang):
    for t in (0, 0.1):
        _fail(zhang, t)
    assert zhang.authenticate("zhang", "the-right-password", now=_at(0.2))
    for t in (0.3, 0.4, 0.5):
        _fail(zhang, t)  # three free tries again
