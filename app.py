"""均衡规划助手 — the Streamlit page. The only module that imports streamlit: it wires the services
(metrics, knowledge, planner) and draws their results; no domain logic lives here."""

from __future__ import annotations

import copy
import functools
import html
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from functools import partial
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import metrics
from metrics.limits import LIMITS
from metrics.report import format_value
from metrics.result import STAGE_NAMES
from planner import RevisionError, edit_group, section_group
from planner.chat import ChatContext, ChatState, Reply, Table, example_questions
from planner.chat import data as chat_data
from planner.chat.plan import default_api, export_file, plan_blocks
from planner.documents.forms import (
    FORM_SETTING,
    INSPECTION_LEVELS,
    RECORD_NAMES,
    TOPICS,
    AssessmentForm,
    CountyProfile,
    Practice,
    Record,
    form_items,
)
from planner.drafting.levels import level_of
from planner.export.workbook import XLSX_MIME, workbook_bytes, workbook_filename
from planner.freshness import section_changes, settle_new_version, staleness
from planner.llm import LLMSettings, build_chat_model, check_connection, polish_sections, respond_with_model
from workspaces.roles import Permission, Role, allows

log = logging.getLogger("junheng.app")

ROOT = Path(__file__).resolve().parent
SAMPLES = {
    "城关镇（镇级示例）": ROOT / "data" / "samples" / "城关镇.xlsx",
    "示例区（区级示例）": ROOT / "data" / "samples" / "示例区.xlsx",
}
DEFAULT_SAMPLE = "城关镇（镇级示例）"
STANDARDS = {"优质均衡（教督〔2017〕6号）": "quality_2017", "基本均衡（教督〔2012〕3号）": "basic_2012"}
LEVELS = {"镇（乡）级方案": "town", "县级方案": "county", "区级方案": "district", "县级市方案": "city"}
WORKSPACE_LEVELS = {"town": "镇/乡", "county": "县", "district": "区", "city": "县级市"}
FLAG_STYLE = "background-color: #fde2e1; color: #a8071a; font-weight: 600"
ERROR_TEXT = "页面出现了意外错误，已记录。请刷新页面重试；已加载的数据不会丢失。"


# --- shared resources (built once per process) ----------------------------------------------------


@st.cache_resource(show_spinner=False)
def _index_slot() -> dict[str, Any]:
    """Holds the process's index loading (a Future), shared by every session."""
    return {"lock": threading.Lock()}


def _index_future() -> Any:
    """Open (or build) the policy index in a background thread, once per process. It is started by the
    first thing that needs it (the library tab, drawn last, or a search), so the first page draws
    before the model and Chroma compete with it for the CPU."""
    slot = _index_slot()
    with slot["lock"]:
        if "future" not in slot:
            from concurrent.futures import ThreadPoolExecutor

            def load() -> Any:
                from knowledge import KnowledgeSettings, open_index

                host = os.environ.get("JUNHENG_CHROMA_HOST") or None  # a Chroma server shared by replicas
                port = int(os.environ.get("JUNHENG_CHROMA_PORT", 8000))
                return open_index(KnowledgeSettings(chroma_host=host, chroma_port=port))

            slot["future"] = ThreadPoolExecutor(1, thread_name_prefix="policy-index").submit(load)
        return slot["future"]


class PendingIndex:
    """The policy index while it loads: a search waits for it (under the chat's spinner)."""

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return _index_future().result().search(*args, **kwargs)


def policy_index() -> tuple[Any, str | None]:
    """The retrieval index (or a PendingIndex while it loads), and a Chinese message if it failed."""
    future = _index_slot().get("future")
    if future is None or not future.done():
        return PendingIndex(), None
    try:
        return future.result(), None
    except Exception as exc:  # KnowledgeError carries a Chinese sentence; anything else gets a generic one
        log.exception("policy index unavailable")
        _index_slot().pop("future", None)  # the next run tries again
        message = str(exc) if exc.__class__.__module__.startswith("knowledge") else "政策库加载失败。"
        return None, message


@st.cache_resource(show_spinner=False)
def template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "学校数据模板.xlsx"
        metrics.write_template(path)
        return path.read_bytes()


def planner_api() -> Any:
    """The drafting API, or None (the chat and the plan tab then say drafting is unavailable)."""
    try:
        return default_api()
    except Exception:
        log.exception("planner API unavailable")
        return None


# --- per-user data --------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Any:
    from workspaces import open_store

    return open_store(url)


def store() -> Any:
    """The workspace store (SQLite in the data directory or DATABASE_URL), or None when unavailable."""
    from workspaces.db import database_url

    try:
        return _open_store(database_url())
    except Exception:
        log.exception("workspace store unavailable")
        return None


def accounts_on() -> bool:
    """Accounts are off for a single-user install; JUNHENG_ACCOUNTS=1 turns sign-in on."""
    return os.environ.get("JUNHENG_ACCOUNTS", "").strip().lower() in ("1", "true", "on", "yes")


def current_user() -> str | None:
    return st.session_state.get("user") if accounts_on() else None


def may(permission: Permission) -> bool:
    """Whether this user's role in the open workspace allows ``permission`` (always, outside a
    workspace: unsaved data is the user's own). The store checks again on every save."""
    role = st.session_state.get("ws_role")
    if not st.session_state.get("ws_id") or role is None:
        return True
    return allows(role, permission)


def may_change() -> bool:
    return may(Permission.CHANGE)


VIEWER_NOTE = "您在这个工作区是“查看者”：可以查看和导出，不能上传数据、提问或修改设置和方案。"


@st.cache_resource(show_spinner=False, max_entries=64)
def _parsed(digest: str, filename: str, _content: bytes) -> Any:
    """A stored dataset parsed once per process (keyed by its content hash)."""
    return metrics.load_schools(_content, filename=filename)


def file_years(result: Any) -> list[int]:
    """The 统计年度 values in a loaded file (empty when the column is missing or blank)."""
    if "year" not in result.frame:
        return []
    return sorted({int(y) for y in result.frame["year"].dropna()})


def for_year(result: Any, year: int | None) -> Any:
    """Only the rows of ``year`` when the file holds several years."""
    if year is None or len(file_years(result)) < 2:
        return result
    return replace(result, frame=result.frame[result.frame["year"] == year].reset_index(drop=True))


def _data_region(result: Any) -> str:
    """The region read from the data: the 乡镇 when the rows name exactly one, else "" (ask)."""
    towns = sorted({str(t).strip() for t in result.frame["township"].dropna() if str(t).strip()})
    return towns[0] if len(towns) == 1 else ""


def _level_label(level: str) -> str:
    """The plan-level choice for a workspace level (town, county, district, city)."""
    return next((label for label, value in LEVELS.items() if value == level), "区级方案")


def _set_data(result: Any, name: str, region: str | None = None) -> None:
    state = st.session_state
    state.data = result
    state.data_name = name
    state.data_version = state.get("data_version", 0) + 1
    towns = {str(t) for t in result.frame["township"].dropna() if str(t).strip()}
    state.region = region if region is not None else _data_region(result)
    # the level the region's name says (城关镇 → 镇级, 青河县 → 县级, 示例区 → 区级); the user may change it
    level = level_of(state.region) if state.region else ("town" if len(towns) <= 1 else "district")
    if len(towns) > 1 and level == "town":
        level = "district"
    state.level_label = _level_label(level)


def load_sample(label: str) -> None:
    path = SAMPLES[label]
    _set_data(metrics.load_schools(path), path.name, region=label.split("（")[0])
    st.session_state.upload_error = None


def handle_upload(upload: Any) -> None:
    """Load an uploaded file once; a bad file shows the validation report and keeps the current data.

    In a workspace the file is stored under its 统计年度 (earlier years stay); without one the page
    asks once for the workspace's name and level."""
    state = st.session_state
    if upload is None or state.get("upload_id") == upload.file_id:
        return
    state.upload_id = upload.file_id
    if not may_change():
        state.upload_error = VIEWER_NOTE
        return
    content = upload.getvalue()
    try:
        result = metrics.load_schools(content, filename=upload.name)
    except metrics.DataError as exc:
        state.upload_error = exc.report()
        return
    state.upload_error = None
    years = file_years(result) or [int(state.get("upload_year") or DEFAULT_YEAR)]
    if state.get("ws_id"):
        _store_upload(upload.name, content, result, years)
        state.data_year = years[-1]
        open_workspace(state.ws_id)
        return
    _set_data(for_year(result, years[-1]), upload.name)
    state.data_year = years[-1]
    state.pending_upload = (upload.name, content, tuple(years), len(result.frame))
    state.ask_workspace = True
    state.ws_new_name = state.region


