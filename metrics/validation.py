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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.columns import BY_KEY, COLUMNS, COMBINED_TYPES, SCHOOL_TYPES, Column
from metrics.limits import LIMITS

__all__ = [
    "OUTLIER_FACTOR",
    "OWNERSHIP_ALIASES",
    "SCHOOL_TYPE_ALIASES",
    "DataError",
    "Problem",
    "check_table",
    "keep_reportable",
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
    "完全小学": "小学",
    "完小": "小学",
    "中心小学": "小学",
    "村小": "小学",
    "村小学": "小学",
    "村级小学": "小学",
    "非完全小学": "小学",
    "普通小学": "小学",
    "初中": "初级中学",
    "独立初中": "初级中学",
    "独立设置初中": "初级中学",
    "普通初中": "初级中学",
    "九年一贯制": "九年一贯制学校",
    "九年制学校": "九年一贯制学校",
    "九年制": "九年一贯制学校",
    "完中": "完全中学",
    "十二年一贯制": "十二年一贯制学校",
    "十二年制学校": "十二年一贯制学校",
    "十二年制": "十二年一贯制学校",
    "小学教学点": "教学点",
    "村教学点": "教学点",
}
OWNERSHIP_ALIASES: dict[str, str] = {
    "公办": "公办",
    "公办学校": "公办",
    "公立": "公办",
    "教育部门": "公办",
    "地方教育部门": "公办",
    "民办": "民办",
    "民办学校": "民办",
    "私立": "民办",
    "民办教育": "民办",
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
    """The upload cannot be used: at least one error. Carries the problems listed (at most
    metrics.limits' max_report_items, errors first) and how many more of each level were found."""

    def __init__(self, problems: list[Problem], omitted: dict[str, int] | None = None):
        self.problems = list(problems)
        self.omitted = {level: n for level, n in (omitted or {}).items() if n}
        super().__init__(self.report())

    def __reduce__(self):  # pickles whole (a worker process raises it in the page's process)
        return (DataError, (self.problems, self.omitted))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    def report(self) -> str:
        """A header line with the counts, one numbered line per listed problem (errors first), and a
        last line counting those not listed."""
        errors = [p for p in self.problems if p.level == "error"]
        warnings = [p for p in self.problems if p.level != "error"]
        more_errors, more_warnings = self.omitted.get("error", 0), self.omitted.get("warning", 0)
        head = f"数据有 {len(errors) + more_errors} 处错误"
        head += f"、{len(warnings) + more_warnings} 处提示" if warnings or more_warnings else ""
        head += "，请修改后重新上传："
        lines = [head]
        for i, p in enumerate([*errors, *warnings], start=1):
            tag = "错误" if p.level == "error" else "提示"
            lines.append(f"{i}.【{tag}】{p}")
        if more_errors or more_warnings:
            parts = [f"{n} 处{name}" for n, name in ((more_errors, "错误"), (more_warnings, "提示")) if n]
            lines.append(f"……另有{'、'.join(parts)}未列出：请先改正以上各处，再上传检查其余的。")
        return "\n".join(lines)


def keep_reportable(
    problems: list[Problem], omitted: dict[str, int], limit: int = LIMITS.max_report_items
) -> tuple[list[Problem], dict[str, int]]:
    """The first ``limit`` problems as a report lists them (errors by row, then warnings by row), and
    the counts of those left out, by level, added to ``omitted``."""
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level != "error"]
    kept_errors = errors[:limit]
    kept_warnings = warnings[: max(0, limit - len(kept_errors))]
    more = dict(omitted)
    more["error"] = more.get("error", 0) + len(errors) - len(kept_errors)
    more["warning"] = more.get("warning", 0) + len(warnings) - len(kept_warnings)
    kept = set(map(id, kept_errors + kept_warnings))
    return [p for p in problems if id(p) in kept], {k: v for k, v in more.items() if v}


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
    """Problems found. A report lists the first few hundred by row, so each check (a stream, which
    finds its problems in row order) keeps its first ``limit`` and only counts the rest: the report's
    first lines are all kept, and a file with millions of bad cells costs no more than one with few."""

    def __init__(self, file: str, headers: dict[str, str], limit: int = LIMITS.max_report_items):
        self.file = file
        self.headers = headers
        self.limit = limit
        self.problems: list[Problem] = []
        self.omitted: dict[str, int] = {}
        self._streams: dict[str, int] = {}

    def column(self, key: str) -> str:
        return self.headers.get(key, BY_KEY[key].header)

    def add(
        self, row: int | None, key: str | None, message: str, level: str = "error", stream: str = ""
    ) -> None:
        if stream:
            seen = self._streams.get(stream, 0)
            self._streams[stream] = seen + 1
            if seen >= self.limit:
                self.omit(level, 1)
                return
        column = self.column(key) if key else None
        self.problems.append(Problem(self.file, row, column, message, level))

    def full(self, stream: str) -> bool:
        """Whether ``stream`` has kept all it may (its next problems are only counted)."""
        return self._streams.get(stream, 0) >= self.limit

    def omit(self, level: str, count: int) -> None:
        self.omitted[level] = self.omitted.get(level, 0) + count


