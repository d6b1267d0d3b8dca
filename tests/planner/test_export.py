from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from metrics import evaluate, load_standard
from planner import (
    PlanSettings,
    check_docx,
    docx_outline,
    docx_text,
    draft_plan,
    export_docx,
    export_markdown,
)
from tests.metrics.schools import frame, primary
from tests.planner.frames import district_frame, town_frame

GOLDEN = Path(__file__).with_name("golden")
CASES = {
    "town_quality": (town_frame, "town", "quality_2017", "城关镇"),
    "town_basic": (town_frame, "town", "basic_2012", "城关镇"),
    "district_quality": (district_frame, "district", "quality_2017", "示例区"),
    "district_basic": (district_frame, "district", "basic_2012", "示例区"),
}


def _plan(name):
    make, level, std, region = CASES[name]
    frame = make()
    ev = evaluate(frame, load_standard(std))
    return draft_plan(ev, PlanSettings(region=region, level=level, start_year=2026), schools_frame=frame)


@pytest.mark.parametrize("name", sorted(CASES))
def test_exported_outline_matches_the_golden_file(name, tmp_path):
    path = export_docx(_plan(name), tmp_path / f"{name}.docx")
    outline = docx_outline(path)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(outline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert outline == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_exported_file_passes_the_format_check(name, tmp_path):
    assert check_docx(export_docx(_plan(name), tmp_path / "p.docx")) == []


def test_format_check_finds_wrong_margins_and_fonts(tmp_path):
    from docx import Document
    from docx.shared import Mm

    path = export_docx(_plan("town_quality"), tmp_path / "p.docx")
    doc = Document(str(path))
    doc.sections[0].left_margin = Mm(20)
    doc.styles["Normal"].element.rPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts"
    ).set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "宋体")
    doc.save(str(tmp_path / "bad.docx"))
    problems = check_docx(tmp_path / "bad.docx")
    assert "左边距应为28毫米" in problems
    assert "正文样式的中文字体应为仿宋_GB2312" in problems


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _allowed(plan) -> set[str]:
    allowed = set()
    for fact in plan.facts:
        allowed |= set(_NUMBER.findall(fact.display))
    years = plan.settings.year_list
    allowed |= {str(y) for y in years}
    day = plan.settings.issue_date  # 落款 date, a setting like the years (blank when not set)
    if day is not None:
        allowed |= {str(day.year), str(day.month), str(day.day)}
    for sec in plan.sections:
        for p in sec.paragraphs:
            for s in p.sources:
                allowed |= set(_NUMBER.findall(s["doc_no"]))
    return allowed


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_number_in_the_document_is_a_traced_fact_a_year_an_ordinal_or_a_doc_number(name, tmp_path):
    plan = _plan(name)
    texts, tables = docx_text(export_docx(plan, tmp_path / "p.docx"))
    allowed = _allowed(plan)
    stray = []
    for text in texts:
        text = re.sub(r"^(附件：)?\d+．", "", text)  # task, item and annex ordinals
        text = re.sub(r"^附件\d+$", "", text)
        stray += [n for n in _NUMBER.findall(text) if n not in allowed]
    for table in tables:
        skip = 0 if table[0][0] == "序号" else None
        for row in table[1:]:
            for j, cell in enumerate(row):
                if j != skip:
                    stray += [n for n in _NUMBER.findall(cell) if n not in allowed]
    assert stray == []


def test_markdown_preview_has_the_same_headings(town_plan):
    md = export_markdown(town_plan)
    assert md.startswith("# 城关镇推进义务教育优质均衡发展三年行动实施方案（2026—2028年）")
    assert "## 四、主要任务" in md and "### （一）改善校舍和运动场地条件" in md
    assert "| 序号 | 学校 |" in md


def test_the_body_ends_with_the_issuer_and_date_right_aligned_after_the_annex_list(town, tmp_path):
    from datetime import date

    from docx import Document

    frame, ev = town
    settings = PlanSettings(region="城关镇", start_year=2026, issue_date=date(2026, 3, 5))
    doc = Document(str(export_docx(draft_plan(ev, settings, schools_frame=frame), tmp_path / "p.docx")))
    texts = [p for p in doc.paragraphs if p.text.strip()]
    at = [p.text for p in texts].index("城关镇人民政府")
    assert texts[at - 1].text.endswith("责任分工表") and texts[at + 1].text == "2026年3月5日"
    assert texts[at].alignment == texts[at + 1].alignment == 2  # right
    assert texts[at + 2].text == "附件1" and texts[at + 2].paragraph_format.page_break_before


