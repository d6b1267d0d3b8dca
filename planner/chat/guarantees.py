"""政府保障 items the school rows can answer (学校规模, 班额, 大班额/超大班额, 平均班额, 音乐、美术专用教室):
per school, and across schools (which and how many exceed, by stage), with the standard's limits and
their source. The checks themselves are metrics.guarantees; this module only selects and words them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from metrics.evaluate import Evaluation
from metrics.guarantees import check_guarantees, describe
from metrics.standards import plain_source
from planner.chat.args import GuaranteeItem as Item
from planner.chat.types import Reply, Table

__all__ = ["ITEMS", "Item", "failed_lines", "guarantee_reply", "item_words", "items_in"]

ITEMS: tuple[Item, ...] = (
    "school_size",
    "class_size",
    "large_class",
    "super_large_class",
    "average_class",
    "special_rooms",
)
_NAMES: dict[str, str] = {
    "school_size": "学校规模",
    "class_size": "班额",
    "large_class": "大班额（56人及以上）",
    "super_large_class": "超大班额（66人及以上）",
    "average_class": "平均班额",
    "special_rooms": "音乐、美术专用教室",
}
_STAGE = {"primary": "小学", "junior": "初中"}


@cache
def item_words() -> dict[str, tuple[str, ...]]:
    """Item key → the words that name it (planner/chat/guarantees.yaml)."""
    raw = yaml.safe_load(Path(__file__).with_name("guarantees.yaml").read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in raw["items"].items()}


def items_in(text: str) -> list[str]:
    """The items a message names; the longest word wins where words overlap (大班额 is not 班额)."""
    found: list[tuple[int, int, str]] = []
    for key, words in item_words().items():
        for w in words:
            start = text.find(w)
            while start >= 0:
                found.append((start, start + len(w), key))
                start = text.find(w, start + 1)
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    keys: list[str] = []
    end = -1
    for s, e, key in found:
        if s >= end:
            end = e
            if key not in keys:
                keys.append(key)
    threshold = re.search(r"(超过|超出|大于|多于|高于|超)\d+|\d+人?(以上|及以上)", text)
    if "class_size" in keys and "average_class" not in keys and "最大" not in text and not threshold:
        keys.append("average_class")  # 班额 alone: the largest class and the averages
    return keys


def _checks(evaluation: Evaluation, schools: pd.DataFrame) -> pd.DataFrame:
    frame = check_guarantees(schools, evaluation.standard)
    frame["item"] = frame["item"].astype(str)
    info = schools.set_index("name")
    frame["primary"] = frame["name"].map(info["primary_students"].fillna(0) > 0)
    frame["junior"] = (
        frame["name"].map(info["junior_students"].fillna(0) > 0) if "junior_students" in info else False
    )
    return frame


def _select(frame: pd.DataFrame, item: str, rules: dict) -> pd.DataFrame:
    """Rows answering one item, with ``bad`` marking the schools that miss it."""
    classes = rules.get("class_size") or {}
    if item == "school_size":
        rows = frame[frame["item"] == "学校规模"].copy()
        rows["bad"] = ~rows["met"].astype(bool)
    elif item in ("class_size", "large_class", "super_large_class"):
        rows = frame[frame["item"] == "班额"].copy()
        floor = {"large_class": classes.get("large", 56), "super_large_class": classes.get("super_large", 66)}
        if item == "class_size":
            rows["bad"] = ~rows["met"].astype(bool)
        else:
            rows["limit"] = float(floor[item])
            rows["bad"] = rows["value"] >= rows["limit"]
    elif item == "average_class":
        rows = frame[frame["item"].str.endswith("平均班额")].copy()
        rows["bad"] = ~rows["met"].astype(bool)
    else:
        rows = frame[frame["item"].isin(["音乐专用教室", "美术专用教室"])].copy()
        rows["bad"] = ~rows["met"].astype(bool)
    return rows


def _line(row: pd.Series, item: str) -> str:
    if item in ("large_class", "super_large_class"):
        band = "超大班额" if item == "super_large_class" else "大班额"
        verdict = f"属{band}" if row["bad"] else f"不属{band}"
        return f"最大班额{row['value']:.0f}人，{verdict}（{band}指{row['limit']:.0f}人及以上）"
    text = describe(str(row["item"]), float(row["value"]), float(row["limit"]))
    return text + ("，**未达到**" if row["bad"] else "，达到")


def _source(evaluation: Evaluation) -> str:
    std = evaluation.standard
    return plain_source(std.guarantees_source) or std.name


def guarantee_reply(
    evaluation: Evaluation,
    schools: pd.DataFrame,
    items: tuple[str, ...],
    school: str | None = None,
    stage: str | None = None,
    only: tuple[str, ...] | None = None,
    scope: str = "",
    above: int | None = None,
) -> Reply:
    """One school's 政府保障 items, or which schools miss them (by stage; ``only`` these schools, named
    ``scope``), with limits and source."""
    rules = evaluation.standard.guarantees
    if not rules:
        return Reply(f"{evaluation.standard.name}未列出可由学校数据计算的政府保障指标。", kind="guarantees")
    frame = _checks(evaluation, schools)
    wanted = [i for i in (items or ITEMS) if i in ITEMS]
    if school is not None:
        frame = frame[frame["name"] == school]
    else:
        if only is not None:
            frame = frame[frame["name"].isin(only)]
        if stage is not None:
            frame = frame[frame[stage].astype(bool)]
            other = {"primary": "初中", "junior": "小学"}[stage]
            frame = frame[~frame["item"].str.startswith(other)]  # 初中班额: not the 小学部's average
    lines: list[str] = []
    table_rows: list[list[str]] = []
    listed: list[str] = []
    for item in wanted:
        rows = _select(frame, item, rules)
        bound = above if item == "class_size" and school is None else None
        if bound is not None:  # the official's bound: 最大班额超过48人的, whatever the standard says
            rows = rows.assign(bad=rows["value"] > bound)
        if rows.empty:
            lines.append(f"- {_NAMES[item]}：数据表中没有可计算的数据。")
            continue
        if school is not None:
            lines += [f"- {_NAMES[item]}：{_line(r, item)}" for _, r in rows.iterrows()]
            continue
        bad = rows[rows["bad"]]
        names = list(dict.fromkeys(bad["name"]))
        listed += [n for n in names if n not in listed]
        scope_word = scope or _STAGE.get(stage or "", "")
        if bound is not None:
            shown = "、".join(f"{r['name']}（{r['value']:.0f}人）" for _, r in bad.iterrows())
            lines.append(
                f"- {_NAMES[item]}：{scope_word}最大班额超过{bound}人的有{len(names)}所"
                f"（共{rows['name'].nunique()}所有数据）" + (f"：{shown}" if names else "")
            )
        elif names:
            details = "；".join(f"{r['name']}（{_line(r, item)}）" for _, r in bad.iterrows())
            total = rows["name"].nunique()
            lines.append(
                f"- {_NAMES[item]}：{scope_word}{len(names)}所学校未达到（共{total}所有数据）：{details}"
            )
            if item == "special_rooms":  # 一共缺几间: the rooms short, kind by kind
                short = (bad["limit"] - bad["value"]).clip(lower=0).groupby(bad["item"]).sum()
                lines.append(
                    "  合计缺" + "、".join(f"{k}{v:.0f}间" for k, v in short.items() if v > 0) + "。"
                )
        else:
            lines.append(f"- {_NAMES[item]}：{scope_word}{rows['name'].nunique()}所有数据的学校都达到标准。")
        table_rows += [  # only the schools that miss it: a list names no school that was not meant
            [r["name"], str(r["item"]), f"{r['value']:.0f}", f"{r['limit']:.0f}", "是" if r["met"] else "否"]
            for _, r in bad.iterrows()
        ]
    head = f"**{school}** 政府保障程度：" if school else "政府保障程度（按学校数据计算）："
    text = head + "\n" + "\n".join(lines) + f"\n\n标准依据：{_source(evaluation)}"
    tables = (
        [Table(["学校", "项目", "现值", "标准", "达到"], table_rows, title="政府保障未达到的学校")]
        if table_rows
        else []
    )
    return Reply(text, kind="guarantees", tables=tables, listed=tuple(listed))


def failed_lines(evaluation: Evaluation, schools: pd.DataFrame | None, school: str) -> list[str]:
    """The 政府保障 items one school misses, worded (empty when it meets them or data are absent)."""
    if schools is None or not evaluation.standard.guarantees:
        return []
    frame = _checks(evaluation, schools)
    frame = frame[(frame["name"] == school) & ~frame["met"].astype(bool)]
    return [describe(str(r["item"]), float(r["value"]), float(r["limit"])) for _, r in frame.iterrows()]
