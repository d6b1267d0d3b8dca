"""Read files into (metadata, text): policy notes with YAML front matter, and user .md/.txt/.docx/.pdf.

Reading is separate from chunking and indexing so a broken file is rejected before the store is touched.
A user's file is read in a worker process under metrics.limits (memory, time) and its text may hold at
most MAX_TEXT_CHARS characters: a .docx is streamed part by part and a PDF page by page, stopping there.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdf
import yaml

from knowledge.errors import CorpusError, DocumentError

__all__ = [
    "KINDS",
    "LEVELS",
    "MAX_TEXT_CHARS",
    "STATUSES",
    "USER_FILE_TYPES",
    "USER_KIND",
    "DocumentMeta",
    "SourceDocument",
    "file_digest",
    "read_policy_note",
    "read_user_file",
]

LEVELS = ("国家", "省", "市", "区", "县", "镇")
KINDS = ("政策", "标准", "方案范例", "总结范例", "迎评方案范例", "经验材料")
STATUSES = ("现行", "废止", "参考")
USER_KIND = "用户文档"
USER_FILE_TYPES = (".md", ".txt", ".docx", ".pdf")
_REQUIRED = ("title", "level", "kind", "status")


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation needs about one document; every field is a plain string (Chroma metadata)."""

    doc_id: str
    title: str
    doc_no: str = ""
    issuer: str = ""
    date: str = ""
    level: str = ""
    kind: str = ""
    status: str = ""
    source: str = ""
    origin: str = "policy"  # "policy" (policy_corpus/) or "user" (added with Index.add_file)
    reference: str = ""  # the front matter's `source`: where the original text was published

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class SourceDocument:
    meta: DocumentMeta
    text: str


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _split_front_matter(raw: str) -> tuple[dict | None, str]:
    """Return (front matter mapping or None when absent, body). Raises yaml.YAMLError when malformed."""
    text = raw.lstrip("\ufeff")
    if not text.startswith("---"):
        return None, text
    lines = text.splitlines()
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            data = yaml.safe_load("\n".join(lines[1:i])) or {}
            return data, "\n".join(lines[i + 1 :])
    raise yaml.YAMLError("front matter not closed")


