"""Read an uploaded school table (.xlsx or .csv in UTF-8/GBK) into one checked row per school.

Reading finds the data sheet and its header row, maps headers to canonical keys
(metrics.columns) and hands the cells to metrics.validation; any failure becomes a Chinese
Problem naming file, row and column, raised together in one DataError — never a traceback.
The bytes are parsed in a worker process under metrics.limits (metrics.worker): a crafted file
stops with a Chinese sentence instead of exhausting the server.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from metrics.columns import BY_KEY, match_header
from metrics.limits import LIMITS, zip_problem
from metrics.validation import TOTAL_ROW_NAMES, DataError, Problem, check_table, keep_reportable
from metrics.worker import WorkerLimit, run_bounded

__all__ = ["HEADER_SCAN_ROWS", "DataError", "LoadResult", "Problem", "load_schools"]

log = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 10
"""The header may sit below a title block of up to this many rows."""
MIN_HEADER_MATCHES = 3
MAX_BYTES = LIMITS.max_bytes
SUPPORTED = (".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True)
class LoadResult:
    """A loaded upload: the checked frame, how headers were read, and the warnings."""

    frame: pd.DataFrame
    mapping: dict[str, str]
    ignored: list[str]
    warnings: list[Problem]
    source: str
    omitted_warnings: int = 0
    """Warnings past metrics.limits' max_report_items: counted, not listed."""


class _Fail(Exception):
    """A file-level problem that stops reading."""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.column = column


def load_schools(
    source: str | os.PathLike | bytes | BinaryIO, filename: str | None = None, *, isolated: bool = True
) -> LoadResult:
    """Load and check a school table; raise DataError listing every problem if any is an error.

    ``source`` is a path, the file's bytes or a binary file object (e.g. a Streamlit upload);
    ``filename`` names it in messages and gives the extension when ``source`` has none.
    ``isolated`` parses in a bounded worker process (any file a user gives); False parses here, for
    the files the product ships (the samples), which need no bounds and should not wait for a worker.
    """
    name = _display_name(source, filename)
    try:
        data = _read_bytes(source)
    except _Fail as fail:
        raise DataError([Problem(name, None, fail.column, fail.message)]) from None
    if not isolated:
        return _load_bytes(data, name)
    try:
        return run_bounded(_load_bytes, data, name)
    except WorkerLimit as stopped:
        raise DataError([Problem(name, None, None, stopped.message(f"“{name}”"))]) from None


def _load_bytes(data: bytes, name: str) -> LoadResult:
    """The parse itself (in the worker)."""
    try:
        rows = _table_rows(data, name)
        return _build(rows, name)
    except DataError:
        raise
    except _Fail as fail:
        raise DataError([Problem(name, None, fail.column, fail.message)]) from None
    except Exception as exc:  # no traceback reaches the user; the log keeps it for developers
        log.exception("unexpected failure loading %s", name)
        message = f"读取文件时出错（{type(exc).__name__}），请确认它是按模板填写的 .xlsx 或 .csv 表格。"
        raise DataError([Problem(name, None, None, message)]) from None


def _display_name(source: object, filename: str | None) -> str:
    if filename:
        return Path(filename).name
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    named = getattr(source, "name", None)
    if isinstance(named, str) and named:
        return Path(named).name
    return "上传文件"


def _read_bytes(source: object) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > MAX_BYTES:
            raise _Fail(_too_big())
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise _Fail("找不到这个文件，请确认路径。")
        if path.stat().st_size > MAX_BYTES:
            raise _Fail(_too_big())
        return path.read_bytes()
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise _Fail(_too_big())
        return bytes(data)
    raise _Fail("无法读取：请上传 .xlsx 或 .csv 文件。")


def _too_big() -> str:
    return f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不像是学校数据表；请只保留学校数据后再上传。"


