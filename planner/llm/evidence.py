"""What the model may state, as claims: the typed facts of the evaluation and the plan (school, stage,
indicator, measure, year from each ``FactKey``), the system's own texts read by the same reader as
the model's, the verdicts (which schools and 差异系数 meet the standard, now and in each plan year),
the user's own numbers, and the passages retrieved. Uploaded documents are quoted material: their
figures and titles are never evidence about the county.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from planner.llm.claims import (
    About,
    Claim,
    Frame,
    Lexicon,
    SchoolNames,
    Statement,
    YearKind,
    about_of,
    lexicon,
    rate_of,
    read,
    school_names,
)
from planner.numerals import Numeral, find_numbers, normalise, read_numerals, unit_class

__all__ = ["Evidence", "Verdicts", "build_evidence", "fact_claims", "is_untrusted"]

USER_KIND = "用户文档"
"""knowledge.documents.USER_KIND: the kind of a passage from a document the user uploaded."""

_TITLE = re.compile(r"《([^《》]{2,80})》")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［(（](\d{4})[〕\]］)）]\s*(\d{1,4})\s*号")

# What a fact's topic says about its year and its subject.
_FREE_TOPICS = {"threshold", "policy", "assume", "rule", "cv_limit", "setting"}
"""Standards, policy figures and unit costs: true of every school and year."""
_PRESENT_TOPICS = {
    "school",
    "schools",
    "students",
    "teachers",
    "excluded",
    "cv",
    "mean",
    "need",
    "goal",
    "guarantee",
    "cv_failed",
}
"""Figures of the data as it stands (the 统计年度)."""
_PERIOD_TOPICS = {"sched", "plan", "cost", "demand"}
"""Totals over the plan's whole span."""
_ANY_YEAR_TOPICS = {"exchange"}
"""Plan figures whose year the fact sheet does not say (the text does: 2027年秋季学期起)."""
_ADDITIONS = {"need", "work", "demand", "plan"}
_ADDITION_MEASURES = {"shortfall", "cost", "total_cost"}
"""Topics and measures whose figures are amounts to add (a need, a project, a shortfall, a cost):
never said as a cut."""
_CEILINGS = {"budget"}
"""Topics whose figures are ceilings (a yearly budget): said as a floor they are not the fact."""
_MEASURE_POLARITY = {"failing": "negative", "unmet": "negative", "passing": "positive", "met": "positive"}


def is_untrusted(passage: Any) -> bool:
    """An uploaded document's passage (quoted material, never evidence about the data)."""
    kind = passage.get("kind") if isinstance(passage, dict) else getattr(passage, "kind", "")
    return (kind or "") == USER_KIND


def _field(p: Any, name: str) -> str:
    return str((p.get(name) if isinstance(p, dict) else getattr(p, name, "")) or "")


def _key(doc_no: str) -> str:
    m = _DOC_NO.search(doc_no or "")
    return f"{m.group(1)}-{int(m.group(2))}" if m else ""


# --------------------------------------------------------------------------------------------------
# Verdicts


@dataclass(frozen=True)
class Verdicts:
    """Which schools and stages meet the standard now (from the evaluation's facts), and at the end of
    each plan year (from the schedule's facts). None where the facts do not say."""

    stages: tuple[str, ...] = ()
    failing: Mapping[str | None, int] = field(default_factory=dict)
    """Schools not meeting the standard, per stage (None: all stages)."""
    stage_schools: Mapping[str, frozenset[str]] = field(default_factory=dict)
    unmet: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per school, the concepts of the indicators and items it misses (骨干教师, 班额 …)."""
    passed: Mapping[str, bool] = field(default_factory=dict)
    cv_over: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per stage, the concepts whose 差异系数 exceed the limit ("cv" itself when any does)."""
    year_failing: Mapping[int, int] = field(default_factory=dict)
    year_cv_over: Mapping[tuple[int, str], bool] = field(default_factory=dict)
    complete: bool | None = None
    """Whether the plan brings every school and 差异系数 to the standard by its last year."""
    private: frozenset[str] = frozenset()


