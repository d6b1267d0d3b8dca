"""Hostile files, generated (never committed): what a security probe uploaded or imported.

Each maker returns the file's bytes; ``CASES`` names them for the bench and the tests. The .xlsx and
.docx are written as raw parts into a zip (fast, and exactly as large as wanted), the way a crafted
file would be."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape

from metrics.columns import COLUMNS

__all__ = [
    "CASES",
    "comma_row_csv",
    "docx_bomb",
    "header",
    "huge_text",
    "shared_strings_xlsx",
    "wide_xlsx",
    "xlsx_of_rows",
]

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="学校数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    ),
}
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def header(width: int) -> list[str]:
    """The template's headers, then extra columns up to ``width``."""
    names = [c.header for c in COLUMNS]
    return (names + [f"备注{i}" for i in range(width - len(names))])[:width] if width > len(names) else names


def _cell(column: int, value: object) -> str:
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def xlsx_of_rows(rows: Iterator[list[object]], shared_strings: str = "") -> bytes:
    """A one-sheet .xlsx holding ``rows`` (numbers as numbers, anything else as inline text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _XLSX_PARTS.items():
            zf.writestr(name, text)
        sst = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        zf.writestr("xl/sharedStrings.xml", sst + f'spreadsheetml/2006/main">{shared_strings}</sst>')
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            chunk: list[str] = []
            for row in rows:
                chunk.append("<row>" + "".join(_cell(i, v) for i, v in enumerate(row)) + "</row>")
                if len(chunk) >= 2000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + _SHEET_TAIL).encode())
    return buffer.getvalue()


def wide_xlsx(rows: int = 167_000, numbers: int = 60, largest: int = 99_999, seed: int = 1) -> bytes:
    """The probe's heavy sheet: a header, then ``rows`` rows of ``numbers`` random numbers up to
    ``largest`` (by default about 31 MB, sheet XML about 6 times that)."""
    rng = random.Random(seed)

    def body() -> Iterator[list[object]]:
        yield header(numbers)
        for i in range(rows):
            yield [f"学校{i}", *(rng.randint(0, largest) for _ in range(numbers - 1))]

    return xlsx_of_rows(body())


def tall_xlsx() -> bytes:
    """Like the probe's sheet but under the byte limit: 18 MB, sheet XML about 110 MB."""
    return wide_xlsx(rows=95_000)


def many_cells_xlsx() -> bytes:
    """Small numbers in 60 columns: sheet XML just under the part limit, 3.5 million cells."""
    return wide_xlsx(rows=58_000, largest=9)


_HANZI = "学校教育均衡发展义务城乡县域优质资源配置标准化建设师资队伍办学条件保障政府督导评估"


def _words(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_HANZI) for _ in range(n))


def shared_strings_xlsx(megabytes: int = 295, seed: int = 2) -> bytes:
    """A small sheet whose shared-strings part inflates to ``megabytes`` MB (strings that differ a
    little each: compressed about 40 times, like the probe's 7 MB file)."""
    rng = random.Random(seed)
    filler = "均衡发展" * 60
    parts, size = [], 0
    while size < megabytes * 1024 * 1024:
        unit = f"<si><t>{_words(rng, 6)}{filler}</t></si>"
        parts.append(unit)
        size += len(unit.encode())
    rows = iter([header(len(COLUMNS)), ["甲校", "小学", "公办", *([1] * (len(COLUMNS) - 3))]])
    return xlsx_of_rows(rows, shared_strings="".join(parts))


def comma_row_csv(commas: int = 48_000_000) -> bytes:
    """A CSV of a header and one row of ``commas`` commas."""
    return (",".join(c.header for c in COLUMNS) + "\n").encode() + b"," * commas + b"\n"


