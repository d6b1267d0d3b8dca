"""Check an uploaded school table cell by cell and row by row; every finding is a Chinese Problem.

The loader hands over the raw cells (one row per school, columns = canonical keys) and the headers
as the user wrote them; this module parses numbers, normalises 办学类型 / 举办者, and collects ALL
problems at once so that one upload shows everything to fix.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.columns import BY_KEY, COLUMNS, COMBINED_TYPES, SCHOOL_TYPES

__all__ = [
    "OUTLIER_FACTOR",
    "OWNERSHIP_ALIASES",
    "SCHOOL_TYPE_ALIASES",
    "DataError",
    "Problem",
    "check_table",
    "normalize_ownership",
    "normalize_school_type",
    "parse_number",
]

OUTLIER_FACTOR = 10.0
"""A 生均 value this many times above (or below 1/this of) the file's median is flagged."""
MIN_SCHOOLS_FOR_MEDIAN = 4
EQUIPMENT_YUAN_PER_STUDENT_MAX = 100_000.0
"""Above this 元 per student the 万元 column was most likely filled in 元."""
AREA_PER_STUDENT_MIN = 0.05
"""Below this ㎡ per student an area column was most likely filled in 万㎡."""

TEACHER_PARTS = ("teachers_above_degree", "teachers_mid_title", "backbone_teachers", "pe_art_teachers")
JUNIOR_TEACHER_KEYS = (
    "junior_teachers",
    "junior_teachers_above_degree",
    "junior_teachers_mid_title",
    "junior_backbone_teachers",
    "junior_pe_art_teachers",
)
STAGE_STUDENTS = {"primary": "primary_students", "junior": "junior_students"}
STAGE_CLASSES = {"primary": "primary_classes", "junior": "junior_classes"}
STAGE_NAMES = {"primary": "小学", "junior": "初中"}
SENIOR_TYPES = ("完全中学", "十二年一贯制学校")
TOTAL_ROW_NAMES = ("合计", "总计", "小计", "全镇合计", "全区合计", "全县合计")

