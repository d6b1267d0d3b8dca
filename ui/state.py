"""The page state in one module: what st.session_state holds, and every change to it — the loaded
data, the open workspace (created by the first upload, saved after every change), the settings,
the role of the signed-in user, and the notices shown on the next run.

The region, level and 统计年度 are decided by planner.scope and planner.years; this module only
keeps their answers where every view reads them."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import streamlit as st

import metrics
from planner.chat import ChatContext, ChatState
from planner.documents.forms import FORM_SETTING, AssessmentForm
from planner.documents.slots import slot_of
from planner.scope import name_problem, scope_of
from planner.years import chosen_year, compared_years, upload_years, year_rows
from planner.years import document_inputs as year_document_inputs
from ui import resources
from workspaces.roles import Permission, allows

log = logging.getLogger("junheng.app")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {
    "城关镇（镇级示例）": ROOT / "data" / "samples" / "城关镇.xlsx",
    "示例区（区级示例）": ROOT / "data" / "samples" / "示例区.xlsx",
}
DEFAULT_SAMPLE = "城关镇（镇级示例）"
STANDARDS = {"优质均衡（教督〔2017〕6号）": "quality_2017", "基本均衡（教督〔2012〕3号）": "basic_2012"}
LEVELS = {"镇（乡）级方案": "town", "县级方案": "county", "区级方案": "district", "县级市方案": "city"}
DEFAULT_YEAR = 2024
VIEWER_NOTE = "您在这个工作区是“查看者”：可以查看和导出，不能上传数据、提问或修改设置和方案。"


# --- who is here ----------------------------------------------------------------------------------


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


# --- notices for the next run ---------------------------------------------------------------------


def toast(text: str) -> None:
    """A short confirmation shown at the top right on the next run (after a callback or a rerun)."""
    st.session_state.setdefault("toasts", []).append(text)


def show_toasts() -> None:
    for text in st.session_state.pop("toasts", []):
        st.toast(text)


# --- data -----------------------------------------------------------------------------------------


def set_data(result: Any, name: str, region: str | None = None) -> None:
    """Show ``result``; its region and level as planner.scope reads them (named ``region`` if given)."""
    state = st.session_state
    state.data = result
    state.data_name = name
    state.data_version = state.get("data_version", 0) + 1
    scope = scope_of(result.frame, region or "")
    state.region = scope.region
    state.level_label = level_label(scope.level)


def level_label(level: str) -> str:
    """The plan-level choice for a level (town, county, district, city)."""
    return next((label for label, value in LEVELS.items() if value == level), "县级方案")


def level() -> str:
    return LEVELS[st.session_state.level_label]


def load_sample(label: str) -> None:
    path = SAMPLES[label]
    shipped = metrics.load_schools(path, isolated=False)  # a file the product ships: no worker needed
    set_data(shipped, path.name, region=label.split("（")[0])
    st.session_state.upload_error = None


def is_sample() -> bool:
    return not st.session_state.get("ws_id") and st.session_state.data_name in {
        p.name for p in SAMPLES.values()
    }


def handle_upload() -> None:
    """The uploader's callback: a bad file is reported in the main area and changes nothing; a good one
    is stored at once — in the open workspace under its 统计年度, or as a new workspace named from the
    data (several 乡镇: the county's name is asked next, the data is already kept)."""
    state = st.session_state
    upload = state.get("uploader")
    if upload is None or state.get("upload_id") == upload.file_id:
        return
    state.upload_id = upload.file_id
    if state.get("ws_id"):
        refresh_role()
    if not may_change():
        state.upload_error = VIEWER_NOTE
        return
    content = upload.getvalue()
    try:
        result = metrics.load_schools(content, filename=upload.name)
    except metrics.DataError as exc:
        state.upload_error = exc.report()
        state.upload_error_file = upload.name
        return
    state.upload_error = None
    years = upload_years(result.frame, int(state.get("upload_year") or DEFAULT_YEAR))
    if resources.store() is None:  # no database: the data is shown, not kept (the sidebar says so)
        set_data(year_rows(result, years[-1]), upload.name)
        state.data_year = years[-1]
        return
    if not state.get("ws_id"):
        _new_workspace(result)
    _store_upload(upload.name, content, result, years)
    state.data_year = years[-1]
    open_workspace(state.ws_id)
    toast(f"已读取“{upload.name}”并自动保存到工作区“{state.ws_name}”。")


def _new_workspace(result: Any) -> None:
    """A workspace for a first upload, named from its data (see planner.scope)."""
    state = st.session_state
    scope = scope_of(result.frame)
    if scope.region:
        name = scope.region
    elif scope.towns:
        name = f"{scope.towns[0]}等{len(scope.towns)}个乡镇"
    else:  # no 所属乡镇 in the file: the name is asked (never taken from the file's name)
        name = "未命名工作区"
    ws = resources.store().create_workspace(name, scope.level, owner=current_user())
    state.ws_id = ws.id
    state.ws_role = None
    state.ask_region = scope.needs_name
    state.chat = ChatState()
    st.query_params["ws"] = ws.id


def _store_upload(name: str, content: bytes, result: Any, years: list[int]) -> None:
    st_ = resources.store()
    for year in years:
        schools = len(year_rows(result, year).frame)
        st_.add_dataset(st.session_state.ws_id, year, name, content, schools, user=current_user())


def name_region() -> None:
    """The callback of the name asked after an upload of several 乡镇: the county's name, whose last
    character gives the level; the workspace takes the name."""
    state = st.session_state
    name = str(state.get("region_answer", "")).strip()
    problem = name_problem(name, scope_of(state.data.frame).towns)
    if problem:
        state.region_problem = problem
        return
    rename(name)
    state.ask_region = False
    state.pop("region_problem", None)


def rename(name: str) -> None:
    """The open workspace's region renamed (the level follows the name's last character)."""
    from workspaces import WorkspaceError

    state = st.session_state
    scope = scope_of(state.data.frame, name)
    state.region = scope.region
    state.level_label = level_label(scope.level)
    unchanged = scope.region == state.get("ws_name") and scope.level == state.get("ws_level")
    if state.get("ws_id") and may_change() and not unchanged:
        try:
            ws = resources.store().update_workspace(
                state.ws_id, name=scope.region, level=scope.level, user=current_user()
            )
        except WorkspaceError as exc:
            state.upload_error = str(exc)
            return
        if str(state.get("data_name", "")).startswith(f"{state.ws_name} "):
            state.data_name = ws.name + state.data_name[len(state.ws_name) :]
        state.ws_name, state.ws_level = ws.name, ws.level
        toast(f"工作区已改名为“{ws.name}”（{scope.label}）。")


def region_changed() -> None:
    """The sidebar's 地区名称 edited: the workspace follows (its level from the name)."""
    name = str(st.session_state.get("region", "")).strip()
    if name and st.session_state.get("ws_id"):
        rename(name)


def level_changed() -> None:
    """The sidebar's 方案层级 chosen: the workspace's level follows."""
    from workspaces import WorkspaceError

    state = st.session_state
    if state.get("ws_id") and may_change():
        try:
            resources.store().update_workspace(state.ws_id, level=level(), user=current_user())
        except WorkspaceError as exc:
            state.upload_error = str(exc)
            return
        state.ws_level = level()


# --- workspaces -----------------------------------------------------------------------------------


def workspace_settings() -> dict:
    """The page's settings as stored with the workspace."""
    state = st.session_state
    return {
        "standard": STANDARDS[state.standard_label],
        "region": state.region,
        "level": level(),
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
    label = {v: k for k, v in LEVELS.items()}.get(settings.get("level"))
    if label:
        state.level_label = label
    for key in ("start_year", "years"):
        if isinstance(settings.get(key), int):
            state[key] = settings[key]
    state.assessment_form = AssessmentForm.from_settings(settings)


def check_import(imported: Any) -> None:
    """What the page needs of an imported workspace, beyond what the store checks: questions are
    text, answers replies, versions documents, the settings of the kinds the sidebar shows
    (ValueError with a Chinese phrase; workspaces.import_workspace then refuses the file)."""
    from pydantic import ValidationError

    from planner import Plan
    from planner.chat import Reply

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


def open_workspace(ws_id: str) -> None:
    """Show the workspace as it was last saved (data of the chosen year, settings, chat, documents)."""
    from workspaces.session import Autosave

    state = st.session_state
    st_ = resources.store()
    user = current_user()
    ws = st_.workspace(ws_id, user)
    saver = Autosave(st_, ws.id, user, slot_of=slot_of)
    restored = saver.restore()
    datasets = st_.current_datasets(ws.id, user)
    state.ws_id = ws.id
    state.ws_role = st_.role(ws.id, user)
    state.ws_name = ws.name
    state.ws_level = ws.level
    state.autosave = saver
    state.datasets = datasets
    year = chosen_year(datasets, state.get("data_year") or restored.settings.get("year"))
    if year is not None:
        state.data_year = year
        d = datasets[year]
        result = resources.parsed(d.content_hash, d.filename, st_.dataset_content(ws.id, d.id))
        set_data(year_rows(result, year), f"{ws.name} {year}年度（{d.filename}）", region=ws.name)
    state.level_label = level_label(ws.level)
    _apply_settings(restored.settings)
    state.region, state.level_label = ws.name, level_label(ws.level)  # the workspace names its scope
    chat = restored.chat_rest if isinstance(restored.chat_rest, ChatState) else ChatState()
    chat.messages = restored.messages
    chat.versions = restored.versions
    chat.plan = restored.versions[-1][1] if restored.versions else None
    state.chat = chat
    state.pop("evaluation_key", None)
    st.query_params["ws"] = ws.id


def autosave() -> None:
    """Save what changed in this run; a refused save is shown (the newer content is kept). A viewer's
    session saves nothing (the store would refuse it anyway). Not while another run of this session
    commits a turn (the session's turn lock, see chat_view)."""
    state = st.session_state
    saver = state.get("autosave")
    if saver is None or not state.get("ws_id") or not may_change():
        return
    with state.turn_lock:
        state.save_error = saver.save(state.chat, workspace_settings(), basis=basis())


def autosave_with(changed: dict) -> None:
    """Autosave as if the sidebar already showed ``changed`` (the rerun applies it to the widgets)."""
    state = st.session_state
    saver = state.get("autosave")
    if saver is None or not state.get("ws_id") or not may_change():
        return
    settings = workspace_settings()
    settings.update({k: v for k, v in changed.items() if k in settings})
    if "level_label" in changed:
        settings["level"] = LEVELS[changed["level_label"]]
    with state.turn_lock:
        state.save_error = saver.save(state.chat, settings, basis=basis())


def basis() -> str:
    datasets = st.session_state.get("datasets") or {}
    d = datasets.get(st.session_state.get("data_year"))
    return d.content_hash[:16] if d is not None else ""


def remembered_workspace() -> str | None:
    """The workspace to reopen: ?ws=<id> when this user may open it, else their latest one."""
    st_ = resources.store()
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
    state.setdefault("turn_lock", threading.RLock())  # one turn (and one save) at a time (see chat_view)
    for key, value in state.pop("sync_widgets", {}).items():
        state[key] = value
    if state.get("pending_open"):  # a workspace imported in the sidebar: open it before the widgets
        state.pop("data_year", None)
        state.chat = ChatState()
        open_or_fall_back(state.pop("pending_open"))
    if state.get("ws_id"):
        refresh_role()
    if "data" not in state:
        ws_id = remembered_workspace()
        if ws_id:
            open_or_fall_back(ws_id)
        if "data" not in state:
            load_sample(DEFAULT_SAMPLE)


def open_or_fall_back(ws_id: str) -> None:
    """Open a workspace; one that cannot be read leaves the page on the sample, saying so."""
    try:
        open_workspace(ws_id)
    except Exception:
        log.exception("opening workspace %s failed", ws_id)
        leave_workspace()
        load_sample(DEFAULT_SAMPLE)
        st.session_state.ws_broken = True


def refresh_role() -> None:
    """Read this user's role again (an owner may have changed it since the workspace was opened); a
    user no longer a member leaves the workspace."""
    from workspaces import WorkspaceError

    state = st.session_state
    st_ = resources.store()
    if st_ is None:
        return
    try:
        state.ws_role = st_.role(state.ws_id, current_user())
    except WorkspaceError:  # no longer a member: nothing of the workspace stays on the page
        leave_workspace()
        load_sample(DEFAULT_SAMPLE)
        state.ws_denied = True


def switch_year() -> None:
    open_workspace(st.session_state.ws_id)


def switch_workspace() -> None:
    """The sidebar's 当前工作区 chosen. A value that names no workspace of this user (a selectbox whose
    labels changed under it, after a rename) is ignored."""
    chosen = st.session_state.get("ws_choice")
    if not chosen or chosen == st.session_state.get("ws_id"):
        return
    if chosen not in {w.id for w in resources.store().workspaces(current_user())}:
        return
    st.session_state.pop("data_year", None)
    st.session_state.ask_region = False
    open_or_fall_back(chosen)


def reload_workspace() -> None:
    """After a refused stale save: show the newer saved state (this window's unsaved turn is dropped)."""
    state = st.session_state
    state.save_error = None
    open_workspace(state.ws_id)


def leave_workspace() -> None:
    state = st.session_state
    for key in (
        "ws_id",
        "ws_role",
        "autosave",
        "datasets",
        "data_year",
        "ws_name",
        "save_error",
        "ask_region",
    ):
        state.pop(key, None)
    state.chat = ChatState()
    st.query_params.clear()


def use_sample() -> None:
    """The sidebar's 使用示例数据: leave the workspace (it stays saved) and show the chosen sample."""
    leave_workspace()
    load_sample(st.session_state.get("sample_label", DEFAULT_SAMPLE))


# --- what the views read --------------------------------------------------------------------------


def evaluation() -> Any:
    state = st.session_state
    key = (state.get("data_version"), state.standard_label)
    if state.get("evaluation_key") != key:
        standard = STANDARDS[state.standard_label]
        d = (state.get("datasets") or {}).get(state.get("data_year")) if state.get("ws_id") else None
        if d is not None:  # a stored dataset: evaluated once per process, shared by every session
            content = resources.store().dataset_content(state.ws_id, d.id)
            state.evaluation = resources.year_evaluation(
                d.content_hash, d.filename, d.year, standard, content
            )
        else:
            warnings = tuple(str(w) for w in state.data.warnings)
            state.evaluation = metrics.evaluate(
                state.data.frame, resources.standard(standard), warnings=warnings
            )
        state.evaluation_key = key
    return state.evaluation


def _stored_year(year: int) -> tuple[Any, Any]:
    """(evaluation, rows) of a stored 统计年度 of the open workspace."""
    state = st.session_state
    d = state.datasets[year]
    content = resources.store().dataset_content(state.ws_id, d.id)
    standard = STANDARDS[state.standard_label]
    frame = year_rows(resources.parsed(d.content_hash, d.filename, content), d.year).frame
    return resources.year_evaluation(d.content_hash, d.filename, d.year, standard, content), frame


def year_comparison() -> Any:
    """The workspace's 统计年度 compared (metrics.trends), or None with fewer than two years."""
    from metrics.trends import compare_years

    state = st.session_state
    datasets = (state.get("datasets") or {}) if state.get("ws_id") else {}
    years = compared_years(datasets, state.get("data_year"))
    if not years:
        return None
    return compare_years({year: _stored_year(year)[0] for year in years})


def document_inputs() -> Any:
    """This 统计年度, the one before it in the workspace and the 自评 form: what the chat's documents
    (自评报告, 工作总结 …) draw on."""
    from planner.documents import YearData
    from planner.documents.cli import year_of

    state = st.session_state
    year = state.get("data_year") or year_of(state.data.frame, int(state.start_year) - 1)
    current = YearData(year, evaluation(), state.data.frame)
    datasets = (state.get("datasets") or {}) if state.get("ws_id") else {}

    def stored(y: int) -> YearData:
        ev, frame = _stored_year(y)
        return YearData(y, ev, frame)

    inputs = year_document_inputs(current, datasets, stored, state.get("assessment_form", AssessmentForm()))
    return replace(inputs, today=date.today())  # no date a document advises precedes the day it is drafted


def workspace_search(index: Any) -> Any:
    """The policy search for this page: the shared corpus plus the open workspace's own documents."""
    import functools

    if index is None:
        return None
    ws_id = st.session_state.get("ws_id")
    return functools.partial(index.search, workspace=ws_id) if ws_id else index.search


def context(index: Any, drafting: bool = True) -> ChatContext:
    """What the views and the chat read; ``drafting=False`` leaves out the drafting API (its modules
    take a second to import), for the first screen, which only shows the data."""
    state = st.session_state
    return ChatContext(
        evaluation=evaluation(),
        schools=state.data.frame,
        search=workspace_search(index),
        region=state.region,
        level=level(),
        start_year=int(state.start_year),
        years=int(state.years),
        planner=resources.planner_api() if drafting else None,
        year_comparison=year_comparison,
        document_inputs=document_inputs,
    )


def ask(question: str) -> None:
    """Queue a question behind any not yet answered (the chat view answers them in order). Runs as a
    widget callback (the chat box, an example, a suggestion, 生成…): the queue is the list init_state
    made, changed in place, because what a callback *sets* in the session is dropped when the run is
    interrupted before the script starts (a click right after sending); the same question twice in a
    row is one (Streamlit may replay the callback)."""
    turns = st.session_state.get("turns")
    if turns is None:
        turns = st.session_state.turns = []
    if not turns or turns[-1] != question:
        turns.append(question)


def take_question() -> None:
    """The chat box's callback: queue what was sent."""
    question = st.session_state.get("chat_box")
    if question:
        ask(question)


def turns() -> list[str]:
    """The questions not yet answered, first asked first (the list :func:`ask` appends to)."""
    return st.session_state.setdefault("turns", [])


def focus_latest_document() -> None:
    """The 方案 tab opens the document of the latest version (just drafted, edited or restored)."""
    st.session_state.doc_focus = len(st.session_state.chat.versions) - 1


def take_document_focus() -> int | None:
    """The version the 方案 tab should open once, if one was asked for."""
    return st.session_state.pop("doc_focus", None)


def show_in_sidebar(changed: dict) -> None:
    """Settings the chat changed: the widgets show them from the next run (and they are saved now)."""
    st.session_state.sync_widgets = changed
    autosave_with(changed)


def save_form(form: AssessmentForm) -> None:
    """The 自评填报 form as entered (saved with the workspace's settings at the end of the run)."""
    st.session_state.assessment_form = form


def dismiss_upload_error() -> None:
    st.session_state.pop("upload_error", None)
