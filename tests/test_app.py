"""The page through streamlit's AppTest: the main flows run without an exception, and only app.py
imports streamlit."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 300  # the first run builds the policy index in the test's data dir


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_page_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("metrics", "knowledge", "planner", "workspaces")
        for p in (ROOT / folder).rglob("*.py")
        if "streamlit" in _imports(p)
    ]
    assert offenders == []
    assert "streamlit" in _imports(ROOT / "app.py")


def test_app_py_only_wires_the_page():
    """The views live in ui/, the page state in ui/state.py; app.py holds no domain decision."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 100
    assert not {"metrics", "planner", "knowledge", "workspaces", "pandas", "altair"} & _imports(
        ROOT / "app.py"
    )


@pytest.fixture
def app(policy_data_dir, monkeypatch, tmp_path):
    # the session's real policy index: st.cache_resource keeps it for the process anyway
    monkeypatch.setenv("JUNHENG_DATA_DIR", str(policy_data_dir))
    # but each test its own workspace database
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'workspaces.sqlite3'}")
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def _last_answer(at: AppTest) -> str:
    """The last reply's text as the reader sees it (the page renders **bold** as <strong>)."""
    return re.sub(r"</?strong>", "", at.chat_message[-1].markdown[0].value)


def _no_failure(at: AppTest) -> None:
    assert not at.exception
    assert not at.error


def test_sample_town_is_loaded_by_default(app):
    _no_failure(app)
    assert any("城关镇.xlsx，12所学校" in c.value for c in app.sidebar.caption)
    assert app.text_input(key="region").value == "城关镇"


def test_main_flow_question_policy_plan_revision_download(app):
    app.chat_input[0].set_value("城关二小哪些指标没达标？差多少？").run()
    _no_failure(app)
    assert "骨干教师数：本校0.950人，标准1人，需增加1人" in _last_answer(app)

    app.chat_input[0].set_value("班额有什么要求？").run()
    _no_failure(app)
    assert _last_answer(app).startswith("根据《")

    app.chat_input[0].set_value("生成城关镇2026—2028年优质均衡实施方案").run()
    _no_failure(app)
    assert "城关镇推进义务教育优质均衡发展" in _last_answer(app)

    app.chat_input[0].set_value("主要任务里加一条关于留守儿童的内容").run()
    _no_failure(app)
    assert "留守儿童" in _last_answer(app)

    app.chat_input[0].set_value("导出Word").run()
    _no_failure(app)
    labels = [b.label for b in app.get("download_button")]
    assert any(label.startswith("下载 ") and label.endswith(".docx") for label in labels)
    assert "下载Word（.docx）" in labels


def test_suggestion_button_asks_the_question(app):
    app.button(key="example-1").click().run()
    _no_failure(app)
    assert app.chat_message[0].markdown[0].value == "全镇达标情况怎样？"
    assert "个学校（学段）达标" in _last_answer(app)


def test_bad_upload_shows_the_chinese_report_in_the_main_area_and_keeps_the_data(app):
    uploader = app.sidebar.get("file_uploader")[0]
    uploader.set_value(("坏数据.csv", "学校名称,办学类型\n甲小学,小学\n".encode(), "text/csv")).run()
    assert not app.exception
    assert not app.sidebar.error and not app.get("code")  # no monospace block, nothing in the sidebar
    assert app.error[0].value.startswith("文件“坏数据.csv”未能读取，页面仍使用原来的数据。问题如下：")
    problems = next(m.value for m in app.main.markdown if m.value.startswith("- 数据有"))
    assert "处错误" in problems and "\n- 1.【错误】" in problems
    assert any("城关镇.xlsx，12所学校" in c.value for c in app.sidebar.caption)


def test_changing_the_standard_reevaluates(app):
    app.sidebar.radio(key="standard_label").set_value("基本均衡（教督〔2012〕3号）").run()
    _no_failure(app)
    app.chat_input[0].set_value("小学各项差异系数是多少？").run()
    _no_failure(app)
    assert "综合差异系数" in _last_answer(app)


def test_upload_lists_columns_read_under_another_name(app):
    sample = (ROOT / "data" / "samples" / "城关镇_gbk.csv").read_bytes().decode("gb18030")
    renamed = sample.replace("图书册数（册）", "纸质图书册数", 1).encode("gb18030")
    app.sidebar.get("file_uploader")[0].set_value(("城关镇改.csv", renamed, "text/csv")).run()
    _no_failure(app)
    assert "城关镇改.csv），12所学校" in app.sidebar.caption[0].value
    notes = app.sidebar.expander[0]
    assert notes.label == "读取说明（1条）"
    assert "列「纸质图书册数」按「图书册数」读取" in notes.markdown[0].value


def test_schools_tab_offers_the_audit_workbook(app):
    _no_failure(app)
    buttons = {b.label: b for b in app.get("download_button")}
    assert "下载Excel（审计工作簿，计算均为公式）" in buttons


def test_assessment_form_keeps_entered_items_for_the_self_report(app):
    _no_failure(app)
    label = next(n.label for n in app.number_input if n.label.startswith("社会认可度调查结果"))
    assert next(n for n in app.number_input if n.label == label).value is None  # not entered: 〔待填报〕
    next(n for n in app.number_input if n.label == label).set_value(91.5)
    app.button[[b.label for b in app.button].index("保存填报")].click().run()
    _no_failure(app)
    assert app.session_state.assessment_form.value("recognition") == 91.5


def test_assessment_form_takes_practices_records_and_yes_no_items(app):
    _no_failure(app)
    area = next(t for t in app.text_area if t.label == "改善办学条件方面的做法")
    area.set_value("实施薄弱学校改造：三年改扩建校舍12所。")
    next(n for n in app.number_input if n.label == "累计投入资金（万元）").set_value(860.0)
    app.get("button_group")[0].select("是")  # the first 是/否 item: 学校规划布局合理
    app.button[[b.label for b in app.button].index("保存填报")].click().run()
    _no_failure(app)
    form = app.session_state.assessment_form
    assert [(p.title, p.topic) for p in form.practices] == [("实施薄弱学校改造", "conditions")]
    assert [(r.key, r.value) for r in form.records] == [("investment", 860.0)]
    assert form.value("layout_reasonable") == 1.0


def test_a_plans_signature_is_drawn_right_aligned_never_as_html_text(app):
    app.chat_input[0].set_value("生成实施方案").run()
    _no_failure(app)
    texts = [m.value for m in app.main.markdown]
    assert not any("&lt;div" in t or '<div align="right">' in t for t in texts)
    assert any('<div style="text-align: right">城关镇人民政府</div>' in t for t in texts)


def test_yes_no_items_of_the_assessment_form_are_switches_not_numbers(app):
    _no_failure(app)
    labels = [n.label for n in app.number_input]
    assert not any("1=是" in label for label in labels)
    switches = [g.proto.label for g in app.main.get("button_group")]
    assert "学校规划布局合理、符合国家规定要求" in switches
    assert len(switches) == 17  # every 是/否 item of 优质均衡 is a 是/否 switch
