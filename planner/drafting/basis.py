"""文件依据: the documents a plan is based on, ranked by the issuer's authority and then by date (newest
first), only current policy documents; the ranking is data (``templates/basis.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

__all__ = ["BasisRules", "basis_documents", "eligible", "rank"]

_FILE = Path(__file__).resolve().parents[2] / "templates" / "basis.yaml"


class BasisRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    authority: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...]
    statuses: tuple[str, ...]
    limit: int


@lru_cache(maxsize=2)
def rules(path: Path = _FILE) -> BasisRules:
    return BasisRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def rank(issuer: str) -> int:
    """The issuer's tier (0 = highest); unknown issuers come last.

    >>> rank("中共中央办公厅 国务院办公厅"), rank("教育部"), rank("教育部办公厅"), rank("某某")
    (1, 2, 3, 7)
    """
    best, length = len(rules().authority), 0
    for tier, names in enumerate(rules().authority):
        for name in names:
            if issuer.startswith(name) and len(name) > length:
                best, length = tier, len(name)
    return best


def _date_key(date: str) -> str:
    return "".join(ch for ch in date if ch.isdigit()).ljust(8, "0")


def _order(doc: dict) -> tuple[int, str]:
    """Authority tier first, then newer dates first (digits complemented so they sort descending)."""
    digits = "".join(ch for ch in doc.get("date", "") if ch.isdigit()).ljust(8, "0")
    return rank(doc.get("issuer", "")), "".join(str(9 - int(ch)) for ch in digits)


def eligible(p: dict) -> bool:
    """A current policy document with a title and a 文号 or an issuer (not a note or reference)."""
    r = rules()
    return (
        p.get("kind") in r.kinds
        and p.get("status") in r.statuses
        and bool(p.get("title"))
        and bool(p.get("doc_no") or p.get("issuer"))
    )


def basis_documents(standard: dict, found: list[dict]) -> list[dict]:
    """The standard itself and the current policy documents among ``found`` (one entry per title),
    ranked by authority then date, newest first; at most ``limit`` documents, the standard always in.

    Each entry keeps title, doc_no, issuer, date, section and source."""
    r = rules()
    docs: dict[str, dict] = {standard["title"]: standard}
    keys = ("title", "doc_no", "issuer", "date", "section", "source")
    for p in filter(eligible, found):
        docs.setdefault(p["title"], {k: p.get(k, "") for k in keys})
    ranked = sorted(docs.values(), key=_order)
    kept = ranked[: r.limit]
    if standard not in kept:
        kept = sorted([*ranked[: r.limit - 1], standard], key=_order)
    return kept
