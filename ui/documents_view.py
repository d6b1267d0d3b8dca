"""The 方案 tab: every document of the workspace — the 实施方案, each year's 工作总结, the 自评报告, the
迎评工作方案, the 经验交流材料 — listed as its own slot with its own versions (drafting one never
replaces another); the chosen one drawn with restore, Word download and section edits; the 自评填报
form (是/否 as switches) the documents read."""

from __future__ import annotations

import functools
import re
from functools import partial
from typing import Any

import streamlit as st

from planner import RevisionError, edit_group, section_group
from planner.chat import ChatContext, ChatState
from planner.chat.plan import export_file, plan_blocks
from planner.documents.forms import (
    INSPECTION_LEVELS,
    RECORD_NAMES,
    TOPICS,
    AssessmentForm,
    CountyProfile,
    Practice,
    Record,
    form_items,
)
from planner.documents.slots import slot_of
from planner.freshness import section_changes, staleness
from planner.llm import LLMSettings, build_chat_model, polish_sections
from ui import state
from ui.render import escape_text, markdown
from workspaces.slots import KIND_NAMES, SLOT_KINDS, SlotKey

DRAFT_REQUESTS = {
    "plan": "生成实施方案",
    "self_report": "生成自评报告",
    "work_summary": "生成工作总结",
    "inspection_plan": "生成迎评工作方案",
    "experience": "生成经验交流材料",
}
_NUMBERED = re.compile(r"^第\d+版：")


def slots_of(versions: Any) -> dict[SlotKey, list[int]]:
    """Each document's versions (their places in the chat's list), documents in the page's order."""
    keys = versions.keys(slot_of) if hasattr(versions, "keys") else [slot_of(doc) for _, doc in versions]
    out: dict[SlotKey, list[int]] = {}
    for i, key in enumerate(keys):
        out.setdefault(key, []).append(i)
    return dict(sorted(out.items(), key=lambda item: item[0].order))


def local_labels(labels: list[str]) -> list[str]:
    """A document's version labels numbered within it: 第1版：起草自评报告, 第2版：重写……"""
    return [f"第{n}版：{_NUMBERED.sub('', label)}" for n, label in enumerate(labels, 1)]


def documents_view(ctx: ChatContext) -> None:
    chat: ChatState = st.session_state.chat
    if ctx.planner is None:
        st.info("文稿起草功能暂不可用。")
        return
    allowed = state.may_change()
    slots = slots_of(chat.versions)
    if not slots:
        if not allowed:
            st.info("这个工作区还没有方案。")
            return
        st.info("还没有方案。点击下面的按钮，或在对话中说“生成实施方案”。")
        st.button(
            "生成实施方案", on_click=state.ask, args=("生成实施方案",), key="plan-draft", type="primary"
        )
        _draft_buttons(slots, allowed)
        return
    keys = list(slots)
    focus = state.take_document_focus()
    if focus is not None:
        st.session_state.doc_slot = next((k for k, idx in slots.items() if focus in idx), keys[0])
    if st.session_state.get("doc_slot") not in keys:
        st.session_state.doc_slot = next(
            (k for k, idx in slots.items() if len(chat.versions) - 1 in idx), keys[0]
        )
    st.radio(
        "文稿",
        keys,
        format_func=lambda k: f"{k.name}（{len(slots[k])}个版本）",
        horizontal=True,
        key="doc_slot",
    )
    _draft_buttons(slots, allowed)
    key = st.session_state.doc_slot
    document_view(ctx, chat, key, slots[key], allowed)


def _draft_buttons(slots: dict[SlotKey, list[int]], allowed: bool) -> None:
    """Draft a document the workspace has not got yet (the chat does the drafting)."""
    if not allowed:
        return
    kinds = {k.kind for k in slots}
    missing = [k for k in SLOT_KINDS if k not in kinds and (k != "plan" or slots)]
    if not missing:
        return
    st.caption("还可以起草：")
    columns = st.columns(len(missing))
    for column, kind in zip(columns, missing, strict=True):
        column.button(
            f"起草{KIND_NAMES[kind]}", key=f"draft-{kind}", on_click=state.ask, args=(DRAFT_REQUESTS[kind],)
        )


