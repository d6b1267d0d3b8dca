"""One turn at a time: the chat box greys out while an answer runs, and a run interrupted mid-answer
(the user clicked or asked again) leaves the conversation as it was with the question still first in
line, so the next run answers both in the order asked and the saved conversation stays in order."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import StopException
from streamlit.testing.v1 import AppTest

from workspaces import open_store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TOWN = (ROOT / "data" / "samples" / "城关镇.xlsx").read_bytes()


@pytest.fixture
def workspace(policy_data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(policy_data_dir))
    url = f"sqlite:///{tmp_path / 'workspaces.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = open_store(url)
    ws = store.create_workspace("城关镇", "town")
    store.add_dataset(ws.id, 2024, "城关镇.xlsx", TOWN, schools=12)
    return store, ws.id


def test_the_chat_box_greys_out_from_sending_until_the_answer_is_drawn(workspace):
    from streamlit.proto.ChatInput_pb2 import ChatInput

    at = AppTest.from_file(APP, default_timeout=300).run()
    assert at.chat_input[0].proto.submit_mode == ChatInput.SubmitMode.SUBMIT_MODE_DISABLE


def test_an_answer_interrupted_mid_turn_is_given_first_on_the_next_run_and_saved_in_order(
    workspace, monkeypatch
):
    import planner.llm

    store, ws_id = workspace
    real = planner.llm.respond_with_model
    calls = []

    def interrupted_once(question, ctx, state, model):
        calls.append(question)
        if len(calls) == 1:  # the question is taken in, then the run is stopped mid-answer, as a
            state.messages.append(("user", question))  # click or a second question does
            raise StopException()
        return real(question, ctx, state, model)

    monkeypatch.setattr(planner.llm, "respond_with_model", interrupted_once)
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.chat_input[0].set_value("生成实施方案").run()
    assert at.session_state.chat.messages == [] and at.session_state.turns == ["生成实施方案"]
    assert store.messages(ws_id) == []

    at.chat_input[0].set_value("导出Word").run()  # asked while the first is still owed
    assert not at.exception
    asked = [m for r, m in at.session_state.chat.messages if r == "user"]
    assert asked == ["生成实施方案", "导出Word"] and calls == ["生成实施方案", "生成实施方案", "导出Word"]
    assert at.session_state.chat.plan is not None  # the second answer saw the plan the first drafted
    assert any(b.label.endswith(".docx") for b in at.get("download_button"))
    assert [r for r, _ in store.messages(ws_id)] == ["user", "assistant", "user", "assistant"]
    assert [m for r, m in store.messages(ws_id) if r == "user"] == asked
