"""The sidebar: the school data (upload, year, sample, template), the standard, the plan settings,
and the workspace (switch, years, export, import, members)."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import streamlit as st

import metrics
from metrics.limits import LIMITS
from planner.scope import level_name
from ui import resources, state
from ui.access import sign_out
from ui.render import escape_text
from workspaces.roles import Permission, Role


def sidebar() -> None:
    s = st.session_state
    locked = not state.may_change()  # a viewer: every widget that would change the workspace is disabled
    with st.sidebar:
        if state.current_user():
            c1, c2 = st.columns([3, 2], vertical_alignment="center")
            c1.caption(f"已登录：{escape_text(state.current_user())}")
            c2.button("退出登录", on_click=sign_out, key="sign-out")
        st.header("学校数据")
        st.file_uploader(
            "上传学校数据表（.xlsx / .csv）",
            type=["xlsx", "csv"],
            key="uploader",
            on_change=state.handle_upload,
            disabled=locked,
            max_upload_size=LIMITS.max_bytes // 1024 // 1024,  # the command line's limit too
        )
        state.handle_upload()  # also when the value arrives without its callback (a crafted client)
        st.number_input(
            "统计年度（文件中没有“统计年度”列时使用）",
            min_value=2000,
            max_value=2100,
            step=1,
            value=state.DEFAULT_YEAR,
            key="upload_year",
            disabled=locked,
        )
        st.caption(f"当前数据：{escape_text(s.data_name)}，{len(s.data.frame)}所学校")
        notes = [*metrics.load_notes(s.data), *(str(w) for w in s.data.warnings)]
        if notes:
            with st.expander(f"读取说明（{len(notes)}条）"):
                st.markdown("\n".join(f"- {escape_text(n)}" for n in notes))
        st.selectbox("示例数据", list(state.SAMPLES), key="sample_label")
        st.button("使用示例数据", width="stretch", on_click=state.use_sample)
        st.download_button(
            "下载空白模板",
            resources.template_bytes(),
            file_name="学校数据模板.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            width="stretch",
        )
        st.header("评估标准")
        st.radio(
            "评估标准",
            list(state.STANDARDS),
            key="standard_label",
            label_visibility="collapsed",
            disabled=locked,
        )
        st.header("方案设置")
        st.text_input(
            "地区名称",
            key="region",
            placeholder="请填写镇、县或区的名称",
            disabled=locked,
            on_change=state.region_changed,
        )
        st.radio(
            "方案层级",
            list(state.LEVELS),
            key="level_label",
            horizontal=True,
            disabled=locked,
            on_change=state.level_changed,
        )
        c1, c2 = st.columns(2)
        c1.number_input("起始年", min_value=2020, max_value=2100, step=1, key="start_year", disabled=locked)
        c2.number_input("年限", min_value=1, max_value=6, step=1, key="years", disabled=locked)
        workspace_sidebar()


def model_panel() -> None:
    """The optional language model's status (issue 11): 测试连接 is the only control. Drawn after the
    first screen, so that loading the model client never delays it."""
    from planner.llm import LLMSettings, check_connection

    with st.sidebar:
        st.header("语言模型")
        st.caption(LLMSettings().status)
        if LLMSettings().enabled and st.button("测试连接", width="stretch"):
            with st.spinner("正在测试连接……"):
                st.info(check_connection(LLMSettings(), st.secrets).message)  # never shows the key


def workspace_sidebar() -> None:
    """The workspace: its name, years, switching, export and import."""
    s = st.session_state
    st_ = resources.store()
    if st_ is None:
        st.caption("工作区数据库不可用：本次的修改不会保存。")
        return
    st.header("工作区")
    user = state.current_user()
    visible = st_.workspaces(user)
    if visible:
        names = {w.id: f"{w.name}（{level_name(w.level)}）" for w in visible}
        ids = list(names)
        current = s.get("ws_id")
        st.selectbox(
            "当前工作区",
            ids,
            index=ids.index(current) if current in ids else None,
            format_func=names.get,
            key="ws_choice",
            on_change=state.switch_workspace,
            placeholder="选择工作区",
        )
    if s.get("ws_id"):
        datasets = s.get("datasets") or {}
        if len(datasets) > 1:
            st.selectbox(
                "统计年度",
                list(datasets),
                key="data_year",
                on_change=state.switch_year,
                format_func=lambda y: f"{y}年度",
            )
        years = "、".join(f"{y}" for y in datasets) or "无"
        if state.may_change():
            st.caption(f"已保存的统计年度：{years}。所有修改自动保存，无需点击保存。")
        else:
            st.caption(f"已保存的统计年度：{years}。{state.VIEWER_NOTE}")
        st.download_button(
            "导出工作区（.zip）",
            functools.partial(_export_workspace, s.ws_id, user),  # built when clicked
            file_name="工作区.zip",
            mime="application/zip",
            width="stretch",
        )
        if state.accounts_on() and state.may(Permission.MANAGE):
            members_panel(st_, s.ws_id, user)
    else:
        st.caption("正在查看示例数据（不保存）。上传本地数据后自动建立工作区，所有修改自动保存。")
    with st.expander("导入工作区"):
        upload = st.file_uploader(
            "工作区文件（.zip）", type=["zip"], key="ws_import", label_visibility="collapsed"
        )
        if upload is not None and s.get("ws_import_id") != upload.file_id:
            s.ws_import_id = upload.file_id
            from workspaces import WorkspaceError, import_workspace

            try:
                ws = import_workspace(st_, upload.getvalue(), owner=user, check=state.check_import)
            except WorkspaceError as exc:
                st.error(str(exc))
            else:
                s.pending_open = ws.id
                state.toast(f"已导入工作区“{ws.name}”。")
                st.rerun()


def _export_workspace(ws_id: str, user: str | None) -> bytes:
    from workspaces import export_workspace

    return export_workspace(resources.store(), ws_id, user=user)


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

    s = st.session_state
    try:
        if action == "add":
            name = str(s.get("member_name", "")).strip()
            role = Role(s.get("member_role", Role.VIEWER.value))
            resources.store().add_member(s.ws_id, name, role, user=state.current_user())
            s.member_message = ("ok", f"已把 {name} 设为{role.label}。")
        else:
            name = s.get("member_remove")
            resources.store().remove_member(s.ws_id, name, user=state.current_user())
            s.member_message = ("ok", f"已把 {name} 移出工作区。")
    except WorkspaceError as exc:
        s.member_message = ("error", str(exc))
