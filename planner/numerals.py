"""The project's one numeral reader: every way a number is written in Chinese prose, read the same way
for the chat's questions and for the model guard.

Forms read: Arabic digits (0.52, 1,234, 5 000, full-width ５０００), digits with Chinese multipliers
(12.3万, 5千万, 3百万, 1.2亿), Chinese numerals (一千二百, 两千五, 十二点五, 二〇二六), 大写 numerals
(伍仟, 贰拾伍, 壹佰), 廿/卅, percentages (52%, 百分之五十二, 九成, 3个百分点), ranges (三至五所,
2026—2028年, 4—8月, 两三所), each with the measure word after it (所, 人, 万元 …).

``read_numerals`` also says what each numeral is: a ``figure`` (a quantity someone could get wrong), a
``year``, an ``ordinal`` (第一, 一是, 1．) or a ``word`` (两个方面, 四个到位, 九年一贯制, 三年行动, 一批 —
phrases in numerals.yaml). ``find_quantities`` and ``parse_number`` are the chat's view of the same
reader (amounts in a question, with approximations like 三十来个).
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import cn2an
import yaml

__all__ = [
    "NUMBER",
    "ROUNDING",
    "UNITS",
    "Numeral",
    "Quantity",
    "find_numbers",
    "find_quantities",
    "normalise",
    "parse_number",
    "read_numerals",
    "unit_class",
]

WORDS_FILE = Path(__file__).with_name("numerals.yaml")
ROUNDING = 0.02
"""The largest relative difference a rounded figure may have from the value it states (1.2万 for
12 123 is 1.0 % off; 0.5 for a 差异系数 of 0.518 is 3.5 % off and is refused)."""

# Length-preserving normalisation, so that spans found in the normalised text are spans of the original:
# full-width digits and signs, 大写 numerals and traditional forms.
_TRANSLATE = str.maketrans(
    "０１２３４５６７８９％‰．壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億兩俩〇",
    "0123456789%‰.一二二三三四五六六七八九十百千万亿两两零",
)
_CN_DIGITS = "零一二两三四五六七八九"
_CN_MULT = "十百千万亿"
_CN_EXTRA = "廿卅卌"
_CN_CHARS = _CN_DIGITS + _CN_MULT + _CN_EXTRA
_MULT = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "亿": 1e8}
_SPACE = " \u00a0\u2009\u202f\u3000"

# Measure words after a number, longest first, with their class (what kind of quantity it counts).
UNITS: dict[str, str] = {
    "个百分点": "pct",
    "平方米": "area",
    "平米": "area",
    "㎡": "area",
    "m²": "area",
    "m2": "area",
    "学时": "hours",
    "课时": "hours",
    "人次": "times",
    "元": "money",
    "人": "people",
    "名": "people",
    "位": "people",
    "所": "schools",
    "间": "rooms",
    "台": "devices",
    "册": "books",
    "本": "books",
    "项": "items",
    "条": "items",
    "个": "count",
    "班": "classes",
    "年": "years",
    "个月": "months",
    "月": "months",
    "日": "days",
    "天": "days",
    "次": "times",
    "倍": "ratio",
    "%": "pct",
    "‰": "pct",
    "成": "pct",
    "岁": "age",
    "周": "weeks",
    "节": "lessons",
    "分": "score",
}
_UNIT_RE = re.compile("|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)))

_ARABIC = (
    r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?!\d)"  # 1,234 and 5，000
    rf"|\d{{1,3}}(?:[{_SPACE}]\d{{3}})+(?:\.\d+)?(?!\d)"  # 5 000 (spaced thousands)
    rf"|\d(?:[{_SPACE}]\d)+(?![\d.])"  # 5 0 0 0 (spaced digits)
    r"|\d+(?:\.\d+)?"
)
_TOKEN = re.compile(
    rf"(?P<pct_cn>(?:百分之|千分之)(?:[{_CN_CHARS}]+(?:点[{_CN_DIGITS}]+)?|\d+(?:\.\d+)?))"
    rf"|(?P<arabic>{_ARABIC})(?P<mult>[ ]?[十百千万亿]+)?"
    rf"|(?P<cn>[{_CN_CHARS}]+(?:点[{_CN_DIGITS}]+[万亿]?)?)"
)
_APPROX_AFTER = re.compile(r"来|多|余|几|左右|上下|出头")
_RANGE = re.compile(rf"[{_SPACE}]*(?:—|–|－|-|~|～|〜|至|到)[{_SPACE}]*$")
_FIGURE_AFTER_ONE = re.compile(
    r"[所名位人间台册]|项(?:校际|综合)?(?:指标|差异系数)|[十百千万亿]?元|平方米|平米|㎡"
)
"""一 is a figure before these (一所, 一项指标, 一项差异系数: one of them); else a word (一项工作, 一批)."""


@dataclass(frozen=True)
class Numeral:
    """One number as written: ``raw`` the digits read (12.3 for 12.3万), ``scale`` what one unit of
    ``raw`` is worth (1e4 for 万, 0.01 for %), ``decimals`` the precision written, ``unit`` the class
    of the measure word after it (people, schools, money …; "" when none) and ``kind`` what it is."""

    text: str
    start: int
    end: int
    raw: float
    scale: float = 1.0
    decimals: int = 0
    kind: Literal["figure", "year", "ordinal", "word"] = "figure"
    unit: str = ""
    unit_text: str = ""
    percent: bool = False
    approximate: bool = False

    @property
    def value(self) -> float:
        return self.raw * self.scale

    def matches(self, value: float) -> bool:
        """True when this numeral states ``value`` rounded to the precision written, and the rounding
        is within ``ROUNDING`` of it (4.5 for 4.53, not 1 for 0.96)."""
        shown = round(abs(value) / self.scale, self.decimals)
        if abs(shown - abs(self.raw)) > 1e-9 * max(1.0, abs(self.raw)):
            return False
        return value == 0 or abs(abs(value) - abs(self.raw) * self.scale) <= ROUNDING * abs(value)


def normalise(text: str) -> str:
    """Full-width digits and 大写 numerals in their ordinary forms; the same length as ``text``.

    >>> normalise("伍仟万元，５２％")
    '五千万元，52%'
    """
    return (text or "").translate(_TRANSLATE)


def _cn_value(numeral: str) -> float | None:
    """A Chinese numeral's value through cn2an (廿/卅/卌 expanded first); None when it is none."""
    numeral = numeral.replace("廿", "二十").replace("卅", "三十").replace("卌", "四十")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(cn2an.cn2an(numeral, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def parse_number(text: str) -> float | None:
    """One numeral (两千五, 一万, 1.5万, 3.5, 十二, 伍仟, 廿五) as a float; None when it is not a number.

    >>> parse_number("两千五"), parse_number("一万"), parse_number("1.5万"), parse_number("百分之二十")
    (2500.0, 10000.0, 15000.0, 0.2)
    >>> parse_number("伍仟"), parse_number("廿五"), parse_number("5千万")
    (5000.0, 25.0, 50000000.0)
    """
    text = normalise(text).strip().replace(" ", "")
    if not text:
        return None
    share = text.startswith("百分之")
    if share:
        text = text[3:]
    try:
        value = float(text)
    except ValueError:
        m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]+)", text)
        if m:
            value = float(m.group(1))
            for ch in m.group(2):
                value *= _MULT[ch]
        else:
            parsed = _cn_value(text)
            if parsed is None:
                return None
            value = parsed
    return value / 100 if share else value


