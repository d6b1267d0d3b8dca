"""What a message states by itself, as a typed Query: the measure (planner.chat.grammar says which),
whom it is about (schools, 乡镇, the whole area, a 学段, 公办/民办, kinds of school kept or left out),
which indicators or which unit, how to order and cut, and the amounts a simulation, a transfer or a
requirement worked out needs. What the message leaves out is filled from the conversation
(planner.chat.scope); nothing here reads the conversation."""

from __future__ import annotations

import re

from planner.chat.grammar import SIZE
from planner.chat.guarantees import items_in
from planner.chat.query import Query
from planner.chat.reading import Reading
from planner.numerals import parse_number

__all__ = ["UNIT_HINTS", "left_out", "query_of", "rule_of", "unit_of"]

_SINGULAR = re.compile(r"哪个|哪所|哪一所|哪一个|是哪|哪家|谁")
_TOWNS_ASKED = re.compile(
    r"哪(个|些|几个)?(乡镇|镇|乡|街道)|(各|每)(个|一个)?(乡镇|镇|乡|街道)|(分|按)(乡镇|街道|镇)|乡镇(排名|排序|排一下)"
)
_EXCLUDE = "不算|除了|除去|去掉|排除|不包括|不含|扣除|刨除|不计|剔除|拿掉|刨去|去除"
_INCLUDE = re.compile("也算|算上|算进|包括|包含|一起算|都算|也计|也要算|也统计")
_TOWN_EXCLUDE = re.compile(f"({_EXCLUDE})(掉|了)?")

UNIT_HINTS = {
    "人": ("老师", "教师", "多少人", "几个人", "几人", "师资"),
    "㎡": ("平方", "面积", "㎡", "平米"),
    "万元": ("钱", "万元", "资金", "经费"),
    "间": ("几间", "多少间", "教室"),
}
"""Words that name the unit of a total when no indicator is named (云台镇还缺多少平方、多少钱)."""

KINDS = {
    "教学点": "教学点",
    "十二年一贯制": "十二年一贯|十二年制",
    "九年一贯制": "九年一贯|九年制",
    "完全中学": "完全中学|完中",
    "一贯制": "一贯制",
}
"""Kinds of school, the most specific first (十二年一贯制 before 一贯制)."""


_KINDS_AFTER = "教学点|民办|公办|私立|九年|十二年|一贯|完全中学|完中|乡村|农村|城区|镇区|县城|县直"
_CLOSED = rf"(?!的?(?:那些|这些)?(?:{_KINDS_AFTER}))"
"""After 民办不算 nothing new is left out; in 白沙镇不算教学点 不算 binds to the 教学点 that follows."""


_SIZED = r"(?:(?:不足|不到)?[\d一二三四五六七八九十]+人(?:以下|以内|不到)?的?)?"
"""A size said of what is left out (不算50人以下的教学点)."""


def taken_in(word: str, text: str) -> bool:
    """Whether ``word`` is said to be counted in as well (含教学点, 教学点也算上): no filter on it."""
    return bool(
        re.search(
            rf"(?:(?<!不)含|(?<!不)包含|(?<!不)包括|连同|算上)(?:上)?(?:的)?(?:{word})"
            rf"|(?:{word})(?:的|学校)?(?:也|都)(?:算|算上|算进|计入|包括)",
            text,
        )
    )


def left_out(word: str, text: str) -> bool:
    """Whether ``word`` (a regular expression) is said to be left out: 不算民办, 民办的不算,
    把民办也去掉, 教学点除外 — but not 白沙镇 in 白沙镇不算教学点, where the word binds to what follows."""
    return bool(
        re.search(
            rf"(?:{_EXCLUDE})(?:掉|了)?(?:的)?(?:那些|这些)?{_SIZED}(?:{word})"
            rf"|(?:{word})(?:的|学校)?(?:也|都)?(?:不算|除外|去掉|排除|不计|剔除|拿掉|刨去|不要|不看|去除){_CLOSED}",
            text,
        )
    )


def unit_of(rest: str) -> str | None:
    """The one unit the words of a message name (老师 → 人, 平方 → ㎡, 钱 → 万元), else None."""
    units = [u for u, words in UNIT_HINTS.items() if any(w in rest for w in words)]
    return units[0] if len(units) == 1 else None


