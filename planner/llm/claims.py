"""Reading prose into claims: each figure with what the sentence says it is about (school, stage,
year, indicator, who pays, above or below, met or not), and the statements without a figure
(全部学校均已达标, 差异系数超过, 已完成, 由县财政承担). The guard reads the model's text and the system's own
texts with the same reader, so a faithful rewording yields the same claims; the typed facts of the
plan and the evaluation become claims of the same shape (``planner.llm.evidence``).

The words are data (claims.yaml); the numerals come from the project's one reader (planner.numerals).
Reading is linear in the text: one pass per word list, then one sweep over sentences and clauses.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from planner.llm.lexicon import Lexicon, SchoolNames, lexicon, school_names
from planner.numerals import Numeral, normalise, read_numerals

__all__ = [
    "About",
    "Claim",
    "Frame",
    "Lexicon",
    "Mood",
    "Reading",
    "SchoolNames",
    "Statement",
    "YearKind",
    "about_of",
    "lexicon",
    "rate_of",
    "read",
    "school_names",
]

YearKind = Literal["none", "hard", "soft", "period", "free"]
Mood = Literal["status", "target"]


@dataclass(frozen=True)
class About:
    """What a figure or statement is said to be about. ``years`` with ``year_kind``: hard (a stated
    year), soft (the present: the data's year), period (the plan's whole span), free (any year: a
    threshold or a policy), none. ``free`` names dimensions that any value satisfies."""

    schools: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    concepts: frozenset[str] = frozenset()
    funds: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    year_kind: YearKind = "none"
    polarity: frozenset[str] = frozenset()
    dirs: frozenset[str] = frozenset()
    free: frozenset[str] = frozenset()
    item_years: frozenset[int] = frozenset()
    """For a figure over the plan's span said of an item of one year (2026年：…（方案期内约6.90万元）):
    that year."""
    norm: bool = False
    """The figure is said as a standard or limit (标准1人, 不超过45人, 达到95%以上)."""

    def union(self, other: About) -> About:
        kind = self.year_kind if self.year_kind != "none" else other.year_kind
        return About(
            self.schools | other.schools,
            self.stages | other.stages,
            self.concepts | other.concepts,
            self.funds | other.funds,
            self.years | other.years,
            kind,
            self.polarity | other.polarity,
            self.dirs | other.dirs,
            self.free | other.free,
        )


@dataclass(frozen=True)
class Claim:
    """A figure and what it is about: ``tight`` from its own clause (and the clauses before it in the
    sentence), ``wide`` from the whole sentence, the heading, the lead and the question."""

    value: float
    unit: str
    tight: About
    wide: About
    text: str = ""
    """The figure as written (for messages)."""
    sentence: str = ""
    numeral: Numeral | None = None
    source: str = ""
    """Where an evidence claim comes from: a fact's key, "text" or "user"."""
    each: bool = False
    """The figure is each named school's (三所学校各增加1人), not their sum."""
    rate: str = ""
    """What the figure is per, for a rate (3000元/平方米 → 平方米, 每人每年10万元 → 人); "" for an amount."""
    change: str = ""
    """add (新增3间), cut (减少3间) or "" : what the figure does to an amount."""


@dataclass(frozen=True)
class Statement:
    """A claim without a figure: ``kind`` all_met (全部学校均已达标), school_met (X校已达标 / X校骨干教师低于
    标准), cv (差异系数均低于/超过), completion (已完成…), payer (由县财政承担), compare (two figures
    compared against the arithmetic: only contradicted comparisons are stated)."""

    kind: Literal["all_met", "school_met", "cv", "completion", "payer", "compare"]
    polarity: Literal["pos", "neg"]
    about: About
    mood: Mood | None
    text: str
    payer: str = ""
    """For payer statements: public or private."""
    private_subject: bool = False
    """For payer statements: the sentence is about a 民办 school's costs."""
    every: bool = False
    """For school_met: every indicator of the school (各项指标均已达标), not the school's verdict."""
    default_mood: Mood = "status"
    """How the text's frame reads a sentence with no marker (a plan's goals, the present in a reply)."""


@dataclass(frozen=True)
class Frame:
    """Where a text stands. ``title`` and ``lead`` (a section heading, a task's lead) say what its
    figures are about; ``question`` only widens what a sentence may refer to; ``mood`` is how a
    sentence with no marker of the present or of a goal is read."""

    title: str = ""
    lead: str = ""
    question: str = ""
    plan_years: tuple[int, ...] = ()
    data_year: int | None = None
    this_year: int | None = None
    mood: Mood = "status"


