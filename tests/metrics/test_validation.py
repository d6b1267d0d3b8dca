"""Checking uploaded rows: each bad input gives one Chinese Problem at the right row and column."""

from __future__ import annotations

import pytest

from metrics.columns import BY_KEY
from metrics.loading import DataError, Problem, load_schools
from metrics.validation import parse_number
from tests.metrics.uploads import combined, school, write_csv, write_xlsx


def problems_for(tmp_path, rows, headers=None) -> list[Problem]:
    """Every problem for an upload (errors raise; a clean load returns its warnings)."""
    return problems_in(write_xlsx(tmp_path / "学校数据.xlsx", rows, headers=headers))


def problems_in(path) -> list[Problem]:
    try:
        return load_schools(path).warnings
    except DataError as error:
        return error.problems


def located(problems: list[Problem]) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.level) for p in problems]


def without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in {BY_KEY[key].header for key in keys}}


def test_text_in_a_number_cell_names_row_column_and_the_text(tmp_path):
    found = problems_for(tmp_path, [school(), school(name="南街小学", teachers="二十")])
    assert located(found) == [(3, "专任教师数", "error")]
    assert found[0].message == "应为数字（单位：人），实际为“二十”。"
    assert found[0].file == "学校数据.xlsx"


def test_full_width_digits_and_thousands_separators_are_numbers(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [school(books="１２,０００", teachers=" 24 ")])
    frame = load_schools(path).frame
    assert (frame.at[0, "books"], frame.at[0, "teachers"]) == (12000.0, 24.0)
    assert parse_number("—") == (None, True)


def test_negative_number_is_an_error(tmp_path):
    found = problems_for(tmp_path, [school(sports_field_area=-3600)])
    assert located(found) == [(2, "运动场地面积", "error")]
    assert found[0].message == "不能为负数，实际为 -3600。"


def test_fraction_in_an_integer_column_is_an_error(tmp_path):
    found = problems_for(tmp_path, [school(computers=50.5)])
    assert located(found) == [(2, "计算机台数", "error")]
    assert found[0].message == "应为整数，实际为 50.5。"


def test_fraction_in_an_area_or_money_column_is_fine(tmp_path):
    frame = load_schools(
        write_xlsx(tmp_path / "a.xlsx", [school(teaching_rooms_area=2400.5, equipment_value=99.75)])
    ).frame
    assert (frame.at[0, "teaching_rooms_area"], frame.at[0, "equipment_value"]) == (2400.5, 99.75)


def test_blank_required_number_is_an_error(tmp_path):
    found = problems_for(tmp_path, [school(books=None)])
    assert located(found) == [(2, "图书册数", "error")]
    assert "没有请填 0" in found[0].message


def test_missing_required_columns_are_each_reported_once_without_a_row(tmp_path):
    rows = [without(school(), "books", "ownership"), without(school(name="B"), "books", "ownership")]
    found = problems_for(tmp_path, rows)
    assert located(found) == [(None, "举办者", "error"), (None, "图书册数", "error")]
    assert found[1].message == "缺少必填列「图书册数」，请按模板添加这一列。"


@pytest.mark.parametrize(
    "key", ["teachers_above_degree", "teachers_mid_title", "backbone_teachers", "pe_art_teachers"]
)
def test_more_teachers_of_a_kind_than_teachers_is_an_error(tmp_path, key):
    found = problems_for(tmp_path, [school(**{key: 25})])  # 25 > 24 专任教师
    assert located(found) == [(2, BY_KEY[key].header, "error")]
    assert found[0].message.startswith("25 人，超过了专任教师总数 24 人")


def test_gym_larger_than_teaching_rooms_is_an_error(tmp_path):
    found = problems_for(tmp_path, [school(gym_area=2500)])  # 2500 > 2400 ㎡
    assert located(found) == [(2, "体育馆面积", "error")]
    assert "大于教学及辅助用房面积 2400 ㎡" in found[0].message


def test_junior_part_larger_than_the_school_total_is_an_error(tmp_path):
    found = problems_for(tmp_path, [combined(junior_backbone_teachers=7)])  # 7 > 全校 6
    assert (2, "初中部县级以上骨干教师数", "error") in located(found)
    assert any("超过了全校「县级以上骨干教师数」6 人" in p.message for p in found)


def test_duplicate_school_name_points_at_the_first_row(tmp_path):
    found = problems_for(tmp_path, [school(), school(name="南街小学"), school()])
    assert located(found) == [(4, "学校名称", "error")]
    assert found[0].message == "学校“河西小学”与第2行重复；每所学校只能有一行。"


def test_same_school_in_two_years_is_not_a_duplicate(tmp_path):
    frame = load_schools(write_xlsx(tmp_path / "a.xlsx", [school(year=2023), school(year=2024)])).frame
    assert frame["year"].tolist() == [2023.0, 2024.0]


