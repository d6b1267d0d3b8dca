"""Projects that a planner would build: no token construction (a new building or field of a few ㎡),
and quantities that agree between the text and the annexes — each year's works in 实施步骤 with that
year's public rows of the 年度实施项目表 (民办 work apart), each group's 共需 with the projects and the
待安排 list, and a combined school's per-学段 gaps with its school-wide project (with a word on 拆分)."""

from __future__ import annotations

import re
from collections import defaultdict

from planner.check.document import PlanDoc, Table
from planner.check.parse import is_private, projects_table, quantity, start_year, unfunded_table, works_in

__all__ = ["annex_sums", "split_note", "token_projects"]

_BUILD = re.compile(
    r"((?:新建|扩建|改扩建|新增用地扩建)[^、，。；\d（]*?(?:用房|场地|运动场))(\d+(?:\.\d+)?)(?:平方米|㎡)"
)
_TOLERANCE = 0.05


def _minimum(doc: PlanDoc, key: str, default: float) -> float:
    """A rule's value: from the plan's settings, else its 测算口径 sentence, else the default."""
    if key in doc.rules:
        return float(doc.rules[key])
    words = {"rooms_adjust_max_m2": "教学及辅助用房缺口在", "field_adjust_max_m2": "运动场地缺口在"}
    for p in doc.paragraphs:
        m = re.search(re.escape(words.get(key, "\0")) + r"(\d+(?:\.\d+)?)平方米以内", p.text)
        if m:
            return float(m.group(1))
    return default


def token_projects(doc: PlanDoc) -> list[str]:
    """A new building or field smaller than the size the plan itself closes by 调整功能用房 / 校内挖潜."""
    rooms = _minimum(doc, "rooms_adjust_max_m2", 300.0)
    field = _minimum(doc, "field_adjust_max_m2", 300.0)
    out = []
    seen = set()
    texts = [(p.section, p.text) for p in doc.paragraphs]
    for t in doc.tables:
        item, amount = t.column("项目"), t.column("数量")
        if item is not None and amount is not None:
            texts += [(t.title, f"{r[item]}{r[amount]}") for r in t.rows]
    for where, text in texts:
        for m in _BUILD.finditer(text):
            floor = field if "场" in m.group(1) else rooms
            size = float(m.group(2))
            if 0 < size < floor and (m.group(0), where) not in seen:
                seen.add((m.group(0), where))
                out.append(
                    f"零星工程：“{where}”中“{m.group(0)}”不足{floor:g}平方米，"
                    "应通过调整功能用房或校内挖潜解决，不应作为新建项目。"
                )
    return out


def _annex_sums(table: Table, by_year: bool) -> dict[tuple[str, str, str], float]:
    """(year or "", work, unit) → quantity over the table's public rows."""
    item, amount, when = table.column("项目"), table.column("数量"), table.column("实施时间")
    out: dict[tuple[str, str, str], float] = defaultdict(float)
    for row in table.rows:
        if row[0] in ("合计", "") or item is None or amount is None or is_private(table, row):
            continue
        q = quantity(row[amount])
        if q is None:
            continue
        year = start_year(row[when]) if by_year and when is not None else ""
        out[(year, row[item], q[1])] += q[0]
    return out


