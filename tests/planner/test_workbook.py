"""The audit workbook: inputs as loaded, every figure a live formula that LibreOffice recomputes to the
engine's value (both samples, both standards, a generated county with combined schools and teaching
points, and a standard with changed ratios and thresholds)."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from metrics import evaluate, load_schools, load_standard
from metrics.columns import BY_KEY
from metrics.evaluate import net_resources
from metrics.gaps import indicator_values
from metrics.split import split_stages
from planner.export.workbook import export_workbook, workbook_bytes, workbook_filename
from tests.metrics.schools import frame, primary
from tests.planner.frames import junior

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
STAGE_LABELS = {"小学": "primary", "初中": "junior"}


def county_frame() -> pd.DataFrame:
    """Combined schools of every kind, teaching points either side of 50, a private school, a special
    school, a school exactly at its thresholds, and text that looks like formulas."""
    return frame(
        primary('=HYPERLINK("http://x","点我")', 1000),  # 42 高学历 at 1000 students: exactly 4.2
        primary(
            "东街小学",
            600,
            teaching_rooms_area=2000.0,
            backbone_teachers=2.0,
            township="@SUM(A1)",
            max_class_size=58.0,
            music_rooms=1.0,
            art_rooms=2.0,
        ),
        primary("+西村小学", 300, equipment_value=40.0, sports_field_area=1500.0, urban_rural="-乡村"),
        primary("民办育英小学", 400, ownership="民办", multimedia_rooms=5.0),
        primary("石门教学点", 30, school_type="教学点", teaching_rooms_area=60.0),
        primary("河湾教学点", 60, school_type="教学点"),
        {
            **primary("育才学校", 500),
            **{k: v for k, v in junior("育才学校", 300).items() if k not in ("name", "school_type")},
            "school_type": "九年一贯制学校",
            "primary_students": 500,
            "teachers": 30 + 24,
            "teachers_above_degree": 21 + 16,
            "teachers_mid_title": 15 + 12,
            "backbone_teachers": 5 + 3,
            "pe_art_teachers": 5 + 3,
            "junior_teachers": 24,
            "junior_teachers_above_degree": 16,
            "junior_teachers_mid_title": 12,
            "junior_backbone_teachers": 3,
            "junior_pe_art_teachers": 3,
            "teaching_rooms_area": 4000.0,
            "gym_area": 600.0,
            "sports_field_area": 6000.0,
            "equipment_value": 160.0,
            "books": 23226.0,
            "multimedia_rooms": 18.0,
        },
        junior(
            "县一中",
            900,
            school_type="完全中学",
            senior_students=1200,
            teaching_rooms_area=20000.0,
            sports_field_area=25000.0,
            equipment_value=700.0,
            multimedia_rooms=40.0,
            max_class_size=70.0,
        ),
        {
            **junior("实验学校", 450),
            "school_type": "十二年一贯制学校",
            "primary_students": 600,
            "senior_students": 500,
            "primary_classes": 14,
            "teachers": 36 + 40,
            "teachers_above_degree": 26 + 24,
            "teachers_mid_title": 18 + 18,
            "backbone_teachers": 6 + 5,
            "pe_art_teachers": 6 + 5,
            "junior_teachers": 40,
            "junior_teachers_above_degree": 24,
            "junior_teachers_mid_title": 18,
            "junior_backbone_teachers": 5,
            "junior_pe_art_teachers": 5,
            "teaching_rooms_area": 9000.0,
            "gym_area": 1200.0,
            "sports_field_area": 14000.0,
            "equipment_value": 420.0,
            "multimedia_rooms": 30.0,
        },
        junior("河口中学", 500, backbone_teachers=2.0, teaching_rooms_area=2500.0),
        {"name": "特教学校", "school_type": "特殊教育学校", "primary_students": 80, "teachers": 20.0},
    )


def zero_mean_frame() -> pd.DataFrame:
    """No 初中 has a 骨干教师: that CV does not exist (county mean 0)."""
    return frame(
        primary("甲小学", 400),
        primary("乙小学", 300, teaching_rooms_area=1000.0),
        junior("甲中学", 500, backbone_teachers=0.0),
        junior("乙中学", 300, backbone_teachers=0.0),
    )


def changed_standard(tmp_dir: Path) -> Path:
    """quality_2017 with other split ratios, thresholds and CV limits: the workbook must follow the file."""
    text = (Path(load_standard("quality_2017").path)).read_text(encoding="utf-8")
    text = text.replace(
        "九年一贯制学校: {primary: 1.0, junior: 1.1}", "九年一贯制学校: {primary: 1.0, junior: 1.4}"
    )
    text = text.replace("threshold: {primary: 4.5, junior: 5.8}", "threshold: {primary: 5.0, junior: 6.3}")
    text = text.replace("limit: {primary: 0.50, junior: 0.45}", "limit: {primary: 0.05, junior: 0.04}")
    text = text.replace("teaching_point_min_students: 50", "teaching_point_min_students: 70")
    path = tmp_dir / "province.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _cases(tmp_dir: Path) -> dict[str, tuple[pd.DataFrame, object]]:
    cases = {}
    for sample in ("城关镇", "示例区"):
        loaded = load_schools(SAMPLES / f"{sample}.xlsx").frame
        for key in ("quality_2017", "basic_2012"):
            cases[f"{sample}_{key}"] = (loaded, load_standard(key))
    for key in ("quality_2017", "basic_2012"):
        cases[f"county_{key}"] = (county_frame(), load_standard(key))
    cases["zero_quality_2017"] = (zero_mean_frame(), load_standard("quality_2017"))
    town = load_schools(SAMPLES / "城关镇.xlsx").frame
    optional = ["gym_area", "max_class_size", "music_rooms", "art_rooms", "year"]
    cases["sparse_quality_2017"] = (town.drop(columns=optional), load_standard("quality_2017"))
    cases["county_province"] = (county_frame(), load_standard(changed_standard(tmp_dir)))
    return cases


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Every case exported, then recalculated by LibreOffice in one run: {case: (original, recalculated,
    frame, standard)}."""
    if shutil.which("soffice") is None:
        pytest.skip("需要 LibreOffice（soffice）重算工作簿")
    tmp = tmp_path_factory.mktemp("workbooks")
    out = tmp / "recalculated"
    written = {}
    for name, (data, standard) in _cases(tmp).items():
        path = export_workbook(evaluate(data, standard), data, standard, tmp / f"{name}.xlsx")
        written[name] = (path, data, standard)
    path, data, standard = written["county_quality_2017"]
    written["county_edited"] = (_edit_inputs(path, tmp / "county_edited.xlsx"), _edited(data), standard)
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp}/lo",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *(str(p) for p, _, _ in written.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    missing = [p.name for p, _, _ in written.values() if not (out / p.name).is_file()]
    assert not missing, f"LibreOffice 未能重算 {missing}（是否安装了 libreoffice-calc？）：{done.stderr!r}"
    return {name: (path, out / path.name, data, std) for name, (path, data, std) in written.items()}


