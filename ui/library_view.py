"""The 政策库 tab: search the policy library, add a workspace's own policy files, list the documents.
Drawn last: opening the library (and then loading its model) starts after the rest of the page."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ui import resources, state
from ui.render import escape_text
from workspaces.roles import Permission

log = logging.getLogger("junheng.app")


def library_view(index: Any, error: str | None) -> None:
    if isinstance(index, resources.PendingIndex):  # the last tab: everything above is already usable
        with st.status("正在打开政策库……") as status:
            try:
                index = resources.WarmingIndex(resources.index_future().result())
            except Exception:
                index, error = resources.policy_index()
            status.update(label="政策库已打开", state="complete")
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
    if state.may_change():
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
    """Add a policy document to the open workspace's own library (editors and owners)."""
    with st.expander("上传政策文件（.md / .txt / .docx / .pdf）"):
        upload = st.file_uploader(
            "政策文件", type=["md", "txt", "docx", "pdf"], key="policy_upload", label_visibility="collapsed"
        )
        if upload is not None and st.session_state.get("policy_upload_id") != upload.file_id:
            st.session_state.policy_upload_id = upload.file_id
            _add_document(index, upload)
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
        st.warning("请先上传本地学校数据（自动建立工作区），再上传政策文件（文件只加入该工作区的政策库）。")
        return
    try:
        resources.store().require(ws_id, state.current_user(), Permission.CHANGE)
    except WorkspaceError as exc:
        st.error(str(exc))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / safe_filename(upload.name)
        path.write_bytes(upload.getvalue())
        try:
            with st.spinner(f"正在把“{upload.name}”加入政策库……"):
                index.add_file(path, workspace=ws_id)
        except Exception as exc:
            log.exception("adding %s failed", upload.name)
            known = exc.__class__.__module__.startswith("knowledge")
            st.error(escape_text(exc) if known else f"文件“{escape_text(upload.name)}”未能加入政策库。")
            return
    st.toast(f"已将“{upload.name}”加入政策库。")
    st.success(f"已将“{escape_text(upload.name)}”加入政策库。")