def document_view(ctx: ChatContext, chat: ChatState, key: SlotKey, places: list[int], allowed: bool) -> None:
    """One document: its versions (restore, compare), its Word file, its text with section edits."""
    labels = local_labels(
        [chat.versions.labels[i] if hasattr(chat.versions, "labels") else chat.versions[i][0] for i in places]
    )
    doc = chat.versions[places[-1]][1]
    st.subheader(escape_text(doc.title))
    top = st.columns([2, 1, 1])
    slot_id = "" if key == SlotKey() else f"{key.kind}-{key.year or ''}-"
    chosen = top[0].selectbox(
        "版本记录",
        range(len(labels)),
        index=len(labels) - 1,
        format_func=lambda i: labels[i],
        key=f"version-{slot_id}{len(labels)}",
    )
    if allowed and top[1].button("恢复此版本", disabled=chosen == len(labels) - 1):
        restored = chat.versions[places[chosen]][1]
        chat.set_plan(restored, f"第{len(labels) + 1}版：恢复第{chosen + 1}版")
        state.toast(f"已恢复{key.name}第{chosen + 1}版（保存为第{len(labels) + 1}版）。")
        state.focus_latest_document()
        st.rerun()
    if getattr(ctx.planner, "export_docx", None) is not None:
        top[2].download_button(
            "下载Word（.docx）",
            functools.partial(_docx_data, ctx, doc),  # built when clicked, not on every page run
            file_name=f"{doc.title or key.name}.docx",
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="plan-docx" if key == SlotKey() else f"docx-{slot_id}",
            type="primary",
        )
    for note in st.session_state.pop("polish_notes", []):
        st.info(note)
    refused = st.session_state.pop("polish_refused", [])
    if refused:
        with st.expander("查看未采用的模型改写（未通过核对）"):
            for text in refused:
                st.text(text)
    if chosen != len(labels) - 1:
        compare_versions(labels[chosen], chat.versions[places[chosen]][1], doc)
    _freshness(ctx, doc, key)
    version = len(chat.versions)
    for i, (title, text) in enumerate(plan_blocks(ctx, doc)):
        markdown(text, demote=True)
        if not title or title.startswith("附件") or not allowed:
            continue
        try:
            group = section_group(doc, title)
        except RevisionError:
            continue
        _section_editor(ctx, chat, doc, key, title, group, f"{slot_id}{version}-{i}", len(labels))


def _freshness(ctx: ChatContext, doc: Any, key: SlotKey) -> None:
    """Say when the document was drafted from other data or settings than the page shows now."""
    year = st.session_state.get("data_year")
    if key.year is not None and year is not None and key.year != year:
        st.caption(f"本{KIND_NAMES[key.kind]}按{key.year}年度的数据起草；页面当前显示{year}年度的数据。")
        return
    stale = staleness(doc, ctx.evaluation, state.workspace_settings())
    if stale.outdated:
        st.warning(
            stale.message()
            .replace("此方案", f"此{KIND_NAMES[key.kind]}")
            .replace("重新生成方案", f"重新起草{KIND_NAMES[key.kind]}"),
        )
    if key.kind == "plan" and not doc.complete:
        st.warning("按当前设置，方案期内还不能使所有学校和差异系数达到标准，请查看“实施步骤”中的说明。")


def _section_editor(
    ctx: ChatContext, chat: ChatState, doc: Any, key: SlotKey, title: str, group: Any, wid: str, count: int
) -> None:
    with st.expander(f"修改“{title}”"):
        current = "\n\n".join(p.text for sec in group for p in sec.paragraphs)
        edited = st.text_area(
            "正文（每段之间空一行；段首的小标题和责任单位保持不变）",
            current,
            key=f"edit-{wid}",
            height=220,
        )
        c1, c2 = st.columns(2)
        if c1.button("保存修改", key=f"save-{wid}"):
            if edited == current:
                st.toast("内容没有改动。")
            else:
                texts = [t.strip() for t in edited.split("\n\n") if t.strip()]
                chat.set_plan(edit_group(doc, title, texts), f"第{count + 1}版：手工修改{title}")
                state.toast(f"已保存对“{title}”的修改（{key.name}第{count + 1}版）。")
                state.focus_latest_document()
                st.rerun()
        rewrite = f"重写{title}" if key.kind == "plan" else f"把{KIND_NAMES[key.kind]}的“{title}”重写"
        c2.button("重新生成本部分", key=f"rewrite-{wid}", on_click=state.ask, args=(rewrite,))
        if LLMSettings().enabled and st.button("模型润色（数字与判定逐一核对）", key=f"polish-{wid}"):
            from ui.model import model_wait

            with model_wait("正在等待语言模型润色：") as tick:
                new, results = polish_sections(
                    doc,
                    [s.key for s in group],
                    build_chat_model(LLMSettings(), st.secrets),
                    retrieve=partial(ctx.search, k=3) if ctx.search else None,
                    evaluation=ctx.evaluation,
                    tick=tick,
                )
            st.session_state.polish_notes = list(dict.fromkeys(r.message for r in results if r.message))
            st.session_state.polish_refused = [t for r in results for t in r.refused_texts]
            if new is not doc:
                chat.set_plan(new, f"第{count + 1}版：模型润色{title}（恢复上一版本即为系统文字）")
                state.toast(f"已润色“{title}”。")
            st.rerun()


