"""Test doubles for the optional model: langchain-core's fake chat model that records what it was sent
and accepts bound tools (the fake itself has no bind_tools)."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import Field


class RecordingFake(FakeMessagesListChatModel):
    """Answers with ``responses`` in order; ``seen`` holds every message list it was sent."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)
    tools: list[Any] = Field(default_factory=list)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.seen.append(list(messages))
        return super()._generate(messages, stop, run_manager, **kwargs)

    def bind_tools(self, tools, **kwargs):
        self.tools = list(tools)
        return self


def fake(*responses: AIMessage | str) -> RecordingFake:
    msgs = [r if isinstance(r, AIMessage) else AIMessage(r) for r in responses]
    return RecordingFake(responses=msgs)


def polished(*paragraphs: str) -> str:
    return json.dumps({"paragraphs": list(paragraphs)}, ensure_ascii=False)


def tool_call(name: str, args: dict, call_id: str = "call-1") -> AIMessage:
    return AIMessage("", tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}])
