"""Recorded facts of the work done (投入, 新增教师 …) as sentences: only what the office recorded in
the workspace form, each figure a fact whose origin is the record (never a guess)."""

from __future__ import annotations

from planner.documents.core import KindContext
from planner.documents.forms import RECORD_NAMES
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import fmt

__all__ = ["record_phrases", "record_total"]


def record_total(kc: KindContext, key: str) -> str | None:
    """The sum of the records of one kind as a fact display (None when nothing is recorded)."""
    found = [r for r in kc.inp.form.records if r.key == key]
    if not found:
        return None
    name, unit = RECORD_NAMES[key]
    total = sum(r.value for r in found)
    display = fmt(total, unit) if unit != "人次" else f"{total:.0f}{unit}"
    return kc.fact(K("record", measure=key), total, unit, display=display, label=f"{name}（工作区记录）")


def record_phrases(kc: KindContext) -> list[str]:
    """'累计投入资金1250.00万元' … for each kind of record present, in a fixed order."""
    out = []
    for key, (name, _unit) in RECORD_NAMES.items():
        shown = record_total(kc, key)
        if shown is not None:
            out.append(kc.phrase("record_item", name=name, value=shown))
    return out
