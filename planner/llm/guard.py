"""The claim guard: model output is read into claims (each figure with its school, stage, year,
indicator, payer, verdict and direction; statements without figures such as 全部学校均已达标) by the
same reader as the system's own texts, and accepted only when every claim matches a fact or a
verdict (``planner.llm.evidence``); it may cite only the passages it was given. Output that fails is
replaced by the deterministic text; the result keeps the refused text (shown on request), says why,
and says exactly what was checked and what could not be.

Numerals that are words (两个方面, 九年一贯制, 第一) are not figures. An uploaded document's figures and
title are never evidence about the data; a reply citing one is marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from planner.llm.claims import Claim, Frame, Statement, lexicon, read
from planner.llm.evidence import Evidence, Verdicts, build_evidence
from planner.numerals import find_numbers

__all__ = [
    "CHECKED",
    "Evidence",
    "Guarded",
    "Violation",
    "check",
    "dropped",
    "evidence",
    "guard",
    "review",
    "visible",
]

CHECKED = "数字与判定已核对"
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
class Violation:
    """One reason output was refused: ``kind`` number (not a fact), subject (a fact said of the wrong
    school, stage, year, measure or payer), claim (a statement the verdicts contradict), untrusted (a
    figure from an uploaded document), citation (not retrieved), dropped (a draft figure missing from
    the rewrite), format (unreadable or oversized output) or markup (HTML, a link or an address)."""

    kind: Literal["number", "subject", "claim", "untrusted", "citation", "dropped", "format", "markup"]
    found: str
    message: str


@dataclass(frozen=True)
class Review:
    """What the check found: the violations, the statements it could not check, the uploaded
    documents the text cites."""

    violations: tuple[Violation, ...] = ()
    unchecked: tuple[str, ...] = ()
    cites_uploaded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guarded:
    """The text to show and whether it is the model's (``accepted``) or the deterministic fallback;
    ``output`` is the model's own text either way (the page shows a refused one on request)."""

    text: str
    accepted: bool
    violations: tuple[Violation, ...] = ()
    draft: str = ""
    output: str = ""
    unchecked: tuple[str, ...] = ()
    cites_uploaded: tuple[str, ...] = ()

    @property
    def notice(self) -> str:
        """One Chinese sentence for the page when the model's text was refused; empty otherwise."""
        if self.accepted:
            return ""
        reasons = "；".join(dict.fromkeys(v.message for v in self.violations[:3]))
        return f"模型生成的文字未通过核对（{reasons}），已改用系统生成的文字。"

    @property
    def label(self) -> str:
        """What was checked, for an accepted text: 数字与判定已核对, and what could not be."""
        if not self.accepted:
            return ""
        notes = [CHECKED]
        if self.unchecked:
            notes.append("以下表述无法核对：" + "；".join(dict.fromkeys(self.unchecked[:3])))
        if self.cites_uploaded:
            titles = "、".join(f"《{t}》" for t in dict.fromkeys(self.cites_uploaded))
            notes.append(f"引用的{titles}是上传的文件，其内容未经系统核对")
        return "；".join(notes)


def evidence(
    texts: Iterable[Any] = (),
    facts: Iterable[Any] = (),
    user: str = "",
    passages: Iterable[Any] = (),
    quotes: bool = False,
    **more: Any,
) -> Evidence:
    """Collect what may be stated (see ``planner.llm.evidence.build_evidence``)."""
    return build_evidence(texts=texts, facts=facts, user=user, passages=passages, quotes=quotes, **more)


def _known_title(title: str, titles: frozenset[str]) -> bool:
    title = title.strip()
    return any(title == t or (len(title) >= 4 and title in t) for t in titles)


@cache
def _indicator_concepts() -> frozenset[str]:
    lex = lexicon()
    named = set(lex.indicator_concept.values())
    return frozenset(named | {a for c in named for a in lex.ancestors(c)})


@cache
def _closure(concepts: frozenset[str]) -> frozenset[str]:
    lex = lexicon()
    return frozenset(concepts | {a for c in concepts for a in lex.ancestors(c)})


def _years_ok(o: Claim, e: Claim) -> bool:
    ek, ok = e.tight.year_kind, o.tight.year_kind
    if ek == "free":
        return True
    if ok == "none":
        # a figure of one year must be said with its year somewhere around it
        return not (ek == "hard" and not e.tight.years <= o.wide.years)
    if ok == "soft":
        return ek in ("none", "soft") and (ek == "none" or o.tight.years == e.tight.years)
    if ek in ("none",):
        return False
    if o.tight.years == e.tight.years or (ek == ok == "period"):
        return True
    if ek == "period" and ok == "hard" and e.tight.item_years and o.tight.years <= e.tight.item_years:
        return True  # 2026年的项目（方案期内约6.90万元）
    return ek == "hard" and ok == "hard" and o.tight.years <= e.tight.years


