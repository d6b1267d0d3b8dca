"""主要任务 for the standard's other parts: one task per item of 政府保障程度, 教育质量 and 社会认可度 (and
one for the 一票否决 items), each with the requirement as the standard words it, where the county
stands (the rows' count, the office's entered value, or 〔待填报〕) and what is done, with its
责任单位. Which part goes to which group is the standard's; the wording of each item's action and its
units are the template's (``items``, ``item_units``)."""

from __future__ import annotations

from planner.drafting.class_task import class_text
from planner.drafting.context import DraftContext
from planner.drafting.facts import FactKey as K
from planner.drafting.items import ItemState, item_key
from planner.drafting.size_task import size_text
from planner.drafting.words import annex_no, when, work, works_total
from planner.model import Paragraph

__all__ = ["GROUP_PARTS", "item_tasks", "status_text", "units_of"]

GROUP_PARTS = {"government": ("guarantee", "veto"), "quality": ("quality",), "recognition": ("recognition",)}
"""The task group each part of the standard's items is listed in."""

PENDING = "〔待填报：{name}〕"
_ANNEX = {"class_size": "classes", "special_rooms": "rooms"}
"""Items whose school-by-school state is an annex of its own (the text gives the count)."""


def item_tasks(dr: DraftContext, group: str) -> list[Paragraph]:
    """The tasks of a group for its parts' items (the 一票否决 items as one task)."""
    out = []
    veto = []
    mine = [st for st in dr.items if st.item.part in GROUP_PARTS.get(group, ())]
    annex = annex_no(dr, "items")
    if annex and any(m.value is None for st in mine for m in st.measures):
        out.append(dr.para(dr.phrase("items_pending_note", annex=annex)))
    for st in mine:
        if st.item.part == "veto":
            veto.append(st)
            continue
        out.append(_task(dr, st))
    if veto:
        out.append(_veto(dr, veto))
    return out


def _source(dr: DraftContext, st: ItemState) -> str:
    number = item_key(st.item, "number")
    return dr.phrase("item_source", doc_no=dr.std.doc_no, part=st.item.part_name, number=dr.d(number))


def _body_status(dr: DraftContext, st: ItemState) -> str:
    """The 现状 the body states: without the 〔待填报〕 placeholders when the 评估项目对照表 lists them
    (they are filled in once, in the annex)."""
    return status_text(dr, st, pending=not annex_no(dr, "items"))


def status_text(dr: DraftContext, st: ItemState, pending: bool = True) -> str:
    """Where the county stands: the rows' verdict for a computed item, then each measure's value or
    〔待填报〕 (``pending``: the placeholders too)."""
    parts = []
    item = st.item
    if item.computed:
        if st.checked == 0:
            parts.append(dr.phrase("item_no_data"))
        elif not st.failing:
            parts.append(dr.phrase("item_checked_met", checked=dr.d(item_key(item, "checked"))))
        elif annex_no(dr, _ANNEX.get(item.key, "")):
            parts.append(
                dr.phrase(
                    f"item_checked_unmet_{_ANNEX[item.key]}",
                    checked=dr.d(item_key(item, "checked")),
                    failing=dr.d(item_key(item, "failing")),
                    annex=annex_no(dr, _ANNEX[item.key]),
                )
            )
        else:
            details = "；".join(
                dr.phrase("item_failing_school", school=g.name, detail=dr.d(K("guarantee", index=n)))
                for n, g in enumerate(dr.ev.guarantees)
                if g in st.failing
            )
            parts.append(
                dr.phrase(
                    "item_checked_unmet",
                    checked=dr.d(item_key(item, "checked")),
                    failing=dr.d(item_key(item, "failing")),
                    details=details,
                )
            )
    for m in st.measures:
        if m.value is None:
            if pending:
                parts.append(PENDING.format(name=m.measure.name))
            continue
        value = dr.d(item_key(item, "value", m.measure.key))
        word = "item_yes" if m.measure.rule == "yesno" else "item_value"
        parts.append(dr.phrase(f"{word}_{'met' if m.met else 'unmet'}", name=m.measure.name, value=value))
    return "；".join(parts)