@dataclass(frozen=True)
class Reading:
    claims: tuple[Claim, ...]
    statements: tuple[Statement, ...]
    years: tuple[Numeral, ...]
    """The years written in the text (checked on their own: a year must be a known one)."""


# --------------------------------------------------------------------------------------------------
# Reading


_SENTENCE = re.compile(r"[。！？!?\n]+")
_CLAUSE = re.compile(r"[，,：:；;（）()【】“”「」]|——|(?=其中)|(?<=[所名人项间])(?=中有)")
"""Clause breaks: punctuation, and 其中 / 中有 (小学21所中有9所未达标: 9 of the 21 fail, not the 21)."""
_MARKS = re.compile(
    r"《[^《》]{1,80}》|[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号|[\[［]\s*\d{1,2}\s*[\]］]"
)
"""Citations (《title》, 文号, [n]): judged by the citation check; their digits are not figures."""


@dataclass
class _Hit:
    start: int
    end: int
    kind: str
    value: str


@dataclass
class _Clause:
    start: int
    end: int
    hits: list[_Hit] = field(default_factory=list)
    numerals: list[Numeral] = field(default_factory=list)

    def of(self, kind: str) -> list[_Hit]:
        return [h for h in self.hits if h.kind == kind]


def _hits(text: str, lex: Lexicon, schools: SchoolNames) -> tuple[list[_Hit], list[tuple[int, int]]]:
    """Every word of the lexicon in ``text`` (longest first within a list) and the protected spans
    (school names and concept words, which clause separators may not cut)."""
    hits: list[_Hit] = []
    protected: list[tuple[int, int]] = []
    for start, end, name in schools.find(text):
        hits.append(_Hit(start, end, "school", name))
        protected.append((start, end))
    names = lex.patterns["names"]
    for m in names.finditer(text) if names else ():
        protected.append(m.span())  # 政府保障程度第15项: a part of the standard, not a payer
    taken = sorted(protected)

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(taken, (a, a))
        return not any(s < b and a < e for s, e in taken[max(0, i - 1) : i + 2])

    def outside(a: int, b: int) -> bool:
        """Not inside a name or a measure (高于 in 高于规定学历教师); a longer phrase may hold one."""
        i = bisect.bisect_right(taken, (a, 10**9)) - 1
        return not any(s <= a and b <= e and (s, e) != (a, b) for s, e in taken[max(0, i - 1) : i + 1])

    for m in lex.concept_re.finditer(text):
        if free(m.start(), m.end()):
            hits.append(_Hit(m.start(), m.end(), "concept", lex.concept_of[m.group(0)]))
            protected.append(m.span())
    taken = sorted(protected)  # words inside a name or a measure (高于规定学历教师) are not words
    for kind in ("funds", "stages", "polarity", "directions", "payers", "compare", "changes"):
        pattern = lex.patterns[kind]
        for m in pattern.finditer(text) if pattern else ():
            if kind != "funds" and not outside(m.start(), m.end()):
                continue  # 小学 inside 城关第一小学
            hits.append(_Hit(m.start(), m.end(), kind, lex.classify(kind, m.group(0))))
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
        "relative_years",
        "methods",
    ):
        pattern = lex.patterns[kind]
        for m in pattern.finditer(text) if pattern else ():
            if kind not in ("each", "respectively") and not outside(m.start(), m.end()):
                continue
            hits.append(_Hit(m.start(), m.end(), kind, m.group(0)))
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits, sorted(protected)


def _split(text: str, start: int, end: int, protected: list[tuple[int, int]], pattern: re.Pattern[str]):
    """Spans of ``text[start:end]`` between the matches of ``pattern`` (a zero-width match starts a
    new span), never cutting inside a protected span."""
    spans, at = [], start
    for m in pattern.finditer(text, start, end):
        i = bisect.bisect_right(protected, (m.start(), 10**9)) - 1
        if i >= 0 and protected[i][0] < m.start() < protected[i][1]:
            continue
        if m.start() > at:
            spans.append((at, m.start()))
        at = max(at, m.end())
    if end > at:
        spans.append((at, end))
    return spans


