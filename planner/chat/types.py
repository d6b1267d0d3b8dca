"""The chat engine's plain data: a reply (text, tables, charts, citations, files), the context of
collaborators it reads, and the per-user state the page keeps between messages."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from metrics.standards import plain_source

if TYPE_CHECKING:
    from metrics.result import Evaluation
    from metrics.trends import YearComparison
    from planner.chat.query import Query
    from planner.documents import DocumentInputs
    from planner.model import Plan
    from planner.settings import PlanSettings

__all__ = [
    "Chart",
    "ChatContext",
    "ChatState",
    "Citation",
    "FileOut",
    "Memory",
    "PassageLike",
    "Pending",
    "PlanApi",
    "Reply",
    "Search",
    "Table",
]


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

    def __post_init__(self) -> None:
        # the one place quoted policy text enters a reply: no maintainers' evidence tags ([V] …)
        object.__setattr__(self, "text", plain_source(self.text))

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
    intent: str = ""
    """The tool that answered (school_gaps, verdict …), for logs and the scripted-conversation command."""
    listed: tuple[str, ...] = ()
    """Schools this reply lists in order, so that 第二个 and 其中 can refer to them."""
    ranked: tuple[str, ...] = ()
    """The whole ranking a superlative was taken from (第二个呢 after 缺得最多的是哪个)."""

    def plain(self) -> str:
        """The reply as plain text (no Markdown emphasis or quote marks): text, table titles, headers
        and cells, citation labels and texts."""
        text = re.sub(r"^> ?", "", self.text.replace("**", ""), flags=re.M)
        parts = [text]
        for t in self.tables:
            parts.append("\n".join([t.title, " | ".join(t.headers), *(" | ".join(r) for r in t.rows)]))
        for c in self.citations:
            parts.append(f"{c.label}\n{c.text}")
        return "\n\n".join(p for p in parts if p)


@dataclass
class Pending:
    """A question asked back: the tool call waiting for a school, and the candidates offered."""

    text: str
    candidates: tuple[str, ...]
    tool: str = "school_gaps"
    args: dict[str, Any] = field(default_factory=dict)
    town: str = ""
    """A 乡镇 offered beside the schools (东沙 is 东沙街道 or 东沙小学): the question about it instead."""
    said: str = ""
    """The word that named both (东沙)."""


@dataclass
class Memory:
    """What the conversation is about, so elliptical turns (那初中呢？ 差多少？ 第二个) resolve."""

    schools: tuple[str, ...] = ()
    stage: str | None = None
    indicators: tuple[str, ...] = ()
    tool: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    listed: tuple[str, ...] = ()
    """Schools the last reply listed, in order (for 第二个, 其中)."""
    ranked: tuple[str, ...] = ()
    """The whole ranking behind the last superlative (for 第二个)."""
    query: Query | None = None
    """The last question about the data as read (measure, scope, indicators): its subject is what a
    short follow-up (差多少？) is about."""
    rank: Query | None = None
    """The last ranking asked for, which 前三是哪几个 and 石桥镇缺得最多的又是哪个 rank by again."""
    asked: Query | None = None
    """The last question of any kind that a fragment refines (a policy question or a requirement
    worked out as well: 基本均衡的呢, 那36个班呢)."""


@dataclass
class ChatState:
    """Per-user conversation state; the page stores one in its session. No UI objects inside."""

    messages: list[tuple[str, str | Reply]] = field(default_factory=list)
    """("user", str) or ("assistant", Reply), in order."""
    plan: Plan | None = None
    versions: list[tuple[str, Plan]] = field(default_factory=list)
    """(label, plan) for every plan version, oldest first."""
    settings: PlanSettings | None = None
    pending: Pending | None = None
    memory: Memory = field(default_factory=Memory)

    def set_plan(self, plan: Plan, label: str) -> None:
        self.plan = plan
        self.versions.append((label, plan))


class PassageLike(Protocol):
    """A retrieved passage (knowledge.Passage or a test stand-in)."""

    title: str
    doc_no: str
    section: str
    text: str
    source: str
    kind: str
    score: float


class SearchResultLike(Protocol):
    answerable: bool
    results: list[PassageLike]


Search = Callable[..., SearchResultLike]
"""``index.search``: (query, k=...) -> SearchResult (knowledge.SearchResult or a small stand-in)."""


@dataclass(frozen=True)
class PlanApi:
    """The drafting functions the chat calls (planner's public API, or stand-ins in tests)."""

    settings: Callable[..., PlanSettings]
    draft_plan: Callable[..., Plan]
    add_topic: Callable[..., Plan] | None = None
    add_paragraph: Callable[..., Plan] | None = None
    replace_section: Callable[..., Plan] | None = None
    regenerate_section: Callable[..., Plan] | None = None
    delete_item: Callable[..., Plan] | None = None
    export_docx: Callable[..., Any] | None = None
    export_markdown: Callable[[Plan], str] | None = None
    build_schedule: Callable[..., Any] | None = None


@dataclass
class ChatContext:
    """What the engine reads; the page wires the real ones, tests pass small ones."""

    evaluation: Evaluation | None = None
    """The evaluation of the current data, or None before any data is loaded."""
    schools: pd.DataFrame | None = None
    """The loaded school rows (for what-if re-evaluation)."""
    search: Search | None = None
    """None when the policy index is not available."""
    region: str = ""
    level: str = "town"
    start_year: int = 2026
    years: int = 3
    planner: PlanApi | None = None
    """The drafting API; None = drafting unavailable."""
    year_comparison: Callable[[], YearComparison | None] | None = None
    """The workspace's 统计年度 compared (called only when asked); None or a None result = one year."""
    document_inputs: Callable[[], DocumentInputs] | None = None
    """This 统计年度, the one before and the 自评 form, for the cycle's documents (called only when
    asked); None = the loaded evaluation alone. The chat adds the 实施方案 it drafted."""
