"""What a message names: schools, 学段, indicators, what-if amounts, counts, years, plan sections.

Vocabulary is data (vocabulary.yaml beside this file; indicator words in the standard's YAML);
numbers go through planner.chat.numbers, school names through planner.chat.names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from metrics.standards import Standard
from planner.chat.names import Mention, SchoolIndex
from planner.numerals import Quantity, find_quantities, parse_number

__all__ = ["Addition", "Entities", "FieldWords", "Vocabulary", "extract", "normalise", "vocabulary"]

VOCABULARY = Path(__file__).with_name("vocabulary.yaml")


@dataclass(frozen=True)
class FieldWords:
    words: tuple[str, ...]
    columns: tuple[str, ...]
    unit: str


@dataclass(frozen=True)
class Vocabulary:
    stages: dict[str, tuple[str, ...]]
    fields: tuple[FieldWords, ...]
    units: dict[str, tuple[str, float]]
    pronouns: tuple[str, ...]
    sections: dict[str, tuple[str, ...]]
    standards: dict[str, str]
    policy_generic: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    return Vocabulary(
        stages={k: tuple(v) for k, v in raw["stages"].items()},
        fields=tuple(FieldWords(tuple(f["words"]), tuple(f["columns"]), f["unit"]) for f in raw["fields"]),
        units={k: (v["unit"], float(v["scale"])) for k, v in raw["units"].items()},
        pronouns=tuple(raw["pronouns"]),
        sections={k: tuple(v) for k, v in raw["sections"].items()},
        standards=dict(raw["standards"]),
        policy_generic=frozenset(raw["policy_generic"]),
    )


@dataclass(frozen=True)
class Addition:
    """One what-if amount: ``amount`` in the upload column's own unit (人, ㎡, 万元, 间 …)."""

    columns: tuple[str, ...]
    amount: float
    word: str


@dataclass(frozen=True)
class Entities:
    text: str
    rest: str
    """The text with school mentions blanked, where stage and indicator words are looked for."""
    mentions: tuple[Mention, ...] = ()
    stage: str | None = None
    indicators: tuple[str, ...] = ()
    additions: tuple[Addition, ...] = ()
    vague: tuple[str, ...] = ()
    """Amounts said approximately (三十来个): asked back, never guessed."""
    count: int | None = None
    ordinal: int | None = None
    years: tuple[int, ...] = ()
    duration: int | None = None
    section: str | None = None
    item: int | None = None
    part: int | None = None
    """第二部分: a numbered top-level part of the current document."""
    pronoun: bool = False
    standard: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)

    @property
    def schools(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.name for m in self.mentions if m.name))

    @property
    def unsure(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if not m.name)

    @property
    def fuzzy(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.name and not m.exact)


def normalise(text: str) -> str:
    text = (text or "").strip()
    text = text.translate(str.maketrans("？！，；：（）０１２３４５６７８９", "?!,;:()0123456789"))
    return re.sub(r"\s+", "", text)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = "　"
    return "".join(chars)


def _stage(rest: str, vocab: Vocabulary) -> str | None:
    if re.search("中小学(?!部)", rest):
        return None  # 白沙乡中小学: both 学段
    found = {stage for stage, words in vocab.stages.items() if any(w in rest for w in words)}
    if len(found) == 1:
        return found.pop()
    if found == {"primary", "junior"} and "中学" in rest and not re.search("初中|初级中学", rest):
        return "primary"  # 中学 inside 小学…中学 is not a second stage
    return None


def indicator_words(standard: Standard) -> list[tuple[str, str]]:
    """(word, indicator key) for every name, short name and official's word, longest first."""
    key = (standard.key, id(standard))
    if key not in _WORDS:
        _WORDS.clear() if len(_WORDS) > 8 else None
        _WORDS[key] = _indicator_words(standard.indicators)
    return _WORDS[key]


_WORDS: dict[tuple[str, int], list[tuple[str, str]]] = {}


def _indicator_words(standard_indicators: tuple) -> list[tuple[str, str]]:
    pairs = []
    for ind in standard_indicators:
        for w in (ind.name, ind.short, *ind.words):
            pairs.append((w, ind.key))
    return sorted(pairs, key=lambda p: -len(p[0]))


