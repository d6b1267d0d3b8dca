"""The optional language model: built from settings (none by default), it may polish a section's
prose or phrase a free question's answer from the chat's tools, but every claim it writes — each
figure with its school, stage, year, measure and payer, and each verdict without a figure — must match
the evaluation's and the plan's facts, and every citation a retrieved passage (``guard``: ``claims``
reads prose into claims, ``evidence`` builds what may be stated). A call gets one timeout
(``budget``); uploaded documents are quoted material, never evidence.

Public API::

    settings = LLMSettings(provider="openai", base_url="http://127.0.0.1:8000/v1", model="qwen")
    model = build_chat_model(settings)            # None when provider is "none"
    check_connection(settings).message            # 测试连接
    result = polish_section(plan, "tasks.building", model, evaluation=ev)
    plan = apply_polish(plan, result); plan = restore_draft(plan, "tasks.building")
    turn = respond_with_model("帮我想想钱花在哪", ctx, state, model, tick=on_wait)
    guard(text, evidence(texts=[draft], facts=plan.facts, evaluation=ev, plan=plan), draft).label
"""

from planner.llm.builder import ConnectionReport, build_chat_model, check_connection
from planner.llm.chat import Turn, respond_with_model
from planner.llm.guard import Evidence, Guarded, Violation, check, evidence, guard, review
from planner.llm.polish import PolishResult, apply_polish, polish_section, polish_sections, restore_draft
from planner.llm.settings import LLMSettings, api_key
from planner.numerals import Numeral, find_numbers

__all__ = [
    "ConnectionReport",
    "Evidence",
    "Guarded",
    "LLMSettings",
    "Numeral",
    "PolishResult",
    "Turn",
    "Violation",
    "api_key",
    "apply_polish",
    "build_chat_model",
    "check",
    "check_connection",
    "evidence",
    "find_numbers",
    "guard",
    "polish_section",
    "polish_sections",
    "respond_with_model",
    "restore_draft",
    "review",
]
