"""BM25 over jieba tokens: the field's terms as a user dictionary, officials' words expanded at query time.

The dictionary, the synonyms and the stop words are data files in knowledge/data/.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["tokenize", "query_tokens", "LexicalIndex", "DATA_DIR"]

DATA_DIR = Path(__file__).resolve().parent / "data"
_WORDLIKE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def _lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DATA_DIR / "userdict.txt"))
    return tokenizer


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(_lines("stopwords.txt"))


@lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = []
    for line in _lines("synonyms.tsv"):
        term, _, expansion = line.partition("\t")
        pairs.append((term.strip(), tuple(expansion.split())))
    return tuple(pairs)


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (long terms and their parts), lower-cased, without stop words and punctuation."""
    stop = _stopwords()
    return [
        token
        for token in (t.strip().lower() for t in _tokenizer().cut_for_search(text))
        if token and token not in stop and _WORDLIKE.search(token)
    ]


def query_tokens(query: str) -> tuple[list[str], list[str]]:
    """(tokens of the query as typed, extra tokens from synonyms the query contains)."""
    own = tokenize(query)
    seen = set(own)
    extra: list[str] = []
    for term, expansions in _synonyms():
        if term in query:
            for phrase in expansions:
                for token in tokenize(phrase):
                    if token not in seen:
                        seen.add(token)
                        extra.append(token)
    return own, extra


class LexicalIndex:
    """bm25s over pre-tokenised passages, plus each query's attainable score for a 0-1 scale."""

    def __init__(self, corpus_tokens: list[list[str]]):
        import bm25s

        self.size = len(corpus_tokens)
        self._bm25 = bm25s.BM25(k1=1.5, b=0.75, method="lucene") if self.size else None
        if self._bm25 is not None:
            self._bm25.index(corpus_tokens, show_progress=False)
        self._df = Counter(token for tokens in corpus_tokens for token in set(tokens))

    def idf(self, token: str) -> float:
        """Lucene idf, the one bm25s uses; a term no passage contains gets the largest idf."""
        df = self._df.get(token, 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def ceiling(self, tokens: list[str]) -> float:
        """What a passage holding each query term once, at average length, scores: the sum of idfs."""
        return sum(self.idf(t) for t in set(tokens))

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage for ``tokens`` (zeros when nothing matches)."""
        if self._bm25 is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        known = [t for t in tokens if t in self._df]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
