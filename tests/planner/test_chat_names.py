"""School names: exact aliases resolve, anything else is offered back as candidates."""

from __future__ import annotations

from planner.chat.names import SchoolIndex, school_aliases

NAMES = (
    "青河县城关第一小学",
    "青河县城关第三小学",
    "青河县第二初级中学",
    "新集镇第二初级中学",
    "石桥镇中心小学",
    "石桥镇初级中学",
    "柳林乡中新小学",
    "柳林乡初级中学",
    "民办育才学校",
)
INDEX = SchoolIndex.build(NAMES)


def resolved(text):
    return [(m.name, m.candidates) for m in INDEX.find(text)]


def test_officials_short_names_are_aliases():
    assert {"城关三小", "三小"} <= school_aliases("青河县城关第三小学")
    assert {"石桥中心校", "石桥中心小学"} <= school_aliases("石桥镇中心小学")
    assert "育才学校" in school_aliases("民办育才学校")


def test_central_school_is_the_primary_school_of_that_place():
    assert resolved("石桥中心校运动场还差多少平方") == [("石桥镇中心小学", ())]


def test_a_number_name_shared_by_two_schools_offers_both():
    assert resolved("二中怎么样") == [(None, ("青河县第二初级中学", "新集镇第二初级中学"))]


def test_a_near_twin_that_does_not_exist_is_not_taken_for_the_junior_school():
    ((name, candidates),) = resolved("柳林中兴小学哪项不合格")
    assert name is None
    assert "柳林乡中新小学" in candidates


def test_an_unknown_place_before_a_short_name_is_asked_back():
    ((name, candidates),) = resolved("清河县城关第一小学怎么样")
    assert name is None and candidates[0] == "青河县城关第一小学"


def test_a_known_place_before_a_short_name_is_fine():
    assert resolved("青河县石桥中心校") == [("石桥镇中心小学", ())]


def test_stage_words_are_not_school_names():
    assert resolved("全县小学骨干教师的差异系数是多少") == []
    assert resolved("九年一贯制学校的办学条件怎么拆分") == []


def test_a_name_that_starts_with_its_township_is_found_without_it():
    index = SchoolIndex.build(("石桥河湾教学点", "石桥中心小学"), ("石桥镇", "石桥镇"))
    assert [m.name for m in index.find("河湾教学点怎么样")] == ["石桥河湾教学点"]


def test_the_county_s_schools_are_not_a_school_name():
    assert resolved("青河县有几所学校达标") == []
    assert resolved("我们青河县学校达标率多少") == []