DEFAULT_YEAR = 2024


def _store_upload(name: str, content: bytes, result: Any, years: list[int]) -> None:
    st_ = store()
    for year in years:
        schools = len(for_year(result, year).frame)
        st_.add_dataset(st.session_state.ws_id, year, name, content, schools, user=current_user())


def create_workspace(name: str, level: str) -> None:
    """Make the workspace for the data just uploaded and switch the page to it."""
    state = st.session_state
    st_ = store()
    ws = st_.create_workspace(name, level, owner=current_user())
    pending = state.pop("pending_upload", None)
    if pending is not None:
        filename, content, years, _ = pending
        result = metrics.load_schools(content, filename=filename)
        state.ws_id = ws.id
        _store_upload(filename, content, result, list(years))
    state.region = ws.name
    state.level_label = _level_label(level)
    state.ask_workspace = False
    _open(ws.id, fresh=True)


def workspace_settings() -> dict:
    """The page's settings as stored with the workspace."""
    state = st.session_state
    return {
        "standard": STANDARDS[state.standard_label],
        "region": state.region,
        "level": LEVELS[state.level_label],
        "start_year": int(state.start_year),
        "years": int(state.years),
        "year": state.get("data_year"),
        FORM_SETTING: state.get("assessment_form", AssessmentForm()).model_dump(mode="json"),
    }


def _apply_settings(settings: dict) -> None:
    state = st.session_state
    by_key = {v: k for k, v in STANDARDS.items()}
    if settings.get("standard") in by_key:
        state.standard_label = by_key[settings["standard"]]
    if settings.get("region"):
        state.region = settings["region"]
    level = {v: k for k, v in LEVELS.items()}.get(settings.get("level"))
    if level:
        state.level_label = level
    for key in ("start_year", "years"):
        if isinstance(settings.get(key), int):
            state[key] = settings[key]
    state.assessment_form = AssessmentForm.from_settings(settings)


def open_workspace(ws_id: str) -> None:
    """Show the workspace as it was last saved (data of the chosen year, settings, chat, plans)."""
    _open(ws_id, fresh=False)


def _open(ws_id: str, fresh: bool) -> None:
    from workspaces.session import Autosave

    state = st.session_state
    st_ = store()
    user = current_user()
    ws = st_.workspace(ws_id, user)
    saver = Autosave(st_, ws.id, user)
    restored = saver.restore()
    datasets = st_.current_datasets(ws.id, user)
    state.ws_id = ws.id
    state.ws_role = st_.role(ws.id, user)
    state.ws_name = ws.name
    state.ws_level = ws.level
    state.autosave = saver
    state.datasets = datasets
    if datasets:
        wanted = state.get("data_year") or restored.settings.get("year")
        year = wanted if wanted in datasets else max(datasets)
        state.data_year = year
        d = datasets[year]
        parsed = _parsed(d.content_hash, d.filename, st_.dataset_content(ws.id, d.id))
        _set_data(for_year(parsed, year), f"{ws.name} {year}年度（{d.filename}）", region=ws.name)
    if not restored.settings:
        state.level_label = _level_label(ws.level)
    _apply_settings(restored.settings)
    chat = restored.chat_rest if isinstance(restored.chat_rest, ChatState) else ChatState()
    chat.messages = restored.messages
    chat.versions = restored.versions
    chat.plan = restored.versions[-1][1] if restored.versions else None
    if not fresh or not state.get("chat") or not state.chat.messages:
        state.chat = chat
    state.pop("evaluation_key", None)
    state.pop("export_cache", None)
    st.query_params["ws"] = ws.id


def autosave() -> None:
    """Save what changed in this run; a refused stale save is shown (the newer content is kept).
    A viewer's session saves nothing (the store would refuse it anyway)."""
    state = st.session_state
    saver = state.get("autosave")
    if saver is None or not state.get("ws_id") or not may_change():
        return
    message = saver.save(state.chat, workspace_settings(), basis=_basis())
    state.save_error = message


def _basis() -> str:
    datasets = st.session_state.get("datasets") or {}
    d = datasets.get(st.session_state.get("data_year"))
    return d.content_hash[:16] if d is not None else ""


def evaluation() -> Any:
    state = st.session_state
    key = (state.get("data_version"), state.standard_label)
    if state.get("evaluation_key") != key:
        standard = STANDARDS[state.standard_label]
        d = (state.get("datasets") or {}).get(state.get("data_year")) if state.get("ws_id") else None
        if d is not None:  # a stored dataset: evaluated once per process, shared by every session
            content = store().dataset_content(state.ws_id, d.id)
            state.evaluation = _year_evaluation(d.content_hash, d.filename, d.year, standard, content)
        else:
            warnings = tuple(str(w) for w in state.data.warnings)
            state.evaluation = metrics.evaluate(state.data.frame, _standard(standard), warnings=warnings)
        state.evaluation_key = key
    return state.evaluation


@st.cache_resource(show_spinner=False)
def _standard(key: str) -> Any:
    return metrics.load_standard(key)


@st.cache_resource(show_spinner=False, max_entries=256)
def _year_evaluation(digest: str, filename: str, year: int, standard: str, _content: bytes) -> Any:
    result = for_year(_parsed(digest, filename, _content), year)
    warnings = tuple(str(w) for w in result.warnings)
    return metrics.evaluate(result.frame, _standard(standard), warnings=warnings)


def year_comparison() -> Any:
    """The workspace's 统计年度 compared (metrics.trends), or None with fewer than two years."""
    from metrics.trends import compare_years

    state = st.session_state
    datasets = state.get("datasets") or {}
    if len(datasets) < 2 or not state.get("ws_id"):
        return None
    standard = STANDARDS[state.standard_label]
    st_ = store()
    evaluations = {
        year: _year_evaluation(
            d.content_hash, d.filename, year, standard, st_.dataset_content(state.ws_id, d.id)
        )
        for year, d in datasets.items()
        if year <= (state.get("data_year") or year)
    }
    if len(evaluations) < 2:
        return None
    return compare_years(evaluations)


def _remembered_workspace() -> str | None:
    """The workspace to reopen: ?ws=<id> when this user may open it, else their latest one."""
    st_ = store()
    if st_ is None:
        return None
    user = current_user()
    wanted = st.query_params.get("ws")
    if wanted:
        if st_.can_access(wanted, user):
            return wanted
        st.session_state.ws_denied = True
        return None
    latest = st_.workspaces(user)
    return latest[0].id if latest else None


def init_state() -> None:
    state = st.session_state
    state.setdefault("chat", ChatState())
    state.setdefault("standard_label", next(iter(STANDARDS)))
    state.setdefault("start_year", 2026)
    state.setdefault("years", 3)
    state.setdefault("turns", [])  # questions not yet answered, in order (see ask)
    state.setdefault("turn_lock", threading.RLock())  # one turn (and one save) at a time (see answer)
    for key, value in state.pop("sync_widgets", {}).items():
        state[key] = value
    if state.get("pending_open"):  # a workspace imported in the sidebar: open it before the widgets
        state.pop("data_year", None)
        state.chat = ChatState()
        _open_or_fall_back(state.pop("pending_open"))
    if state.get("ws_id"):
        _refresh_role()
    if "data" not in state:
        ws_id = _remembered_workspace()
        if ws_id:
            _open_or_fall_back(ws_id)
        if "data" not in state:
            load_sample(DEFAULT_SAMPLE)


def _open_or_fall_back(ws_id: str) -> None:
    """Open a workspace; one that cannot be read leaves the page on the sample, saying so."""
    state = st.session_state
    try:
        open_workspace(ws_id)
    except Exception:
        log.exception("opening workspace %s failed", ws_id)
        leave_workspace()
        load_sample(DEFAULT_SAMPLE)
        state.ws_broken = True


