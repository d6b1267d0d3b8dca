"""Plan revisions asked for in the chat, on copies of ``planner.draft.Plan`` (versions stay intact).

Sections are addressed by their Chinese title (主要任务 …) through the plan's top-level sections and
their children (key prefix). Added text carries no figures; it cites the policy passage it is based on.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

__all__ = ["add_paragraph", "delete_item", "edit_section", "rewrite_section", "section_group"]


def section_group(plan: Any, title: str) -> list[Any]:
    """The top-level section whose title contains ``title`` and its child sections, in order."""
    for i, sec in enumerate(plan.sections):
        if sec.level == 1 and sec.title and (title in sec.title or sec.title in title):
            group = [sec]
            for child in plan.sections[i + 1 :]:
                if child.level != 2:
                    break
                group.append(child)
            return group
    known = "、".join(s.title for s in plan.sections if s.level == 1 and s.title)
    raise KeyError(f"方案中没有“{title}”这一部分。现有：{known}。")


def _copy(plan: Any) -> Any:
    return copy.deepcopy(plan)


def add_paragraph(
    plan: Any, title: str, topic: str, retrieve: Callable[..., Any] | None = None, region: str = ""
) -> Any:
    """A copy of the plan with one more item about ``topic`` at the end of the section ``title``."""
    from planner.draft import Paragraph

    new = _copy(plan)
    group = section_group(new, title)
    target = group[-1]
    sources: tuple[dict, ...] = ()
    basis = ""
    if retrieve is not None:
        found = retrieve(topic)
        if getattr(found, "answerable", True):
            for p in getattr(found, "results", found) or []:
                if getattr(p, "doc_no", ""):
                    sources = (
                        {"title": p.title, "doc_no": p.doc_no, "section": p.section, "source": p.source},
                    )
                    basis = f"按照《{p.title}》（{p.doc_no}）有关要求，"
                    break
    place = region or new.settings.region
    text = (
        f"{basis}把{topic}纳入{place}推进义务教育优质均衡发展的重点工作，明确牵头单位和责任人，"
        f"建立工作台账，细化年度措施，定期调度、督查落实情况。"
    )
    kind = "task" if any(p.kind == "task" for p in target.paragraphs) else "text"
    units = next((p.units for p in target.paragraphs if p.kind == "task"), "")
    target.paragraphs.append(
        Paragraph(
            text=text,
            kind=kind,
            lead=f"做好{topic}相关工作。" if kind == "task" else "",
            units=units,
            sources=sources,
            origin="user",
        )
    )
    return new


def delete_item(plan: Any, title: str, item: int) -> Any:
    """A copy without the ``item``-th (1-based) entry of the section: a sub-section （一）（二）… when the
    section has them, else a paragraph."""
    new = _copy(plan)
    group = section_group(new, title)
    head, children = group[0], group[1:]
    if children:
        if not 1 <= item <= len(children):
            raise IndexError(f"“{head.title}”只有{len(children)}条，没有第{item}条。")
        new.sections.remove(children[item - 1])
        return new
    if not 1 <= item <= len(head.paragraphs):
        raise IndexError(f"“{head.title}”只有{len(head.paragraphs)}段，没有第{item}段。")
    del head.paragraphs[item - 1]
    return new


def rewrite_section(plan: Any, title: str, redraft: Callable[[], Any]) -> Any:
    """A copy whose section ``title`` is drafted afresh (``redraft()`` gives a new plan from the facts)."""
    fresh = redraft()
    new_group = section_group(fresh, title)
    new = _copy(plan)
    old_group = section_group(new, title)
    start = new.sections.index(old_group[0])
    new.sections[start : start + len(old_group)] = copy.deepcopy(new_group)
    return new


def edit_section(plan: Any, title: str, texts: list[str]) -> Any:
    """A copy with the paragraphs of section ``title`` (and its children, in order) replaced by ``texts``;
    extra texts are appended to the last part, missing ones remove paragraphs. Edited text is marked user."""
    from planner.draft import Paragraph

    new = _copy(plan)
    group = section_group(new, title)
    slots = [(sec, p) for sec in group for p in sec.paragraphs]
    for (_, p), text in zip(slots, texts, strict=False):
        if text != p.text:
            p.text, p.origin, p.fact_keys = text, "user", ()
    for owner, p in slots[len(texts) :]:
        owner.paragraphs.remove(p)
    for text in texts[len(slots) :]:
        group[-1].paragraphs.append(Paragraph(text=text, origin="user"))
    return new