def _table_rows(data: bytes, name: str) -> list[tuple[int, list[object]]]:
    """The candidate sheet's rows as (Excel row number, cells), from the format the bytes hold."""
    if not data.strip():
        raise _Fail("文件是空的，请按模板填写后再上传。")
    ext = Path(name).suffix.lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _Fail("这是旧版 Excel（.xls）或 Word（.doc）格式，请在 Excel 中另存为 .xlsx 或 CSV 后上传。")
    if ext and ext not in SUPPORTED:
        raise _Fail(f"不支持“{ext}”文件，请上传 Excel（.xlsx）或 CSV（.csv）文件。")
    if is_zip:
        return _xlsx_rows(data)
    if ext in (".xlsx", ".xlsm"):
        raise _Fail("文件扩展名是 .xlsx，但内容不是 Excel 表格（可能已损坏或被改名），请重新导出。")
    return _csv_rows(data)


def _xlsx_rows(data: bytes) -> list[tuple[int, list[object]]]:
    import openpyxl  # imported here: CSV uploads need no Excel reader

    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise _Fail("Excel 文件已损坏，无法打开，请重新保存后上传。") from None
    problem = zip_problem(data, "Excel 文件")
    if problem:
        raise _Fail(problem)
    if "xl/workbook.xml" not in names:
        kind = (
            "Word 文档"
            if "word/document.xml" in names
            else ("PowerPoint 演示文稿" if "ppt/presentation.xml" in names else "压缩包")
        )
        raise _Fail(f"这是{kind}，不是 Excel 表格；请上传按模板填写的 .xlsx 或 .csv 文件。")
    broken = _Fail("Excel 文件已损坏或格式不受支持，无法打开，请在 Excel 中另存为 .xlsx 后上传。")
    try:
        # Read-only streams the sheet XML: several times faster on large files than building cells.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise broken from None
    try:
        return _first_table(book.worksheets)
    except _Fail:
        raise
    except Exception:  # read-only parses sheets lazily: a broken one shows up only here
        raise broken from None
    finally:
        book.close()


def _first_table(sheets: list) -> list[tuple[int, list[object]]]:
    """The rows of the first sheet with a header row."""
    if len(sheets) > LIMITS.max_sheets:
        raise _Fail(f"工作簿有{len(sheets)}个工作表，超过{LIMITS.max_sheets}个，不像是学校数据表。")
    empty = True
    for sheet in sheets:
        sheet.reset_dimensions()  # a wrong <dimension> written by some tools would cut rows off
        rows = []
        count = _CellCount()
        # No max_col: read-only mode would pad every row to it (500 cells for a row of 30).
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            _check_size(number, cells, count)
            rows.append((number, list(cells[: LIMITS.max_columns])))
        if any(_filled(cells) for _, cells in rows):
            empty = False
        if _find_header(rows) is not None:
            return rows
    if empty:
        raise _Fail("文件是空的（没有任何内容），请按模板填写后再上传。")
    raise _no_header()


def _csv_rows(data: bytes) -> list[tuple[int, list[object]]]:
    text = _decode(data)
    sample = text[:4096]
    delimiter = max((",", "\t", ";"), key=sample.count)
    if sample.count(delimiter) == 0:
        delimiter = ","
    if text.count(delimiter) + text.count("\n") > LIMITS.max_cells:  # counted before a row is built
        raise _Fail(_too_many_cells())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[object]]] = []
    count = _CellCount()
    try:
        # Excel shows one row per record, even when a quoted cell spans several lines.
        for number, cells in enumerate(reader, start=1):
            _check_size(number, cells, count)
            rows.append((number, [c if c.strip() else None for c in cells]))
    except csv.Error:
        raise _Fail("CSV 文件格式有误（引号不成对等），无法读取，请在 Excel 中重新另存为 CSV。") from None
    if not any(_filled(cells) for _, cells in rows):
        raise _Fail("文件是空的（没有任何内容），请按模板填写后再上传。")
    if _find_header(rows) is None:
        raise _no_header()
    return rows


class _CellCount:
    """Cells read so far from one sheet."""

    def __init__(self) -> None:
        self.cells = 0


def _too_many_cells() -> str:
    return (
        f"表格超过{LIMITS.max_cells:,}个单元格，不像是学校数据表；"
        "请只保留学校数据（删去多余的行和列）后再上传。"
    )


