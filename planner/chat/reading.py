"""Reading one message: the entities (schools, 乡镇, 学段, indicators, amounts, years, plan sections)
and the lexicon classes present (lexicon.yaml), found by longest match over all the lexicon's words
at once in the message with school and 乡镇 names blanked. The grammar (planner.chat.grammar) then
says what is asked; nothing here decides it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from metrics.standards import Standard
from planner.chat.entities import Entities, FieldWords, extract
from planner.chat.names import Mention, SchoolIndex

__all__ = ["Lexicon", "Reading", "lexicon", "read", "towns_in"]

LEXICON = Path(__file__).with_name("lexicon.yaml")
_PLAIN = ("domain", "place_domain")
"""Classes looked for as plain substrings (they only say whether a message is on topic)."""


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, frozenset[str]]
    """word → the classes it belongs to."""
    pattern: re.Pattern[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    """(class, regular expression) for the "re:" entries."""
    plain: dict[str, tuple[str, ...]]
    topical: frozenset[str] = frozenset()
    """Classes that by themselves put a message on topic."""
    bare: frozenset[str] = frozenset()
    """Classes a message about nothing but a place may hold and still be off topic."""


@cache
def lexicon() -> Lexicon:
    loaded = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    raw = loaded["classes"]
    words: dict[str, set[str]] = {}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    plain: dict[str, tuple[str, ...]] = {}
    for name, entries in raw.items():
        if name in _PLAIN:
            plain[name] = tuple(str(e) for e in entries)
            continue
        for entry in entries:
            entry = str(entry)
            if entry.startswith("re:"):
                patterns.append((name, re.compile(entry[3:])))
            else:
                words.setdefault(entry, set()).add(name)
    ordered = sorted(words, key=len, reverse=True)
    return Lexicon(
        {w: frozenset(c) for w, c in words.items()},
        re.compile("|".join(map(re.escape, ordered))),
        tuple(patterns),
        plain,
        frozenset(loaded.get("topical") or ()),
        frozenset(loaded.get("bare") or ()),
    )


@dataclass(frozen=True)
class Reading:
    """One message as read: its entities, the 乡镇 it names and the lexicon classes with their words."""

    text: str
    entities: Entities
    towns: tuple[str, ...]
    classes: frozenset[str]
    words: tuple[tuple[str, str], ...]
    """(word, class) in reading order."""
    rest: str
    """The message with school and 乡镇 names blanked."""
    quote: str = ""
    """Text in quotation marks, or after a colon (加一句：……)."""
    quotes: tuple[str, ...] = ()
    on_topic: bool = True
    strange_places: tuple[str, ...] = ()
    """Words that read as a 乡镇 or 街道 but are not one of the data's (清水镇 where there is none)."""

    def has(self, name: str) -> bool:
        return name in self.classes

    def words_of(self, name: str) -> list[str]:
        return [w for w, c in self.words if c == name]


_CONTINUES_NAME = set("中小初实第一二三四五六七八九十教校")


def towns_in(text: str, towns: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, 乡镇) for each 乡镇 of the data named in ``text``: the full name, or its core
    (桥头 of 桥头镇) where no school name continues it."""
    found: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for town in sorted(towns, key=len, reverse=True):
        core = re.sub(r"(街道|镇|乡)$", "", town)
        for word in (town, core) if len(core) >= 2 else (town,):
            for m in re.finditer(re.escape(word), text):
                if any(taken[m.start() : m.end()]):
                    continue
                after = text[m.end() : m.end() + 2]
                pupils = text[m.end() : m.end() + 3] in _PUPILS  # 柳营小学生: the 乡镇's pupils
                if (
                    word == core
                    and after[:1] in _CONTINUES_NAME | {"镇", "乡", "街"}
                    and after not in _NOT_NAMES
                    and not pupils
                ):
                    continue  # 柳林小学 is a school; 柳林镇 where the data has 柳林乡 is read by sound
                found.append((m.start(), m.end(), town))
                for i in range(m.start(), m.end()):
                    taken[i] = True
        if not any(t == town for _, _, t in found) and len(core) >= 2:
            found += _heard(text, core, town, taken)  # 金屏 for 锦屏
    return sorted(found)


_PUPILS = {"小学生", "初中生", "中学生", "中小学"}
"""Words after a 乡镇's short name that are its pupils or schools, not a school's name."""
_NOT_NAMES = {"一共", "一起", "一下", "一些", "一点", "一所", "一个", "中的", "中有", "中哪"}
"""Words after a 乡镇's short name that do not continue a school name (东沙一共, 东沙中的)."""


