"""Group-level revisions the chat asks for: 删掉第三条任务, 重写保障措施, 加一条关于…的内容, and the page's
text-area edit of a whole part."""

from __future__ import annotations

import pytest

from planner import (
    RevisionError,
    add_topic,
    delete_item,
    edit_group,
    regenerate_section,
    section_group,
)


def test_a_group_is_a_top_level_section_with_its_children_found_by_title(town_plan):
    keys = [s.key for s in section_group(town_plan, "保障措施")]
    assert keys == [
        "safeguards",
        "safeguards.org",
        "safeguards.funds",
        "safeguards.inspect",
        "safeguards.publicity",
    ]
    assert section_group(town_plan, "重写保障措施部分")[0].key == "safeguards"
    with pytest.raises(RevisionError, match="没有“宣传部分”"):
        section_group(town_plan, "宣传部分")


def test_deleting_the_third_item_of_main_tasks_removes_its_third_subsection(town_plan):
    after = delete_item(town_plan, "主要任务", 3)
    titles = [s.title for s in section_group(after, "主要任务")]
    assert titles == [
        "主要任务",
        "改善校舍和运动场地条件",
        "补足教学仪器和信息化装备",
        "强化政府保障责任",
        "提升教育教学质量",
        "提高社会认可度",
    ]
    assert len(section_group(town_plan, "主要任务")) == 7  # the original plan is unchanged
    with pytest.raises(RevisionError, match="只有6条，没有第7条"):
        delete_item(town_plan, "主要任务", 7)


def test_deleting_in_a_section_without_children_removes_its_nth_task(town_plan):
    before = town_plan.section("tasks.government").tasks
    after = delete_item(town_plan, "tasks.government", 2)
    assert [t.lead for t in after.section("tasks.government").tasks] == [
        before[0].lead,
        *[t.lead for t in before[2:]],
    ]


def test_rewriting_a_group_restores_a_deleted_child_and_undoes_edits(town, town_plan):
    frame, ev = town
    edited = edit_group(delete_item(town_plan, "保障措施", 1), "保障措施", ["临时文字。"])
    again = regenerate_section(edited, "保障措施", ev, schools_frame=frame)
    assert [s.title for s in again.sections] == [s.title for s in town_plan.sections]
    assert again.to_json() == town_plan.to_json()


def test_rewriting_one_year_of_the_steps_keeps_the_other_years(town, town_plan):
    frame, ev = town
    edited = edit_group(town_plan, "steps.2027", ["临时文字。"])
    again = regenerate_section(edited, "steps.2027", ev, schools_frame=frame)
    assert again.to_json() == town_plan.to_json()


def test_an_added_topic_goes_last_in_the_group_as_a_task_citing_its_basis(town_plan):
    def retrieve(query):
        return [
            {
                "title": "关于加强农村留守儿童关爱保护工作的意见",
                "doc_no": "国发〔2016〕13号",
                "status": "现行",
            }
        ]

    after = add_topic(town_plan, "主要任务", "留守儿童关爱", retrieve)
    last = after.section("tasks.recognition").paragraphs[-1]
    assert last.kind == "task" and last.origin == "user" and last.fact_keys == ()
    assert last.lead == "做好留守儿童关爱相关工作。"
    assert last.text.startswith(
        "按照《关于加强农村留守儿童关爱保护工作的意见》（国发〔2016〕13号）有关要求，把留守儿童关爱纳入城关镇"
    )
    assert last.units == town_plan.section("tasks.recognition").tasks[0].units
    assert [s["doc_no"] for s in last.sources] == ["国发〔2016〕13号"]


def test_an_added_topic_without_retrieval_has_no_citation(town_plan):
    last = add_topic(town_plan, "保障措施", "校园安全").section("safeguards.publicity").paragraphs[-1]
    assert last.kind == "text" and last.text.startswith("把校园安全纳入城关镇") and last.sources == ()


def test_editing_a_group_keeps_leads_and_marks_changed_text_as_the_users(town_plan):
    group = section_group(town_plan, "基本原则")
    texts = [p.text for s in group for p in s.paragraphs]
    after = edit_group(town_plan, "基本原则", [texts[0], "改过的第二条。"])
    paras = after.section("principles").paragraphs
    assert [p.text for p in paras] == [texts[0], "改过的第二条。"]
    assert paras[1].lead == group[0].paragraphs[1].lead
    assert [p.origin for p in paras] == ["draft", "user"]
