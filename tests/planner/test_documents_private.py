"""A 民办 school listed among public ones for a 政府保障 item (班额, 专用教室): the measure says its share
is its 举办者's, and the checker finds a paragraph that puts it on 财政 with the public ones."""

from __future__ import annotations

from datetime import date

import pytest

from metrics import evaluate, load_standard
from planner.check.checker import check_doc
from planner.check.document import Para, PlanDoc, Table
from planner.documents import DocumentInputs, YearData, draft_document
from planner.settings import PlanSettings
from tests.metrics.schools import frame as schools
from tests.metrics.schools import primary

SETTINGS = PlanSettings(region="示例县", start_year=2026, data_year=2025)


@pytest.fixture(scope="module")
def county():
    """城关小学 (公办) and 育才学校 (民办) both have a class of 48 (> 45); 西村小学 is within."""
    rows = schools(
        primary("城关小学", 900, primary_classes=20.0, max_class_size=48.0, music_rooms=2.0, art_rooms=2.0),
        primary(
            "育才学校",
            900,
            ownership="民办",
            primary_classes=20.0,
            max_class_size=48.0,
            music_rooms=2.0,
            art_rooms=2.0,
        ),
        primary("西村小学", 450, primary_classes=10.0, max_class_size=45.0, music_rooms=1.0, art_rooms=1.0),
    )
    return rows, evaluate(rows, load_standard("quality_2017"))


def _class_paragraph(doc) -> str:
    return next(p.text for s in doc.sections for p in s.paragraphs if "班额" in p.text and "整改" in p.text)


@pytest.mark.parametrize("kind", ["self_report", "inspection_plan"])
def test_a_private_school_among_public_ones_is_left_to_its_sponsor(county, kind):
    rows, ev = county
    inputs = DocumentInputs(YearData(2025, ev, rows), inspection_date=date(2027, 10, 15))
    text = _class_paragraph(draft_document(kind, inputs, SETTINGS))
    assert "城关小学" in text and "育才学校" in text
    # its own sentence after the measure
    assert "。其中育才学校为民办学校，所需校舍、教师和资金由学校举办者落实，不使用财政资金" in text


def test_the_checker_finds_a_private_school_put_on_public_money_with_public_ones():
    doc = PlanDoc(
        "示例县义务教育优质均衡发展自评报告",
        [
            Para(
                "班额不符合要求：城关小学、育才学校。整改措施：增设教学班。〔责任单位：县教育局、县财政局〕",
                "四",
            )
        ],
        [Table("附件1", ["学校", "结论"], [["城关小学", "达标"], ["育才学校（民办）", "达标"]])],
        kind="document",
        document="self_report",
    )
    found = [m for m in check_doc(doc) if m.startswith("民办学校")]
    assert len(found) == 1 and "未写明民办学校（育才学校）由举办者投入" in found[0]
