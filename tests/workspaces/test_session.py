"""Autosave: a page session's changes reach the store once, and a new session gets them all back."""

from __future__ import annotations

from planner.chat import ChatState, Pending, Reply
from workspaces.session import Autosave


def _chat() -> ChatState:
    chat = ChatState()
    chat.messages += [("user", "生成实施方案"), ("assistant", Reply("已生成方案。", kind="plan"))]
    chat.set_plan({"title": "城关镇方案", "v": 1}, "第1版：生成方案")
    chat.pending = Pending("城关小学", ("城关第一小学", "城关第二小学"))
    return chat


def test_a_new_session_restores_messages_versions_settings_and_pending_question(store):
    ws = store.create_workspace("城关镇", "town")
    first = Autosave(store, ws.id)
    first.restore()
    assert first.save(_chat(), {"start_year": 2027}, basis="b1") is None
    again = Autosave(store, ws.id).restore()
    assert again.settings == {"start_year": 2027}
    assert again.messages == _chat().messages
    assert again.versions == [("第1版：生成方案", {"title": "城关镇方案", "v": 1})]
    assert again.bases == ["b1"]
    assert again.chat_rest.pending == Pending("城关小学", ("城关第一小学", "城关第二小学"))
    assert again.chat_rest.messages == [] and again.chat_rest.plan is None


def test_saving_twice_writes_only_what_is_new(store):
    ws = store.create_workspace("城关镇", "town")
    saver = Autosave(store, ws.id)
    saver.restore()
    chat = _chat()
    saver.save(chat, {})
    saver.save(chat, {})
    chat.messages.append(("user", "导出Word"))
    saver.save(chat, {})
    assert len(store.messages(ws.id)) == 3
    assert len(store.versions(store.plan_id(ws.id), with_plans=False)) == 1


def test_a_second_window_saving_a_plan_first_makes_this_save_stale(store):
    ws = store.create_workspace("城关镇", "town")
    a, b = Autosave(store, ws.id), Autosave(store, ws.id)
    a.restore()
    b.restore()
    assert a.save(_chat(), {}) is None
    chat = ChatState()
    chat.set_plan({"title": "另一窗口"}, "第1版：另一窗口")
    message = b.save(chat, {})
    assert message is not None and "方案未保存" in message
    assert [label for label, _ in Autosave(store, ws.id).restore().versions] == ["第1版：生成方案"]
