"""The hostile-input suite: the files a security probe uploaded and imported, generated here
(tests/hostile.py, never committed), through the loader, the document reader and the page. Each
ends in a Chinese message and loses nothing; bench/hostile_bench.py measures time and memory."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from knowledge.documents import read_user_file
from knowledge.errors import DocumentError
from metrics import DataError, load_schools
from tests import hostile
from workspaces import open_store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TOWN = (ROOT / "data" / "samples" / "城关镇.xlsx").read_bytes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(data: bytes, name: str) -> list[str]:
    with pytest.raises(DataError) as refused:
        load_schools(data, filename=name)
    return refused.value.report().splitlines()


# --- uploads: every heavy file the probe made ends in one short Chinese report ---------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "name", "says"),
    [
        (hostile.wide_xlsx, "wide.xlsx", "文件超过 20 MB"),
        (hostile.tall_xlsx, "tall.xlsx", "工作表解压后达 106 MB，超过 64 MB 的上限"),
        # read at about 120,000 cells a second: the cell limit, or on a busy machine the time limit
        (hostile.many_cells_xlsx, "cells.xlsx", "表格超过1,000,000个单元格|超过15秒仍未完成，已停止"),
        (hostile.shared_strings_xlsx, "strings.xlsx", "共享文字部分解压后达 295 MB，超过 32 MB 的上限"),
        (hostile.comma_row_csv, "commas.csv", "文件超过 20 MB"),
        (lambda: hostile.comma_row_csv(19_000_000), "commas.csv", "表格超过1,000,000个单元格"),
    ],
)
def test_a_heavy_upload_is_refused_in_one_chinese_line(make, name, says):
    report = _report(make(), name)
    assert report[0] == "数据有 1 处错误，请修改后重新上传：" and len(report) == 2
    assert re.search(says, report[1])


@pytest.mark.slow
def test_a_file_with_every_cell_wrong_gets_a_report_of_two_hundred_lines_and_a_count():
    report = _report(hostile.bad_cells_xlsx(5_000), "bad.xlsx")  # the bench reads 29,000 rows
    # 31 columns, 5 of them text (学校名称 办学类型 举办者 所属乡镇 城乡分类): 办学类型 and 举办者
    # wrong, the 26 number columns unreadable → 28 errors a row × 5,000 schools = 140,000
    assert report[0] == "数据有 140000 处错误，请修改后重新上传："
    assert report[1].startswith("1.【错误】bad.xlsx 第2行「小学在校生数」：应为数字（单位：人），实际为“")
    assert report[-1] == "……另有139800 处错误未列出：请先改正以上各处，再上传检查其余的。"
    assert len(report) == 202


# --- policy documents ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "name", "says"),
    [
        (hostile.docx_bomb, "汇编.docx", "正文解压后达 235 MB，超过 64 MB 的上限"),
        (lambda: hostile.docx_bomb(60), "汇编.docx", "正文超过6万字"),
        (hostile.huge_text, "汇编.txt", "正文超过6万字"),
    ],
)
def test_a_heavy_policy_document_is_refused_before_indexing(tmp_path, make, name, says):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(DocumentError, match=says):
        read_user_file(path)


# --- through the page --------------------------------------------------------------------------------


@pytest.fixture
def page(policy_data_dir, monkeypatch, tmp_path):
    """The page on 城关镇, saved as a workspace, with its own database."""
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(policy_data_dir))
    url = f"sqlite:///{tmp_path / 'workspaces.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = open_store(url)
    ws = store.create_workspace("城关镇", "town")
    store.add_dataset(ws.id, 2024, "城关镇.xlsx", TOWN, schools=12)
    return AppTest.from_file(APP, default_timeout=300).run(), store, ws.id


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("当前数据"))


def test_an_upload_past_the_cell_limit_shows_the_report_and_keeps_the_data(page):
    at, store, ws_id = page
    before = _caption(at)
    data = hostile.comma_row_csv(1_000_001)
    at.sidebar.get("file_uploader")[0].set_value(("commas.csv", data, "text/csv")).run()
    assert not at.exception
    assert at.error[0].value.startswith("文件“commas.csv”未能读取")  # in the main area (issue 20)
    assert any("表格超过1,000,000个单元格" in m.value for m in at.main.markdown)
    assert _caption(at) == before and list(store.current_datasets(ws_id)) == [2024]


def test_a_policy_document_past_the_text_limit_ends_in_a_chinese_error(page):
    at = page[0]
    text = hostile.huge_text(1)  # 1 MB: about 350,000 characters
    at.main.get("file_uploader")[0].set_value(("汇编.txt", text, "text/plain")).run()
    with pytest.raises(DocumentError):
        at.session_state["policy_job"]["future"].result(timeout=120)
    at.run()
    assert any("正文超过6万字" in e.value for e in at.error)


def test_an_export_whose_answer_the_page_cannot_show_is_refused_and_nothing_is_imported(page):
    from workspaces import export_workspace

    at, store, ws_id = page
    store.append_messages(ws_id, 0, [("user", "你好"), ("assistant", "您好")])  # an answer as bare text
    data = export_workspace(store, ws_id)
    at.sidebar.get("file_uploader")[1].set_value(("城关镇.zip", data, "application/zip")).run()
    assert any("内容有误（第2条对话的格式不对）" in e.value and "未写入任何内容" in e.value for e in at.error)
    assert len(store.workspaces()) == 1


def test_an_export_with_a_year_that_is_not_a_number_is_refused_in_chinese(page):
    from workspaces import export_workspace

    at, store, ws_id = page
    source = zipfile.ZipFile(io.BytesIO(export_workspace(store, ws_id)))
    manifest = json.loads(source.read("manifest.json"))
    manifest["datasets"][0]["year"] = "abc"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("datasets/0.bin", source.read("datasets/0.bin"))
    at.sidebar.get("file_uploader")[1].set_value(("坏.zip", out.getvalue(), "application/zip")).run()
    assert not at.exception
    assert any("数据的第1项的统计年度有误" in e.value for e in at.error)
    assert len(store.workspaces()) == 1
