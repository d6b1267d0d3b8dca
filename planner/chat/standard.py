"""Answers read from the standard itself and from the plan's citations: the standard's items (资源配置
的7项指标, 政府保障程度15项 …), a requirement worked out for a school of a given size (24个班 → 2间
音乐教室; 1200名小学生 → 12名骨干教师), and the documents a drafted plan is based on."""

from __future__ import annotations

import math
import re

import pandas as pd

from metrics.columns import BY_KEY
from metrics.report import format_value
from metrics.result import STAGE_NAMES, Evaluation
from metrics.standards import ITEM_PARTS, Standard, load_standard, plain_source
from planner.chat.types import ChatState, Citation, Reply, Table

__all__ = ["basis_reply", "split_reply", "standard_items_reply", "standard_rule_reply"]


def _source(text: str) -> str:
    """A standard's source note without its evidence tags (the whole note, not the part before one)."""
    return plain_source(text)


def _clause(source: str, word: str) -> str:
    """The part of a source note that is about ``word`` (its 文号 kept in front)."""
    head, _, body = source.partition("：")
    parts = [p for p in re.split("[；;]", body) if word in p]
    return f"{head}：{'；'.join(parts)}" if body and parts else source


def _thresholds(std: Standard, key: str) -> str:
    ind = std.indicator(key)
    return "、".join(f"{STAGE_NAMES.get(s, s)}{v:g}{ind.unit}" for s, v in ind.thresholds.items())


def standard_items_reply(current: Standard | None, key: str | None = None, part: str = "resources") -> Reply:
    """The standard's 资源配置 indicators (with thresholds), or the items of one of its other parts."""
    std = load_standard(key) if key and (current is None or key != current.key) else current
    if std is None:
        std = load_standard("quality_2017")
    head = f"《{std.title}》（{std.doc_no}）"
    if part == "resources":
        lines = [f"{head}资源配置共**{len(std.indicators)}项**指标："]
        rows = []
        for i, ind in enumerate(std.indicators, 1):
            limits = _thresholds(std, ind.key)
            lines.append(f"{i}. {ind.name}" + (f"：{limits}以上" if limits else ""))
            rows.append([str(i), ind.name, limits or "按省定标准"])
        if std.school_min_met is not None:
            ratio = f"，其余指标不低于标准的{std.school_min_ratio * 100:g}%" if std.school_min_ratio else ""
            lines.append(f"每所学校至少{std.school_min_met}项指标达到标准{ratio}。")
        rule = "每项指标" if std.cv_rule == "each" else "综合"
        limits = "、".join(f"{STAGE_NAMES.get(s, s)}≤{v:g}" for s, v in std.cv_limits.items())
        lines.append(f"{rule}校际差异系数：{limits}。")
        lines.append(f"依据：{_source(std.cv_source)}")
        table = Table(["序号", "指标", "标准"], rows, title=f"{std.name}资源配置指标")
        return Reply("\n".join(lines), kind="policy", tables=[table])
    items = [i for i in std.items if i.part == part]
    name = ITEM_PARTS.get(part, part)
    if not items:
        return Reply(f"{head}没有列出“{name}”的条目。", kind="policy")
    lines = [f"{head}{name}共**{len(items)}项**："]
    lines += [f"{i.number}. {i.name}：{i.requirement}" for i in items]
    return Reply("\n".join(lines), kind="policy")


def standard_rule_reply(
    std: Standard,
    item: str,
    stage: str | None,
    students: int | None,
    classes: int | None,
    share: float | None = None,
) -> Reply:
    """A requirement worked out (see ``_rule_reply``); an indicator's answer says the floor each
    indicator must reach (标准的85%) and cites the standard's own note on where its threshold comes from."""
    reply = _rule_reply(std, item, stage, students, classes)
    if item in std.keys and (share or std.school_min_ratio) and std.indicator(item).thresholds:
        reply.text = _with_floor(reply.text, std, item, stage, share)
    if item in std.keys:
        ind = std.indicator(item)
        reply.citations.append(
            Citation(
                title=std.title,
                doc_no=std.doc_no,
                section=ind.name,
                text=_source(ind.source),
                source=std.path,
            )
        )
    return reply


def _with_floor(text: str, std: Standard, item: str, stage: str | None, share: float | None) -> str:
    """The reply with the share of the threshold worked out (5.8㎡×85%=4.93㎡) before its 依据."""
    ind = std.indicator(item)
    ratio = share or std.school_min_ratio
    stages = [stage] if stage in ind.thresholds else list(ind.thresholds)
    parts = [
        f"{STAGE_NAMES.get(s, s)}{ind.thresholds[s]:g}{ind.unit}×{ratio * 100:g}%="
        f"**{ind.thresholds[s] * ratio:.4g}{ind.unit}**"
        for s in stages
    ]
    rule = (
        f"每项指标不得低于标准的{std.school_min_ratio * 100:g}%（允许未达标的那1项也不能低于这个值）："
        if std.school_min_ratio and (share is None or abs(share - std.school_min_ratio) < 1e-9)
        else f"标准的{ratio * 100:g}%："
    )
    body, sep, basis = text.partition("\n\n依据：")
    return f"{body}{rule}{'，'.join(parts)}。" + (f"{sep}{basis}" if sep else "")


