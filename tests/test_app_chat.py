"""A long chat through the page (Streamlit AppTest) keeps its scope (issue 16): 40 turns on the district
sample mixing schools, 乡镇, the whole district and policy; every answer is about the subject the
official meant, never "（按 <an earlier school> 理解）" where a district or town was asked, and the
remembered school survives a reload without taking over a district question.

Figures hand-checked from data/samples/示例区.xlsx (quality_2017): 河口镇中心小学 1243 小学生 × 7.5 ㎡
= 9322.5 ㎡ of 运动场馆 needed → 2078.50 ㎡ short; 青山乡石门小学 245 小学生, 1 骨干 → ⌈2.45⌉ − 1 = 2;
青山乡初级中学 ⌈0.9 × …⌉ → 2 骨干 short; 青山乡 骨干 2 + 2 = 4; 城关街道 only 育才学校 (小学 5, 初中 4) = 9.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DISTRICT = (ROOT / "data" / "samples" / "示例区.xlsx").read_bytes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (question, strings the answer must hold, strings it must not hold)
SESSION = [
    ("河口镇中心小学哪些指标没达标", ["河口镇中心小学", "2078.50㎡"], []),
    ("差多少？", ["按 河口镇中心小学 理解", "2078.50㎡"], []),
    ("全区达标情况怎样", ["逐校达标"], ["按 河口镇中心小学"]),
    ("哪项指标最拖后腿", ["最拖后腿的指标是"], ["按 河口镇中心小学"]),
    ("石门小学差什么", ["青山乡石门小学", "需增加2人"], []),
    ("它的骨干教师呢", ["青山乡石门小学", "需增加2人"], ["教学仪器设备值："]),
    ("那设备呢", ["青山乡石门小学", "10.33万元"], []),
    ("青山乡一共还缺几个骨干教师", ["青山乡“骨干教师”合计还需增加4人"], ["按 青山乡石门小学"]),
    ("换成城关街道呢", ["城关街道“骨干教师”合计还需增加9人"], ["青山乡石门小学"]),
    ("班额有什么要求？", ["45人"], ["按 "]),
    ("北坡小学怎么样", ["柳林镇北坡小学", "需增加3间"], []),
    ("那初中呢", ["柳林镇北坡小学没有初中学段"], ["需增加"]),
    (
        "全区小学骨干教师的差异系数是多少",
        ["小学“每百名学生拥有县级及以上骨干教师数”的差异系数为"],
        ["按 柳林镇"],
    ),
    ("那初中呢", ["初中“每百名学生拥有县级及以上骨干教师数”的差异系数为"], []),
    ("育才学校哪些指标没达标", ["育才学校（小学", "育才学校（初中"], []),
    ("不算民办学校，还有几所没达标", ["公办参评的", "未达标的有5所"], ["育才学校、"]),
    ("其中青山乡的是哪几所", ["青山乡石门小学、青山乡初级中学"], ["河口镇中心小学、"]),
    ("哪个学校运动场缺得最多", ["1. 河口镇中心小学：需增加2078.50㎡"], []),
    ("河口镇和青山乡哪个缺的骨干老师多", ["青山乡缺得更多"], []),
    ("给北坡小学增加3间多媒体教室会怎样", ["柳林镇北坡小学", "学校判定：未达标 → 达标"], []),
    ("今天天气怎么样", ["超出了本助手的范围"], ["北坡"]),
    ("它达标了吗", ["按 柳林镇北坡小学 理解"], []),
    ("区里初中有几所达标", ["初中参评的13所学校中，达标的有11所"], ["按 柳林镇北坡小学"]),
    ("哪些学校有大班额", ["东城街道新区小学（最大班额57人"], ["按 柳林镇北坡小学"]),
    ("东城二小怎么样", ["东城街道第二小学", "517.00㎡"], []),
    ("和口镇中心小学运动场差多少", ["“和口镇中心小学”按 河口镇中心小学 理解", "2078.50㎡"], []),
    ("二小怎么样", ["请问是哪一所"], ["需增加"]),
    ("2", ["按 东城街道第二小学 理解"], []),
    ("全区一共还要补多少骨干教师", ["合计还需增加14人"], ["按 东城街道第二小学"]),
    ("最薄弱的三所学校", ["1. 青山乡石门小学（小学）"], []),
    ("第二个差多少", ["按 第2所：育才学校 理解"], []),
    ("全区能通过优质均衡认定吗", ["暂不能通过"], ["按 育才学校"]),
    ("为什么", ["暂不能通过", "5所学校未达标"], ["按 育才学校"]),
    ("小学36个班要配几间音乐教室", ["36个班需要音乐专用教室3间"], []),
    ("优质均衡资源配置有哪几项指标", ["资源配置共7项指标"], []),
    ("差异系数怎么算？", ["差异系数"], ["按 "]),
    ("石门小学呢", ["青山乡石门小学"], []),
    ("全区小学还缺多少万元设备", ["10.33万元"], ["按 青山乡石门小学"]),
    ("那青山乡呢", ["青山乡小学“教学仪器设备”"], []),
    ("谢谢", ["不客气"], []),
]


@pytest.fixture
def db(policy_data_dir, monkeypatch, tmp_path) -> str:
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(policy_data_dir))
    url = f"sqlite:///{tmp_path / 'workspaces.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _page(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def _answer(at: AppTest) -> str:
    """The last reply as the reader sees it: text and tables, without the page's bold marks."""
    message = at.chat_message[-1]
    parts = [m.value for m in message.markdown] + [str(t.value.to_dict()) for t in message.table]
    parts += [str(d.value.to_dict()) for d in message.dataframe]
    return re.sub(r"</?strong>", "", "\n".join(parts))


def _ask(at: AppTest, question: str) -> str:
    at.chat_input[0].set_value(question).run()
    assert not at.exception and not at.error, question
    return _answer(at)


def test_a_forty_turn_session_keeps_its_scope(db):
    at = _page()
    at.sidebar.selectbox(key="sample_label").set_value("示例区（区级示例）")
    next(b for b in at.sidebar.button if b.label == "使用示例数据").click().run()
    at.run()  # the caption above the button shows the sample from the next run on
    assert any("示例区.xlsx" in c.value for c in at.sidebar.caption)
    assert len(SESSION) == 40
    wrong = []
    for question, wanted, unwanted in SESSION:
        answer = _ask(at, question)
        missing = [w for w in wanted if w not in answer]
        present = [u for u in unwanted if u in answer]
        if missing or present:
            wrong.append((question, missing, present, answer[:200]))
    assert wrong == []


def test_the_remembered_school_does_not_take_over_a_district_question_after_a_reload(db):
    at = _page()
    at.sidebar.get("file_uploader")[0].set_value(("示例区.xlsx", DISTRICT, XLSX)).run()  # saved at once
    at.text_input(key="region_answer").set_value("示例区").run()  # the one question: the district's name
    ws = at.query_params["ws"]
    ws_id = ws[0] if isinstance(ws, list) else ws
    assert "河口镇中心小学" in _ask(at, "河口镇中心小学差多少")

    again = _page({"ws": ws_id})
    assert "按 河口镇中心小学 理解" in _ask(again, "差多少？")  # the school asked before the reload
    answer = _ask(again, "全区达标情况怎样")
    assert "逐校达标" in answer and "按 河口镇中心小学" not in answer
