"""Policy figures the task groups quote (班额 limits, 交流轮岗 shares, training hours, 巩固率 …), read from
``templates/policy_figures.yaml``: each is a fact with its source document, so it is traced like any
computed figure."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from planner.drafting.facts import FactKey, FactSheet

__all__ = ["PREFIX", "PolicyFigure", "add_figures", "figure_key", "figures_for"]

PREFIX = "p_"
"""Template variables ``{{ p_<name> }}`` are policy figures."""
_FILE = Path(__file__).resolve().parents[2] / "templates" / "policy_figures.yaml"


class PolicyFigure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    unit: str
    label: str
    standards: tuple[Literal["basic", "quality"], ...]
    title: str
    doc_no: str = ""
    issuer: str = ""
    where: str

    @property
    def display(self) -> str:
        return f"{self.value:g}{self.unit}"

    def citation(self) -> dict:
        """The source as a paragraph cites it."""
        cite = {"title": self.title, "doc_no": self.doc_no, "section": self.where, "source": "policy_figures"}
        return {**cite, "issuer": self.issuer} if self.issuer and not self.doc_no else cite


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    figures: dict[str, PolicyFigure]


@lru_cache(maxsize=2)
def _figures(path: Path = _FILE) -> dict[str, PolicyFigure]:
    return _File.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).figures


def figures_for(target: str) -> dict[str, PolicyFigure]:
    """The figures a 基本均衡 (basic) or 优质均衡 (quality) plan may quote."""
    return {name: f for name, f in _figures().items() if target in f.standards}


def figure_key(name: str) -> FactKey:
    return FactKey("policy", measure=name)


def add_figures(sheet: FactSheet, target: str) -> dict[str, str]:
    """Add the target's figures to ``sheet``; returns the template values ``p_<name>`` → display."""
    values = {}
    for name, f in figures_for(target).items():
        label = f"{f.label}（{f.doc_no or f.title}，{f.where}）"
        sheet.add(figure_key(name), f.value, f.unit, display=f.display, label=label)
        values[PREFIX + name] = f.display
    return values