class _RowPass:
    """Checks that read one row at a time, run rule by rule as masks over whole columns.

    Each ``add`` is one rule: which rows break it and the message for such a row. ``flush`` hands
    the findings to the collector row by row, in rule order within a row, as a row loop would.
    """

    def __init__(self, out: _Collector, rows: np.ndarray):
        self.out = out
        self.rows = rows
        self.rule = 0
        self.found: list[tuple[int, int, int | None, str, str, str]] = []

    def add(self, mask: np.ndarray, key: str, message: Callable[[int], str], level: str = "error") -> None:
        self.rule += 1
        hits = np.flatnonzero(mask)
        if len(hits) > self.out.limit:  # the rest are counted, never worded
            self.out.omit(level, len(hits) - self.out.limit)
            hits = hits[: self.out.limit]
        for i in hits.tolist():
            self.found.append((i, self.rule, int(self.rows[i]), key, message(i), level))

    def add_without_row(self, i: int, key: str, message: str) -> None:
        """A file-level error, said once, in the place of row index ``i``."""
        self.rule += 1
        self.found.append((i, self.rule, None, key, message, "error"))

    def flush(self) -> None:
        for _, _, row, key, message, level in sorted(self.found, key=lambda f: (f[0], f[1])):
            self.out.add(row, key, message, level)


