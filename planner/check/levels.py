"""Which words belong to which administrative level, for the checker's one-level-only rule.

The words come from the drafting's level vocabulary (``templates/levels.yaml``, read by
``planner.drafting.levels``): each level's ``marks`` are its own voice (全县, 县人民政府 …). A plan of
another level must not use them, except where its own vocabulary contains them (a 镇 plan names
县教育局 as the level above; a 县 plan names 各乡镇人民政府).
"""

from __future__ import annotations

from planner.drafting import levels as vocab

__all__ = ["foreign_words", "level_of"]


def level_of(region: str, level_setting: str = "") -> str:
    """town, county, district or city from the region's last character (县级市 ends in 市); otherwise
    the setting.

    >>> level_of("城关镇"), level_of("示例县"), level_of("示例区"), level_of("某某市"), level_of("东城街道")
    ('town', 'county', 'district', 'city', 'town')
    """
    default = level_setting if level_setting in vocab.LEVELS else "town"
    return vocab.level_of(region, default)


def foreign_words(level: str) -> tuple[str, ...]:
    """The words a plan of ``level`` must not contain.

    >>> "全区" in foreign_words("county"), "全县" in foreign_words("town")
    (True, True)
    >>> "县教育局" in foreign_words("town"), "区教育局" in foreign_words("town")  # the 镇's level above
    (False, False)
    """
    own = vocab.level_words(level)
    allowed = [w for v in own.values().values() for w in v.split("、") if len(w) > 1]
    if own.level == "town":  # a 镇 in a 县, a 区 or a 县级市 names that level's government and bodies
        for w in vocab.vocabulary().words.values():
            if w.level != "town":
                allowed += [w.gov, w.edu, w.finance, w.selfcheck, f"{w.u}委编办"]
    out: list[str] = []
    for words in vocab.vocabulary().words.values():
        if words.level == level:
            continue
        out += [m for m in words.marks if not any(m in a for a in allowed) and m not in own.marks]
    return tuple(dict.fromkeys(out))
