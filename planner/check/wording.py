"""A value shown next to a limit with the digits that decide it: "0.500，高于0.5" (a true 0.5004 shown
as its limit) or a 校际差异系数表 row whose CV prints as its limit while the verdict says 超限."""

from __future__ import annotations

import re

from planner.check.document import PlanDoc
from planner.check.parse import number

__all__ = ["value_vs_limit"]

_SIDE = re.compile(
    r"(\d+(?:\.\d+)?)(?:平方米|㎡|人|元|间|%)?[，,]?(?:仍|已|但|均)?"
    r"(高于|超过|低于|不足|未达到|超出)(?:规定的|上限|标准|规定要求的)?(\d+(?:\.\d+)?)"
)


def value_vs_limit(doc: PlanDoc) -> list[str]:
    out = []
    for p in doc.paragraphs:
        for value, word, limit in _SIDE.findall(p.text):
            if "." in value and float(value) == float(limit):
                out.append(
                    f"数值表述：“{p.section}”写“{value}”{word}“{limit}”，显示的数值与限值相同，"
                    "应显示能区分两者的位数。"
                )
    for t in doc.tables:
        cv, limit, verdict = t.column("差异系数"), t.column("上限"), t.column("结论")
        if None in (cv, limit, verdict):
            continue
        for row in t.rows:
            a, b = number(row[cv]), number(row[limit])
            if a is not None and a == b and row[verdict] == "超限":
                out.append(
                    f"数值表述：附件“{t.title}”{row[0]}{row[1]}差异系数显示为{row[cv]}，"
                    f"与上限{row[limit]}相同却判为超限，应显示能区分两者的位数。"
                )
    return out