def verdicts_of(facts: Iterable[Any], lex: Lexicon, evaluation: Any = None, plan: Any = None) -> Verdicts:
    facts = list(facts)
    failing: dict[str | None, int] = {}
    unmet: dict[str, set[str]] = {}
    stage_schools: dict[str, set[str]] = {}
    cv_values: dict[tuple[str, str], float] = {}
    limits: dict[str, float] = {}
    year_failing: dict[int, int] = {}
    year_max: dict[tuple[int, str], float] = {}
    names = {f.key.school for f in facts if f.key.topic == "school" and f.key.school}
    for f in facts:
        k = f.key
        if not isinstance(f.value, int | float) or isinstance(f.value, bool):
            continue
        if k.topic == "schools" and k.measure == "failing":
            failing[k.stage] = int(f.value)
        elif k.topic == "school" and k.school:
            if k.stage:
                stage_schools.setdefault(k.stage, set()).add(k.school)
            unmet.setdefault(k.school, set())
            if k.measure == "shortfall" and k.indicator in lex.indicator_concept:
                unmet[k.school].add(lex.indicator_concept[k.indicator])
        elif k.topic == "cv" and k.stage and k.indicator:
            cv_values[(k.stage, k.indicator)] = float(f.value)
        elif k.topic == "cv_limit" and k.stage:
            limits[k.stage] = float(f.value)
        elif k.topic == "year" and k.year is not None:
            if k.measure == "failing":
                year_failing[k.year] = int(f.value)
            elif k.topic == "year" and k.field is None and k.measure == "max" and k.stage:
                year_max[(k.year, k.stage)] = float(f.value)
        elif k.topic == "guarantee":
            school = next((n for n in sorted(names, key=len, reverse=True) if f.label.startswith(n)), None)
            if school:
                unmet.setdefault(school, set()).update(
                    lex.concept_of[w] for w in lex.concept_of if w in f.label[len(school) :]
                )
    cv_over: dict[str, set[str]] = {}
    for (stage, ind), value in cv_values.items():
        if stage in limits and value > limits[stage] + 1e-12:
            cv_over.setdefault(stage, set()).update({"cv", lex.indicator_concept.get(ind, ind)})
    for stage in limits:
        cv_over.setdefault(stage, set())
    year_cv = {key: value > limits.get(key[1], math.inf) + 1e-12 for key, value in year_max.items()}
    passed: dict[str, bool] = {}
    private: set[str] = set()
    if evaluation is not None:
        for s in evaluation.schools:
            if s.passed is not None:
                passed[s.name] = passed.get(s.name, True) and bool(s.passed)
            if getattr(s, "ownership", "") == "民办":
                private.add(s.name)
        for e in getattr(evaluation, "excluded", ()):
            if "民办" in getattr(e, "reason", ""):
                private.add(e.name)
    complete = getattr(plan, "complete", None) if plan is not None else None
    return Verdicts(
        tuple(sorted(limits)),
        failing,
        {k: frozenset(v) for k, v in stage_schools.items()},
        {k: frozenset(v) for k, v in unmet.items()},
        passed,
        {k: frozenset(v) for k, v in cv_over.items()},
        year_failing,
        year_cv,
        complete,
        frozenset(private),
    )


# --------------------------------------------------------------------------------------------------
# Typed facts as claims


def single_stage_schools(facts: Iterable[Any]) -> frozenset[str]:
    """Schools with one 学段 (a figure of theirs needs no 小学/初中 beside the name)."""
    stages: dict[str, set[str]] = {}
    for f in facts:
        k = f.key
        if k.school and k.stage:
            stages.setdefault(k.school, set()).add(k.stage)
    return frozenset(name for name, s in stages.items() if len(s) == 1)


def _field_names(field_name: str | None) -> tuple[str, ...]:
    """A key's field and what it names: a hire's or special room's field is the kind, then the thing
    (hire_pe_art_teachers → pe_art_teachers)."""
    if not field_name:
        return ()
    for kind in ("hire_", "special_rooms_"):
        if field_name.startswith(kind):
            return (field_name, field_name[len(kind) :], kind.rstrip("_"))
    return (field_name,)


def _label_of(f: Any, by_key: Mapping[Any, Any]) -> str:
    """A fact's label, or the label of the fact it is a figure of: year.2026.item.0.cost and the
    payment year.2026.2026.item.0.paid have the label of year.2026.item.0 (柳树湾小学…骨干教师数)."""
    if f.label:
        return f.label
    k = f.key
    for parent in (
        replace(k, measure=None),
        replace(k, field=None, measure=None),
        replace(k, field=None),
        replace(k, scope=None, measure=None),
    ):
        found = by_key.get(parent)
        if found is not None and found is not f and found.label:
            return found.label
    return ""


