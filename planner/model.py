"""The plan as data: Plan → Section → Paragraph, and its annex tables. Drafting builds it, revision
returns new copies of it, export writes it; none of them owns its shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planner.drafting.facts import FactSheet
    from planner.settings import PlanSettings

__all__ = ["AnnexTable", "Paragraph", "Plan", "Section"]


@dataclass
class Paragraph:
    """One paragraph. ``kind``: text, item (a 具体目标 line), task (with 〔责任单位〕), annex (附件 list),
    signature (落款: issuer and date, right-aligned), addressee (主送机关, flush left under the title),
    colophon (版记: 抄送 and 印发 lines after the 附件; "left\tright" puts the right part at the margin)."""

    text: str
    kind: str = "text"
    lead: str = ""
    units: str = ""
    fact_keys: tuple[str, ...] = ()
    sources: tuple[dict, ...] = ()
    origin: str = "draft"
    """draft (generated from facts), user (typed in a revision: its figures are not traced) or polished
    (a model's rewrite that passed the number guard)."""
    draft_text: str = ""
    """For a polished paragraph, the deterministic text it replaced (restored with one click)."""


@dataclass
class AnnexTable:
    key: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    fact_keys: tuple[str, ...] = ()
    note: str = ""
    """Printed under the table, e.g. that indicator names are short forms."""
    landscape: bool = False
    """Printed on a landscape page (a wide school × indicator table), in its own section."""


@dataclass
class Section:
    """``level`` 0 has no heading (preamble, 附件 list); 1 is 一、; 2 is （一）."""

    key: str
    title: str
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def tasks(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "task"]


@dataclass
class Plan:
    title: str
    template: str
    settings: PlanSettings
    standard_key: str
    sections: list[Section]
    annexes: list[AnnexTable]
    facts: FactSheet
    complete: bool
    """False when the schedule cannot bring every school and CV to the standard by the last year."""
    sources: tuple[dict, ...] = ()

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        known = "、".join(s.title or s.key for s in self.sections)
        raise KeyError(f"方案中没有“{key}”这一节。现有：{known}")

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "template": self.template,
            "standard": self.standard_key,
            "complete": self.complete,
            "settings": self.settings.model_dump(mode="json"),
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "level": s.level,
                    "paragraphs": [
                        {
                            "kind": p.kind,
                            "lead": p.lead,
                            "text": p.text,
                            "units": p.units,
                            "fact_keys": list(p.fact_keys),
                            "sources": list(p.sources),
                            "origin": p.origin,
                        }
                        for p in s.paragraphs
                    ],
                }
                for s in self.sections
            ],
            "annexes": [
                {
                    "key": t.key,
                    "title": t.title,
                    "headers": t.headers,
                    "rows": len(t.rows),
                    "fact_keys": len(t.fact_keys),
                    "cells": t.rows,
                    "note": t.note,
                    "landscape": t.landscape,
                }
                for t in self.annexes
            ],
            "facts": self.facts.to_json(),
        }
