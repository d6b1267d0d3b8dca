"""School names: exact aliases resolve, anything else is offered back as candidates."""

from __future__ import annotations

from planner.chat.names import SchoolIndex, school_aliases, school_index

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


def test_a_near_twin_that_does_not_exist_is_read_by_its_sound_not_as_the_junior_school():
    # 中兴 (zhong xing) sounds like 中新 (zhong xin) once -ing/-in are folded; 柳林乡初级中学 does not
    [mention] = INDEX.find("柳林中兴小学哪项不合格")
    assert (mention.name, mention.exact) == ("柳林乡中新小学", False)


def test_a_name_that_sounds_like_two_schools_is_asked_back_with_both():
    index = SchoolIndex.build(("柳林乡中心小学", "柳林乡中新小学", "柳林乡初级中学"))
    [mention] = index.find("柳林中兴小学哪项不合格")
    assert mention.name is None
    assert set(mention.candidates) == {"柳林乡中心小学", "柳林乡中新小学"}


def test_homophone_typos_are_read_as_the_one_school_they_sound_like():
    # 清河 = 青河 (qing he), 成关 = 城关 (cheng guan), 中新 = 中心 (zhong xin)
    assert resolved("清河县城关第一小学怎么样") == [("青河县城关第一小学", ())]
    assert resolved("成关三小差什么") == [("青河县城关第三小学", ())]
    index = SchoolIndex.build(("松溪县城关中心小学", "松溪县城关第二小学"))
    [mention] = index.find("城关中新小学还差啥")
    assert (mention.name, mention.exact) == ("松溪县城关中心小学", False)


def test_a_different_number_is_never_a_homophone():
    [(name, candidates)] = resolved("城关五小怎么样")
    assert name is None and "青河县城关第一小学" in candidates


def test_abbreviations_are_generated_from_the_data():
    index = SchoolIndex.build(("桥头镇九年一贯制学校", "松溪县第一中学", "黄岭乡中心学校", "河口乡第三小学"))
    found = {
        t: [m.name for m in index.find(t)] for t in ("桥头九年制", "一中", "县一中", "黄岭中心校", "河口三小")
    }
    assert found == {
        "桥头九年制": ["桥头镇九年一贯制学校"],
        "一中": ["松溪县第一中学"],
        "县一中": ["松溪县第一中学"],
        "黄岭中心校": ["黄岭乡中心学校"],
        "河口三小": ["河口乡第三小学"],
    }


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


def test_a_numbered_middle_school_is_also_written_x_chu():
    assert {"一初", "城关一初", "城关一初中"} <= school_aliases("城关第一初级中学")


def test_an_experimental_school_has_no_alias_that_is_only_its_place():
    assert "城关镇" not in school_aliases("城关镇实验学校")
    assert {"实验学校", "城关实验学校", "实验"} <= school_aliases("城关镇实验学校")


def test_the_one_centre_school_of_a_towns_data_is_meant_by_its_kind():
    index = school_index(("梅岗镇中心小学", "梅岗镇第二小学", "梅岗镇中学"), ("梅岗镇",) * 3)
    found = index.find("中心校和二小比一下")
    assert [m.name for m in found] == ["梅岗镇中心小学", "梅岗镇第二小学"]


def test_several_centre_schools_leave_the_kind_unresolved():
    index = school_index(("甲镇中心小学", "乙镇中心小学"), ("甲镇", "乙镇"))
    assert all(m.name != "甲镇中心小学" for m in index.find("中心小学骨干够吗"))