def check_import(imported: Any) -> None:
    """What the page needs of an imported workspace, beyond what the store checks: questions are
    text, answers replies, versions plans, the settings of the kinds the sidebar shows (ValueError
    with a Chinese phrase)."""
    from pydantic import ValidationError

    from planner import Plan

    for i, (role, content) in enumerate(imported.messages, 1):
        if not (isinstance(content, str) if role == "user" else isinstance(content, Reply)):
            raise ValueError(f"第{i}条对话的格式不对")
    if imported.chat_state is not None and not isinstance(imported.chat_state, ChatState):
        raise ValueError("对话状态的格式不对")
    if not all(isinstance(plan, Plan) for plan in imported.plans):
        raise ValueError("方案版本的格式不对")
    settings = imported.settings
    for key, name in (("start_year", "起始年"), ("years", "年限"), ("year", "统计年度")):
        value = settings.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"设置中的{name}不是整数")
    if settings.get("standard") not in (None, *STANDARDS.values()):
        raise ValueError("设置中的评估标准无法识别")
    if settings.get("level") not in (None, *LEVELS.values()):
        raise ValueError("设置中的方案层级无法识别")
    if not isinstance(settings.get("region") or "", str):
        raise ValueError("设置中的地区名称不是文字")
    try:
        AssessmentForm.from_settings(settings)
    except (ValidationError, TypeError, AttributeError):
        raise ValueError("设置中的自评填报格式不对") from None


def _refresh_role() -> None:
    """Read this user's role again (an owner may have changed it since the workspace was opened); a
    user no longer a member leaves the workspace."""
    from workspaces import WorkspaceError

    state = st.session_state
    st_ = store()
    if st_ is None:
        return
    try:
        state.ws_role = st_.role(state.ws_id, current_user())
    except WorkspaceError:  # no longer a member: nothing of the workspace stays on the page
        leave_workspace()
        load_sample(DEFAULT_SAMPLE)
        state.ws_denied = True


def sign_in() -> bool:
    """With accounts on: a sign-in form until the user is known. True when the page may continue."""
    if not accounts_on() or st.session_state.get("user"):
        return True
    st_ = store()
    st.subheader("请登录")
    if st_ is None:
        st.error("账户数据库不可用，请联系管理员。")
        return False
    from workspaces import SignInRefused

    with st.form("sign-in"):
        username = st.text_input("用户名")
        password = st.text_input("密码", type="password")
        if st.form_submit_button("登录", type="primary"):
            try:
                user = st_.authenticate(username, password)
            except SignInRefused as exc:  # repeated failures: wait, or locked (logged by the store)
                st.error(str(exc))
                return False
            if user is None:
                st.error("用户名或密码不正确。")
            else:
                st.session_state.user = user.username
                st.rerun()
    return False


def sign_out() -> None:
    """Forget everything of this session (the next run shows the sign-in form)."""
    st.session_state.clear()
    st.query_params.clear()


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def listening_refused() -> str | None:
    """Why the page will not serve: with accounts off anyone who can reach the server could open every
    workspace, so it must listen on this machine only unless JUNHENG_ALLOW_REMOTE=1 says otherwise."""
    if accounts_on() or os.environ.get("JUNHENG_ALLOW_REMOTE", "").strip() == "1":
        return None
    address = str(st.get_option("server.address") or "")
    if address in LOOPBACK:
        return None
    shown = address or "所有网络接口"
    return (
        f"本服务正在 {shown} 上监听，但没有开启账户：网络上的任何人都能打开所有工作区，因此页面已停止服务。"
        "多人共用请设置环境变量 JUNHENG_ACCOUNTS=1 开启账户（见 README“账户”一节）；"
        "只在本机使用请以 --server.address 127.0.0.1 启动；"
        "确需不设账户对外开放，请设置 JUNHENG_ALLOW_REMOTE=1。"
    )


def store_unavailable() -> str:
    """What a broken workspace store means for the user and what to do (the log has the cause)."""
    from sqlalchemy.engine import make_url

    from workspaces.db import database_url

    try:
        url = make_url(database_url())
        sqlite = url.get_backend_name() == "sqlite"
        where = url.database if sqlite else url.render_as_string(hide_password=True)
    except Exception:
        where = "DATABASE_URL"
    return (
        f"工作区数据库无法打开（{where}）：文件可能已损坏，或数据库服务没有启动。"
        "为避免丢失修改，页面已暂停使用。请管理员从备份恢复该数据库文件"
        "（或检查 DATABASE_URL 指向的数据库服务），"
        "恢复后刷新页面即可继续；已保存的工作区不受影响。"
    )


def workspace_prompt() -> None:
    """Asked once after the first upload: the workspace's name and level (region read from the data)."""
    state = st.session_state
    if not state.get("ask_workspace") or store() is None:
        return
    state.setdefault("ws_new_name", state.get("region") or "")
    with st.form("new-workspace"):
        st.markdown("**保存为工作区**：数据、设置、对话和方案都会自动保存，下次打开页面即可继续。")
        c1, c2 = st.columns([2, 1])
        c1.text_input("镇/县/区名称", key="ws_new_name", placeholder="例如：清河县")
        c2.selectbox("层级", list(WORKSPACE_LEVELS), format_func=WORKSPACE_LEVELS.get, key="ws_new_level")
        b1, b2 = st.columns(2)
        b1.form_submit_button("保存为工作区", type="primary", on_click=_create_from_form)
        b2.form_submit_button("暂不保存", on_click=lambda: state.update(ask_workspace=False))
    if state.get("ws_form_error"):
        st.error(state.pop("ws_form_error"))


def _create_from_form() -> None:
    """Runs before the widgets are drawn, so the new workspace's settings can fill them."""
    from workspaces import WorkspaceError

    state = st.session_state
    try:
        create_workspace(state.get("ws_new_name", ""), state.get("ws_new_level", "town"))
    except WorkspaceError as exc:
        state.ws_form_error = str(exc)
        return
    state.pop("ws_new_name", None)


# --- sidebar --------------------------------------------------------------------------------------


def _switch_year() -> None:
    open_workspace(st.session_state.ws_id)


def _switch_workspace() -> None:
    chosen = st.session_state.get("ws_choice")
    if chosen and chosen != st.session_state.get("ws_id"):
        st.session_state.pop("data_year", None)
        st.session_state.chat = ChatState()
        _open_or_fall_back(chosen)


def reload_workspace() -> None:
    """After a refused stale save: show the newer saved state (this window's unsaved turn is dropped)."""
    state = st.session_state
    state.save_error = None
    state.chat = ChatState()
    open_workspace(state.ws_id)


def leave_workspace() -> None:
    state = st.session_state
    for key in ("ws_id", "ws_role", "autosave", "datasets", "data_year", "ws_name", "save_error"):
        state.pop(key, None)
    state.chat = ChatState()
    st.query_params.clear()


def workspace_sidebar() -> None:
    """The workspace: its name, years, switching, export and import."""
    state = st.session_state
    st_ = store()
    if st_ is None:
        st.caption("工作区数据库不可用：本次的修改不会保存。")
        return
    st.header("工作区")
    user = current_user()
    visible = st_.workspaces(user)
    if visible:
        names = {w.id: f"{w.name}（{WORKSPACE_LEVELS.get(w.level, w.level)}）" for w in visible}
        ids = list(names)
        current = state.get("ws_id")
        st.selectbox(
            "当前工作区",
            ids,
            index=ids.index(current) if current in ids else None,
            format_func=names.get,
            key="ws_choice",
            on_change=_switch_workspace,
            placeholder="选择工作区",
        )
    if state.get("ws_id"):
        datasets = state.get("datasets") or {}
        if len(datasets) > 1:
            st.selectbox(
                "统计年度",
                list(datasets),
                key="data_year",
                on_change=_switch_year,
                format_func=lambda y: f"{y}年度",
            )
        years = "、".join(f"{y}" for y in datasets) or "无"
        if may_change():
            st.caption(f"已保存的统计年度：{years}。所有修改自动保存。")
        else:
            st.caption(f"已保存的统计年度：{years}。{VIEWER_NOTE}")
        st.download_button(
            "导出工作区（.zip）",
            functools.partial(_export_workspace, state.ws_id, user),  # built when clicked
            file_name="工作区.zip",
            mime="application/zip",
            width="stretch",
        )
        if accounts_on() and may(Permission.MANAGE):
            members_panel(st_, state.ws_id, user)
    else:
        st.caption("当前数据尚未保存为工作区。上传本地数据后即可保存。")
    with st.expander("导入工作区"):
        upload = st.file_uploader(
            "工作区文件（.zip）", type=["zip"], key="ws_import", label_visibility="collapsed"
        )
        if upload is not None and state.get("ws_import_id") != upload.file_id:
            state.ws_import_id = upload.file_id
            from workspaces import WorkspaceError, import_workspace

            try:
                ws = import_workspace(st_, upload.getvalue(), owner=user, check=check_import)
            except WorkspaceError as exc:
                st.error(str(exc))
            else:
                state.pending_open = ws.id
                st.rerun()


