"""The one reader of numbers in chat messages: Arabic or Chinese numerals through cn2an.

两千五 → 2500, 一万 → 10000, 1.5万 → 15000, 百分之二十 → 0.2 (a share), 三十来个 → approximate
(the chat asks back rather than guessing).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import cn2an

__all__ = ["NUMBER", "Quantity", "find_quantities", "parse_number"]

_CN = "零〇一二两俩三四五六七八九十百千万亿点"
NUMBER = re.compile(
    rf"(百分之[{_CN}\d.]+|\d+(?:\.\d+)?\s*[万千百]?(?![\d])|[{_CN}]+)(来|多|余|几|左右|上下|出头)?(%|％)?"
)
"""A numeral, then an optional approximation marker and percent sign."""


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


def parse_number(text: str) -> float | None:
    """One numeral (两千五, 一万, 1.5万, 3.5, 十二) as a float; None when it is not a number.

    >>> parse_number("两千五"), parse_number("一万"), parse_number("1.5万"), parse_number("百分之二十")
    (2500.0, 10000.0, 15000.0, 0.2)
    """
    text = text.strip().replace(" ", "")
    if not text:
        return None
    share = text.startswith("百分之")
    if share:
        text = text[3:]
    text = text.replace("俩", "两")
    try:
        value = float(text)
    except ValueError:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    return value / 100 if share else value


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its span; years (2026年) and ordinals (第二) are left out."""
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