def _decimals(digits: str) -> int:
    return len(digits.split(".", 1)[1]) if "." in digits else 0


@dataclass
class _Token:
    start: int
    end: int
    raw: float
    scale: float
    decimals: int
    percent: bool = False
    chinese: bool = False
    approximate: bool = False
    bare_digits: str = ""
    """A Chinese run of digits alone (二〇二六, 三四): read digit by digit."""


_DIGIT_OF = {c: float(i) for i, c in enumerate("零一二三四五六七八九")} | {"两": 2.0}
_APPROX_MULT = re.compile(r"(?:多|余|来|几)([十百千万亿]+)")


def _token(m: re.Match[str]) -> _Token | None:
    if m.group("pct_cn"):
        body = m.group("pct_cn")
        per = 0.01 if body.startswith("百") else 0.001
        num = body[3:]
        if num[0].isdigit():
            raw, decimals = float(num), _decimals(num)
        else:
            value = _MULT.get(num) or _cn_value(num)  # 百分之百
            if value is None:
                return None
            raw, decimals = value, len(num.split("点", 1)[1]) if "点" in num else 0
        return _Token(m.start(), m.end(), raw, per, decimals, percent=True, chinese=True)
    if m.group("arabic"):
        joined = re.sub(rf"[,，{_SPACE}]", "", m.group("arabic"))
        scale, end = 1.0, m.end("arabic")
        mult = (m.group("mult") or "").strip()
        if mult:
            for ch in mult:
                scale *= _MULT[ch]
            end = m.end("mult")
        return _Token(m.start(), end, float(joined), scale, _decimals(joined))
    run = m.group("cn")
    if set(run) <= set(_DIGIT_OF) and len(run) > 1:
        return _Token(m.start(), m.end(), 0.0, 1.0, 0, chinese=True, bare_digits=run)
    scale, body = 1.0, run
    # A trailing 万/亿 is the scale (十二万 → 12 × 1e4), so that 十二点五万 keeps its decimals.
    if len(body) > 1 and body[-1] in "万亿" and not re.search("[万亿]", body[:-1]):
        scale, body = _MULT[body[-1]], body[:-1]
    value = _cn_value(body)
    if value is None and set(body) <= set(_MULT):  # 上千万元: a multiplier alone
        value = 1.0
        for ch in body:
            value *= _MULT[ch]
    if value is None:
        return None
    decimals = len(body.split("点", 1)[1]) if "点" in body else 0
    return _Token(m.start(), m.end(), value, scale, decimals, chinese=True)


