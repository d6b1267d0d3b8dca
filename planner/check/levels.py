"""Which words belong to which administrative level, for the checker's one-level-only rule.

A plan speaks for one level (镇/乡, 县, 区, 县级市); the words listed here are a level's *own* voice
(全县, 县人民政府 …): a plan of another level must not use them. A 镇 plan may still name its 县 or 区
bodies (县教育局) as the level above, so only scope words and the 组长 are checked for 镇 plans.
Kept in one place; when the drafting gains a level vocabulary, its words replace these.
"""

from __future__ import annotations

__all__ = ["LEVEL_WORDS", "foreign_words", "level_of"]

LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "town": ("全镇", "本镇", "全乡", "本乡", "镇长任组长", "乡长任组长"),
    "county": ("全县", "本县", "县人民政府", "县长任组长", "县级自评", "县域内各"),
    "district": ("全区", "本区", "区人民政府", "区长任组长", "区级自评"),
    "city": ("全市", "本市", "市人民政府", "市长任组长", "市级自评"),
}
_HIGHER_OK = {"town": ("county", "district", "city")}
"""Levels whose *bodies* a lower plan may name; scope words of theirs are still foreign."""
_SCOPE_ONLY = ("全县", "全区", "全市", "本县", "本区", "本市", "县长任组长", "区长任组长", "市长任组长")


def level_of(region: str, level_setting: str = "") -> str:
    """town, county, district or city from the region's last character (县级市 ends in 市).

    >>> level_of("城关镇"), level_of("示例县"), level_of("示例区"), level_of("某某市")
    ('town', 'county', 'district', 'city')
    """
    last = region.strip()[-1:] if region.strip() else ""
    by_char = {"镇": "town", "乡": "town", "县": "county", "区": "district", "市": "city"}
    if last in by_char:
        return by_char[last]
    return "town" if level_setting == "town" else "district"


def foreign_words(level: str) -> tuple[str, ...]:
    """The words a plan of ``level`` must not contain."""
    out: list[str] = []
    for other, words in LEVEL_WORDS.items():
        if other == level:
            continue
        if other in _HIGHER_OK.get(level, ()):
            out += [w for w in words if w in _SCOPE_ONLY]
        else:
            out += list(words)
    return tuple(out)
