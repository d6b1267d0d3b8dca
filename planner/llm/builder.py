"""Build the LangChain chat model the settings name, with its one timeout (no retry unless asked);
``none`` builds none. 测试连接 is bounded by the same timeout and never shows the key."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from planner.llm.budget import run_within
from planner.llm.settings import LLMSettings, address, api_key, redact

__all__ = ["ConnectionReport", "build_chat_model", "check_connection"]

_NO_KEY = "not-needed"
"""Local OpenAI-compatible servers (vLLM, llama.cpp) take any key; the client insists on one."""


def build_chat_model(settings: LLMSettings, secrets: Mapping[str, Any] | None = None) -> BaseChatModel | None:
    """The configured chat model, or None when no model is configured (the deterministic path)."""
    if not settings.enabled:
        return None
    if settings.provider == "openai":
        from langchain_openai import ChatOpenAI

        key = api_key(settings, secrets)
        return ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url,
            api_key=key.get_secret_value() if key else _NO_KEY,
            timeout=settings.timeout_s,
            max_retries=settings.max_retries,
            temperature=settings.temperature,
        )
    import httpx
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=settings.model,
        base_url=settings.base_url,
        temperature=settings.temperature,
        client_kwargs={
            "timeout": settings.timeout_s,
            "transport": httpx.HTTPTransport(retries=settings.max_retries),
        },
    )


@dataclass(frozen=True)
class ConnectionReport:
    """What 测试连接 shows: ``ok``, a Chinese message, the round trip in seconds."""

    ok: bool
    message: str
    seconds: float = 0.0


def check_connection(settings: LLMSettings, secrets: Mapping[str, Any] | None = None) -> ConnectionReport:
    """Send one short message to the configured endpoint; never raises, never shows the key."""
    if not settings.enabled:
        return ConnectionReport(False, "未配置语言模型：问答和方案均使用系统内置的规则与计算，不受影响。")
    start = time.perf_counter()
    try:
        model = build_chat_model(settings, secrets)
        assert model is not None
        (answer,) = run_within([lambda: model.invoke([HumanMessage("请回复“好”。")])], settings.timeout_s)
        if isinstance(answer, BaseException):
            raise answer
    except Exception as exc:  # any failure is reported, none propagates
        why = f"{settings.timeout_s:g}秒内没有响应" if isinstance(exc, TimeoutError) else type(exc).__name__
        message = (
            f"连接失败（{why}）：{settings.model} @ {address(settings)}。页面继续使用系统内置的规则与计算。"
        )
        return ConnectionReport(False, redact(message, settings, secrets), time.perf_counter() - start)
    seconds = time.perf_counter() - start
    if not answer.text.strip():
        return ConnectionReport(
            False, "模型已连接，但返回了空回复。页面继续使用系统内置的规则与计算。", seconds
        )
    return ConnectionReport(
        True,
        redact(f"连接成功：{settings.model} @ {address(settings)}，用时{seconds:.1f}秒。", settings, secrets),
        seconds,
    )