def _task(dr: DraftContext, st: ItemState) -> Paragraph:
    item = st.item
    status = _body_status(dr, st)
    text = dr.phrase(
        "item_text" if status else "item_text_pending",
        requirement=dr.d(item_key(item, "requirement")),
        source=_source(dr, st),
        status=status,
    )
    if item.key == "special_rooms":
        text += _special_rooms(dr)
    if item.key == "small_school_funding":
        text += _small_schools(dr)
    planned = class_text(dr) if item.key == "class_size" and st.status != "met" else ""
    if item.key == "school_size" and st.status != "met":
        planned = size_text(dr)
    text += planned or _action(dr, st)
    group = next(g for g, parts in GROUP_PARTS.items() if item.part in parts)
    lead = dr.phrase("item_lead", name=item.name)
    units = units_of(dr, item.key, group)
    if dr.words.level == "town" and "配合）" in units and "item_upper" in dr.tpl.phrases:
        text = dr.phrase("item_upper") + text  # the 县's duty (编制, 名额分配 …): the town takes part
    return dr.para(text, kind="task", lead=lead, units=units)


def _action(dr: DraftContext, st: ItemState) -> str:
    """What the county does: the template's words for the item when met, else when not (or unknown)."""
    wording = dr.tpl.items.get(st.item.key)
    if wording is None:
        return dr.phrase("item_action_default")
    text = wording.met if st.status == "met" and wording.met else wording.action
    where = f"items.{st.item.key}"
    extra = {"exchange_annex": annex_no(dr, "exchange")}
    return dr.tpl.render(where, text, {**dr.base, **extra}).replace("㎡", "平方米")


SMALL_SCHOOL = 100
"""教督〔2017〕6号 政府保障程度第6项: a 村小学 or 教学点 under this many pupils is funded as this many."""


def _small_schools(dr: DraftContext) -> str:
    """The schools of the data the 小规模学校公用经费 item applies to (教学点 out of the CVs included)."""
    frame = dr.schools_frame
    if frame is None or "name" not in frame:
        return ""
    columns = [c for c in ("primary_students", "junior_students") if c in frame]
    pupils = frame[columns].fillna(0).sum(axis=1)
    small = [str(n) for n, p in zip(frame["name"], pupils, strict=True) if 0 < p < SMALL_SCHOOL]
    return dr.phrase("small_schools", schools="、".join(small)) if small else ""


def units_of(dr: DraftContext, key: str, group: str) -> str:
    """An item's 责任单位: the template's for the item, else its task group's."""
    text = dr.tpl.item_units.get(key) or dr.tpl.units.get(group, "")
    return dr.tpl.render(f"item_units.{key}", text, dr.base) if text else ""


def _special_rooms(dr: DraftContext) -> str:
    """The special-room projects the schedule decided (built or refitted, with their money)."""
    projects = [p for p in dr.schedule.need if p.kind == "special_rooms" and p.public]
    if not projects:
        return ""
    cost = K("demand", field="government", scope="public", measure="cost")
    annex = annex_no(dr, "rooms")
    if annex:
        works = works_total(dr, "demand", "public", ["special_rooms_music_rooms", "special_rooms_art_rooms"])
        return dr.phrase("special_rooms_total", works=works, cost=dr.d(cost), annex=annex)
    schools = list(dict.fromkeys(p.school for p in projects))
    parts = []
    for s in schools:
        mine = [p for p in projects if p.school == s]
        parts.append(s + "、".join(work(dr, p) + when(dr, p) for p in mine))
    cost = K("demand", field="government", scope="public", measure="cost")
    return dr.phrase("special_rooms_plan", works="；".join(parts), cost=dr.d(cost))


def _veto(dr: DraftContext, states: list[ItemState]) -> Paragraph:
    parts = []
    for st in states:
        status = _body_status(dr, st)
        requirement = dr.d(item_key(st.item, "requirement"))
        parts.append(
            dr.phrase("veto_item" if status else "veto_item_pending", requirement=requirement, status=status)
        )
    text = dr.phrase("veto_text", items="；".join(parts))
    return dr.para(text, kind="task", lead=dr.phrase("veto_lead"), units=units_of(dr, "veto", "government"))
