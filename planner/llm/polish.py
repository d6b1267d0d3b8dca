"""Prose polish of one plan section: the model rewrites the drafted paragraphs from the draft, its
facts and its retrieved passages; the claim guard decides paragraph by paragraph (a refused paragraph
keeps the system's text, and the refused rewrite is kept to show on request); the deterministic text
stays one call (``restore_draft``) away. A page's group of sections is polished concurrently within
one timeout."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from planner.drafting.draft import Retriever, passages
from planner.llm.budget import budget_of, run_within
from planner.llm.claims import Frame
from planner.llm.evidence import Evidence, is_untrusted
from planner.llm.guard import CHECKED, Guarded, Violation, evidence, guard, visible
from planner.llm.prompts import render
from planner.model import Paragraph, Plan, Section

__all__ = [
    "PolishResult",
    "apply_polish",
    "plan_evidence",
    "polish_section",
    "polish_sections",
    "restore_draft",
]

log = logging.getLogger(__name__)
POLISHED_KINDS = ("text", "item", "task")
MAX_GROWTH = 3
"""A rewrite longer than three times its draft is not a polish."""
STATUS_SECTIONS = ("preamble",)
"""Sections that describe the present; the others state goals and tasks (read as goals)."""


class _Output(BaseModel):
    paragraphs: list[str]


@dataclass(frozen=True)
class PolishResult:
    """The outcome for one section: ``status`` polished (every paragraph passed the guard), partial
    (some did: the others keep the system's text), refused (none did, or the format check failed: the
    draft stands), failed (no answer from the model in time) or empty (nothing to polish: a heading
    whose text is in its subsections)."""

    section_key: str
    status: Literal["polished", "partial", "refused", "failed", "empty"]
    texts: tuple[str, ...]
    """One text per polishable paragraph, in order: each accepted rewrite, else the draft."""
    guarded: tuple[Guarded, ...] = ()
    message: str = ""

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(v for g in self.guarded for v in g.violations)

    @property
    def refused_texts(self) -> tuple[str, ...]:
        """The model's rewrites that were not used (to show on request)."""
        return tuple(g.output for g in self.guarded if not g.accepted and g.output)


def _polishable(section: Section) -> list[Paragraph]:
    return [p for p in section.paragraphs if p.kind in POLISHED_KINDS and p.origin in ("draft", "polished")]


def _draft_of(p: Paragraph) -> str:
    return p.draft_text or p.text


def _parse(content: str, expected: int) -> list[str] | None:
    match = re.search(r"\{.*\}", content, re.S)
    if not match:
        return None
    try:
        out = _Output.model_validate(json.loads(match.group(0))).paragraphs
    except (json.JSONDecodeError, ValidationError):
        return None
    out = [t.strip() for t in out]
    return out if len(out) == expected and all(out) else None


def _frame(section: Section, p: Paragraph, ev: Evidence) -> Frame:
    return Frame(
        title=section.title,
        lead=p.lead,
        plan_years=ev.frame.plan_years,
        data_year=ev.frame.data_year,
        this_year=ev.frame.this_year,
        mood="status" if section.key in STATUS_SECTIONS else "target",
    )


def plan_evidence(plan: Plan, evaluation: Any = None, found: list[dict] | None = None) -> Evidence:
    """What a polish of ``plan`` may state: its facts, every paragraph of the draft (read in its
    section), the verdicts, and the passages retrieved (uploaded ones are not evidence)."""
    base = evidence(facts=list(plan.facts), evaluation=evaluation, plan=plan)
    texts = [(_draft_of(p), _frame(s, p, base)) for s in plan.sections for p in s.paragraphs if _draft_of(p)]
    cited = [
        f"《{src['title']}》{src.get('doc_no', '')}"
        for s in plan.sections
        for p in s.paragraphs
        for src in p.sources
        if src.get("title")
    ]
    return evidence(
        texts=[*texts, *cited],
        facts=list(plan.facts),
        passages=found or [],
        evaluation=evaluation,
        plan=plan,
        titles=(plan.title,),
    )


def _ask(model: BaseChatModel, plan: Plan, section: Section, drafts: tuple[str, ...], found: list[dict]):
    keys = dict.fromkeys(k for p in _polishable(section) for k in p.fact_keys)
    facts = [plan.facts[k] for k in keys if k in plan.facts]
    messages = [
        SystemMessage(render("polish_system")),
        HumanMessage(
            render(
                "polish_user",
                plan_title=plan.title,
                section_title=section.title or section.key,
                paragraphs=list(drafts),
                facts=[f"{f.label or f.key}：{f.display}" for f in facts],
                passages=[
                    f"《{p['title']}》{p['doc_no']} {p['section']}：{p['text']}"
                    + ("（上传的文件，仅供参考）" if is_untrusted(p) else "")
                    for p in found
                ],
            )
        ),
    ]
    return lambda: model.invoke(messages)


