"""The chat: one message in, one structured reply out, from the metrics, the policy index and the plan.

Public API::

    ctx = ChatContext(evaluation=ev, schools=frame, search=index.search, planner=default_api())
    state = ChatState()
    reply = respond("城关二小还差什么？", ctx, state)
    TOOLS["school_gaps"].args, TOOLS["school_gaps"].run      # the typed tools, for a language model

Modules: engine (respond), intents (+ intents.yaml: the router), entities (+ vocabulary.yaml), names
(school names), numbers (one number parser), tools (typed tools), data / aggregates / plan / policy /
trend / files / documents (the answers), types (Reply, ChatContext, ChatState).
"""

from planner.chat.engine import example_questions, help_reply, respond
from planner.chat.plan import default_api
from planner.chat.tools import TOOLS, Tool, call
from planner.chat.types import (
    Chart,
    ChatContext,
    ChatState,
    Citation,
    FileOut,
    Memory,
    Pending,
    PlanApi,
    Reply,
    Table,
)

__all__ = [
    "TOOLS",
    "Chart",
    "ChatContext",
    "ChatState",
    "Citation",
    "FileOut",
    "Memory",
    "Pending",
    "PlanApi",
    "Reply",
    "Table",
    "Tool",
    "call",
    "default_api",
    "example_questions",
    "help_reply",
    "respond",
]
