"""A small OpenAI-compatible (and Ollama /api/chat) server on 127.0.0.1 for wire tests and the guard's
adversarial bench: it answers /v1/chat/completions with scripted replies in order — or, once the
script is spent, with its ``default`` step, which may be a fault (``fault(mode)``: hang, slow,
huge_reply, huge_tool_argument, malformed_tool_call, http_500) — and records every request."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def completion(content: str = "", tool_calls: list[dict] | None = None) -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = [
            {
                "id": f"call-{i}",
                "type": "function",
                "function": {"name": c["name"], "arguments": json.dumps(c["args"], ensure_ascii=False)},
            }
            for i, c in enumerate(tool_calls)
        ]
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "stub",
        "choices": [
            {"index": 0, "message": message, "finish_reason": "tool_calls" if tool_calls else "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@dataclass
class Stub:
    """``script`` items: a completion dict, a function of the request body returning one,
    ("sleep", seconds) to answer too late, ("hang",) to never answer, ("status", code) for an HTTP
    error, ("slow", seconds, step) to answer ``step`` after a delay. ``default`` answers when the
    script is spent."""

    script: list[Any] = field(default_factory=list)
    default: Any = None
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    host: str = ""


def serve(stub: Stub) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            stub.requests.append(body)
            stub.headers.append({k.lower(): v for k, v in self.headers.items()})
            step = stub.script.pop(0) if stub.script else stub.default or completion("（无脚本回复）")
            if isinstance(step, tuple) and step[0] == "slow":
                stub.stop.wait(step[1])
                step = step[2]
            if callable(step):
                step = step(body)
            if isinstance(step, tuple) and step[0] == "sleep":
                stub.stop.wait(step[1])
                step = completion("太晚了")
            if isinstance(step, tuple) and step[0] == "hang":
                stub.stop.wait()
                return
            if isinstance(step, tuple) and step[0] == "status":
                data = json.dumps({"error": {"message": "server error", "type": "server_error"}}).encode()
                try:
                    self.send_response(step[1])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            if self.path.startswith("/api/chat"):  # Ollama's native API: one NDJSON line
                message = step["choices"][0]["message"]
                step = {
                    "model": "stub",
                    "created_at": "2026-01-01T00:00:00Z",
                    "message": {"role": "assistant", "content": message.get("content") or ""},
                    "done": True,
                    "done_reason": "stop",
                }
            data = json.dumps(step, ensure_ascii=False).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    stub.host = f"http://127.0.0.1:{server.server_address[1]}"
    return server


def echo_polish(body: dict) -> dict:
    """A polish that rewrites only 经测算 → 据测算 in the paragraphs it was sent (第N段：…)."""
    prompt = body["messages"][-1]["content"]
    paragraphs = [line.split("：", 1)[1] for line in prompt.splitlines() if re.match(r"第\d+段：", line)]
    return completion(
        json.dumps({"paragraphs": [p.replace("经测算", "据测算") for p in paragraphs]}, ensure_ascii=False)
    )


FAULTS = ("hang", "slow", "huge_reply", "huge_tool_argument", "malformed_tool_call", "http_500")


def fault(mode: str, timeout: float = 5.0) -> Any:
    """The step a faulty server answers every request with: never (hang), too slowly for the turn
    (slow: each answer after 0.6 of the timeout, always asking for another tool), 5 MB of text, a tool
    call with a 1 MB argument, a tool call whose arguments are not JSON, or HTTP 500."""
    if mode == "hang":
        return ("hang",)
    if mode == "slow":
        return ("slow", 0.6 * timeout, completion(tool_calls=[{"name": "overview", "args": {}}]))
    if mode == "huge_reply":
        return completion("全镇学校均已达标。" * 190_000)  # about 5 MB
    if mode == "huge_tool_argument":
        return completion(tool_calls=[{"name": "school_gaps", "args": {"school": "石" * 1_000_000}}])
    if mode == "malformed_tool_call":
        broken = completion(tool_calls=[{"name": "school_gaps", "args": {}}])
        call = broken["choices"][0]["message"]["tool_calls"][0]
        call["function"]["arguments"] = '{"school": "石桥小学"'  # cut off: not JSON
        return broken
    if mode == "http_500":
        return ("status", 500)
    raise ValueError(f"unknown fault mode {mode!r}; one of {', '.join(FAULTS)}")