def _export_workspace(ws_id: str, user: str | None) -> bytes:
    from workspaces import export_workspace

    return export_workspace(store(), ws_id, user=user)


def members_panel(st_: Any, ws_id: str, user: str | None) -> None:
    """For an owner: who is in the workspace with which role; add a colleague, change a role, remove."""
    with st.expander("成员与权限"):
        members = st_.members(ws_id, user)
        st.dataframe(
            pd.DataFrame([(u, Role(r).label) for u, r in members], columns=["用户", "角色"]),
            hide_index=True,
            width="stretch",
        )
        st.caption("查看者：查看和导出；编辑者：还可上传数据、提问、修改设置和方案；所有者：还可管理成员。")
        with st.form("member-add"):
            c1, c2 = st.columns([3, 2])
            c1.text_input("用户名", key="member_name")
            roles = [r.value for r in Role]
            c2.selectbox("角色", roles, format_func=lambda r: Role(r).label, key="member_role")
            st.form_submit_button("添加或修改角色", on_click=_member_action, args=("add",))
        others = [u for u, _ in members if u != user]
        if others:
            c1, c2 = st.columns([3, 2])
            c1.selectbox("移出成员", others, key="member_remove", label_visibility="collapsed")
            c2.button("移出", on_click=_member_action, args=("remove",), key="member-remove-button")
        if st.session_state.get("member_message"):
            kind, text = st.session_state.pop("member_message")
            (st.success if kind == "ok" else st.error)(text)


def _member_action(action: str) -> None:
    """Add/change or remove a member as the signed-in user (the store checks that they are an owner)."""
    from workspaces import WorkspaceError

    state = st.session_state
    try:
        if action == "add":
            name = str(state.get("member_name", "")).strip()
            role = Role(state.get("member_role", Role.VIEWER.value))
            store().add_member(state.ws_id, name, role, user=current_user())
            state.member_message = ("ok", f"已把 {name} 设为{role.label}。")
        else:
            name = state.get("member_remove")
            store().remove_member(state.ws_id, name, user=current_user())
            state.member_message = ("ok", f"已把 {name} 移出工作区。")
    except WorkspaceError as exc:
        state.member_message = ("error", str(exc))


def sidebar() -> None:
    state = st.session_state
    locked = not may_change()  # a viewer: every widget that would change the workspace is disabled
    with st.sidebar:
        if current_user():
            c1, c2 = st.columns([3, 2], vertical_alignment="center")
            c1.caption(f"已登录：{escape_text(current_user())}")
            c2.button("退出登录", on_click=sign_out, key="sign-out")
        st.header("学校数据")
        upload = st.file_uploader(
            "上传学校数据表（.xlsx / .csv）",
            type=["xlsx", "csv"],
            key="uploader",
            disabled=locked,
            max_upload_size=LIMITS.max_bytes // 1024 // 1024,  # the command line's limit too
        )
        st.number_input(
            "统计年度（文件中没有“统计年度”列时使用）",
            min_value=2000,
            max_value=2100,
            step=1,
            value=DEFAULT_YEAR,
            key="upload_year",
            disabled=locked,
        )
        handle_upload(upload)
        if state.get("upload_error"):
            st.error("上传的文件未能读取，仍使用原来的数据。问题如下：")
            st.code(state.upload_error, language=None, wrap_lines=True)
        st.caption(f"当前数据：{escape_text(state.data_name)}，{len(state.data.frame)}所学校")
        notes = [*metrics.load_notes(state.data), *(str(w) for w in state.data.warnings)]
        if notes:
            with st.expander(f"读取说明（{len(notes)}条）"):
                st.markdown("\n".join(f"- {escape_text(n)}" for n in notes))
        sample = st.selectbox("示例数据", list(SAMPLES), key="sample_label")
        if st.button("使用示例数据", width="stretch"):
            leave_workspace()
            load_sample(sample)
        st.download_button(
            "下载空白模板",
            template_bytes(),
            file_name="学校数据模板.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            width="stretch",
        )
        st.header("评估标准")
        st.radio(
            "评估标准", list(STANDARDS), key="standard_label", label_visibility="collapsed", disabled=locked
        )
        st.header("方案设置")
        st.text_input("地区名称", key="region", placeholder="请填写镇、县或区的名称", disabled=locked)
        st.radio("方案层级", list(LEVELS), key="level_label", horizontal=True, disabled=locked)
        c1, c2 = st.columns(2)
        c1.number_input("起始年", min_value=2020, max_value=2100, step=1, key="start_year", disabled=locked)
        c2.number_input("年限", min_value=1, max_value=6, step=1, key="years", disabled=locked)
        st.caption(LLMSettings().status)  # optional model (issue 11): 测试连接 is the only control
        if LLMSettings().enabled and st.button("测试连接", width="stretch"):
            with st.spinner("正在测试连接……"):
                st.info(check_connection(LLMSettings(), st.secrets).message)  # never shows the key
        workspace_sidebar()


def document_inputs() -> Any:
    """This 统计年度, the one before it in the workspace and the 自评 form: what the chat's documents
    (自评报告, 工作总结 …) draw on."""
    from planner.documents import DocumentInputs, YearData
    from planner.documents.cli import year_of

    state = st.session_state
    year = state.get("data_year") or year_of(state.data.frame, int(state.start_year) - 1)
    current = YearData(year, evaluation(), state.data.frame)
    previous = None
    datasets = state.get("datasets") or {}
    earlier = [y for y in datasets if y < year] if state.get("ws_id") else []
    if earlier:
        d = datasets[max(earlier)]
        content = store().dataset_content(state.ws_id, d.id)
        standard = STANDARDS[state.standard_label]
        frame = for_year(_parsed(d.content_hash, d.filename, content), d.year).frame
        ev = _year_evaluation(d.content_hash, d.filename, d.year, standard, content)
        previous = YearData(d.year, ev, frame)
    form = state.get("assessment_form", AssessmentForm())
    return DocumentInputs(current, previous, None, form, form.inspection_date)


def workspace_search(index: Any) -> Any:
    """The policy search for this page: the shared corpus plus the open workspace's own documents."""
    if index is None:
        return None
    ws_id = st.session_state.get("ws_id")
    return functools.partial(index.search, workspace=ws_id) if ws_id else index.search


def context(index: Any) -> ChatContext:
    state = st.session_state
    return ChatContext(
        evaluation=evaluation(),
        schools=state.data.frame,
        search=workspace_search(index),
        region=state.region,
        level=LEVELS[state.level_label],
        start_year=int(state.start_year),
        years=int(state.years),
        planner=planner_api(),
        year_comparison=year_comparison,
        document_inputs=document_inputs,
    )


# --- drawing replies ------------------------------------------------------------------------------


def show_table(table: Table) -> None:
    frame = pd.DataFrame(table.rows, columns=table.headers)
    if table.title:
        st.caption(escape_text(table.title))
    if table.flags:
        flags = set(table.flags)

        def style(data: pd.DataFrame) -> pd.DataFrame:
            return pd.DataFrame(
                [
                    [FLAG_STYLE if (i, j) in flags else "" for j in range(data.shape[1])]
                    for i in range(data.shape[0])
                ],
                index=data.index,
                columns=data.columns,
            )

        st.dataframe(frame.style.apply(style, axis=None), hide_index=True, width="stretch")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


