"""Hostile imports: every part of an export is checked before anything is written; any failure is one
Chinese message and the store is as it was. Archives are generated from a real export, then damaged."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.yearly import town_year
from workspaces import ArchiveError, export_workspace, import_workspace

DATA = town_year(2024)


@pytest.fixture
def export(store) -> bytes:
    """城关镇 with one dataset, two messages and settings, exported; then deleted from the store."""
    ws = store.create_workspace("城关镇", "town")
    store.add_dataset(ws.id, 2024, "2024.xlsx", DATA, schools=12)
    store.append_messages(ws.id, 0, [("user", "你好"), ("assistant", "您好")])
    store.save_settings(ws.id, {"start_year": 2027}, 1)
    data = export_workspace(store, ws.id)
    store.delete_workspace(ws.id)
    return data


def _rezipped(data: bytes, change=None, extra: dict[str, bytes] | None = None) -> bytes:
    """The export with its manifest changed by ``change(manifest)`` and ``extra`` members added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(source.read("manifest.json"))
    if change is not None:
        change(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for info in source.infolist():
            if info.filename != "manifest.json":
                zf.writestr(info, source.read(info))
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return out.getvalue()


def _refused(store, data: bytes, match: str, **kwargs) -> None:
    with pytest.raises(ArchiveError, match=match):
        import_workspace(store, data, **kwargs)
    assert store.workspaces() == []


def test_a_sound_export_imports(store, export):
    copy = import_workspace(store, export)
    assert [w.name for w in store.workspaces()] == ["城关镇"]
    assert store.messages(copy.id) == [("user", "你好"), ("assistant", "您好")]


def test_a_message_naming_code_outside_the_project_is_refused(store, export):
    def poison(m):
        m["messages"][1][1] = {"$dc": "os:system", "fields": {}}

    _refused(store, _rezipped(export, poison), "第2条对话无法读取")


def test_a_message_the_caller_cannot_show_is_refused_by_its_check(store, export):
    def check(imported):
        if not all(isinstance(c, str) for _, c in imported.messages):
            raise ValueError("第2条对话的格式不对")

    def poison(m):
        m["messages"][1][1] = {"text": "不是回答对象"}

    _refused(store, _rezipped(export, poison), r"内容有误（第2条对话的格式不对）", check=check)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m["datasets"][0].pop("content_hash"), "缺少数据的第1项的校验值"),
        (lambda m: m["datasets"][0].update(year="abc"), "数据的第1项的统计年度有误"),
        (lambda m: m["datasets"][0].update(year=99999), "数据的第1项的统计年度有误"),
        (lambda m: m["datasets"][0].update(content_hash="0" * 64), "校验值不符"),
        (lambda m: m["datasets"][0].update(file="datasets/9.bin"), "不完整"),
        (lambda m: m["workspace"].update(level="province"), "层级应为"),
        (lambda m: m.update(messages=[["system", "你好"]]), "对话的第1项"),
        (lambda m: m.update(settings=[1, 2]), "设置有误"),
        (lambda m: m.pop("workspace"), "缺少工作区信息"),
    ],
)
def test_a_damaged_field_is_one_chinese_message_and_nothing_is_imported(store, export, change, message):
    _refused(store, _rezipped(export, change), message)


def test_a_dataset_that_is_a_zip_bomb_is_refused_under_the_upload_budget(store, export):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (100 * 1024 * 1024))
    content = bomb.getvalue()

    def swap(m):
        import hashlib

        m["datasets"][0].update(file="datasets/bomb.bin", content_hash=hashlib.sha256(content).hexdigest())

    _refused(store, _rezipped(export, swap, {"datasets/bomb.bin": content}), "疑似压缩炸弹")


def test_too_many_messages_are_refused_at_once(store, export):
    def flood(m):
        m["messages"] = [["user", f"第{i}个问题：{i * 7919 % 100003}"] for i in range(300_000)]

    _refused(store, _rezipped(export, flood), "对话超过5000条的上限")  # bench/hostile_bench.py times it


def test_paths_that_climb_out_or_are_absolute_write_nothing(store, export, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    evil = {"../../escape.txt": b"x", "/tmp/absolute.txt": b"x"}

    def point(m):
        m["datasets"][0]["file"] = "../../escape.txt"

    _refused(store, _rezipped(export, point, evil), "校验值不符")
    assert not (tmp_path.parent.parent / "escape.txt").exists()
    assert not Path("/tmp/absolute.txt").exists()