def _edited(data: pd.DataFrame) -> pd.DataFrame:
    """What a 督导 changes in 学校数据: a teaching point grows past 50, a school gets its 骨干教师."""
    data = data.copy()
    data.loc[data["name"] == "石门教学点", "primary_students"] = 55.0
    data.loc[data["name"] == "东街小学", "backbone_teachers"] = 6.0
    return data


def _edit_inputs(path: Path, out: Path) -> Path:
    """Make ``_edited``'s changes in the exported workbook's 学校数据 sheet, as a user would in Excel."""
    book = openpyxl.load_workbook(path)
    ws = book["学校数据"]
    header = {c.value: c.column for c in ws[1]}
    names = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(names["石门教学点"], header["小学在校生数（人）"], 55)
    ws.cell(names["东街小学"], header["县级以上骨干教师数（人）"], 6)
    book.save(out)
    return out


CASES = [
    "county_edited",
    "城关镇_quality_2017",
    "城关镇_basic_2012",
    "示例区_quality_2017",
    "示例区_basic_2012",
    "county_quality_2017",
    "county_basic_2012",
    "zero_quality_2017",
    "sparse_quality_2017",
    "county_province",
]


@pytest.mark.parametrize("case", CASES)
def test_every_formula_cell_recalculates_to_the_engines_figure(recalculated, case):
    original, recalc, data, standard = recalculated[case]
    evaluation = evaluate(data, standard)
    formulas = _formula_cells(original)
    cached = openpyxl.load_workbook(original, data_only=True)
    assert all(cached[s][c].value is None for s, c in formulas), "公式单元格不应带缓存值"
    expected = _expected(openpyxl.load_workbook(original), data, standard, evaluation)
    values = openpyxl.load_workbook(recalc, data_only=True)
    assert set(expected) == formulas  # every formula cell is compared, and only formula cells
    wrong = [
        (s, c, values[s][c].value, want)
        for (s, c), want in expected.items()
        if not _same(values[s][c].value, want)
    ]
    assert wrong == [], wrong[:10]


