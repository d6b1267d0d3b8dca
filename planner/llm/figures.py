"""Every number a text states, normalised: Arabic (0.52, 1,234, 12.3万, 52%), Chinese numerals
(一千二百、百分之五十二、两所) and years, so that model output can be compared with computed facts.

``find_numbers`` is the one place that reads numbers out of prose; ``Mention.matches`` says whether a
mention is a (possibly rounded) statement of a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.chat.numbers import parse_number

__all__ = ["Mention", "find_numbers"]

ROUNDING = 0.01
"""The largest relative difference a rounded figure may have from the fact it states."""
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
_SCALE = {"万": 1e4, "亿": 1e8}
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_UNITS = "十百千万亿"
_CN = f"[{_CN_DIGITS}{_CN_UNITS}]"
# Words after a Chinese numeral that make it a count or amount (两所学校, 三年, 十二万元, 五名教师).
_MEASURE = "所个名人项间台册本年月日天次批位处类条组套张元万亿平方米㎡%分倍家支座栋层期届周岁班节成"
_ARABIC = re.compile(
    r"(?<![A-Za-z0-9.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<scale>\s*[万亿])?(?P<pct>\s*%)?"
)
_PERCENT_CN = re.compile(rf"百分之(?P<num>(?:{_CN}|点)+|\d+(?:\.\d+)?)")
_CHINESE = re.compile(
    rf"(?<![第{_CN_DIGITS}{_CN_UNITS}])(?P<num>{_CN}+(?:点[{_CN_DIGITS}]+[万亿]?)?)(?=[{_MEASURE}])"
)
# Set phrases whose numerals are words, not figures (一批, 十分, 一体化 are caught by the rules below).
_IDIOMS = re.compile(r"十分|万一|千万|万分|百年大计|一年一|一校一|一人一|两免一补|三通两平台|五育")


@dataclass(frozen=True)
class Mention:
    """One number as written: ``raw`` the digits read (12.3 for 12.3万), ``scale`` what one unit of
    ``raw`` is worth (1e4 for 万, 0.01 for %), ``decimals`` the precision written."""

    text: str
    start: int
    raw: float
    scale: float = 1.0
    decimals: int = 0
    percent: bool = False

    @property
    def value(self) -> float:
        return self.raw * self.scale

    def matches(self, value: float) -> bool:
        """True when this mention states ``value`` rounded to the precision written, and the rounding
        is within ``ROUNDING`` of it (4.5 for 4.53, not 1 for 0.96); a percentage also matches a value
        already in percent (85% against 85)."""
        scales = (self.scale, 1.0) if self.percent else (self.scale,)
        for scale in scales:
            shown = round(abs(value) / scale, self.decimals)
            if abs(shown - abs(self.raw)) > 1e-9 * max(1.0, abs(self.raw)):
                continue
            if value == 0 or abs(abs(value) - abs(self.raw) * scale) <= ROUNDING * abs(value):
                return True
        return False


def _decimals(digits: str) -> int:
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _cn_value(numeral: str) -> tuple[float, float, int] | None:
    """(raw, scale, decimals) of a Chinese numeral; a trailing 万/亿 becomes the scale (十二万 → 12, 1e4)."""
    scale = 1.0
    if len(numeral) > 1 and numeral[-1] in _SCALE and not re.search("[万亿]", numeral[:-1]):
        numeral, scale = numeral[:-1], _SCALE[numeral[-1]]
    raw = parse_number(numeral)  # the project's one numeral parser (cn2an)
    if raw is None:
        return None
    decimals = len(numeral.split("点", 1)[1]) if "点" in numeral else 0
    return raw, scale, decimals


def find_numbers(text: str) -> list[Mention]:
    """Every number stated in ``text``, in order.

    Not read as numbers: Chinese ordinals (第一、第十二条 are structure), a lone 一 (一批、每一所),
    numerals inside set phrases (十分、一校一案), and a digit glued to Latin letters (m2, GB2312).

    >>> [m.value for m in find_numbers("差异系数0.52，达标率52%，投入12.3万元，共1,234人")]
    [0.52, 0.52, 123000.0, 1234.0]
    >>> [m.value for m in find_numbers("两所学校、百分之八十五、十二万元、2026—2028年")]
    [2.0, 0.85, 120000.0, 2026.0, 2028.0]
    >>> find_numbers("第一，进一步统一一批学校")
    []
    """
    text = (text or "").translate(_FULL_WIDTH)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for m in _PERCENT_CN.finditer(text):
        num = m.group("num")
        if num[0].isdigit():
            raw, decimals = float(num), _decimals(num)
        else:
            parsed = _cn_value(num)
            if parsed is None:
                continue
            raw, _, decimals = parsed
        found.append(Mention(m.group(0), m.start(), raw, 0.01, decimals, percent=True))
        taken.append(m.span())
    for m in _ARABIC.finditer(text):
        if not free(*m.span()):
            continue
        digits = m.group("num")
        raw = float(digits.replace(",", ""))
        if m.group("pct"):
            found.append(Mention(m.group(0), m.start(), raw, 0.01, _decimals(digits), percent=True))
        else:
            scale = _SCALE[m.group("scale").strip()] if m.group("scale") else 1.0
            found.append(Mention(m.group(0), m.start(), raw, scale, _decimals(digits)))
        taken.append(m.span())
    idioms = [m.span() for m in _IDIOMS.finditer(text)]
    for m in _CHINESE.finditer(text):
        numeral = m.group("num")
        if not free(*m.span()) or any(a <= m.start() < b for a, b in idioms):
            continue
        if not re.search("[十百千万亿点〇零]", numeral) and len(numeral) > 1:
            numeral = numeral[-1]  # 统一一批, 三四所: digits side by side are words or a range
        if numeral in ("一", "〇", "零"):
            continue
        parsed = _cn_value(numeral)
        if parsed is None:
            continue
        raw, scale, decimals = parsed
        if text.startswith("成", m.end()):  # 三成 = 30 %
            found.append(Mention(numeral + "成", m.start(), raw, 0.1, decimals, percent=True))
        else:
            found.append(Mention(numeral, m.start(), raw, scale, decimals))
        taken.append(m.span())
    return sorted(found, key=lambda x: x.start)
