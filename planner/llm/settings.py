"""Which language model, if any: ``none`` (the default: every answer and every plan stays
deterministic), an OpenAI-compatible endpoint, or Ollama. Read from ``JUNHENG_LLM_*`` variables.

The key is read from ``JUNHENG_LLM_API_KEY``, else from the environment variable named by
``api_key_env``, else from the page's secrets; it is held as a ``SecretStr`` and never logged or shown
(``redact`` removes it, and any address's query string, from a message).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["LLMSettings", "address", "api_key", "redact"]


class LLMSettings(BaseSettings):
    """The optional model backend; ``provider="none"`` means no model is built."""

    model_config = SettingsConfigDict(env_prefix="JUNHENG_LLM_", extra="forbid", frozen=True)

    provider: Literal["none", "openai", "ollama"] = Field("none", description="none=不使用模型")
    base_url: str | None = Field(
        None, description="接口地址，如 http://127.0.0.1:8000/v1 或 http://127.0.0.1:11434"
    )
    model: str = Field("", description="模型名称")
    api_key: SecretStr | None = Field(None, description="密钥（环境变量 JUNHENG_LLM_API_KEY），从不显示")
    api_key_env: str = Field(
        "OPENAI_API_KEY", description="另一个存放密钥的环境变量名（或 Streamlit secrets 键名）"
    )
    timeout_s: float = Field(
        30.0, gt=0, le=600, description="一次问答或一组润色等待模型的总时长上限（秒），超时即改用系统规则"
    )
    max_retries: int = Field(
        0, ge=0, le=5, description="连接失败时客户端的重试次数（默认不重试；总时长仍受 timeout_s 限制）"
    )
    temperature: float = Field(0.2, ge=0, le=2)

    @property
    def enabled(self) -> bool:
        return self.provider != "none" and bool(self.model)

    @property
    def status(self) -> str:
        """One Chinese line for the page's settings (no key, no credentials)."""
        if not self.enabled:
            return "语言模型：未配置。问答与方案全部由规则和计算生成。"
        kind = "Ollama" if self.provider == "ollama" else "OpenAI 兼容接口"
        return f"语言模型：{self.model}（{kind}）。可润色方案文字、理解自由提问；数字仍全部来自计算结果。"


def api_key(settings: LLMSettings, secrets: Mapping[str, Any] | None = None) -> SecretStr | None:
    """The endpoint key: ``JUNHENG_LLM_API_KEY`` (the setting), else the variable named by
    ``api_key_env``, else ``secrets`` (e.g. ``st.secrets``) under either name; None if none."""
    if settings.api_key is not None and settings.api_key.get_secret_value():
        return settings.api_key
    value = os.environ.get(settings.api_key_env)
    if not value and secrets is not None:
        for name in (settings.api_key_env, "JUNHENG_LLM_API_KEY"):
            try:
                value = secrets.get(name)
            except Exception:  # st.secrets raises when no secrets file exists
                value = None
            if value:
                break
    return SecretStr(str(value)) if value else None


def address(settings: LLMSettings) -> str:
    """The endpoint for messages: scheme, host, port and path only (no user:password, no query
    string or fragment, which may carry a key)."""
    if not settings.base_url:
        return "默认地址"
    try:
        parts = urlsplit(settings.base_url)
        host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return "（地址格式有误）"
    return f"{parts.scheme}://{host}{parts.path}" if parts.scheme else host + parts.path


_QUERY = re.compile(r"\?[^\s]*")
_KEYLIKE = re.compile(r"\b(?:sk|key|token)[-_][A-Za-z0-9_\-]{6,}", re.I)


def redact(text: str, settings: LLMSettings, secrets: Mapping[str, Any] | None = None) -> str:
    """``text`` without the key, the endpoint's query string and credentials, or anything shaped
    like a key (for every message the page shows or the log writes)."""
    key = api_key(settings, secrets)
    if key is not None and key.get_secret_value():
        text = text.replace(key.get_secret_value(), "***")
    if settings.base_url:
        text = text.replace(settings.base_url, address(settings))
        parts = urlsplit(settings.base_url)
        for secret in (parts.query, parts.password, parts.username, parts.fragment):
            if secret:
                text = text.replace(secret, "***")
    return _KEYLIKE.sub("***", _QUERY.sub("", text) if "://" in text else text)