def _groups(
    hits: list[_Hit],
    kind: str,
    text: str,
    joiners: re.Pattern[str] | None,
    compound: re.Pattern[str] | None = None,
) -> list[tuple[int, list[str]]]:
    """Mentions of ``kind`` in a clause, in order, grouped when only a list joiner separates them:
    (end of group, names in order)."""
    out: list[tuple[int, list[str]]] = []
    last_end = -1
    for h in hits:
        if h.kind != kind or not h.value:
            continue
        gap = text[last_end : h.start].strip() if last_end >= 0 else None
        joined = gap is not None and (
            gap == ""
            or (joiners is not None and joiners.fullmatch(gap))
            or (compound is not None and h.value == "cv" and compound.fullmatch(gap))
        )
        names = _expand(kind, h.value)
        if out and joined:
            out[-1] = (h.end, out[-1][1] + [n for n in names if n not in out[-1][1]])
        else:
            out.append((h.end, names))
        last_end = h.end
    return out


def _expand(kind: str, value: str) -> list[str]:
    if kind == "stages" and value == "both":
        return ["primary", "junior"]
    return [value]


def _subject(groups: list[tuple[int, list[str]]], at: int) -> set[str]:
    """The mentions a figure at ``at`` is said of: the nearest group before it, else all in the clause."""
    before = [g for end, g in groups if end <= at]
    if before:
        return set(before[-1])
    return {n for _, g in groups for n in g}


_ANY_MEASURE = {"schools", "items", "count", "times", "money"}
"""Units whose figures keep the measure of the clause just before (a cost after a list of items is
their cost, not the first fitting item's)."""


def _fitting(said: list[set[str]], unit: str, lex: Lexicon) -> set[str]:
    """The latest measure named before in the sentence that a figure in ``unit`` can be of (在校生
    2310人 … 上限2000人 is of 在校生; a ㎡ after 差异系数0.172 is of the area named before it)."""
    if unit in _ANY_MEASURE:
        return set()
    for concepts in reversed(said):
        units = {lex.concept_unit.get(c) for c in concepts}
        if all(u is None or u == unit or (u == "people" and unit == "count") for u in units):
            return set(concepts)
    return set()


def _paired(groups: list[tuple[int, list[str]]], figures: Sequence[Numeral], i: int) -> set[str] | None:
    """分别: the i-th name of the clause's one list goes with its i-th figure."""
    if len(groups) != 1 or len(groups[0][1]) != len(figures) or len(figures) < 2:
        return None
    return {groups[0][1][i]}


@dataclass
class _State:
    """What carries from one clause to the next within a sentence."""

    schools: set[str] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)
    said: list[set[str]] = field(default_factory=list)
    """The measures the clauses so far named, in order (a figure takes the latest that fits its unit)."""
    funds: set[str] = field(default_factory=set)
    years: frozenset[int] = frozenset()
    year_kind: YearKind = "none"
    mood: Mood | None = None
    school_generic: bool = False
    own: dict[str, bool] = field(default_factory=dict)
    """Whether the clause named its own schools / stages (an enumeration: 小学8所，初中4所)."""
    base: dict[str, set[str]] = field(default_factory=dict)
    """What was said before an enumeration began: what carries after it ends."""
    enumerating: dict[str, bool] = field(default_factory=dict)
    divided: set[str] | None = None
    """After a 其中 clause: the measures it divided (投入51.63万元，其中建设资金…；分年度…: the year's
    figures after it are of the whole, not of the last part)."""


_YEAR_DASH = re.compile(r"\s*年?\s*(?:—|–|－|-|~|～|〜|至|到)\s*")


def _years_of(
    clause: _Clause, text: str, lex: Lexicon, frame: Frame, base_year: int | None = None
) -> tuple[frozenset[int], YearKind]:
    """The years a clause states: written (2026年, 2026—2028年), relative (本年度 is the section's year
    when it has one, else this year), the plan's span (三年行动, 方案期内), or the present (目前, and
    anything said as done: 已达到)."""
    years = [n for n in clause.numerals if n.kind == "year"]
    explicit = {int(n.value) for n in years}
    for a, b in itertools.pairwise(years):  # 2026—2028年: every year between
        if _YEAR_DASH.fullmatch(text[a.end : b.start]) and a.value < b.value:
            explicit.update(range(int(a.value), int(b.value) + 1))
    base = base_year if base_year is not None else frame.this_year
    for h in clause.of("relative_years"):
        if base is not None:
            explicit.add(base + lex.relative_years.get(h.value, 0))
    if explicit:
        whole = frame.plan_years and len(explicit) > 1 and explicit == set(frame.plan_years)
        return frozenset(explicit), "period" if whole else "hard"
    if clause.of("period"):
        return frozenset(frame.plan_years or (0,)), "period"
    if frame.data_year is not None and (
        clause.of("perfective")  # 已达到, 已完成: said as done, so of the present
        or any(
            h.value in ("目前", "现有", "现状", "当前", "现阶段", "如今", "截至", "截止")
            for h in clause.of("status")
        )
    ):
        return frozenset({frame.data_year}), "soft"
    return frozenset(), "none"