def test_formula_like_text_stays_text_after_recalculation(recalculated):
    _, recalc, _, _ = recalculated["county_quality_2017"]
    book = openpyxl.load_workbook(recalc, data_only=True)
    names = [c.value for c in book["学校数据"]["B"]][1:]
    assert names[:3] == ['=HYPERLINK("http://x","点我")', "东街小学", "+西村小学"]
    assert book["指标计算"]["B2"].value == '=HYPERLINK("http://x","点我")'


def _formula_cells(path: Path) -> set[tuple[str, str]]:
    book = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def _same(got: object, want: object) -> bool:
    if isinstance(want, float | int) and not isinstance(want, bool):
        return isinstance(got, float | int) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    return (got if got is not None else "") == want


def _expected(book, data: pd.DataFrame, standard, evaluation) -> dict[tuple[str, str], object]:
    """The engine's figure for every calculated cell, located by the sheets' headers and labels."""
    out: dict[tuple[str, str], object] = {}
    data = data.reset_index(drop=True)
    excluded = {e.row: e.reason for e in evaluation.excluded}
    scope = book["评估范围"]
    cols = _columns(scope, 1)
    for i in range(len(data)):
        r = i + 2
        row = int(data.at[i, "row"])
        students = sum(np.nan_to_num(float(data.at[i, k])) for k in ("primary_students", "junior_students"))
        for header, value in (
            ("原表行号", row),
            ("学校名称", data.at[i, "name"]),
            ("办学类型", data.at[i, "school_type"]),
            ("举办者", data.at[i, "ownership"]),
            ("义务教育在校生数（人）", students),
            ("是否参评（1=参评）", 0 if row in excluded else 1),
            ("不参评原因", excluded.get(row, "")),
        ):
            out[("评估范围", f"{cols[header]}{r}")] = value

    # Per school-stage figures from the engine's own 拆分 and indicator code over every school (scope
    # is the sheet's to apply); verdicts from the evaluation itself.
    every = split_stages(data, standard)
    values = indicator_values(
        net_resources(every, standard),
        every["students"].to_numpy(float),
        np.array([i.scale for i in standard.indicators]),
    )
    judged = evaluation.table.set_index(["row", "stage"])
    by_key = {(int(r), str(s)): k for k, (r, s) in enumerate(zip(every["row"], every["stage"], strict=True))}
    ws = book["指标计算"]
    cols = _columns(ws, 1)
    headers = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    short = {i.key: i.short for i in standard.indicators}
    stage_counts: dict[str, int] = {}
    for r in range(2, ws.max_row + 1):
        row = int(_input_value(book, ws.cell(r, 1).value))
        stage = STAGE_LABELS[ws.cell(r, 4).value]
        k = by_key.pop((row, stage))
        item = every.iloc[k]
        in_scope = (row, stage) in judged.index
        stage_counts[stage] = stage_counts.get(stage, 0) + 1

        def put(header: str, value: object, r: int = r) -> None:
            out[("指标计算", f"{cols[header]}{r}")] = value

        put("原表行号", row)
        put("学校名称", item["name"])
        put("办学类型", item["school_type"])
        put("是否参评（1=参评）", 1 if in_scope else 0)
        put("在校生数（人）", float(item["students"]))
        put("计权学生数（人）", float(item["students"]) if in_scope else 0.0)
        weights = standard.split_weights.get(item["school_type"], {})
        if stage in weights:
            put("折合学生数（人）", weights[stage] * float(item["students"]) / float(item["share"]))
            put("拆分系数", float(item["share"]))
        for header, c in headers.items():
            for key in {
                *standard.split_columns,
                "teachers",
                "teachers_above_degree",
                "teachers_mid_title",
                "backbone_teachers",
                "pe_art_teachers",
            }:
                if header.startswith(_column_header(key) + "（") and (
                    "拆分后" in header or "本学段" in header
                ):
                    out[("指标计算", f"{openpyxl.utils.get_column_letter(c)}{r}")] = float(item[key])
        for j, ind in enumerate(standard.indicators):
            put(f"{ind.name}（{ind.unit}）", float(values[k, j]))
        if standard.has_school_thresholds:
            t = np.array([ind.thresholds[stage] for ind in standard.indicators])
            put("达标项数（项）", int((values[k] >= t * (1 - 1e-9)).sum()))
            put("最低达成率", float((values[k] / t).min()))
            if in_scope:
                school = judged.loc[(row, stage)]
                unmet = [key for key in standard.keys if not school[f"{key}_met"]]
                put("未达标指标", "、".join(short[key] for key in unmet))
                put("学校结论", "达标" if school["passed"] else "未达标")
            else:
                put("未达标指标", "")
                put("学校结论", "不参评")
            for ind in standard.indicators:
                gap = float(school[f"{ind.key}_shortfall"]) if in_scope else ""
                put(f"差距：{ind.short}（{ind.gap_unit}）", gap)
    assert by_key == {}, f"工作簿缺少这些学校学段：{by_key}"
    _expected_cv(book["差异系数"], standard, evaluation, stage_counts, out)
    if "政府保障" in book.sheetnames:
        _expected_guarantees(book["政府保障"], data, standard, evaluation, excluded, out)
    return out


