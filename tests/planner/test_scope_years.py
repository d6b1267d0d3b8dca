"""The one place that decides a workspace's region, level and 统计年度 (planner.scope, planner.years),
and which document slot a drafted document is saved in (planner.documents.slots)."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import evaluate, load_schools, load_standard
from metrics.loading import LoadResult
from planner.chat import ChatContext, ChatState, default_api, respond
from planner.documents import AssessmentForm, DocumentInputs, YearData
from planner.documents.slots import slot_of
from planner.scope import LEVEL_NAMES, name_problem, scope_of, towns_of
from planner.years import (
    chosen_year,
    compared_years,
    document_inputs,
    file_years,
    previous_year,
    upload_years,
    year_rows,
)
from tests.yearly import town_year
from workspaces import SlotKey, codec
from workspaces.slots import slot_of_payload

QUALITY = load_standard("quality_2017")


def _rows(towns: list[str | None], years: list[int] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"name": [f"学校{i}" for i in range(len(towns))], "township": towns})
    if years is not None:
        frame["year"] = years
    return frame


# --- region and level ---------------------------------------------------------------------------


def test_rows_of_one_town_name_that_town_at_town_level():
    scope = scope_of(_rows(["城关镇", "城关镇", None]))
    assert (scope.region, scope.level, scope.needs_name, scope.label) == ("城关镇", "town", False, "镇级方案")


def test_a_township_ending_in_xiang_is_a_xiang_plan():
    assert scope_of(_rows(["青山乡"])).label == "乡级方案"


def test_rows_of_several_towns_leave_the_name_to_ask():
    scope = scope_of(_rows(["城关镇", "河口镇", "青山乡"]))
    assert scope.needs_name and scope.region == ""
    assert scope.towns == ("城关镇", "河口镇", "青山乡")


@pytest.mark.parametrize(
    ("name", "level"),
    [("清河县", "county"), ("示例区", "district"), ("青州市", "city"), ("科尔沁旗", "county")],
)
def test_the_name_given_for_several_towns_says_the_level_by_its_last_character(name, level):
    assert scope_of(_rows(["城关镇", "河口镇"]), name).level == level


def test_several_towns_are_never_a_town_plan_even_under_a_town_name():
    rows = _rows(["城关镇", "河口镇"])
    assert scope_of(rows, "城关镇").level == "county"
    assert "2个乡镇（城关镇、河口镇）" in name_problem("城关镇", towns_of(rows))


def test_a_county_name_is_accepted_and_a_blank_one_is_asked_again_in_chinese():
    towns = towns_of(_rows(["城关镇", "河口镇"]))
    assert name_problem("清河县", towns) is None
    assert name_problem("  ", towns) == "请填写县（区、县级市）的名称，例如“清河县”。"


def test_rows_without_a_township_leave_the_name_to_ask_at_town_level_until_named():
    rows = _rows([None, " "])
    assert scope_of(rows) == scope_of(rows, "") and scope_of(rows).needs_name
    assert scope_of(rows).level == "town" and scope_of(rows, "清河县").level == "county"
    assert name_problem("", ()) == "请填写镇（乡、县、区）的名称，例如“城关镇”或“清河县”。"
    assert name_problem("城关镇", ()) is None


def test_the_page_names_every_level():
    assert LEVEL_NAMES == {"town": "镇/乡", "county": "县", "district": "区", "city": "县级市"}


# --- 统计年度 -------------------------------------------------------------------------------------


def test_a_file_without_a_year_column_is_stored_under_the_year_asked():
    assert file_years(_rows(["城关镇"])) == []
    assert upload_years(_rows(["城关镇"]), 2024) == [2024]
    assert upload_years(_rows(["城关镇", "城关镇"], [2024, 2023]), 2020) == [2023, 2024]


def test_a_file_of_two_years_is_read_one_year_at_a_time():
    result = LoadResult(_rows(["城关镇"] * 3, [2023, 2024, 2024]), {}, [], [], "x.xlsx")
    assert len(year_rows(result, 2024).frame) == 2
    assert list(year_rows(result, 2023).frame["year"]) == [2023]
    assert year_rows(result, None) is result


def test_the_page_shows_the_year_wanted_when_stored_else_the_latest():
    assert chosen_year([2022, 2024, 2023], 2023) == 2023
    assert chosen_year([2022, 2024, 2023], 2019) == 2024
    assert chosen_year([2022, 2024], None) == 2024
    assert chosen_year([], 2024) is None


def test_years_are_compared_up_to_the_one_shown_when_there_are_two():
    assert compared_years([2022, 2023, 2024], 2023) == [2022, 2023]
    assert compared_years([2022, 2023, 2024], 2022) == []
    assert compared_years([2024], 2024) == []


def test_the_year_before_is_the_latest_stored_earlier_year():
    assert previous_year([2021, 2023, 2024], 2024) == 2023
    assert previous_year([2021, 2023, 2024], 2022) == 2021
    assert previous_year([2024], 2024) is None


def _year(year: int, extra_area: float = 0.0) -> YearData:
    frame = load_schools(town_year(year, extra_area=extra_area), filename=f"{year}.xlsx").frame
    return YearData(year, evaluate(frame, QUALITY), frame)


def test_document_inputs_bring_the_stored_year_before_and_the_form_date():
    import datetime as dt

    read: list[int] = []

    def year_data(year: int) -> YearData:
        read.append(year)
        return _year(year)

    form = AssessmentForm(inspection_date=dt.date(2026, 10, 15))
    inputs = document_inputs(_year(2024, 120.0), [2022, 2023, 2024], year_data, form)
    assert inputs.previous.year == 2023 and read == [2023]
    assert inputs.inspection_date == dt.date(2026, 10, 15) and inputs.form is form


def test_document_inputs_of_a_first_year_read_no_other_year():
    inputs = document_inputs(_year(2024), [2024], lambda y: pytest.fail("no other year"))
    assert inputs.previous is None and inputs.plan is None


# --- document slots -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drafted():
    """A plan, a 自评报告 and a 2024 工作总结 drafted in one conversation, as the page does."""
    prev, cur = _year(2023), _year(2024, 120.0)
    ctx = ChatContext(
        evaluation=cur.evaluation,
        schools=cur.frame,
        region="城关镇",
        start_year=2025,
        planner=default_api(),
        document_inputs=lambda: DocumentInputs(cur, prev),
    )
    state = ChatState()
    for request in ("生成实施方案", "生成自评报告", "生成工作总结"):
        respond(request, ctx, state)
    return [plan for _, plan in state.versions]


def test_each_drafted_document_goes_to_its_own_slot(drafted):
    assert [slot_of(d) for d in drafted] == [SlotKey(), SlotKey("self_report"), SlotKey("work_summary", 2024)]


def test_a_stored_document_is_read_back_into_the_same_slot(drafted):
    """The store's reading of old versions (workspaces.slots) agrees with the planner's."""
    assert [slot_of_payload(codec.encode(d)) for d in drafted] == [slot_of(d) for d in drafted]
