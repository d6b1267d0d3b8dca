"""文件依据: current policy documents only, ranked by the issuer's authority and then newest first."""

from __future__ import annotations

from planner.drafting.basis import basis_documents, rank

STANDARD = {
    "title": "县域义务教育优质均衡发展督导评估办法",
    "doc_no": "教督〔2017〕6号",
    "issuer": "教育部",
    "date": "2017-05-23",
    "section": "",
    "source": "standard:quality_2017",
}


def _doc(title, issuer, date, doc_no="", kind="政策", status="现行"):
    return {
        "title": title,
        "doc_no": doc_no,
        "issuer": issuer,
        "date": date,
        "kind": kind,
        "status": status,
        "section": "",
        "source": title,
    }


def test_higher_issuers_come_first_and_newer_documents_first_within_a_tier():
    found = [
        _doc("创建工作的通知", "教育部办公厅", "2021-11-29", "教基厅函〔2021〕43号"),
        _doc("认定工作规程", "国务院教育督导委员会办公室", "2019", "国教督办函〔2019〕30号"),
        _doc("城乡一体化若干意见", "国务院", "2016", "国发〔2016〕40号"),
        _doc("优质均衡的基本公共教育服务体系的意见", "中共中央办公厅 国务院办公厅", "2023-06"),
    ]
    titles = [d["title"] for d in basis_documents(STANDARD, found)]
    assert titles == [
        "优质均衡的基本公共教育服务体系的意见",
        "城乡一体化若干意见",
        STANDARD["title"],
        "创建工作的通知",
        "认定工作规程",
    ]


def test_notes_and_superseded_documents_are_not_cited():
    found = [
        _doc("班额标准说明", "教育部（本项目整理）", "", kind="标准"),
        _doc("旧办法", "教育部", "2010", "教督〔2010〕1号", status="废止"),
    ]
    assert [d["title"] for d in basis_documents(STANDARD, found)] == [STANDARD["title"]]
    assert rank("中共中央 国务院") < rank("国务院") < rank("教育部") < rank("教育部办公厅")


def test_the_2023_opinion_is_cited_with_its_issuers_when_the_corpus_holds_it(policy_index):
    from metrics import evaluate, load_standard
    from planner import PlanSettings, draft_plan, retriever_from_index
    from tests.planner.frames import district_frame

    frame = district_frame()
    ev = evaluate(frame, load_standard("quality_2017"))
    settings = PlanSettings(region="青河县", start_year=2026)
    plan = draft_plan(ev, settings, retriever_from_index(policy_index), schools_frame=frame)
    preamble = plan.sections[0].paragraphs[0].text
    assert "根据中共中央办公厅、国务院办公厅《关于构建优质均衡的基本公共教育服务体系的意见》、" in preamble
    assert preamble.index("（国发〔2016〕40号）") < preamble.index("（教督〔2017〕6号）")
