"""A plan against newer data or settings, an unchanged revision, and hand edits kept on regeneration."""

from __future__ import annotations

from dataclasses import replace

from metrics import evaluate, load_standard
from planner import PlanSettings, draft_plan, edit_group
from planner.freshness import carry_hand_edits, hand_edited_sections, same_text, staleness
from tests.planner.frames import town_frame

SETTINGS = {"region": "城关镇", "level": "town", "start_year": 2026, "years": 3}


def test_a_fresh_plan_is_not_outdated(town, town_plan):
    _, ev = town
    assert not staleness(town_plan, ev, SETTINGS).outdated


def test_a_changed_start_year_marks_the_plan_outdated_and_names_the_setting(town, town_plan):
    _, ev = town
    result = staleness(town_plan, ev, {**SETTINGS, "start_year": 2027})
    assert result.outdated and result.settings == ("起始年",)
    assert "起始年已修改" in result.message()


def test_new_data_marks_the_plan_outdated(town_plan):
    frame = town_frame()
    frame.loc[frame.index[0], "primary_students"] = frame["primary_students"].iloc[0] + 100
    ev = evaluate(frame, load_standard("quality_2017"))
    result = staleness(town_plan, ev, SETTINGS)
    assert result.outdated and "在校生" in result.figures


def test_another_standard_marks_the_plan_outdated(town_plan):
    ev = evaluate(town_frame(), load_standard("basic_2012"))
    assert staleness(town_plan, ev, SETTINGS).standard


def test_same_text_ignores_identity_but_not_wording(town_plan):
    import copy

    twin = copy.deepcopy(town_plan)
    assert same_text(town_plan, twin)
    twin.sections[1] = replace(twin.sections[1], title=twin.sections[1].title + "（改）")
    assert not same_text(town_plan, twin)


def test_hand_edits_are_carried_into_a_regenerated_plan(town, town_plan):
    frame, ev = town
    title = next(s.title for s in town_plan.sections if s.level == 1 and s.paragraphs)
    edited = edit_group(town_plan, title, ["这一段是手工写的。"])
    assert hand_edited_sections(edited)
    again = draft_plan(ev, PlanSettings(region="城关镇", start_year=2027), schools_frame=frame)
    merged, kept = carry_hand_edits(edited, again)
    assert kept == [title]
    assert "这一段是手工写的。" in [p.text for s in merged.sections for p in s.paragraphs]
    assert merged.settings.start_year == 2027


def test_an_unchanged_revision_adds_no_copy(town_plan):
    import copy

    from planner.freshness import settle_new_version

    kept, note = settle_new_version(town_plan, copy.deepcopy(town_plan), regenerated=False)
    assert kept is None and "没有变化" in note


def test_a_regeneration_keeps_the_hand_edits_and_says_so(town, town_plan):
    from planner.freshness import settle_new_version

    frame, ev = town
    title = next(s.title for s in town_plan.sections if s.level == 1 and s.paragraphs)
    edited = edit_group(town_plan, title, ["这一段是手工写的。"])
    again = draft_plan(ev, PlanSettings(region="城关镇", start_year=2027), schools_frame=frame)
    kept, note = settle_new_version(edited, again, regenerated=False)
    assert "这一段是手工写的。" in [p.text for s in kept.sections for p in s.paragraphs]
    assert f"已保留您手工修改的“{title}”" in note


def test_section_changes_name_only_the_sections_that_differ(town_plan):
    from planner.freshness import section_changes

    title = next(s.title for s in town_plan.sections if s.level == 1 and s.paragraphs)
    edited = edit_group(town_plan, title, ["新的一段。"])
    [(changed, before, after)] = section_changes(town_plan, edited)
    assert changed == title and after == "新的一段。" and before != after
    assert section_changes(town_plan, town_plan) == []