def _frame_about(frame: Frame, lex: Lexicon, schools: SchoolNames) -> tuple[About, About]:
    """(effective, wide) of the frame: the heading and lead are effective; the question only wide."""
    effective = About()
    wide = About()
    for text, counts in ((frame.title, True), (frame.lead, True), (frame.question, False)):
        if not text:
            continue
        about = about_of(
            text,
            Frame(plan_years=frame.plan_years, data_year=frame.data_year, this_year=frame.this_year),
            lex,
            schools,
        )
        if counts:
            effective = effective.union(about)
        wide = wide.union(about)
    return effective, wide


def about_of(text: str, frame: Frame, lex: Lexicon, schools: SchoolNames) -> About:
    """The union of everything ``text`` mentions, as one About (for headings, leads, fact labels)."""
    norm = normalise(text)
    hits, _ = _hits(norm, lex, schools)
    numerals = read_numerals(norm)
    clause = _Clause(0, len(norm), hits, numerals)
    years, kind = _years_of(clause, norm, lex, frame)
    return About(
        frozenset(h.value for h in hits if h.kind == "school"),
        frozenset(s for h in hits if h.kind == "stages" for s in _expand("stages", h.value)),
        frozenset(h.value for h in hits if h.kind == "concept"),
        _funds(clause, norm, lex, schools),
        years,
        kind,
        frozenset(h.value for h in hits if h.kind == "polarity"),
        frozenset(h.value for h in hits if h.kind == "directions"),
    )


def _funds(clause: _Clause, text: str, lex: Lexicon, schools: SchoolNames) -> frozenset[str]:
    """Who pays, as the clause says it (a negated payer — 不使用财政资金 — is not one)."""
    out = set()
    negations = clause.of("fund_negations")
    for h in clause.of("funds"):
        if any(0 <= h.start - n.end <= 2 for n in negations):
            continue
        out.add(h.value)
    if any(h.kind == "school" and h.value in schools.private for h in clause.hits):
        out.add("private")
    return frozenset(out)


def read(
    text: str,
    frame: Frame = Frame(),
    schools: SchoolNames | None = None,
    lex: Lexicon | None = None,
    source: str = "",
) -> Reading:
    """Every figure of ``text`` as a claim, every statement without a figure, and its years."""
    lex = lex or lexicon()
    schools = schools or SchoolNames({}, None)
    original = text or ""
    norm = normalise(original)
    masked = _MARKS.sub(lambda m: " " * len(m.group(0)), norm)
    hits, protected = _hits(masked, lex, schools)
    school_spans = sorted((h.start, h.end) for h in hits if h.kind == "school")
    numerals = [n for n in read_numerals(masked) if not _inside(school_spans, n.start)]
    frame_eff, frame_wide = _frame_about(frame, lex, schools)
    claims: list[Claim] = []
    statements: list[Statement] = []
    years: list[Numeral] = []
    hi = ni = 0
    previous = About()
    for s_start, s_end in _split(masked, 0, len(masked), [], _SENTENCE):
        sentence = original[s_start:s_end].strip()
        if not sentence:
            continue
        clauses: list[_Clause] = []
        for c_start, c_end in _split(masked, s_start, s_end, protected, _CLAUSE):
            clause = _Clause(c_start, c_end)
            while hi < len(hits) and hits[hi].start < c_start:
                hi += 1
            j = hi
            while j < len(hits) and hits[j].start < c_end:
                clause.hits.append(hits[j])
                j += 1
            while ni < len(numerals) and numerals[ni].start < c_start:
                ni += 1
            k = ni
            while k < len(numerals) and numerals[k].start < c_end:
                clause.numerals.append(numerals[k])
                k += 1
            clauses.extend(_split_list(clause, masked))
        sentence_about = About()
        for clause in clauses:
            sentence_about = sentence_about.union(_clause_about(clause, masked, lex, schools))
        wide = sentence_about.union(frame_wide).union(About(schools=previous.schools, stages=previous.stages))
        state = _State()
        for clause in clauses:
            depth = _depth(masked, s_start, clause.start)
            new = _read_clause(
                clause,
                masked,
                original,
                sentence,
                lex,
                schools,
                frame,
                frame_eff,
                wide,
                state,
                claims,
                statements,
                years,
                source,
                previous.schools,
            )
            state = state if depth > 0 else new  # an aside in brackets does not carry on
        statements.extend(_comparisons(clauses, masked, original, sentence))
        previous = sentence_about
    return Reading(tuple(claims), tuple(statements), tuple(years))


