"""School names as officials write them: exact aliases first, then the sound of the name, rapidfuzz
only to offer candidates.

An alias table is generated per school from the data (城关第三小学 → 城关三小, 三小; 石桥镇中心小学 →
石桥中心校, 石桥中心小学; 青河县第一初级中学 → 一中, 县一中; 白沙乡九年一贯制学校 → 白沙九年制, 白沙九年;
民办育才学校 → 育才学校). A mention resolves when an alias matches exactly and names one school, or when
it sounds like the aliases of exactly one school (pypinyin: 城关中新小学 → 城关中心小学, 成关 → 城关,
心集 → 新集; the reply then says how it was read). A mention that sounds like several schools (柳林中兴小学
beside 柳林中心小学 and 柳林中新小学), or only looks like a name, is asked back with candidates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

__all__ = ["Mention", "SchoolIndex", "school_aliases", "school_index", "sound"]

_NUM = "一二三四五六七八九十"
_PLACE_ENDINGS = ("街道", "镇", "乡", "区", "县", "市")
_SUFFIXES = (
    "十二年一贯制学校",
    "九年一贯制学校",
    "完全中学",
    "初级中学",
    "中心小学",
    "中心学校",
    "小学",
    "中学",
    "学校",
    "教学点",
)
_SHORT = {
    "小学": ("小",),
    "中学": ("中",),
    "初级中学": ("中", "初中", "中学", "初"),
    "中心小学": ("中心小", "中心校", "中小", "中心小学", "中心"),
    "中心学校": ("中心校", "中心学校", "中心"),
    "九年一贯制学校": ("九年一贯制", "一贯制学校", "一贯制", "学校", "九年制", "九年制学校", "九年"),
    "十二年一贯制学校": ("十二年一贯制", "一贯制学校", "一贯制", "学校"),
    "完全中学": ("中学", "完中"),
    "教学点": ("教学点",),
    "学校": ("学校",),
}
_BARE_KINDS = ("小学", "初级中学", "中学", "教学点", "学校")
"""Kinds whose school is also called by its own name alone (红星 for 杏林镇红星学校)."""
_BARE_EXCLUDED = re.compile(
    r"(街道|镇|乡|区|县|市|中心|实验|第[一二三四五六七八九十]+|[一二三四五六七八九十])$"
)
FUZZY_SURE = 97
"""A fuzzy score at or above which, with no rival close behind, the name is taken (and said so)."""
FUZZY_OFFER = 60
"""Schools scoring at least this are offered as candidates."""
FUZZY_CLOSE = 8
"""…when they score within this of the best one (a far second is not offered)."""

# Something that reads like a school name: a place-like prefix, then a school word.
_MENTION = re.compile(
    rf"[\u4e00-\u9fff]{{1,10}}?(小学|初级中学|中学|初中|中心校|学校|教学点|一贯制|九年制|校区|分校|[{_NUM}]小|[{_NUM}]中)"
)
_STOP = set(
    "于诉比跟同知道解析统计列显示的了在是和与及把给让将对从向里为有吗呢吧么啊哪几各全所该这那个些你我们他它请问下帮看查说想要能会都还再就如果假设若"
    "到去往调至援帮派案其"
)
_FUNCTION = re.compile(
    "[有几所哪些的是吗呢么都还要能会想请问查看说怎什多少各每]|^[一每某两]个?$|个$|分别"
    "|不算|除了|除去|去掉|排除|不包括|不含|扣除|刨除|不计|剔除|拿掉"
    "|^[分按](乡镇|街道|镇|乡)|列一下|列出"  # 分街道列一下小学在校生: a grouping, not a school
)
"""Words inside a stem that no school name has."""
_PLACE_WORDS = set("县镇乡区市村")
"""Leading words that are places, not names: 全县小学 is all the county's 小学."""
_CONTINUES = re.compile(r"(?:(?![的和与跟及同、是比在为属算])[\u4e00-\u9fff]){1,3}?(?:小学|中学|学校|教学点)")
"""A longer name-like word going on after an alias (柳林中 in 柳林中兴小学); 一中的小学部, 二中和实验中学
and 一中是完全中学 are two words."""
_GENERIC = {"小学", "中学", "初中", "学校", "教学点", "一贯制", "初级中学", "中心校"}
# Kinds of school, not names: 九年一贯制学校, 民办学校, 特殊教育学校 …
_KINDS = re.compile(
    r"(一贯制|九年|十二年|完全|特殊教育|特教|民办|公办|职业|寄宿制?|农村|乡村|城区|城镇|薄弱|优质|每所|各类|所有|全部"
    r"|规模|标准化|义务教育|普通|示范|重点|达标|未达标|不达标|这些|哪些)$"
)