def test_school_without_students_is_an_error(tmp_path):
    found = problems_for(tmp_path, [school(primary_students=0)])
    assert located(found) == [(2, "小学在校生数", "error")]
    assert "没有在校生" in found[0].message


def test_unknown_school_type_lists_the_accepted_ones(tmp_path):
    found = problems_for(tmp_path, [school(school_type="特殊教育学校")])
    assert located(found) == [(2, "办学类型", "error")]
    assert "无法识别的办学类型“特殊教育学校”" in found[0].message
    assert "「九年一贯制学校」" in found[0].message


def test_unknown_ownership_is_an_error(tmp_path):
    found = problems_for(tmp_path, [school(ownership="集体")])
    assert located(found) == [(2, "举办者", "error")]
    assert found[0].message == "应为「公办」或「民办」，实际为“集体”。"


def test_students_of_a_stage_the_type_lacks_is_a_warning(tmp_path):
    found = problems_for(tmp_path, [school(junior_students=120)])
    assert located(found) == [(2, "初中在校生数", "warning")]
    assert "小学没有初中学段" in found[0].message


def test_combined_school_without_junior_teacher_columns_is_one_file_level_error(tmp_path):
    junior_keys = [
        "junior_teachers",
        "junior_teachers_above_degree",
        "junior_teachers_mid_title",
        "junior_backbone_teachers",
        "junior_pe_art_teachers",
    ]
    row = without(combined(), *junior_keys)
    found = problems_for(tmp_path, [school(), row, without(combined(name="河口学校"), *junior_keys)])
    assert located(found) == [(None, "初中部专任教师数", "error")]
    assert "第3行 城关镇实验学校" in found[0].message
    assert "「初中部体育艺术专任教师数」" in found[0].message


def test_combined_school_with_a_blank_junior_teacher_cell_is_an_error(tmp_path):
    found = problems_for(tmp_path, [combined(junior_teachers_mid_title=None)])
    assert located(found) == [(2, "初中部中级及以上职称专任教师数", "error")]


def test_combined_school_without_junior_students_is_an_error(tmp_path):
    found = problems_for(tmp_path, [combined(junior_students=None)])
    assert located(found) == [(2, "初中在校生数", "error")]
    assert "须分别填写小学、初中在校生数" in found[0].message


def test_complete_middle_school_needs_senior_students_for_the_split(tmp_path):
    row = school(school_type="完全中学", primary_students=None, junior_students=400, junior_classes=9)
    found = problems_for(tmp_path, [row])
    assert located(found) == [(2, "高中在校生数", "error")]
    assert "没有高中生请填 0" in found[0].message
    row[BY_KEY["senior_students"].header] = 0
    assert problems_for(tmp_path, [row]) == []


def test_outlier_per_student_value_is_a_warning(tmp_path):
    # 生均图书 30 册 at four schools, 400 册 at the fifth: 400 ≥ 10 × median 30.
    rows = [school(name=f"校{i}") for i in range(4)] + [school(name="书多小学", books=160000)]
    found = problems_for(tmp_path, rows)
    assert located(found) == [(6, "图书册数", "warning")]
    assert "生均图书册数 400.00 册，高于本文件中位数 30.00 册的十倍" in found[0].message


def test_equipment_in_yuan_instead_of_wan_yuan_is_a_warning(tmp_path):
    found = problems_for(tmp_path, [school(equipment_value=1_000_000)])  # 1e6 万元 / 400 = 2.5e7 元
    assert located(found) == [(2, "教学仪器设备值", "warning")]
    assert "是否按「元」填写了" in found[0].message


def test_area_in_ten_thousand_square_metres_is_a_warning(tmp_path):
    found = problems_for(tmp_path, [school(teaching_rooms_area=0.24)])  # 0.24 万㎡ for 400 students
    assert located(found) == [(2, "教学及辅助用房面积", "warning")]
    assert "是否按「万㎡」填写了" in found[0].message


def test_every_problem_of_a_file_is_collected_in_one_error(tmp_path):
    rows = [school(teachers="abc"), school(name="B", gym_area=9999), school(name="B", school_type="幼儿园")]
    found = problems_for(tmp_path, rows)
    assert located(found) == [
        (2, "专任教师数", "error"),
        (3, "体育馆面积", "error"),
        (4, "办学类型", "error"),
        (4, "学校名称", "error"),
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_one_bad_cell_among_many_rows_is_reported_at_its_own_row(tmp_path, suffix):
    rows = [school(name=f"第{i}小学") for i in range(1500)]
    rows[900] = school(name="第900小学", books="一万二")  # data row 901 under the header: Excel row 902
    path = tmp_path / f"学校数据{suffix}"
    found = problems_in(write_xlsx(path, rows) if suffix == ".xlsx" else write_csv(path, rows, "utf-8"))
    assert located(found) == [(902, "图书册数", "error")]
    assert found[0].message == "应为数字（单位：册），实际为“一万二”。"