def _expected_guarantees(ws, data, standard, evaluation, excluded, out) -> None:
    """Every school row: each item's value, limit and verdict where metrics.guarantees checks it, else
    empty; the 班额 band from the standard's 大班额/超大班额 floors."""
    cols = _columns(ws, 1)
    checks = {(int(r["row"]), str(r["item"])): r for r in evaluation.guarantee_table.to_dict("records")}
    items = sorted({h.split("：")[0] for h in cols if "：" in h})
    bands = standard.guarantees["class_size"]
    for i in range(len(data)):
        r, row = i + 2, int(data.at[i, "row"])
        out[("政府保障", f"{cols['原表行号']}{r}")] = row
        out[("政府保障", f"{cols['学校名称']}{r}")] = data.at[i, "name"]
        out[("政府保障", f"{cols['是否参评（1=参评）']}{r}")] = 0 if row in excluded else 1
        for item in items:
            check = checks.get((row, item))
            unit = "间" if item.endswith("教室") else "人"
            value = float(check["value"]) if check else ""
            out[("政府保障", f"{cols[f'{item}：现状（{unit}）']}{r}")] = value
            out[("政府保障", f"{cols[f'{item}：标准（{unit}）']}{r}")] = (
                float(check["limit"]) if check else ""
            )
            verdict = ("达标" if check["met"] else "未达标") if check else ""
            out[("政府保障", f"{cols[f'{item}：结论']}{r}")] = verdict
            if item == "班额":
                band = (
                    ""
                    if not check
                    else "超大班额"
                    if value >= bands["super_large"]
                    else "大班额"
                    if value >= bands["large"]
                    else ""
                )
                out[("政府保障", f"{cols['班额：等级']}{r}")] = band


def _expected_cv(ws, standard, evaluation, stage_counts, out) -> None:
    cols = _columns(ws, 4)
    names = {i.name: i.key for i in standard.indicators}
    for r in range(5, ws.max_row + 1):
        label, what = ws.cell(r, 1).value, ws.cell(r, 2).value
        if label is None:
            continue
        stage = STAGE_LABELS[label]
        result = evaluation.stages.get(stage)
        limit = standard.cv_limits[stage]

        def put(header: str, value: object, r: int = r) -> None:
            out[("差异系数", f"{cols[header]}{r}")] = value

        if what in names:
            key = names[what]
            schools = result.schools if result else 0
            put("参评学校数（所）", schools)
            put("参评学生数（人）", result.students if result else 0)
            put("限值", limit)
            if result is None:
                put("加权平均值 X̄", "无参评学校")
                put("加权标准差 S", "—")
                put("差异系数 CV", "—")
                put("判定", "—")
                continue
            mean, cv = result.means[key], result.cv[key]
            put("加权平均值 X̄", mean)
            put("加权标准差 S", cv * mean if cv is not None else 0.0)
            put("差异系数 CV", cv if cv is not None else "均值为0，无法计算")
            put("判定", "—" if cv is None else ("达标" if cv <= limit else "未达标"))
        elif what.startswith("综合差异系数"):
            composite = result.composite_cv if result else None
            put("差异系数 CV", composite if composite is not None else "—")
            put("限值", limit)
            if standard.cv_rule == "composite":
                put("判定", "达标" if composite is not None and composite <= limit else "未达标")
        elif what == "学段差异系数结论":
            put("判定", "—" if result is None else ("达标" if result.passed else "未达标"))
        elif what.startswith("学校达标："):
            passed = [s.passed for s in evaluation.schools if s.stage == stage]
            counts = {"参评": len(passed), "达标": sum(passed), "未达标": len(passed) - sum(passed)}
            put("参评学校数（所）", counts[what.removeprefix("学校达标：").split("学校")[0]])
        else:
            raise AssertionError(f"差异系数表中未预期的行：{what}")
    assert set(stage_counts) >= set(evaluation.stages)