def _tokens(text: str) -> list[_Token]:
    """Every numeral run of the normalised ``text`` with its value (三十多万 → 300000, approximate);
    no judgement yet of what it is."""
    out: list[_Token] = []
    pos = 0
    while (m := _TOKEN.search(text, pos)) is not None:
        pos = m.end()
        tok = _token(m)
        if tok is None:
            continue
        tail = _APPROX_MULT.match(text, tok.end)
        if tail and not tok.percent and not tok.bare_digits:
            for ch in tail.group(1):
                tok.scale *= _MULT[ch]
            tok.end = pos = tail.end()
            tok.approximate = True
        out.append(tok)
    return out


@cache
def _word_spans_re() -> re.Pattern[str]:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")) or {}
    phrases = sorted((str(p) for p in data.get("phrases", [])), key=len, reverse=True)
    parts = [*(re.escape(p) for p in phrases), *(f"(?:{p})" for p in data.get("patterns", []))]
    return re.compile("|".join(parts))


def _unit_at(text: str, at: int) -> tuple[str, str, int]:
    """(class, measure word, end) of the measure word starting at ``at`` (spaces skipped)."""
    i = at
    while i < len(text) and text[i] in _SPACE:
        i += 1
    m = _UNIT_RE.match(text, i)
    if not m:
        return "", "", at
    word = m.group(0)
    if word == "分" and text.startswith(("分别", "分之", "分类", "分配", "分期", "分步", "分年", "分校"), i):
        return "", "", at
    if word == "本" and text.startswith(
        ("本方案", "本地", "本级", "本镇", "本县", "本区", "本年", "本校"), i
    ):
        return "", "", at
    if word == "成" and text.startswith(("成立", "成为", "成效", "成果", "成员", "成绩", "成本", "成就"), i):
        return "", "", at
    if word == "位" and text.startswith(("位于", "位置"), i):
        return "", "", at
    if word == "名" and text.startswith(("名称", "名单", "名义", "名校", "名师"), i):
        return "", "", at
    if word == "节" and text.startswith(("节约", "节能", "节点"), i):
        return "", "", at
    if word == "条" and text.startswith(("条件", "条例", "条款"), i):
        return "", "", at
    return UNITS[word], word, m.end()