SCHOOL_TYPE_ALIASES: dict[str, str] = {
    **{t: t for t in SCHOOL_TYPES},
    "完全小学": "小学", "完小": "小学", "中心小学": "小学", "村小": "小学", "村小学": "小学",
    "村级小学": "小学", "非完全小学": "小学", "普通小学": "小学",
    "初中": "初级中学", "独立初中": "初级中学", "独立设置初中": "初级中学", "普通初中": "初级中学",
    "九年一贯制": "九年一贯制学校", "九年制学校": "九年一贯制学校", "九年制": "九年一贯制学校",
    "完中": "完全中学",
    "十二年一贯制": "十二年一贯制学校", "十二年制学校": "十二年一贯制学校", "十二年制": "十二年一贯制学校",
    "小学教学点": "教学点", "村教学点": "教学点",
}
OWNERSHIP_ALIASES: dict[str, str] = {
    "公办": "公办", "公办学校": "公办", "公立": "公办", "教育部门": "公办", "地方教育部门": "公办",
    "民办": "民办", "民办学校": "民办", "私立": "民办", "民办教育": "民办",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in an upload, located the way the user sees the file."""

    file: str
    row: int | None
    column: str | None
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行"
        if self.column:
            where += f"「{self.column}」"
        return f"{where}：{self.message}"


class DataError(Exception):
    """The upload cannot be used: at least one error. Carries every problem, warnings included."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def report(self) -> str:
        """A header line with the counts, then one numbered line per problem (errors first)."""
        errors = [p for p in self.problems if p.level == "error"]
        warnings = [p for p in self.problems if p.level != "error"]
        head = f"数据有 {len(errors)} 处错误"
        head += f"、{len(warnings)} 处提示" if warnings else ""
        head += "，请修改后重新上传："
        lines = [head]
        for i, p in enumerate([*errors, *warnings], start=1):
            tag = "错误" if p.level == "error" else "提示"
            lines.append(f"{i}.【{tag}】{p}")
        return "\n".join(lines)


def parse_number(value: object) -> tuple[float | None, bool]:
    """Read one numeric cell: (number or None for blank, ok). Text that is no number gives ok=False.

    Full-width digits, thousands separators and surrounding spaces are accepted; "-", "—", "/"
    count as blank.

    >>> parse_number("１,２３４ ")
    (1234.0, True)
    >>> parse_number("二十")
    (None, False)
    >>> parse_number(None)
    (None, True)
    """
    if value is None:
        return None, True
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        return None, False
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return None, True
        return (number, True) if math.isfinite(number) else (None, False)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    if text in ("", "-", "—", "–", "/", "--", "——"):
        return None, True
    try:
        number = float(text)
    except ValueError:
        return None, False
    return (number, True) if math.isfinite(number) else (None, False)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def normalize_school_type(value: str) -> str | None:
    """The canonical 办学类型 for a spelling variant, or None when it is not a known type.

    >>> normalize_school_type("九年一贯制"), normalize_school_type("完中"), normalize_school_type("村小")
    ('九年一贯制学校', '完全中学', '小学')
    """
    return SCHOOL_TYPE_ALIASES.get(value.replace(" ", ""))


def normalize_ownership(value: str) -> str | None:
    """'公办' / '民办' for a spelling variant, or None."""
    return OWNERSHIP_ALIASES.get(value.replace(" ", ""))


def _show(value: object) -> str:
    if isinstance(value, dt.datetime):
        return f"日期 {value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"日期 {value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


class _Collector:
    def __init__(self, file: str, headers: dict[str, str]):
        self.file = file
        self.headers = headers
        self.problems: list[Problem] = []

    def column(self, key: str) -> str:
        return self.headers.get(key, BY_KEY[key].header)

    def add(self, row: int | None, key: str | None, message: str, level: str = "error") -> None:
        column = self.column(key) if key else None
        self.problems.append(Problem(self.file, row, column, message, level))


def check_table(
    raw: pd.DataFrame, rows: list[int], headers: dict[str, str], file: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check the raw cells; return (clean frame, problems).

    ``raw`` holds the cells as read (object dtype), one column per mapped canonical key;
    ``rows`` the Excel row of each; ``headers`` maps key -> header as written in the file. The
    frame has every canonical key (numeric float64, text str with '' for blank) plus ``row``.
    """
    out = _Collector(file, headers)
    present = set(raw.columns)
    for col in COLUMNS:
        if col.required == "yes" and col.key not in present:
            out.add(None, col.key, f"缺少必填列「{col.header}」，请按模板添加这一列。")

    n = len(raw)
    data: dict[str, object] = {}
    for col in COLUMNS:
        cells = raw[col.key].tolist() if col.key in present else [None] * n
        if col.numeric:
            values = np.full(n, np.nan)
            for i, cell in enumerate(cells):
                number, ok = parse_number(cell)
                if not ok:
                    unit = f"（单位：{col.unit}）" if col.unit else ""
                    out.add(rows[i], col.key, f"应为数字{unit}，实际为“{_show(cell)}”。")
                    continue
                if number is None:
                    continue
                if number < 0:
                    out.add(rows[i], col.key, f"不能为负数，实际为 {_fmt(number)}。")
                    continue
                if col.integer and not float(number).is_integer():
                    out.add(rows[i], col.key, f"应为整数，实际为 {_fmt(number)}。")
                    continue
                values[i] = number
            if col.key == "gym_area":
                values = np.nan_to_num(values, nan=0.0)
            data[col.key] = values
        else:
            data[col.key] = [_text(c) for c in cells]
    frame = pd.DataFrame(data)
    frame = frame.astype({c.key: "float64" for c in COLUMNS if c.numeric})
    frame = frame.astype({c.key: "str" for c in COLUMNS if not c.numeric})
    frame["row"] = np.asarray(rows, dtype="int64")

    _check_text_columns(frame, out, present)
    _check_rows(frame, out, present)
    _check_duplicates(frame, out)
    _check_plausibility(frame, out)
    return frame, out.problems


def _check_text_columns(frame: pd.DataFrame, out: _Collector, present: set[str]) -> None:
    for i in range(len(frame)):
        row = int(frame.at[i, "row"])
        if "name" in present and not frame.at[i, "name"]:
            out.add(row, "name", "学校名称不能为空。")
        if "school_type" in present:
            value = frame.at[i, "school_type"]
            canonical = normalize_school_type(value) if value else None
            if not value:
                out.add(row, "school_type", "办学类型不能为空，应为" + _type_list() + "。")
            elif canonical is None:
                out.add(row, "school_type",
                        f"无法识别的办学类型“{value}”，应为{_type_list()}"
                        "（特殊教育、职业、高中等学校不属于义务教育均衡评估，请删去该行）。")
            else:
                frame.at[i, "school_type"] = canonical
        if "ownership" in present:
            value = frame.at[i, "ownership"]
            canonical = normalize_ownership(value) if value else None
            if canonical is None:
                shown = f"，实际为“{value}”" if value else ""
                out.add(row, "ownership", f"应为「公办」或「民办」{shown}。")
            else:
                frame.at[i, "ownership"] = canonical


def _type_list() -> str:
    return "、".join(f"「{t}」" for t in SCHOOL_TYPES)


def _blank(frame: pd.DataFrame, key: str, i: int) -> bool:
    return bool(np.isnan(frame.at[i, key]))


def _check_rows(frame: pd.DataFrame, out: _Collector, present: set[str]) -> None:
    required_numeric = [c.key for c in COLUMNS if c.numeric and c.required == "yes"]
    for i in range(len(frame)):
        row = int(frame.at[i, "row"])
        school_type = frame.at[i, "school_type"]
        stages = SCHOOL_TYPES.get(school_type)
        for key in required_numeric:
            if key in present and _blank(frame, key, i) and not _bad_cell(out, row, key):
                out.add(row, key, "不能为空，应填写数字（没有请填 0）。")
        if stages is not None:
            _check_stages(frame, out, present, i, row, school_type, stages)
        _check_parts(frame, out, i, row, school_type)


def _bad_cell(out: _Collector, row: int, key: str) -> bool:
    """True when the cell already has an error (text, negative ...): say one thing per cell."""
    column = out.column(key)
    return any(p.row == row and p.column == column for p in out.problems)


def _check_stages(
    frame: pd.DataFrame, out: _Collector, present: set[str], i: int, row: int,
    school_type: str, stages: tuple[str, ...],
) -> None:
    name = frame.at[i, "name"] or "该校"
    students = {s: frame.at[i, STAGE_STUDENTS[s]] for s in STAGE_STUDENTS}
    own = [students[s] for s in stages if not np.isnan(students[s])]
    if not any(v > 0 for v in own):
        wanted = "、".join(f"「{BY_KEY[STAGE_STUDENTS[s]].header}」" for s in stages)
        if not any(_bad_cell(out, row, STAGE_STUDENTS[s]) for s in stages):
            out.add(row, STAGE_STUDENTS[stages[0]],
                    f"{name}（{school_type}）没有在校生：{wanted}为空或为 0，请填写在校生数。")
    for stage, key in STAGE_STUDENTS.items():
        value = students[stage]
        if stage not in stages and not np.isnan(value) and value > 0:
            out.add(row, key,
                    f"{school_type}没有{STAGE_NAMES[stage]}学段，却填了 {_fmt(value)} 名"
                    f"{STAGE_NAMES[stage]}在校生；计算时不计入，请核对办学类型。", "warning")
    senior = frame.at[i, "senior_students"]
    if school_type not in SENIOR_TYPES and not np.isnan(senior) and senior > 0:
        out.add(row, "senior_students",
                f"{school_type}没有高中学段，却填了 {_fmt(senior)} 名高中在校生；计算时不计入，"
                "请核对办学类型（有高中部的应为「完全中学」或「十二年一贯制学校」）。", "warning")
    if school_type in SENIOR_TYPES and np.isnan(senior) and not _bad_cell(out, row, "senior_students"):
        out.add(row, "senior_students",
                f"{school_type}须填写高中在校生数：校舍、设备要按初中、高中学生数拆分"
                "（没有高中生请填 0）。")
    if len(stages) == 2:
        for stage in stages:
            key = STAGE_STUDENTS[stage]
            if _bad_cell(out, row, key):
                continue
            if np.isnan(students[stage]):
                out.add(row, key, f"{school_type}须分别填写小学、初中在校生数，此格为空。")
            elif students[stage] == 0 and any(v > 0 for v in own):
                out.add(row, key, f"{school_type}的{STAGE_NAMES[stage]}在校生为 0，请核对。",
                        "warning")
    if school_type in COMBINED_TYPES and school_type != "完全中学":
        missing = [k for k in JUNIOR_TEACHER_KEYS if k not in present]
        for key in JUNIOR_TEACHER_KEYS:
            if key in present and _blank(frame, key, i) and not _bad_cell(out, row, key):
                out.add(row, key,
                        f"{school_type}须填写初中部教师数（小学部按“合计−初中部”计算），此格为空。")
        if missing and _first_combined(frame, i):
            names = "、".join(f"「{BY_KEY[k].header}」" for k in missing)
            out.add(None, missing[0],
                    f"文件中有{school_type}（第{row}行 {name}），但缺少初中部教师列：{names}；"
                    "一贯制学校的教师要分小学部、初中部计算，请按模板添加这些列。")
    for stage in stages:
        key = STAGE_CLASSES[stage]
        if not np.isnan(students[stage]) and students[stage] > 0 and _blank(frame, key, i) \
                and not _bad_cell(out, row, key):
            out.add(row, key, f"未填写{STAGE_NAMES[stage]}班数，无法检查音乐、美术专用教室配备。",
                    "warning")


def _first_combined(frame: pd.DataFrame, i: int) -> bool:
    """True for the first row of a 一贯制 school (a missing-column error is said once)."""
    types = frame["school_type"].tolist()[: i + 1]
    return sum(t in ("九年一贯制学校", "十二年一贯制学校") for t in types) == 1


def _check_parts(frame: pd.DataFrame, out: _Collector, i: int, row: int, school_type: str) -> None:
    total = frame.at[i, "teachers"]
    for key in TEACHER_PARTS:
        value = frame.at[i, key]
        if value > total:
            out.add(row, key, f"{_fmt(value)} 人，超过了专任教师总数 {_fmt(total)} 人；"
                              "应不大于「专任教师数」。")
    junior_total = frame.at[i, "junior_teachers"]
    for key in JUNIOR_TEACHER_KEYS[1:]:
        value = frame.at[i, key]
        if value > junior_total:
            out.add(row, key, f"{_fmt(value)} 人，超过了初中部专任教师数 {_fmt(junior_total)} 人。")
    for key, whole in zip(JUNIOR_TEACHER_KEYS, ("teachers", *TEACHER_PARTS), strict=True):
        value, limit = frame.at[i, key], frame.at[i, whole]
        if value > limit:
            out.add(row, key, f"初中部 {_fmt(value)} 人，超过了全校「{out.column(whole)}」"
                              f"{_fmt(limit)} 人；初中部是全校的一部分，应不大于全校数。")
    gym, rooms = frame.at[i, "gym_area"], frame.at[i, "teaching_rooms_area"]
    if gym > rooms:
        out.add(row, "gym_area", f"{_fmt(gym)} ㎡，大于教学及辅助用房面积 {_fmt(rooms)} ㎡；"
                                 "体育馆面积是教学及辅助用房的一部分，应不大于它。")


def _check_duplicates(frame: pd.DataFrame, out: _Collector) -> None:
    first: dict[tuple[str, float], int] = {}
    for i in range(len(frame)):
        name = frame.at[i, "name"]
        if not name:
            continue
        year = frame.at[i, "year"]
        key = (name.replace(" ", ""), -1.0 if np.isnan(year) else float(year))
        row = int(frame.at[i, "row"])
        if key in first:
            extra = "（同一统计年度）" if key[1] >= 0 else ""
            out.add(row, "name", f"学校“{name}”与第{first[key]}行重复{extra}；每所学校只能有一行。")
        else:
            first[key] = row


# (per-student quantity label, numerator key(s), scale, unit)
_PER_STUDENT = (
    ("生均教学及辅助用房面积", ("teaching_rooms_area",), 1.0, "㎡"),
    ("生均运动场地面积", ("sports_field_area",), 1.0, "㎡"),
    ("生均教学仪器设备值", ("equipment_value",), 10000.0, "元"),
    ("生均图书册数", ("books",), 1.0, "册"),
    ("每百名学生计算机台数", ("computers",), 100.0, "台"),
    ("每百名学生专任教师数", ("teachers",), 100.0, "人"),
)


def _check_plausibility(frame: pd.DataFrame, out: _Collector) -> None:
    """Warnings: likely unit mix-ups, and 生均 values 10× off the file's median."""
    students = frame[["primary_students", "junior_students", "senior_students"]].fillna(0).sum(axis=1)
    students = students.to_numpy(float)
    flagged: set[tuple[int, str]] = set()
    for i in range(len(frame)):
        if students[i] <= 0:
            continue
        row = int(frame.at[i, "row"])
        equipment = frame.at[i, "equipment_value"] * 10000 / students[i]
        if equipment > EQUIPMENT_YUAN_PER_STUDENT_MAX:
            out.add(row, "equipment_value",
                    f"折合生均 {equipment:,.0f} 元，远高于常见水平；本列单位是「万元」，"
                    "是否按「元」填写了？", "warning")
            flagged.add((i, "equipment_value"))
        for key in ("teaching_rooms_area", "sports_field_area"):
            area = frame.at[i, key] / students[i]
            if area < AREA_PER_STUDENT_MIN and frame.at[i, key] > 0:
                out.add(row, key, f"折合生均 {area:.4f} ㎡，远低于常见水平；本列单位是「㎡」，"
                                  "是否按「万㎡」填写了？", "warning")
                flagged.add((i, key))
    with_students = students > 0
    if with_students.sum() < MIN_SCHOOLS_FOR_MEDIAN:
        return
    for label, keys, scale, unit in _PER_STUDENT:
        key = keys[0]
        values = np.full(len(frame), np.nan)
        values[with_students] = frame[key].to_numpy(float)[with_students] * scale / students[with_students]
        median = float(np.nanmedian(values))
        if not median > 0:
            continue
        for i in np.flatnonzero(~np.isnan(values)):
            if (i, key) in flagged or values[i] == 0:
                continue
            ratio = values[i] / median
            if ratio >= OUTLIER_FACTOR or ratio <= 1 / OUTLIER_FACTOR:
                side = "高于" if ratio > 1 else "低于"
                out.add(int(frame.at[i, "row"]), key,
                        f"{label} {values[i]:,.2f} {unit}，{side}本文件中位数 {median:,.2f} {unit}的"
                        f"{'十倍' if ratio > 1 else '十分之一'}，请核对数据或单位。", "warning")
