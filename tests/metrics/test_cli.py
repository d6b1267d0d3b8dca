"""The command line: ``python -m metrics evaluate|template``."""

import json

import pytest

from metrics.__main__ import main
from metrics.columns import COLUMNS
from tests.metrics.schools import frame, primary

HEADERS = {c.key: c.header for c in COLUMNS}


@pytest.fixture
def town_xlsx(tmp_path):
    schools = frame(
        primary("甲小学", 1000, teaching_rooms_area=4000, pe_art_teachers=9),
        primary("乙小学", 500, pe_art_teachers=3, multimedia_rooms=12),
    )
    path = tmp_path / "学校数据.xlsx"
    schools.drop(columns=["row"]).rename(columns=HEADERS).to_excel(path, index=False)
    return path


def test_json_output_is_the_contract(town_xlsx, capsys):
    assert main(["evaluate", str(town_xlsx), "--standard", "quality_2017", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["standard"] == "quality_2017"
    assert data["stages"]["primary"]["schools"] == 2
    assert data["stages"]["primary"]["students"] == 1500
    assert data["stages"]["primary"]["cv_limit"] == 0.5
    school = data["schools"][1]
    assert (school["name"], school["stage"], school["students"]) == ("乙小学", "primary", 500)
    assert school["unmet"] == ["pe_art_teachers_per_100"] and school["passed"] is False
    assert school["gaps"]["pe_art_teachers_per_100"]["shortfall"] == 2


def test_summary_names_the_failing_school_and_its_gap(town_xlsx, capsys):
    assert main(["evaluate", str(town_xlsx)]) == 0
    out = capsys.readouterr().out
    assert "乙小学（小学，500人）未达标" in out
    assert "需增加2人" in out


def test_basic_2012_json_has_no_school_verdicts(town_xlsx, capsys):
    assert main(["evaluate", str(town_xlsx), "--standard", "basic_2012", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(s["passed"] is None and s["unmet"] == [] for s in data["schools"])


def test_bad_file_exits_2_with_a_chinese_report(tmp_path, capsys):
    bad = tmp_path / "坏数据.csv"
    bad.write_text("学校名称,办学类型\n甲小学,小学\n", encoding="utf-8")
    assert main(["evaluate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "坏数据.csv" in err and "Traceback" not in err


def test_unknown_standard_exits_2(town_xlsx, capsys):
    assert main(["evaluate", str(town_xlsx), "--standard", "nope"]) == 2
    assert "找不到评估标准" in capsys.readouterr().err


def test_template_command_writes_the_blank_template(tmp_path, capsys):
    out = tmp_path / "模板.xlsx"
    assert main(["template", str(out)]) == 0
    assert out.is_file()


def test_summary_says_which_columns_were_read_under_another_name(tmp_path, capsys):
    schools = frame(primary("甲小学", 1000))
    headers = {**HEADERS, "equipment_value": "教学仪器设备值（万元）", "books": "纸质图书册数"}
    out = schools.drop(columns=["row"]).rename(columns=headers)
    out["备注"] = ""
    path = tmp_path / "学校数据.xlsx"
    out.to_excel(path, index=False)
    assert main(["evaluate", str(path)]) == 0
    text = capsys.readouterr().out
    assert "列「纸质图书册数」按「图书册数」读取" in text
    assert "教学仪器设备值（万元）" not in text  # a unit in brackets is the same column
    assert "未识别、未使用的列：「备注」" in text
