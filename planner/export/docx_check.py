"""Check an exported .docx against the 公文 format: page, margins, fonts (with w:eastAsia), sizes,
line spacing, heading levels and ordinals, repeated table headers, page-number field.
Also reads back the outline (headings, levels, table headers) that the golden tests compare."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from planner.export.docx import FONTS

__all__ = ["check_docx", "docx_outline", "docx_text"]

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")


def _east_asia(run) -> str | None:
    rpr = run._r.rPr
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


_TOL = Mm(0.5)


def _near(a, b, tol=_TOL) -> bool:
    return a is not None and abs(int(a) - int(b)) <= int(tol)


def check_docx(path: str | Path) -> list[str]:
    """Problems found (Chinese, one per line); an empty list means the file is in 公文 format."""
    doc = Document(str(path))
    problems: list[str] = []
    sec = doc.sections[0]
    for name, have, want in (
        ("纸张宽度", sec.page_width, Mm(210)),
        ("纸张高度", sec.page_height, Mm(297)),
        ("上边距", sec.top_margin, Mm(37)),
        ("下边距", sec.bottom_margin, Mm(35)),
        ("左边距", sec.left_margin, Mm(28)),
        ("右边距", sec.right_margin, Mm(26)),
    ):
        if not _near(have, want):
            problems.append(f"{name}应为{want.mm:.0f}毫米")
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    if not paragraphs:
        return [*problems, "文档没有正文"]
    title = paragraphs[0]
    if title.alignment is None or title.alignment != 1:
        problems.append("标题应居中")
    for run in title.runs:
        if _east_asia(run) != FONTS["title"] or run.font.size != Pt(22):
            problems.append(f"标题应为{FONTS['title']}二号（22磅）")
            break
    seen_levels = set()
    for p in paragraphs[1:]:
        style = p.style.name
        text = p.text
        if style.startswith("Heading"):
            level = int(style.split()[-1])
            seen_levels.add(level)
            want_font, pattern = (FONTS["h1"], _H1) if level == 1 else (FONTS["h2"], _H2)
            if not pattern.match(text):
                problems.append(f"{level}级标题“{text[:12]}”的序号格式不对")
            if any(_east_asia(r) != want_font for r in p.runs):
                problems.append(f"{level}级标题“{text[:12]}”应为{want_font}")
            continue
        if p._p.getparent().tag != qn("w:body"):
            continue
        fmt = p.paragraph_format
        if p.runs and any(r.font.size not in (Pt(16), Pt(18)) for r in p.runs if r.text.strip()):
            problems.append(f"正文“{text[:12]}”字号应为三号（16磅）")
        if fmt.line_spacing != Pt(28):
            problems.append(f"正文“{text[:12]}”行距应为固定值28磅")
        body_runs = [r for r in p.runs if r.text.strip() and not r.bold]
        if any(
            _east_asia(r) not in (FONTS["body"], FONTS["h2"], FONTS["h1"], FONTS["title"]) for r in body_runs
        ):
            problems.append(f"正文“{text[:12]}”未设置中文字体")
    if 1 not in seen_levels:
        problems.append("没有一级标题（一、）")
    for i, table in enumerate(doc.tables, 1):
        trpr = table.rows[0]._tr.trPr
        if trpr is None or trpr.find(qn("w:tblHeader")) is None:
            problems.append(f"第{i}个表格的标题行未设置跨页重复")
    problems += _gbt_details(doc, sec)
    footer_xml = sec.footer._element.xml
    if "PAGE" not in footer_xml or "—" not in footer_xml:
        problems.append("页脚缺少“— 1 —”格式的页码")
    normal = doc.styles["Normal"]
    rfonts = normal.element.rPr.find(qn("w:rFonts")) if normal.element.rPr is not None else None
    if rfonts is None or rfonts.get(qn("w:eastAsia")) != FONTS["body"]:
        problems.append(f"正文样式的中文字体应为{FONTS['body']}")
    return problems


def _gbt_details(doc, sec) -> list[str]:
    """GB/T 9704 details: 22 × 28 grid, page number placement, blank line before 附件, rows kept whole."""
    problems = []
    grid = sec._sectPr.find(qn("w:docGrid"))
    text_height_pt = (sec.page_height - sec.top_margin - sec.bottom_margin) / 12700
    if grid is None or abs(int(grid.get(qn("w:linePitch"), "0")) / 20 * 22 - text_height_pt) > 2:
        problems.append("文档网格应为每页22行")
    width_pt = (sec.page_width - sec.left_margin - sec.right_margin) / 12700
    rpr = doc.styles["Normal"].element.rPr
    spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
    condensed = int(spacing.get(qn("w:val"))) / 20 if spacing is not None else 0
    if int(width_pt // (16 + condensed)) != 28:
        problems.append("每行应为28个字")
    number_top_mm = (sec.footer_distance + Pt(14)) / 36000
    if abs(sec.bottom_margin / 36000 - number_top_mm - 7) > 0.6:
        problems.append("页码应位于版心下边缘之下7毫米")
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    if odd.paragraph_format.right_indent != Pt(14) or even.paragraph_format.left_indent != Pt(14):
        problems.append("页码应单页居右空一字、双页居左空一字")
    body = list(doc.paragraphs)
    for i, p in enumerate(body):
        if p.text.startswith("附件：") and (i == 0 or body[i - 1].text.strip()):
            problems.append("附件说明前应空一行")
    for i, table in enumerate(doc.tables, 1):
        if any(r._tr.trPr is None or r._tr.trPr.find(qn("w:cantSplit")) is None for r in table.rows):
            problems.append(f"第{i}个表格的行应设置不跨页断行")
            break
    return problems


def docx_outline(path: str | Path) -> dict:
    """Title, headings (text, level) and table headers, for golden comparison (never the bytes)."""
    doc = Document(str(path))
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    headings = [
        {"level": int(p.style.name.split()[-1]), "text": p.text}
        for p in paragraphs
        if p.style.name.startswith("Heading")
    ]
    tables = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    title = paragraphs[0].text.replace("\n", "") if paragraphs else ""
    return {"title": title, "headings": headings, "tables": tables}


def docx_text(path: str | Path) -> tuple[list[str], list[list[list[str]]]]:
    """Body paragraph texts (footer excluded) and table cells, for tracing figures."""
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return texts, tables