def _ownership(r: Reading) -> str | None:
    rest, text = r.rest, r.text
    if re.search("民办|私立", rest):
        if left_out("民办|私立", text):
            return "公办"
        return None if _INCLUDE.search(rest) else "民办"
    if "公办" in rest:
        return "民办" if left_out("公办", text) else "公办"
    return None


def _kinds(r: Reading) -> tuple[str | None, tuple[str, ...]]:
    kind, not_kinds = None, []
    for name, pattern in KINDS.items():
        if re.search(pattern, r.rest):
            if taken_in(pattern, r.text):
                continue  # 全乡小学生一共多少，含教学点: all the schools, the 教学点 among them
            if re.search(
                rf"(?:不足|不到)?[\d一二三四五六七八九十]+人(?:以下|以内|不到)?的?(?:{pattern})", r.text
            ):
                continue  # 不算50人以下的教学点: those left out of the evaluation anyway, not every 教学点
            if left_out(pattern, r.text):
                not_kinds.append(name)
            elif kind is None:
                kind = name
    return kind, tuple(not_kinds)


def _towns(r: Reading) -> tuple[tuple[str, ...], tuple[str, ...]]:
    towns = r.towns
    if not r.has("exclude") or not towns:
        return towns, ()
    cores = {t: re.sub(r"(街道|镇|乡)$", "", t) for t in towns}
    left = tuple(t for t in towns if left_out(f"{t}|{cores[t]}", r.text))
    return tuple(t for t in towns if t not in left), left


def rule_of(r: Reading, indicators: tuple[str, ...]) -> tuple[str, int | None, int | None, bool]:
    """A requirement to work out: (what, students, classes, classes multiplied by grades)."""
    students = classes = None
    for m in SIZE.finditer(r.rest):
        value = parse_number(m.group(1))
        if value is None:
            continue
        if m.group(2) == "班":
            classes = int(value)
        else:
            students = int(value)
    grades = re.findall(r"(?<![每])(\d+|[二两三四五六七八九十]+)个年级", r.rest)
    multiplied = False
    if classes and grades and re.search(r"(每个|一个|每)年级", r.rest):  # 一个年级4个班，6个年级: 24 classes
        classes *= int(parse_number(grades[0]) or 1)
        multiplied = True
    if r.has("room_word") or items_in(r.rest) == ["special_rooms"]:
        item = "special_rooms"
    elif r.has("cv") or r.has("composite"):
        item = "cv"
    elif indicators:
        item = indicators[0]
    elif "班额" in r.rest or "一个班" in r.rest or "每班" in r.rest:
        item = "class_size"
    elif classes and not students:
        item = "special_rooms"  # 36个班要几间: only the rooms are set by the number of classes
    else:
        item = "school_size"
    return item, students, classes, multiplied


_THE_ONE = re.compile(r"最[\u4e00-\u9fff]{1,2}的(?:学校|是|一所|一个)?(?:是哪)?[？?。]?$")
_MANY = re.compile("哪些|哪几|几所|各|所有|排名|排序|排一下|排个|列|名单|前[一二三四五六七八九十\\d]")
_ALL_MET = re.compile(r"([七7]|各|每一?|所有|全部)项(指标)?(都|全|全部|均)?(达标|达到|合格|满足)")
_PASSED_BUT = re.compile(r"达标.{0,4}(但|可|却|不过|还).{0,6}(没|未|不)(到|达到|达标|够)")


def _transfer_order(r: Reading, schools: tuple[str, ...]) -> tuple[str, ...]:
    """(source, target, …): the school after 到/去/给 receives, the one after 从/把 gives."""
    if len(schools) < 2:
        return schools
    positions = {m.name: m.start for m in r.entities.mentions if m.name}
    text = r.entities.text
    pair = schools[:2]
    for name in pair:
        at = positions.get(name, -1)
        before = text[max(0, at - 2) : at]
        other = next(n for n in pair if n != name)
        if re.search(r"[到去往给至向]|支援", before):
            return (other, name, *schools[2:])
        if "从" in before or "把" in before:
            return (name, other, *schools[2:])
    return schools


ABOVE = re.compile(r"(?:超过|超出|大于|多于|高于|超)(\d+)|(\d+)人?以上")
"""A bound the official says (超过48, 46人以上, 超2000的呢): more than the first group, or the second
and up."""