def read_numerals(text: str) -> list[Numeral]:
    """Every numeral of ``text`` in order, each with its kind, value and measure word.

    >>> [(n.value, n.unit) for n in read_numerals("差异系数0.52，达标率52%，投入12.3万元，共1,234人")]
    [(0.52, ''), (0.52, 'pct'), (123000.0, 'money'), (1234.0, 'people')]
    >>> [(n.value, n.unit) for n in read_numerals("伍仟万元、三至五所、5千万元")]
    [(50000000.0, 'money'), (3.0, 'schools'), (5.0, 'schools'), (50000000.0, 'money')]
    >>> [(n.value, n.kind) for n in read_numerals("三至五百万元，每百名学生")]
    [(3000000.0, 'figure'), (5000000.0, 'figure'), (100.0, 'word')]
    >>> [(n.value, n.kind) for n in read_numerals("2026—2028年，第一")]
    [(2026.0, 'year'), (2028.0, 'year'), (1.0, 'ordinal')]
    >>> {n.kind for n in read_numerals("两个方面、四个到位、九年一贯制、一批学校、三年行动")}
    {'word'}
    """
    original = text or ""
    text = normalise(original)
    words = [m.span() for m in _word_spans_re().finditer(text)]
    out: list[Numeral] = []
    covered = 0
    for tok in _tokens(text):
        if tok.start < covered:
            continue  # inside the measure word of the numeral before (3个百分点)
        numerals, covered = _read(text, original, tok, words)
        out.extend(numerals)
    _join_ranges(text, out)
    return out


def _in_word(start: int, end: int, words: list[tuple[int, int]]) -> bool:
    """The numeral lies inside a set phrase (一万一千 is a number even though 万一 is a word);
    ``words`` are sorted and do not overlap (one regex scan), so a bisection finds the one."""
    i = bisect.bisect_right(words, (start, 10**18)) - 1
    return i >= 0 and words[i][0] <= start and end <= words[i][1]


def _line_start(text: str, at: int) -> bool:
    i = at - 1
    while i >= 0 and text[i] in _SPACE + "\t（(":
        i -= 1
    return i < 0 or text[i] in "\n：:；;。"


def _before(text: str, at: int) -> str:
    """The character before ``at``, spaces skipped."""
    i = at - 1
    while i >= 0 and text[i] in _SPACE:
        i -= 1
    return text[i] if i >= 0 else ""


_YEAR_RANGE_AFTER = re.compile(rf"[{_SPACE}]*(?:—|–|－|-|~|～|〜|至|到)[{_SPACE}]*(?:19|20)\d\d")
_YEAR_RANGE_BEFORE = re.compile(
    rf"(?:19|20)\d\d[{_SPACE}]*(?:年)?[{_SPACE}]*(?:—|–|－|-|~|～|〜|至|到)[{_SPACE}]*$"
)
_RANGE_NEXT = re.compile(rf"[{_SPACE}]*(?:—|–|－|-|~|～|〜|至|到)[{_SPACE}]*[\d{_CN_CHARS}]")
_REFERENCES = ("附件", "附表", "表", "图", "附件 ", "见表", "条第", "款第")
Kind = Literal["figure", "year", "ordinal", "word"]


