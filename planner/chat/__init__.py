"""The chat: one message in, one structured reply out, from the metrics, the policy index and the plan.

Public API::

    ctx = ChatContext(evaluation=ev, standard=std, search=index.search)
    state = ChatState()
    reply = respond("城关二小还差什么？", ctx, state)
"""

from planner.chat.engine import (
    Chart,
    ChatContext,
    ChatState,
    Citation,
    FileOut,
    Pending,
    Reply,
    Table,
    example_questions,
    help_reply,
    respond,
)

__all__ = [
    "Chart",
    "ChatContext",
    "ChatState",
    "Citation",
    "FileOut",
    "Pending",
    "Reply",
    "Table",
    "example_questions",
    "help_reply",
    "respond",
]
