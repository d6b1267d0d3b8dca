"""The chat: one message in, one structured reply out, from the metrics, the policy index and the plan.

Public API::

    ctx = ChatContext(evaluation=ev, schools=frame, search=index.search, planner=default_api())
    state = ChatState()
    reply = respond("城关二小还差什么？", ctx, state)
    TOOLS["school_gaps"].args, TOOLS["school_gaps"].run      # the typed tools, for a language model

Modules: engine (respond); router (scope with the conversation, the tool call), reading (+ lexicon.yaml),
grammar (+ grammar.yaml: what a question asks), query (the typed reading), entities (+ vocabulary.yaml),
names (school names, by sound too), numbers (one number parser); args (the tools' argument models),
tools (the tool table), where (which schools); the answers: data, aggregates, compare, transfer,
standard, guarantees, costs, plan, edits, policy, trend, files, documents; types (Reply, ChatContext,
ChatState). intents keeps the old import path of ``route``.
"""

import lazy_loader

# Submodules load on first use: the page's first screen must not wait for the drafting, chat or
# export modules (and scipy, jieba, pypinyin behind them).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "engine": ["example_questions", "help_reply", "respond"],
        "plan": ["default_api"],
        "tools": ["TOOLS", "Tool", "call"],
        "types": [
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
        ],
    },
)
