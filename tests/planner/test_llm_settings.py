"""Model settings, the builder and prompts as data: none by default, timeouts and retries set, the key
read from the environment or the page's secrets and never shown, prompt variables checked at load."""

from __future__ import annotations

import pytest
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI
from pydantic import ValidationError

from planner.llm import LLMSettings, api_key, build_chat_model
from planner.llm.prompts import load_prompts, render

KEY = "sk-secret-7d21"


def test_the_default_is_no_model(monkeypatch):
    for name in ("PROVIDER", "MODEL", "BASE_URL"):
        monkeypatch.delenv(f"JUNHENG_LLM_{name}", raising=False)
    settings = LLMSettings()
    assert (settings.provider, settings.enabled) == ("none", False)
    assert build_chat_model(settings) is None
    assert "未配置" in settings.status


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("JUNHENG_LLM_PROVIDER", "openai")
    monkeypatch.setenv("JUNHENG_LLM_MODEL", "qwen")
    monkeypatch.setenv("JUNHENG_LLM_TIMEOUT_S", "12")
    settings = LLMSettings()
    assert (settings.provider, settings.model, settings.timeout_s, settings.enabled) == (
        "openai",
        "qwen",
        12.0,
        True,
    )


def test_an_impossible_setting_is_rejected():
    with pytest.raises(ValidationError):
        LLMSettings(provider="gpt", model="x")
    with pytest.raises(ValidationError):
        LLMSettings(provider="openai", model="x", timeout_s=0)


def test_the_openai_model_has_its_timeout_retries_and_key(monkeypatch):
    monkeypatch.setenv("MY_KEY", KEY)
    settings = LLMSettings(
        provider="openai",
        model="qwen",
        base_url="http://127.0.0.1:1/v1",
        api_key_env="MY_KEY",
        timeout_s=7,
        max_retries=2,
    )
    model = build_chat_model(settings)
    assert isinstance(model, ChatOpenAI)
    assert (model.request_timeout, model.max_retries, model.model_name) == (7, 2, "qwen")
    assert model.openai_api_key.get_secret_value() == KEY
    assert KEY not in repr(model) and KEY not in str(settings)


def test_the_ollama_model_has_its_timeout():
    model = build_chat_model(
        LLMSettings(provider="ollama", model="qwen2.5", base_url="http://127.0.0.1:1", timeout_s=9)
    )
    assert isinstance(model, ChatOllama) and model.client_kwargs["timeout"] == 9


def test_the_key_comes_from_the_environment_first_then_the_secrets(monkeypatch):
    settings = LLMSettings(provider="openai", model="m", api_key_env="MY_KEY")
    monkeypatch.delenv("MY_KEY", raising=False)
    assert api_key(settings) is None
    assert api_key(settings, {"MY_KEY": KEY}).get_secret_value() == KEY
    monkeypatch.setenv("MY_KEY", "from-env")
    assert api_key(settings, {"MY_KEY": KEY}).get_secret_value() == "from-env"
    assert "from-env" not in repr(api_key(settings))


def test_every_shipped_prompt_declares_exactly_its_variables():
    prompts = load_prompts()
    assert {"polish_system", "polish_user", "chat_system", "tool_result"} <= set(prompts)


def test_a_prompt_using_an_undeclared_variable_is_refused_at_load(tmp_path):
    bad = tmp_path / "prompts.yaml"
    bad.write_text("p:\n  variables: [a]\n  template: '{{ a }} {{ b }}'\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="不一致"):
        load_prompts(bad)


def test_rendering_needs_exactly_the_declared_variables():
    with pytest.raises(ValueError, match="需要变量"):
        render("chat_system", region="城关镇")


def test_the_command_line_checks_a_text(capsys):
    from planner.llm.__main__ import main

    assert main(["guard", "差异系数为0.52，投入300万元", "--allow", "差异系数为0.518"]) == 1
    assert capsys.readouterr().out.strip() == "“300万元”不是计算结果中的数字"
    assert main(["guard", "差异系数为0.52", "--allow", "差异系数为0.518"]) == 0
