"""Bounds on what an upload may make the reader do: bytes, archive expansion, parts, sheets, rows,
columns, cells, report lines, and the worker process's memory and time.

A file past a bound is refused with a Chinese sentence before it costs much time or memory; the
bounds sit far above a real 教育事业统计 table (a province has about 20,000 schools, the template
31 columns: 620,000 cells, a 4 MB sheet). The page's uploader and the command line share them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

__all__ = ["LIMITS", "Limits", "zip_problem"]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    """The upload itself (also the page's uploader and .streamlit/config.toml's server.maxUploadSize)."""
    max_expanded_bytes: int = 300 * 1024 * 1024
    """All members of a .xlsx/.docx archive once decompressed."""
    max_ratio: int = 150
    """Decompressed / compressed size of one member larger than 1 MB (XML packs about 10–30×)."""
    max_members: int = 5_000
    max_part_bytes: int = 64 * 1024 * 1024
    """One worksheet (or a .docx's document) once decompressed: about 2 million cells of XML."""
    max_shared_strings_bytes: int = 32 * 1024 * 1024
    """A workbook's shared-strings part, read whole before the first row (names, types, notes)."""
    max_sheets: int = 50
    max_rows: int = 200_000
    max_columns: int = 500
    max_cells: int = 1_000_000
    """Cells read from one sheet (about 8 s of reading here): 32,000 schools of the template."""
    max_report_items: int = 200
    """Problems listed in one report; the rest are counted."""
    worker_memory_bytes: int = 600 * 1024 * 1024
    """Memory the reading process may add to what it starts with (then it stops with a message)."""
    worker_cpu_seconds: int = 12
    worker_wall_seconds: float = 15.0


LIMITS = Limits()


def zip_problem(data: bytes, what: str, limits: Limits = LIMITS) -> str | None:
    """Why the zip archive ``data`` must not be opened (a Chinese sentence naming ``what``), or None.

    Reads only the central directory: the declared sizes bound what a reader would inflate."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        return None  # not a readable archive: the format's own reader says so
    if len(infos) > limits.max_members:
        return f"{what}内部包含的文件过多（{len(infos)}个），已拒绝读取。"
    total = sum(i.file_size for i in infos)
    if total > limits.max_expanded_bytes:
        return f"{what}解压后超过 {limits.max_expanded_bytes // 1024 // 1024} MB，疑似压缩炸弹，已拒绝读取。"
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            size = info.file_size // 1024 // 1024
            return f"{what}中有一个部分解压后达 {size} MB（压缩比异常），疑似压缩炸弹，已拒绝读取。"
    for info in infos:
        cap = _part_cap(info.filename, limits)
        if cap is not None and info.file_size > cap:
            size, most = info.file_size // 1024 // 1024, cap // 1024 // 1024
            return (
                f"{what}的{_part_name(info.filename)}解压后达 {size} MB，超过 {most} MB 的上限，"
                "不像是一份学校数据表或政策文件；请只保留需要的内容后再上传。"
            )
    return None


def _part_cap(name: str, limits: Limits) -> int | None:
    """The decompressed size allowed for a part that a reader parses whole (None: no own cap)."""
    if name == "xl/sharedStrings.xml":
        return limits.max_shared_strings_bytes
    if name.startswith("xl/worksheets/") or name == "word/document.xml":
        return limits.max_part_bytes
    return None


def _part_name(name: str) -> str:
    if name == "xl/sharedStrings.xml":
        return "共享文字部分"
    return "工作表" if name.startswith("xl/") else "正文"
