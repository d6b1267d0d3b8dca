"""均衡规划助手 — the Streamlit page. The only module that imports streamlit: it wires the services
(metrics, knowledge, planner) and draws their results; no domain logic lives here."""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import metrics
from metrics.report import format_value
from metrics.result import STAGE_NAMES
from planner import RevisionError, edit_group, section_group
from planner.chat import ChatContext, ChatState, Reply, Table, example_questions, respond
from planner.chat import data as chat_data
from planner.chat.plan import default_api, export_file, plan_blocks
from planner.export.workbook import XLSX_MIME, workbook_bytes, workbook_filename

log = logging.getLogger("junheng.app")

ROOT = Path(__file__).resolve().parent
SAMPLES = {
    "城关镇（镇级示例）": ROOT / "data" / "samples" / "城关镇.xlsx",
    "示例区（区级示例）": ROOT / "data" / "samples" / "示例区.xlsx",
}
DEFAULT_SAMPLE = "城关镇（镇级示例）"
STANDARDS = {"优质均衡（教督〔2017〕6号）": "quality_2017", "基本均衡（教督〔2012〕3号）": "basic_2012"}
LEVELS = {"镇级方案": "town", "区/县级方案": "district"}
FLAG_STYLE = "background-color: #fde2e1; color: #a8071a; font-weight: 600"
ERROR_TEXT = "页面出现了意外错误，已记录。请刷新页面重试；已加载的数据不会丢失。"


# --- shared resources (built once per process) ----------------------------------------------------


@st.cache_resource(show_spinner=False)
def _policy_index() -> Any:
    from knowledge import open_index

    return open_index()


@st.cache_resource(show_spinner=False)
def _loaded_flags() -> dict[str, bool]:
    return {}


def policy_index() -> tuple[Any, str | None]:
    """The retrieval index, with a status box the first time it is built or opened in this process.

    The box lives in a placeholder drawn on every run, so the elements after it keep their places."""
    flags = _loaded_flags()
    holder = st.empty()
    try:
        if flags.get("index"):
            return _policy_index(), None
        with holder.container(), st.status("正在加载政策库与检索模型（首次启动约需十几秒）……") as status:
            index = _policy_index()
            status.update(label="政策库已加载", state="complete")
        flags["index"] = True
        holder.empty()
        return index, None
    except Exception as exc:  # KnowledgeError carries a Chinese sentence; anything else gets a generic one
        log.exception("policy index unavailable")
        message = str(exc) if exc.__class__.__module__.startswith("knowledge") else "政策库加载失败。"
        return None, message


@st.cache_resource(show_spinner=False)
def template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "学校数据模板.xlsx"
        metrics.write_template(path)
        return path.read_bytes()


def planner_api() -> Any:
    """The drafting API, or None (the chat and the plan tab then say drafting is unavailable)."""
    try:
        return default_api()
    except Exception:
        log.exception("planner API unavailable")
        return None


# --- per-user data --------------------------------------------------------------------------------


def _set_data(result: Any, name: str) -> None:
    state = st.session_state
    state.data = result
    state.data_name = name
    state.data_version = state.get("data_version", 0) + 1
    towns = sorted({str(t) for t in result.frame["township"].dropna() if str(t).strip()})
    region = towns[0] if len(towns) == 1 else Path(name).stem
    state.region = region
    state.level_label = "镇级方案" if len(towns) <= 1 else "区/县级方案"


def load_sample(label: str) -> None:
    path = SAMPLES[label]
    _set_data(metrics.load_schools(path), path.name)
    st.session_state.upload_error = None


def handle_upload(upload: Any) -> None:
    """Load an uploaded file once; a bad file shows the validation report and keeps the current data."""
    if upload is None or st.session_state.get("upload_id") == upload.file_id:
        return
    st.session_state.upload_id = upload.file_id
    try:
        result = metrics.load_schools(upload.getvalue(), filename=upload.name)
    except metrics.DataError as exc:
        st.session_state.upload_error = exc.report()
        return
    _set_data(result, upload.name)
    st.session_state.upload_error = None


def evaluation() -> Any:
    state = st.session_state
    key = (state.get("data_version"), state.standard_label)
    if state.get("evaluation_key") != key:
        standard = metrics.load_standard(STANDARDS[state.standard_label])
        warnings = tuple(str(w) for w in state.data.warnings)
        state.evaluation = metrics.evaluate(state.data.frame, standard, warnings=warnings)
        state.evaluation_key = key
    return state.evaluation