def _kind(text: str, tok: _Token, shown: str, unit: str, unit_text: str, words) -> Kind:
    before, after = _before(text, tok.start), text[tok.end : tok.end + 1]
    if _in_word(tok.start, tok.end, words):
        return "word"
    if before == "第" or (before == "其" and tok.chinese) or text.endswith(_REFERENCES, 0, tok.start):
        return "ordinal"  # 第一, 其二, 附件5, 表3
    if tok.chinese and not tok.percent and after == "是" and tok.raw < 20:
        return "ordinal"  # 一是……二是……
    if _line_start(text, tok.start) and after in ("、", ".", "）", ")") and tok.raw < 100:
        return "ordinal"  # 一、 1． （一）
    if before in ("（", "(") and after in ("）", ")") and tok.raw < 30 and tok.scale == 1.0:
        return "ordinal"
    if (
        tok.decimals == 0
        and tok.scale == 1.0
        and not tok.percent
        and 1949 <= tok.raw <= 2100
        and (
            unit_text == "年"
            or _YEAR_RANGE_AFTER.match(text, tok.end)
            or _YEAR_RANGE_BEFORE.search(text, max(0, tok.start - 12), tok.start)
        )
    ):
        return "year"
    if tok.chinese and not tok.percent:
        if tok.raw == 1 and tok.scale == 1.0 and shown in ("一", "壹"):
            figure = _FIGURE_AFTER_ONE.match(text, tok.end) and (
                not before or before not in "每第统进逐同唯之任其另万"
            )
            return "figure" if figure else "word"
        ranged = _RANGE_NEXT.match(text, tok.end)
        if not unit and not ranged and len(shown) == 1 and not re.search(f"[{_CN_MULT}廿卅卌]", shown):
            return "word"  # a lone 三 with no measure word: 三方, 三级
        if not unit and shown in ("千万", "万", "百", "千", "十", "亿", "万亿"):
            return "word"  # 千万 (by all means), a bare multiplier
    return "figure"


def _read(text: str, original: str, tok: _Token, words: list[tuple[int, int]]) -> tuple[list[Numeral], int]:
    """The numerals of one token (two for 两三所) and where its measure word ends."""
    shown = original[tok.start : tok.end]
    if tok.bare_digits:
        run = tok.bare_digits
        unit, unit_text, unit_end = _unit_at(text, tok.end)
        digits = [_DIGIT_OF[c] for c in run]
        if len(run) == 4:  # 二〇二六年
            value = float("".join(str(int(d)) for d in digits))
            kind: Kind = (
                "year" if 1949 <= value <= 2100 and not _in_word(tok.start, tok.end, words) else "word"
            )
            return [Numeral(shown, tok.start, tok.end, value, kind=kind)], tok.end
        if len(run) == 2 and abs(digits[1] - digits[0]) == 1 and not _in_word(tok.start, tok.end, words):
            return [  # 两三所, 三四名: about two or three
                Numeral(
                    run[i],
                    tok.start + i,
                    tok.start + i + 1,
                    d,
                    unit=unit,
                    unit_text=unit_text,
                    approximate=True,
                )
                for i, d in enumerate(digits)
            ], unit_end
        return [Numeral(shown, tok.start, tok.end, 0.0, kind="word")], tok.end
    if tok.percent:
        unit, unit_text, unit_end = "pct", "%", tok.end
    else:
        unit, unit_text, unit_end = _unit_at(text, tok.end)
    scale, percent = tok.scale, tok.percent
    if unit == "pct" and not tok.percent:
        percent = True
        scale *= {"成": 0.1, "‰": 0.001}.get(unit_text, 0.01)
    approximate = tok.approximate or bool(_APPROX_AFTER.match(text, tok.end))
    kind = _kind(text, tok, shown, unit, unit_text, words)
    if kind != "figure":
        unit, unit_text, unit_end = "", "", tok.end
    return [
        Numeral(
            shown,
            tok.start,
            tok.end,
            tok.raw,
            scale,
            tok.decimals,
            kind,
            unit,
            unit_text,
            percent,
            approximate,
        )
    ], unit_end


