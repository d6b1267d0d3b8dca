from __future__ import annotations

import math
from dataclasses import replace

import pytest

from metrics import evaluate, load_standard, what_if
from planner import PlanSettings, build_schedule, draft_plan
from planner.drafting.exchange import plan_exchanges
from tests.metrics.schools import frame, primary

QUALITY = load_standard("quality_2017")


def _centre_heavy():
    """Three 100-student 小学; 骨干 10 / 1 / 1: every school meets 1.0 per 100, the CV does not.

    mean 4, deviations 6, −3, −3 → sd √18 = 4.243, CV 1.061 > 0.50: no school lacks anything to add.
    """
    return frame(
        primary("中心小学", 100, backbone_teachers=10.0),
        primary("东村小学", 100, backbone_teachers=1.0),
        primary("西村小学", 100, backbone_teachers=1.0),
    )


def test_the_fewest_transfers_that_bring_the_cv_under_its_limit():
    rows = _centre_heavy()
    ev = evaluate(rows, QUALITY)
    assert ev.stages["primary"].cv["backbone_teachers_per_100"] == pytest.approx(math.sqrt(18) / 4)
    (ex,) = plan_exchanges(ev)
    # 3 moves leave at best 7 / 3 / 2 (sd √(14/3) = 2.16, CV 0.540); 4 moves give 6 / 3 / 3:
    # sd √2, CV √2 / 4 = 0.354 ≤ 0.50
    assert {(t.sender, t.receiver, t.count) for t in ex.transfers} == {
        ("中心小学", "东村小学", 2),
        ("中心小学", "西村小学", 2),
    }
    assert ex.count == 4 and ex.cv_after == pytest.approx(math.sqrt(2) / 4) and ex.reached
    after = what_if(rows, QUALITY, ex.additions())
    assert after.stages["primary"].cv["backbone_teachers_per_100"] == pytest.approx(math.sqrt(2) / 4)
    # every sending school keeps its own threshold
    assert all(s.indicators["backbone_teachers_per_100"] >= 1.0 for s in after.schools)


def test_no_school_sends_below_its_own_threshold():
    # 20 students with 1 骨干 (5.0 per 100) and 1000 with 10 (1.0): mean 1.078, CV 0.514 > 0.50;
    # the small school would fall to 0 and the large one to 0.9 < 1.0: no transfer is allowed
    rows = frame(
        primary("小学甲", 20, backbone_teachers=1.0), primary("小学乙", 1000, backbone_teachers=10.0)
    )
    ev = evaluate(rows, QUALITY)
    assert ev.stages["primary"].cv["backbone_teachers_per_100"] == pytest.approx(0.514, abs=5e-4)
    assert plan_exchanges(ev) == []


def test_the_exchange_is_in_the_tasks_the_schedule_and_an_annex():
    rows = _centre_heavy()
    ev = evaluate(rows, QUALITY)
    settings = PlanSettings(region="城关镇", start_year=2026)
    sched = build_schedule(ev, settings, rows)
    # transfers are made in the first autumn term: the CV is under its limit from the first year's end
    assert sched.years[0].exchanges and sched.reached_year == 2026
    plan = draft_plan(ev, settings, schools_frame=rows)
    task = next(p for p in plan.section("tasks.teachers").tasks if p.lead == "推进校长教师交流轮岗。")
    # the yearly quota first (10 % of 3 × 6 teachers = 1.8 → 2; a town's part of the county's quota, its
    # 骨干 share the county's), then the named moves
    assert task.text.startswith("按县统一部署，自2026年起全镇公办学校每年参与交流轮岗的教师不少于2人（全镇")
    # 东村 and 西村 hold 1.00 per 100 exactly: they meet the line today, so no 骨干 is moved to them
    # for a growth buffer alone (review P2-04) …
    schools = {p.lead: p.text for p in plan.section("tasks.teachers").tasks}
    assert "交流骨干教师" not in schools["东村小学达标项目。"] + schools["西村小学达标项目。"]
    # … the CV alone moves them: 10 / 1 / 1 (CV 1.061) → 4 moves give 6 / 3 / 3: sd √2, CV 0.354
    assert "中心小学交流4人（2人到东村小学、2人到西村小学）" in task.text and "降至0.354" in task.text
    # 0.50 − 0.354 = 0.146 of margin, stated
    assert "比上限低0.146" in task.text
    # the first year holds the 4 moves, over the quota of 2
    assert "当年交流轮岗教师增至4人" in task.text
    annex = next(t for t in plan.annexes if t.key == "exchange")
    assert annex.rows[0][-1] == "2人" and annex.rows[-1][-1] == "4人"


def test_a_town_takes_part_in_the_countys_quota_and_leaves_the_backbone_share_to_the_county(town_plan):
    from planner.check import check_doc
    from planner.check.document import from_plan

    text = [p.text for s in town_plan.sections for p in s.paragraphs if "参与交流轮岗的教师" in p.text]
    # 198 public teachers × 10 % = 19.8 → 20 a year; the 骨干 20 % is the county's, from its whole pool
    assert "不少于20人（全镇公办学校专任教师198人的10%，计入县交流轮岗总数" in text[0]
    assert "骨干教师不少于" not in text[0]
    doc = from_plan(town_plan)
    assert not [p for p in check_doc(doc) if p.startswith("交流轮岗")]
    # the old wording: 20 % of the town's own exchanges as 骨干, drawn from its few 骨干
    i = next(n for n, p in enumerate(doc.paragraphs) if "参与交流轮岗的教师" in p.text)
    old = (
        "每年交流轮岗教师不少于20人（按全镇公办学校专任教师198人的10%测算），"
        "其中县级及以上骨干教师不少于4人（交流轮岗教师的20%）。"
    )
    doc.paragraphs[i] = replace(doc.paragraphs[i], text=old)
    assert any(
        p.startswith("交流轮岗：镇级方案按本镇教师测算骨干教师交流人数（4人）") for p in check_doc(doc)
    )
