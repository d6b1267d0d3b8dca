"""The page with the optional model: none configured changes nothing (no model controls); a configured
endpoint that is down leaves the page working on the rule path, and the page says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
FREE = "帮我想想明年先把钱花在哪"


@pytest.fixture
def page(policy_data_dir, monkeypatch):
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(policy_data_dir))

    def run(**env: str) -> AppTest:
        for key, value in env.items():
            monkeypatch.setenv(f"JUNHENG_LLM_{key.upper()}", value)
        return AppTest.from_file(APP, default_timeout=300).run()

    return run


def _buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.sidebar.button]


def test_with_no_model_the_page_has_no_model_controls(page, monkeypatch):
    monkeypatch.delenv("JUNHENG_LLM_PROVIDER", raising=False)
    at = page()
    assert not at.exception
    assert "测试连接" not in _buttons(at)
    assert any("语言模型：未配置" in c.value for c in at.sidebar.caption)


def test_a_down_endpoint_leaves_the_rule_path_working_and_says_so(page):
    at = page(
        provider="openai", base_url="http://127.0.0.1:9/v1", model="qwen", timeout_s="2", max_retries="0"
    )
    assert any("语言模型：qwen" in c.value for c in at.sidebar.caption)
    next(b for b in at.sidebar.button if b.label == "测试连接").click().run()
    assert any("连接失败" in i.value for i in at.sidebar.info)
    at.chat_input[0].set_value(FREE).run()
    assert not at.exception
    answer = re.sub(r"</?strong>", "", at.chat_message[-1].markdown[0].value)
    assert answer.startswith("（语言模型暂时不可用，以下为系统按规则给出的回答。）")
    at.chat_input[0].set_value("城关二小哪些指标没达标？").run()  # placed by the rules: no model needed
    assert "城关第二小学" in at.chat_message[-1].markdown[0].value


@pytest.mark.slow  # drafts a plan in the page and polishes seven sections over HTTP (~70 s)
def test_a_section_polished_in_the_page_becomes_a_version_and_says_so(page, monkeypatch):
    from tests.planner.openai_stub import Stub, echo_polish, serve

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    stub = Stub(script=[echo_polish] * 20)
    server = serve(stub)
    try:
        at = page(provider="openai", base_url=stub.url, model="stub", timeout_s="10", max_retries="0")
        at.button(key="plan-draft").click().run()
        tasks = next(e for e in at.expander if e.label == "修改“主要任务”")
        next(b for b in tasks.button if b.label == "模型润色（数字与判定逐一核对）").click().run()
    finally:
        server.shutdown()
        server.server_close()
    assert not at.exception
    assert any("本节已由语言模型润色，数字与判定已核对。" in i.value for i in at.info)
    assert at.selectbox(key="version-2").options[-1] == "第2版：模型润色主要任务（恢复上一版本即为系统文字）"
    shown = "\n".join(m.value for m in at.markdown)
    assert "据测算" in shown and "经测算" not in shown  # the polished text is the plan's text now


def test_the_connection_message_never_shows_a_key_in_the_address(page):
    secret = "sk-query-5f3a9c0e"
    at = page(
        provider="openai",
        base_url=f"http://127.0.0.1:9/v1?api_key={secret}",
        model="qwen",
        timeout_s="2",
    )
    next(b for b in at.sidebar.button if b.label == "测试连接").click().run()
    shown = "\n".join(i.value for i in at.sidebar.info)
    assert "连接失败" in shown and secret not in shown and "127.0.0.1:9/v1" in shown


def test_a_cancelled_model_turn_is_answered_by_the_rules(page, monkeypatch):
    """取消 while the model is waited for: the rerun the click starts stops the wait, the question stays
    first in line, and the next run answers it by the rules with a note; a question queued behind it
    is answered after it, through the model again. Nothing is lost or reordered."""
    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    import planner.llm

    real = planner.llm.respond_with_model
    calls = []

    def interrupted_while_waiting(question, ctx, state, model, **kwargs):
        calls.append((question, model is not None))
        if model is not None and len(calls) == 1:
            raise StopException()  # the run is stopped mid-wait, as 取消's rerun does
        return real(question, ctx, state, model, **kwargs)

    monkeypatch.setattr(planner.llm, "respond_with_model", interrupted_while_waiting)
    at = page(provider="openai", base_url="http://127.0.0.1:9/v1", model="qwen", timeout_s="2")
    at.chat_input[0].set_value(FREE).run()
    assert at.session_state.turns == [FREE] and at.session_state.chat.messages == []
    at.session_state["model_cancelled"] = True  # what 取消's callback sets before the next run
    at.chat_input[0].set_value("城关二小哪些指标没达标？").run()  # queued behind the cancelled one
    assert not at.exception
    assert calls == [(FREE, True), (FREE, False), ("城关二小哪些指标没达标？", True)]  # no model for FREE
    assert [m.markdown[0].value for m in at.chat_message if m.name == "user"] == [
        FREE,
        "城关二小哪些指标没达标？",
    ]
    cancelled = re.sub(r"</?strong>", "", at.chat_message[1].markdown[0].value)
    assert cancelled.startswith("（已取消语言模型的回答，以下为系统按规则给出的回答。）")
    assert "已取消" not in at.chat_message[3].markdown[0].value  # the cancel was for one turn
    assert at.session_state.turns == [] and "model_cancelled" not in at.session_state


def test_a_refused_model_answer_can_be_read_on_request(page, monkeypatch):
    from tests.planner.openai_stub import Stub, completion, serve

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    invented = "全镇补齐短板共需投入860万元，全部学校均已达标。"
    stub = Stub(script=[completion(tool_calls=[{"name": "overview", "args": {}}]), completion(invented)])
    server = serve(stub)
    try:
        at = page(provider="openai", base_url=stub.url, model="stub", timeout_s="10", max_retries="0")
        at.chat_input[0].set_value(FREE).run()
    finally:
        stub.stop.set()
        server.shutdown()
        server.server_close()
    assert not at.exception
    assert "未通过核对" in at.chat_message[-1].markdown[0].value
    refused = next(e for e in at.expander if e.label == "查看未采用的模型回答（未通过核对）")
    assert refused.text[0].value == invented
