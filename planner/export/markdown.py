"""A Markdown preview of a Plan, with the same ordinals and numbering as the Word export."""

from __future__ import annotations

from planner.export.docx import numbered_sections, ordinal
from planner.model import Plan

__all__ = ["export_markdown"]


def _cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def export_markdown(plan: Plan) -> str:
    """The plan as Markdown: # title, ## 一、, ### （一）, numbered tasks with 〔责任单位〕, annex tables."""
    out = [f"# {plan.title}", ""]
    colophon: list[str] = []
    for sec, heading in numbered_sections(plan):
        if heading:
            out += [f"{'#' * (sec.level + 1)} {heading}", ""]
        task_no = item_no = 0
        for p in sec.paragraphs:
            if p.kind == "task":
                task_no += 1
                units = f"〔责任单位：{p.units}〕" if p.units else ""
                lead = f"**{p.lead}**" if p.lead else ""
                out.append(f"{task_no}．{lead}{p.text}{units}")
            elif p.kind == "item":
                item_no += 1
                lead = f"（{ordinal(item_no)}）**{p.lead}**" if p.lead else f"{item_no}．"
                out.append(f"{lead}{p.text}")
            elif p.kind == "signature":
                out.append(f'<div align="right">{p.text}</div>')
            elif p.kind == "colophon":
                colophon.append(p.text.replace("\t", "　　"))
                continue
            else:
                out.append(p.text)
            out.append("")
    for n, table in enumerate(plan.annexes, 1):
        out += [
            f"## 附件{n}　{table.title}",
            "",
            "| " + " | ".join(table.headers) + " |",
            "|" + "---|" * len(table.headers),
        ]
        out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
        out += ["", table.note, ""] if table.note else [""]
    if colophon:  # 版记, after the 附件
        out += ["---", *(f"{line}  " for line in colophon), "---", ""]
    return "\n".join(out)