def _join_ranges(text: str, found: list[Numeral]) -> None:
    """In a range (三至五所, 4—8月) the first number takes the measure word of the second."""
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.kind != "figure" or b.kind != "figure" or a.unit or not (b.unit or b.scale > 1.0):
            continue
        between = text[a.end : b.start]
        if re.fullmatch(rf"[{_SPACE}]*(?:—|–|－|-|~|～|〜|至|到|、)[{_SPACE}]*", between):
            raw, scale = a.raw, b.scale if b.percent and not a.percent else a.scale
            if a.scale == 1.0 and b.scale > 1.0 and not b.percent and "、" not in between:
                raw, scale = _range_start(a, b), b.scale  # 三至五百万元: 三百万 to 五百万
            found[i] = Numeral(
                a.text,
                a.start,
                a.end,
                raw,
                scale,
                a.decimals,
                a.kind,
                b.unit,
                b.unit_text,
                b.percent or a.percent,
                a.approximate,
            )


def _range_start(a: Numeral, b: Numeral) -> float:
    """The first end of a range whose second end has a multiplier (三至五百万, 5至10万, 二十至二十五万):
    in the second's scale, and — written in Chinese — with the round tens of the second's digits
    (三 of 五百万 is 三百万; 五 of 10万 stays 5万)."""
    raw = a.raw
    if a.decimals or not a.text or a.text[0].isdigit():
        return raw
    whole = round(b.raw)
    while whole and whole % 10 == 0 and raw * 10 <= b.raw:
        raw, whole = raw * 10, whole // 10
    return raw


def find_numbers(text: str) -> list[Numeral]:
    """The figures and years of ``text`` (ordinals and words left out), in order.

    >>> [m.value for m in find_numbers("两所学校、百分之八十五、十二万元、2026—2028年")]
    [2.0, 0.85, 120000.0, 2026.0, 2028.0]
    >>> find_numbers("第一，进一步统一一批学校")
    []
    """
    return [n for n in read_numerals(text) if n.kind in ("figure", "year")]


def unit_class(unit: str) -> str:
    """The class of a fact's unit string (万元 → money, ㎡ → area, 人 → people); "" when none."""
    unit = (unit or "").strip()
    if not unit:
        return ""
    if unit.endswith("元"):
        return "money"
    m = _UNIT_RE.match(unit)
    return UNITS[m.group(0)] if m else ""


# ---------------------------------------------------------------------------------------------------
# The chat's view: amounts in a question (kept exactly as the chat has always read them).

_CN_Q = "零〇一二两俩三四五六七八九十百千万亿点"
NUMBER = re.compile(
    rf"(百分之[{_CN_Q}\d.]+|\d+(?:\.\d+)?\s*[万千百]?(?![\d])|[{_CN_Q}]+)(来|多|余|几|左右|上下|出头)?(%|％)?"
)
"""A numeral, then an optional approximation marker and percent sign (the chat's reading)."""

_NOT_AMOUNT = set("些下起直定样般共致切律旦再批")


@dataclass(frozen=True)
class Quantity:
    value: float
    start: int
    end: int
    approximate: bool = False
    """三十来个, 二十多名, 十几间: the official did not say an exact amount."""
    share: bool = False
    """百分之二十 or 20%: ``value`` is then 0.2."""


def find_quantities(text: str) -> list[Quantity]:
    """Every amount in a chat message with its span; years (2026年) and ordinals (第二) are left out.

    >>> [(q.value, q.approximate) for q in find_quantities("再配三十来个老师，伍仟元")]
    [(30.0, True), (5000.0, False)]
    """
    text = normalise(text)
    out: list[Quantity] = []
    for m in NUMBER.finditer(text):
        raw = m.group(1)
        if m.start() > 0 and text[m.start() - 1] == "第":
            continue
        if not m.group(2) and text[m.end() : m.end() + 1] in _NOT_AMOUNT:
            continue  # 一些, 一下, 一起, 一共: words, not amounts
        if re.fullmatch(r"20\d\d", raw) and text[m.end() : m.end() + 1] in ("年", "—", "-", "至", "到"):
            continue
        value = parse_number(raw)
        if value is None:
            continue
        share = raw.startswith("百分之") or bool(m.group(3))
        if m.group(3) and not raw.startswith("百分之"):
            value /= 100
        out.append(Quantity(value, m.start(), m.end(), approximate=bool(m.group(2)), share=share))
    return out
