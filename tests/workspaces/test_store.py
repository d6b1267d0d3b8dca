"""The store: workspaces, datasets by 统计年度, settings, chat, plan versions, members (SQLite and PG)."""

from __future__ import annotations

import pytest

from metrics import evaluate, load_standard
from planner import PlanSettings, draft_plan
from planner.chat import Reply, Table
from tests.planner.frames import town_frame
from workspaces import StaleSaveError, WorkspaceError, WorkspaceNotFound, content_hash


@pytest.fixture(scope="module")
def plan():
    frame = town_frame()
    ev = evaluate(frame, load_standard("quality_2017"))
    return draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame)


def test_a_new_workspace_is_listed_with_its_name_and_level(store):
    ws = store.create_workspace("  城关镇 ", "town")
    assert [(w.name, w.level_name) for w in store.workspaces()] == [("城关镇", "镇/乡")]
    assert store.workspace(ws.id) == ws


def test_an_unknown_level_or_empty_name_is_refused_in_chinese(store):
    with pytest.raises(WorkspaceError, match="层级应为"):
        store.create_workspace("城关镇", "province")
    with pytest.raises(WorkspaceError, match="请填写工作区名称"):
        store.create_workspace("  ", "town")


def test_a_new_years_upload_keeps_last_years(store):
    ws = store.create_workspace("清河县", "county")
    store.add_dataset(ws.id, 2023, "a.xlsx", b"2023 data", schools=10)
    store.add_dataset(ws.id, 2024, "b.xlsx", b"2024 data", schools=11)
    current = store.current_datasets(ws.id)
    assert list(current) == [2023, 2024]
    assert store.dataset_content(ws.id, current[2023].id) == b"2023 data"
    assert current[2024].content_hash == content_hash(b"2024 data")


def test_a_corrected_file_for_the_same_year_becomes_current_and_the_old_one_is_kept(store):
    ws = store.create_workspace("清河县", "county")
    store.add_dataset(ws.id, 2024, "old.xlsx", b"first", schools=10)
    store.add_dataset(ws.id, 2024, "new.xlsx", b"second", schools=10)
    assert store.current_datasets(ws.id)[2024].filename == "new.xlsx"
    assert [d.filename for d in store.datasets(ws.id)] == ["old.xlsx", "new.xlsx"]


def test_the_same_file_again_is_stored_once(store):
    ws = store.create_workspace("清河县", "county")
    a = store.add_dataset(ws.id, 2024, "a.xlsx", b"same", schools=3)
    b = store.add_dataset(ws.id, 2024, "a (1).xlsx", b"same", schools=3)
    assert a.id == b.id and len(store.datasets(ws.id)) == 1


def test_a_dataset_of_another_workspace_cannot_be_read_by_id(store):
    mine = store.create_workspace("甲镇", "town")
    theirs = store.create_workspace("乙镇", "town")
    d = store.add_dataset(theirs.id, 2024, "b.xlsx", b"secret", schools=1)
    with pytest.raises(WorkspaceError):
        store.dataset_content(mine.id, d.id)


def test_a_stale_settings_save_is_refused_and_the_newer_kept(store):
    ws = store.create_workspace("城关镇", "town")
    _, rev = store.settings(ws.id)
    store.save_settings(ws.id, {"start_year": 2027}, rev)  # another window saved first
    with pytest.raises(StaleSaveError, match=r"设置未保存.*较新的内容已保留"):
        store.save_settings(ws.id, {"start_year": 2030}, rev)
    assert store.settings(ws.id) == ({"start_year": 2027}, rev + 1)


def test_chat_messages_come_back_in_order_with_their_tables(store):
    ws = store.create_workspace("城关镇", "town")
    reply = Reply(
        "城关二小有**2项**未达标。", tables=[Table(["指标", "值"], [["生均", "3.1"]], flags=((0, 1),))]
    )
    n = store.append_messages(ws.id, 0, [("user", "城关二小哪些没达标？"), ("assistant", reply)])
    assert n == 2
    assert store.messages(ws.id) == [("user", "城关二小哪些没达标？"), ("assistant", reply)]


def test_a_second_session_appending_from_the_same_count_is_stale(store):
    ws = store.create_workspace("城关镇", "town")
    store.append_messages(ws.id, 0, [("user", "甲")])
    with pytest.raises(StaleSaveError, match="对话未保存"):
        store.append_messages(ws.id, 0, [("user", "乙")])
    assert store.messages(ws.id) == [("user", "甲")]


