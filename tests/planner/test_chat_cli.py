"""`python -m planner chat … --conversations FILE.jsonl --json`: one JSON line per conversation."""

from __future__ import annotations

import json
from pathlib import Path

from planner.__main__ import main

COUNTY = Path(__file__).resolve().parents[2] / "data" / "samples" / "青河县.xlsx"


def test_scripted_conversations_give_one_line_each_with_text_intent_and_time(tmp_path, capsys):
    script = tmp_path / "c.jsonl"
    lines = [
        {"id": "a", "turns": ["新集初中哪些指标不达标", "差多少？"]},
        {"id": "b", "turns": ["初中有几所达标"]},
    ]
    script.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    code = main(
        [
            "chat",
            str(COUNTY),
            "--region",
            "青河县",
            "--level",
            "county",
            "--conversations",
            str(script),
            "--json",
            "--no-retrieval",
        ]
    )
    assert code == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    first, second = out[0]["replies"]
    assert first["intent"] == second["intent"] == "school_gaps"
    assert "新集镇初级中学" in second["text"] and "需增加" in second["text"]
    assert " | " in second["text"]  # table cells are in the plain text
    assert isinstance(second["ms"], float)
    assert "达标的有6所" in out[1]["replies"][0]["text"]
    assert "**" not in out[1]["replies"][0]["text"]


def test_a_bad_script_line_is_a_chinese_message(tmp_path, capsys):
    script = tmp_path / "c.jsonl"
    script.write_text('{"id": 1}\n', encoding="utf-8")
    code = main(["chat", str(COUNTY), "--conversations", str(script), "--no-retrieval"])
    assert code == 2
    assert "第1行缺少 turns" in capsys.readouterr().err