def _columns(ws, header_row: int) -> dict[str, str]:
    return {
        ws.cell(header_row, c).value: openpyxl.utils.get_column_letter(c)
        for c in range(1, ws.max_column + 1)
        if ws.cell(header_row, c).value
    }


def _column_header(key: str) -> str:
    return BY_KEY[key].header


def _input_value(book, formula: str) -> object:
    """The 学校数据 cell a plain reference formula (``='学校数据'!A5``) points to."""
    sheet, cell = formula.lstrip("=").split("!")
    return book[sheet.strip("'")][cell].value


# --- without LibreOffice ---------------------------------------------------------------------------


def _book(data: pd.DataFrame, key: str = "quality_2017"):
    standard = load_standard(key)
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(evaluate(data, standard), data, standard)))


def test_input_sheet_keeps_numbers_as_numbers_with_units_in_headers():
    data = load_schools(SAMPLES / "城关镇.xlsx").frame
    ws = _book(data)["学校数据"]
    headers = [c.value for c in ws[1]]
    assert "教学仪器设备值（万元）" in headers and "小学在校生数（人）" in headers
    col = headers.index("教学仪器设备值（万元）") + 1
    assert ws.cell(2, col).value == pytest.approx(float(data.at[0, "equipment_value"]))
    assert all(
        isinstance(cell.value, int | float)
        for row in ws.iter_rows(min_row=2, min_col=7)
        for cell in row
        if cell.value is not None
    )


def test_formula_like_input_text_is_stored_as_text():
    ws = _book(county_frame())["学校数据"]
    cells = [ws["B2"], ws["B4"], ws["F4"]]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x","点我")', "+西村小学", "-乡村"]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_split_ratios_and_thresholds_are_read_from_the_standard_file(tmp_path):
    standard = load_standard(changed_standard(tmp_path))
    data = county_frame()
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(evaluate(data, standard), data, standard)))
    params = [[c.value for c in row] for row in book["标准参数"].iter_rows()]
    assert params[[r[0] for r in params].index("九年一贯制学校")][:3] == ["九年一贯制学校", 1, 1.4]
    formulas = " ".join(str(c.value) for row in book["指标计算"].iter_rows() for c in row)
    assert "1.4" not in formulas and "1.1" not in formulas and "5.8" not in formulas


def test_unmet_indicator_cells_are_red_by_conditional_formatting():
    ws = _book(county_frame())["指标计算"]
    rules = [(str(rng.sqref), rule.formula[0]) for rng in ws.conditional_formatting for rule in rng.rules]
    header = {c.value: c.column_letter for c in ws[1]}
    space = header["生均教学及辅助用房面积（㎡）"]
    assert any(sqref.startswith(f"{space}2:") and "标准_小学_教学及辅助用房" in f for sqref, f in rules)


def test_notes_name_the_data_year_the_page_chose_and_show_no_evidence_tags():
    data = county_frame().drop(columns="year", errors="ignore")
    standard = load_standard("quality_2017")
    book = openpyxl.load_workbook(
        io.BytesIO(workbook_bytes(evaluate(data, standard), data, standard, data_year=2025))
    )
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if r[0]}
    assert notes["统计年度"] == "2025年度"
    # the standard's YAML tags its sources [V]/[S]/[M] for maintainers: no reader sees them
    every = " ".join(
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )
    assert "[V" not in every and "[S" not in every and "[M" not in every
    assert "6项），余项不低于要求的85%（85%，各地口径可能不同）" in every


def test_file_name_names_the_standard():
    assert (
        workbook_filename(load_standard("basic_2012"), "城关镇")
        == "城关镇均衡发展审计工作簿（基本均衡）.xlsx"
    )


