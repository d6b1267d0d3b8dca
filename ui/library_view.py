"""The 政策库 tab: search the policy library, add a workspace's own policy files (indexed in the
background with a progress bar), list the documents. Drawn last: opening the library (and then
loading its model) starts after the rest of the page."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ui import resources, state
from ui.render import escape_text, uploader_limit
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
    """Add a policy document to the open workspace's own library (editors and owners); it is indexed
    in the background while the page stays usable."""
    from knowledge.documents import MAX_USER_BYTES

    busy = st.session_state.get("policy_job") is not None
    uploader_limit("policy_upload", MAX_USER_BYTES // 1024 // 1024)
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
        st.warning("请先上传本地学校数据（自动建立工作区），再上传政策文件（文件只加入该工作区的政策库）。")
        return
    try:
        resources.store().require(ws_id, state.current_user(), Permission.CHANGE)
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
        text = f"已将“{name}”加入政策库（{meta['chunks']}段）。"
        st.session_state.policy_done = ("ok", text)
        state.toast(text)
    st.rerun()  # the whole page: the library lists the new document
