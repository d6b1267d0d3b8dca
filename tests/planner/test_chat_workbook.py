"""The audit workbook from the chat: "下载Excel" gives the .xlsx as a file of the reply."""

from __future__ import annotations

import io

import openpyxl
import pytest

from metrics import evaluate, load_standard
from planner.chat import ChatContext, ChatState, respond
from planner.export.workbook import SHEETS, XLSX_MIME
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")


@pytest.fixture(scope="module")
def ctx():
    schools = frame(primary("甲小学", 500, teaching_rooms_area=1500), primary("乙小学", 500))
    return ChatContext(evaluation=evaluate(schools, QUALITY), schools=schools, region="城关镇")


@pytest.mark.parametrize("question", ["下载Excel", "导出审计工作簿", "把达标表导出成Excel"])
def test_asking_for_excel_gives_the_audit_workbook(ctx, question):
    reply = respond(question, ctx, ChatState())
    assert reply.intent == "workbook"
    assert reply.file is not None
    assert reply.file.name == "城关镇均衡发展审计工作簿（优质均衡）.xlsx"
    assert reply.file.mime == XLSX_MIME
    book = openpyxl.load_workbook(io.BytesIO(reply.file.data))
    assert book.sheetnames == list(SHEETS[: len(book.sheetnames)])
    assert book.calculation.fullCalcOnLoad
    assert "2行学校数据" in reply.text


def test_the_plan_export_still_answers_word(ctx):
    reply = respond("导出Word", ctx, ChatState())
    assert reply.intent == "export"


def test_without_data_it_asks_for_data():
    reply = respond("下载Excel", ChatContext(), ChatState())
    assert reply.kind == "no_data"
    assert reply.file is None


def test_the_workbook_names_the_data_year_the_documents_use(ctx):
    from dataclasses import replace

    from planner.documents import DocumentInputs, YearData

    # rows without a 统计年度 column; the page asked and chose 2025 for every document
    inputs = DocumentInputs(YearData(2025, ctx.evaluation, ctx.schools))
    reply = respond("下载Excel", replace(ctx, document_inputs=lambda: inputs), ChatState())
    notes = openpyxl.load_workbook(io.BytesIO(reply.file.data)).worksheets[0]
    rows = {r[0]: r[1] for r in notes.iter_rows(values_only=True) if r[0]}
    assert rows["统计年度"] == "2025年度"
