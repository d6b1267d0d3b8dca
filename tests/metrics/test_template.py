"""The blank upload template: what it holds, and that the loader reads it back."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from metrics.columns import BY_KEY, COLUMNS
from metrics.loading import DataError, load_schools
from metrics.template import DATA_SHEET, GUIDE_SHEET, write_template


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "学校数据模板.xlsx"
    write_template(path)
    return path


def test_data_sheet_comes_first_with_bold_frozen_headers_carrying_units(template):
    book = load_workbook(template)
    assert book.sheetnames == [DATA_SHEET, GUIDE_SHEET]
    sheet = book[DATA_SHEET]
    headers = [c.value for c in sheet[1]]
    assert len(headers) == len(COLUMNS)
    assert headers[0] == "学校名称"
    assert headers[[c.key for c in COLUMNS].index("equipment_value")] == "教学仪器设备值（万元）"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "B2"
    assert sheet.max_row == 1  # blank: no example row
    assert sheet.column_dimensions["A"].width >= 10


def test_guide_sheet_explains_every_column(template):
    rows = list(load_workbook(template)[GUIDE_SHEET].iter_rows(values_only=True))
    assert rows[0] == ("列名", "单位", "是否必填", "说明")
    by_header = {r[0]: r for r in rows[1 : len(COLUMNS) + 1]}
    assert list(by_header) == [c.header for c in COLUMNS]
    assert by_header["学校名称"][2] == "是"
    assert by_header["体育馆面积"][1:3] == ("㎡", "否")
    assert by_header["初中部专任教师数"][2] == "九年一贯制、十二年一贯制必填"
    assert "小学部=合计−初中部" in by_header["初中部专任教师数"][3]


def test_blank_template_is_reported_as_having_no_rows(template):
    with pytest.raises(DataError) as excinfo:
        load_schools(template)
    assert [p.message for p in excinfo.value.problems] == [
        "文件只有表头，没有学校数据行；请从表头下一行起每校填写一行。"
    ]


def test_template_filled_with_one_row_loads_it(template):
    book = load_workbook(template)
    sheet = book[DATA_SHEET]
    values = {
        "name": "河西小学",
        "school_type": "小学",
        "ownership": "公办",
        "primary_students": 400,
        "primary_classes": 10,
        "teachers": 24,
        "teachers_above_degree": 22,
        "teachers_mid_title": 10,
        "backbone_teachers": 5,
        "pe_art_teachers": 4,
        "teaching_rooms_area": 2400,
        "sports_field_area": 3600,
        "equipment_value": 100,
        "computers": 50,
        "books": 12000,
        "multimedia_rooms": 11,
    }
    sheet.append([values.get(c.key) for c in COLUMNS])
    book.save(template)
    result = load_schools(template)
    assert result.frame["name"].tolist() == ["河西小学"]
    assert result.frame.at[0, "row"] == 2
    assert result.frame.at[0, "equipment_value"] == 100.0
    assert len(result.mapping) == len(COLUMNS) and result.ignored == []
    assert result.mapping["教学仪器设备值（万元）"] == BY_KEY["equipment_value"].key
    assert result.warnings == []