def _rule_reply(
    std: Standard, item: str, stage: str | None, students: int | None, classes: int | None
) -> Reply:
    """A requirement of ``std`` for one school: rooms for its classes, a class or school size limit,
    or what an indicator's threshold asks of a school of ``students``."""
    rules = std.guarantees
    source = _source(std.guarantees_source) or f"{std.title}（{std.doc_no}）"
    stage_word = STAGE_NAMES.get(stage or "", "")
    if item == "cv":
        rule = "每项指标的差异系数" if std.cv_rule == "each" else "综合差异系数（各项差异系数的平均）"
        limits = "，".join(f"{STAGE_NAMES.get(k, k)}不超过{v:g}" for k, v in std.cv_limits.items())
        if stage in std.cv_limits:
            limits = f"{stage_word}不超过{std.cv_limits[stage]:g}"
        return Reply(
            f"按{std.name}（{std.doc_no}），{rule}：{limits}。\n\n依据：{_source(std.cv_source)}",
            kind="policy",
        )
    if item == "special_rooms":
        per = (rules.get("special_rooms") or {}).get("classes_per_room")
        if not per:
            return Reply(f"{std.name}没有按班级数配备专用教室的规定。", kind="policy")
        if classes is None:
            return Reply(
                f"按{source}，每{per}个班配备音乐、美术专用教室各1间以上。请告诉我班级数，例如“24个班要几间”。",
                kind="clarify",
            )
        rooms = math.ceil(classes / per)
        item = next((i for i in std.items if i.key == "special_rooms"), None)
        clauses = re.split("[；;]", item.requirement) if item is not None else []
        size = next((p.strip("。") for p in clauses if "面积" in p), "")  # 每间音乐专用教室面积不小于96平方米
        return Reply(
            f"按{std.name}（{std.doc_no}），每{per}个班级配备音乐、美术专用教室各1间以上："
            f"{classes}个班需要音乐专用教室**{rooms}间**、美术专用教室**{rooms}间**"
            f"（{classes}÷{per}={classes / per:g}，不足1间按1间计）。"
            + (f"{size}。" if size else "")
            + f"\n\n依据：{_clause(source, '专用教室')}",
            kind="policy",
        )
    if item == "class_size":
        limits = rules.get("class_size") or {}
        parts = [f"{STAGE_NAMES[s]}每班不超过{limits[s]}人" for s in ("primary", "junior") if s in limits]
        if stage in limits:
            parts = [f"{stage_word}每班不超过{limits[stage]}人"]
        text = f"按{std.name}（{std.doc_no}），" + "，".join(parts) + "。"
        if students and classes:
            average = students / classes
            limit = limits.get(stage or "primary")
            text += f"{students}名学生分{classes}个班，平均每班{average:.1f}人" + (
                f"，{'超过' if average > limit else '未超过'}{limit}人。" if limit else "。"
            )
        if "large" in limits:
            text += f"{limits['large']}人及以上为大班额，{limits.get('super_large', 66)}人及以上为超大班额。"
        return Reply(text + f"\n\n依据：{_clause(source, '班级')}", kind="policy")
    if item == "school_size":
        size = rules.get("school_size") or {}
        text = (
            f"按{std.name}（{std.doc_no}），小学、初中规模不超过{size.get('single', 2000)}人，"
            f"九年一贯制、十二年一贯制学校义务教育段不超过{size.get('combined', 2500)}人。"
        )
        return Reply(text + f"\n\n依据：{_clause(source, '规模')}", kind="policy")
    if item not in std.keys:
        return Reply("这项要求我算不了。可以问班额、学校规模、专用教室，或某项资源配置指标。", kind="policy")
    ind = std.indicator(item)
    if not ind.thresholds:
        return Reply(f"{std.name}未规定“{ind.name}”的逐校标准值（按省定办学标准）。", kind="policy")
    if stage is None or stage not in ind.thresholds:
        limits = _thresholds(std, item)
        return Reply(
            f"按{std.name}（{std.doc_no}），{ind.name}：{limits}以上。\n\n依据：{_source(ind.source)}",
            kind="policy",
        )
    t = ind.thresholds[stage]
    if not students:
        return Reply(
            f"按{std.name}（{std.doc_no}），{stage_word}{ind.name}不低于{t:g}{ind.unit}。\n\n依据：{_source(ind.source)}",
            kind="policy",
        )
    need = t * students / ind.scale
    if ind.gap_integer:
        amount, shown = math.ceil(need - 1e-9), f"{t:g}×{students}÷{ind.scale:g}={need:g}"
        result = f"**{amount}{ind.gap_unit}**"
        if amount != need:
            result += "（不足1人按1人计）" if ind.gap_unit == "人" else "（向上取整）"
    else:
        amount = need
        shown = f"{t:g}{ind.unit}×{students}人" + (f"÷{ind.scale:g}" if ind.scale != 1 else "")
        result = f"**{format_value(need, ind.gap_unit)}**"
    text = (
        f"按{std.name}（{std.doc_no}），{stage_word}{ind.name}不低于{t:g}{ind.unit}："
        f"在校生{students}人的{stage_word}至少需要{result}（{shown}）。"
    )
    return Reply(text + f"\n\n依据：{_source(ind.source)}", kind="policy")


