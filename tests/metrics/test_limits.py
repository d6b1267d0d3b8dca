"""Bounded input: oversized files, archive bombs, too many sheets, rows or columns are refused in
Chinese, quickly and without inflating the archive."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from knowledge.errors import DocumentError
from metrics import DataError, load_schools
from metrics.limits import LIMITS

HEADER = "学校名称,办学类型,举办者,所属乡镇,小学在校生数（人）"


def _bomb(member: str, others: dict[str, bytes], megabytes: int = 64) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in others.items():
            zf.writestr(name, data)
        with zf.open(member, "w") as out:
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                out.write(chunk)
    return buffer.getvalue()


def _refused(data: bytes, name: str) -> str:
    with pytest.raises(DataError) as info:
        load_schools(data, filename=name)
    return info.value.report()


def test_a_zip_bomb_xlsx_is_refused_in_bounded_time_and_memory():
    bomb = _bomb("xl/worksheets/sheet1.xml", {"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b""})
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    report = _refused(bomb, "bomb.xlsx")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "疑似压缩炸弹" in report
    assert elapsed < 2.0 and peak < 20 * 1024 * 1024


def test_a_file_over_the_size_limit_is_refused():
    report = _refused(b"a" * (LIMITS.max_bytes + 1), "big.csv")
    assert "超过 20 MB" in report


def test_a_workbook_with_too_many_sheets_is_refused():
    wb = openpyxl.Workbook()
    for i in range(LIMITS.max_sheets):
        wb.create_sheet(f"表{i}")
    buffer = io.BytesIO()
    wb.save(buffer)
    assert "个工作表，超过50个" in _refused(buffer.getvalue(), "many.xlsx")


def test_a_table_with_too_many_rows_is_refused():
    rows = "\n".join(f"学校{i}" for i in range(LIMITS.max_rows + 1))  # one cell a row: under max_cells
    assert "表格超过200000行" in _refused(f"{HEADER}\n{rows}".encode(), "rows.csv")


def test_a_table_with_too_many_filled_columns_is_refused():
    wide = HEADER + "," + ",".join(f"列{i}" for i in range(LIMITS.max_columns))
    assert "表格超过500列" in _refused(wide.encode(), "wide.csv")


def test_a_zip_bomb_docx_is_refused_before_python_docx_opens_it(tmp_path):
    from knowledge.documents import read_user_file

    path = tmp_path / "bomb.docx"
    path.write_bytes(_bomb("word/document.xml", {"[Content_Types].xml": b""}))
    with pytest.raises(DocumentError, match="疑似压缩炸弹"):
        read_user_file(path)


def test_the_page_and_the_command_line_share_one_byte_limit():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == LIMITS.max_bytes


def test_a_csv_with_more_cells_than_the_limit_is_refused_before_a_row_is_built():
    one_row = f"{HEADER}\n" + "," * (LIMITS.max_cells + 1)  # 1 MB: the probe's 48 MB row, smaller
    assert "表格超过1,000,000个单元格" in _refused(one_row.encode(), "commas.csv")


def test_a_report_lists_two_hundred_problems_and_counts_the_rest():
    from tests.metrics.uploads import school

    header = list(school())
    rows = [[*school(name=f"学校{i}", primary_students="很多").values()] for i in range(300)]
    text = "\n".join(",".join(str(c) for c in line) for line in [header, *rows])
    report = _refused(text.encode(), "many.csv").splitlines()
    # 300 schools × one unreadable 小学在校生数 = 300 errors: 200 listed, 100 counted
    assert report[0] == "数据有 300 处错误，请修改后重新上传："
    assert report[1] == "1.【错误】many.csv 第2行「小学在校生数」：应为数字（单位：人），实际为“很多”。"
    assert report[200].startswith("200.【错误】many.csv 第201行")
    assert report[201] == "……另有100 处错误未列出：请先改正以上各处，再上传检查其余的。"
    assert len(report) == 202


@pytest.mark.parametrize(
    ("part", "words"),
    [
        ("xl/sharedStrings.xml", "共享文字部分解压后达 2 MB，超过 1 MB 的上限"),
        ("xl/worksheets/sheet1.xml", "工作表解压后达 2 MB，超过 1 MB 的上限"),
        ("word/document.xml", "正文解压后达 2 MB，超过 1 MB 的上限"),
    ],
)
def test_a_part_read_whole_is_refused_past_its_own_limit(part, words):
    from metrics.limits import Limits, zip_problem

    small = Limits(max_part_bytes=1024 * 1024, max_shared_strings_bytes=1024 * 1024, max_ratio=10**9)
    data = _bomb(part, {"[Content_Types].xml": b""}, megabytes=2)
    assert words in zip_problem(data, "文件", small)
