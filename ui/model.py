"""The optional language model on the page (issue 18): a wait the official can see and cancel, and a
chat turn through the model when one is configured (the rules answer a cancelled turn, saying so)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

CANCELLED_NOTE = "（已取消语言模型的回答，以下为系统按规则给出的回答。）"


def cancel() -> None:
    """取消's callback: the rerun it starts stops the wait; the question, still first in line, is then
    answered by the rules (see chat_turn)."""
    st.session_state.model_cancelled = True


@contextmanager
def model_wait(label: str) -> Iterator[Callable[[float], None]]:
    """While the model is waited for: a line with the seconds waited, and a 取消 button whose click
    reruns the page, which stops the wait (the rules answer instead; the model's timeout bounds the
    rest). Both are gone when the wait ends."""
    from planner.llm import LLMSettings

    limit = LLMSettings().timeout_s
    line, button = st.empty(), st.empty()
    button.button("取消", key="model-cancel", on_click=cancel)

    def tick(seconds: float) -> None:
        line.caption(f"{label}已等待{seconds:.0f}秒（最长{limit:g}秒；点“取消”改用系统规则）")

    try:
        yield tick
    finally:
        line.empty()
        button.empty()


def chat_turn(question: str, ctx: Any, chat: Any) -> Any:
    """The chat's answer (a Reply) through the model when one is configured (cancellable), else by
    the rules; a question whose model turn was cancelled is answered by the rules, with a note. A
    model answer the guard refused is kept for the expander under the reply."""
    import planner.llm as llm  # looked up when called: tests replace respond_with_model

    model = llm.build_chat_model(llm.LLMSettings(), st.secrets)
    cancelled = st.session_state.pop("model_cancelled", False)
    if model is None or cancelled:
        reply = llm.respond_with_model(question, ctx, chat, None).reply
        if model is not None:
            reply.text = f"{CANCELLED_NOTE}\n\n{reply.text}"
        return reply
    with model_wait("正在等待语言模型：") as tick:
        turn = llm.respond_with_model(question, ctx, chat, model, tick=tick)
    if turn.refused_text:
        st.session_state.setdefault("refused_model_text", {})[len(chat.messages) - 1] = turn.refused_text
    return turn.reply
