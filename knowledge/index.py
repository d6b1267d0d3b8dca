"""The retrieval index: policy notes and user documents in Chroma, searched by BM25 with a dense assist.

Scores are on a 0-1 scale that means the same across questions, so one relevance floor can say
"not answerable": lexical = BM25 / (sum of the query terms' idf, i.e. what a passage holding each term
once at average length scores), clipped to 1; dense = cosine similarity; hybrid = (1-w)·lexical + w·dense.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from knowledge.chunking import Chunk, chunk_text
from knowledge.documents import (
    DocumentMeta,
    SourceDocument,
    read_policy_note,
    read_user_file,
)
from knowledge.embeddings import Embedder, build_embedder, model_identity
from knowledge.errors import DocumentError, KnowledgeError
from knowledge.lexical import LexicalIndex, query_tokens, tokenize
from knowledge.settings import KnowledgeSettings
from knowledge.store import COSINE, collection_names, make_client

__all__ = ["MODES", "Index", "Passage", "SearchResult", "corpus_files", "index_identity", "open_index"]

CHUNKER_VERSION = "1"  # bump when chunking or the embedded text format changes
MODES = ("hybrid", "bm25", "dense")
MAX_CHUNKS = 500
"""Chunks of one added document (about 5 s of embedding on a quiet machine here); more are refused
before embedding."""
Progress = Callable[[int, int], None]
_BATCH = 128


@dataclass(frozen=True)
class Passage:
    """One retrieved passage with what a citation needs."""

    text: str
    title: str
    doc_no: str
    section: str
    score: float
    source: str
    level: str = ""
    kind: str = ""
    status: str = ""
    issuer: str = ""
    date: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SearchResult:
    """``answerable`` is False when nothing reaches the relevance floor; ``results`` are the best found."""

    answerable: bool
    results: list[Passage] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"answerable": self.answerable, "results": [p.as_dict() for p in self.results]}


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The indexed notes: every *.md under the corpus dir except README.md and names starting with '_'."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        return []
    return sorted(
        p
        for p in corpus_dir.rglob("*.md")
        if p.is_file() and p.name.lower() != "readme.md" and not p.name.startswith(("_", "."))
    )


def _source_name(path: Path, corpus_dir: Path) -> str:
    return Path(corpus_dir).name + "/" + path.relative_to(corpus_dir).as_posix()


def _chunking_identity(settings: KnowledgeSettings) -> dict:
    return {"max": settings.chunk_max_chars, "min": settings.chunk_min_chars, "version": CHUNKER_VERSION}


def index_identity(settings: KnowledgeSettings) -> str:
    """Hash of the model, the chunking parameters and every corpus file's content: any change rebuilds."""
    corpus_dir = Path(settings.corpus_dir)
    files = [
        (_source_name(p, corpus_dir), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in corpus_files(corpus_dir)
    ]
    payload = {
        "model": model_identity(settings.embedding_model),
        "chunking": _chunking_identity(settings),
        "corpus": files,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _user_identity(settings: KnowledgeSettings) -> str:
    payload = {"model": model_identity(settings.embedding_model), "chunking": _chunking_identity(settings)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _embed_text(meta: dict, text: str) -> str:
    return "\n".join(part for part in (meta["title"], meta["section"], text) if part)


def _lexical_text(meta: dict, text: str) -> str:
    return " ".join(part for part in (meta["title"], meta["doc_no"], meta["section"], text) if part)


@dataclass(frozen=True)
class _View:
    """What one search reads: passages, their BM25 index and filter columns, and the collections to
    query densely. Built whole and swapped in one assignment, so a search never sees half an update."""

    ids: list[str]
    texts: list[str]
    metas: list[dict]
    lexical: LexicalIndex
    columns: dict[str, np.ndarray]
    position: dict[str, int]
    collections: tuple[str, ...]
    extra: int = 0
    """Passages of the workspace's own collection in this view (to notice another process's additions)."""


def _make_view(ids: list[str], texts: list[str], metas: list[dict], collections: tuple[str, ...]) -> _View:
    order = sorted(
        range(len(ids)), key=lambda i: (metas[i]["origin"], metas[i]["source"], metas[i]["ordinal"])
    )
    ids = [ids[i] for i in order]
    texts = [texts[i] for i in order]
    metas = [metas[i] for i in order]
    return _View(
        ids=ids,
        texts=texts,
        metas=metas,
        lexical=LexicalIndex([tokenize(_lexical_text(m, t)) for m, t in zip(metas, texts, strict=True)]),
        columns={
            key: np.array([m.get(key, "") for m in metas], dtype=object)
            for key in ("level", "kind", "status")
        },
        position={chunk_id: i for i, chunk_id in enumerate(ids)},
        collections=collections,
    )


_WORKSPACE_VIEWS = 32  # searched workspaces kept in memory (each is the corpus plus its own documents)


class Index:
    """Search and maintain the index. Built by :func:`open_index`; holds the Chroma collections and BM25.

    Each workspace has its own collection of policy documents, searched together with the shared corpus;
    no workspace sees another's. Updates build a new view and swap it in under a lock."""

    def __init__(self, settings: KnowledgeSettings, client, embedder: Embedder | None = None):
        self.settings = settings
        self._client = client
        self._embedder = embedder
        self.identity = index_identity(settings)
        self._user_identity = _user_identity(settings)
        self._lock = threading.RLock()
        self._base = _make_view([], [], [], ())
        self._views: OrderedDict[str, _View] = OrderedDict()

    # -- wiring --
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = build_embedder(self.settings.embedding_model)
        return self._embedder

    @property
    def policy_collection_name(self) -> str:
        return f"policy-{self.identity[:32]}"

    @property
    def user_collection_name(self) -> str:
        return f"user-{self._user_identity[:32]}"

    def _user_store(self, workspace: str | None = None) -> Path:
        root = self.settings.resolved_data_dir() / "user_docs"
        return root / f"ws-{_workspace_key(workspace)}" if workspace else root

    def workspace_collection_name(self, workspace: str) -> str:
        return f"ws-{_workspace_key(workspace)}-{self._user_identity[:16]}"

    def _collection(self, name: str, expected: int | None = None):
        metadata = {"expected": expected} if expected is not None else None
        return self._client.get_or_create_collection(
            name, embedding_function=None, configuration=COSINE, metadata=metadata
        )

    def _is_complete(self, name: str) -> bool:
        if name not in collection_names(self._client):
            return False
        collection = self._client.get_collection(name, embedding_function=None)
        expected = (collection.metadata or {}).get("expected")
        return expected is not None and collection.count() == expected

    # -- building --
    def _chunk(self, doc: SourceDocument) -> tuple[list[str], list[str], list[dict]]:
        chunks: list[Chunk] = chunk_text(
            doc.text, doc.meta.title, self.settings.chunk_max_chars, self.settings.chunk_min_chars
        )
        base = doc.meta.as_dict()
        ids, texts, metas = [], [], []
        for chunk in chunks:
            ids.append(f"{doc.meta.doc_id}-{chunk.ordinal:04d}")
            texts.append(chunk.text)
            metas.append({**base, "section": chunk.section, "ordinal": chunk.ordinal})
        return ids, texts, metas

    def _fill(self, name: str, docs: list[SourceDocument], progress: Progress | None) -> None:
        ids, texts, metas = [], [], []
        for doc in docs:
            i, t, m = self._chunk(doc)
            ids += i
            texts += t
            metas += m
        if name in collection_names(self._client):
            self._client.delete_collection(name)
        collection = self._collection(name, expected=len(ids))
        total = len(ids)
        if progress:
            progress(0, total)
        for start in range(0, total, _BATCH):
            end = min(start + _BATCH, total)
            vectors = self.embedder.embed_documents(
                [_embed_text(metas[i], texts[i]) for i in range(start, end)]
            )
            collection.add(
                ids=ids[start:end], embeddings=vectors, documents=texts[start:end], metadatas=metas[start:end]
            )
            if progress:
                progress(end, total)

    def _drop_stale(self, prefix: str, keep: str) -> None:
        for name in collection_names(self._client):
            if name.startswith(prefix) and name != keep:
                self._client.delete_collection(name)

    def _policy_documents(self) -> list[SourceDocument]:
        corpus_dir = Path(self.settings.corpus_dir)
        return [read_policy_note(p, _source_name(p, corpus_dir)) for p in corpus_files(corpus_dir)]

    def _user_documents(self, workspace: str | None = None) -> list[SourceDocument]:
        docs = []
        store = self._user_store(workspace)
        for file in sorted(store.glob("*.json")) if store.is_dir() else []:
            data = json.loads(file.read_text(encoding="utf-8"))
            docs.append(SourceDocument(meta=DocumentMeta(**data["meta"]), text=data["text"]))
        return docs

    def build(self, progress: Progress | None = None) -> None:
        """(Re)build the policy collection from the corpus and the user collection from saved user files."""
        self.identity = index_identity(self.settings)
        self._fill(self.policy_collection_name, self._policy_documents(), progress)
        self._fill(self.user_collection_name, self._user_documents(), None)
        self._drop_stale("policy-", self.policy_collection_name)
        self._drop_stale("user-", self.user_collection_name)
        self._load()

    def ensure_built(self, progress: Progress | None = None) -> bool:
        """Build what is missing or stale; True when something was (re)built."""
        built = False
        if not self._is_complete(self.policy_collection_name):
            self._fill(self.policy_collection_name, self._policy_documents(), progress)
            self._drop_stale("policy-", self.policy_collection_name)
            built = True
        if not self._is_complete(self.user_collection_name):
            self._fill(self.user_collection_name, self._user_documents(), None)
            self._drop_stale("user-", self.user_collection_name)
            built = True
        self._load()
        return built

    def _load(self) -> None:
        """Read every shared passage back from Chroma and build the in-memory BM25 index over them."""
        names = (self.policy_collection_name, self.user_collection_name)
        ids, texts, metas = self._read(names)
        with self._lock:
            self._base = _make_view(ids, texts, metas, names)
            self._views.clear()

    def _read(self, names: tuple[str, ...]) -> tuple[list[str], list[str], list[dict]]:
        ids, texts, metas = [], [], []
        for name in names:
            got = self._client.get_collection(name, embedding_function=None).get(
                include=["documents", "metadatas"]
            )
            ids += got["ids"]
            texts += got["documents"]
            metas += got["metadatas"]
        return ids, texts, metas

    def _count(self, name: str) -> int:
        try:
            return self._client.get_collection(name, embedding_function=None).count()
        except Exception:  # not created yet
            return -1

    def _view(self, workspace: str | None) -> _View:
        """The shared view, or the shared passages plus ``workspace``'s own (built on first use)."""
        if not workspace:
            return self._base
        with self._lock:
            name = self.workspace_collection_name(workspace)
            view = self._views.get(workspace)
            if view is not None and view.extra == self._count(name):  # another replica may have added
                self._views.move_to_end(workspace)
                return view
            if not self._is_complete(name):
                self._fill(name, self._user_documents(workspace), None)
                self._drop_stale(f"ws-{_workspace_key(workspace)}-", name)
            base = self._base
            ids, texts, metas = self._read((name,))
            view = replace(
                _make_view(base.ids + ids, base.texts + texts, base.metas + metas, (*base.collections, name)),
                extra=len(ids),
            )
            self._views[workspace] = view
            while len(self._views) > _WORKSPACE_VIEWS:
                self._views.popitem(last=False)
            return view

    # -- user documents --
    def add_file(
        self, path: str | Path, workspace: str | None = None, progress: Progress | None = None
    ) -> dict:
        """Add or replace a user document (.md .txt .docx .pdf); returns its metadata with the chunk count.

        With ``workspace`` it goes to that workspace's own collection (replacing a document of the same
        file name there), seen only by searches of that workspace; without, to the shared user collection
        (an administrator's ``python -m knowledge add``). Raises DocumentError with a Chinese message for
        a missing, unsupported, broken, empty or too long file (MAX_CHUNKS); then nothing is changed.
        ``progress(done, total)`` follows the embedding, which takes most of the time.
        """
        doc = read_user_file(Path(path))
        if workspace:
            key = hashlib.sha1(f"{workspace}/{Path(path).name}".encode()).hexdigest()[:16]
            doc = replace(doc, meta=replace(doc.meta, doc_id=f"w-{key}", source=Path(path).name))
        ids, texts, metas = self._chunk(doc)
        if not ids:
            raise DocumentError(f"文件 {Path(path).name} 中没有可检索的正文。")
        if len(ids) > MAX_CHUNKS:
            raise DocumentError(
                f"文件 {Path(path).name} 切分后有{len(ids)}段，超过{MAX_CHUNKS}段的上限，请拆分后再上传。"
            )
        vectors = []
        if progress:
            progress(0, len(ids))
        for start in range(0, len(ids), _BATCH):
            end = min(start + _BATCH, len(ids))
            vectors += self.embedder.embed_documents(
                [_embed_text(metas[i], texts[i]) for i in range(start, end)]
            )
            if progress:
                progress(end, len(ids))
        with self._lock:
            if workspace:
                self._view(workspace)  # makes sure its collection exists and is complete
                name = self.workspace_collection_name(workspace)
            else:
                name = self.user_collection_name
            collection = self._client.get_collection(name, embedding_function=None)
            collection.delete(where={"doc_id": doc.meta.doc_id})
            collection.add(ids=ids, embeddings=vectors, documents=texts, metadatas=metas)
            store = self._user_store(workspace)
            store.mkdir(parents=True, exist_ok=True)
            record = {"meta": doc.meta.as_dict(), "text": doc.text}
            (store / f"{doc.meta.doc_id}.json").write_text(
                json.dumps(record, ensure_ascii=False), encoding="utf-8"
            )
            collection.modify(metadata={"expected": collection.count()})
            if workspace:
                self._views.pop(workspace, None)
            else:
                self._load()
        return {**doc.meta.as_dict(), "chunks": len(ids)}

    def documents(self, workspace: str | None = None) -> list[dict]:
        """One entry per indexed document (policy, shared user and ``workspace``'s own) with its chunk
        count, for a library view."""
        seen: dict[str, dict] = {}
        for meta in self._view(workspace).metas:
            entry = seen.get(meta["doc_id"])
            if entry is None:
                keys = (
                    "doc_id",
                    "title",
                    "doc_no",
                    "issuer",
                    "date",
                    "level",
                    "kind",
                    "status",
                    "source",
                    "origin",
                )
                seen[meta["doc_id"]] = {**{k: meta.get(k, "") for k in keys}, "chunks": 1}
            else:
                entry["chunks"] += 1
        return list(seen.values())

    def __len__(self) -> int:
        return len(self._base.ids)

    # -- search --
    @staticmethod
    def _mask(view: _View, level: str | None, kind: str | None, status: str | None) -> np.ndarray:
        mask = np.ones(len(view.ids), dtype=bool)
        for key, value in (("level", level), ("kind", kind), ("status", status)):
            if value:
                mask &= view.columns[key] == value
        return mask

    @staticmethod
    def _where(level: str | None, kind: str | None, status: str | None) -> dict | None:
        conditions = [{k: v} for k, v in (("level", level), ("kind", kind), ("status", status)) if v]
        if not conditions:
            return None
        return conditions[0] if len(conditions) == 1 else {"$and": conditions}

    def _dense(self, view: _View, query: str, where: dict | None, n: int) -> dict[str, float]:
        vector = self.embedder.embed_query(query)
        scores: dict[str, float] = {}
        for name in view.collections:
            collection = self._client.get_collection(name, embedding_function=None)
            size = collection.count()
            if not size:
                continue
            got = collection.query(
                query_embeddings=[vector], n_results=min(n, size), where=where, include=["distances"]
            )
            for chunk_id, distance in zip(got["ids"][0], got["distances"][0], strict=True):
                scores[chunk_id] = max(0.0, 1.0 - float(distance))
        return scores

    def search(
        self,
        query: str,
        k: int = 5,
        level: str | None = None,
        kind: str | None = None,
        status: str | None = None,
        mode: str = "hybrid",
        workspace: str | None = None,
    ) -> SearchResult:
        """Best ``k`` passages for ``query`` by level/kind/status; mode 'hybrid', 'bm25' or 'dense'.

        ``workspace`` adds that workspace's own documents to the shared corpus (and no other's)."""
        if mode not in MODES:
            raise KnowledgeError(f"未知的检索方式 {mode}，应为 {'/'.join(MODES)}。")
        query = (query or "").strip()
        view = self._view(workspace)
        if not query or not view.ids:
            return SearchResult(answerable=False, results=[])
        mask = self._mask(view, level, kind, status)
        n = self.settings.candidates
        scores: dict[int, float] = {}
        weight = self.settings.dense_weight
        if mode in ("hybrid", "bm25"):
            tokens, ceiling_tokens = query_tokens(query)
            ceiling = view.lexical.ceiling(ceiling_tokens)
            raw = view.lexical.scores(tokens)
            lexical = (
                np.where(mask, np.clip(raw / ceiling, 0.0, 1.0), 0.0) if ceiling > 0 else np.zeros(len(raw))
            )
            top = [i for i in np.argsort(-lexical, kind="stable")[:n] if lexical[i] > 0]
        if mode == "bm25" or (mode == "hybrid" and weight == 0):
            scores = {int(i): float(lexical[i]) for i in top}
        else:
            dense = {
                view.position[c]: s
                for c, s in self._dense(view, query, self._where(level, kind, status), n).items()
                if c in view.position
            }
            if mode == "dense":
                scores = dense
            else:
                floor = min(dense.values(), default=0.0)
                candidates = set(map(int, top)) | set(dense)
                scores = {
                    i: (1 - weight) * float(lexical[i]) + weight * dense.get(i, floor) for i in candidates
                }
        if status is None and self.settings.repealed_weight < 1:
            repealed = view.columns["status"] == "废止"
            scores = {i: s * self.settings.repealed_weight if repealed[i] else s for i, s in scores.items()}
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        results = [self._passage(view, i, s) for i, s in ranked]
        best = results[0].score if results else 0.0
        answerable = bool(results) and (not self.settings.refusal or best >= self.settings.relevance_floor)
        return SearchResult(answerable=answerable, results=results)

    @staticmethod
    def _passage(view: _View, i: int, score: float) -> Passage:
        meta = view.metas[i]
        return Passage(
            text=view.texts[i],
            title=meta["title"],
            doc_no=meta.get("doc_no", ""),
            section=meta.get("section", ""),
            score=round(float(score), 4),
            source=meta["source"],
            level=meta.get("level", ""),
            kind=meta.get("kind", ""),
            status=meta.get("status", ""),
            issuer=meta.get("issuer", ""),
            date=meta.get("date", ""),
        )


def _workspace_key(workspace: str) -> str:
    """A collection-name-safe key for a workspace id (Chroma names are ASCII)."""
    return hashlib.sha256(str(workspace).encode("utf-8")).hexdigest()[:24]


def open_index(
    settings: KnowledgeSettings | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> Index:
    """Open the index for the settings, building it first when missing or stale (identity changed)."""
    settings = settings or KnowledgeSettings()
    index = Index(settings, make_client(settings), embedder)
    index.ensure_built(progress)
    return index
