"""Retrieval over the policy corpus and the user's documents, with citations and refusal.

    from knowledge import open_index
    index = open_index()                      # builds on first use, reuses while nothing changed
    result = index.search("小学班额不得超过多少人？", k=5, level=None, kind=None, status="现行")
    result.answerable, result.results[0].doc_no, result.results[0].section
    index.add_file("本县实施办法.docx")        # user document: its own collection, replaced on re-add
    index.documents()                          # one dict per document, for a library view
    retriever = as_langchain_retriever(index)  # LangChain BaseRetriever returning Documents

Errors are KnowledgeError subclasses whose message is a Chinese sentence for the user.
"""

from knowledge.documents import KINDS, LEVELS, STATUSES, USER_FILE_TYPES
from knowledge.errors import CorpusError, DocumentError, IndexUnavailableError, KnowledgeError
from knowledge.index import Index, Passage, SearchResult, open_index
from knowledge.settings import KnowledgeSettings

__all__ = [
    "KINDS",
    "LEVELS",
    "STATUSES",
    "USER_FILE_TYPES",
    "CorpusError",
    "DocumentError",
    "Index",
    "IndexUnavailableError",
    "KnowledgeError",
    "KnowledgeSettings",
    "Passage",
    "SearchResult",
    "as_langchain_retriever",
    "open_index",
]


def as_langchain_retriever(index: Index, k: int = 5, **filters):
    """A langchain_core BaseRetriever over ``index`` (LangChain is imported only when this is called)."""
    from knowledge.langchain_retriever import as_langchain_retriever as build

    return build(index, k=k, **filters)