def _places(prefix: str) -> set[str]:
    """A place prefix and its forms without the county/town word: 青河县石桥镇 → 石桥镇, 石桥, 青河石桥 …"""
    out = {prefix}
    parts = re.findall(r".+?(?:街道|镇|乡|区|县|市)|.+$", prefix) if prefix else []
    if len(parts) > 1:
        for i in range(1, len(parts)):
            out.add("".join(parts[i:]))
    for p in list(out):
        for ending in _PLACE_ENDINGS:
            if p.endswith(ending) and len(p) - len(ending) >= 2:
                out.add(p[: -len(ending)])
    out.discard("")
    return out


def school_aliases(name: str) -> set[str]:
    """The ways an official may write a school.

    >>> sorted(school_aliases("城关第二小学"))
    ['二小', '城关二小', '城关第二小学', '第二小学']
    """
    core = re.sub(r"^(民办|私立)", "", name)
    core = re.sub(r"[（(].*?[)）]$", "", core)
    out = {name, core}
    campus = re.fullmatch(r"(.+?)((?:第[一二三四五六七八九十]+|[东南西北新老本])校区|分校)", core)
    if campus:  # 河口镇初级中学第二校区 → 河口初中第二校区, 第二校区
        return {name, campus.group(2)} | {a + campus.group(2) for a in school_aliases(campus.group(1))}
    m = re.fullmatch(rf"(.*?)第([{_NUM}]+)(小学|中学|初级中学)", core)
    if m:
        prefix, num, kind = m.groups()
        shorts = {num + s for s in _SHORT[kind]} | {"第" + num + kind}
        out |= shorts
        for p in _places(prefix) if prefix else ():
            out |= {p + s for s in shorts}
        if prefix.endswith(("县", "区", "市")):  # 县一中, 区二小
            out |= {prefix[-1] + s for s in shorts}
        return {a for a in out if len(a) >= 2}
    bares: set[str] = set()
    experiment = re.fullmatch(r"(.*?)实验(小学|初级中学|中学|学校)", core)
    if experiment:  # 实小, 县实小, 实中; 实验 alone (asked back when there are 实验小学 and 实验中学)
        short = {"小学": "实小", "学校": ""}.get(experiment.group(2), "实中")
        out.add("实验")
        if short:  # 实验学校 has no short form: its place alone (城关镇) is no name of it
            out |= {short} | {p + short for p in _places(experiment.group(1)) if experiment.group(1)}
    town_school = re.fullmatch(r"(.+?)(镇|乡)(初级中学|中学)", core)
    if town_school:  # 镇中, 乡中: a 镇's own middle school (several: asked back)
        word = town_school.group(2)
        out |= {word + "中", word + "初中"}
    for suffix in _SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            stem = core[: -len(suffix)]
            if suffix in _BARE_KINDS and not _BARE_EXCLUDED.search(stem):
                out.add(stem)  # 柳树湾 for 柳树湾小学 (shared by 河西小学 and 河西初级中学: asked back)
            shorts = set(_SHORT.get(suffix, ())) | {suffix}
            # the place part of the stem (石桥镇 of 石桥镇东岭) may be dropped: 东岭小学
            place = re.match(r"(.+?(?:街道|镇|乡|县|区))(.{2,})$", stem)
            stems = _places(stem)
            if place:
                stems |= {s + place.group(2) for s in _places(place.group(1))} | {place.group(2)}
                bare = place.group(2)
                if suffix in _BARE_KINDS and not _BARE_EXCLUDED.search(bare):
                    bares.add(bare)  # 杨家湾 for 石桥镇杨家湾教学点
                    out.add(bare)
            for s in stems:
                for short in shorts:
                    if short == "学校" and suffix != "学校" and len(s) < 2:
                        continue
                    out.add(s + short)
            break
    short_ok = {"实小", "实中", "实验", "镇中", "乡中"} | bares
    return {
        a
        for a in out
        if (len(a) >= 3 or (len(a) == 2 and (a[0] in _NUM or a in short_ok)))
        and (
            a in ("镇中", "乡中", "镇初中", "乡初中")
            or not re.match(r"(镇|乡|街道)|[县区市](?![一二三四五六七八九十])", a)  # not 镇中心小学
        )
    }