def year_valued(f: Any) -> bool:
    """A fact whose value is a year (全部达标年份 2028, a project's finish year): a year, not a figure."""
    value = f.value
    if not isinstance(value, int | float) or isinstance(value, bool) or not float(value).is_integer():
        return False
    shown = read_numerals(str(f.display))
    if any(n.kind == "year" and n.value == value for n in shown):
        return not any(n.kind == "figure" and n.value == value for n in shown)
    return not unit_class(f.unit) and 1949 <= value <= 2100 and str(f.display).strip().isdigit()


def ordinal_valued(f: Any) -> bool:
    """A fact whose display states its value as an ordinal (第3项: the third item, not three of them)."""
    shown = read_numerals(str(f.display))
    return any(n.kind == "ordinal" and n.value == f.value for n in shown) and not any(
        n.kind == "figure" and n.value == f.value for n in shown
    )


def fact_claims(
    facts: Iterable[Any],
    schools: SchoolNames,
    lex: Lexicon,
    plan_years: tuple[int, ...] = (),
    data_year: int | None = None,
) -> list[Claim]:
    """Each numeric fact as claims about what its key and label say: the value in its own unit, and
    every figure of its display (10万元/人·年 → 100000 元)."""
    facts = list(facts)
    by_key = {f.key: f for f in facts}
    single = single_stage_schools(facts)
    out: list[Claim] = []
    bare = Frame(plan_years=plan_years, data_year=data_year)
    for f in facts:
        if not isinstance(f.value, int | float) or isinstance(f.value, bool) or not math.isfinite(f.value):
            continue
        k = f.key
        if k.topic in ("milestone", "setting") or (k.topic == "policy" and str(f.display).isdigit()):
            continue  # years: checked as years, not as figures
        as_word = year_valued(f) or ordinal_valued(f)  # only its display's other figures (6月) are figures
        label = _label_of(f, by_key)
        label_about = about_of(label, bare, lex, schools) if label else About()
        concepts = set(label_about.concepts)
        if k.indicator and k.indicator in lex.indicator_concept:
            concepts.add(lex.indicator_concept[k.indicator])
        for name in _field_names(k.field):
            if name in lex.field_concept:
                concepts.add(lex.field_concept[name])
                break
        for part in (k.measure, k.scope):
            if part and part in lex.field_concept:
                concepts.add(lex.field_concept[part])
        if (
            k.topic in ("cv", "cv_limit", "cv_failed")
            or (k.topic == "year" and ".cv." in f.id)
            or (k.topic == "exchange" and k.measure in ("before", "after"))
        ):
            concepts.add("cv")
        if k.topic in ("students",) or k.measure in ("students", "stated_students"):
            concepts.add("students")
        unit = unit_class(f.unit)
        value = float(f.value)
        if not unit:  # a month, a unit cost: the display says what it counts
            shown = [n for n in read_numerals(str(f.display)) if n.kind == "figure"]
            if shown and shown[0].unit and abs(shown[0].value - value) <= 1e-9 * max(1.0, abs(value)):
                unit = shown[0].unit
        if (f.unit or "").strip() == "万元":
            value *= 1e4
        elif unit == "pct":
            value /= 100
        money = unit == "money"
        schools_of = ({k.school} if k.school else set()) | set(label_about.schools)
        # a total over the 民办 schools (demand.backbone.private) is theirs: said of them, or of 民办学校
        private_total = k.scope == "private" or k.measure in ("private", "private_cost")
        owners = set(schools.private) if private_total and not schools_of else set()
        stages = ({k.stage} if k.stage else set()) | set(label_about.stages)
        funds = set(label_about.funds)
        if money and (k.measure in ("private", "private_cost") or "private" in f.id):
            funds.add("private")
        elif money and k.topic in ("sched", "year"):
            funds.add("public")  # the schedule's costs are 财政资金 (民办 costs are kept apart)
        if money and schools_of & schools.private:
            funds.add("private")
        polarity = set(label_about.polarity)
        if k.measure in _MEASURE_POLARITY:
            polarity.add(_MEASURE_POLARITY[k.measure])
        dirs = set(label_about.dirs)
        if k.topic in _CEILINGS:
            dirs.add("down")  # 按每年50.00万元控制: spending stays within it
        if k.measure == "below":  # schools below the standard: they do not meet it
            dirs.add("down")
            polarity.add("negative")
        free: set[str] = set()
        kind: YearKind
        shown_years = {int(n.value) for n in read_numerals(f.display) if n.kind == "year"}
        if k.topic in _FREE_TOPICS:
            free = {"schools", "years"} | ({"stages"} if k.topic in ("policy", "assume", "rule") else set())
            if k.topic == "cv_limit" or (k.topic == "rule" and k.measure == "min_ratio"):
                free.add("indicators")  # the limit (and 不低于标准的85%) holds for every indicator
            if k.topic != "assume" and not (k.topic == "rule" and k.measure == "indicators"):
                free.add("norm")  # a standard is said as one (标准1人), not as an amount (培养1人)
            years, kind = frozenset(), "free"
        elif shown_years:
            years, kind = frozenset(shown_years), "hard"
        elif k.year is not None:
            years, kind = frozenset({k.year}), "hard"
        elif label_about.year_kind == "period" and k.topic not in _PRESENT_TOPICS:
            years, kind = frozenset(plan_years or (0,)), "period"  # 方案期内达标的未达标学校
        elif k.topic in _PRESENT_TOPICS:
            years, kind = (frozenset({data_year}), "soft") if data_year else (frozenset(), "none")
        elif k.topic in _PERIOD_TOPICS:
            years, kind = frozenset(plan_years or (0,)), "period"
        elif k.topic in _ANY_YEAR_TOPICS:
            years, kind = frozenset(), "free"
        else:
            years, kind = frozenset(), "none"
        wide = About(
            frozenset(schools_of | owners),
            frozenset(stages),
            frozenset(concepts | {a for c in concepts for a in lex.ancestors(c)}),
            frozenset(funds),
            years,
            kind,
            frozenset(polarity),
            frozenset(dirs),
            frozenset(free),
        )
        implied = bool(schools_of) and schools_of <= single  # 石桥小学 says 小学 by itself
        tight = About(
            frozenset(schools_of),
            frozenset() if implied else frozenset(stages),
            wide.concepts,
            frozenset(f for f in funds if f == "private"),
            years if kind == "hard" else frozenset(),
            kind,
            frozenset(polarity),
            frozenset(dirs),
            frozenset(free),
        )
        source = f.id
        adds = k.topic in _ADDITIONS or k.measure in _ADDITION_MEASURES
        # what a year adds of a resource, and a year's projects
        adds = adds or (k.topic == "year" and (k.field is not None or k.index is not None))
        change = "add" if adds else ""
        shown_text = normalise(str(f.display))
        shown = [n for n in read_numerals(shown_text) if n.kind == "figure"]
        rate = rate_of(shown_text, shown[0], lex) if shown else ""
        if not as_word:
            out.append(
                Claim(
                    value, unit, tight, wide, f.display, label or f.id, None, source, rate=rate, change=change
                )
            )
        for n in shown:
            if not n.matches(value):
                out.append(
                    Claim(
                        n.value,
                        n.unit,
                        tight,
                        wide,
                        n.text,
                        label or f.id,
                        n,
                        source,
                        rate=rate_of(shown_text, n, lex),
                        change=change,
                    )
                )
    return out


