"""BM25 over jieba tokens: the field's terms as a user dictionary, officials' words expanded at query time.

The dictionary, the synonyms and the stop words are data files in knowledge/data/.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

__all__ = ["DATA_DIR", "LexicalIndex", "query_tokens", "tokenize"]

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


def _keep(token: str, stop: frozenset[str]) -> bool:
    return bool(token) and token not in stop and bool(_WORDLIKE.search(token))


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (long terms and their parts), lower-cased, without stop words and punctuation,
    plus "a_b" for each pair of adjacent words, so a phrase ("三年行动计划") outranks its words apart.
    """
    stop = _stopwords()
    tokens = [t for t in (t.strip().lower() for t in _tokenizer().cut_for_search(text)) if _keep(t, stop)]
    words = [w.strip().lower() for w in _tokenizer().cut(text)]
    tokens += [f"{a}_{b}" for a, b in pairwise(words) if _keep(a, stop) and _keep(b, stop)]
    return tokens


def query_tokens(query: str) -> tuple[list[str], list[str]]:
    """(tokens to score with, words that define the query's attainable score).

    The attainable score counts single words only: a passage with every word of the question scores
    about 1 whether or not the words stand together; adjacent-word pairs lift the score above that.

    A synonym the query contains adds its expansion's tokens; for the attainable score the expansion stands
    in for the official's own word, so "班级人数" is not counted missing when the passage says "班额".
    """
    own = tokenize(query)
    tokens = list(own)
    replaced: set[str] = set()
    expansion: set[str] = set()
    for term, expansions in _synonyms():
        if term in query:
            replaced.update(tokenize(term))
            for phrase in expansions:
                for token in tokenize(phrase):
                    expansion.add(token)
                    if token not in tokens:
                        tokens.append(token)
    words = [t for t in dict.fromkeys(tokens) if "_" not in t]  # word pairs only add to the score
    ceiling = [t for t in words if t not in replaced or t in expansion]
    return tokens, ceiling


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
