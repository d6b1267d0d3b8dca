"""Errors the knowledge package raises; every message is Chinese and names the file it is about."""

from __future__ import annotations

__all__ = ["CorpusError", "DocumentError", "IndexUnavailableError", "KnowledgeError"]


class KnowledgeError(Exception):
    """Base class: ``str(err)`` is a complete Chinese sentence fit to show to a user."""


class DocumentError(KnowledgeError):
    """A file could not be read as a document (missing, empty, broken, unsupported type)."""


class CorpusError(KnowledgeError):
    """A policy corpus file is malformed (front matter missing or invalid)."""


class IndexUnavailableError(KnowledgeError):
    """The vector store (embedded directory or Chroma server) cannot be reached or opened."""