def huge_text(megabytes: int = 19) -> bytes:
    """A plain-text policy document of ``megabytes`` MB of ordinary Chinese sentences."""
    line = "各地要统筹推进县域内城乡义务教育一体化改革发展，合理规划学校布局，保障学位供给。\n"
    return (line * (megabytes * 1024 * 1024 // len(line.encode()) + 1)).encode()


def docx_bomb(xml_megabytes: int = 235, seed: int = 3) -> bytes:
    """A .docx whose document.xml inflates to ``xml_megabytes`` MB of paragraphs (compressed about
    12 times, like the probe's 19 MB file)."""
    rng = random.Random(seed)
    paragraphs = [
        "<w:p><w:r><w:t>" + _words(rng, 32) + "学校办学条件标准化建设。" * 14 + "</w:t></w:r></w:p>"
        for _ in range(5000)
    ]
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        with zf.open("word/document.xml", "w", force_zip64=True) as doc:
            doc.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>'.encode())
            size = 0
            while size < xml_megabytes * 1024 * 1024:
                block = "".join(rng.sample(paragraphs, 500)).encode()
                doc.write(block)
                size += len(block)
            doc.write(b"</w:body></w:document>")
    return buffer.getvalue()


def sample_town() -> bytes:
    """The sample town's workbook (12 valid schools): the cost of an ordinary upload."""
    from pathlib import Path

    return (Path(__file__).resolve().parents[1] / "data" / "samples" / "城关镇.xlsx").read_bytes()


def province_xlsx(schools: int = 20_000) -> bytes:
    """A province's worth of valid 小学 rows (the largest real upload)."""
    from tests.metrics.uploads import school

    first = school()
    names = list(first)

    def body() -> Iterator[list[object]]:
        yield names
        for i in range(schools):
            yield [f"第{i}小学", *list(first.values())[1:]]

    return xlsx_of_rows(body())


def bad_cells_xlsx(rows: int = 29_000, seed: int = 4) -> bytes:
    """Every cell of every row wrong (text in number columns): the report is capped, not 300 MB."""
    rng = random.Random(seed)
    names = header(len(COLUMNS))

    def body() -> Iterator[list[object]]:
        yield names
        for i in range(rows):
            yield [f"学校{i}", "大学", "私塾", *(_words(rng, 2) for _ in range(len(names) - 3))]

    return xlsx_of_rows(body())


def workspace_export(messages: list[list[object]], datasets: list[tuple[int, str, bytes]]) -> bytes:
    """A workspace export (workspaces.archive's format) written directly: ``messages`` as stored
    (role, codec JSON), each dataset as (year, file name, bytes)."""
    import hashlib
    import json

    manifest = {
        "format": "junheng-workspace/1",
        "workspace": {"name": "城关镇", "level": "town", "created_at": "2026-01-01T00:00:00"},
        "settings": {"start_year": 2027},
        "chat_state": {},
        "messages": messages,
        "datasets": [
            {
                "file": f"datasets/{i}.bin",
                "year": year,
                "filename": name,
                "content_hash": hashlib.sha256(content).hexdigest(),
                "schools": 12,
            }
            for i, (year, name, content) in enumerate(datasets)
        ],
        "plan_versions": [],
        "blobs": {},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for i, (_, _, content) in enumerate(datasets):
            zf.writestr(f"datasets/{i}.bin", content)
    return buffer.getvalue()


def many_messages_export(count: int = 300_000) -> bytes:
    """The probe's export of 300,000 chat messages."""
    messages = [
        ["user" if i % 2 == 0 else "assistant", f"第{i}条：{i * 7919 % 100003}"] for i in range(count)
    ]
    return workspace_export(messages, [(2024, "城关镇.xlsx", sample_town())])


def poisoned_message_export() -> bytes:
    """An export whose one message names code outside the project."""
    return workspace_export(
        [["user", "你好"], ["assistant", {"$dc": "os:system", "fields": {}}]],
        [(2024, "城关镇.xlsx", sample_town())],
    )


def bomb_dataset_export() -> bytes:
    """An export whose dataset is an .xlsx zip bomb (100 MB of one byte)."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (100 * 1024 * 1024))
    return workspace_export([], [(2024, "城关镇.xlsx", bomb.getvalue())])


def sound_export() -> bytes:
    """An ordinary export: the sample town's data and a short conversation."""
    return workspace_export([["user", "你好"], ["assistant", "您好"]], [(2024, "城关镇.xlsx", sample_town())])


CASES: dict[str, Callable[[], bytes]] = {
    "sample_town": sample_town,
    "province_xlsx": province_xlsx,
    "bad_cells_xlsx": bad_cells_xlsx,
    "wide_xlsx": wide_xlsx,
    "shared_strings_xlsx": shared_strings_xlsx,
    "comma_row_csv": comma_row_csv,
    "huge_text": huge_text,
    "docx_bomb": docx_bomb,
    "many_messages_export": many_messages_export,
    "poisoned_message_export": poisoned_message_export,
    "bomb_dataset_export": bomb_dataset_export,
    "sound_export": sound_export,
}