def init_state() -> None:
    state = st.session_state
    state.setdefault("chat", ChatState())
    state.setdefault("standard_label", next(iter(STANDARDS)))
    state.setdefault("start_year", 2026)
    state.setdefault("years", 3)
    if "data" not in state:
        load_sample(DEFAULT_SAMPLE)


# --- sidebar --------------------------------------------------------------------------------------


def sidebar() -> None:
    state = st.session_state
    with st.sidebar:
        st.header("学校数据")
        upload = st.file_uploader("上传学校数据表（.xlsx / .csv）", type=["xlsx", "csv"], key="uploader")
        handle_upload(upload)
        if state.get("upload_error"):
            st.error("上传的文件未能读取，仍使用原来的数据。问题如下：")
            st.code(state.upload_error, language=None, wrap_lines=True)
        st.caption(f"当前数据：{state.data_name}，{len(state.data.frame)}所学校")
        notes = [*metrics.load_notes(state.data), *(str(w) for w in state.data.warnings)]
        if notes:
            with st.expander(f"读取说明（{len(notes)}条）"):
                st.markdown("\n".join(f"- {n}" for n in notes))
        sample = st.selectbox("示例数据", list(SAMPLES), key="sample_label")
        if st.button("使用示例数据", width="stretch"):
            load_sample(sample)
        st.download_button(
            "下载空白模板",
            template_bytes(),
            file_name="学校数据模板.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            width="stretch",
        )
        st.header("评估标准")
        st.radio("评估标准", list(STANDARDS), key="standard_label", label_visibility="collapsed")
        st.header("方案设置")
        st.text_input("地区名称", key="region")
        st.radio("方案层级", list(LEVELS), key="level_label", horizontal=True)
        c1, c2 = st.columns(2)
        c1.number_input("起始年", min_value=2020, max_value=2100, step=1, key="start_year")
        c2.number_input("年限", min_value=1, max_value=6, step=1, key="years")


def context(index: Any) -> ChatContext:
    state = st.session_state
    return ChatContext(
        evaluation=evaluation(),
        schools=state.data.frame,
        search=index.search if index is not None else None,
        region=state.region,
        level=LEVELS[state.level_label],
        start_year=int(state.start_year),
        years=int(state.years),
        planner=planner_api(),
    )


# --- drawing replies ------------------------------------------------------------------------------


def show_table(table: Table) -> None:
    frame = pd.DataFrame(table.rows, columns=table.headers)
    if table.title:
        st.caption(table.title)
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

        st.dataframe(frame.style.apply(style, axis=None), hide_index=True, width="stretch")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


def cv_chart(data: list[dict], title: str, limit: float | None) -> alt.Chart:
    frame = pd.DataFrame(data)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("指标:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
            x=alt.X("差异系数:Q", title="差异系数"),
            color=alt.Color(
                "超标:N",
                scale=alt.Scale(domain=[False, True], range=["#4c78a8", "#e45756"]),
                legend=alt.Legend(title="超过上限", orient="bottom", labelExpr="datum.value ? '是' : '否'"),
            ),
            tooltip=["指标", alt.Tooltip("差异系数:Q", format=".3f")],
        )
    )
    layers = [bars]
    if limit is not None:
        rule = (
            alt.Chart(pd.DataFrame({"上限": [limit]}))
            .mark_rule(color="#e45756", strokeDash=[6, 3])
            .encode(x="上限:Q")
        )
        layers.append(rule)
    return alt.layer(*layers).properties(title=title, height=alt.Step(30))


def markdown(text: str, demote: bool = False) -> None:
    """Markdown with ``**bold**`` as HTML (CommonMark does not close ``**`` after 。 before a Chinese
    character); ``demote`` turns the plan's ##/### headings into smaller ones."""
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    if demote:
        text = re.sub(r"^(#{2,3}) ", lambda m: "#" * (len(m.group(1)) + 2) + " ", text, flags=re.M)
    st.markdown(text, unsafe_allow_html=True)


def show_reply(reply: Reply, index: int, last: bool) -> None:
    markdown(reply.text, demote=True)
    for table in reply.tables:
        show_table(table)
    for chart in reply.charts:
        st.altair_chart(cv_chart(chart.data, chart.title, chart.limit), width="stretch")
    if reply.citations:
        with st.expander(f"引用来源（{len(reply.citations)}条）"):
            for c in reply.citations:
                st.markdown(f"**{c.label}**")
                st.caption(c.text)
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
            st.button(question, key=f"suggest-{index}-{i}", on_click=ask, args=(question,))


