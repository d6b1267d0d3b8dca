"""Reading uploads: formats, encodings, header variants, file-level failures."""

from __future__ import annotations

import io
import math
import re
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from metrics.columns import COLUMNS
from metrics.loading import DataError, LoadResult, Problem, load_schools
from tests.metrics.uploads import combined, school, write_csv, write_xlsx


def only_problem(excinfo: pytest.ExceptionInfo[DataError]) -> Problem:
    assert len(excinfo.value.problems) == 1, excinfo.value.report()
    return excinfo.value.problems[0]


def test_xlsx_loads_one_row_per_school_with_every_canonical_column(tmp_path):
    path = write_xlsx(tmp_path / "学校数据.xlsx", [school(), school(name="石桥小学", primary_students=150)])
    result = load_schools(path)
    assert isinstance(result, LoadResult)
    assert result.source == "学校数据.xlsx"
    assert list(result.frame.columns) == [c.key for c in COLUMNS] + ["row"]
    assert result.frame["name"].tolist() == ["河西小学", "石桥小学"]
    assert result.frame["row"].tolist() == [2, 3]  # header is Excel row 1
    assert result.frame["primary_students"].tolist() == [400.0, 150.0]
    assert result.frame["primary_students"].dtype == "float64"
    assert result.warnings == []


def test_absent_optional_numbers_are_nan_and_absent_gym_area_is_zero(tmp_path):
    frame = load_schools(write_xlsx(tmp_path / "a.xlsx", [school()])).frame
    assert math.isnan(frame.at[0, "junior_students"])
    assert math.isnan(frame.at[0, "music_rooms"])
    assert frame.at[0, "gym_area"] == 0.0
    assert frame.at[0, "township"] == ""


def test_gbk_csv_loads_like_excel_saves_it(tmp_path):
    path = write_csv(tmp_path / "学校数据.csv", [school(name="城关第一小学")], "gbk")
    frame = load_schools(path).frame
    assert frame.at[0, "name"] == "城关第一小学"
    assert frame.at[0, "books"] == 12000.0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_loads_in_utf8_with_or_without_bom_and_gb18030(tmp_path, encoding):
    path = write_csv(tmp_path / "a.csv", [school(name="东关小学")], encoding)
    result = load_schools(path)
    assert result.frame.at[0, "name"] == "东关小学"
    assert result.mapping["学校名称"] == "name"  # no BOM glued to the first header


def test_gbk_sample_csv_equals_the_sample_workbook():
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "data" / "samples"
    xlsx = load_schools(samples / "城关镇.xlsx").frame.drop(columns="row")
    gbk = load_schools(samples / "城关镇_gbk.csv").frame.drop(columns="row")
    pd.testing.assert_frame_equal(xlsx, gbk)
    assert len(xlsx) == 12


def test_header_variants_map_to_canonical_keys(tmp_path):
    row = school()
    renamed = {
        "学校名称": "学校（机构）名称",  # statistics wording, brackets kept as part of the name
        "教学仪器设备值": "教学仪器设备值（万元）",  # unit in full-width brackets
        "小学在校生数": "在校生数(小学)",
        "专任教师数": "专任教师数 (人)",
        "图书册数": "图书册数【册】",
        "运动场地面积": "运动场地面积（㎡）",
        "计算机台数": "计算机台数（台）",
    }
    row["备注"] = "新建校区"  # matches nothing: listed as ignored
    result = load_schools(write_xlsx(tmp_path / "a.xlsx", [{renamed.get(k, k): v for k, v in row.items()}]))
    assert result.mapping["学校（机构）名称"] == "name"
    assert result.mapping["教学仪器设备值（万元）"] == "equipment_value"
    assert result.mapping["在校生数(小学)"] == "primary_students"
    assert result.mapping["专任教师数 (人)"] == "teachers"
    assert result.mapping["图书册数【册】"] == "books"
    assert result.mapping["运动场地面积（㎡）"] == "sports_field_area"
    assert result.mapping["计算机台数（台）"] == "computers"
    assert result.ignored == ["备注"]
    assert result.frame.at[0, "equipment_value"] == 100.0


