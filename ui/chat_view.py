"""The 对话 tab: the conversation opened at its latest message, the question box under it, a progress
line that names what is being done (answering, drafting a document, exporting) and clears itself.

One turn at a time: questions are queued by the box's callback (ui.state.ask), answered in the order
asked under the session's turn lock, each worked on a copy of the conversation and committed with
its dequeue, so a run interrupted mid-answer (a click, a 取消) loses and reorders nothing."""

from __future__ import annotations

import copy
import re
from dataclasses import fields, replace

import streamlit as st

from planner.chat import ChatContext, ChatState, Reply, example_questions
from planner.documents import kind_of
from planner.freshness import settle_new_version
from ui import state
from ui.model import chat_turn
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


def answer(question: str, ctx: ChatContext, chat: ChatState, turns: list[str]) -> None:
    """One chat turn, then: no copy for an unchanged revision, hand edits kept on regeneration, and
    settings the chat changed shown in the sidebar.

    The turn is worked out on a copy of ``chat`` and committed at the end together with taking the
    question off ``turns``, in plain Python (no Streamlit call between the two): a run interrupted
    mid-answer (the user clicked something) leaves the conversation as it was and the question
    queued, so the next run answers it first and the saved conversation stays in order. Streamlit
    starts that next run while the interrupted one may still be computing (fast reruns), so the
    caller holds the session's turn lock, and a turn another run has committed meanwhile is not
    committed again."""
    work = _working_copy(chat)
    follow_sidebar(work)
    before = len(work.versions)
    previous = work.plan
    settings_before = work.settings
    reply = chat_turn(question, ctx, work)
    drafted = False
    if len(work.versions) > before and work.plan is not None:
        same_kind = getattr(previous, "template", None) == getattr(work.plan, "template", None)
        kept, note = settle_new_version(previous if same_kind else None, work.plan, bool(reply.new_plan))
        if kept is None:
            del work.versions[before:]
            work.plan = previous
        elif kept is not work.plan:
            work.plan = kept
            work.versions[-1] = (work.versions[-1][0], kept)
        if note and work.messages and work.messages[-1][0] == "assistant":
            last = work.messages[-1][1]
            text = note if kept is None else f"{last.text}\n\n{note}"
            work.messages[-1] = ("assistant", replace(last, text=text))
        drafted = kept is not None
    if not turns or turns[0] != question:  # answered meanwhile by another run of this session
        return
    for f in fields(ChatState):  # the commit: nothing here can be interrupted
        setattr(chat, f.name, getattr(work, f.name))
    turns.pop(0)
    if drafted:
        state.focus_latest_document()
    settings = work.settings
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


def _working_copy(chat: ChatState) -> ChatState:
    """A copy an answer may change freely: its own lists and memory, the same (immutable) plans."""
    return replace(
        chat,
        messages=list(chat.messages),
        versions=copy.copy(chat.versions),
        memory=copy.deepcopy(chat.memory),
        pending=copy.deepcopy(chat.pending),
    )


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
    # "disable": the box greys out from sending until the answer is drawn (one turn at a time); the
    # question is queued by the callback, before the run starts: a run interrupted early keeps it
    st.chat_input(
        hint, key="chat_box", on_submit=state.take_question, disabled=not allowed, submit_mode="disable"
    )
    turns = state.turns()
    if not turns:  # a 取消 clicked after its answer came: it must not send the next question to the rules
        st.session_state.pop("model_cancelled", None)
    if turns and not allowed:  # a disabled box or button still sent something: refuse it here too
        st.error(state.VIEWER_NOTE)
        turns.clear()
    if turns:
        with st.session_state.turn_lock:
            while turns:  # in the order asked; an interrupted turn is still first in line
                question = turns[0]
                try:
                    with progress, st.spinner(progress_label(question)):
                        answer(question, ctx, chat, turns)
                except Exception:  # a real failure, not an interruption: drop the question, say so
                    if turns and turns[0] == question:
                        turns.pop(0)
                    raise
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
                elif isinstance(content, Reply):
                    show_reply(content, i, i == last)
                    refused = st.session_state.get("refused_model_text", {}).get(i)
                    if refused:
                        with st.expander("查看未采用的模型回答（未通过核对）"):
                            st.text(refused)
                else:  # stored by an older or damaged copy: the rest of the conversation still shows
                    st.caption("（这条回答的格式无法显示）")
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
