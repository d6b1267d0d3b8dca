"""Roles below the page: viewers read and export, editors also change, owners also manage members.
Every call that changes a workspace checks the caller's role and changes nothing when refused."""

from __future__ import annotations

import dataclasses

import pytest

from workspaces import (
    PermissionDenied,
    Role,
    WorkspaceError,
    WorkspaceNotFound,
    export_workspace,
)
from workspaces.session import Autosave

Chat = dataclasses.make_dataclass("Chat", ["messages", "versions", "plan"])
"""The fields Autosave reads, as the page's ChatState has them."""


@pytest.fixture
def office(store):
    """甲镇 with an owner, an editor and a viewer, one dataset, two messages and one plan version;
    乙镇 belongs to someone else."""
    for name in ("owner", "editor", "viewer", "other"):
        store.add_user(name, f"password-{name}")
    ws = store.create_workspace("甲镇", "town", owner="owner")
    store.add_member(ws.id, "editor", "editor")
    store.add_member(ws.id, "viewer", "viewer")
    store.add_dataset(ws.id, 2024, "2024.xlsx", b"data-2024", schools=3)
    store.append_messages(ws.id, 0, [("user", "你好"), ("assistant", "您好")])
    store.add_version(store.plan_id(ws.id), {"title": "方案"}, "第1版", head=0)
    store.create_workspace("乙镇", "town", owner="other")
    return ws.id


def _snapshot(store, ws_id):
    """Everything a member could change, read as the operator."""
    ws = store.workspace(ws_id)
    pid = store.find_plan(ws_id)
    return (
        (ws.name, ws.level),
        [d.filename for d in store.datasets(ws_id)],
        store.settings(ws_id),
        store.messages(ws_id),
        store.chat_state(ws_id),
        [v.label for v in store.versions(pid, with_plans=False)],
        store.members(ws_id),
    )


CHANGES = {
    "rename": lambda s, ws, u: s.update_workspace(ws, name="改名", user=u),
    "upload": lambda s, ws, u: s.add_dataset(ws, 2025, "2025.xlsx", b"data-2025", 3, user=u),
    "settings": lambda s, ws, u: s.save_settings(ws, {"region": "改名"}, s.settings(ws)[1], user=u),
    "chat state": lambda s, ws, u: s.save_chat_state(ws, {"pending": "x"}, user=u),
    "ask": lambda s, ws, u: s.append_messages(ws, 2, [("user", "再问一句")], user=u),
    "plan version": lambda s, ws, u: s.add_version(s.find_plan(ws), {"title": "改"}, "第2版", head=1, user=u),
}
MANAGING = {
    "add member": lambda s, ws, u: s.add_member(ws, "other", "viewer", user=u),
    "change a role": lambda s, ws, u: s.add_member(ws, "viewer", "editor", user=u),
    "remove member": lambda s, ws, u: s.remove_member(ws, "viewer", user=u),
    "delete": lambda s, ws, u: s.delete_workspace(ws, user=u),
}


@pytest.mark.parametrize("action", [*CHANGES, *MANAGING])
def test_a_viewer_changes_nothing_and_is_told_why_in_chinese(store, office, action):
    before = _snapshot(store, office)
    with pytest.raises(PermissionDenied, match="角色是“查看者”，不能") as refused:
        {**CHANGES, **MANAGING}[action](store, office, "viewer")
    assert "联系工作区的所有者" in str(refused.value)
    assert _snapshot(store, office) == before


@pytest.mark.parametrize("action", list(CHANGES))
def test_an_editor_changes_the_workspace(store, office, action):
    before = _snapshot(store, office)
    CHANGES[action](store, office, "editor")
    assert _snapshot(store, office) != before


@pytest.mark.parametrize("action", list(MANAGING))
def test_an_editor_cannot_manage_members(store, office, action):
    before = _snapshot(store, office)
    with pytest.raises(PermissionDenied, match="角色是“编辑者”，不能管理这个工作区的成员"):
        MANAGING[action](store, office, "editor")
    assert _snapshot(store, office) == before


@pytest.mark.parametrize("action", list(MANAGING))
def test_an_owner_manages_members(store, office, action):
    before = _snapshot(store, office)
    MANAGING[action](store, office, "owner")
    if action == "delete":
        with pytest.raises(WorkspaceNotFound):
            store.workspace(office)
    else:
        assert _snapshot(store, office) != before


@pytest.mark.parametrize("user", ["viewer", "editor", "owner"])
def test_every_member_reads_and_exports(store, office, user):
    pid = store.find_plan(office, user=user)
    assert store.messages(office, user)[0] == ("user", "你好")
    assert [v.label for v in store.versions(pid, False, user)] == ["第1版"]
    dataset = store.current_datasets(office, user)[2024]
    assert store.dataset_content(office, dataset.id, user) == b"data-2024"
    assert export_workspace(store, office, user=user)[:2] == b"PK"


@pytest.mark.parametrize("action", [*CHANGES, *MANAGING])
def test_someone_who_is_not_a_member_is_not_told_the_workspace_exists(store, office, action):
    with pytest.raises(WorkspaceNotFound):
        {**CHANGES, **MANAGING}[action](store, office, "other")
    with pytest.raises(WorkspaceNotFound):
        export_workspace(store, office, user="other")
    with pytest.raises(WorkspaceNotFound):
        store.messages(office, "other")


def test_roles_are_read_per_workspace_and_an_administrator_owns_every_one(store, office):
    store.add_user("admin", "password-admin", admin=True)
    assert [store.role(office, u) for u in ("owner", "editor", "viewer", "admin")] == [
        Role.OWNER,
        Role.EDITOR,
        Role.VIEWER,
        Role.OWNER,
    ]
    assert store.role(office, None) is Role.OWNER  # accounts off: the operator


def test_the_last_owner_can_neither_leave_nor_be_demoted(store, office):
    with pytest.raises(WorkspaceError, match="至少要有一位所有者"):
        store.remove_member(office, "owner", user="owner")
    with pytest.raises(WorkspaceError, match="至少要有一位所有者"):
        store.add_member(office, "owner", "editor", user="owner")
    store.add_member(office, "editor", "owner", user="owner")
    store.add_member(office, "owner", "viewer", user="editor")  # two owners: one may step down
    assert dict(store.members(office))["owner"] == "viewer"


def test_a_role_taken_away_mid_session_refuses_the_next_save(store, office):
    saver = Autosave(store, office, user="editor")
    restored = saver.restore()
    store.add_member(office, "editor", "viewer", user="owner")

    chat = Chat([*restored.messages, ("user", "再问一句")], restored.versions, None)
    message = saver.save(chat, restored.settings)
    assert message is not None and "查看者" in message
    assert len(store.messages(office)) == 2


def test_a_viewers_session_opens_a_workspace_without_a_plan_and_creates_nothing(store):
    store.add_user("owner", "password-owner")
    store.add_user("viewer", "password-viewer")
    ws = store.create_workspace("甲镇", "town", owner="owner")
    store.add_member(ws.id, "viewer", "viewer")
    restored = Autosave(store, ws.id, user="viewer").restore()
    assert list(restored.versions) == [] and store.find_plan(ws.id) is None