def annex_sums(doc: PlanDoc) -> list[str]:
    """Each year's 主要是… and each group's 共需… against the annexes' public rows."""
    projects = projects_table(doc)
    if projects is None:
        return []
    out = []
    yearly = _annex_sums(projects, by_year=True)
    labels = {r[projects.column("项目")] for r in projects.rows if projects.column("项目") is not None}
    unfunded = unfunded_table(doc)
    if unfunded is not None and unfunded.column("项目") is not None:
        labels |= {r[unfunded.column("项目")] for r in unfunded.rows}
    current = None
    for p in doc.paragraphs:
        m = re.match(r"(\d{4})年为“", p.text)
        if not m:
            continue
        current = f"{m.group(1)}年"
        listed = re.search(r"主要是(.+?)。", p.text)
        if not listed:
            continue
        for w in works_in(listed.group(1), labels):
            annex = yearly.get((current, w.label, w.unit))
            if annex is None or abs(annex - w.amount) > _TOLERANCE:
                shown = "没有" if annex is None else f"合计{annex:g}{w.unit}"
                out.append(
                    f"附件与正文：{current}实施步骤写“{w.label}{w.amount:g}{w.unit}”，"
                    f"年度实施项目表中该年财政资金项目{shown}（民办学校项目应单列）。"
                )
    total = defaultdict(float, {(w, u): a for (_, w, u), a in _annex_sums(projects, by_year=False).items()})
    if unfunded is not None:
        for (_, w, u), a in _annex_sums(unfunded, by_year=False).items():
            total[(w, u)] += a
    for p in doc.paragraphs:
        listed = re.search(r"共需(.+?)，估算投入", p.text)
        if not listed:
            continue
        for w in works_in(listed.group(1), labels):
            annex = total.get((w.label, w.unit))
            if annex is None or abs(annex - w.amount) > _TOLERANCE:
                shown = "没有" if annex is None else f"合计{annex:g}{w.unit}"
                out.append(
                    f"附件与正文：“{p.section}”共需“{w.label}{w.amount:g}{w.unit}”，"
                    f"年度实施项目表和待安排项目清单{shown}。"
                )
    return out


def _facility(label: str) -> str | None:
    """运动场 work or 体育运动场馆 gap → field; 用房 → rooms; anything else None."""
    if "运动场" in label:
        return "field"
    if "用房" in label:
        return "rooms"
    return None


def split_note(doc: PlanDoc) -> list[str]:
    """A school listed with two 学段 in the 差距清单 for a facility whose gaps do not add up to its
    project: the annexes must say that the gap is per 学段 after 拆分."""
    gaps = doc.table("缺口", "学段", "学校")
    projects = projects_table(doc)
    if gaps is None or projects is None:
        return []
    school, stage, gap, ind = (gaps.column(h) for h in ("学校", "学段", "缺口", "指标（简称）"))
    if ind is None:
        return []
    stages: dict[tuple[str, str], set[str]] = defaultdict(set)
    area: dict[tuple[str, str], float] = defaultdict(float)
    for row in gaps.rows:
        kind, q = _facility(row[ind]), quantity(row[gap])
        if kind and q and q[1] == "㎡":
            stages[(row[school], kind)].add(row[stage])
            area[(row[school], kind)] += q[0]
    built: dict[tuple[str, str], float] = defaultdict(float)
    for table in [projects, *filter(None, [unfunded_table(doc)])]:
        name, item, amount = table.column("学校"), table.column("项目"), table.column("数量")
        if None in (name, item, amount):
            continue
        for row in table.rows:
            kind, q = _facility(row[item]), quantity(row[amount])
            if kind and q and q[1] == "㎡":
                built[(re.sub(r"（(?:小学|初中|高中)部）$", "", row[name]), kind)] += q[0]
    listed = doc.table("学校", "学段", "结论")
    combined: dict[str, set[str]] = defaultdict(set)
    if listed is not None:
        for row in listed.rows:
            combined[row[listed.column("学校")]].add(row[listed.column("学段")])
    notes = " ".join(t.note for t in doc.tables) + " ".join(
        p.text for p in doc.paragraphs if p.text.startswith("注：")
    )
    out = []
    for key, parts in stages.items():
        two = len(parts | combined.get(key[0], set())) >= 2
        if not two or key not in built or abs(built[key] - area[key]) < 1.0:
            continue
        if "拆分" not in notes or key[0] not in notes:
            out.append(
                f"附件与正文：{key[0]}差距清单中各学段缺口合计{area[key]:g}㎡，项目为{built[key]:g}㎡，"
                "未说明一贯制学校设施按学段拆分后的折算。"
            )
    return out