def cv_chart(data: list[dict], title: str, limit: float | None) -> alt.Chart:
    frame = pd.DataFrame(data)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("指标:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("差异系数:Q", title="差异系数"),
            color=alt.Color(
                "超标:N",
                scale=alt.Scale(domain=[False, True], range=["#4c78a8", "#e45756"]),
                legend=alt.Legend(title="超过上限", orient="bottom", labelExpr="datum.value ? '是' : '否'"),
            ),
            tooltip=["指标", alt.Tooltip("差异系数:Q", format=".3f")],
        )
    )
    layers = [bars]
    if limit is not None:
        rule = (
            alt.Chart(pd.DataFrame({"上限": [limit]}))
            .mark_rule(color="#e45756", strokeDash=[6, 3])
            .encode(x="上限:Q")
        )
        layers.append(rule)
    return alt.layer(*layers).properties(title=title, height=alt.Step(30))


_MD_SPECIAL = re.compile(r"([\\`*_\[\](){}#+\-!|~$>:])")


def _unlink(text: str) -> str:
    """Break what Markdown would turn into a link on its own (URLs, www., e-mail addresses)."""
    return text.replace("://", ":\u200b//").replace("www.", "www\u200b.").replace("@", "\u200b@")


def escape_text(text: object) -> str:
    """Text from an upload (a school, file or workspace name, a document's words) as literal
    Markdown: no HTML, no link, no formatting."""
    return _unlink(_MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)))


def markdown(text: str, demote: bool = False) -> None:
    """Markdown with ``**bold**`` as HTML (CommonMark does not close ``**`` after 。 before a Chinese
    character); ``demote`` turns the plan's ##/### headings into smaller ones.

    The text's own HTML is escaped and links are broken first: replies quote names from uploads."""
    text = (
        _unlink(text.replace("&", "&amp;").replace("<", "&lt;"))
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("$", "\\$")
    )
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    if demote:
        text = re.sub(r"^(#{2,3}) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", text, flags=re.M)
    st.markdown(text, unsafe_allow_html=True)


def show_reply(reply: Reply, index: int, last: bool) -> None:
    markdown(reply.text, demote=True)
    for table in reply.tables:
        show_table(table)
    for chart in reply.charts:
        st.altair_chart(cv_chart(chart.data, chart.title, chart.limit), width="stretch")
    if reply.citations:
        with st.expander(f"引用来源（{len(reply.citations)}条）"):
            for c in reply.citations:
                st.markdown(f"**{escape_text(c.label)}**")
                st.caption(escape_text(c.text))
    if reply.file is not None:
        st.download_button(
            f"下载 {reply.file.name}",
            reply.file.data,
            file_name=reply.file.name,
            mime=reply.file.mime,
            key=f"file-{index}",
        )
    if last and reply.suggestions:
        st.caption("可以接着问：")
        for i, question in enumerate(reply.suggestions):
            st.button(
                escape_text(question),
                key=f"suggest-{index}-{i}",
                on_click=ask,
                args=(question,),
                disabled=not may_change(),
            )


def _take_question() -> None:
    """The chat box's callback: queue what was sent (see chat_view)."""
    question = st.session_state.get("chat_box")
    if question:
        ask(question)


def ask(question: str) -> None:
    """Queue a question behind any not yet answered (see chat_view). Runs as a widget callback: the
    queue is the list init_state made, changed in place, because what a callback *sets* in the
    session is dropped when the run is interrupted before the script starts (a click right after
    sending); the same question twice in a row is one (Streamlit may replay the callback)."""
    turns = st.session_state.get("turns")
    if turns is None:
        turns = st.session_state.turns = []
    if not turns or turns[-1] != question:
        turns.append(question)


# --- views ----------------------------------------------------------------------------------------


def loaded_text(ctx: ChatContext) -> str:
    """What the welcome says is loaded: the workspace and year, the uploaded file, or the sample."""
    state = st.session_state
    count = len(state.data.frame)
    if state.get("ws_id"):
        year = state.get("data_year")
        when = f"（{year}年度）" if year else ""
        return f"已打开工作区“{escape_text(state.ws_name)}”{when}的数据，共{count}所学校。"
    if state.data_name in {p.name for p in SAMPLES.values()}:
        return f"已载入示例数据（{escape_text(ctx.region)}，{count}所学校）。"
    return f"已载入上传的数据（{count}所学校）。"


# --- the optional model: a wait the official can see and cancel (issue 18) --------------------------


@contextmanager
def model_wait(label: str) -> Iterator[Callable[[float], None]]:
    """While the model is waited for: a line with the seconds waited, and a 取消 button whose click
    reruns the page, which stops the wait (the rules answer instead; the model's timeout bounds the
    rest). Both are gone when the wait ends."""
    limit = LLMSettings().timeout_s
    line, cancel = st.empty(), st.empty()
    cancel.button("取消", key="model-cancel", on_click=lambda: st.session_state.update(model_cancelled=True))

    def tick(seconds: float) -> None:
        line.caption(f"{label}已等待{seconds:.0f}秒（最长{limit:g}秒；点“取消”改用系统规则）")

    try:
        yield tick
    finally:
        line.empty()
        cancel.empty()


def chat_turn(question: str, ctx: ChatContext, state: ChatState) -> Reply:
    """The chat's answer through the model when one is configured (cancellable), else by the rules;
    a question whose model turn was cancelled is answered by the rules."""
    model = build_chat_model(LLMSettings(), st.secrets)
    cancelled = st.session_state.pop("model_cancelled", False)
    if model is None or cancelled:
        reply = respond_with_model(question, ctx, state, None).reply
        if model is not None:
            reply.text = "（已取消语言模型的回答，以下为系统按规则给出的回答。）\n\n" + reply.text
        return reply
    with model_wait("正在等待语言模型：") as tick:
        turn = respond_with_model(question, ctx, state, model, tick=tick)
    if turn.refused_text:
        st.session_state.setdefault("refused_model_text", {})[len(state.messages) - 1] = turn.refused_text
    return turn.reply


def answer(question: str, ctx: ChatContext, chat: ChatState, turns: list[str]) -> None:
    """One chat turn, then: no copy for an unchanged revision, hand edits kept on regeneration, and
    settings the chat changed shown in the sidebar.

    The turn is worked out on a copy of ``chat`` and committed at the end together with taking the
    question off ``turns``, in plain Python (no Streamlit call between the two): a run interrupted
    mid-answer (the user clicked something) leaves the conversation as it was and the question
    queued, so the next run answers it first and the saved conversation stays in order. Streamlit
    starts that next run while the interrupted one may still be computing (fast reruns), so the
    caller holds the session's turn lock, and a turn another run has committed meanwhile is not
    committed again."""
    state = _working_copy(chat)
    follow_sidebar(state)
    before = len(state.versions)
    previous = state.plan
    settings_before = state.settings
    reply = chat_turn(question, ctx, state)
    if len(state.versions) > before and state.plan is not None:
        same_kind = getattr(previous, "template", None) == getattr(state.plan, "template", None)
        kept, note = settle_new_version(previous if same_kind else None, state.plan, bool(reply.new_plan))
        if kept is None:
            del state.versions[before:]
            state.plan = previous
        elif kept is not state.plan:
            state.plan = kept
            state.versions[-1] = (state.versions[-1][0], kept)
        if note and state.messages and state.messages[-1][0] == "assistant":
            last = state.messages[-1][1]
            text = note if kept is None else f"{last.text}\n\n{note}"
            state.messages[-1] = ("assistant", replace(last, text=text))
    if not turns or turns[0] != question:  # answered meanwhile by another run of this session
        return
    for f in fields(ChatState):  # the commit: nothing here can be interrupted
        setattr(chat, f.name, getattr(state, f.name))
    turns.pop(0)
    settings = state.settings
    if settings is not None and settings != settings_before:  # the chat changed them: show them
        wanted = {
            "region": settings.region,
            "level_label": {v: k for k, v in LEVELS.items()}.get(settings.level),
            "start_year": settings.start_year,
            "years": settings.years,
        }
        changed = {k: v for k, v in wanted.items() if v is not None and st.session_state.get(k) != v}
        if changed:
            st.session_state.sync_widgets = changed
            autosave_with(changed)
            st.rerun()


