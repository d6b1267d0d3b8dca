"""The router's old import path, kept for callers outside the chat package (planner.llm): the rule
router is planner.chat.router now (a reading of each question, not a table of intents)."""

from planner.chat.router import Routed, route

__all__ = ["Routed", "route"]
