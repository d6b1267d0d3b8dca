"""The words the claim reader knows (claims.yaml, compiled once) and the data's school names with the
aliases officials write, each matched in one pass (a trie-shaped pattern)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from planner.numerals import normalise

__all__ = ["CLAIMS_FILE", "Lexicon", "SchoolNames", "lexicon", "school_names"]

CLAIMS_FILE = Path(__file__).with_name("claims.yaml")


def _compile(words: Iterable[str]) -> re.Pattern[str] | None:
    words = list(words)
    literal = sorted({w for w in words if not w.startswith("re:")}, key=len, reverse=True)
    patterns = [w[3:] for w in words if w.startswith("re:")]
    parts = [*(f"(?:{p})" for p in patterns), *(re.escape(w) for w in literal)]
    return re.compile("|".join(parts)) if parts else None


@dataclass(frozen=True)
class Lexicon:
    """claims.yaml, compiled: one pattern per word list, and what each word means."""

    concept_of: dict[str, str]
    concept_re: re.Pattern[str]
    parents: dict[str, str]
    money_concepts: frozenset[str]
    indicator_concept: dict[str, str]
    field_concept: dict[str, str]
    patterns: dict[str, re.Pattern[str] | None]
    meaning: dict[str, dict[str, str]]
    """For lists with several classes (funds, stages, polarity, directions): word → class."""
    relative_years: dict[str, int]
    concept_unit: dict[str, str | None]
    """The unit class of a concept's figures ("" for a 差异系数; None: any)."""

    def root(self, concept: str) -> str:
        seen = set()
        while concept in self.parents and concept not in seen:
            seen.add(concept)
            concept = self.parents[concept]
        return concept

    def ancestors(self, concept: str) -> set[str]:
        out, seen = set(), set()
        while concept in self.parents and concept not in seen:
            seen.add(concept)
            concept = self.parents[concept]
            out.add(concept)
        return out

    def classify(self, kind: str, word: str) -> str:
        table = self.meaning[kind]
        if word in table:
            return table[word]
        for pattern, cls in table.items():
            if pattern.startswith("re:") and re.fullmatch(pattern[3:], word):
                return cls
        return ""


@cache
def lexicon(path: Path = CLAIMS_FILE) -> Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    concept_of: dict[str, str] = {}
    parents, indicator, fields, money = {}, {}, {}, set()
    concept_unit: dict[str, str | None] = {}
    for cid, spec in data["concepts"].items():
        concept_unit[cid] = spec.get("unit")
        for w in spec.get("words", []):
            concept_of.setdefault(normalise(w), cid)
        if spec.get("parent"):
            parents[cid] = spec["parent"]
        for key in spec.get("indicators", []):
            indicator[key] = cid
        for f in spec.get("fields", []):
            fields[f] = cid
        if spec.get("money"):
            money.add(cid)
    meaning: dict[str, dict[str, str]] = {}
    patterns: dict[str, re.Pattern[str] | None] = {}
    for kind in ("funds", "stages", "polarity", "directions", "payers", "compare", "changes"):
        table = {
            normalise(w) if not w.startswith("re:") else w: cls for cls, ws in data[kind].items() for w in ws
        }
        meaning[kind] = table
        patterns[kind] = _compile(table)
    patterns["compound_gap"] = re.compile(data.get("compound_gap") or "")
    patterns["rate_after"] = re.compile("|".join(data["rate"]["after"]))
    patterns["rate_before"] = re.compile("|".join(data["rate"]["before"]))
    for kind in (
        "fund_negations",
        "pay_verbs",
        "perfective",
        "status",
        "target",
        "period",
        "all",
        "school_words",
        "school_pronouns",
        "completion",
        "list_joiners",
        "respectively",
        "each",
        "others",
        "negators",
        "questions",
        "region_verdicts",
        "norm",
        "names",
        "methods",
    ):
        patterns[kind] = _compile(normalise(w) if not w.startswith("re:") else w for w in data[kind])
    relative = {normalise(k): int(v) for k, v in data.get("relative_years", {}).items()}
    patterns["relative_years"] = _compile(relative)
    concept_re = _compile(concept_of)
    assert concept_re is not None
    return Lexicon(
        concept_of,
        concept_re,
        parents,
        frozenset(money),
        indicator,
        fields,
        patterns,
        meaning,
        relative,
        concept_unit,
    )


# --------------------------------------------------------------------------------------------------
# School names


@dataclass(frozen=True)
class SchoolNames:
    """The data's school names and the aliases officials write (城关二小), each naming one school."""

    alias: dict[str, str]
    pattern: re.Pattern[str] | None
    private: frozenset[str] = frozenset()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.alias[m.group(0)]) for m in self.pattern.finditer(text)]


def _trie_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regular expression for many words, as a trie (linear to match, longest first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        branches = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            branches.append(re.escape(ch) + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return re.compile(build(trie)) if trie else None


@cache
def _school_names(names: tuple[str, ...], private: frozenset[str]) -> SchoolNames:
    from planner.chat.names import school_aliases

    owners: dict[str, set[str]] = {}
    for name in names:
        for a in {name, *school_aliases(name)}:
            a = normalise(a)
            if len(a) >= 3 or a == normalise(name):
                owners.setdefault(a, set()).add(name)
    alias = {a: next(iter(n)) for a, n in owners.items() if len(n) == 1}
    for name in names:  # a full name always names its school
        alias[normalise(name)] = name
    return SchoolNames(alias, _trie_pattern(alias), private)


def school_names(names: Iterable[str], private: Iterable[str] = ()) -> SchoolNames:
    return _school_names(tuple(sorted(set(names))), frozenset(private))
