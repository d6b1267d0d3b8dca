"""The chat engine's plain data: a reply (text, tables, charts, citations, files), the context of
collaborators it reads, and the per-user state the page keeps between messages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["Chart", "ChatContext", "ChatState", "Citation", "FileOut", "Pending", "Reply", "Table"]


@dataclass(frozen=True)
class Table:
    """A table already formatted for display; ``flags`` marks cells to highlight (row, column)."""

    headers: list[str]
    rows: list[list[str]]
    title: str = ""
    flags: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Chart:
    """Chart data for the page: ``kind`` 'cv' (bars per indicator against ``limit``) or 'bars'."""

    kind: str
    title: str
    data: list[dict[str, Any]]
    x: str
    y: str
    limit: float | None = None
    color: str | None = None


@dataclass(frozen=True)
class Citation:
    title: str
    doc_no: str
    section: str
    text: str
    source: str
    score: float = 0.0

    @property
    def label(self) -> str:
        doc = f"（{self.doc_no}）" if self.doc_no else ""
        sec = f" {self.section}" if self.section else ""
        return f"《{self.title}》{doc}{sec}"


@dataclass(frozen=True)
class FileOut:
    name: str
    data: bytes
    mime: str


@dataclass
class Reply:
    """One assistant answer. ``text`` is Markdown; ``suggestions`` are clickable follow-up questions."""

    text: str
    kind: str = "info"
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    file: FileOut | None = None
    plan_changed: bool = False
    new_plan: bool = False


@dataclass
class Pending:
    """A question asked back: the original message and the candidates offered."""

    text: str
    candidates: tuple[str, ...]


@dataclass
class ChatState:
    """Per-user conversation state; the page stores one in its session. No UI objects inside."""

    messages: list[tuple[str, Any]] = field(default_factory=list)
    """("user", str) or ("assistant", Reply), in order."""
    plan: Any = None
    versions: list[tuple[str, Any]] = field(default_factory=list)
    """(label, plan) for every plan version, oldest first."""
    settings: Any = None
    pending: Pending | None = None

    def set_plan(self, plan: Any, label: str) -> None:
        self.plan = plan
        self.versions.append((label, plan))


@dataclass
class ChatContext:
    """What the engine reads; the page wires the real ones, tests pass small ones."""

    evaluation: Any = None
    """metrics.Evaluation of the current data, or None before any data is loaded."""
    schools: pd.DataFrame | None = None
    """The loaded school rows (for what-if re-evaluation)."""
    search: Callable[..., Any] | None = None
    """``index.search``: (query, k=...) -> SearchResult; None when the policy index is not available."""
    region: str = ""
    level: str = "town"
    start_year: int = 2026
    years: int = 3
    planner: Any = None
    """The drafting API (module ``planner`` or a stand-in): draft_plan, export_docx …; None = none."""
