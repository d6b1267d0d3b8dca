"""The 使用说明 tab: the officials' step-by-step guide, read from docs/使用说明.md (one text for the
page and the repository)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "使用说明.md"


def guide_view() -> None:
    try:
        text = GUIDE.read_text(encoding="utf-8")
    except OSError:
        st.info("使用说明文件缺失（docs/使用说明.md）。")
        return
    st.markdown(text)  # our own text: Markdown as written
