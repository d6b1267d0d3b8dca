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
    assert "超过 50 MB" in report


def test_a_workbook_with_too_many_sheets_is_refused():
    wb = openpyxl.Workbook()
    for i in range(LIMITS.max_sheets):
        wb.create_sheet(f"表{i}")
    buffer = io.BytesIO()
    wb.save(buffer)
    assert "个工作表，超过50个" in _refused(buffer.getvalue(), "many.xlsx")


def test_a_table_with_too_many_rows_is_refused():
    rows = "\n".join(f"学校{i},小学,公办,城关镇,100" for i in range(LIMITS.max_rows + 1))
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
