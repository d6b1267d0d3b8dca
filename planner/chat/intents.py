"""Rule-based reading of a Chinese chat message: which request, which school, 学段, indicator, amounts.

No language model: the keyword tables below are data, school names are matched through generated
简称 (城关二小 → 城关第二小学) and difflib for typos.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "SECTION_WORDS",
    "Intent",
    "SchoolMatch",
    "chinese_number",
    "match_schools",
    "parse",
    "parse_additions",
    "school_aliases",
]

# --- keyword tables -------------------------------------------------------------------------------

INDICATOR_WORDS: dict[str, tuple[str, ...]] = {
    "above_degree_teachers_per_100": ("高于规定学历", "高学历", "学历"),
    "above_degree_teachers_per_student": ("高于规定学历", "高学历", "学历"),
    "backbone_teachers_per_100": ("骨干",),
    "pe_art_teachers_per_100": (
        "体育艺术",
        "体艺",
        "音体美",
        "体育教师",
        "艺术教师",
        "音乐教师",
        "美术教师",
        "体育老师",
        "音乐老师",
        "美术老师",
    ),
    "teaching_space_per_student": ("教学及辅助用房", "教学用房", "教辅用房", "校舍"),
    "sports_space_per_student": ("运动场", "体育场", "体育运动场馆", "体育馆", "操场"),
    "equipment_value_per_student": ("仪器设备", "设备值", "仪器"),
    "multimedia_rooms_per_100": ("多媒体",),
    "computers_per_100": ("计算机", "电脑"),
    "books_per_student": ("图书",),
    "teachers_per_student": ("师生比",),
    "mid_title_teachers_per_student": ("中级", "职称"),
}

# Words for the upload columns a what-if adds to, longest first within the table's order.
FIELD_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("体育艺术专任教师", ("pe_art_teachers",)),
    ("体育艺术教师", ("pe_art_teachers",)),
    ("音体美教师", ("pe_art_teachers",)),
    ("体艺教师", ("pe_art_teachers",)),
    ("体育教师", ("pe_art_teachers",)),
    ("体育老师", ("pe_art_teachers",)),
    ("艺术教师", ("pe_art_teachers",)),
    ("音乐教师", ("pe_art_teachers",)),
    ("音乐老师", ("pe_art_teachers",)),
    ("美术教师", ("pe_art_teachers",)),
    ("美术老师", ("pe_art_teachers",)),
    ("骨干教师", ("backbone_teachers",)),
    ("骨干", ("backbone_teachers",)),
    ("高学历教师", ("teachers_above_degree",)),
    ("高于规定学历", ("teachers_above_degree",)),
    ("中级职称", ("teachers_mid_title",)),
    ("教学及辅助用房", ("teaching_rooms_area",)),
    ("教学用房", ("teaching_rooms_area",)),
    ("校舍", ("teaching_rooms_area",)),
    ("体育馆", ("teaching_rooms_area", "gym_area")),
    ("运动场", ("sports_field_area",)),
    ("操场", ("sports_field_area",)),
    ("仪器设备", ("equipment_value",)),
    ("设备", ("equipment_value",)),
    ("多媒体教室", ("multimedia_rooms",)),
    ("多媒体", ("multimedia_rooms",)),
    ("计算机", ("computers",)),
    ("电脑", ("computers",)),
    ("图书", ("books",)),
    ("音乐教室", ("music_rooms",)),
    ("美术教室", ("art_rooms",)),
    ("专任教师", ("teachers",)),
    ("教师", ("teachers",)),
    ("老师", ("teachers",)),
)

SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "指导思想": ("指导思想",),
    "基本原则": ("基本原则", "原则"),
    "工作目标": ("工作目标", "目标任务", "目标"),
    "主要任务": ("主要任务", "重点任务", "任务"),
    "实施步骤": ("实施步骤", "步骤", "进度安排", "时间安排"),
    "保障措施": ("保障措施", "保障"),
}

STANDARD_WORDS = {"优质均衡": "quality_2017", "基本均衡": "basic_2012"}

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(\d+(?:\.\d+)?|[零〇一二两俩三四五六七八九十百千]+)"
_UNIT_WORDS = r"(万元|万平方米|万平米|平方米|平米|㎡|m2|元|名|个|位|人|间|台|册|本|套)"
_AMOUNT = re.compile(_NUM + r"\s*(万)?\s*" + _UNIT_WORDS)
_YEAR_RANGE = re.compile(r"(20\d\d)\s*(?:年)?\s*(?:—|–|-|－|~|～|至|到)+\s*(20\d\d)")
_YEAR = re.compile(r"(20\d\d)\s*年?")

_SCHOOL_SUFFIXES = (
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
_SHORT = {"小学": "小", "中学": "中", "初级中学": "中", "中心小学": "中心小", "中心学校": "中心校"}
_PLACE_ENDINGS = ("街道", "镇", "乡", "区", "县")


def chinese_number(text: str) -> float | None:
    """Arabic or Chinese numerals up to the thousands.

    >>> chinese_number("两"), chinese_number("十二"), chinese_number("3.5"), chinese_number("一百二十")
    (2.0, 12.0, 3.5, 120.0)
    """
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            return None
    return float(total + digit)


# --- school names ---------------------------------------------------------------------------------


def _prefixes(prefix: str) -> set[str]:
    out = {prefix}
    for ending in _PLACE_ENDINGS:
        if prefix.endswith(ending) and len(prefix) - len(ending) >= 2:
            out.add(prefix[: -len(ending)])
    return out


def school_aliases(name: str) -> set[str]:
    """The ways an official may write a school: full name, 城关二小, 第二小学, 二小, 河西小 …

    >>> sorted(school_aliases("城关第二小学"))
    ['二小', '城关二小', '城关第二小学', '第二小学']
    """
    out = {name}
    m = re.fullmatch(r"(.*?)第([一二三四五六七八九十]+)(小学|中学|初级中学)", name)
    if m:
        prefix, num, kind = m.groups()
        short = num + _SHORT[kind]
        out |= {short, "第" + num + kind}
        for p in _prefixes(prefix) if prefix else ():
            out |= {p + short, p + "第" + num + kind}
        return out
    for ending in _PLACE_ENDINGS:
        at = name.find(ending)
        if at >= 2 and len(name) - at - len(ending) >= 4:
            place, rest = name[:at], name[at + len(ending) :]
            if rest not in _SCHOOL_SUFFIXES:
                out |= {place + rest, rest}
            break
    for suffix in _SCHOOL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            core = name[: -len(suffix)]
            for p in _prefixes(core):
                if suffix in _SHORT:
                    out.add(p + _SHORT[suffix])
                if suffix == "初级中学":
                    out.add(p + "初中")
                if suffix in ("九年一贯制学校", "十二年一贯制学校", "中心学校"):
                    out |= {p + "学校", p + "一贯制"}
                if p != core:
                    out.add(p + suffix)
            break
    return {a for a in out if len(a) >= 2}


@dataclass(frozen=True)
class SchoolMatch:
    """The schools a message names: ``groups`` holds one tuple of candidates per mention;
    a mention with several candidates is ambiguous. ``spans`` are the matched character ranges."""

    groups: tuple[tuple[str, ...], ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    fuzzy: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(g[0] for g in self.groups if len(g) == 1)

    @property
    def ambiguous(self) -> tuple[str, ...]:
        for g in self.groups:
            if len(g) > 1:
                return g
        return ()


def match_schools(text: str, names: Sequence[str], fuzzy: bool = True) -> SchoolMatch:
    """Find school mentions: longest alias wins; equal mentions of several schools stay ambiguous;
    with no exact mention, a difflib ratio ≥ 0.75 against aliases of 4+ characters catches typos."""
    hits: list[tuple[int, int, str]] = []
    for name in names:
        for alias in school_aliases(name):
            start = text.find(alias)
            while start >= 0:
                hits.append((start, start + len(alias), name))
                start = text.find(alias, start + 1)
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    accepted: list[tuple[int, int, list[str]]] = []
    for s, e, name in hits:
        same = next((a for a in accepted if a[0] == s and a[1] == e), None)
        if same is not None:
            if name not in same[2]:
                same[2].append(name)
            continue
        if any(s < a[1] and a[0] < e for a in accepted):
            continue
        accepted.append((s, e, [name]))
    if accepted:
        accepted.sort()
        groups = []
        for _, _, group in accepted:
            # a school named by its full name beats others that share the mention
            exact = [n for n in group if n in text]
            groups.append(tuple(exact[:1] or group))
        return SchoolMatch(tuple(dict.fromkeys(groups)), tuple((s, e) for s, e, _ in accepted))
    if not fuzzy:
        return SchoolMatch()
    best: dict[str, tuple[float, int, int]] = {}
    for name in names:
        for alias in school_aliases(name):
            n = len(alias)
            if n < 4:
                continue
            for size in (n - 1, n, n + 1):
                for start in range(0, max(0, len(text) - size) + 1):
                    window = text[start : start + size]
                    matcher = difflib.SequenceMatcher(None, alias, window)
                    if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
                        continue
                    ratio = matcher.ratio()
                    if ratio >= 0.75 and ratio > best.get(name, (0.0, 0, 0))[0]:
                        best[name] = (ratio, start, start + len(window))
    if not best:
        return SchoolMatch()
    top = max(r for r, _, _ in best.values())
    group = tuple(n for n, (r, _, _) in best.items() if r == top)
    spans = tuple((s, e) for n, (r, s, e) in best.items() if r == top)
    return SchoolMatch((group,), spans[:1], fuzzy=True)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)


def find_stage(text: str) -> str | None:
    """小学部/小学 → primary, 初中部/初中/初级中学 → junior (school names must be blanked first)."""
    has_primary = "小学" in text
    has_junior = "初中" in text or "初级中学" in text
    if has_primary and not has_junior:
        return "primary"
    if has_junior and not has_primary:
        return "junior"
    return None


def find_indicators(text: str, keys: Iterable[str]) -> tuple[str, ...]:
    found = []
    for key in keys:
        if any(w in text for w in INDICATOR_WORDS.get(key, ())):
            found.append(key)
    return tuple(found)


def parse_additions(text: str) -> tuple[tuple[str, float], ...]:
    """(upload column, amount in its unit) for each "增加2名体育教师" in the text; 万元 for equipment.

    >>> parse_additions("增加2名体育教师和500平方米运动场")
    (('pe_art_teachers', 2.0), ('sports_field_area', 500.0))
    >>> parse_additions("添置20万元仪器设备")
    (('equipment_value', 20.0),)
    >>> parse_additions("建一个300平米的体育馆")
    (('teaching_rooms_area', 300.0), ('gym_area', 300.0))
    """
    out: list[tuple[str, float]] = []
    clauses = [c for c in re.split(r"[，,、；;。]|和|以及|并且|同时|另外|再", text) if c.strip()]
    for clause in clauses:
        amounts = list(_AMOUNT.finditer(clause))
        field_hit = _find_field(clause)
        if not field_hit:
            continue
        fields, at = field_hit
        chosen = None
        for m in amounts:
            if (
                m.group(3) in ("个", "套")
                and m.end() <= at
                and any(w in clause[m.end() : at + 1] for w in ("平", "㎡", "万"))
            ):
                continue
            chosen = m
            if m.start() >= at:
                break
        if chosen is None:
            continue
        number = chinese_number(chosen.group(1))
        if number is None:
            continue
        if chosen.group(2) or chosen.group(3).startswith("万"):
            number *= 10000
        unit = chosen.group(3)
        for f in fields:
            amount = number
            if f == "equipment_value":
                amount = number / 10000  # the column is in 万元; "20万元" was scaled to 元 above
            out.append((f, amount))
        if unit in ("个", "套") and fields == ("teaching_rooms_area", "gym_area"):
            out = out[: -len(fields)]
    return tuple(out)


def _find_field(clause: str) -> tuple[tuple[str, ...], int] | None:
    for word, fields in FIELD_WORDS:
        at = clause.find(word)
        if at >= 0:
            return fields, at
    return None


# --- the intent -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intent:
    """What a message asks. ``kind`` is one of: school, what_if, cv, overview, worst, indicator,
    policy, draft, settings, add, rewrite, delete, export, versions, help, unknown."""

    kind: str
    text: str
    schools: SchoolMatch = field(default_factory=SchoolMatch)
    stage: str | None = None
    indicators: tuple[str, ...] = ()
    additions: tuple[tuple[str, float], ...] = ()
    section: str | None = None
    item: int | None = None
    topic: str = ""
    start_year: int | None = None
    years: int | None = None
    region: str | None = None
    level: str | None = None
    standard: str | None = None
    export_format: str = "docx"
    count: int | None = None


_WHAT_IF = re.compile(r"如果|假如|假设|要是|若|模拟|倘若")
_ADD_VERB = re.compile(r"增加|新增|补充|配备|配置|添置|建设|新建|扩建|引进|招聘|调入|补足|加|建")
_DRAFT = re.compile(r"(生成|起草|制定|编制|撰写|写|拟|出|做).{0,30}(方案|计划|规划)")
_EXPORT = re.compile(
    r"(导出|下载|输出|保存|生成).{0,6}(word|docx|Word|WORD|文档|文件|markdown|Markdown|md)"
    r"|^(导出|下载)"
)
_REWRITE = re.compile(r"重写|重新写|重新生成|改写|再写一遍|重新起草")
_DELETE = re.compile(r"删掉|删除|去掉|删去|拿掉")
_ADD_ITEM = re.compile(r"(加|增加|添加|补充|新增|补上|写入)(一条|一段|一项|一点|一句)?(关于|有关)?")
_POLICY = re.compile(
    r"要求|规定|政策|文件|依据|办法|怎么算|如何计算|计算方法|是什么|什么是|哪个文件|多少人以下"
    r"|标准是|有什么标准|口径|文号|通知|意见|条件|怎么认定|程序|流程|验收|督导"
    r"|要达到多少|应达到多少|达到多少|不低于多少|不少于多少|不超过多少|上限是多少|下限是多少"
)
_CV = re.compile(r"差异系数|CV|cv|综合差异|离散")
# Asking how a figure is defined or computed is a question for the policy corpus, not for the data.
_METHOD = re.compile(r"怎么算|怎么计算|如何计算|计算方法|计算公式|公式|什么意思|什么是|是什么|含义|定义")
_OVERVIEW = re.compile(
    r"全镇|全区|全县|全市|整体|总体|总的|汇总|概况|达标情况|均衡情况|怎么样了?$|情况怎样|情况如何"
)
_WORST = re.compile(r"最差|最弱|最薄弱|薄弱|落后|排名|排在|倒数|短板最|差距最大|哪几所|哪些学校|哪所学校")
_UNMET = re.compile(
    r"没达标|未达标|不达标|没有达标|差多少|差距|缺多少|短板|不够|不足|差在哪|缺口|达标吗|达标了吗|情况"
)
_HELP = re.compile(r"^(你好|您好|帮助|help|能做什么|你能做什么|怎么用|使用说明|\?|？)")
_VERSIONS = re.compile(r"版本|历史|撤销|回退|恢复到?上一版")
_SETTINGS = re.compile(
    r"(起始年|开始年|起止年|年限|年份|期限|周期|时间范围|年度|改为|改成|调整为|换成).{0,12}"
    r"(20\d\d|[一二三四五六七八九十\d]+年)"
)


_SCHOOLISH = re.compile(r"[小中校]|教学点")
_PLAN_WORDS = re.compile(r"方案|计划|规划|任务|措施|导出|下载")


def _section(text: str) -> str | None:
    for title, words in SECTION_WORDS.items():
        if any(w in text for w in words):
            return title
    return None


def _level(text: str) -> str | None:
    if re.search(r"县级市", text):
        return "city"
    if re.search(r"县级(?!及以上|以上)|全县|县方案", text):
        return "county"
    if re.search(r"区县|区级|全区|区方案", text):
        return "district"
    if re.search(r"镇级|乡级|全镇|镇方案|乡镇方案", text):
        return "town"
    return None


def _region(text: str) -> str | None:
    stripped = re.sub(r"帮我|给我|请|麻烦|一份|一个|一下|的|生成|起草|制定|编制|撰写|写|拟定?", "", text)
    stripped = _YEAR_RANGE.sub(" ", stripped)
    m = re.search(r"([\u4e00-\u9fff]{2,8}?(?:街道|镇|乡|区|县))", stripped)
    if not m:
        return None
    region = m.group(1)
    if region in ("全镇", "全区", "全县", "本镇", "本区", "本县", "区县", "乡镇"):
        return None
    return region


def _years(text: str) -> tuple[int | None, int | None]:
    m = _YEAR_RANGE.search(text)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        if end >= start:
            return start, end - start + 1
    start = None
    m = re.search(r"(?:起始年|开始年|起始年份|开始年份|从)\D{0,6}(20\d\d)", text) or _YEAR.search(text)
    if m:
        start = int(m.group(1))
    years = None
    m = re.search(
        r"(?:年限|期限|周期|为期|改成|改为|调整为)\D{0,4}?([一二三四五六七八九十\d]+)\s*年(?!级)", text
    )
    if m and not re.fullmatch(r"20\d\d", m.group(1)):
        value = chinese_number(m.group(1))
        years = int(value) if value and value < 20 else None
    return start, years


def parse(text: str, school_names: Sequence[str] = (), indicator_keys: Sequence[str] = ()) -> Intent:
    """Classify one message. Order matters: plan commands before data questions before policy."""
    text = text.strip()
    norm = text.replace(" ", "")
    exact = match_schools(norm, school_names, fuzzy=False)
    if not exact.groups and school_names and _SCHOOLISH.search(norm) and not _PLAN_WORDS.search(norm):
        exact = match_schools(norm, school_names, fuzzy=True)
    rest = _blank(norm, exact.spans)
    stage = find_stage(rest)
    indicators = find_indicators(rest, indicator_keys)

    def make(kind: str, **kw) -> Intent:
        base = {"schools": exact, "stage": stage, "indicators": indicators}
        base.update(kw)
        return Intent(kind, text, **base)

    if _HELP.search(norm):
        return make("help")
    if _EXPORT.search(norm) and not _DRAFT.search(norm.replace("生成", "")):
        fmt = "markdown" if re.search(r"markdown|md|Markdown", norm) else "docx"
        return make("export", export_format=fmt)
    if _DRAFT.search(norm) and not _REWRITE.search(norm):
        start, years = _years(norm)
        standard = next((v for k, v in STANDARD_WORDS.items() if k in norm), None)
        return make(
            "draft",
            region=_region(norm),
            start_year=start,
            years=years,
            level=_level(norm),
            standard=standard,
        )
    if _VERSIONS.search(norm) and ("方案" in norm or "版本" in norm):
        return make("versions")
    section = _section(rest)
    if _DELETE.search(norm):
        m = re.search(r"第\s*([一二三四五六七八九十\d]+)\s*(条|项|点|段|个)", norm)
        item = int(chinese_number(m.group(1)) or 0) if m else None
        if item:
            return make("delete", section=section or "主要任务", item=item)
        if section:
            return make("delete", section=section)
    if _REWRITE.search(norm) and section:
        return make("rewrite", section=section)
    if section and _ADD_ITEM.search(norm) and not _WHAT_IF.search(norm):
        topic = _topic(norm, section)
        if topic:
            return make("add", section=section, topic=topic)
    if _SETTINGS.search(norm) and not _WHAT_IF.search(norm) and not exact.groups:
        start, years = _years(norm)
        if start or years:
            return make("settings", start_year=start, years=years, level=_level(norm))
    additions = parse_additions(rest) if _ADD_VERB.search(norm) else ()
    if additions and (_WHAT_IF.search(norm) or exact.groups):
        return make("what_if", additions=additions)
    if _CV.search(norm) and not _METHOD.search(norm):
        return make("cv")
    if exact.groups and not _POLICY.search(rest):
        return make("school")
    if _WORST.search(norm) and indicators and not re.search(r"最差|最弱|倒数|排名", norm):
        return make("indicator")
    if _WORST.search(norm):
        m = re.search(r"(?:前|最差的?|哪)\s*([一二三四五六七八九十\d]+)\s*所", norm)
        count = int(chinese_number(m.group(1)) or 0) if m else None
        return make("worst", count=count)
    if _POLICY.search(norm) and not exact.groups:
        return make("policy")
    if _OVERVIEW.search(norm):
        return make("overview")
    if indicators and _UNMET.search(norm):
        return make("indicator")
    if exact.groups:
        return make("school")
    if _UNMET.search(norm) and not exact.groups and len(norm) <= 12:
        return make("overview")
    if _WHAT_IF.search(norm) and additions:
        return make("what_if", additions=additions)
    if indicators:
        return make("indicator")
    if norm.endswith(("?", "？", "吗", "呢")) or re.search(r"什么|怎么|如何|哪些|多少", norm):
        return make("policy")
    return make("unknown")


def _topic(text: str, section: str) -> str:
    """The subject of "主要任务里加一条关于留守儿童的内容" → 留守儿童."""
    m = re.search(r"(?:关于|有关)(.+?)(?:的)?(?:内容|任务|措施|工作|段落|要求|条目)?[。.！!]?$", text)
    if not m:
        m = re.search(
            r"(?:加|增加|添加|补充|新增|补上|写入)(?:一条|一段|一项|一点|一句)?(.+?)(?:的)?(?:内容|任务|措施|段落)?[。.！!]?$",
            text,
        )
    topic = m.group(1).strip() if m else ""
    for w in SECTION_WORDS[section]:
        topic = topic.replace(w, "")
    return topic.strip("，,。 的")