def test_an_issuer_in_the_settings_replaces_the_default(town):
    frame, ev = town
    plan = draft_plan(
        ev, PlanSettings(region="城关镇", start_year=2026, issuer="城关镇教育办公室"), schools_frame=frame
    )
    assert plan.section("signature").paragraphs[0].text == "城关镇教育办公室"


def test_narrow_columns_keep_their_width_and_long_names_get_the_rest():
    from planner.export.docx import TEXT_WIDTH_MM, column_widths

    headers = ["序号", "学校", "学段", "指标（简称）", "现值"]
    rows = [["1", "城关第一小学", "小学", "生均教学及辅助用房面积", "4.45㎡"]]
    widths = column_widths(headers, rows)
    assert abs(sum(widths) - TEXT_WIDTH_MM) < 1e-6
    assert widths[3] == max(widths) and widths[0] == min(widths)
    # 156 mm hold 42 characters at 10.5 pt: everything fits on one line, so no column is narrowed
    assert widths[3] / widths[0] == pytest.approx((11 + 1.2) / (2 + 1.2))


def test_markdown_task_without_a_lead_has_no_empty_bold():
    # over the 2000-student size limit: under 基本均衡 (no item covers it) a task with no lead
    rows = frame(primary("城关镇中心小学", 2100))
    plan = draft_plan(
        evaluate(rows, load_standard("basic_2012")),
        PlanSettings(region="城关镇", start_year=2026),
        schools_frame=rows,
    )
    text = export_markdown(plan)
    assert "城关镇中心小学学校规模超过优质均衡督导评估的规模上限" in text
    assert "****" not in text


def test_gbt_9704_details_are_in_the_file_and_missing_ones_are_reported(town_plan, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    path = export_docx(town_plan, tmp_path / "p.docx")
    assert check_docx(path) == []
    doc = Document(str(path))
    sec = doc.sections[0]
    grid = sec._sectPr.find(qn("w:docGrid"))
    # 225 mm of text height / 22 lines = 28.98 pt a line, in twentieths of a point
    assert grid.get(qn("w:linePitch")) == "580"
    # the page number line: its top 7 mm under the 35 mm bottom margin, one 四号 character in
    assert abs((sec.footer_distance + Pt(14)) - Mm(28)) < Mm(0.1)
    assert sec.footer.paragraphs[0].paragraph_format.right_indent == Pt(14)
    rows = [r for t in doc.tables for r in t.rows]
    assert rows and all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    texts = [p.text for p in doc.paragraphs]
    at = next(i for i, t in enumerate(texts) if t.startswith("附件："))
    assert texts[at - 1] == ""  # a blank line before the 附件 list

    bare = tmp_path / "bare.docx"
    plain = Document()
    plain.add_paragraph("一、总则")
    plain.save(str(bare))
    problems = check_docx(bare)
    assert "文档网格应为每页22行" in problems and "每行应为28个字" in problems


def test_the_title_breaks_between_words_and_the_issuer_is_centred_over_the_date(district, tmp_path):
    from datetime import date

    from docx import Document

    from planner.export.docx import signature_indents

    frame, ev = district
    settings = PlanSettings(region="青河县", start_year=2026, issue_date=date(2026, 12, 15))
    doc = Document(str(export_docx(draft_plan(ev, settings, schools_frame=frame), tmp_path / "p.docx")))
    title = doc.paragraphs[0].text
    assert title == "青河县推进县域义务教育优质均衡发展\n三年行动实施方案（2026—2028年）"
    texts = [p for p in doc.paragraphs if p.text.strip()]
    at = [p.text for p in texts].index("青河县人民政府")
    issuer, day = texts[at].paragraph_format.right_indent, texts[at + 1].paragraph_format.right_indent
    # 青河县人民政府 is 7 characters, 2026年12月15日 7.8: the date 4 characters in, the issuer 0.4 more
    assert signature_indents("青河县人民政府", "2026年12月15日") == (4.4, 4)
    assert (issuer.pt, day.pt) == (round(16 * 4.4, 1), 64)