def _text_or_empty(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_policy_note(path: Path, source: str) -> SourceDocument:
    """Read one corpus note. ``source`` is the repo-relative path stored with every chunk."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"政策库文件 {source} 无法读取（需为 UTF-8 文本）：{exc}") from exc
    try:
        front, body = _split_front_matter(raw)
    except yaml.YAMLError as exc:
        raise CorpusError(f"政策库文件 {source} 的 YAML 头信息格式有误：{exc}") from exc
    if not isinstance(front, dict):
        raise CorpusError(
            f"政策库文件 {source} 缺少 YAML 头信息（以 --- 开头，含 title、level、kind、status）。"
        )
    missing = [key for key in _REQUIRED if not _text_or_empty(front.get(key))]
    if missing:
        raise CorpusError(f"政策库文件 {source} 的头信息缺少字段：{'、'.join(missing)}。")
    checks = (("level", LEVELS), ("kind", KINDS), ("status", STATUSES))
    for key, allowed in checks:
        value = _text_or_empty(front.get(key))
        if value not in allowed:
            raise CorpusError(f"政策库文件 {source} 的 {key} 取值“{value}”无效，应为：{'/'.join(allowed)}。")
    if not body.strip():
        raise CorpusError(f"政策库文件 {source} 没有正文。")
    meta = DocumentMeta(
        doc_id="p-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:16],
        title=_text_or_empty(front.get("title")),
        doc_no=_text_or_empty(front.get("doc_no")),
        issuer=_text_or_empty(front.get("issuer")),
        date=_text_or_empty(front.get("date")),
        level=_text_or_empty(front.get("level")),
        kind=_text_or_empty(front.get("kind")),
        status=_text_or_empty(front.get("status")),
        source=source,
        origin="policy",
        reference=_text_or_empty(front.get("source")),
    )
    return SourceDocument(meta=meta, text=body)


def _decode_text(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"文件 {name} 不是可识别的文本编码（请另存为 UTF-8）。")


MAX_USER_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 1_000
MAX_TEXT_CHARS = 60_000
"""A policy document's text (about 40 pages; most are 5,000–30,000 characters): about 330 chunks,
3.5 s of embedding on a quiet machine here (several times that when it is busy); a longer file is
refused with a request to split it."""
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _too_long(name: str) -> DocumentError:
    return DocumentError(
        f"文件 {name} 的正文超过{MAX_TEXT_CHARS // 10_000}万字，超出单个政策文件的上限，请拆分后再上传。"
    )


class _Text:
    """Lines of text that may not grow past MAX_TEXT_CHARS (then reading stops)."""

    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []
        self.size = 0

    def add(self, line: str) -> None:
        self.size += len(line) + 1
        if self.size > MAX_TEXT_CHARS:
            raise _too_long(self.name)
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines)


def _read_docx(path: Path) -> str:
    """Paragraphs and table rows (cells joined by " | ") in document order, streamed from
    word/document.xml: memory stays flat and reading stops at MAX_TEXT_CHARS."""
    from lxml import etree

    from metrics.limits import zip_problem

    problem = zip_problem(path.read_bytes(), f"Word 文件 {path.name} ")
    if problem:
        raise DocumentError(problem)
    broken = DocumentError(f"文件 {path.name} 不是有效的 Word（.docx）文档，无法打开。")
    out = _Text(path.name)
    try:
        with zipfile.ZipFile(path) as zf, zf.open("word/document.xml") as xml:
            row: list[str] | None = None
            cell: list[str] | None = None
            events = etree.iterparse(
                xml,
                events=("start", "end"),
                tag=(f"{_W}p", f"{_W}tr", f"{_W}tc"),
                resolve_entities=False,
                no_network=True,
            )
            for event, element in events:
                tag = element.tag
                if event == "start":
                    if tag == f"{_W}tr":
                        row = []
                    elif tag == f"{_W}tc":
                        cell = []
                    continue
                if tag == f"{_W}p":
                    text = "".join(t.text or "" for t in element.iter(f"{_W}t"))
                    if cell is not None:
                        cell.append(text)
                    else:
                        out.add(text)
                    element.clear()
                elif tag == f"{_W}tc" and row is not None and cell is not None:
                    row.append(" ".join(t for t in cell if t).strip())
                    cell = None
                elif tag == f"{_W}tr" and row is not None:
                    out.add(" | ".join(c for c in row if c))
                    row = None
                    element.clear()
    except DocumentError:
        raise
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError):
        raise broken from None
    return out.text()


def _read_pdf(path: Path) -> str:
    """Text layer of a PDF (a scanned PDF has none and ends up as an empty document), page by page
    until MAX_TEXT_CHARS."""
    if path.read_bytes()[:5] != b"%PDF-":
        raise DocumentError(f"文件 {path.name} 不是有效的 PDF 文档。")
    out = _Text(path.name)
    try:
        reader = pypdf.PdfReader(str(path))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(f"文件 {path.name} 超过{MAX_PDF_PAGES}页，请拆分后再上传。")
        for page in reader.pages:
            out.add(page.extract_text() or "")
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(f"文件 {path.name} 不是有效的 PDF 文档，无法读取。") from exc
    return out.text()


def read_user_file(path: Path) -> SourceDocument:
    """Read a user's document (in a worker process under metrics.limits); DocumentError (Chinese
    message) when missing, unsupported, broken, empty, too long or past the worker's limits."""
    from metrics.worker import WorkerLimit, run_bounded

    path = Path(path)
    if not path.is_file():
        raise DocumentError(f"找不到文件 {path}。")
    try:
        return run_bounded(_read_user_file, path)
    except WorkerLimit as stopped:
        raise DocumentError(stopped.message(f"文件 {path.name} ")) from None


def _read_user_file(path: Path) -> SourceDocument:
    """The reading itself (in the worker)."""
    if not path.is_file():
        raise DocumentError(f"找不到文件 {path}。")
    suffix = path.suffix.lower()
    if suffix not in USER_FILE_TYPES:
        raise DocumentError(
            f"文件 {path.name} 的类型 {suffix or '（无扩展名）'} 不支持，"
            "请上传 .md、.txt、.docx 或 .pdf 文件。"
        )
    if path.stat().st_size == 0:
        raise DocumentError(f"文件 {path.name} 是空文件，没有可检索的文字。")
    if path.stat().st_size > MAX_USER_BYTES:
        raise DocumentError(f"文件 {path.name} 超过 {MAX_USER_BYTES // 1024 // 1024} MB，请拆分后再上传。")
    front: dict | None = None
    if suffix in (".md", ".txt"):
        text = _decode_text(path.read_bytes(), path.name)
        if len(text) > MAX_TEXT_CHARS:
            raise _too_long(path.name)
        if suffix == ".md":
            try:
                front, text = _split_front_matter(text)
            except yaml.YAMLError as exc:
                raise DocumentError(f"文件 {path.name} 的 YAML 头信息格式有误：{exc}") from exc
    elif suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _read_pdf(path)
    if len("".join(text.split())) < 10:
        raise DocumentError(f"文件 {path.name} 中没有可提取的文字（扫描件请先做文字识别）。")
    front = front if isinstance(front, dict) else {}
    resolved = str(path.resolve())
    title = _text_or_empty(front.get("title")) or path.stem
    meta = DocumentMeta(
        doc_id="u-" + hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:16],
        title=title,
        doc_no=_text_or_empty(front.get("doc_no")),
        issuer=_text_or_empty(front.get("issuer")),
        date=_text_or_empty(front.get("date")),
        level=_text_or_empty(front.get("level")),
        kind=USER_KIND,
        status=_text_or_empty(front.get("status")) or "参考",
        source=resolved,
        origin="user",
    )
    return SourceDocument(meta=meta, text=text)
