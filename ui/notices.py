"""What the page says above the tabs, in the main area and in plain Chinese: a workspace that cannot
be opened, a file that could not be read (each problem on its own line), the county's name when the
data holds several 乡镇, the policy library still loading (cleared by itself), a refused save."""

from __future__ import annotations

import streamlit as st

from planner.scope import scope_of
from ui import resources, state
from ui.render import escape_text


def notices() -> None:
    s = st.session_state
    if s.pop("ws_denied", False):
        st.error("没有找到这个工作区，或您不是它的成员。")
    if s.pop("ws_broken", False):
        st.error(
            "这个工作区未能打开（其中的内容可能已损坏），现在显示的是示例数据。"
            "请在侧栏“导入工作区”导入一份完好的导出文件，或请管理员检查工作区数据库。"
        )
    if s.get("upload_error"):
        upload_error(s.upload_error, s.get("upload_error_file", ""))
    if s.get("ask_region") and s.get("ws_id"):
        region_prompt()


def upload_error(report: str, filename: str) -> None:
    """A file the loader refused: what is wrong, line by line; the data shown before stays."""
    lines = [line for line in str(report).splitlines() if line.strip()]
    head = f"文件“{escape_text(filename)}”未能读取，页面仍使用原来的数据。" if filename else ""
    body = "\n".join(f"- {escape_text(line)}" for line in lines)
    with st.container(border=True):
        st.error(head + ("问题如下：" if head else ""))
        st.markdown(body)
        st.button("知道了", key="upload-error-close", on_click=state.dismiss_upload_error)


def region_prompt() -> None:
    """Several 乡镇 in the data: the one question the page asks — the county's (district's) name."""
    s = st.session_state
    towns = scope_of(s.data.frame).towns
    listed = "、".join(towns[:4]) + ("等" if len(towns) > 4 else "")
    with st.container(border=True):
        if towns:
            asked = (
                f"这份数据包含{len(towns)}个乡镇（{escape_text(listed)}）。"
                "请填写它们所在的县、区或县级市的名称（按回车确认），方案层级由最后一个字确定："
            )
        else:
            asked = "这份数据没有填写“所属乡镇”。请填写这些学校所在的镇、乡、县或区的名称（按回车确认）："
        st.markdown(f"**数据已自动保存。** {asked}")
        st.text_input(
            "县（区、县级市）名称" if towns else "镇（乡、县、区）名称",
            key="region_answer",
            placeholder="例如：清河县",
            on_change=state.name_region,
            disabled=not state.may_change(),
        )
        if s.get("region_problem"):
            st.warning(s.region_problem)


def loading_notice() -> None:
    """While the policy library opens or its model loads: a line that names the task and clears
    itself (a fragment that reruns alone every two seconds until the loading is done). Nothing waits
    for it: questions are answered meanwhile, policy questions from the keyword index."""
    st.fragment(run_every=2 if resources.index_loading() else None)(_loading_line)()


def _loading_line() -> None:
    if resources.index_loading():
        st.caption("正在后台加载政策库与检索模型，可以先查看数据和提问（政策问题先按关键词检索）。")
