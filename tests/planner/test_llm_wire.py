"""The wire path: the real OpenAI client (langchain-openai) against a scripted OpenAI-compatible server
on 127.0.0.1 — a polish, a tool-calling turn, a timeout, 测试连接 — with the key never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState
from planner.llm import LLMSettings, build_chat_model, check_connection, polish_section
from planner.llm.chat import UNAVAILABLE, respond_with_model
from tests.planner.chat_search import MemorySearch
from tests.planner.openai_stub import Stub, completion, serve

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-test-5f3a9c0e7d21"
FREE = "帮我想想明年先把钱花在哪"


@pytest.fixture
def stub(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("JUNHENG_TEST_KEY", KEY)
    stub = Stub()
    server = serve(stub)
    yield stub
    stub.stop.set()
    server.shutdown()
    server.server_close()


def settings(stub: Stub, timeout: float = 5.0) -> LLMSettings:
    return LLMSettings(
        provider="openai",
        base_url=stub.url,
        model="stub",
        api_key_env="JUNHENG_TEST_KEY",
        timeout_s=timeout,
        max_retries=0,
    )


@pytest.fixture(scope="module")
def ctx():
    frame = load_schools(ROOT / "data" / "samples" / "城关镇.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    return ChatContext(evaluation=ev, schools=frame, region="城关镇", search=MemorySearch(()))


def test_a_polish_goes_over_the_wire_with_the_key_in_the_header_only(stub, town_plan):
    paragraphs = [p.text for p in town_plan.section("tasks.building").paragraphs]
    stub.script.append(completion(json.dumps({"paragraphs": paragraphs}, ensure_ascii=False)))
    result = polish_section(town_plan, "tasks.building", build_chat_model(settings(stub)))
    assert result.status == "polished"
    assert stub.headers[0]["authorization"] == f"Bearer {KEY}"
    sent = json.dumps(stub.requests[0], ensure_ascii=False)
    assert stub.requests[0]["model"] == "stub" and KEY not in sent
    assert "1300㎡" in sent  # the draft went as the data to polish (第二中学's field on new land)


def test_a_tool_calling_turn_goes_over_the_wire(stub, ctx):
    stub.script += [
        completion(tool_calls=[{"name": "rank", "args": {"count": 2}}]),
        completion("建议先投向石桥小学：3项指标未达标，骨干教师只达到标准的53%。"),
    ]
    turn = respond_with_model(FREE, ctx, ChatState(), build_chat_model(settings(stub)))
    assert turn.path == "model" and turn.tools_called == ("rank",)
    first, second = stub.requests
    assert {t["function"]["name"] for t in first["tools"]} >= {"rank", "school_gaps", "policy_search"}
    assert second["messages"][-1]["role"] == "tool" and "石桥小学" in second["messages"][-1]["content"]


def test_a_slow_endpoint_times_out_and_the_rules_answer(stub, ctx, town_plan):
    stub.script += [("sleep", 5), ("sleep", 5)]
    model = build_chat_model(settings(stub, timeout=0.5))
    turn = respond_with_model(FREE, ctx, ChatState(), model)
    assert turn.path == "fallback" and turn.reply.text.startswith(UNAVAILABLE)
    assert polish_section(town_plan, "tasks.building", model).status == "failed"


def test_the_connection_check_reports_success_and_failure_without_the_key(stub):
    stub.script.append(completion("好"))
    ok = check_connection(settings(stub))
    assert ok.ok and "连接成功" in ok.message
    down = check_connection(settings(stub).model_copy(update={"base_url": "http://127.0.0.1:9/v1"}))
    assert not down.ok and "连接失败" in down.message and KEY not in down.message


def test_with_no_model_configured_nothing_is_built():
    assert build_chat_model(LLMSettings()) is None
    assert not check_connection(LLMSettings()).ok


def test_an_ollama_endpoint_answers_the_connection_check(stub):
    stub.script.append(completion("好"))
    report = check_connection(
        LLMSettings(provider="ollama", base_url=stub.host, model="qwen2.5", timeout_s=5)
    )
    assert report.ok, report.message
    assert stub.requests[0]["model"] == "qwen2.5"


def test_the_command_line_polishes_a_section_and_answers_a_free_question(stub, monkeypatch, capsys):
    from planner.llm.__main__ import main
    from tests.planner.openai_stub import echo_polish

    for key, value in {
        "PROVIDER": "openai",
        "BASE_URL": stub.url,
        "MODEL": "stub",
        "MAX_RETRIES": "0",
    }.items():
        monkeypatch.setenv(f"JUNHENG_LLM_{key}", value)
    sample = str(ROOT / "data" / "samples" / "城关镇.xlsx")
    stub.script += [
        echo_polish,
        completion(tool_calls=[{"name": "rank", "args": {"count": 2}}]),
        completion("先投向石桥小学：3项指标未达标。"),
    ]
    assert main(["polish", sample, "--region", "城关镇", "--section", "tasks.building"]) == 0
    polished = json.loads(capsys.readouterr().out)
    assert polished["status"] == "polished" and polished["texts"][0].startswith("据测算")
    assert main(["ask", sample, FREE, "--region", "城关镇"]) == 0
    answered = json.loads(capsys.readouterr().out)
    assert (answered["path"], answered["tools"]) == ("model", ["rank"])


# --- faults: one timeout, no silent retry, caps ----------------------------------------------------


def test_a_hung_server_gets_one_request_and_the_rules_answer(stub, ctx):
    from tests.planner.openai_stub import fault

    stub.default = fault("hang")
    turn = respond_with_model(FREE, ctx, ChatState(), build_chat_model(settings(stub, timeout=0.5)))
    assert turn.path == "fallback" and turn.reply.text.startswith(UNAVAILABLE)
    assert len(stub.requests) == 1  # no retry doubling the wait


def test_a_server_error_is_not_retried_by_default(stub, ctx):
    from tests.planner.openai_stub import fault

    stub.default = fault("http_500")
    assert LLMSettings().max_retries == 0
    model = build_chat_model(settings(stub).model_copy(update={"max_retries": LLMSettings().max_retries}))
    turn = respond_with_model(FREE, ctx, ChatState(), model)
    assert turn.path == "fallback" and len(stub.requests) == 1


def test_a_huge_reply_is_never_shown(stub, ctx):
    from tests.planner.openai_stub import fault

    stub.script.append(completion(tool_calls=[{"name": "overview", "args": {}}]))
    stub.default = fault("huge_reply")
    turn = respond_with_model(FREE, ctx, ChatState(), build_chat_model(settings(stub)))
    assert turn.path == "fallback" and "模型回复过长" in turn.reply.text
    assert len(turn.reply.text) < 10_000


def test_a_huge_tool_argument_is_refused_unread(stub, ctx):
    from tests.planner.openai_stub import fault

    stub.default = fault("huge_tool_argument")
    turn = respond_with_model(FREE, ctx, ChatState(), build_chat_model(settings(stub)))
    assert turn.path == "fallback"
    assert turn.refusals and turn.refusals[0].startswith("工具参数过长")


def test_a_malformed_tool_call_falls_back(stub, ctx):
    from tests.planner.openai_stub import fault

    stub.default = fault("malformed_tool_call")
    turn = respond_with_model(FREE, ctx, ChatState(), build_chat_model(settings(stub)))
    assert turn.path == "fallback"


def test_the_key_may_be_given_as_junheng_llm_api_key(stub, monkeypatch):
    monkeypatch.setenv("JUNHENG_LLM_API_KEY", "sk-own-0c9e")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    stub.script.append(completion("好"))
    assert check_connection(LLMSettings(provider="openai", base_url=stub.url, model="stub")).ok
    assert stub.headers[0]["authorization"] == "Bearer sk-own-0c9e"


def test_no_message_shows_a_key_in_the_addresss_query_string():
    secret = "sk-query-77aa31"
    down = LLMSettings(
        provider="openai", base_url=f"http://127.0.0.1:9/v1?key={secret}", model="m", timeout_s=2
    )
    report = check_connection(down)
    assert not report.ok and secret not in report.message and "http://127.0.0.1:9/v1" in report.message
