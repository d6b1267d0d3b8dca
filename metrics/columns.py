"""The canonical upload columns: key, Chinese header, unit and when each is required.

This is the single description of the upload format (shared/domain/upload_template.md); the loader,
the validator and the blank template all read it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "BY_KEY",
    "COLUMNS",
    "COMBINED_TYPES",
    "NUMERIC_KEYS",
    "SCHOOL_TYPES",
    "Column",
    "match_header",
    "normalize_header",
]


@dataclass(frozen=True)
class Column:
    """One upload column. ``required`` is 'yes', 'no' or a condition named in ``note``."""

    key: str
    header: str
    unit: str = ""
    required: str = "yes"
    numeric: bool = True
    integer: bool = False
    note: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "学校名称",
        required="yes",
        numeric=False,
        note="文件内唯一",
        aliases=("学校", "校名", "单位名称", "学校(机构)名称", "学校（机构）名称"),
    ),
    Column(
        "school_type",
        "办学类型",
        required="yes",
        numeric=False,
        note="小学 / 初级中学 / 九年一贯制学校 / 完全中学 / 十二年一贯制学校 / 教学点",
        aliases=("学校类型", "类型", "学校类别"),
    ),
    Column(
        "ownership",
        "举办者",
        required="yes",
        numeric=False,
        note="公办 / 民办",
        aliases=("办学性质", "举办者类型", "公办民办", "性质"),
    ),
    Column(
        "township",
        "所属乡镇",
        required="no",
        numeric=False,
        note="区/县方案按乡镇分组",
        aliases=("乡镇", "所在乡镇", "乡镇(街道)", "乡镇（街道）", "学区", "所属学区"),
    ),
    Column(
        "urban_rural",
        "城乡分类",
        required="no",
        numeric=False,
        note="城区 / 镇区 / 乡村",
        aliases=("城乡类型", "城乡", "城乡分类代码"),
    ),
    Column(
        "primary_students",
        "小学在校生数",
        "人",
        "有小学的学校",
        integer=True,
        aliases=("小学学生数", "小学生数", "小学在校学生数", "在校生数(小学)"),
    ),
    Column(
        "junior_students",
        "初中在校生数",
        "人",
        "有初中的学校",
        integer=True,
        aliases=("初中学生数", "初中生数", "初中在校学生数", "在校生数(初中)"),
    ),
    Column(
        "senior_students",
        "高中在校生数",
        "人",
        "完全中学、十二年一贯制",
        integer=True,
        note="仅用于拆分",
        aliases=("高中学生数", "高中生数", "高中在校学生数"),
    ),
    Column(
        "primary_classes",
        "小学班数",
        "个",
        "有小学的学校",
        integer=True,
        aliases=("小学教学班数", "小学班级数"),
    ),
    Column(
        "junior_classes",
        "初中班数",
        "个",
        "有初中的学校",
        integer=True,
        aliases=("初中教学班数", "初中班级数"),
    ),
    Column(
        "max_class_size", "最大班额", "人", "no", integer=True, aliases=("最大班级人数", "最大班级学生数")
    ),
    Column(
        "teachers",
        "专任教师数",
        "人",
        integer=True,
        note="仅义务教育学段（完全中学填初中部）",
        aliases=("专任教师", "专任教师人数"),
    ),
    Column(
        "teachers_above_degree",
        "高于规定学历专任教师数",
        "人",
        integer=True,
        note="小学专科及以上，初中本科及以上",
        aliases=("高于规定学历教师数", "高学历专任教师数", "高于规定学历的专任教师数"),
    ),
    Column(
        "teachers_mid_title",
        "中级及以上职称专任教师数",
        "人",
        integer=True,
        aliases=(
            "中级及以上专业技术职务教师数",
            "中级及以上职称教师数",
            "具有中级及以上专业技术职务专任教师数",
        ),
    ),
    Column(
        "backbone_teachers",
        "县级以上骨干教师数",
        "人",
        integer=True,
        note="来自骨干教师名册",
        aliases=("县级及以上骨干教师数", "骨干教师数"),
    ),
    Column(
        "pe_art_teachers",
        "体育艺术专任教师数",
        "人",
        integer=True,
        note="体育+音乐+美术",
        aliases=("体育、艺术专任教师数", "体育艺术（美术、音乐）专任教师数", "体艺专任教师数"),
    ),
    Column(
        "junior_teachers",
        "初中部专任教师数",
        "人",
        "九年一贯制、十二年一贯制",
        integer=True,
        note="上一列中初中部的部分；小学部=合计−初中部",
    ),
    Column("junior_teachers_above_degree", "初中部高于规定学历专任教师数", "人", "一贯制", integer=True),
    Column("junior_teachers_mid_title", "初中部中级及以上职称专任教师数", "人", "一贯制", integer=True),
    Column(
        "junior_backbone_teachers",
        "初中部县级以上骨干教师数",
        "人",
        "一贯制",
        integer=True,
        aliases=("初中部县级及以上骨干教师数",),
    ),
    Column("junior_pe_art_teachers", "初中部体育艺术专任教师数", "人", "一贯制", integer=True),
    Column(
        "teaching_rooms_area",
        "教学及辅助用房面积",
        "㎡",
        note="含体育馆",
        aliases=("教学及辅助用房", "教学辅助用房面积", "教学及教学辅助用房面积"),
    ),
    Column(
        "gym_area",
        "体育馆面积",
        "㎡",
        "no",
        note="上一列中体育馆的部分，缺省为0",
        aliases=("室内体育馆面积", "风雨操场面积"),
    ),
    Column("sports_field_area", "运动场地面积", "㎡", aliases=("体育运动场地面积", "运动场面积")),
    Column(
        "equipment_value",
        "教学仪器设备值",
        "万元",
        note="账面原值",
        aliases=("教学仪器设备资产值", "教学仪器设备总值", "仪器设备值"),
    ),
    Column(
        "computers",
        "计算机台数",
        "台",
        integer=True,
        aliases=("计算机数", "教学用计算机台数", "教学用计算机"),
    ),
    Column("books", "图书册数", "册", integer=True, aliases=("图书", "图书藏量", "纸质图书册数")),
    Column(
        "multimedia_rooms", "网络多媒体教室数", "间", integer=True, aliases=("多媒体教室数", "网络多媒体教室")
    ),
    Column("music_rooms", "音乐专用教室数", "间", "no", integer=True, aliases=("音乐教室数",)),
    Column("art_rooms", "美术专用教室数", "间", "no", integer=True, aliases=("美术教室数",)),
    Column("year", "统计年度", "", "no", integer=True, aliases=("年度", "统计年份", "年份")),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
NUMERIC_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.numeric)

# 办学类型 values and the stages each carries.
SCHOOL_TYPES: dict[str, tuple[str, ...]] = {
    "小学": ("primary",),
    "初级中学": ("junior",),
    "九年一贯制学校": ("primary", "junior"),
    "完全中学": ("junior",),
    "十二年一贯制学校": ("primary", "junior"),
    "教学点": ("primary",),
}
COMBINED_TYPES = ("九年一贯制学校", "完全中学", "十二年一贯制学校")

_UNIT_SUFFIX = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]\s*$")
_SPACES = re.compile(r"\s+")


def normalize_header(text: object) -> str:
    """Fold a header cell to compare it: NFKC (full-width to half-width), no spaces, no unit suffix.

    >>> normalize_header(" 教学仪器设备值（万元） ")
    '教学仪器设备值'
    >>> normalize_header("小学在校生数（人）")
    '小学在校生数'
    """
    s = unicodedata.normalize("NFKC", str(text))
    s = _SPACES.sub("", s)
    while True:
        stripped = _UNIT_SUFFIX.sub("", s)
        if stripped == s or not stripped:
            break
        s = stripped
    return s


def _fold(text: object) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(text)))


def _lookup() -> tuple[dict[str, str], dict[str, str]]:
    """Two tables: exact (folded) spellings, and unit-stripped forms that name one column only."""
    exact: dict[str, str] = {}
    stripped: dict[str, set[str]] = {}
    for col in COLUMNS:
        for text in (col.header, *col.aliases):
            exact[_fold(text)] = col.key
            stripped.setdefault(normalize_header(text), set()).add(col.key)
    # "在校生数(小学)" and "在校生数(初中)" both strip to "在校生数": such a form is ambiguous.
    return exact, {k: next(iter(v)) for k, v in stripped.items() if len(v) == 1}


_EXACT, _STRIPPED = _lookup()


def match_header(text: object) -> str | None:
    """Return the canonical key for a header cell, or None when it names no known column.

    A bracket is tried as part of the name first ("在校生数（小学）"), then as a unit suffix.

    >>> match_header("学校（机构）名称")
    'name'
    >>> match_header("在校生数（小学）")
    'primary_students'
    >>> match_header("在校生数") is None
    True
    >>> match_header("生均面积") is None
    True
    """
    s = _fold(text)
    while True:
        if s in _EXACT:
            return _EXACT[s]
        shorter = _UNIT_SUFFIX.sub("", s)
        if shorter == s or not shorter:
            break
        s = shorter
    return _STRIPPED.get(normalize_header(text))
