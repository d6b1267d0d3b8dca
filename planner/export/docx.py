"""Export a Plan as a .docx in 公文 format (GB/T 9704-2012): A4, 37/35/28/26 mm margins, a 22 lines ×
28 characters document grid, 仿宋_GB2312 16 pt body at a fixed 28 pt line, headings 一、黑体 /
（一）楷体_GB2312, 1. 仿宋 bold, the title broken between words, "— 1 —" page numbers one character in
from the edge and 7 mm below the text block, a blank line before the 附件 list, the issuer centred over
the date, annex tables as real Word tables with repeated header rows that never split across pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from planner.model import Plan, Section

__all__ = [
    "FONTS",
    "HEADING_ORDINALS",
    "column_widths",
    "export_docx",
    "numbered_sections",
    "ordinal",
    "signature_indents",
    "title_lines",
]

FONTS = {"title": "方正小标宋简体", "body": "仿宋_GB2312", "h1": "黑体", "h2": "楷体_GB2312", "page": "宋体"}
FALLBACKS = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "黑体": "SimHei",
    "宋体": "SimSun",
}
_CN = "一二三四五六七八九十"


def ordinal(n: int) -> str:
    """Chinese ordinal for headings: 1 → 一, 12 → 十二.

    >>> ordinal(1), ordinal(10), ordinal(12), ordinal(20)
    ('一', '十', '十二', '二十')
    """
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


HEADING_ORDINALS = {1: lambda n: f"{ordinal(n)}、", 2: lambda n: f"（{ordinal(n)}）"}


def numbered_sections(plan: Plan) -> Iterator[tuple[Section, str]]:
    """Each section with its numbered heading (一、… restarting （一） under each), "" for none."""
    counters = {1: 0, 2: 0}
    for sec in plan.sections:
        heading = ""
        if sec.level in (1, 2) and sec.title:
            counters[sec.level] += 1
            if sec.level == 1:
                counters[2] = 0
            heading = HEADING_ORDINALS[sec.level](counters[sec.level]) + sec.title
        yield sec, heading


def _fonts(rpr_parent, name: str) -> None:
    """Set Latin and East Asian faces, dropping theme fonts that would override them."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _run(par, text: str, font: str, size: float, bold: bool = False):
    run = par.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    _fonts(run._r, font)
    return run


def _layout(par, *, indent: bool = True, align=None, exact: bool = True) -> None:
    fmt = par.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)
        ind = par._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
    if align is not None:
        par.alignment = align


def _styles(doc) -> None:
    # the document default is 三号 too: the character grid's pitch is counted from it
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        defaults.find(qn(tag)).set(qn("w:val"), "32")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    _fonts(normal.element, FONTS["body"])
    # 28 三号 characters are 448 pt, the text block 442 pt: each character is condensed by a quarter
    # point so that it fits one cell of the grid (LibreOffice gives a wider character two cells)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSE_TWIPS))
    normal.element.get_or_add_rPr().append(spacing)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    for level, font in ((1, FONTS["h1"]), (2, FONTS["h2"])):
        style = doc.styles[f"Heading {level}"]
        style.font.size = Pt(16)
        style.font.bold = False
        style.font.color.rgb = None
        _fonts(style.element, font)
        pf = style.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(28)
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.keep_with_next = True


