"""Drawing helpers shared by the views: text from uploads as literal text, Markdown of replies and
documents (the 落款 right-aligned, no HTML shown as text), tables, the CV chart, a chat reply, and the
page's Chinese for Streamlit's own English (the uploader)."""

from __future__ import annotations

import html
import re
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from planner.chat import Reply, Table
from ui import state

FLAG_STYLE = "background-color: #fde2e1; color: #a8071a; font-weight: 600"
ROW_PX = 35
"""The height of a dataframe row: a table is drawn tall enough to show every row."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\](){}#+\-!|~$>:])")
_RIGHT = re.compile(r'^<div align="right">(.*)</div>$')


def _unlink(text: str) -> str:
    """Break what Markdown would turn into a link on its own (URLs, www., e-mail addresses)."""
    return text.replace("://", ":\u200b//").replace("www.", "www\u200b.").replace("@", "\u200b@")


def escape_text(text: object) -> str:
    """Text from an upload (a school, file or workspace name, a document's words) as literal
    Markdown: no HTML, no link, no formatting."""
    return _unlink(_MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False)))


def _markdown_line(line: str) -> str:
    right = _RIGHT.match(line)
    if right:  # the 落款 the Markdown export writes as a right-aligned block: drawn so, its text escaped
        inner = _unlink(html.escape(right.group(1), quote=False))
        return f'<div style="text-align: right">{inner}</div>'
    return (
        _unlink(line.replace("&", "&amp;").replace("<", "&lt;"))
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("$", "\\$")
    )


def markdown(text: str, demote: bool = False) -> None:
    """Markdown with ``**bold**`` as HTML (CommonMark does not close ``**`` after 。 before a Chinese
    character); ``demote`` turns a document's ##/### headings into smaller ones.

    The text's own HTML is escaped and links are broken first: replies quote names from uploads."""
    text = "\n".join(_markdown_line(line) for line in text.split("\n"))
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    if demote:
        text = re.sub(r"^(#{2,3}) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", text, flags=re.M)
    st.markdown(text, unsafe_allow_html=True)


def table_height(rows: int) -> int:
    """Pixels for a dataframe that shows ``rows`` rows and its header without scrolling."""
    return (rows + 1) * ROW_PX + 3


def show_table(table: Table) -> None:
    frame = pd.DataFrame(table.rows, columns=table.headers)
    if table.title:
        st.caption(escape_text(table.title))
    height = table_height(len(frame))
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

        st.dataframe(frame.style.apply(style, axis=None), hide_index=True, width="stretch", height=height)
    else:
        st.dataframe(frame, hide_index=True, width="stretch", height=height)


def cv_chart(data: list[dict], title: str, limit: float | None) -> alt.Chart:
    """Bars of each indicator's 差异系数 with its value written beside it, and the limit as a line."""
    frame = pd.DataFrame(data)
    base = alt.Chart(frame).encode(
        y=alt.Y("指标:N", sort=None, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("差异系数:Q", title="差异系数"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "超标:N",
            scale=alt.Scale(domain=[False, True], range=["#4c78a8", "#e45756"]),
            legend=alt.Legend(title="超过上限", orient="bottom", labelExpr="datum.value ? '是' : '否'"),
        ),
        tooltip=["指标", alt.Tooltip("差异系数:Q", format=".3f")],
    )
    values = base.mark_text(align="left", dx=4, fontSize=12).encode(text=alt.Text("差异系数:Q", format=".3f"))
    layers: list[Any] = [bars, values]
    if limit is not None:
        line = alt.Chart(pd.DataFrame({"上限": [limit]}))
        layers.append(line.mark_rule(color="#e45756", strokeDash=[6, 3]).encode(x="上限:Q"))
        layers.append(
            line.mark_text(align="left", dx=4, dy=-6, color="#e45756", fontSize=12).encode(
                x="上限:Q", y=alt.value(0), text=alt.value(f"上限{limit:g}")
            )
        )
    return alt.layer(*layers).properties(title=title, height=alt.Step(30), padding={"right": 40})


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
                on_click=state.ask,
                args=(question,),
                disabled=not state.may_change(),
            )


_STYLE = """
<style>
/* Streamlit's uploader speaks English ("Upload", "20MB per file • XLSX, CSV"); the page speaks Chinese. */
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {
  content: "选择文件";
}
</style>
"""


def _limit_rule(scope: str, megabytes: int) -> str:
    return (
        f'{scope} [data-testid="stFileUploaderDropzoneInstructions"] > div::after {{'
        f' content: "也可把文件拖到这里；每个文件不超过{megabytes}MB"; font-size: 0.8rem; color: #808495; }}'
    )


def page_style() -> None:
    """The page's own CSS (drawn once per run, invisible); uploads are limited to the upload budget's
    bytes (metrics.limits, also the server's maxUploadSize)."""
    from metrics.limits import LIMITS

    st.html(_STYLE + f"<style>{_limit_rule('', LIMITS.max_bytes // 1024 // 1024)}</style>")


def uploader_limit(key: str, megabytes: int) -> None:
    """The size an uploader keyed ``key`` states, when it has its own limit."""
    st.html(f"<style>{_limit_rule(f'.st-key-{key}', megabytes)}</style>")