def basis_reply(state: ChatState, current: Standard | None) -> Reply:
    """The documents the current plan cites: its 文件依据 first, then the others, with the parts."""
    plan = state.plan
    if plan is None:
        doc = f"《{current.title}》（{current.doc_no}）" if current is not None else "评估标准"
        return Reply(
            f"还没有方案。生成方案后，方案开头会写明文件依据；评估依据是{doc}。",
            kind="plan",
            suggestions=["生成实施方案"],
        )
    cited: dict[tuple[str, str], list[str]] = {}
    first: list[tuple[str, str]] = []
    for section in plan.sections:
        where = section.title or ("开头" if section.key == "preamble" else "")
        for i, para in enumerate(section.paragraphs):
            for src in para.sources:
                key = (src.get("title", ""), src.get("doc_no", "") or src.get("issuer", ""))
                if not key[0]:
                    continue
                if section.key == "preamble" and i == 0 and key not in first:
                    first.append(key)
                places = cited.setdefault(key, [])
                if where and where not in places:
                    places.append(where)

    def label(key: tuple[str, str]) -> str:
        return f"《{key[0]}》" + (f"（{key[1]}）" if key[1] else "")

    lines = []
    if first:
        lines.append("方案开头写明的文件依据：" + "、".join(label(k) for k in first) + "。")
    others = [k for k in cited if k not in first]
    if others:
        lines.append("方案中还引用了：")
        lines += [f"- {label(k)}" + (f"（见{'、'.join(cited[k][:3])}）" if cited[k] else "") for k in others]
    if not lines:
        return Reply("当前方案没有引用文件。", kind="plan")
    return Reply("\n".join(lines), kind="plan")


_STAGE_STUDENTS = {"primary": "小学生", "junior": "初中生", "senior": "高中生"}


def split_reply(evaluation: Evaluation, frame: pd.DataFrame | None, school: str | None) -> Reply:
    """How a combined school's shared facilities are split between its stages (拆分): the ratio by
    kind of school, which figures are split, and for one school its stages' shares."""
    std = evaluation.standard
    columns = "、".join(BY_KEY[c].header for c in std.split_columns if c in BY_KEY)

    def ratio(kind: str) -> str:
        weights = std.split_weights[kind]
        names = "∶".join(_STAGE_STUDENTS.get(k, k) for k in weights)
        return f"{kind}{names}={'∶'.join(f'{w:g}' for w in weights.values())}"

    source = _source(std.split_source)
    rule = (
        f"设施不按全校合计，按在校生折算拆分到各学段：{'；'.join(ratio(k) for k in std.split_weights)}。"
        f"拆分的项目：{columns}；教师不拆分，按各学段实际任教人数填报。\n\n依据：{source}"
    )
    rows = frame[frame["name"] == school] if frame is not None and school else None
    if rows is None or rows.empty:
        return Reply(rule, kind="policy")
    kind = str(rows.iloc[0]["school_type"])
    if kind not in std.split_weights:
        return Reply(f"**{school}**是{kind}，设施全部计入本校，不拆分。\n\n{rule}", kind="policy")
    table = evaluation.table
    parts = []
    for _, row in table[table["name"] == school].iterrows():
        stage = str(row["stage"])
        parts.append(
            f"{STAGE_NAMES.get(stage, stage)}部{float(row['share']):.3f}（在校生{int(row['students'])}人）"
        )
    senior = rows.iloc[0].get("senior_students")
    if senior is not None and not pd.isna(senior) and float(senior) > 0:
        parts.append(f"高中在校生{int(senior)}人")
    head = (
        f"**{school}**是{kind}，{columns.split('、')[0]}等设施不按全校算，按{ratio(kind)}拆分："
        + "，".join(parts)
        + "（拆分比例为计入该学段的份额）。"
    )
    return Reply(f"{head}\n\n{rule}", kind="policy")