def _docx_data(ctx: ChatContext, doc: Any) -> bytes:
    file = export_file(ctx, doc, "docx")
    return file.data if file is not None else b""


def compare_versions(label: str, older: Any, current: Any) -> None:
    """Preview of a chosen version: what it says differently from the current one, section by section."""
    changes = section_changes(older, current)
    with st.expander(f"对比：{escape_text(label)} 与当前版本（{len(changes)}处不同）", expanded=True):
        if not changes:
            st.caption("两个版本的正文相同。")
        for title, before, after in changes:
            st.markdown(f"**{escape_text(title)}**")
            left, right = st.columns(2)
            left.caption("所选版本")
            left.markdown(escape_text(before) or "（无此部分）")
            right.caption("当前版本")
            right.markdown(escape_text(after) or "（无此部分）")


def assessment_form_view(standard: str) -> None:
    """The 自评 items not in the statistics (kept in the workspace); an item left empty stays 〔待填报〕
    in the documents. 是/否 items are switches (未填 until one is chosen)."""
    form = st.session_state.get("assessment_form", AssessmentForm())
    locked = not state.may_change()
    with (
        st.expander("自评填报：政府保障、教育质量、社会认可度（不填的项目在自评报告中标〔待填报〕）"),
        st.form("form"),
    ):
        target = "quality" if standard == "quality_2017" else "basic"
        values: dict[str, float | None] = {}
        for i in form_items(target):
            if i.rule == "yesno":
                current = form.value(i.key)
                picked = st.segmented_control(
                    i.name,
                    ["是", "否"],
                    default=None if current is None else ("是" if current >= 1 else "否"),
                    key=f"form-{i.key}",
                    disabled=locked,
                )
                values[i.key] = None if picked is None else (1.0 if picked == "是" else 0.0)
            else:
                values[i.key] = st.number_input(
                    f"{i.name}（{i.unit}，要求{i.requirement()}）", value=form.value(i.key), disabled=locked
                )
        year = st.number_input(
            "基本均衡国家认定年份", value=form.recognition_year, step=1, min_value=1990, disabled=locked
        )
        when = st.date_input(
            "督导评估日期（迎评工作方案由此倒排）", value=form.inspection_date, disabled=locked
        )
        st.caption("主要做法（自评报告、经验交流材料引用原文）：每行一条，写成“小标题：说明”。")
        lines = {
            topic: st.text_area(
                f"{name}方面的做法",
                "\n".join(
                    f"{p.title}：{p.text}" if p.title else p.text for p in form.practices if p.topic == topic
                ),
                disabled=locked,
            )
            for topic, name in TOPICS.items()
        }
        st.caption("工作记录（经验交流材料、工作总结引用；不填的不写）")
        kept = {r.key: r.value for r in form.records}
        records = {
            key: st.number_input(
                f"{name}（{unit}）", value=kept.get(key), min_value=0.0, key=f"record-{key}", disabled=locked
            )
            for key, (name, unit) in RECORD_NAMES.items()
        }
        addressee = st.text_input("主送机关（自评报告）", form.addressee, disabled=locked)
        copy_to = st.text_input("抄送机关（版记，可不填）", form.copy_to, disabled=locked)
        levels = [None, *INSPECTION_LEVELS]
        level = st.selectbox(
            "迎接哪一级评估（迎评工作方案）",
            levels,
            index=levels.index(form.inspection_level),
            format_func=lambda k: INSPECTION_LEVELS.get(k, "未填"),
            disabled=locked,
        )
        st.caption("县情（自评报告“基本情况”；统计数据中没有）")
        p = form.profile
        area = st.number_input("面积（平方公里）", value=p.area_km2, min_value=0.0, disabled=locked)
        people = st.number_input("常住人口（万人）", value=p.population_wan, min_value=0.0, disabled=locked)
        towns = st.number_input("辖乡镇（街道）数", value=p.townships, min_value=1, step=1, disabled=locked)
        overview = st.text_area("区位和经济社会概况（按原文引用）", p.overview, disabled=locked)
        if st.form_submit_button("保存填报", disabled=locked) and state.may_change():
            practices = [
                Practice.parse(x, t) for t, text in lines.items() for x in text.splitlines() if x.strip()
            ]
            update = {
                "values": values,
                "recognition_year": year,
                "inspection_date": when,
                "practices": practices,
                "records": [Record(key=k, value=v) for k, v in records.items() if v is not None],
                "addressee": addressee.strip(),
                "copy_to": copy_to.strip(),
                "inspection_level": level,
                "profile": CountyProfile(
                    area_km2=area or None,
                    population_wan=people or None,
                    townships=towns,
                    overview=overview.strip(),
                ),
            }
            state.save_form(form.model_copy(update=update))
            filled = sum(v is not None for v in values.values())
            st.toast(f"已保存自评填报（已填{filled}项，共{len(values)}项）。")
