from __future__ import annotations

import json
from pathlib import Path

from planner.__main__ import main


def _csv(tmp_path):
    """The shipped sample town (the loader's own fixture data)."""
    return Path(__file__).resolve().parents[2] / "data" / "samples" / "城关镇.xlsx"


def test_draft_writes_word_and_prints_the_structure(tmp_path, capsys):
    out = tmp_path / "plan.docx"
    code = main(
        [
            "draft",
            str(_csv(tmp_path)),
            "--region",
            "城关镇",
            "--start-year",
            "2026",
            "--out",
            str(out),
            "--markdown",
            str(tmp_path / "plan.md"),
            "--json",
            "--no-retrieval",
        ]
    )
    assert code == 0 and out.is_file() and (tmp_path / "plan.md").is_file()
    data = json.loads(capsys.readouterr().out)
    tasks = next(s for s in data["sections"] if s["key"] == "tasks.building")["paragraphs"]
    assert any(p["fact_keys"] for p in tasks)


def test_missing_file_gives_a_chinese_message_and_exit_2(tmp_path, capsys):
    code = main(
        [
            "draft",
            str(tmp_path / "无.xlsx"),
            "--region",
            "城关镇",
            "--start-year",
            "2026",
            "--out",
            str(tmp_path / "p.docx"),
            "--no-retrieval",
        ]
    )
    assert code == 2
    assert "找不到" in capsys.readouterr().err


def test_bad_start_year_gives_exit_2(tmp_path, capsys):
    code = main(
        [
            "draft",
            str(_csv(tmp_path)),
            "--region",
            "城关镇",
            "--start-year",
            "1800",
            "--out",
            str(tmp_path / "p.docx"),
            "--no-retrieval",
        ]
    )
    assert code == 2 and "设置有误" in capsys.readouterr().err


def test_years_option_gives_a_four_year_plan(tmp_path, capsys):
    args = ["draft", str(_csv(tmp_path)), "--region", "城关镇", "--start-year", "2026", "--years", "4"]
    code = main([*args, "--out", str(tmp_path / "p.docx"), "--json", "--no-retrieval"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("城关镇推进义务教育优质均衡发展四年行动")


def test_impossible_settings_get_a_chinese_message_naming_the_option(tmp_path, capsys):
    args = [
        "draft",
        str(_csv(tmp_path)),
        "--region",
        "城关镇",
        "--start-year",
        "2026",
        "--years",
        "0",
        "--out",
        str(tmp_path / "plan.docx"),
        "--no-retrieval",
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.strip() == "设置有误：--years（年限）应不小于1，实际为 0。"
    assert not (tmp_path / "plan.docx").exists()


def test_the_office_form_gives_the_items_their_standing(tmp_path, capsys):
    form = tmp_path / "form.json"
    form.write_text(
        json.dumps({"values": {"recognition": 88.5, "teacher_certificate": 97}}), encoding="utf-8"
    )
    args = ["draft", str(_csv(tmp_path)), "--region", "城关镇", "--start-year", "2026", "--no-retrieval"]
    assert main([*args, "--out", str(tmp_path / "p.docx"), "--form", str(form), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    text = "".join(p["text"] for s in data["sections"] for p in s["paragraphs"])
    assert "社会认可度调查结果88.5%，已达到要求" in text
    assert "教师持教师资格证上岗率97%，未达到要求" in text
    form.write_text('{"values": {"recognition": "高"}}', encoding="utf-8")
    assert main([*args, "--out", str(tmp_path / "q.docx"), "--form", str(form)]) == 2
    assert "填报表（--form）格式有误" in capsys.readouterr().err


def test_an_issue_date_late_in_the_first_year_drafts_without_work_before_it(tmp_path, capsys):
    args = ["draft", str(_csv(tmp_path)), "--region", "城关镇", "--start-year", "2026"]
    out = tmp_path / "p.md"
    code = main(
        [*args, "--issue-date", "2026-12-03", "--out", str(tmp_path / "p.docx"), "--markdown", str(out)]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    # issued in December 2026: no project month of 2026 is left (work starts in 2027)
    assert "2026年3月" not in text and "2026年8月" not in text
    assert "2026年12月3日" in text
