"""Bounds on what an upload may make the reader do: bytes, archive expansion, sheets, rows, columns.

A file past a bound is refused with a Chinese sentence before it costs much time or memory; the
bounds sit far above a real 教育事业统计 table (a province has about 20,000 schools)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

__all__ = ["LIMITS", "Limits", "zip_problem"]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    """The upload itself (also Streamlit's server.maxUploadSize in .streamlit/config.toml)."""
    max_expanded_bytes: int = 300 * 1024 * 1024
    """All members of a .xlsx/.docx archive once decompressed."""
    max_ratio: int = 150
    """Decompressed / compressed size of one member larger than 1 MB (XML packs about 10–30×)."""
    max_members: int = 5_000
    max_sheets: int = 50
    max_rows: int = 200_000
    max_columns: int = 500


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
    return None
