"""Standards are data: a province's stricter file works without code changes."""

from pathlib import Path

import pytest
import yaml

from metrics import StandardError, evaluate, load_standard
from metrics.standards import STANDARDS_DIR
from tests.metrics.schools import frame, primary


def province_file(tmp_path: Path) -> Path:
    raw = yaml.safe_load((STANDARDS_DIR / "quality_2017.yaml").read_text(encoding="utf-8"))
    raw["key"] = "province_x"
    raw["name"] = "某省优质均衡"
    sports = next(i for i in raw["indicators"] if i["key"] == "sports_space_per_student")
    sports["threshold"]["primary"] = 8.0
    raw["cv"]["limit"]["primary"] = 0.40
    raw["school_rule"]["min_met"] = 7
    path = tmp_path / "province_x.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_every_threshold_carries_its_policy_source():
    for key in ("quality_2017", "basic_2012"):
        standard = load_standard(key)
        assert standard.doc_no and standard.cv_source
        assert all(ind.source for ind in standard.indicators)


def test_quality_2017_thresholds_are_the_official_figures():
    standard = load_standard("quality_2017")
    thresholds = {i.key: i.thresholds for i in standard.indicators}
    assert thresholds["sports_space_per_student"] == {"primary": 7.5, "junior": 10.2}
    assert thresholds["above_degree_teachers_per_100"] == {"primary": 4.2, "junior": 5.3}
    assert standard.cv_limits == {"primary": 0.50, "junior": 0.45}
    assert load_standard("basic_2012").cv_limits == {"primary": 0.65, "junior": 0.55}


def test_a_province_file_tightens_thresholds_without_code(tmp_path):
    # 7.6 ㎡ passes the national 7.5 but not the province's 8.0; min_met 7 then fails the school
    schools = frame(primary("甲小学", 1000, sports_field_area=7600))
    national = evaluate(schools, load_standard("quality_2017")).schools[0]
    province = evaluate(schools, load_standard(province_file(tmp_path))).schools[0]
    assert national.passed is True
    assert province.unmet == ("sports_space_per_student",)
    assert province.passed is False
    # 8.0 × 1000 − 7600 = 400 ㎡
    assert province.gaps["sports_space_per_student"].shortfall == pytest.approx(400)


def test_a_province_file_changes_the_cv_limit(tmp_path):
    assert load_standard(province_file(tmp_path)).cv_limits["primary"] == 0.40


def test_unknown_standard_names_the_available_ones():
    with pytest.raises(StandardError, match="quality_2017"):
        load_standard("no_such_standard")


def test_a_standard_naming_an_unknown_column_is_rejected(tmp_path):
    raw = yaml.safe_load((STANDARDS_DIR / "quality_2017.yaml").read_text(encoding="utf-8"))
    raw["indicators"][0]["numerator"] = ["teacher_count"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardError, match="未知的数据列「teacher_count」"):
        load_standard(path)


def test_quality_2017_lists_every_item_of_the_other_three_parts_in_order():
    items = load_standard("quality_2017").items
    numbers = {part: [i.number for i in items if i.part == part] for part in ("guarantee", "quality", "veto")}
    # 教督〔2017〕6号: 政府保障程度 15 items, 教育质量 9, and four 一票否决 situations.
    assert numbers == {"guarantee": list(range(1, 16)), "quality": list(range(1, 10)), "veto": [1, 2, 3, 4]}
    assert [i.key for i in items if i.part == "recognition"] == ["recognition"]


def test_items_the_school_rows_decide_name_the_computed_checks():
    items = {i.key: i for i in load_standard("quality_2017").items}
    assert items["school_size"].computed == ("学校规模",)
    assert items["school_size"].measures == ()
    assert items["class_size"].requirement.endswith("分别不超过45人、50人")


def test_an_item_with_two_thresholds_keeps_both_as_measures():
    exchange = next(i for i in load_standard("quality_2017").items if i.key == "exchange")
    assert [(m.key, m.threshold) for m in exchange.measures] == [
        ("exchange_ratio", 10.0),
        ("exchange_backbone_ratio", 20.0),
    ]
    assert exchange.measures[0].met(10.0) and not exchange.measures[0].met(9.99)


def test_a_provincial_file_can_take_the_items_of_a_shipped_standard():
    example = load_standard(STANDARDS_DIR / "examples" / "provincial_basic_example.yaml")
    assert example.items == load_standard("basic_2012").items


def test_a_measure_without_a_threshold_is_refused_in_chinese(tmp_path: Path):
    raw = yaml.safe_load((STANDARDS_DIR / "quality_2017.yaml").read_text(encoding="utf-8"))
    raw["items"][6]["measures"][0].pop("threshold")
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardError, match=r"special_ed_funding.*缺少 threshold"):
        load_standard(path)