def matches(o: Claim, e: Claim, single_stage: frozenset[str] = frozenset()) -> bool:
    """Whether evidence claim ``e`` (whose value ``o`` states) is what ``o`` says it is about: what the
    output says of the figure holds of the fact (forward), and what pins the fact down — its school,
    stage, year, a money figure's category, a 民办 school's payer — is said around the figure (reverse)."""
    lex = lexicon()
    et, ew, ot, ow = e.tight, e.wide, o.tight, o.wide
    if "schools" not in ew.free and not ot.schools <= (et.schools or ew.schools):
        return False
    if not et.schools <= ow.schools:
        return False
    if "stages" not in ew.free and not ot.stages <= (et.stages or ew.stages):
        return False
    implied = bool(et.schools) and et.schools <= single_stage and et.schools <= ow.schools
    if not et.stages <= ow.stages and not implied:
        return False
    allowed = _closure(et.concepts or ew.concepts)
    if "indicators" in ew.free:
        allowed = allowed | _indicator_concepts()
    if not ot.concepts <= allowed:
        return False
    named = _closure(ow.concepts)
    if any(lex.root(c) not in named for c in et.concepts):
        return False  # a figure names what it counts or pays for (三名 is not 3 骨干教师)
    money = o.unit == "money" or e.unit == "money"
    if money and not ot.funds <= (et.funds or ew.funds):
        return False  # 县财政 said of a figure that is not public money
    if money and "private" in et.funds and "private" not in ow.funds:
        return False  # a 民办 school's cost said without saying so
    if not _years_ok(o, e):
        return False
    if o.rate != e.rate:
        return False  # 每校10万元 is not the 10万元/人·年 of a new teacher
    if {o.change, e.change} == {"add", "cut"}:
        return False  # 减少3间 is not the 3间 the plan builds
    if ("norm" in ew.free or et.norm) and not ot.norm:
        return False  # a standard's 1人 is not an amount of 1人
    if ot.polarity and et.polarity and not ot.polarity & et.polarity:
        return False
    if o.unit == "schools" and bool(ot.polarity) != bool(et.polarity):
        return False
    return not (ot.dirs and et.dirs and not ot.dirs & et.dirs)


def _statement_supported(st: Statement, ev: Evidence) -> bool:
    lex = lexicon()
    if st.kind == "compare":
        return False  # arithmetic decides
    for e in ev.statements:
        if e.kind != st.kind or e.polarity != st.polarity or e.payer != st.payer:
            continue
        if e.private_subject != st.private_subject:
            continue
        if (st.mood or st.default_mood) != (e.mood or e.default_mood):
            continue  # 已达标 is not supported by a goal (到2027年底全部达标)
        a, b = st.about, e.about
        same = a.schools <= b.schools and a.stages <= b.stages and a.concepts <= _closure(b.concepts)
        # and what the system's statement is about is said in the output's (both ways: 民办…由县财政承担
        # is not supported by a sentence about 随迁子女 that also names 民办 and 政府)
        named = _closure(a.concepts)
        said = (
            b.schools <= a.schools and b.stages <= a.stages and all(lex.root(c) in named for c in b.concepts)
        )
        if same and said and a.funds == b.funds and (not a.years or a.years == b.years):
            return True
    return False


def _indicators(st: Statement) -> frozenset[str]:
    lex = lexicon()
    known = set(lex.indicator_concept.values()) | {"class_size", "students"}
    return frozenset(c for c in st.about.concepts if c in known)