def test_command_line_writes_the_workbook(tmp_path, capsys):
    from planner.__main__ import main

    out = tmp_path / "审计.xlsx"
    args = ["workbook", str(SAMPLES / "城关镇.xlsx"), "--standard", "basic_2012", "--out", str(out)]
    assert main([*args, "--region", "城关镇"]) == 0
    assert "已生成审计工作簿" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["说明", "学校数据", "标准参数", "评估范围", "指标计算", "差异系数", "政府保障"]
    assert book["说明"]["A1"].value == "城关镇义务教育均衡发展指标审计工作簿"
    assert book["说明"]["B4"].value == "2024年度"


def test_command_line_names_an_unknown_standard_in_chinese(tmp_path, capsys):
    from planner.__main__ import main

    args = [
        "workbook",
        str(SAMPLES / "城关镇.xlsx"),
        "--standard",
        "北京2030",
        "--out",
        str(tmp_path / "a.xlsx"),
    ]
    assert main(args) == 2
    assert "找不到评估标准「北京2030」" in capsys.readouterr().err


def test_an_input_edited_in_the_workbook_flows_through_to_scope_and_verdicts(recalculated):
    before = openpyxl.load_workbook(recalculated["county_quality_2017"][1], data_only=True)
    after = openpyxl.load_workbook(recalculated["county_edited"][1], data_only=True)
    row = next(r for r in range(2, 20) if before["评估范围"].cell(r, 2).value == "石门教学点")
    assert (before["评估范围"].cell(row, 6).value, after["评估范围"].cell(row, 6).value) == (0, 1)
    header = {c.value: c.column for c in after["指标计算"][1]}
    east = next(r for r in range(2, 20) if after["指标计算"].cell(r, 2).value == "东街小学")
    unmet = header["未达标指标"]
    assert "骨干教师" in before["指标计算"].cell(east, unmet).value
    assert "骨干教师" not in (after["指标计算"].cell(east, unmet).value or "")


def test_gaps_are_what_must_be_added_in_the_upload_units(recalculated):
    # 东街小学, 600 students: 2000 ㎡ vs 4.5·600 = 2700 ㎡ (700 short); 2 骨干 vs 1/百生 → 6 (4 short)
    ws = openpyxl.load_workbook(recalculated["county_quality_2017"][1], data_only=True)["指标计算"]
    header = {c.value: c.column for c in ws[1]}
    east = next(r for r in range(2, 20) if ws.cell(r, 2).value == "东街小学")
    assert ws.cell(east, header["差距：教学及辅助用房（㎡）"]).value == pytest.approx(700)
    assert ws.cell(east, header["差距：骨干教师（人）"]).value == 4
    assert ws.cell(east, header["差距：教学仪器设备（万元）"]).value == 0


def test_guarantee_items_flag_big_classes_and_missing_rooms(recalculated):
    # 东街小学: 最大班额58 (大班额, limit 45); 600 students in 13 classes → 2 music rooms needed, 1 present
    ws = openpyxl.load_workbook(recalculated["county_quality_2017"][1], data_only=True)["政府保障"]
    header = {c.value: c.column for c in ws[1]}
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    east, county = rows["东街小学"], rows["县一中"]
    assert [
        ws.cell(east, header[h]).value for h in ("班额：现状（人）", "班额：标准（人）", "班额：等级")
    ] == [
        58,
        45,
        "大班额",
    ]
    assert ws.cell(county, header["班额：等级"]).value == "超大班额"
    music = [ws.cell(east, header[f"音乐专用教室：{h}"]).value for h in ("现状（间）", "标准（间）", "结论")]
    assert music == [1, 2, "未达标"]
    assert ws.cell(east, header["美术专用教室：结论"]).value == "达标"


def test_command_line_asks_for_the_data_year_when_the_file_has_none(tmp_path, capsys):
    import pandas as pd

    from planner.__main__ import main

    rows = pd.read_excel(SAMPLES / "城关镇.xlsx")
    no_year = tmp_path / "无年度.xlsx"
    rows.drop(columns=[c for c in rows.columns if "年度" in str(c)]).to_excel(no_year, index=False)
    out = tmp_path / "审计.xlsx"
    args = ["workbook", str(no_year), "--standard", "basic_2012", "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "无年度.xlsx：无法确定统计年度" in err and "--data-year" in err
    assert not out.exists()
    # given, it is the year every sheet names (never 未注明)
    assert main([*args, "--data-year", "2025"]) == 0
    assert openpyxl.load_workbook(out)["说明"]["B4"].value == "2025年度"
