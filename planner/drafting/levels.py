"""Level vocabulary (镇/乡, 县, 区, 县级市): the words a plan uses for its subject, read from
``templates/levels.yaml`` and validated; the level is read from the region name's last character."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

__all__ = [
    "LEVELS",
    "Level",
    "LevelWords",
    "foreign_words",
    "level_of",
    "level_words",
    "vocabulary",
]

Level = Literal["town", "county", "district", "city"]
LEVELS: tuple[str, ...] = ("town", "county", "district", "city")
_FILE = Path(__file__).resolve().parents[2] / "templates" / "levels.yaml"
# Generic compounds that contain a level character without naming a level's body.
_GENERIC = ("乡镇", "城镇", "镇区", "城区", "县域义务教育", "县级及以上", "县级以上", "市级复核")


class LevelWords(BaseModel):
    """One level's words; every template slot named here is filled from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level
    label: str
    u: str
    scope: str
    local: str
    area: str
    gov: str
    gov_office: str
    leader: str
    deputy: str
    edu: str
    finance: str
    selfcheck: str
    next_checks: str
    upper: str
    upper_units: str
    sub: str
    sub_gov: str
    marks: tuple[str, ...]

    def values(self) -> dict[str, str]:
        """The words as template variables (without the level, label and marks)."""
        return self.model_dump(exclude={"level", "label", "marks"})


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    endings: dict[str, Level]
    words: dict[str, LevelWords]


@lru_cache(maxsize=4)
def vocabulary(path: Path = _FILE) -> Vocabulary:
    """The vocabulary file, validated (unknown keys rejected)."""
    return Vocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def level_of(region: str, default: Level = "town") -> Level:
    """The level a region name says: 城关镇 → town, 青河县 → county, 示例区 → district, 某某市 → city.

    >>> level_of("青河县"), level_of("示例区"), level_of("青山乡"), level_of("东城街道")
    ('county', 'district', 'town', 'town')
    """
    return vocabulary().endings.get(region.strip()[-1:], default) if region.strip() else default


def level_words(level: str, region: str = "", upper_region: str | None = None) -> LevelWords:
    """The words for ``level``; a town-level plan for a 乡 speaks of 全乡, 乡人民政府; a town in a
    区 (``upper_region`` 临江区) works with the 区教育局 and the 区级自评, not a 县's.

    >>> level_words("county").gov, level_words("town", "青山乡").scope
    ('县人民政府', '全乡')
    >>> level_words("town", "南湖镇", "临江区").upper_units
    '区教育局、区人社局'
    """
    words = vocabulary().words
    found = None
    if level == "town" and region.strip().endswith("乡"):
        found = words["乡"]
    else:
        found = next((w for w in words.values() if w.level == level), None)
    if found is None:
        raise KeyError(level)
    upper = (upper_region or "").strip()[-1:]
    if found.level == "town" and upper in ("区", "市") and upper != found.upper:
        parent = words[upper]
        found = found.model_copy(
            update={
                "upper": upper,
                "upper_units": f"{parent.edu}、{upper}人社局",
                "next_checks": f"{parent.selfcheck}、" + found.next_checks.split("、", 1)[1],
            }
        )
    return found


def foreign_words(text: str, level: str, region: str = "", names: tuple[str, ...] = ()) -> list[str]:
    """Words of another level found in ``text`` (proper names such as schools and 乡镇 left out).

    >>> foreign_words("全县各校由区教育局负责", "county"), foreign_words("全县统筹，县教育局指导", "town")
    (['区教育局'], ['全县'])
    """
    own = level_words(level, region)
    for name in sorted({*names, region}, key=len, reverse=True):
        if name:
            text = text.replace(name, "")
    own_words = {w for v in own.values().values() for w in v.split("、") if len(w) > 1}
    if own.level == "town":  # a 镇 names its 县 (区, 县级市)'s government and bodies
        for w in vocabulary().words.values():
            if w.level != "town":
                own_words |= {w.gov, w.edu, w.finance, w.selfcheck, f"{w.u}委编办"}
    for word in sorted(own_words | set(_GENERIC), key=len, reverse=True):
        text = text.replace(word, "")
    found = []
    for w in vocabulary().words.values():
        if w.u == own.u:
            continue
        found += [m for m in w.marks if m not in own.marks and re.search(re.escape(m), text)]
    return list(dict.fromkeys(found))
