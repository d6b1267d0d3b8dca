"""Evaluation standards read from YAML: indicators, thresholds, CV rule, scope, 拆分 and sources.

A province's stricter set is one more YAML file (in ``metrics/standards/`` or any path); nothing here
names a particular standard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from metrics.columns import BY_KEY, SCHOOL_TYPES

__all__ = [
    "ITEM_PARTS",
    "STANDARDS_DIR",
    "AssessmentItem",
    "Indicator",
    "ItemMeasure",
    "Standard",
    "StandardError",
    "available_standards",
    "load_standard",
    "plain_source",
]

STANDARDS_DIR = Path(__file__).with_name("standards")
STAGES = ("primary", "junior")


_TAG = re.compile(r"\s*\[[VSM](?:/[VSM])*(?:[,，]\s*([^\]]+?))?\s*\]")


def plain_source(text: str) -> str:
    """A source as its reader sees it: without the evidence tags the YAML keeps for maintainers
    ([V] official, [S] several sources agree, [M] common but unverified); a tag's note stays in
    brackets.

    >>> plain_source("班额：小学45人 [V]；学校规模参照优质均衡口径 [S]")
    '班额：小学45人；学校规模参照优质均衡口径'
    >>> plain_source("不足50人的教学点不参评 [V, 河北省口径]；（85% [M]，各地口径可能不同）")
    '不足50人的教学点不参评（河北省口径）；（85%，各地口径可能不同）'
    """
    return _TAG.sub(lambda m: f"（{m.group(1)}）" if m.group(1) else "", text).strip()


class StandardError(ValueError):
    """A standard file that cannot be used; the message is Chinese and names the file and field."""


@dataclass(frozen=True)
class Indicator:
    """One indicator: value = scale × (Σ numerator − Σ subtract) / students.

    ``add_to`` is the upload column a plan adds to close a gap; the shortfall is expressed in that
    column's unit (``gap_unit``), rounded up to whole units when ``gap_integer``.
    """

    key: str
    name: str
    short: str
    unit: str
    numerator: tuple[str, ...]
    subtract: tuple[str, ...]
    scale: float
    add_to: str
    gap_unit: str
    gap_integer: bool
    thresholds: dict[str, float]
    source: str
    words: tuple[str, ...] = ()
    """What officials call it in questions (运动场, 操场 …), for the chat; a new standard brings its own."""

    @property
    def columns(self) -> tuple[str, ...]:
        return self.numerator + self.subtract


ITEM_PARTS = {
    "guarantee": "政府保障程度",
    "quality": "教育质量",
    "recognition": "社会认可度",
    "veto": "一票否决",
}
_RULES = ("ge", "le", "lt", "yesno")


@dataclass(frozen=True)
class ItemMeasure:
    """A figure or a 是/否 the office enters for an item (``key`` is what the workspace stores)."""

    key: str
    name: str
    rule: str
    """ge 不低于 / le 不高于 / lt 低于 / yesno 是否做到 (1 = 做到)."""
    threshold: float = 1.0
    unit: str = ""

    def met(self, value: float) -> bool:
        if self.rule == "ge":
            return value >= self.threshold - 1e-9
        if self.rule == "le":
            return value <= self.threshold + 1e-9
        if self.rule == "lt":
            return value < self.threshold
        return value >= 1


@dataclass(frozen=True)
class AssessmentItem:
    """One numbered item of a standard's 政府保障程度 / 教育质量 / 社会认可度 / 一票否决 parts.

    ``computed`` names the ``metrics.guarantees`` items the school rows decide; ``measures`` are
    what the office enters. An item may have both (音乐、美术专用教室: rooms counted, area entered).
    """

    part: str
    number: int
    key: str
    name: str
    requirement: str
    source: str
    computed: tuple[str, ...] = ()
    measures: tuple[ItemMeasure, ...] = ()

    @property
    def part_name(self) -> str:
        return ITEM_PARTS[self.part]


@dataclass(frozen=True)
class Standard:
    key: str
    name: str
    doc_no: str
    title: str
    issuer: str
    date: str
    indicators: tuple[Indicator, ...]
    cv_rule: str
    cv_limits: dict[str, float]
    cv_source: str
    school_min_met: int | None
    school_min_ratio: float | None
    school_rule_source: str
    exclude_private: bool
    exclude_types: tuple[str, ...]
    teaching_point_min_students: int | None
    scope_source: str
    split_weights: dict[str, dict[str, float]]
    split_columns: tuple[str, ...]
    split_source: str
    guarantees: dict[str, Any] = field(default_factory=dict)
    guarantees_source: str = ""
    path: str = ""
    target: str = "quality"
    """basic (基本均衡) or quality (优质均衡): which plan wording the standard calls for."""
    school_standard: str = ""
    """The per-school standard the thresholds come from (a province's 办学基本标准), when it is not
    the document in ``title``."""
    items: tuple[AssessmentItem, ...] = ()
    """Every item of the other parts, in the document's order (see ``AssessmentItem``)."""

    @property
    def has_school_thresholds(self) -> bool:
        return self.school_min_met is not None and all(i.thresholds for i in self.indicators)

    def indicator(self, key: str) -> Indicator:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.indicators)