def _judge(
    plan: Plan, section: Section, answer: Any, found: list[dict], evaluation: Any, ev: Evidence | None
) -> PolishResult:
    paras = _polishable(section)
    drafts = tuple(_draft_of(p) for p in paras)
    if isinstance(answer, BaseException):
        log.warning("polish of %s failed: %s", section.key, type(answer).__name__)
        why = "没有在规定时间内响应" if isinstance(answer, TimeoutError) else "没有响应"
        return PolishResult(section.key, "failed", drafts, message=f"语言模型{why}，本节保留系统生成的文字。")
    content = answer.text if hasattr(answer, "text") else str(answer)
    limit = MAX_GROWTH * sum(len(d) for d in drafts) + 200 * len(drafts) + 200
    if len(content) > 2 * limit:
        bad = Violation("format", "", f"模型回复过长（{len(content)}字）")
        refused = (Guarded(" ".join(drafts), False, (bad,), " ".join(drafts), ""),)
        return PolishResult(section.key, "refused", drafts, refused, refused[0].notice)
    texts = _parse(visible(content), len(drafts))
    if texts is None:
        bad = Violation("format", "", "模型输出格式不符合要求")
        refused = (Guarded(" ".join(drafts), False, (bad,), " ".join(drafts), content[:2000]),)
        return PolishResult(section.key, "refused", drafts, refused, refused[0].notice)
    ev = ev or plan_evidence(plan, evaluation, found)
    guarded = tuple(
        guard(t, ev, d, keep_figures_of=d, frame=_frame(section, p, ev))
        if len(t) <= MAX_GROWTH * len(d) + 20
        else Guarded(d, False, (Violation("format", "", "改写篇幅远超原文"),), d, t)
        for t, d, p in zip(texts, drafts, paras, strict=True)
    )
    kept = tuple(g.text for g in guarded)
    accepted = [g for g in guarded if g.accepted]
    if len(accepted) == len(guarded):
        labels = dict.fromkeys(g.label for g in guarded if g.label != CHECKED)
        extra = "；".join(x for x in labels if x)
        message = f"本节已由语言模型润色，{CHECKED}。" + (f"（{extra}）" if extra else "")
        return PolishResult(section.key, "polished", kept, guarded, message)
    notice = next(g.notice for g in guarded if not g.accepted)
    if accepted:
        left = len(guarded) - len(accepted)
        reasons = "；".join(dict.fromkeys(v.message for g in guarded for v in g.violations[:2]))
        message = (
            f"本节{len(accepted)}段已由语言模型润色（{CHECKED}）；{left}段未通过核对，"
            f"保留系统生成的文字（{reasons}）。"
        )
        return PolishResult(section.key, "partial", kept, guarded, message)
    return PolishResult(section.key, "refused", drafts, guarded, notice)


def polish_section(
    plan: Plan,
    section_key: str,
    model: BaseChatModel,
    retrieve: Retriever | None = None,
    *,
    evaluation: Any = None,
    tick: Callable[[float], None] | None = None,
) -> PolishResult:
    """Ask ``model`` to polish ``section_key``; never raises, never returns an unchecked claim."""
    return polish_sections(plan, [section_key], model, retrieve, evaluation=evaluation, tick=tick)[1][0]


def _with_section(plan: Plan, section: Section) -> Plan:
    return replace(plan, sections=[section if s.key == section.key else s for s in plan.sections])


def apply_polish(plan: Plan, result: PolishResult) -> Plan:
    """A new plan whose section holds the accepted rewrites (each paragraph keeps its draft); the
    paragraphs the guard refused, and any result that is not polished or partial, change nothing."""
    if result.status not in ("polished", "partial"):
        return plan
    section = plan.section(result.section_key)
    chosen = _polishable(section)
    accepted = (
        {id(p): g.text for p, g in zip(chosen, result.guarded, strict=False) if g.accepted}
        if result.guarded
        else {id(p): t for p, t in zip(chosen, result.texts, strict=False)}
    )
    paragraphs = [
        replace(p, text=accepted[id(p)], origin="polished", draft_text=_draft_of(p))
        if id(p) in accepted
        else p
        for p in section.paragraphs
    ]
    return _with_section(plan, replace(section, paragraphs=paragraphs))


def restore_draft(plan: Plan, section_key: str) -> Plan:
    """A new plan whose section is back to the deterministic text."""
    section = plan.section(section_key)
    paragraphs = [
        replace(p, text=p.draft_text, origin="draft", draft_text="")
        if p.origin == "polished" and p.draft_text
        else p
        for p in section.paragraphs
    ]
    return _with_section(plan, replace(section, paragraphs=paragraphs))


def polish_sections(
    plan: Plan,
    keys: list[str],
    model: BaseChatModel,
    retrieve: Retriever | None = None,
    *,
    evaluation: Any = None,
    tick: Callable[[float], None] | None = None,
) -> tuple[Plan, list[PolishResult]]:
    """Polish several sections (a page's group) at once within the model's one timeout; the plan
    holds every rewrite the guard accepted. ``evaluation`` adds the verdicts (who meets the standard,
    which schools are 民办)."""
    sections = [plan.section(k) for k in keys]
    found = {s.key: passages(retrieve, s.title) for s in sections}
    asks, waiting = [], []
    results: dict[str, PolishResult] = {}
    for s in sections:
        drafts = tuple(_draft_of(p) for p in _polishable(s))
        if not drafts:
            message = "这一节没有可润色的正文。" if len(sections) == 1 else ""
            results[s.key] = PolishResult(s.key, "empty", drafts, message=message)
            continue
        asks.append(_ask(model, plan, s, drafts, found[s.key]))
        waiting.append(s)
    answers = run_within(asks, budget_of(model), tick) if asks else []
    answered = any(not isinstance(a, BaseException) for a in answers)  # none: no evidence to build
    ev = plan_evidence(plan, evaluation, [p for f in found.values() for p in f]) if answered else None
    for s, answer in zip(waiting, answers, strict=True):
        results[s.key] = _judge(plan, s, answer, found[s.key], evaluation, ev)
    out = [results[k] for k in keys]
    for result in out:
        plan = apply_polish(plan, result)
    return plan, out
