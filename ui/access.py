"""Who may use the page, checked before anything else is drawn: the page refuses to serve beyond this
machine without accounts, stops on a broken workspace store, and with accounts asks who is here
(sign-in with back-off and lockout by the store; 退出登录 forgets the session)."""

from __future__ import annotations

import os

import streamlit as st

from ui import resources
from ui.state import accounts_on

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


def sign_in() -> bool:
    """With accounts on: a sign-in form until the user is known. True when the page may continue."""
    if not accounts_on() or st.session_state.get("user"):
        return True
    st_ = resources.store()
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