def available_standards() -> list[str]:
    """Keys of the standards shipped in ``metrics/standards/``.

    >>> sorted(available_standards())[:2]
    ['basic_2012', 'quality_2017']
    """
    return sorted(p.stem for p in STANDARDS_DIR.glob("*.yaml"))


def load_standard(name_or_path: str | Path) -> Standard:
    """Load a shipped standard by key (``quality_2017``) or any YAML file by path.

    >>> load_standard("quality_2017").cv_limits
    {'primary': 0.5, 'junior': 0.45}
    """
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = STANDARDS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        known = "、".join(available_standards())
        raise StandardError(f"找不到评估标准「{name_or_path}」。可用的标准：{known}，或给出 YAML 文件路径。")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise StandardError(f"评估标准文件 {path.name} 不是有效的 YAML：{exc}") from None
    if not isinstance(raw, dict):
        raise StandardError(f"评估标准文件 {path.name} 内容为空或格式不对。")
    return _parse(raw, path)


def _need(raw: dict, key: str, where: str) -> Any:
    if key not in raw or raw[key] is None:
        raise StandardError(f"{where} 缺少字段「{key}」。")
    return raw[key]


def _stage_map(value: Any, where: str) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not set(value) <= set(STAGES):
        raise StandardError(f"{where} 应按学段给出：primary（小学）、junior（初中）。")
    return {k: float(v) for k, v in value.items()}