def test_plan_versions_round_trip_to_equal_plans(store, plan):
    ws = store.create_workspace("城关镇", "town")
    pid = store.plan_id(ws.id)
    assert store.add_version(pid, plan, "第1版：生成方案", head=0, basis="abc") == 1
    versions = store.versions(pid)
    assert [(v.number, v.label, v.basis) for v in versions] == [(1, "第1版：生成方案", "abc")]
    assert versions[0].plan == plan
    assert versions[0].plan.settings.start_year == 2026


def test_a_stale_plan_save_is_refused_and_the_newer_version_kept(store, plan):
    ws = store.create_workspace("城关镇", "town")
    pid = store.plan_id(ws.id)
    store.add_version(pid, plan, "第1版", head=0)
    store.add_version(pid, plan, "第2版（另一窗口）", head=1)
    with pytest.raises(StaleSaveError, match=r"方案未保存.*第2版"):
        store.add_version(pid, plan, "第2版（本窗口）", head=1)
    assert [v.label for v in store.versions(pid, with_plans=False)] == ["第1版", "第2版（另一窗口）"]


def test_a_user_sees_only_the_workspaces_they_are_a_member_of(store):
    store.add_user("zhang", "password-1")
    store.add_user("li", "password-2")
    store.add_user("admin", "password-3", admin=True)
    a = store.create_workspace("甲镇", "town", owner="zhang")
    b = store.create_workspace("乙镇", "town", owner="li")
    assert [w.name for w in store.workspaces("zhang")] == ["甲镇"]
    assert store.can_access(a.id, "zhang") and not store.can_access(b.id, "zhang")
    with pytest.raises(WorkspaceNotFound):
        store.workspace(b.id, "zhang")
    assert {w.name for w in store.workspaces("admin")} == {"甲镇", "乙镇"}
    store.add_member(b.id, "zhang", "viewer")
    assert store.members(b.id) == [("li", "owner"), ("zhang", "viewer")]
    assert {w.name for w in store.workspaces("zhang")} == {"甲镇", "乙镇"}


def test_passwords_are_stored_hashed_and_checked(store):
    store.add_user("zhang", "correct horse")
    assert store.authenticate("zhang", "correct horse").username == "zhang"
    assert store.authenticate("zhang", "wrong horse") is None
    assert store.authenticate("nobody", "correct horse") is None
    from sqlalchemy import text

    with store.engine.connect() as c:
        stored = c.execute(text("select password_hash from users")).scalar()
    assert stored.startswith("$2") and "correct" not in stored


def test_a_short_password_or_duplicate_user_is_refused(store):
    with pytest.raises(WorkspaceError, match="至少8位"):
        store.add_user("zhang", "short")
    store.add_user("zhang", "long enough")
    with pytest.raises(WorkspaceError, match="已存在"):
        store.add_user("zhang", "long enough")


def test_deleting_a_workspace_removes_its_rows(store, plan):
    ws = store.create_workspace("城关镇", "town")
    store.add_dataset(ws.id, 2024, "a.xlsx", b"x", schools=1)
    store.add_version(store.plan_id(ws.id), plan, "第1版", head=0)
    store.delete_workspace(ws.id)
    from sqlalchemy import text

    with store.engine.connect() as c:
        assert c.execute(text("select count(*) from datasets")).scalar() == 0
        assert c.execute(text("select count(*) from plan_versions")).scalar() == 0


def test_versions_share_one_copy_of_the_plans_facts(store, plan):
    from sqlalchemy import text

    from planner import edit_group

    ws = store.create_workspace("城关镇", "town")
    pid = store.plan_id(ws.id)
    title = next(s.title for s in plan.sections if s.level == 1 and s.paragraphs)
    edited = edit_group(plan, title, ["手工修改的一段。"])
    store.add_version(pid, plan, "第1版", head=0)
    store.add_version(pid, edited, "第2版", head=1)
    with store.engine.connect() as c:
        assert c.execute(text("select count(*) from plan_blobs")).scalar() == 1
    first, second = (v.plan for v in store.versions(pid))
    assert first == plan and second == edited
    assert store.version_plan(pid, 2) == edited


def test_an_export_carries_the_shared_facts_of_its_plan_versions(store, plan):
    from workspaces import export_workspace, import_workspace

    ws = store.create_workspace("城关镇", "town")
    store.add_version(store.plan_id(ws.id), plan, "第1版", head=0)
    data = export_workspace(store, ws.id)
    store.delete_workspace(ws.id)
    copy = import_workspace(store, data)
    [version] = store.versions(store.plan_id(copy.id))
    assert version.plan == plan
