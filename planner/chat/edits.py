"""Edits of the current plan said in the chat, done without a language model: insert a sentence into a
named section, replace or delete a sentence, move the start (year, or the month of the first year's
time arrangement). Each is a new version; sentences the official typed are marked as theirs
(origin "user"), and a new start year keeps the hand-edited sections and says so.

The seam to drafting is the PlanApi (``add_paragraph``, ``replace_section``, ``draft_plan``) and
planner.freshness.carry_hand_edits; the plan's sections are only read here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from planner.chat.args import EditArgs
from planner.chat.plan import NO_PLAN, NOT_READY, _api, _drafted, excerpt, plan_settings
from planner.chat.types import ChatContext, ChatState, Reply
from planner.freshness import carry_hand_edits, hand_edited_sections

if TYPE_CHECKING:
    from planner.model import Paragraph, Plan, Section

__all__ = ["edit", "shift_months"]

_SENTENCE = re.compile(r"[^。；！？!?;]*[。；！？!?;]?")


def _group(plan: Plan, title: str) -> list[Section]:
    """The sections a title names: a top-level part with its sub-sections, or one sub-section."""
    sections = plan.sections
    for i, s in enumerate(sections):
        if s.title and (s.title == title or s.key == title):
            end = i + 1
            while s.level == 1 and end < len(sections) and sections[end].level == 2:
                end += 1
            return sections[i:end]
    for i, s in enumerate(sections):
        if s.title and (title in s.title or s.title in title):
            end = i + 1
            while s.level == 1 and end < len(sections) and sections[end].level == 2:
                end += 1
            return sections[i:end]
    return []


def _understood(args: EditArgs) -> str:
    """What the edit would have done, said back when there is no plan to do it on."""
    where = f"“{args.section}”" if args.section else "方案"
    if args.action == "start":
        when = (f"{args.start_year}年" if args.start_year else "") + (
            f"{args.start_month}月" if args.start_month else ""
        )
        return f"生成后可再说“开始时间改到{when}”。" if when else ""
    if args.action == "insert" and args.text:
        return f"生成后可再把“{args.text.strip()}”加入{where}。"
    if args.action == "set" and args.text:
        return f"生成后可再把{where}改为“{args.text.strip()}”。"
    return ""


def _parts(plan: Plan) -> str:
    return "、".join(s.title for s in plan.sections if s.level == 1 and s.title)


def _new_version(state: ChatState, plan: Plan, label: str) -> None:
    state.set_plan(plan, f"第{len(state.versions) + 1}版：{label}")


def _with_paragraphs(ctx: ChatContext, plan: Plan, key: str, paragraphs: list[Paragraph]) -> Plan:
    return _api(ctx, "replace_section")(plan, key, paragraphs)


def edit(args: EditArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """Apply one sentence edit or a new start to the current plan, as a new version."""
    if state.plan is None:
        return Reply(f"{NO_PLAN}{_understood(args)}", kind="plan", suggestions=["生成实施方案"])
    if _api(ctx, "replace_section") is None or _api(ctx, "add_paragraph") is None:
        return Reply(NOT_READY, kind="plan")
    if args.action == "start":
        return _start(args, ctx, state)
    args = args.model_copy(update={"text": full_width(args.text)})
    plan = state.plan
    if args.section == BASIS and args.action == "insert":
        return _add_basis(args, ctx, state)
    group = _group(plan, args.section) if args.section else [s for s in plan.sections if s.paragraphs]
    if args.section and not group:
        return Reply(f"方案中没有“{args.section}”这一部分。可修改的部分：{_parts(plan)}。", kind="plan")
    if args.action == "insert":
        return _insert(args, ctx, state, group)
    if args.action == "set":
        return _set(args, ctx, state, group)
    if args.action == "label":
        return _relabel(args, ctx, state, group)
    return _replace(args, ctx, state, group)


def label_patterns(label: str) -> tuple[re.Pattern[str], ...]:
    """Where a plan states who fills a role: 责任单位：县教育局〕, 由乡长任组长, 组长由镇长担任. The
    value is the group the edit replaces."""
    word = re.escape(label)
    return (
        re.compile(r"(?<![副])" + word + r"[：:]([^〕）)。；\n]+)"),
        re.compile(r"由([^，、。；由]{1,12}?)(?:任|担任)" + r"(?<![副])" + word),
        re.compile(r"(?<![副])" + word + r"由([^，、。；]{1,12}?)担任"),
    )


def has_label(plan: Plan, label: str) -> bool:
    """Whether the plan states a value for ``label`` (责任单位, 组长) that a 统一改成 can replace."""
    patterns = label_patterns(label)
    if label == _UNITS and any(para.units for s in plan.sections for para in s.paragraphs):
        return True
    return any(p.search(para.text) for s in plan.sections for para in s.paragraphs for p in patterns)


_UNITS = "责任单位"
"""The role a task paragraph carries beside its text (Paragraph.units) and the annexes' column."""