def test_two_columns_for_one_field_is_an_error_on_the_header_row(tmp_path):
    row = school()
    row["学校（机构）名称"] = "河西小学"
    with pytest.raises(DataError) as excinfo:
        load_schools(write_xlsx(tmp_path / "a.xlsx", [row]))
    problem = only_problem(excinfo)
    assert (problem.row, problem.column) == (1, "学校（机构）名称")
    assert "只保留一列" in problem.message


def test_title_rows_above_the_header_are_skipped_and_rows_keep_excel_numbers(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [school()], above=[["城关镇2024年学校基本情况"], []])
    frame = load_schools(path).frame
    assert frame["row"].tolist() == [4]


def test_every_row_loads_even_when_the_workbook_states_a_wrong_size(tmp_path):
    # Some exporters write <dimension ref="A1"/>; the reader must not trust it and stop at row 1.
    path = write_xlsx(tmp_path / "a.xlsx", [school(), school(name="石桥小学")])
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', parts[sheet])
    with zipfile.ZipFile(path, "w") as z:
        for name, content in parts.items():
            z.writestr(name, content)
    frame = load_schools(path).frame
    assert frame["name"].tolist() == ["河西小学", "石桥小学"]
    assert frame["books"].tolist() == [12000.0, 12000.0]


def test_data_sheet_is_found_after_an_instructions_sheet(tmp_path):
    book = Workbook()
    guide = book.active
    guide.title = "填表说明"
    guide.append(["列名", "单位", "是否必填", "说明"])
    for c in COLUMNS:
        guide.append([c.header, c.unit, "是", c.note])
    data = book.create_sheet("学校数据")
    row = school()
    data.append(list(row))
    data.append(list(row.values()))
    book.save(tmp_path / "a.xlsx")
    assert load_schools(tmp_path / "a.xlsx").frame["name"].tolist() == ["河西小学"]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("九年一贯制", "九年一贯制学校"),
        ("完中", "完全中学"),
        ("初中", "初级中学"),
        ("十二年一贯制", "十二年一贯制学校"),
        ("村小", "小学"),
        ("小学教学点", "教学点"),
    ],
)
def test_school_type_variants_become_canonical(tmp_path, written, canonical):
    rows = {
        "九年一贯制学校": combined(school_type=written),
        "完全中学": school(
            school_type=written,
            primary_students=None,
            junior_students=400,
            senior_students=300,
            junior_classes=9,
        ),
        "初级中学": school(school_type=written, primary_students=None, junior_students=400, junior_classes=9),
        "十二年一贯制学校": combined(school_type=written, senior_students=100),
        "小学": school(school_type=written),
        "教学点": school(school_type=written, primary_students=40),
    }
    frame = load_schools(write_xlsx(tmp_path / "a.xlsx", [rows[canonical]])).frame
    assert frame.at[0, "school_type"] == canonical


def test_ownership_variants_become_public_or_private(tmp_path):
    rows = [school(ownership="民办学校"), school(name="B", ownership="公立")]
    frame = load_schools(write_xlsx(tmp_path / "a.xlsx", rows)).frame
    assert frame["ownership"].tolist() == ["民办", "公办"]


def test_total_row_is_skipped_with_a_warning(tmp_path):
    rows = [school(), school(name="合计", primary_students=400)]
    result = load_schools(write_xlsx(tmp_path / "a.xlsx", rows))
    assert result.frame["name"].tolist() == ["河西小学"]
    assert [(w.row, w.level) for w in result.warnings] == [(3, "warning")]


def test_bytes_with_a_filename_and_file_objects_load(tmp_path):
    path = write_csv(tmp_path / "a.csv", [school()], "gbk")
    assert load_schools(path.read_bytes(), filename="上传.csv").source == "上传.csv"
    with path.open("rb") as handle:
        assert load_schools(handle).source == "a.csv"
    assert load_schools(io.BytesIO(path.read_bytes())).frame.at[0, "name"] == "河西小学"