def ask(question: str) -> None:
    st.session_state.queued = question


# --- views ----------------------------------------------------------------------------------------


def chat_view(ctx: ChatContext) -> None:
    state: ChatState = st.session_state.chat
    history = st.container()
    prompt = st.chat_input("请输入问题，例如：城关二小哪些指标没达标？差多少？")
    question = st.session_state.pop("queued", None) or prompt
    if question:
        with st.spinner("正在回答……"):
            respond(question, ctx, state)
    with history:
        if not state.messages:
            with st.chat_message("assistant"):
                st.markdown("您好！我是均衡规划助手。已载入示例数据，可以直接提问，例如：")
                for i, q in enumerate(example_questions(ctx)):
                    st.button(q, key=f"example-{i}", on_click=ask, args=(q,))
        last = len(state.messages) - 1
        for i, (role, content) in enumerate(state.messages):
            with st.chat_message(role):
                if role == "user":
                    st.markdown(content)
                else:
                    show_reply(content, i, i == last)


def schools_view(ctx: ChatContext) -> None:
    ev = ctx.evaluation
    std = ev.standard
    stages = list(ev.stages)
    if not stages:
        st.info("当前数据中没有纳入评估的学校。")
        return
    stage = st.radio("学段", stages, format_func=lambda s: STAGE_NAMES[s], horizontal=True, key="view_stage")
    schools = [s for s in ev.schools if s.stage == stage]
    grid, cells = chat_data.school_grid(ev, stage)
    st.subheader(grid.title)
    show_table(replace(grid, title=""))
    st.caption("红色单元格为未达到标准的指标或未达标的学校。")
    st.download_button(
        "下载Excel（审计工作簿，计算均为公式）",
        data=lambda: workbook_bytes(ev, ctx.schools, std, region=ctx.region),
        file_name=workbook_filename(std, ctx.region),
        mime=XLSX_MIME,
        key="schools-xlsx",
    )
    left, right = st.columns(2)
    with left:
        heat = (
            alt.Chart(pd.DataFrame(cells))
            .mark_rect(stroke="white")
            .encode(
                x=alt.X("指标:N", sort=None, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=120)),
                y=alt.Y("学校:N", sort=None, title=None, axis=alt.Axis(labelLimit=200)),
                color=alt.Color(
                    "情况:N",
                    scale=alt.Scale(
                        domain=chat_data.heat_states(ev),
                        range=["#9bd3ae", "#f8c471", "#e45756"],
                    ),
                    legend=alt.Legend(title="达成情况", orient="bottom"),
                ),
                tooltip=["学校", "指标", "值", "情况"],
            )
            .properties(title="达标热力图", height=alt.Step(28), width="container")
        )
        st.altair_chart(heat, width="stretch")
    with right:
        chart = chat_data.cv_chart(ev, stage)
        st.altair_chart(cv_chart(chart.data, chart.title, chart.limit), width="stretch")
    st.subheader("单校档案")
    name = st.selectbox("选择学校", [s.name for s in schools], key="profile_school")
    school = next(s for s in schools if s.name == name)
    show_table(chat_data.school_table(school, ev, std.keys))
    gaps = "；".join(
        f"{std.indicator(k).short}需增加{format_value(g.shortfall, g.unit)}" for k, g in school.gaps.items()
    )
    if gaps:
        verdict = f"差距：{gaps}。"
    elif school.passed is None:  # 基本均衡 without a provincial file: nothing was checked against a standard
        verdict = "本标准未规定逐校达标值，请对照省定办学基本标准核实。"
    else:
        verdict = "各项指标均达到标准。"
    st.markdown(f"在校生{school.students}人。" + verdict)