_NUMBERED = re.compile(rf"(?<![第统其之一二三四五六七八九十])([{_NUM}])([中小])(?![学心部时块些点分型])")
"""A school said by its number alone (二中, 五小)."""
_NOT_A_SCHOOL = set("室员课区楼班教仪器材")
"""After 实验: a lab, its staff or a class, not 实验小学 or 实验中学."""
_CURLED = (("zh", "z"), ("ch", "c"), ("sh", "s"))


def sound(text: str, loose: bool = False) -> str:
    """The toneless pinyin of ``text`` (城关 → "cheng guan"), character by character so that a name and
    a mistyped name are read the same way; ``loose`` also folds the sounds officials often mix up in
    typing: zh/z, ch/c, sh/s, l/n, and -ing/-in, -eng/-en, -ang/-an."""
    return " ".join(_syllable(ch, loose) for ch in text)


@lru_cache(maxsize=8192)
def _syllable(ch: str, loose: bool) -> str:
    syllable = lazy_pinyin(ch, errors="default")[0] if ch.strip() else ch
    return _loose(syllable) if loose else syllable


def _loose(syllable: str) -> str:
    for curled, flat in _CURLED:
        if syllable.startswith(curled):
            syllable = flat + syllable[2:]
            break
    if syllable.startswith("l"):
        syllable = "n" + syllable[1:]
    if syllable.endswith(("ing", "eng", "ang")):
        syllable = syllable[:-1]
    return syllable


@dataclass(frozen=True)
class Mention:
    """One school mention: ``name`` when it resolves, else ``candidates`` to ask back.
    ``exact`` is False when the name was taken from a fuzzy match (the reply says so)."""

    text: str
    start: int
    end: int
    name: str | None = None
    candidates: tuple[str, ...] = ()
    exact: bool = True
    unknown: str = ""
    """For a name like no school of the data, its own part (光明 of 光明小学)."""