def _indicators(rest: str, standard: Standard | None) -> tuple[str, ...]:
    if standard is None:
        return ()
    text = rest
    found: list[tuple[int, str]] = []
    for word, key in indicator_words(standard):
        at = text.find(word)
        if at >= 0:
            found.append((at, key))
            text = text[:at] + "　" * len(word) + text[at + len(word) :]
    if not found:
        found = _indicators_by_sound(text, standard)
    return tuple(dict.fromkeys(k for _, k in sorted(found)))


def _syllables(text: str) -> list[str]:
    return [lazy_pinyin(ch)[0] if "\u4e00" <= ch <= "\u9fff" else ch for ch in text]


def _indicators_by_sound(text: str, standard: Standard) -> list[tuple[int, str]]:
    """Indicator words typed with a homophone (教学用方, 多没体教室, 骨杆教师): a word of three characters
    or more whose syllables all match, one character at most written differently."""
    heard = _syllables(text)
    found: list[tuple[int, str]] = []
    for word, key in indicator_words(standard):
        if len(word) < 3:
            continue
        sounds = _SOUNDS.setdefault(word, _syllables(word))
        for at in range(len(text) - len(word) + 1):
            if heard[at : at + len(word)] != sounds:
                continue
            differ = sum(a != b for a, b in zip(text[at : at + len(word)], word, strict=True))
            if differ <= 1:
                found.append((at, key))
                text = text[:at] + "　" * len(word) + text[at + len(word) :]
                heard = _syllables(text)
                break
    return found


_SOUNDS: dict[str, list[str]] = {}


_CLAUSE = re.compile(r"[,、;。]|和|以及|并且|同时|另外|再|并|还有|外加")


def _unit_after(text: str, end: int, vocab: Vocabulary) -> tuple[str, float, int] | None:
    for word in sorted(vocab.units, key=len, reverse=True):
        if text.startswith(word, end):
            unit, scale = vocab.units[word]
            return unit, scale, end + len(word)
    return None


def _additions(
    rest: str, vocab: Vocabulary, fallback: FieldWords | None = None
) -> tuple[tuple[Addition, ...], tuple[str, ...]]:
    """What-if amounts by clause; a clause with an amount in ``fallback``'s unit but no field word
    (如果新建2000平方米呢, after a question about 运动场) adds to ``fallback``."""
    out: list[Addition] = []
    vague: list[str] = []
    words = sorted(((w, f) for f in vocab.fields for w in f.words), key=lambda p: -len(p[0]))
    for clause in _CLAUSE.split(rest):
        hit = next(((clause.find(w), w, f) for w, f in words if w in clause), None)
        if hit is None and fallback is not None:
            units = [_unit_after(clause, q.end, vocab) for q in find_quantities(clause)]
            countable = ("count",) if fallback.unit in ("人", "间", "台", "册") else ()
            if any(u is not None and u[0] in (fallback.unit, *countable) for u in units):
                hit = (len(clause), fallback.words[0], fallback)  # 再加一个: one more of the same
        if hit is None:
            continue
        at, word, spec = hit
        chosen: tuple[Quantity, float] | None = None
        for q in find_quantities(clause):
            if q.share:
                vague.append(clause[q.start : q.end])  # 增加百分之二十: of what? asked back
                continue
            unit = _unit_after(clause, q.end, vocab)
            if unit is not None and unit[0] not in ("count", spec.unit):
                continue  # 一个300平米的体育馆: the 个 is not the amount
            if q.approximate:
                vague.append(clause[q.start : unit[2] if unit else q.end])
                continue
            value = q.value * (unit[1] if unit else 1.0)
            if unit is None and spec.unit in ("人", "间") and not float(value).is_integer():
                continue  # 降到0.5以下: a threshold, not a number of teachers
            if spec.unit == "万元" and unit is None and value >= 1000:
                value /= 10000  # a bare 200000 of equipment is in 元
            if unit is not None and unit[0] == "count" and spec.unit == "㎡":
                continue
            chosen = (q, value)
            if q.start >= at or (unit is not None and unit[0] == spec.unit):
                break
        if chosen is not None:
            out.append(Addition(spec.columns, chosen[1], word))
        elif m := re.search("若干|一些|一批|部分|几[个名位间台万十平]", clause):
            end = at + len(word) if at >= m.start() else m.end()
            vague.append(clause[m.start() : end].replace("　", ""))  # 几个骨干老师
    return tuple(out), tuple(vague)