def _verdict(st: Statement, v: Verdicts) -> bool | None:
    """True, False, or None when the verdicts cannot tell."""
    stages = st.about.stages or frozenset(v.stages)
    indicators = _indicators(st)
    year = next(iter(st.about.years)) if len(st.about.years) == 1 else None
    if st.kind == "cv":
        if st.mood == "target":
            if year is not None:
                states = [v.year_cv_over.get((year, s)) for s in stages]
                if None in states or not states:
                    return None
                over = any(states)
            elif v.complete is None:
                return None
            else:
                over = not v.complete
            return over if st.polarity == "neg" else not over
        if not stages or any(s not in v.cv_over for s in stages):
            return None
        wanted = indicators or frozenset({"cv"})  # "cv": any indicator of the stage
        over = any(v.cv_over[s] & wanted for s in stages)
        return over if st.polarity == "neg" else not over
    if st.kind == "all_met":
        if st.polarity != "pos":
            return None
        if st.mood == "target":
            if year is not None:
                left = v.year_failing.get(year)
                return None if left is None else left == 0
            return v.complete
        if indicators:
            members = (
                set().union(*(v.stage_schools.get(s, frozenset()) for s in stages))
                if stages
                else set(v.unmet)
            )
            return not any(v.unmet.get(name, frozenset()) & indicators for name in members)
        counts = [v.failing.get(s) for s in st.about.stages] if st.about.stages else [v.failing.get(None)]
        if None in counts:
            return None
        return all(c == 0 for c in counts)
    if st.kind == "school_met":
        if st.mood == "target" or not st.about.schools:
            return None
        results = []
        for name in st.about.schools:
            if indicators or st.every:
                if name not in v.unmet:
                    return None
                missing = bool(v.unmet[name] & indicators) if indicators else bool(v.unmet[name])
            elif name in v.passed:
                missing = not v.passed[name]
            else:
                return None
            results.append(missing if st.polarity == "neg" else not missing)
        return all(results)
    if st.kind == "payer":
        private_subject = st.private_subject or bool(st.about.schools & v.private)
        public_subject = bool(st.about.schools) and not st.about.schools & v.private
        if st.payer == "public" and private_subject:
            return False
        if st.payer == "private" and public_subject and not private_subject:
            return False
        return None
    return None


_TRUTH = {
    "all_met": "评估结果并非全部学校达标",
    "school_met": "与该校的评估结果不符",
    "cv": "与差异系数的评估结果不符",
    "completion": "方案中的事项尚未实施，不能说已经完成",
    "payer": "民办学校所需资金由举办者承担，不使用财政资金",
    "compare": "前后两个数的大小关系说反了",
}


def review(output: str, ev: Evidence, frame: Frame | None = None) -> Review:
    """Every reason ``output`` may not be shown, what it states that could not be checked, and the
    uploaded documents it cites."""
    out: list[Violation] = []
    unchecked: list[str] = []
    for m in _MARKUP.finditer(output):
        out.append(Violation("markup", m.group(0), "含有网页代码或链接"))
    cited = _TITLE.findall(output)
    for title in cited:
        if not _known_title(title, ev.titles):
            out.append(Violation("citation", f"《{title}》", f"引用了未检索到的文件《{title}》"))
    uploaded = tuple(t for t in cited if _known_title(t, ev.untrusted_titles))
    for m in _DOC_NO.finditer(output):
        if f"{m.group(1)}-{int(m.group(2))}" not in ev.doc_nos:
            out.append(Violation("citation", m.group(0), f"引用了未检索到的文号“{m.group(0)}”"))
    for m in _MARKER.finditer(output):
        if not 1 <= int(m.group(1)) <= ev.passages:
            out.append(Violation("citation", m.group(0), f"引用了不存在的资料{m.group(0)}"))
    reading = read(output, frame or ev.frame, ev.schools)
    for claim in reading.claims:
        n = claim.numeral
        assert n is not None
        if ev.said_by_user(n):
            continue
        candidates = ev.candidates(n)
        if _holds(claim, candidates, ev):
            continue
        if _quoted(claim, ev, cited):
            continue
        shown = claim.text or n.text
        source = next((t for t, values in ev.untrusted if any(n.matches(v) for v in values)), None)
        if source is not None and not candidates:
            out.append(
                Violation("untrusted", shown, f"“{shown}”出自上传的文件《{source}》，不能作为本地的数据")
            )
        elif candidates:
            out.append(
                Violation("subject", shown, f"“{shown}”说的对象与计算结果不符（{_hint(claim, candidates)}）")
            )
        else:
            out.append(Violation("number", shown, f"“{shown}”不是计算结果中的数字"))
    for y in reading.years:
        if int(y.value) not in ev.years and not ev.said_by_user(y):
            out.append(Violation("number", y.text, f"“{y.text}”不是计算结果中的年份"))
    for st in reading.statements:
        if _statement_supported(st, ev):
            continue
        if st.kind in ("completion", "compare"):
            out.append(Violation("claim", st.text, f"“{st.text}”：{_TRUTH[st.kind]}"))
            continue
        if st.mood is None:
            st = replace(st, mood="status")  # unmarked and not the system's own: read as the present
        truth = _verdict(st, ev.verdicts) if ev.verdicts is not None else None
        if truth is False:
            out.append(Violation("claim", st.text, f"“{st.text}”：{_TRUTH[st.kind]}"))
        elif truth is None and st.kind != "payer":
            unchecked.append(st.text)
    return Review(tuple(out), tuple(unchecked), uploaded)