@dataclass
class SchoolIndex:
    names: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None
    choices: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    places: frozenset[str] = frozenset()
    """Place prefixes the names carry (青河县, 石桥镇, 石桥 …): written before a short name, they are
    not another school's name."""
    town_of: dict[str, set[str]] = field(default_factory=dict)
    """School name → its 乡镇 as written (柳林乡, 柳林): 柳林三小 is not 城关三小 of 城关镇."""

    @cached_property
    def sounds(self) -> dict[str, tuple[str, ...]]:
        """Pinyin of every alias of three characters or more → the schools it names (built on the
        first name that is not written exactly)."""
        return self._sound_table(loose=False)

    @cached_property
    def loose_sounds(self) -> dict[str, tuple[str, ...]]:
        """The same with easily confused sounds folded (see ``sound``)."""
        return self._sound_table(loose=True)

    def _sound_table(self, loose: bool) -> dict[str, tuple[str, ...]]:
        table: dict[str, list[str]] = {}
        for alias, owners in self.aliases.items():
            if len(alias) >= 3:
                listed = table.setdefault(sound(alias, loose=loose), [])
                listed += [n for n in owners if n not in listed]
        return {k: tuple(v) for k, v in table.items()}

    @classmethod
    def build(cls, names: Sequence[str], townships: Sequence[str] = ()) -> SchoolIndex:
        """``townships`` (one per name, may be empty) let a name that starts with its 乡镇 without the
        word 镇 (石桥河湾教学点 in 石桥镇) also be found without it (河湾教学点)."""
        table: dict[str, list[str]] = {}
        extra_places: set[str] = set()
        for name, town in zip(names, list(townships) + [""] * (len(names) - len(townships)), strict=True):
            aliases = school_aliases(name)
            for place in sorted(_places(town), key=len, reverse=True) if town else ():
                rest = name[len(place) :]
                kind_only = (
                    rest in _SUFFIXES
                    or rest in ("中心校", "中心小学", "中心学校")
                    or _KINDS.search(rest[:-2])
                )
                if name.startswith(place) and len(rest) >= 4 and len(place) >= 2 and not kind_only:
                    aliases |= {a for a in school_aliases(rest) if len(a) >= 4 or a == rest}
                    extra_places.add(place)
                    break
            for alias in aliases:
                table.setdefault(alias, []).append(name)
        centres = [n for n in names if n.endswith(("中心小学", "中心学校", "中心校"))]
        if len(centres) == 1:  # 中心小学和二小: in a 乡镇's data the one 中心小学 is meant by its kind
            for alias in ("中心小学", "中心校", "中心学校"):
                table.setdefault(alias, []).append(centres[0])
        # a full name always wins over schools that merely share it as an alias; a 乡镇's own word
        # (东关 of 东关街道) is the 乡镇, not the bare stem of 东关小学
        town_words = {p for t in townships if t for p in _places(t)}
        aliases = {
            a: (a,) if a in names else tuple(dict.fromkeys(ns))
            for a, ns in table.items()
            if a in names or a not in town_words
        }
        ordered = sorted(aliases, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        choices = [a for a in aliases if len(a) >= 3]
        owners = [aliases[a][0] if len(aliases[a]) == 1 else "" for a in choices]
        places: set[str] = set(extra_places)
        for name in names:
            for m in re.finditer(r".+?(?:街道|镇|乡|区|县|市)", name):
                places |= {p for p in _places(m.group(0)) if len(p) >= 2}
        towns = list(townships) + [""] * (len(names) - len(townships))
        town_of = {n: {p for p in _places(t) if len(p) >= 2} for n, t in zip(names, towns, strict=True) if t}
        return cls(tuple(names), aliases, pattern, choices, owners, frozenset(places), town_of)

    def find(self, text: str) -> list[Mention]:
        """Mentions in reading order: exact aliases, then name-like words offered with candidates."""
        found: list[Mention] = []
        taken = [False] * len(text)
        if self.pattern is not None:
            for m in self.pattern.finditer(text):
                names = self.aliases[m.group(0)]
                if self._longer_name(text, m.start(), m.end(), m.group(0)):
                    continue  # 柳林中 inside 柳林中兴小学, 二小 inside 东城二小: another school's name
                if m.group(0) == "实验" and text[m.end() : m.end() + 1] in _NOT_A_SCHOOL:
                    continue  # 实验室, 实验员, 实验课
                if text.find("中小学", max(0, m.end() - 2)) in (m.end() - 2, m.end() - 1):
                    continue  # 白沙乡中小学: the 乡's 小学 and 初中, not 白沙乡中心小学 (中小)
                if self._cuts_a_town(text, m.start(), m.end()):
                    continue  # 中新 inside 其中新集镇: the 乡镇 is 新集镇
                if len(names) == 1:
                    found.append(Mention(m.group(0), m.start(), m.end(), name=names[0]))
                else:
                    found.append(Mention(m.group(0), m.start(), m.end(), candidates=names))
                for i in range(m.start(), m.end()):
                    taken[i] = True
        for m in _MENTION.finditer(text):
            start, end = m.start(), m.end()
            if text[end - 1] in "小中" and text[end : end + 1] == "学":
                end += 1  # 城关第一小学, not 城关第一小
            first = start
            while start < end and (taken[start] or text[start] in _STOP or text[start] in _PLACE_WORDS):
                start += 1
            if any(taken[start:end]):
                continue
            heard = next(  # 和口镇中心小学: the 和 a stop word would drop is part of a sound-alike name
                (
                    h
                    for st in range(first, start)
                    if not any(taken[st:end])
                    and text[st] not in _PLACE_WORDS  # 全县初中 is no sound-alike of 乡初中
                    and (h := self._sounds_like(text[st:end], st, end)) is not None
                    and h.name
                ),
                None,
            )
            if heard is not None:
                found.append(heard)
                continue
            word = text[start:end]
            stem = word[: len(word) - len(m.group(1)) - (end - m.end())]
            if (
                len(stem) < 2
                or word in _GENERIC
                or _KINDS.search(stem)
                or re.fullmatch(r"[小初中高]+.*", word)
                or _FUNCTION.search(stem)  # 青河县有几所学校: a question, not a name
                or (m.group(1)[0] not in _NUM and stem in self.places)  # 青河县学校: the county's schools
                or (word.endswith("中小学") and stem[:-1] in self.places)  # 白沙乡中小学: its 小学 and 初中
                or (
                    m.group(1)[0] not in _NUM
                    and re.fullmatch(r".{1,4}(县|区|市|镇|乡|街道)", stem) is not None
                )
            ):
                continue
            mention = self._fuzzy(word, start, end)
            # a name like no school of the data (光明小学): kept without candidates, to be said so
            found.append(mention if mention is not None else Mention(word, start, end, unknown=stem))
        for m in _NUMBERED.finditer(text):  # 二中 where no school is called so: those numbered 第二
            if any(taken[m.start() : m.end()]) or any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            alike = tuple(n for n in self.names if "第" + m.group(1) in n)
            found.append(
                Mention(m.group(0), m.start(), m.end(), candidates=alike[:4])
                if alike
                else Mention(m.group(0), m.start(), m.end(), unknown=m.group(0))  # 五中: none, said so
            )
        return sorted(found, key=lambda x: x.start)

    @cached_property
    def _town_pattern(self) -> re.Pattern[str] | None:
        words = sorted({w for ws in self.town_of.values() for w in ws}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words))) if words else None

    def _cuts_a_town(self, text: str, start: int, end: int) -> bool:
        """True when the span takes part of a 乡镇's name but not all of it."""
        if self._town_pattern is None:
            return False
        for m in self._town_pattern.finditer(text):
            overlaps = m.start() < end and start < m.end()
            if overlaps and not (start <= m.start() and m.end() <= end):
                return True
        return False

    def _longer_name(self, text: str, start: int, end: int, alias: str) -> bool:
        """True when the alias is only part of a longer name-like word around it: 柳林中 inside
        柳林中兴小学, 第一小学 inside 成关第一小学 (a place prefix the data does not know)."""
        if _CONTINUES.match(text, end):
            return True
        if alias in self.names:
            return False
        i = start
        while i > 0 and "\u4e00" <= text[i - 1] <= "\u9fff" and text[i - 1] not in _STOP and start - i < 4:
            i -= 1
        before = text[i:start]
        if len(before) < 2:
            return False
        place = max((p for p in self.places if before.endswith(p)), key=len, default=None)
        if place is None:
            return True
        towns = set().union(*self.town_of.values()) if self.town_of else set()
        owners = self.aliases.get(alias, ())
        # another 乡镇 before the short name: 柳林三小 names a school of 柳林, not 城关三小
        return place in towns and not any(place in self.town_of.get(n, {place}) for n in owners)

    def _sounds_like(self, word: str, start: int, end: int) -> Mention | None:
        """A name written with the wrong characters for the right sounds: one school → taken (the
        reply says so), several → offered."""
        for table_, key in ((self.sounds, sound(word)), (self.loose_sounds, sound(word, loose=True))):
            names = table_.get(key, ())
            if len(names) == 1:
                return Mention(word, start, end, name=names[0], exact=False)
            if len(names) > 1:
                return Mention(word, start, end, candidates=names[:4])
        return None

    def _fuzzy(self, word: str, start: int, end: int) -> Mention | None:
        heard = self._sounds_like(word, start, end)
        if heard is not None:
            return heard
        hits = process.extract(word, self.choices, scorer=fuzz.ratio, limit=12, score_cutoff=FUZZY_OFFER)
        best: dict[str, float] = {}
        for alias, score, _ in hits:
            for name in self.aliases[alias]:
                best[name] = max(best.get(name, 0.0), score)
        if not best:
            return None
        ranked = sorted(best, key=lambda n: -best[n])
        top = ranked[0]
        rival = best[ranked[1]] if len(ranked) > 1 else 0.0
        if best[top] >= FUZZY_SURE and best[top] - rival >= 10:
            return Mention(word, start, end, name=top, exact=False)
        close = [n for n in ranked if best[n] >= best[top] - FUZZY_CLOSE]
        return Mention(word, start, end, candidates=tuple(close[:4]))


@lru_cache(maxsize=16)
def school_index(names: tuple[str, ...], townships: tuple[str, ...] = ()) -> SchoolIndex:
    """The index for a set of names (and their 乡镇), built once per data set."""
    return SchoolIndex.build(names, townships)
