"""The Chroma client: an embedded persistent store under the data dir, or a server by setting."""

from __future__ import annotations

from knowledge.errors import IndexUnavailableError
from knowledge.settings import KnowledgeSettings

__all__ = ["COSINE", "collection_names", "make_client"]

COSINE = {"hnsw": {"space": "cosine"}}


def make_client(settings: KnowledgeSettings):
    """A chromadb client for the settings; telemetry off; never an embedding function of Chroma's own."""
    import chromadb
    from chromadb.config import Settings

    chroma_settings = Settings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
            client.heartbeat()
        except Exception as exc:
            raise IndexUnavailableError(
                f"无法连接检索库服务 {settings.chroma_host}:{settings.chroma_port}，"
                "请确认 Chroma 服务已启动。"
            ) from exc
        return client
    path = settings.resolved_data_dir() / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:
        raise IndexUnavailableError(f"无法打开检索库目录 {path}：{exc}") from exc


def collection_names(client) -> list[str]:
    return [c if isinstance(c, str) else c.name for c in client.list_collections()]
