"""Which language model, if any: ``none`` (the default: every answer and every plan stays
deterministic), an OpenAI-compatible endpoint, or Ollama. Read from ``JUNHENG_LLM_*`` variables.

The key is never a setting: it is read from the environment variable named by ``api_key_env`` or from
the page's secrets, held as a ``SecretStr`` and never logged or shown.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["LLMSettings", "api_key"]


class LLMSettings(BaseSettings):
    """The optional model backend; ``provider="none"`` means no model is built."""

    model_config = SettingsConfigDict(env_prefix="JUNHENG_LLM_", extra="forbid", frozen=True)

    provider: Literal["none", "openai", "ollama"] = Field("none", description="none=不使用模型")
    base_url: str | None = Field(
        None, description="接口地址，如 http://127.0.0.1:8000/v1 或 http://127.0.0.1:11434"
    )
    model: str = Field("", description="模型名称")
    api_key_env: str = Field(
        "OPENAI_API_KEY", description="存放密钥的环境变量名（或 Streamlit secrets 键名）"
    )
    timeout_s: float = Field(30.0, gt=0, le=600, description="单次请求超时（秒）")
    max_retries: int = Field(1, ge=0, le=5, description="连接失败时的重试次数")
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
    """The endpoint key from the environment, else from ``secrets`` (e.g. ``st.secrets``); None if neither."""
    value = os.environ.get(settings.api_key_env)
    if not value and secrets is not None:
        try:
            value = secrets.get(settings.api_key_env)
        except Exception:  # st.secrets raises when no secrets file exists
            value = None
    return SecretStr(str(value)) if value else None