def plan_view(ctx: ChatContext) -> None:
    state: ChatState = st.session_state.chat
    if ctx.planner is None:
        st.info("方案起草功能暂不可用。")
        return
    if state.plan is None:
        st.info("还没有方案。点击下面的按钮，或在对话中说“生成实施方案”。")
        st.button("生成实施方案", on_click=ask, args=("生成实施方案",), key="plan-draft", type="primary")
        return
    plan = state.plan
    st.subheader(plan.title)
    top = st.columns([2, 1, 1])
    labels = [label for label, _ in state.versions]
    chosen = top[0].selectbox(
        "版本记录",
        range(len(labels)),
        index=len(labels) - 1,
        format_func=lambda i: labels[i],
        key=f"version-{len(labels)}",
    )
    if top[1].button("恢复此版本", disabled=chosen == len(labels) - 1):
        state.set_plan(state.versions[chosen][1], f"恢复{labels[chosen].split('：')[0]}")
        st.rerun()
    file = _export(ctx, plan)
    if file is not None:
        top[2].download_button(
            "下载Word（.docx）",
            file.data,
            file_name=file.name,
            mime=file.mime,
            key="plan-docx",
            type="primary",
        )
    if not plan.complete:
        st.warning("按当前设置，方案期内还不能使所有学校和差异系数达到标准，请查看“实施步骤”中的说明。")
    version = len(labels)
    for i, (title, text) in enumerate(plan_blocks(ctx, plan)):
        markdown(text, demote=True)
        if not title or title.startswith("附件"):
            continue
        try:
            group = section_group(plan, title)
        except RevisionError:
            continue
        with st.expander(f"修改“{title}”"):
            current = "\n\n".join(p.text for sec in group for p in sec.paragraphs)
            edited = st.text_area(
                "正文（每段之间空一行；段首的小标题和责任单位保持不变）",
                current,
                key=f"edit-{version}-{i}",
                height=220,
            )
            c1, c2 = st.columns(2)
            if c1.button("保存修改", key=f"save-{version}-{i}") and edited != current:
                texts = [t.strip() for t in edited.split("\n\n") if t.strip()]
                state.set_plan(edit_group(plan, title, texts), f"第{version + 1}版：手工修改{title}")
                st.rerun()
            c2.button("重新生成本部分", key=f"rewrite-{version}-{i}", on_click=ask, args=(f"重写{title}",))


def _export(ctx: ChatContext, plan: Any) -> Any:
    cache = st.session_state.setdefault("export_cache", {})
    if id(plan) not in cache:
        cache.clear()
        cache[id(plan)] = export_file(ctx, plan, "docx")
    return cache[id(plan)]


def library_view(index: Any, error: str | None) -> None:
    if index is None:
        st.warning(error or "政策库不可用。")
        return
    query = st.text_input("检索政策", placeholder="例如：小学班额不得超过多少人？", key="library_query")
    if query:
        result = index.search(query, k=5)
        if not result.answerable:
            st.info("政策库中没有找到直接相关的规定。以下是最接近的内容，仅供参考：")
        for p in result.results:
            doc = f"（{p.doc_no}）" if p.doc_no else ""
            st.markdown(f"**《{p.title}》{doc} {p.section}** · 相关度 {p.score:.2f}")
            st.caption(p.text)
    with st.expander("上传政策文件（.md / .txt / .docx / .pdf）"):
        upload = st.file_uploader(
            "政策文件", type=["md", "txt", "docx", "pdf"], key="policy_upload", label_visibility="collapsed"
        )
        if upload is not None and st.session_state.get("policy_upload_id") != upload.file_id:
            st.session_state.policy_upload_id = upload.file_id
            _add_document(index, upload)
    docs = index.documents()
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


def _add_document(index: Any, upload: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / upload.name
        path.write_bytes(upload.getvalue())
        try:
            with st.spinner("正在加入政策库……"):
                index.add_file(path)
        except Exception as exc:
            log.exception("adding %s failed", upload.name)
            known = exc.__class__.__module__.startswith("knowledge")
            st.error(str(exc) if known else f"文件“{upload.name}”未能加入政策库。")
            return
    st.success(f"已将“{upload.name}”加入政策库。")


# --- page -----------------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="均衡规划助手", page_icon="📘", layout="wide")
    st.title("均衡规划助手")
    init_state()
    sidebar()
    index, index_error = policy_index()
    ctx = context(index)
    tabs = st.tabs(["对话", "学校达标", "方案", "政策库"])
    with tabs[0]:
        chat_view(ctx)
    with tabs[1]:
        schools_view(ctx)
    with tabs[2]:
        plan_view(ctx)
    with tabs[3]:
        library_view(index, index_error)


try:
    main()
except Exception:  # the boundary: no stack trace reaches the page
    log.exception("page failed")
    st.error(ERROR_TEXT)
