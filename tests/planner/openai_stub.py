"""A small OpenAI-compatible (and Ollama /api/chat) server on 127.0.0.1 for wire tests: it answers
/v1/chat/completions with scripted replies in order (or sleeps, for timeouts) and records every request."""

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
    """``script`` items: a completion dict, a function of the request body returning one, or
    ("sleep", seconds) to answer too late."""

    script: list[Any] = field(default_factory=list)
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
            step = stub.script.pop(0) if stub.script else completion("（无脚本回复）")
            if callable(step):
                step = step(body)
            if isinstance(step, tuple) and step[0] == "sleep":
                stub.stop.wait(step[1])
                step = completion("太晚了")
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