_STANDARD_WORDS = re.compile("标准|上限|下限|要求|规定|目标|限值|不得")


def _comparisons(clauses: list[_Clause], text: str, original: str, sentence: str) -> list[Statement]:
    """Two figures of one sentence compared (在校生2310人，未超过2000人的上限): a statement when the
    arithmetic contradicts the words (kind compare, polarity neg)."""
    figures = [n for c in clauses for n in c.numerals if n.kind == "figure"]
    out = []
    for h in (h for c in clauses for h in c.of("compare")):
        if text[h.start - 1 : h.start] in ("不", "未", "没", "无") and text[h.start : h.end] != "未超过":
            continue  # 不超过45人 states a limit, not a comparison of two figures
        before = [n for n in figures if n.end <= h.start]
        after = [n for n in figures if n.start >= h.end]
        if not before or not after:
            continue
        a, b = before[-1], after[0]
        if a.unit != b.unit or a.percent != b.percent:
            continue
        gap_a, gap_b = text[a.end + len(a.unit_text) : h.start], text[h.end : b.start]
        if (
            len(gap_a) > 8
            or len(gap_b) > 6
            or _STANDARD_WORDS.search(gap_a)
            or _STANDARD_WORDS.search(text[h.end - 4 : h.start])
        ):
            continue  # 标准不超过45人: the words describe the standard, not the figure before
        holds = a.value > b.value if h.value == "up" else a.value < b.value
        if text[h.start : h.end] == "未超过":
            holds = a.value <= b.value
        if not holds:
            shown = original[a.start : b.end + len(b.unit_text)]
            out.append(Statement("compare", "neg", About(), None, shown))
    return out


_PER = {"名": "人", "所": "校", "平米": "平方米", "㎡": "平方米"}


def rate_of(text: str, n: Numeral, lex: Lexicon) -> str:
    """What ``n`` is per, when it is a rate (3000元/平方米, 每人0.5万元); "" for an amount."""
    after = text[n.end + len(n.unit_text) : n.end + len(n.unit_text) + 8]
    m = lex.patterns["rate_after"].match(after)
    if m is None:
        m = lex.patterns["rate_before"].search(text[max(0, n.start - 10) : n.start])
    if m is None:
        return ""
    unit = next((g for g in m.groups() if g), "")
    return _PER.get(unit, unit)


def _depth(text: str, start: int, at: int) -> int:
    """How many brackets are open at ``at`` (counted from the sentence's start)."""
    part = text[start:at]
    return part.count("（") + part.count("(") - part.count("）") - part.count(")")


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    i = bisect.bisect_right(spans, (at, 10**9)) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def _split_list(clause: _Clause, text: str) -> list[_Clause]:
    """A clause whose 、-separated parts each hold a figure (小学8所、初中4所) is several clauses."""
    figures = [n for n in clause.numerals if n.kind == "figure"]
    if len(figures) < 2 or "、" not in text[clause.start : clause.end] or clause.of("respectively"):
        return [clause]
    cuts = [clause.start]
    for i in range(len(figures) - 1):
        between = text[figures[i].end : figures[i + 1].start]
        at = between.find("、")
        if at >= 0 and not any(
            h.start <= figures[i].end + at < h.end for h in clause.hits if h.kind in ("concept", "school")
        ):
            cuts.append(figures[i].end + at + 1)
    if len(cuts) == 1:
        return [clause]
    cuts.append(clause.end)
    out = []
    for a, b in itertools.pairwise(cuts):
        out.append(
            _Clause(
                a,
                b,
                [h for h in clause.hits if a <= h.start < b],
                [n for n in clause.numerals if a <= n.start < b],
            )
        )
    return out


def _clause_about(clause: _Clause, text: str, lex: Lexicon, schools: SchoolNames) -> About:
    """What the clause names; its written years only widen (估算51.39万元，实施时间为2026年3月…: the
    figure's year is said in the sentence, after it)."""
    return About(
        frozenset(h.value for h in clause.of("school")),
        frozenset(s for h in clause.of("stages") for s in _expand("stages", h.value)),
        frozenset(h.value for h in clause.of("concept")),
        _funds(clause, text, lex, schools),
        frozenset(int(n.value) for n in clause.numerals if n.kind == "year"),
    )


