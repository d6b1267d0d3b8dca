"""Split a document into passages that follow its own structure, each with its heading path.

Headings recognised (outer to inner): Markdown ``#``, 第X编/章/节/条, 一、, （一） and 【任务X】, 1. / 1、,
（1）, ①. A heading line that carries text after its first sentence ("（一）加强组织领导。成立…") gives the
first sentence as the heading and keeps the rest as body. Long numbered items (1. …, （1）…) are list
content, not headings. Each section's body is packed into chunks of at most ``max_chars`` characters,
cut at sentence ends; a tail shorter than ``min_chars`` joins the previous chunk.

Chunk size, measured with `bench/retrieval_eval.py --chunk-sizes 120,160,200,260,320` on the corpus of
2025-11 (23 notes, dev set shared/eval/retrieval_dev.jsonl): the all-MiniLM-L6-v2 tokenizer gives 0.94
tokens per character (one per CJK character, fewer for digits and Latin); the embedded text is
title + heading path + body, so its 256-token window holds a body of about 200 characters.

    max chars  chunks  embedded texts over 256 tokens  BM25/hybrid r@1  r@5   MRR
    120        381     0                               0.85             1.00  0.908
    160        305     0                               0.90             1.00  0.938
    200        259     8                               0.90             1.00  0.950
    260        225     39                              0.85             1.00  0.908
    320        210     52                              0.85             1.00  0.908

200 is the default: best MRR, and only 8 texts (long heading paths) lose their tail in the dense model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Chunk", "chunk_text", "heading_rank", "split_sentences"]

_CN_NUM = "〇零一二三四五六七八九十百千两"
_MAX_HEADING_CHARS = 30

# (rank, pattern) checked in order; the match is the numbering, the rest of the line its text.
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (10, re.compile(rf"^第[{_CN_NUM}\d]+编")),
    (11, re.compile(rf"^第[{_CN_NUM}\d]+章")),
    (12, re.compile(rf"^第[{_CN_NUM}\d]+节")),
    (13, re.compile(rf"^第[{_CN_NUM}\d]+条")),
    (14, re.compile(rf"^[{_CN_NUM}]+[、．.]")),
    (15, re.compile(rf"^[（(][{_CN_NUM}]+[）)]")),
    (15, re.compile(r"^【[^】]{1,12}】")),
    (16, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    (17, re.compile(r"^[（(]\d{1,2}[）)]")),
    (18, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
)
_LIST_RANK = 16  # ranks from here on are list items unless the line is short
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SENTENCE_END = re.compile(r"(?<=[。！？；;!?])")
_FIRST_SENTENCE = re.compile(r"^(.*?)[。：:！？；;]")


@dataclass(frozen=True)
class Chunk:
    """One passage: its body text, its heading path ("三、工作目标 > （二）具体目标") and its position."""

    text: str
    section: str
    ordinal: int


def heading_rank(line: str) -> tuple[int, str] | None:
    """Rank and numbering of a Chinese heading/list marker at the start of ``line``, or None."""
    for rank, pattern in _PATTERNS:
        match = pattern.match(line)
        if match:
            return rank, match.group(0)
    return None


def split_sentences(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` at sentence ends into pieces of at most ``max_chars`` (hard cut in long ones)."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > max_chars:
            pieces.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        if sentence:
            pieces.append(sentence)
    return pieces


def _clean(line: str) -> str:
    line = line.strip().replace("\u3000", " ")
    if line.startswith(">"):
        line = line.lstrip("> ")
    return line.replace("**", "").replace("__", "").strip()


def _classify(raw: str) -> tuple[int, str | None, str] | None:
    """(rank, heading label, trailing body) when the line opens a section, else None.

    A label of None marks a numbered item too long to be a heading: it closes the sections at its rank and
    below and is body text of its parent section.
    """
    md = _MD_HEADING.match(raw.strip())
    if md:
        text = _clean(md.group(2))
        found = heading_rank(text)
        rank = found[0] if found else len(md.group(1))
        return rank, text, ""
    line = _clean(raw)
    found = heading_rank(line)
    if not found:
        return None
    rank, numbering = found
    rest = line[len(numbering) :].strip()
    if rank == 13:  # 第X条: the article number is the section, its text the body
        return rank, numbering, rest
    if len(line) <= _MAX_HEADING_CHARS and not re.search(r"[。；;，,]$", line):
        return rank, line, ""
    first = _FIRST_SENTENCE.match(rest)
    if rank < _LIST_RANK and first and len(numbering) + len(first.group(1)) <= _MAX_HEADING_CHARS:
        return rank, numbering + first.group(1).strip(), rest[first.end() :].strip()
    return rank, None, line


def _pack(paragraphs: list[str], max_chars: int, min_chars: int) -> list[str]:
    """Pack a section's paragraphs into chunks; each paragraph on its own line, long ones cut at sentences."""
    pieces: list[tuple[str, bool]] = []  # (text, starts a paragraph)
    for paragraph in paragraphs:
        for i, piece in enumerate(split_sentences(paragraph, max_chars)):
            pieces.append((piece, i == 0))
    chunks: list[str] = []
    current = ""
    for piece, new_paragraph in pieces:
        joiner = "\n" if current and new_paragraph else ""
        if current and len(current) + len(joiner) + len(piece) > max_chars:
            chunks.append(current)
            current = piece
        else:
            current += joiner + piece
    if current:
        if chunks and len(current) < min_chars:
            chunks[-1] += "\n" + current
        else:
            chunks.append(current)
    return chunks


def chunk_text(text: str, title: str = "", max_chars: int = 200, min_chars: int = 40) -> list[Chunk]:
    """Chunks of ``text`` following its headings. A leading "# " heading or one equal to ``title`` is the
    document title and stays out of the heading paths."""
    stack: list[tuple[int, str]] = []
    sections: list[tuple[str, list[str]]] = []

    def current_path() -> str:
        return " > ".join(label for _, label in stack)

    def add_paragraph(paragraph: str) -> None:
        path = current_path()
        if sections and sections[-1][0] == path:
            sections[-1][1].append(paragraph)
        else:
            sections.append((path, [paragraph]))

    for raw in text.splitlines():
        if not raw.strip() or re.fullmatch(r"\s*(-{3,}|\*{3,}|_{3,})\s*", raw):
            continue
        found = _classify(raw)
        if found is None:
            line = _clean(raw)
            if line:
                add_paragraph(line)
            continue
        rank, label, body = found
        is_title = raw.lstrip().startswith("# ") or (
            title and label and label.replace(" ", "") == title.replace(" ", "")
        )
        if is_title and not stack and not sections:
            continue  # the document's own title line
        while stack and stack[-1][0] >= rank:
            stack.pop()
        if label is not None:
            stack.append((rank, label))
        if body:
            add_paragraph(body)

    chunks: list[Chunk] = []
    for path, paragraphs in sections:
        for body in _pack(paragraphs, max_chars, min_chars):
            chunks.append(Chunk(text=body, section=path, ordinal=len(chunks)))
    return chunks
