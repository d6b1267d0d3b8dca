"""The index as a LangChain retriever (all LangChain imports of the package live here)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from knowledge.index import Index

__all__ = ["KnowledgeRetriever", "as_langchain_retriever"]


class KnowledgeRetriever(BaseRetriever):
    """Hybrid search as Documents; metadata carries the citation fields, the score and ``answerable``.

    A question the corpus cannot answer returns no Documents (unless ``include_unanswerable``).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    k: int = 5
    level: str | None = None
    kind: str | None = None
    status: str | None = None
    include_unanswerable: bool = False

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        result = self.index.search(query, k=self.k, level=self.level, kind=self.kind, status=self.status)
        if not result.answerable and not self.include_unanswerable:
            return []
        return [
            Document(
                page_content=p.text,
                metadata={
                    **{k: v for k, v in p.as_dict().items() if k != "text"},
                    "answerable": result.answerable,
                },
            )
            for p in result.results
        ]


def as_langchain_retriever(index: Index, k: int = 5, **filters: Any) -> KnowledgeRetriever:
    """A LangChain ``BaseRetriever`` over ``index``; filters: level, kind, status, include_unanswerable."""
    return KnowledgeRetriever(index=index, k=k, **filters)
