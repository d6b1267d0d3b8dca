"""The number guard: model output may state only numbers that are computed facts of the plan or the
answer, or numbers the user typed; it may cite only the passages it was given. Output that fails is
replaced by the deterministic text, and the result says why.

What it cannot see: whether a true number is said of the right thing (school A's figure said of school
B passes if it is a fact at all), claims with no number (全部学校均已达标), a lone 一 and Chinese
ordinals (not read as numbers). Polish adds ``keep_figures_of`` (no draft figure may be dropped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from planner.llm.figures import Mention, find_numbers

__all__ = ["Evidence", "Guarded", "Violation", "check", "dropped", "evidence", "guard", "visible"]

_TITLE = re.compile(r"《([^《》]{2,80})》")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（](\d{4})[〕\]］)）]\s*(\d{1,4})\s*号")
_MARKER = re.compile(r"[\[［]\s*(\d{1,2})\s*[\]］]")
# The page renders replies as Markdown with HTML: a tag, link or image in model output could make the
# reader's browser fetch an address (an exfiltration channel for planted instructions).
_MARKUP = re.compile(r"<\s*[A-Za-z/!][^>]*>|[A-Za-z][A-Za-z0-9+.-]*://|!\[|\]\(|\bwww\.", re.I)


_REASONING = re.compile(r"<think>.*?(</think>|$)", re.S | re.I)


def visible(output: str) -> str:
    """The answer without a reasoning model's ``<think>…</think>`` block (never shown, never checked)."""
    return _REASONING.sub("", output or "").strip()


@dataclass(frozen=True)
class Evidence:
    """What an output may state: ``values`` (facts and deterministic figures), ``user`` (numbers of the
    user's own message), the ``titles`` and ``doc_nos`` of the passages retrieved, and how many
    numbered passages (``[1]`` … ``[n]``) the model was shown."""

    values: tuple[float, ...] = ()
    user: tuple[Mention, ...] = ()
    titles: frozenset[str] = frozenset()
    doc_nos: frozenset[str] = frozenset()
    passages: int = 0
    quotes: tuple[tuple[str, tuple[float, ...]], ...] = ()
    """(title, numbers) of passage texts a reply may quote, but only while naming the passage."""

    def allows(self, mention: Mention, cited: Iterable[str] = ()) -> bool:
        if any(mention.matches(v) for v in self.values):
            return True
        if any(abs(u.value - mention.value) <= 1e-9 * max(1.0, abs(u.value)) for u in self.user):
            return True
        cited = [c.strip() for c in cited]
        return any(
            any(c == title or (len(c) >= 4 and c in title) for c in cited)
            and any(mention.matches(v) for v in values)
            for title, values in self.quotes
        )


@dataclass(frozen=True)
class Violation:
    """One reason output was refused: ``kind`` number (not a fact), citation (not retrieved),
    dropped (a figure of the draft missing from the rewrite), format (unreadable output) or markup
    (HTML, a link or an address)."""

    kind: Literal["number", "citation", "dropped", "format", "markup"]
    found: str
    message: str


@dataclass(frozen=True)
class Guarded:
    """The text to show and whether it is the model's (``accepted``) or the deterministic fallback."""

    text: str
    accepted: bool
    violations: tuple[Violation, ...] = ()
    draft: str = ""

    @property
    def notice(self) -> str:
        """One Chinese sentence for the page when the model's text was refused; empty otherwise."""
        if self.accepted:
            return ""
        reasons = "；".join(dict.fromkeys(v.message for v in self.violations[:3]))
        return f"模型生成的文字未通过核对（{reasons}），已改用系统生成的文字。"


def _key(doc_no: str) -> str:
    m = _DOC_NO.search(doc_no or "")
    return f"{m.group(1)}-{int(m.group(2))}" if m else ""


def _field(p: Any, name: str) -> str:
    return str((p.get(name) if isinstance(p, dict) else getattr(p, name, "")) or "")