def _working_copy(chat: ChatState) -> ChatState:
    """A copy an answer may change freely: its own lists and memory, the same (immutable) plans."""
    return replace(
        chat,
        messages=list(chat.messages),
        versions=copy.copy(chat.versions),
        memory=copy.deepcopy(chat.memory),
        pending=copy.deepcopy(chat.pending),
    )


def follow_sidebar(state: ChatState) -> None:
    """The chat drafts from its own last settings: bring them in line with what the sidebar shows now."""
    settings = state.settings
    if settings is None:
        return
    shown = {
        "region": st.session_state.region,
        "level": LEVELS[st.session_state.level_label],
        "start_year": int(st.session_state.start_year),
        "years": int(st.session_state.years),
    }
    changes = {k: v for k, v in shown.items() if v and getattr(settings, k) != v}
    if changes:
        data = {**settings.model_dump(), **changes}
        if "years" in changes:
            data["year_names"] = None  # default names for the new number of years
        state.settings = type(settings).model_validate(data)


def autosave_with(changed: dict) -> None:
    """Autosave as if the sidebar already showed ``changed`` (the rerun applies it to the widgets)."""
    saver = st.session_state.get("autosave")
    if saver is None or not st.session_state.get("ws_id") or not may_change():
        return
    settings = workspace_settings()
    settings.update({k: v for k, v in changed.items() if k in settings})
    if "level_label" in changed:
        settings["level"] = LEVELS[changed["level_label"]]
    st.session_state.save_error = saver.save(st.session_state.chat, settings, basis=_basis())


def chat_view(ctx: ChatContext) -> None:
    state: ChatState = st.session_state.chat
    history = st.container()
    allowed = may_change()
    hint = "请输入问题，例如：城关二小哪些指标没达标？差多少？" if allowed else "查看者不能提问"
    # "disable": the box greys out from sending until the answer is drawn (one turn at a time); the
    # question is queued by the callback, before the run starts: a run interrupted early keeps it
    st.chat_input(hint, key="chat_box", on_submit=_take_question, disabled=not allowed, submit_mode="disable")
    turns: list[str] = st.session_state.setdefault("turns", [])
    if not turns:  # a 取消 clicked after its answer came: it must not send the next question to the rules
        st.session_state.pop("model_cancelled", None)
    if turns and not allowed:  # a disabled box or button still sent something: refuse it here too
        st.error(VIEWER_NOTE)
        turns.clear()
    if turns:
        with st.spinner("正在回答……"), st.session_state.turn_lock:
            while turns:  # in the order asked; an interrupted turn is still first in line
                question = turns[0]
                try:
                    answer(question, ctx, state, turns)
                except Exception:  # a real failure, not an interruption: drop the question, say so
                    if turns and turns[0] == question:
                        turns.pop(0)
                    raise
    with history:
        if not state.messages:
            with st.chat_message("assistant"):
                st.markdown(f"您好！我是均衡规划助手。{loaded_text(ctx)}可以直接提问，例如：")
                for i, q in enumerate(example_questions(ctx)):
                    st.button(
                        escape_text(q), key=f"example-{i}", on_click=ask, args=(q,), disabled=not allowed
                    )
        last = len(state.messages) - 1
        for i, (role, content) in enumerate(state.messages):
            with st.chat_message(role):
                if role == "user":
                    st.markdown(escape_text(content))
                elif isinstance(content, Reply):
                    show_reply(content, i, i == last)
                    refused = st.session_state.get("refused_model_text", {}).get(i)
                    if refused:
                        with st.expander("查看未采用的模型回答（未通过核对）"):
                            st.text(refused)
                else:  # stored by an older or damaged copy: the rest of the conversation still shows
                    st.caption("（这条回答的格式无法显示）")


def schools_view(ctx: ChatContext) -> None:
    ev = ctx.evaluation
    std = ev.standard
    stages = list(ev.stages)
    if not stages:
        st.info("当前数据中没有纳入评估的学校。")
        return
    stage = st.radio("学段", stages, format_func=lambda s: STAGE_NAMES[s], horizontal=True, key="view_stage")
    schools = [s for s in ev.schools if s.stage == stage]
    grid, cells = chat_data.school_grid(ev, stage)
    st.subheader(escape_text(grid.title))
    show_table(replace(grid, title=""))
    st.caption("红色单元格为未达到标准的指标或未达标的学校。")
    st.download_button(
        "下载Excel（审计工作簿，计算均为公式）",
        data=lambda: workbook_bytes(
            ev, ctx.schools, std, region=ctx.region, data_year=st.session_state.get("data_year")
        ),
        file_name=workbook_filename(std, ctx.region),
        mime=XLSX_MIME,
        key="schools-xlsx",
    )
    left, right = st.columns(2)
    with left:
        heat = (
            alt.Chart(pd.DataFrame(cells))
            .mark_rect(stroke="white")
            .encode(
                x=alt.X("指标:N", sort=None, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=120)),
                y=alt.Y("学校:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
                color=alt.Color(
                    "情况:N",
                    scale=alt.Scale(
                        domain=chat_data.heat_states(ev),
                        range=["#9bd3ae", "#f8c471", "#e45756"],
                    ),
                    legend=alt.Legend(title="达成情况", orient="bottom"),
                ),
                tooltip=["学校", "指标", "值", "情况"],
            )
            .properties(title="达标热力图", height=alt.Step(28), width="container")
        )
        st.altair_chart(heat, width="stretch")
    with right:
        chart = chat_data.cv_chart(ev, stage)
        st.altair_chart(cv_chart(chart.data, chart.title, chart.limit), width="stretch")
    st.subheader("单校档案")
    name = st.selectbox("选择学校", [s.name for s in schools], key="profile_school")
    school = next(s for s in schools if s.name == name)
    show_table(chat_data.school_table(school, ev, std.keys))
    gaps = "；".join(
        f"{std.indicator(k).short}需增加{format_value(g.shortfall, g.unit)}" for k, g in school.gaps.items()
    )
    if gaps:
        verdict = f"差距：{gaps}。"
    elif school.passed is None:  # 基本均衡 without a provincial file: nothing was checked against a standard
        verdict = "本标准未规定逐校达标值，请对照省定办学基本标准核实。"
    else:
        verdict = "各项指标均达到标准。"
    st.markdown(f"在校生{school.students}人。" + verdict)
    trends_view(stage)