_WHOLE_SCHOOL = re.compile("学校整体|学校总体|整体|总体|该校|学校")
"""A clause whose subject is the school itself: its verdict is the school's, not a measure's."""
_SHARE_OF_STANDARD = re.compile(r"(?:标准|要求|规定)值?的\s*(?:\d|百分之|[一二三四五六七八九]成)")
"""不低于标准的85%: a comparison with a share of the standard, not a verdict on meeting it."""
_NEGATED = ("并没有", "没有", "并未", "并不", "没", "未", "不")
_FLIP = {"up": "down", "down": "up"}


_DATED = re.compile(r"年?\s*(?:\d+(?:\.\d+)?\s*(?:—|–|－|-|~|～|至|到)\s*)?")


def _dated(clause: _Clause, text: str, n: Numeral) -> int | None:
    """The year written right before a figure (2026年19.91万元, 2026年3—12月): that figure's own year,
    whatever other years the clause names (分年度为2026年19.91万元、2027年31.72万元)."""
    years = [y for y in clause.numerals if y.kind == "year" and y.end <= n.start]
    if years and _DATED.fullmatch(text, years[-1].end, n.start):
        return int(years[-1].value)
    return None


def _change(clause: _Clause, text: str, at: int) -> str:
    """What the figure at ``at`` does to an amount: the last verb of change before it in the clause
    (新增…3间 adds, 减少…3间 cuts); "" when there is none or it is negated (不减少)."""
    before = [h for h in clause.of("changes") if h.end <= at]
    if not before:
        return ""
    h = before[-1]
    return "" if text[max(0, h.start - 3) : h.start].endswith(_NEGATED) else h.value


def _directions(clause: _Clause, text: str) -> set[str]:
    """Which ways the clause's comparisons go; a negated one turns (没有超过 0.5 is at most 0.5)."""
    out = set()
    for h in clause.of("directions"):
        before = text[max(0, h.start - 3) : h.start]
        out.add(_FLIP[h.value] if before.endswith(_NEGATED) else h.value)
    return out


def _norm(clause: _Clause, text: str, lex: Lexicon) -> bool:
    """Whether the clause says its figures as a standard (标准1人, 须达到95%); a duty to act (须新增用地
    共约5500平方米, 应当补充…) says the amount to add, not a standard."""
    changes = lex.patterns["changes"]
    return any(changes is None or not changes.match(text, h.end) for h in clause.of("norm"))


def _mood(clause: _Clause) -> Mood | None:
    if clause.of("perfective"):
        return "status"
    if clause.of("target"):
        return "target"
    if clause.of("status"):
        return "status"
    return None