def check_table(
    raw: pd.DataFrame, rows: list[int], headers: dict[str, str], file: str
) -> tuple[pd.DataFrame, list[Problem], dict[str, int]]:
    """Parse and check the raw cells; return (clean frame, problems, count of problems not worded by
    level — see :class:`_Collector`).

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
    reported: dict[str, np.ndarray] = {}  # cells with a problem already: say one thing per cell
    for col in COLUMNS:
        cells = raw[col.key].tolist() if col.key in present else [None] * n
        if col.numeric:
            values, reported[col.key] = _check_numbers(cells, col, rows, out)
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
    _check_rows(frame, out, present, reported)
    _check_duplicates(frame, out)
    _check_plausibility(frame, out)
    return frame, out.problems, out.omitted


# Cells of these types that float() reads as a finite number, parse_number reads the same way.
_PLAIN_TYPES = frozenset({type(None), float, int, str, np.float64, np.int64})


def _check_numbers(
    cells: list[object], col: Column, rows: list[int], out: _Collector
) -> tuple[np.ndarray, np.ndarray]:
    """One numeric column: (values, NaN for blank or bad; mask of the cells reported as bad)."""
    values = _floats(cells)
    unreadable = np.zeros(len(cells), dtype=bool)
    # Only cells that gave no finite number need parse_number's full rules (blank words, "1,234" ...).
    for i in np.flatnonzero(~np.isfinite(values)).tolist():
        if cells[i] is None:
            continue
        number, ok = parse_number(cells[i])
        values[i] = np.nan if number is None else number
        unreadable[i] = not ok
    with np.errstate(invalid="ignore"):
        negative = ~unreadable & (values < 0)
        fraction = ~unreadable & ~negative & np.isfinite(values) & (values != np.floor(values))
    if not col.integer:
        fraction[:] = False
    bad = unreadable | negative | fraction
    unit = f"（单位：{col.unit}）" if col.unit else ""
    worded = np.flatnonzero(bad)
    if len(worded) > out.limit:
        out.omit("error", len(worded) - out.limit)
        worded = worded[: out.limit]
    for i in worded.tolist():
        if unreadable[i]:
            message = f"应为数字{unit}，实际为“{_show(cells[i])}”。"
        elif negative[i]:
            message = f"不能为负数，实际为 {_fmt(values[i])}。"
        else:
            message = f"应为整数，实际为 {_fmt(values[i])}。"
        out.add(rows[i], col.key, message)
    values[bad] = np.nan
    return values, bad


def _floats(cells: list[object]) -> np.ndarray:
    """Each cell as float() reads it, NaN where it cannot (blank, text, dates ...)."""
    if all(type(c) in _PLAIN_TYPES for c in cells):
        try:
            return np.array(cells, dtype=object).astype(float)
        except (ValueError, TypeError, OverflowError):
            pass
    return np.array([_float(c) for c in cells], dtype=float)


def _float(cell: object) -> float:
    if type(cell) not in _PLAIN_TYPES or cell is None:
        return math.nan
    try:
        return float(cell)  # type: ignore[arg-type]
    except (ValueError, OverflowError):
        return math.nan


def _check_text_columns(frame: pd.DataFrame, out: _Collector, present: set[str]) -> None:
    found = _RowPass(out, frame["row"].to_numpy())
    if "name" in present:
        found.add(frame["name"].eq("").to_numpy(), "name", lambda i: "学校名称不能为空。")
    if "school_type" in present:
        written = frame["school_type"]
        canonical = _canonical(written, normalize_school_type)
        blank = written.eq("").to_numpy()
        unknown = canonical.isna().to_numpy() & ~blank
        found.add(blank, "school_type", lambda i: "办学类型不能为空，应为" + _type_list() + "。")
        found.add(
            unknown,
            "school_type",
            lambda i: (
                f"无法识别的办学类型“{written.iat[i]}”，应为{_type_list()}"
                "（特殊教育、职业、高中等学校不属于义务教育均衡评估，请删去该行）。"
            ),
        )
        frame["school_type"] = canonical.where(canonical.notna(), written).astype(written.dtype)
    if "ownership" in present:
        written = frame["ownership"]
        canonical = _canonical(written, normalize_ownership)
        found.add(
            canonical.isna().to_numpy(),
            "ownership",
            lambda i: (
                "应为「公办」或「民办」" + (f"，实际为“{written.iat[i]}”" if written.iat[i] else "") + "。"
            ),
        )
        frame["ownership"] = canonical.where(canonical.notna(), written).astype(written.dtype)
    found.flush()


def _canonical(written: pd.Series, normalize: Callable[[str], str | None]) -> pd.Series:
    """The canonical spelling of each cell, NA where blank or unknown (one lookup per distinct value)."""
    lookup = {value: normalize(value) for value in written.unique() if value}
    return written.map(lookup).astype(object)


def _type_list() -> str:
    return "、".join(f"「{t}」" for t in SCHOOL_TYPES)


def _check_rows(
    frame: pd.DataFrame, out: _Collector, present: set[str], reported: dict[str, np.ndarray]
) -> None:
    found = _RowPass(out, frame["row"].to_numpy())
    num = {c.key: frame[c.key].to_numpy(float) for c in COLUMNS if c.numeric}
    blank = {key: np.isnan(values) for key, values in num.items()}
    for col in COLUMNS:
        if col.numeric and col.required == "yes" and col.key in present:
            found.add(
                blank[col.key] & ~reported[col.key], col.key, lambda i: "不能为空，应填写数字（没有请填 0）。"
            )
    _check_stages(found, frame, num, blank, reported, present)
    _check_parts(found, out, num)
    found.flush()


def _check_stages(
    found: _RowPass,
    frame: pd.DataFrame,
    num: dict[str, np.ndarray],
    blank: dict[str, np.ndarray],
    reported: dict[str, np.ndarray],
    present: set[str],
) -> None:
    """Students, classes and 初中部 teachers against the stages each school's type carries."""
    types = frame["school_type"].to_numpy(object)
    names = frame["name"].to_numpy(object)
    rows = frame["row"].to_numpy()
    known = np.isin(types, list(SCHOOL_TYPES))
    has = {
        s: np.isin(types, [t for t, stages in SCHOOL_TYPES.items() if s in stages]) for s in STAGE_STUDENTS
    }
    students = {s: num[key] for s, key in STAGE_STUDENTS.items()}
    with np.errstate(invalid="ignore"):
        positive = {s: students[s] > 0 for s in STAGE_STUDENTS}
    own_positive = (has["primary"] & positive["primary"]) | (has["junior"] & positive["junior"])
    own_reported = (has["primary"] & reported["primary_students"]) | (
        has["junior"] & reported["junior_students"]
    )

    def school(i: int) -> str:
        return names[i] or "该校"

    def stages_of(i: int) -> tuple[str, ...]:
        return SCHOOL_TYPES[types[i]]

    no_students = known & ~own_positive & ~own_reported
    first_stage = {"primary": has["primary"], "junior": has["junior"] & ~has["primary"]}
    for first, key in STAGE_STUDENTS.items():  # the error goes on the type's first stage
        found.add(
            no_students & first_stage[first],
            key,
            lambda i: (
                f"{school(i)}（{types[i]}）没有在校生："
                + "、".join(f"「{BY_KEY[STAGE_STUDENTS[s]].header}」" for s in stages_of(i))
                + "为空或为 0，请填写在校生数。"
            ),
        )
    for stage, key in STAGE_STUDENTS.items():
        found.add(
            known & ~has[stage] & positive[stage],
            key,
            lambda i, stage=stage: (
                f"{types[i]}没有{STAGE_NAMES[stage]}学段，却填了 "
                f"{_fmt(students[stage][i])} 名{STAGE_NAMES[stage]}在校生；"
                "计算时不计入，请核对办学类型。"
            ),
            "warning",
        )
    senior = num["senior_students"]
    has_senior = np.isin(types, SENIOR_TYPES)
    with np.errstate(invalid="ignore"):
        found.add(
            known & ~has_senior & (senior > 0),
            "senior_students",
            lambda i: (
                f"{types[i]}没有高中学段，却填了 {_fmt(senior[i])} 名高中在校生；计算时不计入，"
                "请核对办学类型（有高中部的应为「完全中学」或「十二年一贯制学校」）。"
            ),
            "warning",
        )
    found.add(
        has_senior & blank["senior_students"] & ~reported["senior_students"],
        "senior_students",
        lambda i: f"{types[i]}须填写高中在校生数：校舍、设备要按初中、高中学生数拆分（没有高中生请填 0）。",
    )
    both = has["primary"] & has["junior"]
    said = {
        "primary": reported["primary_students"] | (no_students & both),
        "junior": reported["junior_students"],
    }
    for stage, key in STAGE_STUDENTS.items():
        open_cell = both & ~said[stage]
        found.add(
            open_cell & blank[key], key, lambda i: f"{types[i]}须分别填写小学、初中在校生数，此格为空。"
        )
        found.add(
            open_cell & (students[stage] == 0) & own_positive,
            key,
            lambda i, stage=stage: f"{types[i]}的{STAGE_NAMES[stage]}在校生为 0，请核对。",
            "warning",
        )
    split = np.isin(types, [t for t in COMBINED_TYPES if t != "完全中学"])
    for key in JUNIOR_TEACHER_KEYS:
        if key in present:
            found.add(
                split & blank[key] & ~reported[key],
                key,
                lambda i: f"{types[i]}须填写初中部教师数（小学部按“合计−初中部”计算），此格为空。",
            )
    missing = [k for k in JUNIOR_TEACHER_KEYS if k not in present]
    if missing and split.any():
        i = int(np.flatnonzero(split)[0])
        listed = "、".join(f"「{BY_KEY[k].header}」" for k in missing)
        found.add_without_row(
            i,
            missing[0],
            f"文件中有{types[i]}（第{int(rows[i])}行 {school(i)}），但缺少初中部教师列：{listed}；"
            "一贯制学校的教师要分小学部、初中部计算，请按模板添加这些列。",
        )
    for stage, key in STAGE_CLASSES.items():
        found.add(
            has[stage] & positive[stage] & blank[key] & ~reported[key],
            key,
            lambda i, stage=stage: f"未填写{STAGE_NAMES[stage]}班数，无法检查音乐、美术专用教室配备。",
            "warning",
        )