def _relabel(args: EditArgs, ctx: ChatContext, state: ChatState, group: list[Section]) -> Reply:
    """把责任单位统一改成乡中心学校: every value the plan gives the role, replaced."""
    label, value = args.old.strip(), args.text.strip().strip("“”\"'‘’。")
    patterns = label_patterns(label)
    plan = state.plan
    count = 0
    for s in group:
        paragraphs, changed = [], False
        for p in s.paragraphs:
            text = p.text
            for pattern in patterns:
                text, n = pattern.subn(lambda m: m.group(0).replace(m.group(1), value, 1), text)
                count += n
            units = value if label == _UNITS and p.units else p.units
            count += units != p.units
            if text != p.text or units != p.units:
                changed = True
                p = replace(p, text=text, units=units, origin="user", fact_keys=())
            paragraphs.append(p)
        if changed:
            plan = _with_paragraphs(ctx, plan, s.key, paragraphs)
    annexes = []
    for table in plan.annexes:
        column = table.headers.index(label) if label in table.headers else None
        if column is not None:
            rows = [[value if i == column else c for i, c in enumerate(row)] for row in table.rows]
            count += sum(row[column] != value for row in table.rows)
            table = replace(table, rows=rows)
        annexes.append(table)
    plan = replace(plan, annexes=annexes)
    if not count:
        return Reply(f"方案中没有写明“{label}”的地方。", kind="plan")
    _new_version(state, plan, f"{label}改为{value}")
    return Reply(
        f"已把方案中的“{label}”统一改为“{value}”（{count}处，标为手工修改）。", kind="plan", plan_changed=True
    )


_HALF = re.compile(r"(?<=[\u4e00-\u9fff”）])([,;:?!])|([,;:?!])(?=[\u4e00-\u9fff“（])")
_FULL = dict(zip(",;:?!", "，；：？！", strict=True))


def full_width(text: str) -> str:
    """The official's words as a 公文 prints them: the reading's half-width ,;:?! between Chinese
    characters back to full width (坚持问题导向,一校一策 → 坚持问题导向，一校一策)."""
    return _HALF.sub(lambda m: _FULL[m.group(1) or m.group(2)], text)


BASIS = "文件依据"
_BASIS_END = re.compile(r"(等)?(?:文件|通知|意见)?精神")


def _add_basis(args: EditArgs, ctx: ChatContext, state: ChatState) -> Reply:
    """依据文件里加上 X: X joins the documents the opening sentence is based on (根据《…》、X等文件精神)."""
    text = args.text.strip().strip("“”\"'‘’。；;")
    if not text:
        return Reply("要加入哪份文件？请写出文件名称或文号。", kind="clarify")
    opening = next((s for s in state.plan.sections if s.key == "preamble" and s.paragraphs), None)
    first = opening.paragraphs[0] if opening is not None else None
    found = _BASIS_END.search(first.text) if first is not None and "根据" in first.text else None
    if opening is None or first is None or found is None:
        return Reply("方案开头没有“根据……文件精神”的文件依据句，请在“方案”页直接编辑。", kind="plan")
    if text in first.text:
        return Reply(f"方案开头的文件依据中已有“{text}”，没有修改。", kind="plan")
    new_text = first.text[: found.start()] + f"、{text}" + first.text[found.start() :]
    paragraphs = [replace(first, text=new_text, origin="user"), *opening.paragraphs[1:]]
    plan = _with_paragraphs(ctx, state.plan, opening.key, paragraphs)
    _new_version(state, plan, "文件依据加一份")
    return Reply(
        f"已在方案开头的文件依据中加入“{text}”（标为手工修改）：\n\n> {new_text}",
        kind="plan",
        plan_changed=True,
    )


