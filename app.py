"""均衡规划助手 — the Streamlit page. Wiring only: the views live in ui/ (one module each), the page
state in ui/state.py, and every decision about the data in metrics, planner and workspaces."""

from __future__ import annotations

import logging

import streamlit as st

from ui import state
from ui.access import listening_refused, sign_in, store_unavailable
from ui.notices import loading_notice, notices
from ui.render import page_style
from ui.resources import policy_index, store
from ui.results_view import results_view
from ui.sidebar import model_panel, sidebar

log = logging.getLogger("junheng.app")
ERROR_TEXT = "页面出现了意外错误，已记录。请刷新页面重试；已保存的数据不会丢失。"
TABS = ["达标概况", "对话", "方案", "政策库", "使用说明"]


def main() -> None:
    st.set_page_config(page_title="均衡规划助手", page_icon="📘", layout="wide")
    page_style()
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
    state.init_state()
    state.show_toasts()
    sidebar()
    index, index_error = policy_index()
    with st.container():  # one block whatever it holds, so the tabs after it keep their places
        loading_notice()
        notices()
        save_slot = st.empty()  # filled after this run's autosave when a save is refused
    tabs = st.tabs(TABS)
    try:
        with tabs[0]:  # the first screen: drawn before the drafting, chat and document modules load
            results_view(state.context(index, drafting=False))
        ctx = state.context(index)
        from ui.chat_view import chat_view
        from ui.documents_view import assessment_form_view, documents_view
        from ui.guide import guide_view
        from ui.library_view import library_view

        with tabs[1]:
            chat_view(ctx)
        with tabs[2]:
            documents_view(ctx)
            assessment_form_view(state.STANDARDS[st.session_state.standard_label])
        with tabs[4]:
            guide_view()
        model_panel()
        with tabs[3]:  # last: opening the policy library may take seconds on a cold start
            library_view(index, index_error)
    finally:  # also when a button reruns the page: every change is saved when it is made
        state.autosave()  # under the session's turn lock: not while another run commits a turn
        if st.session_state.get("save_error"):
            with save_slot.container():
                st.error(st.session_state.save_error)
                st.button("载入最新内容", on_click=state.reload_workspace, key="reload-workspace")


try:
    main()
except Exception as exc:  # the boundary: no stack trace reaches the page
    log.exception("page failed")
    from sqlalchemy.exc import SQLAlchemyError

    st.error(store_unavailable() if isinstance(exc, SQLAlchemyError) else ERROR_TEXT)