def _check_parts(found: _RowPass, out: _Collector, num: dict[str, np.ndarray]) -> None:
    """A part (teachers of a kind, 初中部, gym) may not exceed its whole."""

    def exceeds(key: str, whole: str) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return num[key] > num[whole]

    for key in TEACHER_PARTS:
        found.add(
            exceeds(key, "teachers"),
            key,
            lambda i, key=key: (
                f"{_fmt(num[key][i])} 人，超过了专任教师总数 "
                f"{_fmt(num['teachers'][i])} 人；应不大于「专任教师数」。"
            ),
        )
    for key in JUNIOR_TEACHER_KEYS[1:]:
        found.add(
            exceeds(key, "junior_teachers"),
            key,
            lambda i, key=key: (
                f"{_fmt(num[key][i])} 人，超过了初中部专任教师数 {_fmt(num['junior_teachers'][i])} 人。"
            ),
        )
    for key, whole in zip(JUNIOR_TEACHER_KEYS, ("teachers", *TEACHER_PARTS), strict=True):
        found.add(
            exceeds(key, whole),
            key,
            lambda i, key=key, whole=whole: (
                f"初中部 {_fmt(num[key][i])} 人，超过了全校「{out.column(whole)}」"
                f"{_fmt(num[whole][i])} 人；初中部是全校的一部分，应不大于全校数。"
            ),
        )
    found.add(
        exceeds("gym_area", "teaching_rooms_area"),
        "gym_area",
        lambda i: (
            f"{_fmt(num['gym_area'][i])} ㎡，大于教学及辅助用房面积 "
            f"{_fmt(num['teaching_rooms_area'][i])} ㎡；"
            "体育馆面积是教学及辅助用房的一部分，应不大于它。"
        ),
    )