# --------------------------------------------------------------------------------------------------
# The evidence


@dataclass
class Evidence:
    """Everything an output may state, indexed by unit for lookup in logarithmic time."""

    claims: list[Claim] = field(default_factory=list)
    statements: tuple[Statement, ...] = ()
    verdicts: Verdicts | None = None
    user: tuple[Numeral, ...] = ()
    years: frozenset[int] = frozenset()
    titles: frozenset[str] = frozenset()
    doc_nos: frozenset[str] = frozenset()
    passages: int = 0
    quotes: tuple[tuple[str, tuple[float, ...]], ...] = ()
    """(title, figures) of trusted passages a reply may quote while naming the passage."""
    untrusted: tuple[tuple[str, tuple[float, ...]], ...] = ()
    """(title, figures) of uploaded documents: never evidence, named in messages."""
    untrusted_titles: frozenset[str] = frozenset()
    schools: SchoolNames = field(default_factory=lambda: SchoolNames({}, None))
    frame: Frame = field(default_factory=Frame)
    single_stage: frozenset[str] = frozenset()
    """Schools with one 学段: naming one names its stage."""
    _index: dict[str, tuple[list[float], list[Claim]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        seen: set[tuple] = set()
        groups: dict[str, list[Claim]] = {}
        for c in self.claims:
            sig = (c.unit, round(c.value, 9), c.tight, c.wide)
            if sig in seen:
                continue  # one claim per distinct meaning keeps lookups short
            seen.add(sig)
            groups.setdefault(c.unit, []).append(c)
        self._index = {}
        for unit, claims in groups.items():
            claims.sort(key=lambda c: c.value)
            self._index[unit] = ([c.value for c in claims], claims)

    def candidates(self, n: Numeral) -> list[Claim]:
        """Evidence claims whose value ``n`` may state (its rounding) in a compatible unit."""
        half = 0.5 * n.scale * 10.0 ** (-n.decimals) + 1e-9 * max(1.0, abs(n.value))
        lo, hi = n.value - half, n.value + half
        out: list[Claim] = []
        for unit in _compatible_units(n.unit, self._index):
            values, claims = self._index[unit]
            i = bisect.bisect_left(values, lo)
            while i < len(values) and values[i] <= hi:
                if n.matches(values[i]):
                    out.append(claims[i])
                i += 1
        return out

    def said_by_user(self, n: Numeral) -> bool:
        return any(abs(u.value - n.value) <= 1e-9 * max(1.0, abs(u.value)) for u in self.user)


_COUNTS = {"people", "schools", "rooms", "items", "devices", "books", "classes", "count", "times"}


def _compatible_units(unit: str, index: Mapping[str, Any]) -> list[str]:
    """Units an evidence figure may have for an output figure in ``unit``: the same, or none; a
    percentage only a percentage; 个 any count."""
    if unit == "pct":
        return [u for u in ("pct",) if u in index]
    if not unit:
        return [u for u in index if u != "pct"]
    if unit == "count":
        return [u for u in index if u in _COUNTS or u == ""]
    out = [u for u in (unit, "") if u in index]
    if unit in _COUNTS and "count" in index:
        out.append("count")
    return out


def bounds_of(claims: Iterable[Claim]) -> dict[tuple[str, float], tuple[frozenset[str], frozenset[str]]]:
    """(unit, value) → (concepts, directions) of the facts that are bounds (a yearly budget is a
    ceiling); a value that is also an unbounded fact of the same unit is left out."""
    bounded_: dict[tuple[str, float], tuple[frozenset[str], frozenset[str]]] = {}
    unbounded: set[tuple[str, float]] = set()
    for c in claims:
        sig = (c.unit, round(c.value, 9))
        if c.tight.dirs:
            concepts, dirs = bounded_.get(sig, (frozenset(), frozenset()))
            bounded_[sig] = (concepts | c.wide.concepts, dirs | c.tight.dirs)
        else:
            unbounded.add(sig)
    return {sig: v for sig, v in bounded_.items() if sig not in unbounded}


def bounded(c: Claim, bounds: Mapping[tuple[str, float], tuple[frozenset[str], frozenset[str]]]) -> Claim:
    """A figure of the system's own text keeps the bound of the fact it states: "按每年50.00万元测算"
    says the yearly budget, a ceiling, even where the sentence does not say so."""
    if c.tight.dirs:
        return c
    hit = bounds.get((c.unit, round(c.value, 9)))
    if hit is None or (hit[0] and not c.tight.concepts <= hit[0]):  # a bound of no measure: any
        return c
    return replace(c, tight=replace(c.tight, dirs=hit[1]), wide=replace(c.wide, dirs=c.wide.dirs | hit[1]))


def build_evidence(
    *,
    facts: Iterable[Any] = (),
    texts: Iterable[str | tuple[str, Frame]] = (),
    user: str = "",
    passages: Iterable[Any] = (),
    quotes: bool = False,
    evaluation: Any = None,
    plan: Any = None,
    names: Iterable[str] = (),
    frame: Frame | None = None,
    titles: Iterable[str] = (),
) -> Evidence:
    """Collect what may be stated. ``texts`` are the system's own (drafts, tool answers): every
    figure and statement in them, read with their frame (heading, lead); ``facts`` typed facts;
    ``evaluation`` and ``plan`` give the verdicts and the schools' names and ownership; ``passages``
    the retrieved passages (their titles and 文号 may be cited; with ``quotes`` a trusted passage's
    figures may be stated in a sentence that names it; an uploaded document's never); ``titles``
    other documents that may be named (the plan's own title: its numerals are not evidence)."""
    lex = lexicon()
    facts = list(facts)
    names = set(names)
    private: set[str] = set()
    if evaluation is not None:
        names |= {s.name for s in evaluation.schools} | {e.name for e in getattr(evaluation, "excluded", ())}
        private |= {s.name for s in evaluation.schools if getattr(s, "ownership", "") == "民办"}
    names |= {f.key.school for f in facts if getattr(f.key, "school", None)}
    schools = school_names(names, private)
    base = frame or Frame()
    plan_years = base.plan_years
    data_year = base.data_year
    if plan is not None:
        settings = plan.settings
        plan_years = plan_years or tuple(range(settings.start_year, settings.start_year + settings.years))
        dy = next((f.value for f in facts if f.id == "setting.data_year"), None)
        data_year = data_year or (int(dy) if isinstance(dy, int | float) else settings.start_year - 1)
    base = Frame(
        base.title,
        base.lead,
        base.question,
        plan_years,
        data_year,
        base.this_year or date.today().year,
        base.mood,
    )
    claims = fact_claims(facts, schools, lex, plan_years, data_year)
    if plan_years:  # 三年: the plan's span
        anything = frozenset({"schools", "years", "stages", "indicators"})
        span = About(year_kind="free", free=anything)
        claims.append(
            Claim(
                float(len(plan_years)),
                "years",
                span,
                span,
                f"{len(plan_years)}年",
                "方案年限",
                None,
                "plan.years",
            )
        )
    fact_bounds = bounds_of(claims)
    statements: list[Statement] = []
    years: set[int] = set(plan_years) | ({data_year} if data_year else set())
    titles: set[str] = {t.strip("《》 ") for t in titles if t}
    doc_nos: set[str] = set()
    standard = getattr(evaluation, "standard", None)
    if standard is not None:  # the standard the data is evaluated against may always be named
        titles.update(t for t in (getattr(standard, "title", ""), getattr(standard, "name", "")) if t)
        if _key(getattr(standard, "doc_no", "")):
            doc_nos.add(_key(standard.doc_no))
    for f in facts:
        key = f.key
        if key.year:
            years.add(int(key.year))
        years.update(int(n.value) for n in read_numerals(str(f.display)) if n.kind == "year")
        value = f.value
        if year_valued(f) or (
            key.topic in ("policy", "milestone", "setting")
            and isinstance(value, int | float)
            and (1949 <= float(value) <= 2100 and float(value).is_integer())
        ):
            years.add(int(value))
    for item in texts:
        text, text_frame = (item, base) if isinstance(item, str) else item
        text_frame = Frame(
            text_frame.title,
            text_frame.lead,
            text_frame.question,
            text_frame.plan_years or plan_years,
            text_frame.data_year or data_year,
            text_frame.this_year or base.this_year,
            text_frame.mood,
        )
        reading = read(text, text_frame, schools, lex, source="text")
        claims.extend(bounded(c, fact_bounds) for c in reading.claims)
        statements.extend(reading.statements)
        years.update(int(y.value) for y in reading.years)
        titles.update(t.strip() for t in _TITLE.findall(text))
        doc_nos.update(f"{y}-{int(n)}" for y, n in _DOC_NO.findall(text))
    quoted: list[tuple[str, tuple[float, ...]]] = []
    untrusted: list[tuple[str, tuple[float, ...]]] = []
    untrusted_titles: set[str] = set()
    passages = list(passages)
    for p in passages:
        title, doc_no = _field(p, "title").strip("《》 "), _field(p, "doc_no")
        figures = tuple(n.value for n in find_numbers(_field(p, "text")) + find_numbers(title))
        if is_untrusted(p):
            if title:
                untrusted_titles.add(title)
                titles.add(title)
            untrusted.append((title, figures))
            continue
        if title:
            titles.add(title)
        if _key(doc_no):
            doc_nos.add(_key(doc_no))
        if quotes and title:
            quoted.append((title, figures))
    verdicts = verdicts_of(facts, lex, evaluation, plan)
    return Evidence(
        claims=claims,
        statements=tuple(statements),
        verdicts=verdicts,
        user=tuple(n for n in read_numerals(user) if n.kind in ("figure", "year")),
        years=frozenset(years),
        titles=frozenset(titles),
        doc_nos=frozenset(doc_nos),
        passages=len(passages),
        quotes=tuple(quoted),
        untrusted=tuple(untrusted),
        untrusted_titles=frozenset(untrusted_titles),
        schools=schools,
        frame=base,
        single_stage=single_stage_schools(facts),
    )