def evidence(
    texts: Iterable[str] = (),
    facts: Iterable[Any] = (),
    user: str = "",
    passages: Iterable[Any] = (),
    quotes: bool = False,
) -> Evidence:
    """Collect what may be stated: every number of the deterministic ``texts`` and of the ``facts``
    (``planner.drafting.Fact``: value and display), the numbers of ``user``'s message, and the
    citations of ``passages`` (dicts or objects with title, doc_no, section). With ``quotes``, a
    passage's own figures may be stated too, in a text that names the passage (a policy answer quoting
    its source); an uploaded document's figures never become facts of the data."""
    values: list[float] = []
    for text in texts:
        values += [m.value for m in find_numbers(text)]
    for fact in facts:
        if isinstance(fact.value, int | float) and not isinstance(fact.value, bool):
            values.append(float(fact.value))
            if fact.unit == "万元":
                values.append(float(fact.value) * 1e4)
        values += [m.value for m in find_numbers(str(fact.display))]
    passages = list(passages)
    titles, doc_nos = set(), set()
    said: list[tuple[str, tuple[float, ...]]] = []
    for p in passages:
        title, doc_no, section = _field(p, "title"), _field(p, "doc_no"), _field(p, "section")
        if title:
            titles.add(title.strip("《》 "))
        if _key(doc_no):
            doc_nos.add(_key(doc_no))
        values += [m.value for m in find_numbers(f"{title} {doc_no} {section}")]
        if quotes and title:
            said.append((title.strip("《》 "), tuple(m.value for m in find_numbers(_field(p, "text")))))
    for text in texts:  # a deterministic text cites only what it was given
        titles.update(t.strip() for t in _TITLE.findall(text))
        doc_nos.update(f"{y}-{int(n)}" for y, n in _DOC_NO.findall(text))
    return Evidence(
        values=tuple(dict.fromkeys(values)),
        user=tuple(find_numbers(user)),
        titles=frozenset(titles),
        doc_nos=frozenset(doc_nos),
        passages=len(passages),
        quotes=tuple(said),
    )


def _known_title(title: str, ev: Evidence) -> bool:
    title = title.strip()
    return any(title == t or (len(title) >= 4 and title in t) for t in ev.titles)


def check(output: str, ev: Evidence) -> tuple[Violation, ...]:
    """Every reason ``output`` may not be shown; empty when all its numbers and citations hold."""
    out: list[Violation] = []
    for m in _MARKUP.finditer(output):
        out.append(Violation("markup", m.group(0), "含有网页代码或链接"))
    for title in _TITLE.findall(output):
        if not _known_title(title, ev):
            out.append(Violation("citation", f"《{title}》", f"引用了未检索到的文件《{title}》"))
    for m in _DOC_NO.finditer(output):
        if f"{m.group(1)}-{int(m.group(2))}" not in ev.doc_nos:
            out.append(Violation("citation", m.group(0), f"引用了未检索到的文号“{m.group(0)}”"))
    for m in _MARKER.finditer(output):
        if not 1 <= int(m.group(1)) <= ev.passages:
            out.append(Violation("citation", m.group(0), f"引用了不存在的资料{m.group(0)}"))
    # Citations are judged above; their digits are not figures to match against facts.
    stripped = _MARKER.sub(" ", _DOC_NO.sub(" ", _TITLE.sub(" ", output)))
    cited = _TITLE.findall(output)
    for mention in find_numbers(stripped):
        if not ev.allows(mention, cited):
            out.append(Violation("number", mention.text, f"“{mention.text}”不是计算结果中的数字"))
    return tuple(out)


def dropped(draft: str, output: str) -> tuple[Violation, ...]:
    """Figures of ``draft`` that ``output`` no longer states (a rewrite must keep every figure)."""
    stated = find_numbers(output)
    missing = [m for m in find_numbers(draft) if not any(s.matches(m.value) for s in stated)]
    return tuple(Violation("dropped", m.text, f"改写遗漏了原文中的“{m.text}”") for m in missing)


def guard(output: str, ev: Evidence, fallback: str, *, keep_figures_of: str | None = None) -> Guarded:
    """``output`` if it passes ``check`` (and, given ``keep_figures_of``, keeps every figure of that
    draft), else ``fallback`` with the violations."""
    violations = check(output, ev)
    if keep_figures_of is not None:
        violations += dropped(keep_figures_of, output)
    if violations:
        return Guarded(fallback, False, violations, fallback)
    return Guarded(output, True, (), fallback)
