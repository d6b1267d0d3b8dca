"""The checker's self-contradiction classes, each on a drafted plan edited into the defect a blind
document review found (docs_review_r1 §1, §6): a 民办 estimate twice its 附件 row, a "由A提高到" whose A
is not the present value, first-year work before the issue date, two times for the 自评."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from metrics import evaluate, load_schools, load_standard
from planner import PlanSettings, draft_plan
from planner.check import check_doc
from planner.check.document import from_plan
from tests.planner.test_check import SAMPLES


def _plan(**kw):
    frame = load_schools(SAMPLES / "示例区.xlsx").frame
    ev = evaluate(frame, load_standard("quality_2017"))
    settings = PlanSettings(region="示例区", level="district", start_year=2026, **kw)
    return draft_plan(ev, settings, schools_frame=frame)


@pytest.fixture(scope="module")
def plan():
    return _plan()


def _edited(plan, find: str, old: str, new: str):
    doc = from_plan(plan)
    i = next(n for n, p in enumerate(doc.paragraphs) if find in p.text and old in p.text)
    doc.paragraphs[i] = replace(doc.paragraphs[i], text=doc.paragraphs[i].text.replace(old, new))
    return check_doc(doc)


def test_the_drafted_plan_has_none_of_these_contradictions(plan):
    problems = check_doc(from_plan(plan))
    assert not [p for p in problems if p.startswith(("估算不一致", "现值不符", "日期矛盾"))]


def test_a_private_estimate_that_is_not_its_annex_rows_is_caught(plan):
    # 育才学校 (城区)'s field on new land: 3200 ㎡ × (300 元 field + 1500 元 城区 land) = 576.00 万元 in
    # 附件4; the text said double
    problems = _edited(plan, "育才学校（民办）", "估算576.00万元", "估算1152.00万元")
    assert any(p.startswith("估算不一致") and "1152.00" in p and "576.00" in p for p in problems)


def test_a_present_value_that_is_not_the_gap_lists_is_caught(plan):
    # 河口镇中心小学's field: 5.83 ㎡ a pupil today (差距清单); a roll-cut plan printed a larger figure
    problems = _edited(plan, "河口镇中心小学：", "由5.83平方米", "由6.40平方米")
    assert any(p.startswith("现值不符") and "6.40" in p and "5.83" in p for p in problems)


def test_first_year_work_before_the_issue_date_is_caught():
    # the generator moves work after its issue date (test_schedule); a plan issued in January 2026
    # re-dated by hand to 3 December 2026 keeps its equipment bought April—August 2026: already past
    early = _plan(issue_date=date(2026, 1, 10))
    assert not [p for p in check_doc(from_plan(early)) if "成文日期" in p]  # the work is still ahead
    problems = _edited(early, "2026年1月10日", "2026年1月10日", "2026年12月3日")
    assert any(p.startswith("日期矛盾：方案成文日期为2026年12月") for p in problems)


def test_a_plan_issued_late_in_its_first_year_dates_no_work_before_it():
    # issued 3 December 2026: the 2026 months (March–August work, the autumn term's 编班 and 交流)
    # are past; undated, the same plan starts all of them in 2026
    early = "\n".join(p.text for p in from_plan(_plan()).paragraphs)
    assert "2026年秋季学期起" in early and "自2026年起" in early
    late = _plan(issue_date=date(2026, 12, 3))
    text = "\n".join(p.text for p in from_plan(late).paragraphs)
    assert "2026年秋季" not in text and "自2026年起" not in text and "2026年实施" not in text
    assert "2027年秋季学期起" in text and "自2027年起" in text
    assert "2026年为“前期准备年”。本方案印发时本年度各类项目的实施时段已过" in text
    assert "全年交流轮岗教师不少于" not in text.split("2026年为")[1].split("2027年为")[0]
    assert not [p for p in check_doc(from_plan(late)) if "成文日期" in p]


def test_the_targets_and_the_steps_give_the_same_months_for_the_自评(plan):
    target = next(p.text for p in from_plan(plan).paragraphs if "完成区级自评" in p.text and "力争" in p.text)
    assert "2028年7—9月完成区级自评" in target
    problems = _edited(plan, "力争", "2028年7—9月完成区级自评", "2028年上半年完成区级自评")
    assert any(p.startswith("日期矛盾：自评时间一处为2028年上半年") for p in problems)
