"""Level words: a 县 plan speaks of 全县 and 县人民政府, never of 全区 or 镇长; read from the region name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner import PlanSettings, docx_text, draft_plan, export_docx, export_markdown
from planner.drafting.levels import foreign_words, level_of, level_words

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
# (sample, region, expected level); a 乡 is a town-level plan over that 乡's schools.
CASES = [
    ("城关镇.xlsx", "城关镇", "town"),
    ("示例区.xlsx", "青山乡", "town"),
    ("示例区.xlsx", "青河县", "county"),
    ("示例区.xlsx", "示例区", "district"),
    ("示例区.xlsx", "青州市", "city"),
]


@lru_cache(maxsize=4)
def _frame(sample: str, region: str):
    frame = load_schools(SAMPLES / sample).frame
    if region in set(frame["township"].dropna()):
        frame = frame[frame["township"] == region].reset_index(drop=True)
    return frame


def test_the_level_is_read_from_the_region_name_and_can_be_overridden():
    assert [level_of(r) for r in ("城关镇", "青山乡", "青河县", "示例区", "青州市")] == [
        "town",
        "town",
        "county",
        "district",
        "city",
    ]
    assert PlanSettings(region="青河县", start_year=2026).level == "county"
    assert PlanSettings(region="青河县", level="district", start_year=2026).level == "district"


def test_each_level_has_its_own_subject_and_leader():
    words = {lv: level_words(lv) for lv in ("town", "county", "district", "city")}
    assert [(w.scope, w.gov, w.leader, w.selfcheck) for w in words.values()] == [
        ("全镇", "镇人民政府", "镇长", "镇级自查"),
        ("全县", "县人民政府", "县长", "县级自评"),
        ("全区", "区人民政府", "区长", "区级自评"),
        ("全市", "市人民政府", "市长", "市级自评"),
    ]
    assert level_words("town", "青山乡").gov == "乡人民政府"


@pytest.mark.parametrize("standard", ["basic_2012", "quality_2017"])
@pytest.mark.parametrize(("sample", "region", "level"), CASES)
def test_a_plan_uses_only_its_own_level_words(sample, region, level, standard, tmp_path):
    frame = _frame(sample, region)
    ev = evaluate(frame, load_standard(standard))
    plan = draft_plan(ev, PlanSettings(region=region, start_year=2026), schools_frame=frame)
    assert plan.settings.level == level
    names = tuple({str(n) for n in frame["name"]} | {str(t) for t in frame["township"].dropna()})
    own = level_words(level, region)
    markdown = export_markdown(plan)
    assert own.scope in markdown and own.gov in markdown
    assert foreign_words(markdown, level, region, names) == []
    texts, tables = docx_text(export_docx(plan, tmp_path / "p.docx"))
    cells = [c for t in tables for row in t for c in row]
    assert foreign_words("\n".join(texts + cells), level, region, names) == []


def test_a_town_in_a_district_works_with_the_district_and_is_not_itself_recognised():
    frame = load_schools(Path(__file__).resolve().parents[2] / "data/samples/城关镇.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    settings = PlanSettings(region="城关镇", upper_region="临江区", start_year=2026)
    markdown = export_markdown(draft_plan(ev, settings, schools_frame=frame))
    # the 区's bodies recruit and fund, the town's 中心学校 assists; no 县 body is named
    assert "区教育局、区人社局（镇中心学校配合）" in markdown
    assert "县教育局" not in markdown and "县人社局" not in markdown
    # construction money is the 区's budget (以县为主), and the 认定 is the 区's, not the town's
    assert "建设资金纳入区级财政年度预算" in markdown
    assert "评估认定以区为单位进行" in markdown and "力争" not in markdown