def trends_view(stage: str) -> None:
    """With two or more 统计年度: the change on the year before and a trend chart per indicator."""
    comparison = year_comparison()
    if comparison is None or stage not in comparison.stages:
        return
    trend = comparison.stages[stage]
    st.subheader(f"历年变化（{comparison.years[0]}—{comparison.latest}年度）")
    st.markdown("\n".join(f"- {escape_text(line)}" for line in comparison.lines(stage)))
    rows = [
        {"指标": ind.short, "年度": str(year), "均值": mean, "差异系数": cv, "单位": ind.unit}
        for ind in trend.indicators
        for year, mean, cv in zip(ind.years, ind.means, ind.cvs, strict=True)
    ]
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(x=alt.X("年度:O", title=None))
    means = (
        base.mark_line(point=True)
        .encode(
            y=alt.Y("均值:Q", title=None),
            tooltip=["指标", "年度", alt.Tooltip("均值:Q", format=".2f"), "单位"],
        )
        .properties(width=180, height=120)
        .facet(facet=alt.Facet("指标:N", title=None, sort=None), columns=4)
        .resolve_scale(y="independent")
        .properties(title="各项指标历年均值")
    )
    st.altair_chart(means)
    cvs = (
        base.mark_line(point=True)
        .encode(
            y=alt.Y("差异系数:Q", title="差异系数"),
            color=alt.Color("指标:N", sort=None, legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["指标", "年度", alt.Tooltip("差异系数:Q", format=".3f")],
        )
        .properties(title=f"各项指标差异系数历年变化（上限{trend.cv_limit:g}）", height=260)
    )
    rule = alt.Chart(pd.DataFrame({"上限": [trend.cv_limit]})).mark_rule(color="#e45756", strokeDash=[6, 3])
    st.altair_chart(alt.layer(cvs, rule.encode(y="上限:Q")), width="stretch")


def assessment_form_view(standard: str) -> None:
    """The 自评 items not in the statistics (kept in the workspace); empty stays 〔待填报〕 in documents."""
    form = st.session_state.get("assessment_form", AssessmentForm())
    locked = not may_change()
    with (
        st.expander("自评填报：政府保障、教育质量、社会认可度（不填的项目在自评报告中标〔待填报〕）"),
        st.form("form"),
    ):
        target = "quality" if standard == "quality_2017" else "basic"
        values = {}
        for i in form_items(target):
            label = f"{i.name}（要求{i.requirement()}）"
            if i.rule == "yesno":  # 是/否 as a two-way switch; no choice stays 〔待填报〕
                was = {1: "是", 0: "否"}.get(None if form.value(i.key) is None else int(form.value(i.key)))
                pick = st.segmented_control(
                    label, ["是", "否"], default=was, key=f"form-{i.key}", disabled=locked
                )
                values[i.key] = {"是": 1.0, "否": 0.0}.get(pick)
            else:
                values[i.key] = st.number_input(
                    f"{i.name}（{i.unit}，要求{i.requirement()}）", value=form.value(i.key), disabled=locked
                )
        year = st.number_input(
            "基本均衡国家认定年份", value=form.recognition_year, step=1, min_value=1990, disabled=locked
        )
        when = st.date_input(
            "督导评估日期（迎评工作方案由此倒排）", value=form.inspection_date, disabled=locked
        )
        st.caption("主要做法（自评报告、经验交流材料引用原文）：每行一条，写成“小标题：说明”。")
        lines = {
            topic: st.text_area(
                f"{name}方面的做法",
                "\n".join(
                    f"{p.title}：{p.text}" if p.title else p.text for p in form.practices if p.topic == topic
                ),
                disabled=locked,
            )
            for topic, name in TOPICS.items()
        }
        st.caption("工作记录（经验交流材料、工作总结引用；不填的不写）")
        kept = {r.key: r.value for r in form.records}
        records = {
            key: st.number_input(
                f"{name}（{unit}）", value=kept.get(key), min_value=0.0, key=f"record-{key}", disabled=locked
            )
            for key, (name, unit) in RECORD_NAMES.items()
        }
        addressee = st.text_input("主送机关（自评报告）", form.addressee, disabled=locked)
        copy_to = st.text_input("抄送机关（版记，可不填）", form.copy_to, disabled=locked)
        levels = [None, *INSPECTION_LEVELS]
        level = st.selectbox(
            "迎接哪一级评估（迎评工作方案）",
            levels,
            index=levels.index(form.inspection_level),
            format_func=lambda k: INSPECTION_LEVELS.get(k, "未填"),
            disabled=locked,
        )
        st.caption("县情（自评报告“基本情况”；统计数据中没有）")
        p = form.profile
        area = st.number_input("面积（平方公里）", value=p.area_km2, min_value=0.0, disabled=locked)
        people = st.number_input("常住人口（万人）", value=p.population_wan, min_value=0.0, disabled=locked)
        towns = st.number_input("辖乡镇（街道）数", value=p.townships, min_value=1, step=1, disabled=locked)
        overview = st.text_area("区位和经济社会概况（按原文引用）", p.overview, disabled=locked)
        if st.form_submit_button("保存填报", disabled=locked) and may_change():
            practices = [
                Practice.parse(x, t) for t, text in lines.items() for x in text.splitlines() if x.strip()
            ]
            update = {
                "values": values,
                "recognition_year": year,
                "inspection_date": when,
                "practices": practices,
                "records": [Record(key=k, value=v) for k, v in records.items() if v is not None],
                "addressee": addressee.strip(),
                "copy_to": copy_to.strip(),
                "inspection_level": level,
                "profile": CountyProfile(
                    area_km2=area or None,
                    population_wan=people or None,
                    townships=towns,
                    overview=overview.strip(),
                ),
            }
            st.session_state.assessment_form = form.model_copy(update=update)


def plan_view(ctx: ChatContext) -> None:
    state: ChatState = st.session_state.chat
    if ctx.planner is None:
        st.info("方案起草功能暂不可用。")
        return
    allowed = may_change()
    if state.plan is None:
        if not allowed:
            st.info("这个工作区还没有方案。")
            return
        st.info("还没有方案。点击下面的按钮，或在对话中说“生成实施方案”。")
        st.button("生成实施方案", on_click=ask, args=("生成实施方案",), key="plan-draft", type="primary")
        return
    plan = state.plan
    st.subheader(escape_text(plan.title))
    top = st.columns([2, 1, 1])
    labels = version_labels(state.versions)
    chosen = top[0].selectbox(
        "版本记录",
        range(len(labels)),
        index=len(labels) - 1,
        format_func=lambda i: labels[i],
        key=f"version-{len(labels)}",
    )
    if allowed and top[1].button("恢复此版本", disabled=chosen == len(labels) - 1):
        state.set_plan(state.versions[chosen][1], f"恢复{labels[chosen].split('：')[0]}")
        st.rerun()
    if ctx.planner is not None and getattr(ctx.planner, "export_docx", None) is not None:
        top[2].download_button(
            "下载Word（.docx）",
            functools.partial(_docx_data, ctx, plan),  # built when clicked, not on every page run
            file_name=f"{plan.title or '实施方案'}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="plan-docx",
            type="primary",
        )
    for note in st.session_state.pop("polish_notes", []):
        st.info(note)
    refused = st.session_state.pop("polish_refused", [])
    if refused:
        with st.expander("查看未采用的模型改写（未通过核对）"):
            for text in refused:
                st.text(text)
    if chosen != len(labels) - 1:
        compare_versions(labels[chosen], state.versions[chosen][1], plan)
    stale = staleness(plan, ctx.evaluation, workspace_settings())
    if stale.outdated:
        st.warning(stale.message(), icon="⚠️")
    if not plan.complete:
        st.warning("按当前设置，方案期内还不能使所有学校和差异系数达到标准，请查看“实施步骤”中的说明。")
    version = len(labels)
    for i, (title, text) in enumerate(plan_blocks(ctx, plan)):
        markdown(text, demote=True)
        if not title or title.startswith("附件") or not allowed:
            continue
        try:
            group = section_group(plan, title)
        except RevisionError:
            continue
        with st.expander(f"修改“{title}”"):
            current = "\n\n".join(p.text for sec in group for p in sec.paragraphs)
            edited = st.text_area(
                "正文（每段之间空一行；段首的小标题和责任单位保持不变）",
                current,
                key=f"edit-{version}-{i}",
                height=220,
            )
            c1, c2 = st.columns(2)
            if c1.button("保存修改", key=f"save-{version}-{i}") and edited != current:
                texts = [t.strip() for t in edited.split("\n\n") if t.strip()]
                state.set_plan(edit_group(plan, title, texts), f"第{version + 1}版：手工修改{title}")
                st.rerun()
            c2.button("重新生成本部分", key=f"rewrite-{version}-{i}", on_click=ask, args=(f"重写{title}",))
            if LLMSettings().enabled and st.button(
                "模型润色（数字与判定逐一核对）", key=f"polish-{version}-{i}"
            ):
                with model_wait("正在等待语言模型润色：") as tick:
                    new, results = polish_sections(
                        plan,
                        [s.key for s in group],
                        build_chat_model(LLMSettings(), st.secrets),
                        retrieve=partial(ctx.search, k=3) if ctx.search else None,
                        evaluation=ctx.evaluation,
                        tick=tick,
                    )
                st.session_state.polish_notes = list(dict.fromkeys(r.message for r in results if r.message))
                st.session_state.polish_refused = [t for r in results for t in r.refused_texts]
                if new is not plan:
                    state.set_plan(new, f"第{version + 1}版：模型润色{title}（恢复上一版本即为系统文字）")
                st.rerun()


def _docx_data(ctx: ChatContext, plan: Any) -> bytes:
    file = export_file(ctx, plan, "docx")
    return file.data if file is not None else b""


def version_labels(versions: Any) -> list[str]:
    """The versions' labels without reading every stored plan."""
    labels = getattr(versions, "labels", None)
    return list(labels) if labels is not None else [label for label, _ in versions]


def compare_versions(label: str, older: Any, current: Any) -> None:
    """Preview of a chosen version: what it says differently from the current plan, section by section."""
    changes = section_changes(older, current)
    with st.expander(f"对比：{escape_text(label)} 与当前版本（{len(changes)}处不同）", expanded=True):
        if not changes:
            st.caption("两个版本的正文相同。")
        for title, before, after in changes:
            st.markdown(f"**{escape_text(title)}**")
            left, right = st.columns(2)
            left.caption("所选版本")
            left.markdown(escape_text(before) or "（无此部分）")
            right.caption("当前版本")
            right.markdown(escape_text(after) or "（无此部分）")


def library_view(index: Any, error: str | None) -> None:
    if isinstance(index, PendingIndex):  # the last tab: everything above is already drawn and usable
        with st.status("正在加载政策库与检索模型（首次启动约需十几秒），可以先查看数据……") as status:
            try:
                index = _index_future().result()
            except Exception:
                index, error = policy_index()
            status.update(label="政策库已加载", state="complete")
    if index is None:
        st.warning(error or "政策库不可用。")
        return
    query = st.text_input("检索政策", placeholder="例如：小学班额不得超过多少人？", key="library_query")
    if query:
        result = index.search(query, k=5, workspace=st.session_state.get("ws_id"))
        if not result.answerable:
            st.info("政策库中没有找到直接相关的规定。以下是最接近的内容，仅供参考：")
        for p in result.results:
            doc = f"（{p.doc_no}）" if p.doc_no else ""
            st.markdown(f"**{escape_text(f'《{p.title}》{doc} {p.section}')}** · 相关度 {p.score:.2f}")
            st.caption(escape_text(p.text))
    if may_change():
        policy_upload(index)
    docs = index.documents(st.session_state.get("ws_id"))
    st.caption(f"政策库共{len(docs)}份文件")
    if docs:
        frame = pd.DataFrame(docs)
        names = {
            "title": "标题",
            "doc_no": "文号",
            "issuer": "发文机关",
            "date": "日期",
            "level": "层级",
            "kind": "类别",
            "status": "状态",
            "chunks": "段落数",
            "source": "来源",
        }
        frame = frame[[c for c in names if c in frame.columns]].rename(columns=names)
        st.dataframe(frame, hide_index=True, width="stretch")


def policy_upload(index: Any) -> None:
    """Add a policy document to the open workspace's own library (editors and owners); it is indexed
    in the background while the page stays usable."""
    from knowledge.documents import MAX_USER_BYTES

    busy = st.session_state.get("policy_job") is not None
    with st.expander("上传政策文件（.md / .txt / .docx / .pdf）", expanded=busy):
        upload = st.file_uploader(
            "政策文件",
            type=["md", "txt", "docx", "pdf"],
            key="policy_upload",
            label_visibility="collapsed",
            disabled=busy,
            max_upload_size=MAX_USER_BYTES // 1024 // 1024,
        )
        if upload is not None and st.session_state.get("policy_upload_id") != upload.file_id:
            st.session_state.policy_upload_id = upload.file_id
            _add_document(index, upload)
        policy_job_view()
        st.caption("上传的文件只加入当前工作区的政策库，其他工作区看不到；全国政策库不会被修改。")


_UNSAFE_NAME = re.compile(r"[^\w\u3000-\u303f\uff00-\uffef .()\-]")


def safe_filename(name: str) -> str:
    """An uploaded file's name made safe to place in a fresh temporary directory: the last part only,
    no separators, control or shell characters, no leading dot, at most 80 characters."""
    base = re.split(r"[\\/]", str(name))[-1]
    suffix = Path(base).suffix.lower()
    stem = _UNSAFE_NAME.sub("_", Path(base).stem).strip(" ._")[:80] or "文件"
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return stem + suffix


def _add_document(index: Any, upload: Any) -> None:
    from workspaces import WorkspaceError

    ws_id = st.session_state.get("ws_id")
    if not ws_id:
        st.warning("请先把数据保存为工作区，再上传本地政策文件（文件只加入该工作区的政策库）。")
        return
    try:
        store().require(ws_id, current_user(), Permission.CHANGE)
    except WorkspaceError as exc:
        st.error(str(exc))
        return
    tmp = tempfile.mkdtemp(prefix="policy-")
    path = Path(tmp) / safe_filename(upload.name)
    path.write_bytes(upload.getvalue())
    progress = [0, 0]

    def job() -> dict:  # off the page's thread: reading (in a bounded worker) and embedding take time
        try:
            return index.add_file(
                path, workspace=ws_id, progress=lambda d, t: progress.__setitem__(slice(None), [d, t])
            )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    future = _indexing_pool().submit(job)
    st.session_state.policy_job = {"name": upload.name, "future": future, "progress": progress}


@st.cache_resource(show_spinner=False)
def _indexing_pool() -> Any:
    """One document is read and embedded at a time per process (embedding uses every core)."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(1, thread_name_prefix="policy-documents")


def policy_job_view() -> None:
    """The document being added (a progress bar, redrawn every second) or how the last one ended."""
    if st.session_state.get("policy_job") is not None:
        st.fragment(_policy_job_progress, run_every=1.0)()
    elif st.session_state.get("policy_done"):
        kind, text = st.session_state.pop("policy_done")
        (st.success if kind == "ok" else st.error)(text)


def _policy_job_progress() -> None:
    job = st.session_state.get("policy_job")
    if job is None:
        return
    name = escape_text(job["name"])
    if not job["future"].done():
        done, total = job["progress"]
        if total:
            st.progress(done / total, text=f"正在把“{name}”加入政策库：已处理{done}/{total}段……")
        else:
            st.progress(0.0, text=f"正在读取“{name}”……")
        return
    st.session_state.policy_job = None
    try:
        meta = job["future"].result()
    except Exception as exc:
        log.exception("adding %s failed", job["name"])
        known = exc.__class__.__module__.startswith("knowledge")
        text = escape_text(exc) if known else f"文件“{name}”未能加入政策库。"
        st.session_state.policy_done = ("error", text)
    else:
        st.session_state.policy_done = ("ok", f"已将“{name}”加入政策库（{meta['chunks']}段）。")
    st.rerun()  # the whole page: the library lists the new document


# --- page -----------------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="均衡规划助手", page_icon="📘", layout="wide")
    st.title("均衡规划助手")
    refused = listening_refused()
    if refused:
        st.error(refused)
        return
    if store() is None:
        st.error(store_unavailable())
        return
    if not sign_in():
        return
    init_state()
    sidebar()
    index, index_error = policy_index()
    with st.container():  # one block whatever it holds, so the tabs after it keep their places
        if isinstance(index, PendingIndex):
            st.caption("⏳ 正在后台加载政策库与检索模型（首次启动约需十几秒），可以先查看数据和提问。")
        if st.session_state.pop("ws_denied", False):
            st.error("没有找到这个工作区，或您不是它的成员。")
        if st.session_state.pop("ws_broken", False):
            st.error(
                "这个工作区未能打开（其中的内容可能已损坏），现在显示的是示例数据。"
                "请在侧栏“导入工作区”导入一份完好的导出文件，或请管理员检查工作区数据库。"
            )
        workspace_prompt()
        save_slot = st.empty()  # filled after this run's autosave when a save is refused
    ctx = context(index)
    tabs = st.tabs(["对话", "学校达标", "方案", "政策库"])
    try:
        with tabs[0]:
            chat_view(ctx)
        with tabs[1]:
            schools_view(ctx)
        with tabs[2]:
            plan_view(ctx)
            assessment_form_view(STANDARDS[st.session_state.standard_label])
        with tabs[3]:
            library_view(index, index_error)
    finally:  # also when a button reruns the page: every change is saved when it is made
        with st.session_state.turn_lock:  # not while another run of this session commits a turn
            autosave()
        if st.session_state.get("save_error"):
            with save_slot.container():
                st.error(st.session_state.save_error)
                st.button("载入最新内容", on_click=reload_workspace, key="reload-workspace")


try:
    main()
except Exception as exc:  # the boundary: no stack trace reaches the page
    log.exception("page failed")
    from sqlalchemy.exc import SQLAlchemyError

    st.error(store_unavailable() if isinstance(exc, SQLAlchemyError) else ERROR_TEXT)
