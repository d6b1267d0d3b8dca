"""交流轮岗 sized to the county: a plan that moves teachers states the yearly quota (10 % of eligible
teachers, 20 % of them 骨干, 教督〔2017〕6号), never a few transfers alone; the quota is not below its
own share of the teachers it names; a CV brought under its limit by transfers keeps a stated margin."""

from __future__ import annotations

import math
import re

from planner.check.document import PlanDoc, region_of
from planner.check.levels import level_of

__all__ = ["quota"]

_QUOTA = re.compile(
    r"(?:每年交流轮岗教师|每年参与交流轮岗的教师)不少于(\d+)人（按?[^（）]*?专任教师(\d+)人的(\d+(?:\.\d+)?)%"
)
_POOLED = re.compile(r"骨干教师占交流轮岗教师\d+(?:\.\d+)?%以上的要求由\S+?统筹")
"""A town plan's 骨干 share: met from the county's pool, not from the town's few 骨干."""
_BACKBONE = re.compile(r"骨干教师不少于(\d+)人（交流轮岗教师的(\d+(?:\.\d+)?)%）")
_MOVES = re.compile(r"交流\d+人（\d+人到")
_AFTER = re.compile(r"降至(\d\.\d+)")
_LIMIT = re.compile(r"(?:高于|超过|上限|未超过)(\d\.\d+)")
_MARGIN = 0.02


def quota(doc: PlanDoc) -> list[str]:
    if doc.kind != "plan":
        return []
    text = [p.text for p in doc.paragraphs]
    stated = next((m for t in text if (m := _QUOTA.search(t))), None)
    moves = any(_MOVES.search(t) for t in text) or any("交流轮岗" in t.title for t in doc.tables)
    quality = "优质均衡" in doc.title
    out = []
    if stated is None:
        if moves or quality:
            out.append(
                "交流轮岗：方案没有按符合交流条件教师的比例确定每年交流轮岗名额"
                "（每年不低于10%，其中骨干教师不低于20%），只列个别交流不能满足政府保障程度要求。"
            )
        return out
    count, teachers, share = int(stated.group(1)), int(stated.group(2)), float(stated.group(3))
    if count < math.ceil(teachers * share / 100 - 1e-9):
        out.append(f"交流轮岗：每年交流{count}人，少于专任教师{teachers}人的{share:g}%。")
    backbone = next((m for t in text if (m := _BACKBONE.search(t))), None)
    pooled = any(_POOLED.search(t) for t in text)
    town = level_of(doc.region or region_of(doc.title), doc.level) == "town"
    if town and backbone is not None:
        out.append(
            f"交流轮岗：镇级方案按本镇教师测算骨干教师交流人数（{backbone.group(1)}人），"
            "骨干教师占交流轮岗教师的比例是县域要求，应由县统筹全县骨干教师落实。"
        )
    elif backbone is None and pooled:
        pass
    elif backbone is None:
        out.append("交流轮岗：没有写明每年交流的骨干教师人数（不低于交流轮岗教师的20%）。")
    elif int(backbone.group(1)) < math.ceil(count * float(backbone.group(2)) / 100 - 1e-9):
        out.append(f"交流轮岗：骨干教师{backbone.group(1)}人，少于交流人数{count}人的{backbone.group(2)}%。")
    margin = float(doc.rules.get("cv_margin", _MARGIN))
    for t in text:
        if not _MOVES.search(t):
            continue
        after, limit = _AFTER.search(t), _LIMIT.search(t)
        short = after and limit and float(limit.group(1)) - float(after.group(1)) < margin - 1e-9
        if short and ("余量" not in t or "不足" not in t.split("降至", 1)[1]):
            out.append(
                f"交流轮岗：交流后差异系数{after.group(1)}距上限{limit.group(1)}不足{margin:g}，"
                "未留安全余量，也未说明。"
            )
    return out