def _insert(args: EditArgs, ctx: ChatContext, state: ChatState, group: list[Section]) -> Reply:
    text = args.text.strip().strip("“”\"'‘’")
    if not text:
        return Reply("要加入的句子是什么？例如：在保障措施里加一句：县财政每年安排专项资金。", kind="clarify")
    if not re.search(r"[。！？!?]$", text):
        text += "。"
    target = group[-1]
    plan = _api(ctx, "add_paragraph")(state.plan, target.key, text)
    title = group[0].title or args.section
    _new_version(state, plan, f"{title}加一句")
    where = f"“{title}”" + (f"的“{target.title}”末尾" if target is not group[0] else "末尾")
    return Reply(
        f"已在{where}加入：“{text}”（标为手工修改）。\n\n"
        + excerpt(ctx, plan, group[0].title or target.title),
        kind="plan",
        plan_changed=True,
    )


def _set(args: EditArgs, ctx: ChatContext, state: ChatState, group: list[Section]) -> Reply:
    """工作目标改成……: the official's words in place of the part's leading paragraph (its 总体目标 when
    the part is split), marked as theirs; the rest of the part stays."""
    text = args.text.strip().strip("“”\"'‘’")
    if not text:
        return Reply("要改成什么？例如：工作目标改成2027年底前全县学校全部达标。", kind="clarify")
    if not re.search(r"[。！？!?]$", text):
        text += "。"
    target = next((s for s in group if s.paragraphs), None)
    if target is None:
        return _insert(args.model_copy(update={"action": "insert", "text": text}), ctx, state, group)
    first, *others = target.paragraphs
    paragraphs = [replace(first, text=text, origin="user", fact_keys=()), *others]
    plan = _with_paragraphs(ctx, state.plan, target.key, paragraphs)
    title = group[0].title or args.section
    where = f"“{title}”" + (f"的“{target.title}”" if target is not group[0] else "")
    _new_version(state, plan, f"{title}改写")
    return Reply(
        f"已把{where}改为：“{text}”（标为手工修改；原句为：“{first.text}”，可在“方案”页恢复上一版）。"
        "本部分其余段落和后面的实施步骤未随之改动，其中的年份和数字请按新的说法核对。\n\n"
        + excerpt(ctx, plan, group[0].title or target.title),
        kind="plan",
        plan_changed=True,
    )


def _replace(args: EditArgs, ctx: ChatContext, state: ChatState, group: list[Section]) -> Reply:
    old = args.old.strip().strip("“”\"'‘’")
    if not old:
        return Reply(
            "要修改或删除哪一句？请把原文用引号写出来，例如：把“月调度”改成“周调度”。", kind="clarify"
        )
    hits = [(s, i, p) for s in group for i, p in enumerate(s.paragraphs) if old in p.text]
    where = f"“{args.section}”中" if args.section else "方案中"
    titled = [s for s in group if s.level == 2 and s.title and old in s.title and s.paragraphs]
    if not hits and titled and args.action == "delete":  # 删掉加强宣传引导那段: the 小节's text
        plan = state.plan
        for s in titled:
            plan = _with_paragraphs(ctx, plan, s.key, [])
        names = "、".join(f"“{s.title}”" for s in titled)
        _new_version(state, plan, f"删去{names}")
        return Reply(f"已删去{names}一节的内容（可在版本记录中恢复）。", kind="plan", plan_changed=True)
    if not hits:
        subs = "、".join(s.title for s in group if s.level == 2 and s.title)
        listing = f"可按小节修改：{subs}。" if subs else ""
        return Reply(f"{where}没有找到“{old}”。请核对原文（可在“方案”页复制）。{listing}", kind="plan")
    plan = state.plan
    for key in dict.fromkeys(s.key for s, _, _ in hits):
        paragraphs = []
        for p in plan.section(key).paragraphs:
            if old not in p.text:
                paragraphs.append(p)
                continue
            if args.action == "replace":
                new_text = p.text.replace(old, args.text.strip().strip("“”\"'‘’"))
            else:
                new_text = "".join(x for x in _SENTENCE.findall(p.text) if x and old not in x)
            if new_text.strip():
                paragraphs.append(replace(p, text=new_text, origin="user", fact_keys=()))
        plan = _with_paragraphs(ctx, plan, key, paragraphs)
    count = len(hits)
    title = args.section or hits[0][0].title
    if args.action == "replace":
        label, done = (
            f"{title}改写一处",
            f"已把{where}的“{old}”改为“{args.text.strip()}”（{count}处，标为手工修改）。",
        )
    else:
        label, done = f"{title}删去一句", f"已删去{where}含“{old}”的句子（{count}处）。"
    _new_version(state, plan, label)
    changed = [
        p.text for key in dict.fromkeys(s.key for s, _, _ in hits) for p in plan.section(key).paragraphs
    ]
    changed = [t for t in changed if args.action != "replace" or args.text.strip().strip("“”\"'‘’") in t]
    shown = "\n\n".join(f"> {t}" for t in changed[:3])
    return Reply(f"{done}\n\n{shown}".rstrip(), kind="plan", plan_changed=True)