def _check_duplicates(frame: pd.DataFrame, out: _Collector) -> None:
    first: dict[tuple[str, float], int] = {}
    years = frame["year"].tolist()
    for name, year, row in zip(frame["name"].tolist(), years, frame["row"].tolist(), strict=True):
        if not name:
            continue
        key = (name.replace(" ", ""), -1.0 if math.isnan(year) else float(year))
        if key in first:
            extra = "（同一统计年度）" if key[1] >= 0 else ""
            message = f"学校“{name}”与第{first[key]}行重复{extra}；每所学校只能有一行。"
            out.add(row, "name", message, stream="duplicates")
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
    rows = frame["row"].to_numpy()
    with_students = students > 0
    divisor = np.where(with_students, students, 1.0)
    found = _RowPass(out, rows)
    flagged: dict[str, np.ndarray] = {}
    with np.errstate(invalid="ignore"):
        equipment = frame["equipment_value"].to_numpy(float) * 10000 / divisor
        flagged["equipment_value"] = with_students & (equipment > EQUIPMENT_YUAN_PER_STUDENT_MAX)
        found.add(
            flagged["equipment_value"],
            "equipment_value",
            lambda i: (
                f"折合生均 {float(equipment[i]):,.0f} 元，远高于常见水平；本列单位是「万元」，"
                "是否按「元」填写了？"
            ),
            "warning",
        )
        for key in ("teaching_rooms_area", "sports_field_area"):
            total = frame[key].to_numpy(float)
            area = total / divisor
            flagged[key] = with_students & (area < AREA_PER_STUDENT_MIN) & (total > 0)
            found.add(
                flagged[key],
                key,
                lambda i, area=area: (
                    f"折合生均 {float(area[i]):.4f} ㎡，远低于常见水平；"
                    "本列单位是「㎡」，是否按「万㎡」填写了？"
                ),
                "warning",
            )
    found.flush()
    if with_students.sum() < MIN_SCHOOLS_FOR_MEDIAN:
        return
    for label, keys, scale, unit in _PER_STUDENT:
        key = keys[0]
        values = np.full(len(frame), np.nan)
        values[with_students] = frame[key].to_numpy(float)[with_students] * scale / students[with_students]
        median = float(np.nanmedian(values))
        if not median > 0:
            continue
        ratio = values / median
        with np.errstate(invalid="ignore"):
            outlier = (ratio >= OUTLIER_FACTOR) | (ratio <= 1 / OUTLIER_FACTOR)
        outlier &= ~np.isnan(values) & (values != 0) & ~flagged.get(key, np.zeros(len(frame), dtype=bool))
        for i in np.flatnonzero(outlier).tolist():
            if out.full(label):
                out.add(int(rows[i]), key, "", "warning", stream=label)  # counted only
                continue
            side = "高于" if ratio[i] > 1 else "低于"
            out.add(
                int(rows[i]),
                key,
                f"{label} {float(values[i]):,.2f} {unit}，{side}本文件中位数 {median:,.2f} {unit}的"
                f"{'十倍' if ratio[i] > 1 else '十分之一'}，请核对数据或单位。",
                "warning",
                stream=label,
            )