def _above(r: Reading) -> int | None:
    """在校生超过1500人的小学: the students a school must exceed (None when no bound is said, or the bound is
    of an indicator or a 政府保障 item such as 班额)."""
    found = ABOVE.search(r.rest)
    if found is None or r.entities.indicators or items_in(r.rest):
        return None
    return int(found.group(1)) if found.group(1) else int(found.group(2)) - 1


def _and_up(r: Reading) -> bool:
    """1500人以上: the bound said counts itself (the official reads 超过1499 as 1500人以上)."""
    found = ABOVE.search(r.rest)
    return found is not None and not found.group(1)


def query_of(measure: str, r: Reading, schools: tuple[str, ...]) -> Query:
    """What the message itself says: the measure and every slot it names."""
    e = r.entities
    has = r.has
    rest = r.rest
    kind, not_kinds = _kinds(r)
    status = "short" if has("has_gap") else "failed" if has("failed") else "passed" if has("passed") else None
    if _ALL_MET.search(rest):
        status = "full"  # 七项全达标的有几所: every indicator met, not only the school verdict
    elif _PASSED_BUT.search(rest):
        status = "passed_short"  # 虽然达标了但还有一项没到标准
    order = None
    if has("most_short") or (has("shortage") and has("most")):
        order, by = "most", "gap"
    elif has("least") and not has("most"):
        order, by = "least", None
    elif has("most"):
        order, by = "most", None
    else:
        by = None
    if by is None and measure == "rank":
        by = "gap" if has("shortage") and e.indicators else ("value" if e.indicators else "overall")
        if not e.indicators and not has("overall"):
            by = "gap" if has("shortage") or has("most_short") else None  # 缺得最多的: of the last indicator
    if measure == "compare":
        lacking = (
            has("shortage") or has("failed") or any("缺" in w or "差" in w for w in r.words_of("compare"))
        )
        by = "gap" if lacking else "value"
    show = "rate" if has("rate") else "list" if (has("list") or has("which")) else "count"
    if measure == "count":
        show = "rate" if has("rate") else "count"
    limit = e.count
    if limit is None and measure == "rank" and not has("rank") and _SINGULAR.search(rest):
        limit = 1
    if (
        limit is None
        and measure == "rank"
        and not has("rank")
        and _THE_ONE.search(rest)
        and not _MANY.search(rest)
    ):
        limit = 1  # 全县小学生均仪器设备值最高的: the one school, not the whole order
    if measure == "rank" and re.search("规模|学生|人数|在校生", rest) and not e.indicators:
        by = "students"
    above = _above(r)
    if (
        above is not None
        and measure in ("list", "count", "profile")
        and re.search("在校生|学生|人数|规模", rest)
    ):
        measure, by = "rank", "students"  # 在校生超过1500人的小学有哪些
    towns, not_towns = _towns(r)
    area_type = (
        "乡村"
        if re.search("农村|乡村", rest)
        else "城区"
        if "城区" in rest
        else "镇区"
        if "镇区" in rest
        else None
    )
    rule = students = classes = None
    if measure == "standard_rule":
        rule, students, classes, _ = rule_of(r, e.indicators)
    elif SIZE.search(rest):
        _, students, classes, _ = rule_of(r, e.indicators)
    if measure == "transfer":
        schools = _transfer_order(r, schools)
    if (
        measure == "describe"
        and not schools
        and not e.indicators
        and unit_of(rest)
        and (r.towns or has("area"))
    ):
        measure = "gaps"  # 城东街道的学校老师够不够: the 乡镇's shortfalls in that unit
    return Query(
        measure=measure,
        schools=schools,
        towns=towns,
        not_towns=not_towns,
        area_type=area_type,
        area=has("area"),
        stage=e.stage,
        ownership=_ownership(r),
        kind=kind,
        not_kinds=not_kinds,
        status=status,
        indicators=e.indicators,
        items=tuple(items_in(rest)),
        order=order,
        by=by,
        limit=limit,
        show=show,
        unit=None if e.indicators else unit_of(rest),
        of="towns" if _TOWNS_ASKED.search(rest) else None,
        each=bool(re.search("各|分别|每所|逐校", rest)),
        every=bool(re.search("都|同时|均|既", rest)),
        ranking=has("rank"),
        changes=tuple((a.columns, a.amount) for a in e.additions),
        students=students,
        classes=classes,
        above=above,
        and_up=above is not None and _and_up(r),
        rule=rule,
        standard=e.standard,
        text=e.text,
    )
