"""The page keeps its work: the first upload creates the workspace (named from the data; only a county's
name is ever asked), every change is saved, each document keeps its own versions, and a new session
(reload, another browser) gets everything back; offices see only their own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.yearly import town_year
from workspaces import SlotKey, open_store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TOWN = (ROOT / "data" / "samples" / "城关镇.xlsx").read_bytes()
DISTRICT = (ROOT / "data" / "samples" / "示例区.xlsx").read_bytes()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _ok(at: AppTest) -> None:
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return at.sidebar.get("file_uploader")[0].set_value((name, data, XLSX)).run()


def _answer(at: AppTest) -> str:
    return re.sub(r"</?strong>", "", at.chat_message[-1].markdown[0].value)


def _ws_id(at: AppTest) -> str:
    ws = at.query_params["ws"]
    return ws[0] if isinstance(ws, list) else ws


def test_the_first_upload_of_one_town_is_saved_at_once_under_the_towns_name(db):
    at = _upload(_page(), "qinghe_county.xlsx", TOWN)
    _ok(at)
    assert not [b for b in at.button if b.label in ("保存为工作区", "暂不保存")]  # nothing to click
    [ws] = open_store(db).workspaces()
    assert (ws.name, ws.level) == ("城关镇", "town")
    assert at.text_input(key="region").value == "城关镇"
    assert at.radio(key="level_label").value == "镇（乡）级方案"
    assert any("已读取“qinghe_county.xlsx”并自动保存到工作区“城关镇”" in t.value for t in at.toast)


def test_a_file_of_several_towns_asks_only_the_countys_name_and_the_level_follows_it(db):
    at = _upload(_page(), "qinghe_county.xlsx", DISTRICT)
    _ok(at)
    [ws] = open_store(db).workspaces()  # the data is kept before anything is asked
    assert "qinghe" not in ws.name and ws.level == "county"
    assert at.text_input(key="region_answer").label == "县（区、县级市）名称"
    at.text_input(key="region_answer").set_value("清河").run()
    assert any("请填写它们所在的县、区或县级市的全称" in w.value for w in at.warning)
    at.text_input(key="region_answer").set_value("清河区").run()
    _ok(at)
    [ws] = open_store(db).workspaces()
    assert (ws.name, ws.level) == ("清河区", "district")
    assert at.radio(key="level_label").value == "区级方案"
    assert "region_answer" not in [t.key for t in at.text_input]  # asked once, answered
    assert "全区达标情况怎样？" in [b.label for b in at.button]  # the examples speak of the district


def test_a_file_without_townships_is_kept_and_its_name_asked(db):
    sample = (ROOT / "data" / "samples" / "城关镇_gbk.csv").read_bytes().decode("gb18030")
    header, *rows = sample.splitlines()
    column = header.split(",").index(next(h for h in header.split(",") if "乡镇" in h))
    blank = [",".join("" if i == column else v for i, v in enumerate(r.split(","))) for r in rows]
    at = _upload(_page(), "学校.csv", "\n".join([header, *blank]).encode())
    _ok(at)
    [ws] = open_store(db).workspaces()
    assert ws.name == "未命名工作区"
    at.text_input(key="region_answer").set_value("城关镇").run()
    _ok(at)
    assert [(w.name, w.level) for w in open_store(db).workspaces()] == [("城关镇", "town")]


def test_after_an_upload_the_welcome_no_longer_speaks_of_the_sample(db):
    at = _upload(_page(), "qinghe_county.xlsx", DISTRICT)
    welcome = at.chat_message[0].markdown[0].value
    assert "示例数据" not in welcome and "已打开工作区" in welcome


def test_reopening_the_page_restores_data_chat_settings_and_each_document(db):
    at = _upload(_page(), "qinghe_county.xlsx", DISTRICT)
    at.text_input(key="region_answer").set_value("清河县").run()
    _ok(at)
    ws_id = _ws_id(at)
    at.sidebar.number_input(key="years").set_value(4).run()
    at.chat_input[0].set_value("生成实施方案").run()
    _ok(at)
    at.chat_input[0].set_value("主要任务里加一条关于留守儿童的内容").run()
    at.chat_input[0].set_value("生成自评报告").run()
    _ok(at)
    messages = [m.markdown[0].value for m in at.chat_message]

    again = _page({"ws": ws_id})
    _ok(again)
    assert again.text_input(key="region").value == "清河县"
    assert again.radio(key="level_label").value == "县级方案"
    assert again.sidebar.number_input(key="years").value == 4
    assert [m.markdown[0].value for m in again.chat_message] == messages
    assert again.radio(key="doc_slot").options == ["实施方案（2个版本）", "自评报告（1个版本）"]
    store = open_store(db)
    labels = [v.label for v in store.versions(store.plan_id(ws_id), with_plans=False)]
    assert len(labels) == 2 and "留守儿童" in "".join(labels)  # the report did not join the plan's list
    assert any("清河县 2024年度" in c.value for c in again.sidebar.caption)


def test_drafting_a_report_never_replaces_the_plan_on_the_documents_tab(db):
    at = _upload(_page(), "a.xlsx", TOWN)
    at.chat_input[0].set_value("生成实施方案").run()
    at.chat_input[0].set_value("生成自评报告").run()
    _ok(at)
    slots = at.radio(key="doc_slot")
    assert slots.value.name == "自评报告"  # the new document is shown …
    assert "实施方案（1个版本）" in slots.options  # … and the plan is kept with its one version
    assert not [w for w in at.warning if "实施步骤" in w.value]  # no pointer to a part the report lacks
    at = slots.set_value(SlotKey()).run()  # one click back to the plan, as it was
    _ok(at)
    assert at.selectbox(key="version-1").options == ["第1版：生成方案"]
    assert any(h.value.startswith("城关镇推进义务教育优质均衡发展") for h in at.subheader)
    # each document's editors are its own: the plan's first part is not the report's first part
    editor = next(e for e in at.expander if e.label == "修改“指导思想”").text_area[0]
    assert "坚持以习近平" in editor.value and "纳入评估" not in editor.value


def test_restoring_an_edit_and_saving_say_so(db):
    at = _upload(_page(), "a.xlsx", TOWN)
    at.chat_input[0].set_value("生成实施方案").run()
    at.chat_input[0].set_value("主要任务里加一条关于留守儿童的内容").run()
    at.selectbox(key="version-2").set_value(0).run()
    at = next(b for b in at.button if b.label == "恢复此版本").click().run()
    _ok(at)
    assert any("已恢复实施方案第1版（保存为第3版）" in t.value for t in at.toast)
    assert at.selectbox(key="version-3").options[-1] == "第3版：恢复第1版"


def test_without_a_link_the_last_workspace_is_reopened(db):
    at = _upload(_page(), "a.xlsx", TOWN)
    at.chat_input[0].set_value("全镇达标情况怎样？").run()
    again = _page()
    _ok(again)
    assert again.chat_message[0].markdown[0].value == "全镇达标情况怎样？"
    assert any("城关镇 2024年度" in c.value for c in again.sidebar.caption)


def test_a_workspace_that_cannot_be_read_leaves_the_page_on_the_sample_and_says_so(db):
    store = open_store(db)
    ws = store.create_workspace("甲镇", "town")
    store.add_dataset(ws.id, 2024, "甲镇.xlsx", b"not a spreadsheet", schools=12)  # damaged in the store
    at = _page({"ws": ws.id})
    assert not at.exception
    assert any("这个工作区未能打开" in e.value and "导入工作区" in e.value for e in at.error)
    assert any("城关镇.xlsx，12所学校" in c.value for c in at.sidebar.caption)  # the sample, not 甲镇
    assert "ws" not in at.query_params


def test_a_start_year_changed_in_the_chat_shows_in_the_sidebar_and_is_saved(db):
    at = _upload(_page(), "a.xlsx", TOWN)
    at.chat_input[0].set_value("生成实施方案").run()
    at.chat_input[0].set_value("把起始年改成2027年").run()
    _ok(at)
    assert at.sidebar.number_input(key="start_year").value == 2027
    assert _page().sidebar.number_input(key="start_year").value == 2027


def test_a_plan_older_than_its_settings_is_marked_out_of_date(db):
    at = _upload(_page(), "a.xlsx", TOWN)
    at.chat_input[0].set_value("生成实施方案").run()
    assert not [w for w in at.warning if "较早的数据或设置" in w.value]
    at.sidebar.number_input(key="start_year").set_value(2028).run()
    assert any("起始年已修改" in w.value for w in at.warning)


def test_a_second_years_upload_keeps_the_first(db):
    at = _upload(_page(), "2024.xlsx", TOWN)
    at = _upload(at, "2025.xlsx", town_year(2025, extra_teachers=1))
    _ok(at)
    store = open_store(db)
    [ws] = store.workspaces()
    assert sorted(store.current_datasets(ws.id)) == [2024, 2025]
    assert at.sidebar.selectbox(key="data_year").value == 2025


def test_with_accounts_on_a_user_cannot_open_another_offices_workspace(db, monkeypatch):
    monkeypatch.setenv("JUNHENG_ACCOUNTS", "1")
    store = open_store(db)
    store.add_user("zhang", "password-zhang")
    store.add_user("li", "password-li1")
    theirs = store.create_workspace("乙镇", "town", owner="li")
    store.add_dataset(theirs.id, 2024, "乙镇.xlsx", DISTRICT, schools=20)
    mine = store.create_workspace("甲镇", "town", owner="zhang")
    store.add_dataset(mine.id, 2024, "甲镇.xlsx", TOWN, schools=12)

    at = _page({"ws": theirs.id})
    assert not at.chat_input  # the sign-in form only
    at.text_input[0].set_value("zhang")
    at.text_input[1].set_value("password-zhang")
    at = at.button[0].click().run()
    assert any("不是它的成员" in e.value for e in at.error)
    assert not any("乙镇" in c.value for c in at.sidebar.caption)
    assert at.sidebar.selectbox(key="ws_choice").options == ["甲镇（镇/乡）"]


def test_a_wrong_password_is_refused(db, monkeypatch):
    monkeypatch.setenv("JUNHENG_ACCOUNTS", "1")
    open_store(db).add_user("zhang", "password-zhang")
    at = _page()
    at.text_input[0].set_value("zhang")
    at.text_input[1].set_value("wrong-password")
    at = at.button[0].click().run()
    assert any("用户名或密码不正确" in e.value for e in at.error)
    assert not at.chat_input


def test_two_years_show_each_indicators_change_on_the_page_and_in_the_chat(db):
    at = _upload(_page(), "2024.xlsx", TOWN)
    at = _upload(at, "2025.xlsx", town_year(2025, extra_area=500))
    _ok(at)
    assert any(h.value == "历年变化（2024—2025年度）" for h in at.subheader)
    lines = next(m.value for m in at.markdown if "比上年" in m.value)
    assert "生均教学及辅助用房面积" in lines and "比上年增加" in lines
    at.chat_input[0].set_value("小学比上年有什么变化？").run()
    _ok(at)
    assert _answer(at).startswith("2025年度与2024年度相比（小学）：")


def test_the_chat_drafts_a_work_summary_from_the_workspaces_two_years_and_gives_the_workbook(db):
    at = _upload(_page(), "2024.xlsx", TOWN)
    at.chat_input[0].set_value("起草工作总结").run()
    _ok(at)
    assert _answer(at).startswith("起草工作总结需要两个统计年度的学校数据：工作区目前只有2024年度的数据。")
    at = _upload(at, "2025.xlsx", town_year(2025, extra_area=120))
    at.chat_input[0].set_value("起草工作总结").run()
    _ok(at)
    assert _answer(at).startswith("已起草工作总结")
    assert at.session_state.chat.plan.template == "kinds/work_summary"
    at.chat_input[0].set_value("下载Excel").run()
    _ok(at)
    labels = [b.label for b in at.get("download_button")]
    assert "下载 城关镇均衡发展审计工作簿（优质均衡）.xlsx" in labels


def test_a_school_name_with_html_or_a_link_is_shown_as_plain_text(db):
    sample = (ROOT / "data" / "samples" / "城关镇_gbk.csv").read_bytes().decode("gb18030")
    first = sample.splitlines()[1].split(",")[0]
    evil = "<img src=x onerror=alert(1)>[点我](http://evil.example)"
    at = _page()
    at.sidebar.get("file_uploader")[0].set_value(
        ("x.csv", sample.replace(first, evil).encode(), "text/csv")
    ).run()
    _ok(at)
    at.chat_input[0].set_value("哪几所学校最差？").run()
    at.chat_input[0].set_value(f"{evil}哪些指标没达标？").run()
    _ok(at)
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [b.label for b in at.button]
    assert any("onerror" in text for text in shown)  # the name is there …
    # … but never as HTML (the < is an entity) nor a link (brackets escaped, the URL broken)
    assert not any("<img" in text or "](" in text.replace("\\](", "") or "://evil" in text for text in shown)


def test_a_policy_document_of_one_workspace_is_never_found_from_another(db):
    store = open_store(db)
    mine, theirs = store.create_workspace("甲镇", "town"), store.create_workspace("乙镇", "town")
    for ws in (mine, theirs):
        store.add_dataset(ws.id, 2024, "城关镇.xlsx", TOWN, schools=12)
    note = "一、寄宿制学校\n甲镇寄宿制学校每间宿舍不超过8人，宿管员每50名住宿生配1名。".encode()
    at = _page({"ws": mine.id})
    at.main.get("file_uploader")[0].set_value(("甲镇细则.md", note, "text/markdown")).run()
    at.session_state["policy_job"]["future"].result(timeout=120)  # indexed in the background
    at.run()
    _ok(at)
    assert any("已将“甲镇细则.md”加入政策库（1段）" in m.value for m in at.success)
    at.text_input(key="library_query").set_value("寄宿制学校宿舍住几人").run()
    assert any("甲镇细则" in m.value for m in at.markdown)

    other = _page({"ws": theirs.id})
    other.text_input(key="library_query").set_value("寄宿制学校宿舍住几人").run()
    assert not any("甲镇细则" in m.value for m in other.markdown)
    other.chat_input[0].set_value("寄宿制学校宿舍住几人？").run()
    assert "甲镇细则" not in _answer(other)
    assert not any("甲镇细则" in str(cell) for df in other.dataframe for cell in df.value.to_numpy().ravel())


def test_a_sidebar_change_is_not_undone_by_the_next_chat_turn_and_is_used_when_drafting(db):
    at = _upload(_page(), "a.xlsx", TOWN)
    at.chat_input[0].set_value("生成实施方案").run()
    at.sidebar.number_input(key="start_year").set_value(2028).run()
    at.chat_input[0].set_value("全镇达标情况怎样？").run()
    _ok(at)
    assert at.sidebar.number_input(key="start_year").value == 2028
    at.chat_input[0].set_value("生成实施方案").run()
    _ok(at)
    assert "2028" in _answer(at)


def test_two_windows_on_one_workspace_the_stale_one_is_told_and_can_load_the_newer(db):
    first = _upload(_page(), "a.xlsx", TOWN)
    ws_id = open_store(db).workspaces()[0].id
    second = _page({"ws": ws_id})
    first.chat_input[0].set_value("全镇达标情况怎样？").run()
    second.chat_input[0].set_value("哪几所学校最差？").run()
    assert any("对话未保存" in e.value and "较新的内容已保留" in e.value for e in second.error)
    assert [r for r, _ in open_store(db).messages(ws_id)] == ["user", "assistant"]
    second = next(b for b in second.button if b.label == "载入最新内容").click().run()
    _ok(second)
    assert second.chat_message[0].markdown[0].value == "全镇达标情况怎样？"
