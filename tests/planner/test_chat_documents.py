"""The cycle's other documents from the chat: drafted as the current document (versions, export and
rewrite work on them as on the 实施方案), or a Chinese message saying what they need."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from metrics import evaluate, load_schools, load_standard
from planner.chat import ChatContext, ChatState, default_api, respond
from planner.documents import AssessmentForm, DocumentInputs, YearData
from planner.drafting.revise import replace_section
from tests.yearly import town_year

QUALITY = load_standard("quality_2017")


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    """The sample town as 2023, and as 2024 with 120 ㎡ more 教学及辅助用房 and 3 more teachers a school."""
    out = []
    base = tmp_path_factory.mktemp("years")
    for year, extra in ((2023, 0.0), (2024, 120.0)):
        path = base / f"{year}.xlsx"
        path.write_bytes(town_year(year, extra_teachers=3 if extra else 0, extra_area=extra))
        frame = load_schools(path).frame
        out.append(YearData(year, evaluate(frame, QUALITY), frame))
    return out


def _ctx(years, previous: bool = True, form: AssessmentForm | None = None) -> ChatContext:
    prev, cur = years
    inputs = DocumentInputs(cur, prev if previous else None, form=form or AssessmentForm())
    return ChatContext(
        evaluation=cur.evaluation,
        schools=cur.frame,
        region="城关镇",
        start_year=2025,
        planner=default_api(),
        document_inputs=lambda: inputs,
    )


def _text(plan, key: str) -> str:
    return "\n".join(p.text for s in plan.sections if s.key == key for p in s.paragraphs)


def test_a_self_report_becomes_the_current_document_and_a_version(years):
    state = ChatState()
    reply = respond("生成自评报告", _ctx(years), state)
    assert reply.intent == "document"
    assert reply.text.startswith("已起草自评报告（文中数字均来自指标计算结果）。")
    assert reply.new_plan and reply.plan_changed
    assert state.plan.template == "kinds/self_report"
    assert state.plan.title == "城关镇义务教育优质均衡发展自评报告"
    assert [label for label, _ in state.versions] == ["第1版：起草自评报告"]


def test_the_current_document_is_exported_as_word(years):
    state = ChatState()
    ctx = _ctx(years)
    respond("生成自评报告", ctx, state)
    reply = respond("导出Word", ctx, state)
    assert reply.file is not None
    assert reply.file.name == "城关镇义务教育优质均衡发展自评报告.docx"
    assert reply.file.data[:2] == b"PK"


def test_a_work_summary_compares_the_two_years(years):
    state = ChatState()
    reply = respond("起草工作总结", _ctx(years), state)
    assert reply.intent == "document"
    assert state.plan.template == "kinds/work_summary"
    # the same sample and second year as tests/planner/test_documents.py: 5.23 → 5.34 ㎡
    text = "\n".join(p.text for s in state.plan.sections for p in s.paragraphs)
    assert "生均教学及辅助用房面积由5.23平方米增至5.34平方米" in text


def test_without_the_year_before_the_summary_says_what_to_upload(years):
    state = ChatState()
    reply = respond("起草工作总结", _ctx(years, previous=False), state)
    assert reply.intent == "document"
    assert reply.text.startswith("起草工作总结需要两个统计年度的学校数据：工作区目前只有2024年度的数据。")
    assert state.plan is None and not state.versions


def test_an_inspection_plan_needs_its_date_and_is_counted_back_from_it(years):
    state = ChatState()
    reply = respond("写一个迎评工作方案", _ctx(years), state)
    assert "督导评估" in reply.text and state.plan is None
    ctx = _ctx(years, form=AssessmentForm(inspection_date=date(2026, 10, 15)))
    reply = respond("写一个迎评工作方案", ctx, state)
    assert reply.intent == "document"
    assert state.plan.template == "kinds/inspection_plan"


def test_rewriting_a_numbered_part_redrafts_it_and_keeps_the_other_edits(years):
    state = ChatState()
    ctx = _ctx(years)
    respond("起草工作总结", ctx, state)
    original = state.plan
    edited = replace_section(replace_section(original, "open", ["（用户改写）"]), "changes", ["（也改写了）"])
    state.set_plan(edited, "第2版：手工修改")
    reply = respond("把工作总结的第二部分重写", ctx, state)
    assert reply.intent == "revise"
    assert reply.text.startswith("已重写工作总结的“")
    assert _text(state.plan, "changes") == _text(original, "changes")
    assert _text(state.plan, "open") == "（用户改写）"
    assert state.versions[-1][0].startswith("第3版：重写工作总结")


def test_a_named_document_is_found_among_the_versions(years):
    state = ChatState()
    ctx = _ctx(years)
    respond("生成自评报告", ctx, state)
    respond("生成实施方案", ctx, state)
    assert state.plan.template != "kinds/self_report"
    reply = respond("把自评报告的第四部分重写", ctx, state)
    assert reply.text.startswith("已重写自评报告的“存在问题和整改措施”")
    assert state.plan.template == "kinds/self_report"


def test_rewriting_a_document_not_drafted_yet_says_how_to_draft_it(years):
    reply = respond("把工作总结的第二部分重写", _ctx(years), ChatState())
    assert reply.text == "还没有工作总结。可以先说“起草工作总结”。"


def test_a_numbered_part_of_the_plan_is_its_titled_section(years):
    state = ChatState()
    ctx = _ctx(years)
    respond("生成实施方案", ctx, state)
    reply = respond("把第三部分重写", ctx, state)
    assert reply.text.startswith("已重写“工作目标”。")


def test_the_summary_reports_on_the_plan_drafted_in_the_chat(years):
    prev, _ = years
    state = ChatState()
    ctx = _ctx(years)
    respond("起草工作总结", ctx, state)
    assert _text(state.plan, "plan") == ""  # no plan yet: the part is left out
    respond("生成2024—2026年实施方案", replace(ctx, evaluation=prev.evaluation, schools=prev.frame), state)
    respond("起草工作总结", ctx, state)
    text = _text(state.plan, "plan")
    assert text.startswith("按照《城关镇推进义务教育优质均衡发展三年行动实施方案（2024—2026年）》的安排")
    # by the 2024 statistics the work handed over by August 2024 is due: 河西初级中学's and 石桥小学's
    # equipment and rooms (4 projects); the 2024 rows show none of it. 5 schools' 骨干 received by
    # transfer (September to December 2024) fall after the autumn statistics, carried to next year.
    # 城关第一小学 keeps its whole roll (no roll cut): (13570 + 1200) ㎡ for 2310 × 1.05 students at
    # 7.5 ㎡ wants 18191.25 − 14770 = 3421.25 → 3500 ㎡ on new land, handed over with its 700 ㎡
    # building in August 2025, and (2310 > 2000) its 分设校区, handed over in August 2026 (the 3 later
    # projects)
    assert "截至2024年度应完成的项目4项。尚未完成4项：河西初级中学购置教学仪器设备22.00万元；" in text
    assert "另有5项按方案安排在2024年秋季学期以后完成，本年度统计数据尚不能反映" in text
    # the 2024 rows add 120 ㎡ to every school: 城关第一小学's rooms reach 4.50 ㎡ a pupil, so its 700 ㎡
    # building is reported ahead of the plan, not as later work
    assert "提前达到标准1项：城关第一小学新建教学及辅助用房（实施方案安排2025年8月完成" in text
    # later: the 3500 ㎡ field (2025) and the 分设校区 (2026), which adds nothing to the school's own
    # rooms and so is never reported as ahead of the plan
    assert "另有2项按方案安排在以后年度实施" in text
    assert "分设校区（实施方案安排" not in text


def test_a_plan_drafted_in_the_chat_is_given_the_self_assessment_form(years):
    seen = {}
    real = default_api().draft_plan

    def draft_plan(evaluation, settings, retrieve=None, schools_frame=None, assessed=None):
        seen["assessed"] = assessed
        return real(evaluation, settings, retrieve=retrieve, schools_frame=schools_frame, assessed=assessed)

    ctx = _ctx(years, form=AssessmentForm(values={"layout_reasonable": 1.0}))
    ctx = replace(ctx, planner=replace(ctx.planner, draft_plan=draft_plan))
    reply = respond("生成实施方案", ctx, ChatState())
    assert reply.intent == "draft"
    assert seen["assessed"] == {"layout_reasonable": 1.0}