_COUNT = re.compile(r"(?:前|最[差弱低少高多好强]的?|倒数)\s*([一二三四五六七八九十\d]+)\s*[所个名位家]?")
_COUNT2 = re.compile(r"([一二三四五六七八九十两\d]+)\s*[所个家]学校")
_ORDINAL = re.compile(
    r"^(?:那|就|选|是|那就)?(?:排在|排|名列)?(倒数)?第?([一二三四五六七八九十\d])"
    r"(?:个|所|项|家|名|位)?(?:少|多|低|高|大|小|差|好|弱|强|薄弱|缺得多|缺得最多)?(?:的)?"
    r"(?:吧|呢|学校|是哪个|是哪所|是谁|是哪家|是哪一所|又是哪个)?[?!.。]*$"
)
"""第二个, 排第二的呢, 倒数第一 (a negative ordinal), 2 (an answer to a question asked back)."""
_YEAR = re.compile(r"(20\d\d)(?=年|—|-|–|~|至|到|$|[^\d平万元名人间台册个亩米㎡多余])")
_DURATION = re.compile(
    r"(?:年限|期限|周期|为期|改成|改为|调整为|分)\D{0,3}?([一二三四五六七八九十\d]+)\s*年(?!级)"
)


_SCOPE_WORD = re.compile(r"[全本我各][镇县区乡]")
"""全镇初中 is the whole town's 初中, not a school called 镇初中."""
_ROOMS = re.compile(r"(音乐|美术|音美)(专用)?(教室|室)")
"""Music and art rooms: a 政府保障 item, not the 体育艺术教师 indicator their first word names."""


def _pupils(text: str, m: Mention) -> bool:
    """白沙和柳营初中生, 柳营小学生: pupils of a place, not a school, when no school is called so."""
    return not m.name and text[m.end : m.end + 1] == "生" and m.text.endswith(("小学", "初中", "中学"))


def extract(
    text: str,
    names: SchoolIndex,
    standard: Standard | None,
    fallback: FieldWords | None = None,
    is_name: Callable[[Mention], bool] | None = None,
) -> Entities:
    """Read the entities of one (normalised) message; ``fallback`` is the field an amount without a
    field word adds to (the indicator the conversation is about); ``is_name`` keeps the name-like words
    that match no school only when they are a name rather than words of the question."""
    vocab = vocabulary()
    mentions = tuple(
        m
        for m in names.find(text)
        if not _SCOPE_WORD.match(text, max(0, m.start - 1))
        and not _pupils(text, m)
        and (is_name is None or m.name or is_name(m))
    )
    rest = _blank(text, [(m.start, m.end) for m in mentions])
    stage = _stage(rest, vocab)
    indicators = _indicators(_ROOMS.sub(lambda m: "　" * len(m.group(0)), rest), standard)
    additions, vague = _additions(rest, vocab, fallback)
    count = None
    m = _COUNT.search(rest) or _COUNT2.search(rest)
    if m:
        value = parse_number(m.group(1))
        count = int(value) if value else None
    ordinal = None
    m = _ORDINAL.match(text)
    if m:
        value = parse_number(m.group(2))
        ordinal = (-int(value) if m.group(1) else int(value)) if value else None
    years = tuple(int(y) for y in _YEAR.findall(rest))
    duration = None
    m = _DURATION.search(rest)
    if m and not re.fullmatch(r"20\d\d", m.group(1)):
        value = parse_number(m.group(1))
        duration = int(value) if value and value < 20 else None
    section = next((t for t, ws in vocab.sections.items() if any(w in rest for w in ws)), None)
    item = None
    m = re.search(r"第([一二三四五六七八九十\d]+)(?:条|项|点|段)", rest)
    if m:
        value = parse_number(m.group(1))
        item = int(value) if value else None
    part = None
    m = re.search(r"第([一二三四五六七八九十\d]+)(?:个)?(?:部分|大部分|大项|章)", rest)
    if m:
        value = parse_number(m.group(1))
        part = int(value) if value else None
    pronoun = any(p in rest for p in vocab.pronouns)
    standard_key = next((v for k, v in vocab.standards.items() if k in rest), None)
    return Entities(
        text=text,
        rest=rest,
        mentions=mentions,
        stage=stage,
        indicators=indicators,
        additions=additions,
        vague=vague,
        count=count,
        ordinal=ordinal,
        years=years,
        duration=duration,
        section=section,
        item=item,
        part=part,
        pronoun=pronoun,
        standard=standard_key,
    )
