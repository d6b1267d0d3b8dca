"""python -m workspaces: an administrator creates, lists, exports and imports workspaces and adds users."""

from __future__ import annotations

from workspaces import open_store
from workspaces.__main__ import main


def test_create_list_export_import_and_members(db_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("JUNHENG_PASSWORD", "a-long-password")
    assert main(["--database", db_url, "user-add", "zhang"]) == 0
    assert main(["--database", db_url, "create", "清河县", "--level", "county", "--owner", "zhang"]) == 0
    ws_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["--database", db_url, "list", "--user", "zhang"]) == 0
    assert f"{ws_id}\t清河县\t县/县级市\t无数据" in capsys.readouterr().out
    target = tmp_path / "清河县.zip"
    assert main(["--database", db_url, "export", ws_id, str(target)]) == 0
    assert main(["--database", db_url, "import", str(target), "--name", "清河县（副本）"]) == 0
    names = sorted(w.name for w in open_store(db_url).workspaces())
    assert names == ["清河县", "清河县（副本）"]
    assert main(["--database", db_url, "members", ws_id]) == 0
    assert "zhang\towner" in capsys.readouterr().out


def test_errors_are_chinese_with_exit_code_1(db_url, capsys):
    assert main(["--database", db_url, "member-add", "no-such-id", "zhang"]) == 1
    assert "没有找到这个工作区" in capsys.readouterr().err
