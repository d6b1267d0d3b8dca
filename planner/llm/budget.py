"""Bounded cost: a model call gets one timeout, never more. Calls run in daemon threads and are waited
for until the budget is spent; a call still running then is abandoned (its own client timeout ends
it) and the caller falls back to the rules. ``tick`` is called while waiting so that a page can show
a spinner and be interrupted (a cancel button reruns the page).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["DEFAULT_BUDGET", "MAX_REPLY_CHARS", "MAX_TOOL_ARGS_CHARS", "budget_of", "run_within"]

T = TypeVar("T")
DEFAULT_BUDGET = 60.0
"""Seconds for a page turn when the model says no timeout of its own (test doubles)."""
MAX_REPLY_CHARS = 6000
"""A chat answer longer than this is not an answer (the prompt asks for 300 characters)."""
MAX_TOOL_ARGS_CHARS = 2000
"""A tool call's arguments longer than this (as JSON) are refused unread."""
TICK = 0.2


def budget_of(model: Any, default: float = DEFAULT_BUDGET) -> float:
    """The configured timeout of a LangChain chat model (ChatOpenAI ``request_timeout``, ChatOllama
    ``client_kwargs['timeout']``), else ``default``."""
    for value in (
        getattr(model, "request_timeout", None),
        (getattr(model, "client_kwargs", None) or {}).get("timeout"),
    ):
        if isinstance(value, int | float) and value > 0:
            return float(value)
        if isinstance(value, tuple) and value and isinstance(value[0], int | float):
            return float(max(v for v in value if isinstance(v, int | float)))
    return default


class _Call(threading.Thread):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__(daemon=True)
        self.fn, self.result, self.error = fn, None, None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:  # handed to the caller
            self.error = exc


def run_within(
    calls: Sequence[Callable[[], T]],
    seconds: float,
    tick: Callable[[float], None] | None = None,
) -> list[T | BaseException]:
    """Run ``calls`` concurrently and wait at most ``seconds`` in all: each result, or the exception
    it raised, or ``TimeoutError`` for a call still running when the time is up."""
    start = time.monotonic()
    threads = [_Call(fn) for fn in calls]
    for t in threads:
        t.start()
    deadline = start + max(0.0, seconds)
    for t in threads:
        while t.is_alive():
            left = deadline - time.monotonic()
            if left <= 0:
                break
            t.join(min(TICK, left))
            if tick is not None and t.is_alive():
                tick(time.monotonic() - start)
    out: list[T | BaseException] = []
    for t in threads:
        if t.is_alive():
            out.append(TimeoutError(f"no answer within {seconds:g} s"))
        elif t.error is not None:
            out.append(t.error)
        else:
            out.append(t.result)
    return out
