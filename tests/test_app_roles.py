"""Roles through the page (accounts on): a viewer sees and exports but every widget that would change
the workspace is disabled or absent, and a value sent anyway (a crafted client ignores "disabled")
is refused and saves nothing; an editor changes; only an owner manages members."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from workspaces import open_store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TOWN = (ROOT / "data" / "samples" / "城关镇.xlsx").read_bytes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIEWER_NOTE = "您在这个工作区是“查看者”"


@pytest.fixture
def office(policy_data_dir, monkeypatch, tmp_path):
    """甲镇 (城关镇's data, one question and a drafted plan) with an owner, an editor and a viewer."""
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(policy_data_dir))
    monkeypatch.setenv("JUNHENG_ACCOUNTS", "1")
    monkeypatch.setattr("workspaces.store.BCRYPT_ROUNDS", 4)
    url = f"sqlite:///{tmp_path / 'workspaces.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = open_store(url)
    for name in ("owner", "editor", "viewer", "colleague"):
        store.add_user(name, f"password-{name}")
    ws = store.create_workspace("甲镇", "town", owner="owner")
    store.add_member(ws.id, "editor", "editor")
    store.add_member(ws.id, "viewer", "viewer")
    store.add_dataset(ws.id, 2024, "城关镇.xlsx", TOWN, schools=12)
    at = _signed_in("owner")
    at.chat_input[0].set_value("全镇达标情况怎样？").run()
    at.chat_input[0].set_value("生成实施方案").run()
    assert not at.exception
    return store, ws.id


