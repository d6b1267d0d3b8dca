"""Shared services built once per process: the policy index (opened in the background, searched by
BM25 until the dense model has loaded), the workspace store, the drafting API and cached parsing and
evaluation of stored datasets."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import streamlit as st

import metrics
from planner.years import year_rows

log = logging.getLogger("junheng.app")


@st.cache_resource(show_spinner=False)
def _index_slot() -> dict[str, Any]:
    """Holds the process's index loading (Futures), shared by every session."""
    return {"lock": threading.Lock()}


def _open_index() -> Any:
    from knowledge import KnowledgeSettings, open_index

    host = os.environ.get("JUNHENG_CHROMA_HOST") or None  # a Chroma server shared by replicas
    port = int(os.environ.get("JUNHENG_CHROMA_PORT", 8000))
    return open_index(KnowledgeSettings(chroma_host=host, chroma_port=port))


def index_future() -> Future:
    """Open (or build) the policy index in a background thread, once per process; then load the dense
    model in the same thread. Started by the first run, after the page has drawn."""
    slot = _index_slot()
    with slot["lock"]:
        if "future" not in slot:
            pool = ThreadPoolExecutor(1, thread_name_prefix="policy-index")
            slot["future"] = pool.submit(_open_index)
            slot["model"] = pool.submit(_warm_model, slot["future"])
        return slot["future"]


def _warm_model(opened: Future) -> bool:
    """Load the embedding model (the slow part after a restart) so that searches can use it."""
    try:
        _ = opened.result().embedder
    except Exception:
        log.exception("embedding model unavailable: searches stay lexical")
        return False
    return True


def model_ready() -> bool:
    model = _index_slot().get("model")
    return model is not None and model.done() and not model.exception() and bool(model.result())


class WarmingIndex:
    """The opened index; while the dense model loads, a search runs on BM25 alone, so no question
    waits for the model."""

    def __init__(self, index: Any):
        self._index = index

    def search(self, *args: Any, **kwargs: Any) -> Any:
        if not model_ready() and kwargs.get("mode", "hybrid") == "hybrid":
            kwargs["mode"] = "bm25"
        return self._index.search(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # documents(), add_file() … as the index has them
        return getattr(self._index, name)


class PendingIndex:
    """The policy index while it opens: a search waits for the opening (seconds), never for the model."""

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return WarmingIndex(index_future().result()).search(*args, **kwargs)


def policy_index() -> tuple[Any, str | None]:
    """The retrieval index (a PendingIndex while it opens), and a Chinese message if it failed."""
    future = _index_slot().get("future")
    if future is None or not future.done():
        return PendingIndex(), None
    try:
        return WarmingIndex(future.result()), None
    except Exception as exc:  # KnowledgeError carries a Chinese sentence; anything else gets a generic one
        log.exception("policy index unavailable")
        _index_slot().pop("future", None)  # the next run tries again
        message = str(exc) if exc.__class__.__module__.startswith("knowledge") else "政策库加载失败。"
        return None, message


def index_loading() -> bool:
    """Whether the index is still opening or its model still loading (the page says so)."""
    slot = _index_slot()
    future, model = slot.get("future"), slot.get("model")
    return future is None or not future.done() or (model is not None and not model.done())


@st.cache_resource(show_spinner=False)
def template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "学校数据模板.xlsx"
        metrics.write_template(path)
        return path.read_bytes()


def planner_api() -> Any:
    """The drafting API, or None (the chat and the 方案 tab then say drafting is unavailable)."""
    from planner.chat.plan import default_api

    try:
        return default_api()
    except Exception:
        log.exception("planner API unavailable")
        return None


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Any:
    from workspaces import open_store

    return open_store(url)


def store() -> Any:
    """The workspace store (SQLite in the data directory or DATABASE_URL), or None when unavailable."""
    from workspaces.db import database_url

    try:
        return _open_store(database_url())
    except Exception:
        log.exception("workspace store unavailable")
        return None


@st.cache_resource(show_spinner=False, max_entries=64)
def parsed(digest: str, filename: str, _content: bytes) -> Any:
    """A stored dataset parsed once per process (keyed by its content hash)."""
    return metrics.load_schools(_content, filename=filename)


@st.cache_resource(show_spinner=False)
def standard(key: str) -> Any:
    return metrics.load_standard(key)


@st.cache_resource(show_spinner=False, max_entries=256)
def year_evaluation(digest: str, filename: str, year: int, standard_key: str, _content: bytes) -> Any:
    """One stored year evaluated once per process, shared by every session."""
    result = year_rows(parsed(digest, filename, _content), year)
    warnings = tuple(str(w) for w in result.warnings)
    return metrics.evaluate(result.frame, standard(standard_key), warnings=warnings)