def _heard(text: str, core: str, town: str, taken: list[bool]) -> list[tuple[int, int, str]]:
    """A 乡镇's short name typed with homophones (金屏 for 锦屏), one character written differently at
    most and not continued by a school name; ``taken`` is marked."""
    sounds = lazy_pinyin(core)
    for i in range(len(text) - len(core) + 1):
        word = text[i : i + len(core)]
        if any(taken[i : i + len(core)]) or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            continue
        if sum(a != b for a, b in zip(word, core, strict=True)) > 1 or lazy_pinyin(word) != sounds:
            continue
        after = text[i + len(core) : i + len(core) + 2]
        if after[:1] in _CONTINUES_NAME | {"镇", "乡", "街"} and after not in _NOT_NAMES:
            continue
        for j in range(i, i + len(core)):
            taken[j] = True
        return [(i, i + len(core), town)]
    return []


def _longest_first(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The lexicon words of ``text``, longest first wherever words overlap (哪几年 over 是哪几, 不达标
    over 达标), returned in reading order."""
    spans = []
    for i in range(len(text)):
        m = pattern.match(text, i)
        if m:
            spans.append((i, m.end()))
    taken = [False] * len(text)
    chosen = []
    for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not any(taken[start:end]):
            chosen.append((start, end))
            for i in range(start, end):
                taken[i] = True
    return [text[s:e] for s, e in sorted(chosen)]


_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(街道|镇|乡)(?![镇乡村区])")
_NOT_PLACES = {
    "乡镇",
    "城镇",
    "村镇",
    "集镇",
    "全镇",
    "本镇",
    "我镇",
    "全乡",
    "本乡",
    "我乡",
    "城乡",
    "下乡",
    "各乡",
    "各镇",
}


def _strange_places(rest: str, towns: tuple[str, ...]) -> tuple[str, ...]:
    """乡镇-like words of the message that the data does not have."""
    out = []
    for m in _PLACE.finditer(rest):
        word = m.group(0)
        word = word[next((i for i, ch in enumerate(word) if ch not in "在的和与跟是个各全本我们"), 0) :]
        if len(word) - len(m.group(2)) < 2 or word in _NOT_PLACES or word in towns:
            continue
        if re.search(
            "其他|其它|别的|其余|各|所有|每|哪|那|这|个|全|本|分|按|只看|和|与|及|乡镇|街道.|不算|不含|不包括|除了|除去|去掉|排除|刨除",
            word,
        ):
            continue  # 其他乡镇, 哪个乡, 按街道镇, 只看镇: the other towns, a question, a kind, not a town
        out.append(word)
    return tuple(dict.fromkeys(out))


_QUOTED = re.compile(r"[“\"‘'「『]([^”\"’'」』]+)[”\"’'」』]")


_ADD = r"(?:再|也|还|另)?(?:加上|添上|写上|补上|加入|写入|写进|补充|增加|添加|增补|插入|加|添)"
_PLAN_PART = (
    r"(?:指导思想|基本原则|工作目标|目标|主要任务|重点任务|任务|实施步骤|步骤|保障措施|保障|依据文件|文件依据|"
    r"政策依据|依据|开头|结尾)(?:里|中|那节|这节|一节|那一节|那部分|这部分|部分|后面|末尾|最后)?"
)
_TAILS = (
    re.compile(r"^(.*?(?:" + _ADD + r"|补|写)(?:一句|一条|一段|一款|这句|这条)(?:话)?)[:：，,\s]*(.{4,})$"),
    re.compile(r"^(.*?" + _PLAN_PART + r"\s*" + _ADD + r")[:：，,\s]*(.{4,})$"),
)
"""Words to write said without quotes: 加一句 X, 保障措施加一条 X, 依据文件里再加上 X."""


_DELETE_PART = re.compile(
    r"^(?:请)?(?:把)?(?:删掉|删除|删去|去掉|拿掉)(?:关于)?([\u4e00-\u9fff]{2,16}?)(?:的)?"
    r"(?:那段|这段|那一段|这一段|那句|这句|那一句|这一句|那条|这条)(?:话)?(?:删掉|删除|删去)?[。！!]?$"
)


def _quotes(text: str) -> tuple[str, ...]:
    found = [q.strip() for q in _QUOTED.findall(text) if q.strip()]
    if not found:  # 加一句：…… (only after words of writing, not 问一下：……)
        m = re.search(r"^(.*?(?:句|加|写|改|补|添|删|换|替换|内容|段|条|项|点))[:：](.+)$", text)
        if m and m.group(2).strip():
            found = [m.group(2).strip()]
    if not found:  # 删掉宣传引导那段: the words that mark what to delete
        m = _DELETE_PART.search(text)
        if m:
            found = [m.group(1)]
    if not found:
        for tail in _TAILS:
            m = tail.search(text)
            words = m.group(2).strip() if m else ""
            if words and not re.match(r"关于|有关", words) and not re.search(r"(内容|方面)的?$", words):
                found = [words]  # 加一条关于留守儿童的内容 names a topic to write about, not the words
                break
    return tuple(found)


_FUNCTION_CHARS = re.compile(r"[的了吗呢吧啊呀是在有个和与及把被给都也就还又要会能想\d\W_a-zA-Z]")


def _only_a_place(
    question: str,
    rest: str,
    entities: Entities,
    classes: set[str],
    found: list[tuple[str, str]],
    lex: Lexicon,
) -> bool:
    """A message that names only a place or a year besides three or more characters the lexicon does
    not know (明年县里开两会的时间定了没): off topic, though a 县 or 镇 is in it."""
    if entities.mentions or entities.indicators or entities.stage or not classes <= lex.bare:
        return False
    places = lex.plain.get("place_domain", ())
    if any(w in question for w in lex.plain.get("domain", ()) if w not in places):
        return False
    left = rest
    for word in sorted({w for w, _ in found} | set(places), key=len, reverse=True):
        left = left.replace(word, "")
    return len(_FUNCTION_CHARS.sub("", left)) >= 3


_NOT_NAME_PARTS = re.compile(
    "其他|其它|别的|剩下|剩余|所有|全部|各|每|这|那|哪|山区|偏远|边远|城里|县城|城镇|镇上|乡下|村|规模|新|老|好|差|弱|强|大|小|"
    "重点|普通|一般|同类|类似|相关|周边|附近|本地|外地|我们|咱们|你们|他们|有|没|不|多|少|几|超|低|高|年|月|日|"
    "号|文|件|按|第|级|类|型|段|部|"
    "[一二两三四五六七八九十百千]|[0-9]"
)


def _a_name(stem: str) -> bool:
    """Whether the part before 小学/学校 of a name like no school's is a proper name (光明) rather than
    words of the question (其他学校, 超大班额学校, 新建学校): no lexicon word, no common modifier."""
    stem = stem.strip()
    if not 2 <= len(stem) <= 5 or not all("\u4e00" <= ch <= "\u9fff" for ch in stem):
        return False
    return not (_NOT_NAME_PARTS.search(stem) or lexicon().pattern.search(stem))


def _question_words(word: str) -> bool:
    """超大班额学校: a name-like word made of the question's own words (班额), no school's name."""
    stem = re.sub("(小学|中学|初中|学校|教学点)$", "", word)
    lex = lexicon()
    kinds = {"school_kind", "kind_point", "kind_combined"}  # 中心小学 is a kind in a name, not a question
    whole = [w for w in lex.pattern.findall(word) if len(w) >= 3 and not lex.words[w] & kinds]  # 其他学校
    return bool(whole) or any(len(w) >= 2 for w in lex.pattern.findall(stem))


def is_name(m: Mention) -> bool:
    """A name-like word that matches no school is kept (to be said so, or offered) only when it is a
    name (光明小学), not the question's own words (其他学校, 超大班额学校, 这两年小学)."""
    if m.unknown:
        return _a_name(m.unknown) or bool(re.fullmatch("[一二三四五六七八九十][中小]", m.unknown))
    return not (m.candidates and _question_words(m.text))


def read(
    text: str,
    names: SchoolIndex,
    standard: Standard | None,
    towns: tuple[str, ...] = (),
    fallback: FieldWords | None = None,
    region: str = "",
) -> Reading:
    """Read a normalised message; ``region`` (the area's own name, 嘉禾区) is never read as the 乡镇
    whose short name it holds (嘉禾街道)."""
    lex = lexicon()
    quotes = _quotes(text)
    # quoted text is what to write into the plan, not part of the question
    question = _QUOTED.sub(" ", text)
    if quotes and not _QUOTED.search(text):
        question = text[: text.rfind(quotes[0])].rstrip("：:，, ") if quotes[0] in text else text
    entities = extract(question, names, standard, fallback, is_name)
    rest = entities.rest
    own = region and region not in towns and len(region) >= 3
    places = towns_in(rest.replace(region, "　" * len(region)) if own else rest, towns)
    chars = list(rest)
    for start, end, _ in places:
        for i in range(start, end):
            chars[i] = "　"
    rest = "".join(chars)
    found: list[tuple[str, str]] = []
    for word in _longest_first(rest, lex.pattern):
        for name in sorted(lex.words[word]):
            found.append((word, name))
    for name, pattern in lex.patterns:
        m = pattern.search(rest)
        if m:
            found.append((m.group(0), name))
    classes = {c for _, c in found}
    topical = bool(entities.mentions or places or entities.indicators or entities.stage or entities.years)
    topical = (
        topical or bool(classes & lex.topical) or any(w in question for w in lex.plain.get("domain", ()))
    )
    if topical and _only_a_place(question, rest, entities, classes, found, lex):
        topical = False
    return Reading(
        text=text,
        entities=entities,
        towns=tuple(dict.fromkeys(t for _, _, t in places)),
        classes=frozenset(classes),
        words=tuple(found),
        rest=rest,
        quote=quotes[0] if quotes else "",
        quotes=quotes,
        on_topic=topical,
        strange_places=_strange_places(rest, towns) if towns else (),
    )