_RANGE = re.compile(r"(?<![年\d])(\d{1,2})—(\d{1,2})月")
_MONTH = re.compile(r"(?<![年\d—])(\d{1,2})月")


def shift_months(text: str, start: int) -> tuple[str, int]:
    """Move the month numbers of a time arrangement so that the earliest is ``start`` (ranges keep
    their length, nothing goes past 12; months of another year, 2027年8月, stay). Returns the text
    and the shift."""
    months = [int(m) for r in _RANGE.finditer(text) for m in r.groups()]
    months += [int(m.group(1)) for m in _MONTH.finditer(_RANGE.sub("", text))]
    if not months:
        return text, 0
    shift = start - min(months)

    def moved(m: int) -> int:
        return max(1, min(12, m + shift))

    text = _RANGE.sub(lambda r: f"{moved(int(r.group(1)))}—{moved(int(r.group(2)))}月", text)
    text = _MONTH.sub(lambda r: f"{moved(int(r.group(1)))}月", text)
    text = re.sub(r"(\d{1,2})—\1月", r"\1月", text)
    return text, shift


def _start(args: EditArgs, ctx: ChatContext, state: ChatState) -> Reply:
    old_plan = state.plan
    year = args.start_year or old_plan.settings.start_year
    notes = []
    plan = old_plan
    version_before = len(state.versions)
    if year != old_plan.settings.start_year:
        if _api(ctx, "draft_plan") is None:
            return Reply(NOT_READY, kind="plan")
        chosen = plan_settings(ctx, state, start_year=year)
        plan, kept = carry_hand_edits(old_plan, _drafted(ctx, chosen))
        state.settings = chosen
        notes.append(f"已按{chosen.start_year}—{chosen.end_year}年重新生成方案")
        if kept:
            titles = {s.key: s.title or "方案开头" for s in plan.sections}
            names = "、".join(f"“{titles.get(k, k)}”" for k in kept)
            notes.append(f"保留了您手工修改的{names}（其中的年份和数字请按新设置核对）")
        keys = {s.key for s in plan.sections}
        gone = [
            s.title
            for s in old_plan.sections
            if s.key in hand_edited_sections(old_plan) and s.key not in keys
        ]
        if gone:
            notes.append(f"您在{'、'.join(f'“{t}”' for t in gone)}中的手工修改不在新方案中")
    if args.start_month:
        steps = [s for s in plan.sections if s.key.startswith("steps.")]
        first = steps[0] if steps else None
        if first is None:
            return Reply("方案中没有分年度的实施步骤，无法调整开始月份。", kind="plan")
        paragraphs, shift = [], 0
        for p in first.paragraphs:
            if "时间安排" in p.text:
                head, _, rest = p.text.partition("时间安排：")
                moved, shift = shift_months(rest, args.start_month)
                if shift > 0 and re.search(r"(9|1[0-2])月", moved):  # a season the new months pass
                    moved = moved.replace("秋季开学前", "完成后").replace("秋季学期", "当年")
                text = f"{head}时间安排：{year}年{args.start_month}月启动；{moved}"
                paragraphs.append(replace(p, text=text, origin="user", fact_keys=()))
            else:
                paragraphs.append(p)
        plan = _with_paragraphs(ctx, plan, first.key, paragraphs)
        if shift > 0:
            notes.append(f"第一年时间安排中的月份顺延{shift}个月（超出12月的按12月计），请核对")
        elif shift < 0:
            notes.append(f"第一年时间安排中的月份提前{-shift}个月，请核对")
        notes.append(f"“{first.title}”标为手工修改")
    if plan is old_plan:
        return Reply(f"方案已经从{year}年开始，没有修改。", kind="plan")
    when = f"{year}年" + (f"{args.start_month}月" if args.start_month else "")
    _new_version(state, plan, f"改为{when}开始")
    back = f"原方案为第{version_before}版，可在“方案”页恢复。" if version_before else ""
    text = (
        f"已把方案开始时间改为{when}：" + "；".join(notes) + f"。{back}\n\n" + excerpt(ctx, plan, "实施步骤")
    )
    return Reply(text, kind="plan", plan_changed=True, new_plan=year != old_plan.settings.start_year)