def _check_size(number: int, cells: tuple | list, count: _CellCount) -> None:
    count.cells += len(cells)
    if count.cells > LIMITS.max_cells:
        raise _Fail(_too_many_cells())
    if number > LIMITS.max_rows:
        raise _Fail(f"表格超过{LIMITS.max_rows}行，不像是学校数据表；请只保留学校数据后再上传。")
    if len(cells) > LIMITS.max_columns and any(
        c is not None and str(c).strip() for c in cells[LIMITS.max_columns :]
    ):
        raise _Fail(f"表格超过{LIMITS.max_columns}列，不像是学校数据表；请按模板填写后再上传。")


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or _control_share(text) > 0.01:
            break
        return text
    raise _Fail("这不是文本表格（可能是二进制文件或编码无法识别），请上传 .xlsx 或 CSV（UTF-8 / GBK）文件。")


def _control_share(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    return bad / len(sample)


def _filled(cells: list[object]) -> bool:
    return any(c is not None and str(c).strip() != "" for c in cells)


def _find_header(rows: list[tuple[int, list[object]]]) -> int | None:
    """Index (into ``rows``) of the first row that names the school and two more known columns."""
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [match_header(c) for c in cells if c is not None and str(c).strip()]
        if "name" in keys and sum(k is not None for k in keys) >= MIN_HEADER_MATCHES:
            return index
    return None


def _no_header() -> _Fail:
    return _Fail(
        f"没有找到表头：前 {HEADER_SCAN_ROWS} 行中没有包含「学校名称」「办学类型」等列名的一行。"
        "请使用下载的模板，表头放在数据上方。",
        column=BY_KEY["name"].header,
    )


def _build(rows: list[tuple[int, list[object]]], name: str) -> LoadResult:
    header_index = _find_header(rows)
    assert header_index is not None
    header_row, header_cells = rows[header_index]
    problems: list[Problem] = []
    mapping: dict[str, str] = {}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for pos, cell in enumerate(header_cells):
        if cell is None or not str(cell).strip():
            continue
        text = str(cell).strip()
        key = match_header(text)
        if key is None:
            ignored.append(text)
        elif key in positions:
            problems.append(
                Problem(
                    name,
                    header_row,
                    text,
                    f"与「{headers[key]}」都对应「{BY_KEY[key].header}」，请只保留一列。",
                )
            )
        else:
            mapping[text] = key
            positions[key] = pos
            headers[key] = text

    body = [(number, cells) for number, cells in rows[header_index + 1 :] if _mapped_filled(cells, positions)]
    name_pos = positions["name"]
    kept: list[tuple[int, list[object]]] = []
    for number, cells in body:
        school = str(cells[name_pos]).strip() if name_pos < len(cells) and cells[name_pos] is not None else ""
        if school.replace(" ", "") in TOTAL_ROW_NAMES:
            problems.append(
                Problem(
                    name,
                    number,
                    headers["name"],
                    f"“{school}”行是汇总行，已跳过（只需填写各校数据）。",
                    "warning",
                )
            )
            continue
        kept.append((number, cells))
    if not kept:
        problems.append(
            Problem(name, None, None, "文件只有表头，没有学校数据行；请从表头下一行起每校填写一行。")
        )
        raise DataError(problems)

    raw = pd.DataFrame(
        {
            key: [cells[pos] if pos < len(cells) else None for _, cells in kept]
            for key, pos in positions.items()
        },
        dtype=object,
    )
    frame, found, omitted = check_table(raw, [number for number, _ in kept], headers, name)
    problems.extend(found)
    listed, more = keep_reportable(_ordered(problems), omitted)
    if any(p.level == "error" for p in problems) or more.get("error"):
        raise DataError(listed, more)
    return LoadResult(
        frame=frame,
        mapping=mapping,
        ignored=ignored,
        warnings=listed,
        source=name,
        omitted_warnings=more.get("warning", 0),
    )


def _mapped_filled(cells: list[object], positions: dict[str, int]) -> bool:
    return _filled([cells[p] for p in positions.values() if p < len(cells)])


def _ordered(problems: list[Problem]) -> list[Problem]:
    """File-level problems first, then by Excel row; stable within a row."""
    return sorted(problems, key=lambda p: -1 if p.row is None else p.row)
