from __future__ import annotations

import pytest

from metrics import evaluate, load_standard
from planner import PlanSettings, draft_plan
from tests.planner.frames import district_frame, town_frame


@pytest.fixture(scope="session")
def town():
    frame = town_frame()
    return frame, evaluate(frame, load_standard("quality_2017"))


@pytest.fixture(scope="session")
def town_plan(town):
    frame, ev = town
    return draft_plan(ev, PlanSettings(region="城关镇", start_year=2026), schools_frame=frame)


@pytest.fixture(scope="session")
def district():
    frame = district_frame()
    return frame, evaluate(frame, load_standard("quality_2017"))