def _font_table(doc) -> None:
    """Name fallbacks (w:altName) so machines without the 方正/GB2312 faces pick a close one."""
    part = next((r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt_el = etree.SubElement(font, qn("w:altName"))
        alt_el.set(qn("w:val"), alt)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


PAGE_NUMBER_PT = 14  # 四号
LINES, CHARS = 22, 28  # GB/T 9704: 22 lines of 28 characters in the text block
CONDENSE_TWIPS = -5


def _page_number(footer_par, align) -> None:
    """The page number in 宋体 四号, one character in from the text block's edge (right on odd pages,
    left on even)."""
    footer_par.alignment = align
    _off_grid(footer_par)
    fmt = footer_par.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(PAGE_NUMBER_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)
    _run(footer_par, "— ", FONTS["page"], 14)
    run = _run(footer_par, "", FONTS["page"], 14)
    for tag, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _run(footer_par, " —", FONTS["page"], 14)


def _page_setup(doc) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    # the page number's top 7 mm below the text block: its line ends one 四号 line lower
    sec.footer_distance = Mm(35 - 7) - Pt(PAGE_NUMBER_PT)
    _doc_grid(sec)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(sec.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _off_grid(par) -> None:
    """Text in another size (title, tables, page number) is laid out by its own metrics, not the grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    par._p.get_or_add_pPr().append(snap)


def _doc_grid(sec) -> None:
    """The document grid: 22 lines and 28 characters to the text block (w:docGrid)."""
    width_pt = (210 - 28 - 26) / 25.4 * 72
    height_pt = (297 - 37 - 35) / 25.4 * 72
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    # A line grid: LibreOffice gives each character two cells of a character grid narrower than the
    # font, so the 28 characters come from the condensed Normal style; charSpace records the pitch
    # (relative to the 16 pt body font, in 1/4096 pt) for editors that switch the character grid on.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(height_pt / LINES * 20)))  # twentieths of a point
    grid.set(qn("w:charSpace"), str(round((width_pt / CHARS - 16) * 4096)))


def title_lines(title: str, breaks: tuple[str, ...] = (), per_line: float = 20.0) -> list[str]:
    """The title in lines of at most ``per_line`` characters (二号 on the text width), broken only
    after one of ``breaks`` (whole words) or before a bracket, as evenly as possible.

    >>> title_lines("青河县推进县域义务教育优质均衡发展三年行动实施方案（2026—2028年）", ("推进", "均衡发展"))
    ['青河县推进县域义务教育优质均衡发展', '三年行动实施方案（2026—2028年）']
    >>> title_lines("城关镇实施方案", ("城关镇",))
    ['城关镇实施方案']
    """
    if _text_width(title) <= per_line:
        return [title]
    cuts = {i + len(w) for w in breaks for i in _find_all(title, w)} | set(_find_all(title, "（"))
    cuts = sorted(c for c in cuts if 0 < c < len(title))
    best: list[str] | None = None
    for n in (2, 3):
        for combo in _combinations(cuts, n - 1):
            lines = [title[a:b] for a, b in zip((0, *combo), (*combo, len(title)), strict=True)]
            widths = [_text_width(line) for line in lines]
            if max(widths) <= per_line and (best is None or max(widths) < max(map(_text_width, best))):
                best = lines
        if best:
            return best
    return [title]


def _find_all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while word and i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def _combinations(items: list[int], k: int):
    from itertools import combinations

    return combinations(items, k)


def signature_indents(issuer: str, date: str, margin_chars: float = 4) -> tuple[float, float]:
    """Right indents (in characters) of the 署名 and the 成文日期: the date four characters in from the
    right, the issuer centred over it (GB/T 9704 7.3.5.2); a longer issuer keeps the four characters
    and the date is centred under it.

    >>> signature_indents("城关镇人民政府", "2026年12月15日")
    (4.4, 4)
    >>> signature_indents("城关镇人民政府", "2026年3月5日")
    (4, 4.2)
    """
    wi, wd = _text_width(issuer), _text_width(date)
    if wi <= wd:
        return round(margin_chars + (wd - wi) / 2, 2), margin_chars
    return margin_chars, round(margin_chars + (wi - wd) / 2, 2)


def _body(doc, text: str, lead: str = "", lead_font: str | None = None, lead_bold: bool = False):
    par = doc.add_paragraph()
    _layout(par)
    if lead:
        _run(par, lead, lead_font or FONTS["body"], 16, bold=lead_bold)
    _run(par, text, FONTS["body"], 16)
    return par


TEXT_WIDTH_MM = 210 - 28 - 26
# Words after which a title may break (the region name is one too).
_TITLE_WORDS = ("推进", "县域", "义务教育", "均衡发展", "行动", "实施方案")
_CELL_PT = 10.5


def _text_width(text: str) -> float:
    """Width in full-width characters: CJK 1, ASCII 0.6 (serif digits are wider than half a character)."""
    return sum(0.6 if ord(ch) < 128 else 1.0 for ch in str(text))


def column_widths(
    headers: list[str], rows: list[list[str]], total_mm: float = TEXT_WIDTH_MM, cell_pt: float = _CELL_PT
) -> list[float]:
    """Column widths (mm) filling the text width: each column asks for its longest cell (a header may
    wrap once); when they do not fit, only the widest columns are narrowed, to a common cap, so short
    columns (序号, 学段, figures) never wrap.

    >>> [round(w) for w in column_widths(["序号", "学校"], [["1", "城关第一小学"]], 100)]
    [31, 69]
    """
    per_char = cell_pt * 0.3528  # mm per full-width character
    padding = 1.2  # Word's default cell margins, 1.9 mm a side, in characters
    capacity = total_mm / per_char - padding * len(headers)
    wants = [
        max([_text_width(h) / 2, 2.0] + [_text_width(r[j]) for r in rows]) for j, h in enumerate(headers)
    ]
    if sum(wants) > capacity:
        lo, hi = 0.0, max(wants)
        for _ in range(40):  # the cap at which the narrowed columns just fit
            cap = (lo + hi) / 2
            lo, hi = (cap, hi) if sum(min(w, cap) for w in wants) < capacity else (lo, cap)
        wants = [min(w, lo) for w in wants]
    sized = [w + padding for w in wants]
    return [total_mm * w / sum(sized) for w in sized]


def _signature(doc, text: str, indent_chars: float, first: bool) -> None:
    """A 落款 line, right-aligned ``indent_chars`` characters in; two blank lines above the first.
    The 落款 never stands alone on a page (GB/T 9704—2012 7.3.5): the paragraph before it and its
    first line are kept with the line that follows."""
    if first and doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    par = doc.add_paragraph()
    _layout(par, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    par.paragraph_format.right_indent = Pt(16 * indent_chars)
    if first:
        par.paragraph_format.space_before = Pt(56)
        par.paragraph_format.keep_with_next = True
    _run(par, text, FONTS["body"], 16)


def _table(doc, table, width_mm: float = TEXT_WIDTH_MM, cell_pt: float = 10.5) -> None:
    rows = [table.headers, *table.rows] if table.rows else [table.headers, ["—"] * len(table.headers)]
    t = doc.add_table(rows=len(rows), cols=len(table.headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Mm(w) for w in column_widths(table.headers, rows[1:], width_mm, cell_pt)]
    for col, width in zip(t.columns, widths, strict=True):
        col.width = width
    for i, values in enumerate(rows):
        row = t.rows[i]
        if i == 0:
            trpr = row._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            trpr.append(header)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never splits across pages
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            cell.width = width
            par = cell.paragraphs[0]
            _off_grid(par)
            _layout(par, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
            par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # not the body's fixed 28 pt
            _run(par, str(value), FONTS["h1"] if i == 0 else FONTS["body"], cell_pt)
    if table.note:  # the last row goes over the page with the note, never the note alone
        for cell in t.rows[-1].cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        note = doc.add_paragraph()
        _layout(note, indent=False)
        _run(note, table.note, FONTS["body"], 16)


LANDSCAPE_TEXT_WIDTH_MM = 297 - 37 - 35
"""A landscape page keeps the portrait margins turned with the paper: its text block is 225 mm wide."""


def _orient(doc, landscape: bool):
    """Start a new page in a new section of the given orientation (page numbers continue)."""
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    sec.page_width, sec.page_height = (long, short) if landscape else (short, long)
    if landscape:  # the binding edge stays at the top: 公文 margins rotated with the page
        sec.left_margin, sec.right_margin = Mm(37), Mm(35)
        sec.top_margin, sec.bottom_margin = Mm(26), Mm(28)
    else:
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    return sec


def _starts_section(doc, par) -> bool:
    """Whether ``par`` is the first paragraph after a section break (a new page already)."""
    prev = par._p.getprevious()
    if prev is None or prev.tag != qn("w:p"):
        return False
    return prev.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def _addressee(doc, text: str) -> None:
    """主送机关: flush left, no indent, under the title (GB/T 9704 7.3.2)."""
    par = doc.add_paragraph()
    _layout(par, indent=False)
    _run(par, text, FONTS["body"], 16)


def _colophon(doc, lines: list[str]) -> None:
    """版记 (GB/T 9704 7.4): the 抄送 and 印发 lines between a thick rule above, thin rules between and
    a thick rule below, in 四号, one character in from each side; "left\tright" sets the 印发日期 at the
    right edge. Drawn as a one-column table so that its rules span the text block; it follows the last
    附件 (LibreOffice does not place a table floated to the page foot)."""
    t = doc.add_table(rows=len(lines), cols=1)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", 8), ("bottom", 8), ("insideH", 4)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size * 2))  # eighths of a point: 1 pt thick, 0.5 pt thin
        el.set(qn("w:color"), "000000")
        borders.append(el)
    for edge in ("left", "right", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    layout = t._tbl.tblPr.find(qn("w:tblLayout"))
    layout.addprevious(borders)  # the schema's order: tblBorders before tblLayout
    for row, line in zip(t.rows, lines, strict=True):
        trpr = row._tr.get_or_add_trPr()
        for tag in ("w:tblHeader", "w:cantSplit"):
            el = OxmlElement(tag)
            if tag == "w:tblHeader":
                el.set(qn("w:val"), "false")
            trpr.append(el)
        cell = row.cells[0]
        cell.width = Mm(TEXT_WIDTH_MM)
        par = cell.paragraphs[0]
        _off_grid(par)
        _layout(par, indent=False, exact=False)
        fmt = par.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.left_indent = fmt.right_indent = Pt(PAGE_NUMBER_PT)
        left, _, right = line.partition("\t")
        _run(par, left, FONTS["body"], PAGE_NUMBER_PT)
        if right:
            stops = par.paragraph_format.tab_stops
            stops.add_tab_stop(Mm(TEXT_WIDTH_MM - 3.8) - Pt(PAGE_NUMBER_PT), WD_TAB_ALIGNMENT.RIGHT)
            _run(par, "\t" + right, FONTS["body"], PAGE_NUMBER_PT)
    end = doc.add_paragraph()  # a document ends with a paragraph, never a table
    _off_grid(end)
    end.paragraph_format.space_before = end.paragraph_format.space_after = Pt(0)


def export_docx(plan: Plan, target: str | Path) -> Path:
    """Write the plan to ``target`` (.docx) and return the path."""
    doc = Document()
    _styles(doc)
    _font_table(doc)
    _page_setup(doc)
    title = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _layout(title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    title.paragraph_format.space_after = Pt(28)
    _off_grid(title)
    for n, line in enumerate(title_lines(plan.title, (plan.settings.region, *_TITLE_WORDS))):
        run = _run(title, line, FONTS["title"], 22)
        if n:
            run._r.insert(run._r.index(run._r.find(qn("w:t"))), OxmlElement("w:br"))
    signature = [p.text for sec in plan.sections for p in sec.paragraphs if p.kind == "signature"]
    indents = signature_indents(*signature) if len(signature) == 2 else (4, 4)
    signed = False
    colophon: list[str] = []
    for sec, heading in numbered_sections(plan):
        if heading:
            par = doc.add_paragraph(style=f"Heading {sec.level}")
            _layout(par)
            _run(par, heading, FONTS["h1"] if sec.level == 1 else FONTS["h2"], 16)
        task_no = 0
        item_no = 0
        for p in sec.paragraphs:
            if p.kind == "task":
                task_no += 1
                lead = f"{task_no}．{p.lead}" if p.lead else f"{task_no}．"
                par = _body(doc, p.text, lead, lead_bold=True)
                if p.units:
                    _run(par, f"〔责任单位：{p.units}〕", FONTS["body"], 16)
            elif p.kind == "item" and p.lead:
                item_no += 1
                _body(doc, p.text, f"（{ordinal(item_no)}）{p.lead}", FONTS["h2"])
            elif p.kind == "item":
                item_no += 1
                _body(doc, p.text, f"{item_no}．", lead_bold=True)
            elif p.kind == "annex" and p.text.startswith("附件"):
                doc.add_paragraph()  # a blank line between the body and the 附件 list
                _body(doc, p.text)
            elif p.kind == "annex":
                par = _body(doc, p.text)
                par.paragraph_format.first_line_indent = Pt(80)  # align under the text after 附件：
                par._p.pPr.ind.set(qn("w:firstLineChars"), "500")
            elif p.kind == "signature":
                _signature(doc, p.text, indents[1 if signed else 0], first=not signed)
                signed = True
            elif p.kind == "addressee":
                _addressee(doc, p.text)
            elif p.kind == "colophon":
                colophon.append(p.text)
            else:
                _body(doc, p.text)
    landscape = False
    for n, table in enumerate(plan.annexes, 1):
        if table.landscape != landscape:
            landscape = table.landscape
            _orient(doc, landscape)  # a new page in a section of the table's orientation
        label = doc.add_paragraph()
        _layout(label, indent=False)
        if not _starts_section(doc, label):
            label.paragraph_format.page_break_before = True  # each 附件 starts a page, no empty line
        _run(label, f"附件{n}", FONTS["h1"], 16)
        cap = doc.add_paragraph()
        _off_grid(cap)
        _layout(cap, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(cap, table.title, FONTS["title"], 18)
        if landscape:  # a wide table: the turned page and 小五 (9 pt) cells
            _table(doc, table, LANDSCAPE_TEXT_WIDTH_MM, 9)
        else:
            _table(doc, table)
    if colophon:
        if landscape:
            _orient(doc, False)
        else:
            spacer = doc.add_paragraph()
            _layout(spacer, indent=False)
        _colophon(doc, colophon)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    return target