def _parse(raw: dict, path: Path) -> Standard:
    name = path.name
    indicators = []
    for i, item in enumerate(_need(raw, "indicators", name)):
        where = f"{name} 第{i + 1}个指标"
        key = _need(item, "key", where)
        where = f"{name} 指标 {key}"
        numerator = tuple(_need(item, "numerator", where))
        subtract = tuple(item.get("subtract") or ())
        add_to = item.get("add_to") or numerator[0]
        for col in (*numerator, *subtract, add_to):
            if col not in BY_KEY or not BY_KEY[col].numeric:
                raise StandardError(f"{where} 引用了未知的数据列「{col}」。")
        indicators.append(
            Indicator(
                key=key,
                name=_need(item, "name", where),
                short=item.get("short") or item["name"],
                unit=item.get("unit", ""),
                numerator=numerator,
                subtract=subtract,
                scale=float(item.get("scale", 1)),
                add_to=add_to,
                gap_unit=item.get("gap_unit") or BY_KEY[add_to].unit,
                gap_integer=bool(item.get("gap_integer", False)),
                thresholds=_stage_map(item.get("threshold"), f"{where} 的 threshold"),
                source=_need(item, "source", where),
                words=tuple(str(w) for w in item.get("words") or ()),
            )
        )
    cv = _need(raw, "cv", name)
    if cv.get("rule") not in ("each", "composite"):
        raise StandardError(f"{name} 的 cv.rule 应为 each（逐项判定）或 composite（综合判定）。")
    rule = raw.get("school_rule") or {}
    scope = raw.get("scope") or {}
    split = _need(raw, "split", name)
    weights = {t: {s: float(w) for s, w in ws.items()} for t, ws in split["weights"].items()}
    for school_type in weights:
        if school_type not in SCHOOL_TYPES:
            raise StandardError(f"{name} 的拆分比例用了未知的办学类型「{school_type}」。")
    guarantees = {k: v for k, v in (raw.get("guarantees") or {}).items() if k != "source"}
    return Standard(
        key=_need(raw, "key", name),
        name=_need(raw, "name", name),
        doc_no=raw.get("doc_no", ""),
        title=raw.get("title", raw["name"]),
        issuer=raw.get("issuer", ""),
        date=str(raw.get("date", "")),
        indicators=tuple(indicators),
        cv_rule=cv["rule"],
        cv_limits=_stage_map(_need(cv, "limit", f"{name} 的 cv"), f"{name} 的 cv.limit"),
        cv_source=_need(cv, "source", f"{name} 的 cv"),
        school_min_met=rule.get("min_met"),
        school_min_ratio=rule.get("min_ratio"),
        school_rule_source=rule.get("source", ""),
        exclude_private=bool(scope.get("exclude_private", False)),
        exclude_types=tuple(scope.get("exclude_types") or ()),
        teaching_point_min_students=scope.get("teaching_point_min_students"),
        scope_source=scope.get("source", ""),
        split_weights=weights,
        split_columns=tuple(split.get("columns") or ()),
        split_source=split.get("source", ""),
        guarantees=guarantees,
        guarantees_source=(raw.get("guarantees") or {}).get("source", ""),
        path=str(path),
        target=_target(raw, name),
        school_standard=str(raw.get("school_standard") or ""),
        items=_items(raw, name),
    )


def _items(raw: dict, name: str) -> tuple[AssessmentItem, ...]:
    """The ``items`` list, or those of the shipped standard named by ``items_from``."""
    if source := raw.get("items_from"):
        if "items" in raw:
            raise StandardError(f"{name} 不能同时给出 items 和 items_from。")
        return load_standard(str(source)).items
    items = []
    keys: set[str] = set()
    for i, item in enumerate(raw.get("items") or ()):
        where = f"{name} 第{i + 1}个评估条目"
        part = _need(item, "part", where)
        if part not in ITEM_PARTS:
            raise StandardError(f"{where} 的 part 应为 {'、'.join(ITEM_PARTS)} 之一。")
        measures = []
        for m in item.get("measures") or ():
            rule = _need(m, "rule", where)
            if rule not in _RULES:
                raise StandardError(f"{where} 的 rule 应为 {'、'.join(_RULES)} 之一。")
            if rule != "yesno" and "threshold" not in m:
                raise StandardError(f"{where} 的填报项「{m.get('key')}」缺少 threshold。")
            key = _need(m, "key", where)
            if key in keys:
                raise StandardError(f"{where} 的填报项键「{key}」重复。")
            keys.add(key)
            measures.append(
                ItemMeasure(
                    key=key,
                    name=_need(m, "name", where),
                    rule=rule,
                    threshold=float(m.get("threshold", 1)),
                    unit=str(m.get("unit", "")),
                )
            )
        items.append(
            AssessmentItem(
                part=part,
                number=int(_need(item, "number", where)),
                key=_need(item, "key", where),
                name=_need(item, "name", where),
                requirement=_need(item, "requirement", where),
                source=str(item.get("source") or raw.get("items_source", "")),
                computed=tuple(item.get("computed") or ()),
                measures=tuple(measures),
            )
        )
    return tuple(items)


def _target(raw: dict, name: str) -> str:
    target = raw.get("target") or ("basic" if str(raw.get("key", "")).startswith("basic") else "quality")
    if target not in ("basic", "quality"):
        raise StandardError(f"{name} 的 target 应为 basic（基本均衡）或 quality（优质均衡）。")
    return target