def _holds(claim: Claim, candidates: list[Claim], ev: Evidence) -> bool:
    """Some evidence is what the claim says; for 各 (each of several schools), for every one of them."""
    if claim.each:
        singles = [
            replace(claim, tight=replace(claim.tight, schools=frozenset({s})), each=False)
            for s in claim.tight.schools
        ]
        return all(_holds(c, candidates, ev) for c in singles)
    return any(matches(claim, e, ev.single_stage) for e in candidates)


def _hint(claim: Claim, candidates: list[Claim]) -> str:
    same = [c for c in candidates if c.unit == claim.unit or not c.unit or not claim.unit]
    if not same:
        return "计算结果中没有这样的数"
    o = claim.tight

    def alike(c: Claim) -> int:  # the fact the claim most likely meant
        t = c.tight
        return (
            sum((t.schools == o.schools, t.stages == o.stages, t.years == o.years, t.concepts == o.concepts))
            + 2 * (c.source == "text")
            - (bool(t.polarity) != bool(o.polarity))
        )

    same.sort(key=alike, reverse=True)
    best = same[0]
    whose = _whose(claim, best)
    said = [c.sentence for c in same if c.source == "text" and c.sentence]
    labelled = [c.sentence for c in same if c.source != "text" and c.sentence and c.sentence != c.source]
    what = (said or labelled or [""])[0].strip().lstrip("-• ").strip()
    if len(what) > 40:
        what = what[:40] + "…"
    if whose:
        return f"计算结果中这个数是{whose}" + (f"：{what}" if what else "")
    return f"计算结果中这个数是：{what}" if what else "计算结果中这个数另有所指"


_STAGE_WORDS = {"primary": "小学", "junior": "初中"}


def _whose(claim: Claim, e: Claim) -> str:
    """What the fact is of, where the claim says otherwise: 2026年的, 柳树湾小学的, 小学的, 方案期合计."""
    o, t = claim.tight, e.tight
    if t.year_kind == "period" and o.year_kind == "hard":
        return "整个方案期的合计"
    if t.year_kind == "hard" and t.years and t.years != o.years:
        return "、".join(f"{y}年" for y in sorted(t.years)) + "的"
    if t.schools and t.schools != o.schools:
        return "、".join(sorted(t.schools)) + "的"
    if t.stages and t.stages != o.stages:
        return "、".join(_STAGE_WORDS.get(s, s) for s in sorted(t.stages)) + "的"
    if "private" in t.funds and "private" not in o.funds:
        return "民办学校举办者承担的"
    if t.polarity and o.polarity and not t.polarity & o.polarity:
        return "未达标的" if "negative" in t.polarity else "达标的"
    return ""


def _quoted(claim: Claim, ev: Evidence, cited: list[str]) -> bool:
    """A trusted passage's figure, stated in a text that names the passage."""
    n = claim.numeral
    names = [c.strip() for c in cited]
    return any(
        any(c == title or (len(c) >= 4 and c in title) for c in names) and any(n.matches(v) for v in values)
        for title, values in ev.quotes
    )


def check(output: str, ev: Evidence, frame: Frame | None = None) -> tuple[Violation, ...]:
    """Every reason ``output`` may not be shown; empty when all its claims and citations hold."""
    return review(output, ev, frame).violations


def dropped(draft: str, output: str) -> tuple[Violation, ...]:
    """Figures of ``draft`` that ``output`` no longer states (a rewrite must keep every figure)."""
    stated = find_numbers(output)
    missing = [m for m in find_numbers(draft) if not any(s.matches(m.value) for s in stated)]
    return tuple(Violation("dropped", m.text, f"改写遗漏了原文中的“{m.text}”") for m in missing)


def guard(
    output: str,
    ev: Evidence,
    fallback: str,
    *,
    keep_figures_of: str | None = None,
    frame: Frame | None = None,
) -> Guarded:
    """``output`` if it passes the review (and, given ``keep_figures_of``, keeps every figure of that
    draft), else ``fallback`` with the violations."""
    found = review(output, ev, frame)
    violations = found.violations
    if keep_figures_of is not None:
        violations += dropped(keep_figures_of, output)
    if violations:
        return Guarded(fallback, False, violations, fallback, output)
    return Guarded(output, True, (), fallback, output, found.unchecked, found.cites_uploaded)