def _signed_in(user: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.text_input[0].set_value(user)
    at.text_input[1].set_value(f"password-{user}")
    return at.button[0].click().run()


def _saved(store, ws_id):
    """What the page could have changed, as stored."""
    return (
        store.settings(ws_id)[0],
        len(store.messages(ws_id)),
        [d.filename for d in store.datasets(ws_id)],
        [v.label for v in store.versions(store.find_plan(ws_id), with_plans=False)],
        store.members(ws_id),
    )


def _forced(widget, value):
    """What a crafted client can send: a value for a widget the page drew disabled."""
    widget.proto.disabled = False
    return widget.set_value(value)


def test_a_viewer_reads_the_chat_and_plan_and_may_export(office):
    at = _signed_in("viewer")
    assert not at.exception and not at.error
    assert at.chat_message[0].markdown[0].value == "全镇达标情况怎样？"
    assert any(VIEWER_NOTE in c.value for c in at.sidebar.caption)
    labels = [b.label for b in at.get("download_button")]
    assert "导出工作区（.zip）" in labels and "下载Word（.docx）" in labels
    assert at.selectbox(key="version-1").options == ["第1版：生成方案"]


def test_a_viewer_gets_no_widget_that_changes_the_workspace(office):
    at = _signed_in("viewer")
    assert at.chat_input[0].proto.disabled
    assert at.sidebar.get("file_uploader")[0].proto.disabled
    for key in ("region", "start_year", "years", "upload_year"):
        assert at.sidebar.get("text_input" if key == "region" else "number_input")
        widget = at.text_input(key=key) if key == "region" else at.number_input(key=key)
        assert widget.disabled, key
    assert all(r.disabled for r in at.sidebar.radio)
    buttons = {b.label for b in at.button}
    assert not buttons & {"生成实施方案", "恢复此版本", "保存修改", "重新生成本部分", "添加或修改角色"}
    assert not [e for e in at.expander if e.label.startswith(("修改“", "上传政策文件", "成员与权限"))]
    assert all(b.disabled for b in at.button if b.key and b.key.startswith(("suggest-", "example-")))


def test_settings_a_viewer_sends_anyway_are_not_saved(office):
    store, ws_id = office
    before = _saved(store, ws_id)
    at = _signed_in("viewer")
    _forced(at.text_input(key="region"), "改名镇").run()
    _forced(at.number_input(key="start_year"), 2030).run()
    assert not at.exception
    assert _saved(store, ws_id) == before


def test_a_question_a_viewer_sends_anyway_is_not_answered_nor_saved(office):
    store, ws_id = office
    before = _saved(store, ws_id)
    at = _signed_in("viewer")
    _forced(at.chat_input[0], "把起始年改成2030年").run()
    assert len(at.chat_message) == 4  # the two saved turns only
    assert _saved(store, ws_id) == before


def test_a_file_a_viewer_uploads_anyway_is_not_stored(office):
    store, ws_id = office
    before = _saved(store, ws_id)
    at = _signed_in("viewer")
    _forced(at.sidebar.get("file_uploader")[0], ("2025.xlsx", TOWN, XLSX)).run()
    assert _saved(store, ws_id) == before


def test_an_editor_made_viewer_mid_session_has_the_next_question_and_upload_dropped(office):
    store, ws_id = office
    before = _saved(store, ws_id)
    asking, uploading = _signed_in("editor"), _signed_in("editor")  # widgets drawn enabled …
    store.add_member(ws_id, "editor", "viewer", user="owner")  # … then the owner changes the role
    asking.chat_input[0].set_value("把起始年改成2030年").run()
    uploading.sidebar.get("file_uploader")[0].set_value(("2025.xlsx", TOWN, XLSX)).run()
    assert asking.chat_input[0].proto.disabled and len(asking.chat_message) == 4
    assert uploading.sidebar.get("file_uploader")[0].proto.disabled
    assert _saved(store, ws_id)[:4] == before[:4]


def test_an_editor_asks_and_changes_settings_and_both_are_saved(office):
    store, ws_id = office
    at = _signed_in("editor")
    assert not at.chat_input[0].proto.disabled
    at.chat_input[0].set_value("哪几所学校最差？").run()
    at.text_input(key="region").set_value("甲镇（新）").run()
    assert not at.exception and not at.error
    assert len(store.messages(ws_id)) == 6
    assert store.settings(ws_id)[0]["region"] == "甲镇（新）"
    assert not [e for e in at.expander if e.label == "成员与权限"]


def test_an_owner_adds_a_colleague_as_viewer_and_changes_a_role(office):
    store, ws_id = office
    at = _signed_in("owner")
    at.text_input(key="member_name").set_value("colleague")
    at.selectbox(key="member_role").set_value("viewer")
    at = next(b for b in at.button if b.label == "添加或修改角色").click().run()
    assert any("已把 colleague 设为查看者" in s.value for s in at.success)
    assert dict(store.members(ws_id))["colleague"] == "viewer"
    at.selectbox(key="member_remove").set_value("editor")
    at = at.button(key="member-remove-button").click().run()
    assert "editor" not in dict(store.members(ws_id))


def test_a_viewer_promoted_by_the_owner_may_ask_on_the_next_run(office):
    store, ws_id = office
    at = _signed_in("viewer")
    assert at.chat_input[0].proto.disabled
    store.add_member(ws_id, "viewer", "editor", user="owner")
    at.run()
    assert not at.chat_input[0].proto.disabled
    store.remove_member(ws_id, "viewer", user="owner")
    at.run()
    assert any("不是它的成员" in e.value for e in at.error)
    assert not any("甲镇" in c.value for c in at.sidebar.caption)


# --- signing in and out, and where the page will serve ------------------------------------------------


def _attempt(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input[0].set_value(user)
    at.text_input[1].set_value(password)
    return at.button[0].click().run()


def test_repeated_wrong_passwords_make_the_next_attempt_wait(office):
    at = AppTest.from_file(APP, default_timeout=300).run()
    for _ in range(3):
        at = _attempt(at, "viewer", "wrong-password")
        assert any("用户名或密码不正确" in e.value for e in at.error)
    at = _attempt(at, "viewer", "password-viewer")  # right, but too soon after three failures
    assert any("连续3次登录失败，请1秒后再试" in e.value for e in at.error)
    assert not at.chat_input


def test_signing_out_forgets_the_session_and_shows_the_sign_in_form(office):
    at = _signed_in("editor")
    assert at.chat_input
    at = at.button(key="sign-out").click().run()
    assert not at.chat_input and at.text_input[0].label == "用户名"
    assert "user" not in at.session_state and "ws" not in at.query_params


def test_without_accounts_the_page_refuses_to_serve_beyond_this_machine(office, monkeypatch):
    import streamlit

    monkeypatch.delenv("JUNHENG_ACCOUNTS")
    real = streamlit.get_option
    monkeypatch.setattr(streamlit, "get_option", lambda k: "0.0.0.0" if k == "server.address" else real(k))
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert any("没有开启账户" in e.value and "JUNHENG_ACCOUNTS=1" in e.value for e in at.error)
    assert not at.chat_input and not at.text_input
    monkeypatch.setenv("JUNHENG_ALLOW_REMOTE", "1")
    assert AppTest.from_file(APP, default_timeout=300).run().chat_input


def test_a_damaged_database_shows_what_to_do_instead_of_the_page(policy_data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(policy_data_dir))
    broken = tmp_path / "workspaces.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # a file cut short
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{broken}")
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception
    [error] = at.error
    assert f"工作区数据库无法打开（{broken}）" in error.value and "从备份恢复" in error.value
    assert not at.chat_input
