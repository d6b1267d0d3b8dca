"""Prose polish of one plan section: the model rewrites the drafted paragraphs from the draft, its
facts and its retrieved passages; the number guard decides; the deterministic text stays one call
(``restore_draft``) away."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, replace
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from planner.drafting.draft import Retriever, passages
from planner.llm.guard import Guarded, Violation, evidence, guard, visible
from planner.llm.prompts import render
from planner.model import Paragraph, Plan, Section

__all__ = ["PolishResult", "apply_polish", "polish_section", "polish_sections", "restore_draft"]

log = logging.getLogger(__name__)
POLISHED_KINDS = ("text", "item", "task")
MAX_GROWTH = 3
"""A rewrite longer than three times its draft is not a polish."""


class _Output(BaseModel):
    paragraphs: list[str]


@dataclass(frozen=True)
class PolishResult:
    """The outcome for one section: ``status`` polished (every paragraph passed the guard), refused
    (the guard or the format check failed: the draft stands) or failed (no answer from the model)."""

    section_key: str
    status: Literal["polished", "refused", "failed"]
    texts: tuple[str, ...]
    """One text per polishable paragraph, in order: the rewrites when polished, else the drafts."""
    guarded: tuple[Guarded, ...] = ()
    message: str = ""

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(v for g in self.guarded for v in g.violations)


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


def polish_section(
    plan: Plan, section_key: str, model: BaseChatModel, retrieve: Retriever | None = None
) -> PolishResult:
    """Ask ``model`` to polish ``section_key``; never raises, never returns an unchecked figure."""
    section = plan.section(section_key)
    paras = _polishable(section)
    drafts = tuple(_draft_of(p) for p in paras)
    if not paras:
        return PolishResult(section_key, "refused", drafts, message="这一节没有可润色的正文。")
    keys = dict.fromkeys(k for p in paras for k in p.fact_keys)
    facts = [plan.facts[k] for k in keys if k in plan.facts]
    found = passages(retrieve, section.title)
    # What the section already cites, and the plan's own title, may be named; [n] counts only ``found``.
    cited = [
        f"《{s['title']}》{s.get('doc_no', '')}"
        for p in section.paragraphs
        for s in p.sources
        if s.get("title")
    ]
    ev = evidence(
        texts=[*drafts, *(p.lead + p.units for p in paras), *cited, f"《{plan.title}》"],
        facts=facts,
        passages=found,
    )
    messages = [
        SystemMessage(render("polish_system")),
        HumanMessage(
            render(
                "polish_user",
                plan_title=plan.title,
                section_title=section.title or section.key,
                paragraphs=list(drafts),
                facts=[f"{f.label or f.key}：{f.display}" for f in facts],
                passages=[f"《{p['title']}》{p['doc_no']} {p['section']}：{p['text']}" for p in found],
            )
        ),
    ]
    try:
        answer = model.invoke(messages)
    except Exception as exc:  # a down or slow endpoint leaves the draft in place
        log.warning("polish of %s failed: %s", section_key, type(exc).__name__)
        return PolishResult(
            section_key, "failed", drafts, message="语言模型没有响应，本节保留系统生成的文字。"
        )
    texts = _parse(visible(answer.text), len(drafts))
    if texts is None:
        bad = Violation("format", "", "模型输出格式不符合要求")
        refused = (Guarded(" ".join(drafts), False, (bad,), " ".join(drafts)),)
        return PolishResult(section_key, "refused", drafts, refused, refused[0].notice)
    guarded = tuple(
        guard(t, ev, d, keep_figures_of=d)
        if len(t) <= MAX_GROWTH * len(d) + 20
        else Guarded(d, False, (Violation("format", "", "改写篇幅远超原文"),), d)
        for t, d in zip(texts, drafts, strict=True)
    )
    if all(g.accepted for g in guarded):
        return PolishResult(
            section_key, "polished", tuple(texts), guarded, "本节已由语言模型润色，数字已逐一核对。"
        )
    notice = next(g.notice for g in guarded if not g.accepted)
    return PolishResult(section_key, "refused", drafts, guarded, notice)


def _with_section(plan: Plan, section: Section) -> Plan:
    return replace(plan, sections=[section if s.key == section.key else s for s in plan.sections])


def apply_polish(plan: Plan, result: PolishResult) -> Plan:
    """A new plan whose section holds the polished texts (each paragraph keeps its draft); a result
    that is not ``polished`` changes nothing."""
    if result.status != "polished":
        return plan
    section = plan.section(result.section_key)
    texts, chosen = iter(result.texts), {id(p) for p in _polishable(section)}
    paragraphs = [
        replace(p, text=next(texts), origin="polished", draft_text=_draft_of(p)) if id(p) in chosen else p
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
    plan: Plan, keys: list[str], model: BaseChatModel, retrieve: Retriever | None = None
) -> tuple[Plan, list[PolishResult]]:
    """Polish several sections (a page's group); the plan holds every rewrite the guard accepted."""
    results = []
    for key in keys:
        result = polish_section(plan, key, model, retrieve)
        plan = apply_polish(plan, result)
        results.append(result)
    return plan, results
