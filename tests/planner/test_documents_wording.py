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
