"""No text about the drafting itself in a document a county submits: a missing part is a field to
fill, never a remark that the report "does not write" it."""

from __future__ import annotations

from planner.check.checker import check_doc
from planner.check.document import Para, PlanDoc
from planner.documents import DocumentInputs, YearData, draft_document
from tests.planner.test_documents_private import SETTINGS, county  # noqa: F401  (fixture)


def test_a_self_report_without_practices_leaves_a_field_and_no_remark(county):  # noqa: F811
    rows, ev = county
    doc = draft_document("self_report", DocumentInputs(YearData(2025, ev, rows)), SETTINGS)
    text = "\n".join(p.text for s in doc.sections for p in s.paragraphs)
    assert "〔待填报：主要做法和成效〕（由县教育局按实际开展的工作填写做法、投入和成效）。" in text
    assert "不代为" not in text


def test_the_checker_finds_a_remark_about_the_drafting():
    doc = PlanDoc(
        "示例县义务教育优质均衡发展自评报告",
        [Para("三、主要做法和成效：本报告不代为撰写未经记录的做法。", "三")],
        [],
        kind="document",
        document="self_report",
    )
    assert any("不代为撰写" in m for m in check_doc(doc))


def test_the_signature_is_kept_with_the_text_above_it(county, tmp_path):  # noqa: F811
    from datetime import date

    from docx import Document

    from planner.export.docx import export_docx

    rows, ev = county
    settings = SETTINGS.model_copy(update={"issue_date": date(2026, 12, 3)})
    doc = draft_document("self_report", DocumentInputs(YearData(2025, ev, rows)), settings)
    paragraphs = Document(str(export_docx(doc, tmp_path / "自评.docx"))).paragraphs
    issuer = next(n for n, p in enumerate(paragraphs) if p.text == "示例县人民政府")
    assert paragraphs[issuer + 1].text == "2026年12月3日"
    # the last body line and the issuer move to the next page with the date: the date is never alone
    assert paragraphs[issuer - 1].paragraph_format.keep_with_next
    assert paragraphs[issuer].paragraph_format.keep_with_next


def test_the_reason_a_gap_above_85_percent_gets_no_project_is_said_once():
    from metrics import evaluate, load_standard
    from tests.metrics.schools import frame as schools
    from tests.metrics.schools import primary

    # two schools each 1 网络多媒体教室 short of 2.3 per 100 (20 rooms for 900: 2.22, 96.6 %) and
    # failing 2 other indicators, so both fail the school rule and keep a gap above 85 %
    rows = schools(
        *(
            primary(name, 900, multimedia_rooms=20.0, backbone_teachers=4.0, equipment_value=90.0)
            for name in ("东村小学", "西村小学")
        )
    )
    ev = evaluate(rows, load_standard("quality_2017"))
    doc = draft_document("self_report", DocumentInputs(YearData(2025, ev, rows)), SETTINGS)
    text = "\n".join(p.text for s in doc.sections for p in s.paragraphs)
    # both schools keep the 多媒体 gap as 巩固提升; the reason follows them once
    assert text.count("列入巩固提升") == 3
    assert text.count("补齐其余差距后学校即达到学校达标要求") == 1
    assert "实施方案未单列项目" not in text
