"""bench/llm_eval.py runs end to end over the wire (scripted local server) and counts what it should."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from metrics import evaluate, load_schools, load_standard
from planner import PlanSettings, draft_plan
from tests.planner.llm_fakes import fake
from tests.planner.openai_stub import Stub, completion, serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("llm_eval", ROOT / "bench" / "llm_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_evaluation_reports_passes_and_guard_firings(bench, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "chat:\n  - question: 帮我想想明年先把钱花在哪\n    tools: [rank]\n"
        "  - question: 全镇补齐短板一共要花多少钱\n    tools: [overview]\n",
        encoding="utf-8",
    )
    frame = load_schools(ROOT / "data" / "samples" / "城关镇.xlsx").frame
    plan = draft_plan(
        evaluate(frame, load_standard("quality_2017")), PlanSettings(region="城关镇", start_year=2026)
    )
    preamble = [p.text for p in plan.sections[0].paragraphs]
    stub = Stub(
        script=[
            completion(tool_calls=[{"name": "rank", "args": {"count": 2}}]),
            completion("先投向石桥小学，它有3项指标未达标。"),
            completion(tool_calls=[{"name": "overview", "args": {}}]),
            completion("全镇补齐短板共需投入860万元。"),  # invented: the guard must fire
            completion(json.dumps({"paragraphs": preamble}, ensure_ascii=False)),
        ]
    )
    server = serve(stub)
    try:
        report = bench.main(
            ["--base-url", stub.url, "--model", "stub", "--cases", str(cases), "--sections", "1", "--no-dev"]
        )
    finally:
        server.shutdown()
        server.server_close()
    chat = report["chat"]
    assert (chat["cases"], chat["passed"], chat["guard_fired"], chat["failed"]) == (2, 1, 1, 0)
    assert report["polish"]["sections"] == 1 and report["polish"]["polished"] == 1
    out = capsys.readouterr().out
    assert "chat   pass 1/2 (50%)" in out and "guard fired 1/2 (50%)" in out


def test_on_the_dev_set_a_failing_model_changes_no_answer(bench):
    rows = [
        json.loads(line)
        for line in (ROOT / "bench" / "chat_dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rows = [r for r in rows if r["category"] != "policy"][:40]

    class Down(type(fake())):
        def _generate(self, *a, **k):
            raise TimeoutError("endpoint down")

    counts = bench.run_dev(Down(responses=[]), rows, search=None)
    assert counts["turns"] >= 40
    assert counts["model_passed"] == counts["rules_passed"]


def test_the_adversarial_suite_counts_caught_missed_and_false_refusals(bench, tmp_path, monkeypatch):
    import sys

    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    sys.modules.pop("llm_adversarial", None)
    town = {"data": "data/samples/城关镇.xlsx", "region": "城关镇", "level": "town"}
    building = "（一）改善校舍和运动场地条件"
    # the sample town's building section: 城关第一小学 sized for its 2310 pupils plus the 5 % margin
    # (700 ㎡ × 3000 元 = 210 and 3500 ㎡ of 城区 land × (1500 + 300 元) = 630: 840)
    draft = [
        "经测算，全镇共需新建或改扩建教学及辅助用房700平方米、新增用地扩建运动场地3500平方米，估算投入840.00万元。",
        "城关第一小学运动场地扩建面积超过现有运动场地的20%，校内无法布置，须新增用地共约3500平方米："
        "由自然资源部门纳入国土空间规划、优先保障，开工前一年完成用地报批；"
        # the fallback costed: a 3500 ㎡ gym × 3000 元 = 1050 万元, 420 more than the land's 630
        "用地确有困难的，可改为建设室内体育馆（风雨操场）补足，按3000元/平方米测算共需1050.00万元，"
        "比新增用地方案多420.00万元，须在项目立项时报县人民政府另行安排。",
        "1．城关第一小学达标项目。新建或改扩建教学及辅助用房700平方米（2026年开工，2027年8月底前交付）、"
        "新增用地扩建运动场地3500平方米（2026年完成用地报批，2027年8月底前建成），"
        "使生均教学及辅助用房面积由4.45平方米提高到4.5平方米以上、生均体育运动场馆面积由6.39平方米提高到7.5平方米以上。",
    ]
    cases = [
        {
            "id": "faithful",
            "class": "faithful",
            "expect": "accept",
            "surface": "polish",
            "section": building,
            "model_output": "\n".join(draft).replace("经测算", "据测算"),
            **town,
        },
        {
            "id": "money",
            "class": "invented_money",
            "expect": "refuse",
            "surface": "polish",
            "section": building,
            "model_output": "\n".join([draft[0] + "县财政已拨付伍仟万元。", *draft[1:]]),
            **town,
        },
        {
            "id": "chat",
            "class": "wrong_subject",
            "expect": "refuse",
            "surface": "chat",
            "question": "河西初中还缺多少仪器设备",
            "tool_calls": [{"name": "school_gaps", "arguments": {"school": "河西初级中学"}}],
            "model_output": "河西初级中学还需新增教学仪器设备11.01万元。",
            **town,
        },
        {
            "id": "hang",
            "class": "fault",
            "expect": "fallback",
            "surface": "fault",
            "mode": "hang",
            "max_seconds": 3,
            **town,
        },
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases), encoding="utf-8")
    report = bench.main(["--adversarial", str(path), "--timeout", "1"])["adversarial"][0]
    assert report["classes"] == {
        "fault": {"pass": 1},
        "faithful": {"accepted": 1},
        "invented_money": {"caught": 1},
        "wrong_subject": {"caught": 1},
    }
    assert report["wrong"] == []
