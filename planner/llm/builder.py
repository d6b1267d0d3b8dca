"""Build the LangChain chat model the settings name, with its timeout and retries; ``none`` builds none."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from planner.llm.settings import LLMSettings, api_key

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


def _address(settings: LLMSettings) -> str:
    """The endpoint without any user:password part, for messages."""
    if not settings.base_url:
        return "默认地址"
    parts = urlsplit(settings.base_url)
    return parts._replace(netloc=(parts.hostname or "") + (f":{parts.port}" if parts.port else "")).geturl()


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
        answer = model.invoke([HumanMessage("请回复“好”。")])
    except Exception as exc:  # any failure is reported, none propagates
        return ConnectionReport(
            False,
            f"连接失败（{type(exc).__name__}）：{settings.model} @ {_address(settings)}。"
            "页面继续使用系统内置的规则与计算。",
            time.perf_counter() - start,
        )
    seconds = time.perf_counter() - start
    if not answer.text.strip():
        return ConnectionReport(
            False, "模型已连接，但返回了空回复。页面继续使用系统内置的规则与计算。", seconds
        )
    return ConnectionReport(True, f"连接成功：{settings.model}，用时{seconds:.1f}秒。", seconds)