def _read_clause(
    clause: _Clause,
    text: str,
    original: str,
    sentence: str,
    lex: Lexicon,
    schools: SchoolNames,
    frame: Frame,
    frame_eff: About,
    wide: About,
    state: _State,
    claims: list[Claim],
    statements: list[Statement],
    years_out: list[Numeral],
    source: str,
    previous_schools: frozenset[str],
) -> _State:
    joiners = lex.patterns["list_joiners"]
    school_groups = _groups(clause.hits, "school", text, joiners)
    stage_groups = _groups(clause.hits, "stages", text, joiners)
    concept_groups = _groups(clause.hits, "concept", text, joiners, lex.patterns["compound_gap"])
    pronoun = bool(clause.of("school_pronouns"))
    part = text.startswith(("其中", "中有"), clause.start)
    own_concepts = {h.value for h in clause.of("concept")}
    own_funds = set(_funds(clause, text, lex, schools))
    base_year = next(iter(frame_eff.years)) if len(frame_eff.years) == 1 else None
    years, year_kind = _years_of(clause, text, lex, frame, base_year)
    new = _State(
        schools={n for _, g in school_groups for n in g},
        stages={n for _, g in stage_groups for n in g},
        concepts=own_concepts,
        funds=own_funds,
        years=years,
        year_kind=year_kind,
        mood=_mood(clause),
        school_generic=bool(clause.of("school_words")),
    )
    # Carry what the clause does not say from the clauses before it in the sentence; after an
    # enumeration (小学8所，初中4所，在校生…) what was said before it.
    for dim, groups in (("schools", school_groups), ("stages", stage_groups)):
        before: set[str] = getattr(state, dim)
        if groups:
            mine = getattr(new, dim)
            listing = state.own.get(dim, False) and mine != before and not part
            new.base[dim] = state.base.get(dim, set()) if listing else set(before)
            new.enumerating[dim] = listing or (state.enumerating.get(dim, False) and listing)
            new.own[dim] = True
        else:
            carried = state.base.get(dim, set()) if state.enumerating.get(dim) else before
            if dim == "schools" and pronoun and not carried:
                carried = set(previous_schools)
            setattr(new, dim, set(carried))
            new.base[dim], new.own[dim], new.enumerating[dim] = set(carried), False, False
    new.said = [*state.said, set(own_concepts)] if own_concepts else list(state.said)
    if not own_concepts:
        new.concepts = set(state.concepts if state.divided is None else state.divided)
    if part:
        new.divided = set(state.concepts if state.divided is None else state.divided)
    elif own_concepts and state.divided is not None:
        new.divided = state.divided  # the parts go on (其中建设资金…、培养培训经费…)
    if not own_funds:
        new.funds = set(state.funds)
    elif part:
        new.funds |= state.funds
    item_years: frozenset[int] = frozenset()
    if year_kind == "none":
        new.years, new.year_kind = state.years, state.year_kind
    elif year_kind == "period" and state.year_kind == "hard":
        item_years = state.years
    if new.mood is None:
        new.mood = state.mood
    new.school_generic = new.school_generic or state.school_generic
    eff_years, eff_kind = new.years, new.year_kind
    if eff_kind == "none" and frame_eff.years:
        eff_years, eff_kind = (
            frame_eff.years,
            frame_eff.year_kind if frame_eff.year_kind != "none" else "hard",
        )
    polarity = frozenset(h.value for h in clause.of("polarity"))
    dirs = frozenset(_directions(clause, text))
    figures = [n for n in clause.numerals if n.kind == "figure"]
    respectively = bool(clause.of("respectively"))
    each = bool(clause.of("each"))
    clause_unit = next((n.unit for n in figures if n.unit not in _ANY_MEASURE), None)
    for i, n in enumerate(figures):
        schools_of = _subject(school_groups, n.start) if school_groups else new.schools
        stages_of = _subject(stage_groups, n.start) if stage_groups else new.stages
        if n.unit in ("items", "count", "times"):
            concepts_of = set()  # 3项未达标: a count of the standard's items, whichever they are
        elif concept_groups:
            concepts_of = _subject(concept_groups, n.start)
        elif n.unit == "schools" and clause_unit is None:  # 3所学校: of the sentence's topic
            concepts_of = set(state.said[0]) if state.said else new.concepts
        else:  # a measure named before, fitting this figure's unit (or the clause's measured figure's)
            unit = n.unit if n.unit not in _ANY_MEASURE or n.unit == "money" else clause_unit
            concepts_of = _fitting(state.said, unit or "", lex) or new.concepts
        if respectively:
            schools_of = _paired(school_groups, figures, i) or schools_of
            stages_of = _paired(stage_groups, figures, i) or stages_of
            concepts_of = _paired(concept_groups, figures, i) or concepts_of
        own_year = _dated(clause, text, n)
        tight = About(
            frozenset(schools_of) | frame_eff.schools if not schools_of else frozenset(schools_of),
            frozenset(stages_of) | frame_eff.stages if not stages_of else frozenset(stages_of),
            frozenset(concepts_of) or frame_eff.concepts,
            frozenset(new.funds) or frame_eff.funds,
            frozenset({own_year}) if own_year is not None else eff_years,
            "hard" if own_year is not None else eff_kind,
            polarity,
            dirs,
            item_years=item_years,
            norm=bool(dirs) or _norm(clause, text, lex),
        )
        claims.append(
            Claim(
                n.value,
                n.unit,
                tight,
                wide.union(tight),
                original[n.start : n.end] + n.unit_text,
                sentence,
                n,
                source,
                each and len(tight.schools) > 1,
                rate_of(text, n, lex),
                _change(clause, text, n.start),
            )
        )
    years_out.extend(n for n in clause.numerals if n.kind == "year")
    spoken = new  # what the clause's verdicts are about: a carried measure must fit its figures
    measured = [n for n in figures if n.unit not in _ANY_MEASURE]
    if not own_concepts and measured:
        fit = _fitting(state.said, measured[0].unit, lex)
        if fit:
            spoken = replace(new, concepts=fit)
    elif not own_concepts and _WHOLE_SCHOOL.search(text, clause.start, clause.end):
        spoken = replace(new, concepts=set())  # 因此学校整体判定为达标: the school, not the measure before
    statements.extend(
        _statements(
            clause, text, original, sentence, lex, schools, frame, spoken, wide, figures, frame_eff.schools
        )
    )
    return new


