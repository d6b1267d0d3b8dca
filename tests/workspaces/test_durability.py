"""Export/import, migrations, a process killed mid-save, and two sessions saving at once."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.yearly import town_year
from workspaces import ArchiveError, StaleSaveError, export_workspace, import_workspace, open_store
from workspaces.models import Base

ROOT = Path(__file__).resolve().parents[2]


DATA_2023, DATA_2024 = town_year(2023), town_year(2024)


def test_an_exported_workspace_imports_back_with_everything(store):
    ws = store.create_workspace("城关镇", "town")
    store.add_dataset(ws.id, 2023, "2023.xlsx", DATA_2023, schools=12)
    store.add_dataset(ws.id, 2024, "2024.xlsx", DATA_2024, schools=12)
    store.save_settings(ws.id, {"start_year": 2027}, 1)
    store.append_messages(ws.id, 0, [("user", "你好"), ("assistant", "您好")])
    store.add_version(store.plan_id(ws.id), {"title": "方案"}, "第1版", head=0, basis="b1")
    copy = import_workspace(store, export_workspace(store, ws.id))
    assert copy.id != ws.id and (copy.name, copy.level) == ("城关镇", "town")
    assert {y: d.filename for y, d in store.current_datasets(copy.id).items()} == {
        2023: "2023.xlsx",
        2024: "2024.xlsx",
    }
    assert store.dataset_content(copy.id, store.current_datasets(copy.id)[2024].id) == DATA_2024
    assert store.settings(copy.id)[0] == {"start_year": 2027}
    assert store.messages(copy.id) == [("user", "你好"), ("assistant", "您好")]
    [v] = store.versions(store.plan_id(copy.id))
    assert (v.label, v.basis, v.plan) == ("第1版", "b1", {"title": "方案"})


def test_a_file_that_is_not_an_export_is_refused_in_chinese(store):
    with pytest.raises(ArchiveError, match="不是工作区导出文件"):
        import_workspace(store, b"hello")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", '{"format": "other"}')
    with pytest.raises(ArchiveError, match="格式版本不受支持"):
        import_workspace(store, buffer.getvalue())
    assert store.workspaces() == []


def test_a_zip_bomb_export_is_refused_before_it_is_read(store):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", "{}")
        zf.writestr("datasets/0.bin", b"\0" * (64 * 1024 * 1024))
    with pytest.raises(ArchiveError, match="过大"):
        import_workspace(store, buffer.getvalue())


def test_the_head_constant_is_the_newest_migration():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from workspaces.db import HEAD, MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_migrations_create_exactly_the_models_tables(store):
    with store.engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []


_WRITER = textwrap.dedent(
    """
    import sys
    from workspaces import open_store
    store = open_store(sys.argv[1])
    ws = store.workspace(sys.argv[2])
    pid = store.plan_id(ws.id)
    head = store.plan_head(pid)
    payload = {"text": "x" * 200_000}
    while True:
        head = store.add_version(pid, payload | {"n": head + 1}, f"第{head + 1}版", head=head)
        print(head, flush=True)
    """
)


def test_a_process_killed_mid_save_leaves_the_last_committed_state(db_url):
    store = open_store(db_url)
    ws = store.create_workspace("城关镇", "town")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, db_url, ws.id], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        committed = 0
        deadline = time.monotonic() + 60
        while committed < 5 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            committed = int(line)
        assert committed >= 5, "the writer did not start saving"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    store.engine.dispose()
    reopened = open_store(db_url)
    versions = reopened.versions(reopened.plan_id(ws.id))
    numbers = [v.number for v in versions]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= committed
    assert all(v.plan == {"text": "x" * 200_000, "n": v.number} for v in versions)
    assert reopened.plan_head(reopened.plan_id(ws.id)) == len(numbers)
    reopened.add_version(reopened.plan_id(ws.id), {"after": True}, "恢复后", head=len(numbers))


def test_two_sessions_saving_at_once_never_lose_or_duplicate_a_version(db_url):
    first, second = open_store(db_url), open_store(db_url)
    ws = first.create_workspace("城关镇", "town")
    pid = first.plan_id(ws.id)
    saved: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()

    def session(store, name):
        for i in range(15):
            head = store.plan_head(pid)
            try:
                store.add_version(pid, {"by": name, "i": i}, f"{name}{i}", head=head)
                with lock:
                    saved.append(f"{name}{i}")
            except StaleSaveError:
                with lock:
                    refused.append(f"{name}{i}")

    threads = [threading.Thread(target=session, args=(s, n)) for s, n in ((first, "甲"), (second, "乙"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    labels = [v.label for v in first.versions(pid, with_plans=False)]
    assert sorted(labels) == sorted(saved)
    assert len(saved) + len(refused) == 30
    assert first.plan_head(pid) == len(labels)
