from __future__ import annotations

from pathlib import Path

import pytest

from planner.drafting.figures import PREFIX, figures_for
from planner.drafting.levels import level_words
from planner.drafting.templates import MissingVariables, available_templates, load_template, render_text


def test_four_templates_are_found_by_convention():
    assert available_templates() == ["district_basic", "district_quality", "town_basic", "town_quality"]


@pytest.mark.parametrize("name", available_templates())
def test_every_text_of_a_template_renders_with_its_sample_inputs(name):
    tpl = load_template(name)
    assert tpl.test_inputs, f"{name} ships no test-inputs.yml"
    figures = {PREFIX + n: f.display for n, f in figures_for(tpl.target).items()}
    values = {**tpl.constants, **level_words(tpl.level).values(), **figures, **tpl.test_inputs}
    for where, text in tpl.texts():
        rendered = tpl.render(where, text, values)
        assert rendered and "{{" not in rendered and "}}" not in rendered, where


def test_a_missing_variable_is_named_in_chinese():
    with pytest.raises(MissingVariables) as err:
        render_text("{{ region }}到{{ end_year }}年", {"region": "城关镇"}, "town_quality", "title")
    assert err.value.names == ["end_year"]
    assert "缺少变量：end_year" in str(err.value)


def test_static_template_wording_contains_no_digits():
    # Figures come only from facts and settings: a digit typed into the wording could not be traced.
    for name in available_templates():
        for where, text in load_template(name).texts():
            assert not any(ch.isdigit() for ch in text), f"{name} {where}: {text}"


def test_templates_name_no_level_body_themselves():
    # 全区, 县教育局, 镇长 … come from templates/levels.yaml, so one template serves 县, 区 and 县级市.
    marks = {m for level in ("town", "county", "district", "city") for m in level_words(level).marks}
    for name in available_templates():
        for where, text in load_template(name).texts():
            assert not [m for m in marks if m in text], f"{name} {where}: {text}"


def test_an_unknown_key_in_a_template_is_rejected_in_chinese(tmp_path):
    from planner.drafting.templates import TemplateError

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "template.yaml").write_text(
        "extends: town_quality\nname: mine\nsections:\n  - key: guiding\n    titel: 指导思想\n",
        encoding="utf-8",
    )
    for name in available_templates():  # the parent is found beside it
        (tmp_path / name).mkdir()
        src = Path(load_template(name).path) / "template.yaml"
        (tmp_path / name / "template.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"未知的字段“sections\.\d+\.titel”"):
        load_template("mine", tmp_path)
    (tmp_path / "mine" / "template.yaml").write_text(
        "extends: town_quality\nname: mine\nphrasez: {}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError, match="未知的字段“phrasez”"):
        load_template("mine", tmp_path)