def _statements(
    clause: _Clause,
    text: str,
    original: str,
    sentence: str,
    lex: Lexicon,
    schools: SchoolNames,
    frame: Frame,
    state: _State,
    wide: About,
    figures: list[Numeral],
    frame_schools: frozenset[str] = frozenset(),
) -> list[Statement]:
    out: list[Statement] = []
    shown = original[clause.start : clause.end].strip(" ，,")
    if clause.of("questions"):
        return out  # a question states nothing
    clause = _without_methods(clause)
    mood = (
        state.mood
    )  # None: no marker of the present or of a goal (checked as the present unless the system said it too)
    negators = clause.of("negators")
    polarity = set()
    for h in clause.of("polarity"):
        flipped = any(0 <= h.start - g.end <= 2 for g in negators)  # 不存在未达标学校
        polarity.add(("positive" if h.value == "negative" else "negative") if flipped else h.value)
    dirs = _directions(clause, text)
    years = state.years if state.year_kind == "hard" else frozenset()
    about = About(
        frozenset(state.schools),
        frozenset(state.stages),
        frozenset(state.concepts),
        frozenset(state.funds),
        years,
        state.year_kind if years else "none",
    )
    indicators = {c for c in state.concepts if c in set(lex.indicator_concept.values())}
    counts_items = any(n.unit in ("items", "count", "schools") for n in figures)
    rule = re.search("每一?项指标", shown) and not re.search("均|都|全部|已", shown)  # the standard's wording
    if (
        "cv" in state.concepts
        and (polarity or dirs)
        and not ("negative" in polarity and "down" in dirs)
        and not rule
        and not clause.of("others")  # 其余各项均未超过: which others, the verdicts cannot tell
    ):
        pol = "neg" if ("negative" in polarity or "up" in dirs) else "pos"
        out.append(Statement("cv", pol, about, mood, shown))
    is_cv = "cv" in state.concepts
    if (
        not is_cv
        and (
            polarity
            or (
                dirs
                and indicators
                and re.search("标准|要求|规定", shown)
                and not _SHARE_OF_STANDARD.search(shown)
            )
        )
        and not counts_items
    ):
        pol = "neg" if ("negative" in polarity or (not polarity and "down" in dirs)) else "pos"
        if state.schools and (not clause.of("all") or not clause.of("school_words") or "指标" in shown):
            every = bool(clause.of("all")) and "指标" in shown  # 南街小学各项指标均已达标
            out.append(Statement("school_met", pol, about, mood, shown, every=every))
        elif clause.of("others"):
            pass  # 其他学校均已达标: which others, the verdicts cannot tell
        elif (clause.of("all") and (state.school_generic or clause.of("school_words") or state.stages)) or (
            pol == "pos"
            and "positive" in polarity
            and any(
                h.value in ("完成整改", "整改到位", "全部达标", "全面达标") for h in clause.of("polarity")
            )
            and state.school_generic
        ):
            out.append(Statement("all_met", pol, about, mood, shown))
    if (
        clause.of("region_verdicts")
        and mood == "status"
        and not any(0 <= h.start - g.end <= 2 for h in clause.of("region_verdicts") for g in negators)
    ):
        out.append(Statement("all_met", "pos", about, mood, shown))  # 我镇已通过国家认定
    if clause.of("completion"):
        out.append(Statement("completion", "pos", about, "status", shown))
    if clause.of("pay_verbs"):
        payer = _payer(clause, text, lex)
        if payer:
            named = state.schools | set(frame_schools)
            private = "民办" in sentence or "民办" in frame.lead or bool(named & schools.private)
            out.append(Statement("payer", "pos", about, mood, shown, payer=payer, private_subject=private))
    return [replace(x, default_mood=frame.mood) for x in out]


_VERDICT_WORDS = ("polarity", "directions", "region_verdicts")


def _without_methods(clause: _Clause) -> _Clause:
    """The clause without the verdict words inside a rule of method (差异系数按低于上限0.02以上的安全余量
    安排 says how the plan is worked out, not that the 差异系数 are below their limits)."""
    methods = clause.of("methods")
    if not methods:
        return clause
    kept = [
        h
        for h in clause.hits
        if h.kind not in _VERDICT_WORDS or not any(m.start <= h.start and h.end <= m.end for m in methods)
    ]
    return _Clause(clause.start, clause.end, kept, clause.numerals)


def _payer(clause: _Clause, text: str, lex: Lexicon) -> str:
    """public or private when the clause says who pays (由…承担, 纳入…财政预算); "" otherwise."""
    negations = clause.of("fund_negations")
    for h in [*clause.of("funds"), *clause.of("payers")]:
        if any(0 <= h.start - n.end <= 2 for n in negations):
            continue
        if h.value == "private" and text[h.start : h.end] == "民办":
            continue  # 民办 names the school, not the payer
        return h.value
    return ""
