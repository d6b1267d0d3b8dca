"""The 对话 tab: the conversation opened at its latest message, the question box under it, a progress
line that names what is being done (answering, drafting a document, exporting) and clears itself."""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st

from planner.chat import ChatContext, ChatState, example_questions
from planner.documents import kind_of
from planner.freshness import settle_new_version
from planner.llm import LLMSettings, build_chat_model, respond_with_model
from ui import state
from ui.render import escape_text, show_reply
from workspaces.slots import KIND_NAMES

HISTORY_PX = 620
"""The conversation's own scrolling box: the question box stays just under it."""


def loaded_text(ctx: ChatContext) -> str:
    """What the welcome says is loaded: the workspace and year, or the sample."""
    s = st.session_state
    count = len(s.data.frame)
    if s.get("ws_id"):
        year = s.get("data_year")
        when = f"（{year}年度）" if year else ""
        return f"已打开工作区“{escape_text(s.ws_name)}”{when}的数据，共{count}所学校。"
    if state.is_sample():
        return f"已载入示例数据（{escape_text(ctx.region)}，{count}所学校）。"
    return f"已载入上传的数据（{count}所学校）。"


def progress_label(question: str) -> str:
    """What the progress line names while ``question`` is worked on."""
    kind = kind_of(question)
    drafting = re.search(r"生成|起草|撰写|重写|重新生成|写一份|拟", question)
    if kind and drafting:
        return f"正在起草{KIND_NAMES[kind]}（数字逐项取自计算结果，约需十几秒）……"
    if drafting and "方案" in question:
        return "正在起草实施方案（数字逐项取自计算结果，约需十几秒）……"
    if re.search(r"导出|下载|Word|Excel|工作簿", question, re.I):
        return "正在生成文件……"
    return "正在回答……"


def answer(question: str, ctx: ChatContext, chat: ChatState) -> None:
    """One chat turn, then: no copy for an unchanged revision, hand edits kept on regeneration, and
    settings the chat changed shown in the sidebar."""
    follow_sidebar(chat)
    before = len(chat.versions)
    previous = chat.plan
    settings_before = chat.settings
    reply = respond_with_model(question, ctx, chat, build_chat_model(LLMSettings(), st.secrets)).reply
    if len(chat.versions) > before and chat.plan is not None:
        same_kind = getattr(previous, "template", None) == getattr(chat.plan, "template", None)
        kept, note = settle_new_version(previous if same_kind else None, chat.plan, bool(reply.new_plan))
        if kept is None:
            del chat.versions[before:]
            chat.plan = previous
        elif kept is not chat.plan:
            chat.plan = kept
            chat.versions[-1] = (chat.versions[-1][0], kept)
        if note and chat.messages and chat.messages[-1][0] == "assistant":
            last = chat.messages[-1][1]
            text = note if kept is None else f"{last.text}\n\n{note}"
            chat.messages[-1] = ("assistant", replace(last, text=text))
        if kept is not None:
            state.focus_latest_document()
    settings = chat.settings
    if settings is not None and settings != settings_before:  # the chat changed them: show them
        wanted = {
            "region": settings.region,
            "level_label": state.level_label(settings.level),
            "start_year": settings.start_year,
            "years": settings.years,
        }
        changed = {k: v for k, v in wanted.items() if v is not None and st.session_state.get(k) != v}
        if changed:
            state.show_in_sidebar(changed)
            st.rerun()


def follow_sidebar(chat: ChatState) -> None:
    """The chat drafts from its own last settings: bring them in line with what the sidebar shows now."""
    settings = chat.settings
    if settings is None:
        return
    s = st.session_state
    shown = {
        "region": s.region,
        "level": state.level(),
        "start_year": int(s.start_year),
        "years": int(s.years),
    }
    changes = {k: v for k, v in shown.items() if v and getattr(settings, k) != v}
    if changes:
        data = {**settings.model_dump(), **changes}
        if "years" in changes:
            data["year_names"] = None  # default names for the new number of years
        chat.settings = type(settings).model_validate(data)


def chat_view(ctx: ChatContext) -> None:
    chat: ChatState = st.session_state.chat
    history = st.container(height=HISTORY_PX, border=True)
    progress = st.container()  # under the conversation, over the question box
    allowed = state.may_change()
    school = next((s.name for s in ctx.evaluation.schools if s.unmet), None) if ctx.evaluation else None
    example = f"{school}哪些指标没达标？差多少？" if school else "全部学校达标情况怎样？"
    hint = f"请输入问题，例如：{example}" if allowed else "查看者不能提问"
    prompt = st.chat_input(hint, disabled=not allowed)
    question = state.take_question() or prompt
    if question and not allowed:  # a disabled box or button still sent something: refuse it here too
        st.error(state.VIEWER_NOTE)
        question = None
    if question:
        with progress, st.spinner(progress_label(question)):
            answer(question, ctx, chat)
    with history:
        if not chat.messages:
            with st.chat_message("assistant"):
                st.markdown(f"您好！我是均衡规划助手。{loaded_text(ctx)}可以直接提问，例如：")
                for i, q in enumerate(example_questions(ctx)):
                    st.button(
                        escape_text(q),
                        key=f"example-{i}",
                        on_click=state.ask,
                        args=(q,),
                        disabled=not allowed,
                    )
        last = len(chat.messages) - 1
        for i, (role, content) in enumerate(chat.messages):
            with st.chat_message(role):
                if role == "user":
                    st.markdown(escape_text(content))
                else:
                    show_reply(content, i, i == last)
    _scroll_to_latest(len(chat.messages))


def _scroll_to_latest(count: int) -> None:
    """Scroll the conversation box to its last message (now, and whenever the 对话 tab is shown)."""
    st.iframe(
        f"""<script>
        // {count} messages
        const doc = window.parent.document;
        function latest() {{
          const messages = doc.querySelectorAll('[data-testid="stChatMessage"]');
          if (!messages.length) return;
          const last = messages[messages.length - 1];
          let box = last.parentElement;
          const stop = (e) => !e || e === doc.body || e.getAttribute('role') === 'tabpanel'
            || e.getAttribute('data-testid') === 'stMain';
          while (!stop(box)) {{
            const style = window.parent.getComputedStyle(box);
            const scrolls = style.overflowY === 'auto' || style.overflowY === 'scroll';
            if (scrolls && box.scrollHeight > box.clientHeight) {{
              box.scrollTop = box.scrollHeight;
              return;
            }}
            box = box.parentElement;
          }}
        }}
        latest();
        setTimeout(latest, 300);
        doc.querySelectorAll('button[role="tab"]').forEach((tab) => {{
          if (!tab.dataset.junhengScroll) {{
            tab.dataset.junhengScroll = '1';
            tab.addEventListener('click', () => setTimeout(latest, 100));
          }}
        }});
        </script>""",
        height="content",
    )