def test_empty_file_is_reported(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"")
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "a.csv")
    problem = only_problem(excinfo)
    assert (problem.file, problem.row) == ("a.csv", None)
    assert "空" in problem.message


def test_empty_workbook_is_reported(tmp_path):
    Workbook().save(tmp_path / "a.xlsx")
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "a.xlsx")
    assert "空" in only_problem(excinfo).message


def test_header_without_rows_is_reported(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [], headers=list(school()))
    with pytest.raises(DataError) as excinfo:
        load_schools(path)
    assert "没有学校数据行" in only_problem(excinfo).message


def test_binary_garbage_is_not_a_table(tmp_path):
    (tmp_path / "a.csv").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "a.csv")
    assert "不是文本表格" in only_problem(excinfo).message


def test_word_document_renamed_to_xlsx_is_named_as_such(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "a.xlsx")
    assert "Word 文档" in only_problem(excinfo).message


def test_text_renamed_to_xlsx_is_reported_as_not_excel(tmp_path):
    (tmp_path / "a.xlsx").write_text("学校名称,办学类型\n", encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "a.xlsx")
    assert "内容不是 Excel 表格" in only_problem(excinfo).message


def test_unsupported_extension_is_rejected(tmp_path):
    (tmp_path / "说明.txt").write_text("学校名称\t办学类型\n", encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "说明.txt")
    assert "“.txt”" in only_problem(excinfo).message


def test_old_xls_format_asks_for_xlsx(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "a.xls")
    assert "另存为 .xlsx" in only_problem(excinfo).message


def test_prose_without_a_header_row_is_reported(tmp_path):
    (tmp_path / "a.csv").write_text("今年各校情况良好。\n请领导审阅。\n", encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "a.csv")
    problem = only_problem(excinfo)
    assert "没有找到表头" in problem.message
    assert problem.column == "学校名称"


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(DataError) as excinfo:
        load_schools(tmp_path / "无此文件.xlsx")
    assert only_problem(excinfo).file == "无此文件.xlsx"


def test_problem_reads_as_file_row_column_message():
    problem = Problem("学校数据.xlsx", 5, "专任教师数", "应为数字，实际为“二十”。")
    assert str(problem) == "学校数据.xlsx 第5行「专任教师数」：应为数字，实际为“二十”。"
    assert str(Problem("a.csv", None, None, "文件是空的。")) == "a.csv：文件是空的。"


def test_report_lists_every_problem_at_once_errors_first(tmp_path):
    rows = [
        school(teachers="二十"),  # row 2: text in a number
        school(name="南街小学", books=-5),  # row 3: negative
        school(name="东关小学", equipment_value=100 * 10000),  # row 4: 元 not 万元 (warning)
    ]
    with pytest.raises(DataError) as excinfo:
        load_schools(write_xlsx(tmp_path / "学校数据.xlsx", rows))
    lines = excinfo.value.report().splitlines()
    assert lines[0] == "数据有 2 处错误、1 处提示，请修改后重新上传："
    assert lines[1] == "1.【错误】学校数据.xlsx 第2行「专任教师数」：应为数字（单位：人），实际为“二十”。"
    assert lines[2] == "2.【错误】学校数据.xlsx 第3行「图书册数」：不能为负数，实际为 -5。"
    assert lines[3].startswith("3.【提示】学校数据.xlsx 第4行「教学仪器设备值」：")
    assert len(lines) == 4


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=600), ext=st.sampled_from([".csv", ".xlsx", ".txt", ""]))
def test_any_bytes_give_a_result_or_problems_never_a_traceback(data, ext):
    try:
        load_schools(data, filename=f"上传{ext}")
    except DataError as error:
        assert error.problems and all(p.file == f"上传{ext}" for p in error.problems)
