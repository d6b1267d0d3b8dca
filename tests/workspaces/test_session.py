"""Autosave: a page session's changes reach the store once, and a new session gets them all back."""

from __future__ import annotations

from planner.chat import ChatState, Pending, Reply
from workspaces import SlotKey
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


def _slot_of(document) -> SlotKey:
    """The stand-in documents name their slot as the planner's documents do by template."""
    return SlotKey(document.get("kind", "plan"), document.get("year"))


def test_each_document_is_saved_in_its_own_slot_and_read_back_in_order(store):
    ws = store.create_workspace("城关镇", "town")
    saver = Autosave(store, ws.id, slot_of=_slot_of)
    saver.restore()
    chat = ChatState()
    chat.set_plan({"t": "方案"}, "第1版：生成方案")
    chat.set_plan({"t": "自评", "kind": "self_report"}, "第2版：起草自评报告")
    chat.set_plan({"t": "总结", "kind": "work_summary", "year": 2024}, "第3版：起草工作总结")
    chat.set_plan({"t": "方案改"}, "第4版：手工修改")
    assert saver.save(chat, {}) is None
    assert {d.key.name: d.head for d in store.slots(ws.id)} == {
        "实施方案": 2,
        "自评报告": 1,
        "2024年度工作总结": 1,
    }
    again = Autosave(store, ws.id, slot_of=_slot_of).restore().versions
    assert again.labels == [
        "第1版：生成方案",
        "第2版：起草自评报告",
        "第3版：起草工作总结",
        "第4版：手工修改",
    ]
    assert [k.kind for k in again.keys(_slot_of)] == ["plan", "self_report", "work_summary", "plan"]
    assert again[1] == ("第2版：起草自评报告", {"t": "自评", "kind": "self_report"})


def test_a_reopened_session_adds_to_the_right_slot(store):
    ws = store.create_workspace("城关镇", "town")
    first = Autosave(store, ws.id, slot_of=_slot_of)
    first.restore()
    chat = ChatState()
    chat.set_plan({"t": "方案"}, "第1版：生成方案")
    chat.set_plan({"t": "自评", "kind": "self_report"}, "第2版：起草自评报告")
    first.save(chat, {})
    second = Autosave(store, ws.id, slot_of=_slot_of)
    chat = ChatState(versions=second.restore().versions)
    chat.set_plan({"t": "方案"}, "第3版：恢复第1版")
    assert second.save(chat, {}) is None
    assert [d.head for d in store.slots(ws.id)] == [2, 1]
    assert chat.versions.keys(_slot_of)[-1] == SlotKey()


def test_a_copy_of_the_stored_versions_is_a_list_of_its_own_that_reads_from_each_slot(store):
    """A chat turn works on a copy: what it appends stays out of the original; the copy still reads
    each stored document from its own slot when used."""
    import copy

    ws = store.create_workspace("城关镇", "town")
    saver = Autosave(store, ws.id, slot_of=_slot_of)
    saver.restore()
    chat = ChatState()
    chat.set_plan({"t": "方案"}, "第1版：生成方案")
    chat.set_plan({"t": "自评", "kind": "self_report"}, "第2版：起草自评报告")
    saver.save(chat, {})
    stored = Autosave(store, ws.id, slot_of=_slot_of).restore().versions
    copied = copy.copy(stored)
    copied.append(("第3版：手工修改", {"t": "方案改"}))
    assert len(stored) == 2 and len(copied) == 3
    assert copied[1] == ("第2版：起草自评报告", {"t": "自评", "kind": "self_report"})
    assert [k.kind for k in copied.keys(_slot_of)] == ["plan", "self_report", "plan"]
