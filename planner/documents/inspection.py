"""迎评工作方案 generators: phases dated backwards from the inspection date (template data:
``weeks_before``), the 领导小组 and 工作组 in the level's words, each school's 整改清单 from its remaining
gaps (the same facts as the plan's 差距清单), and the materials checklist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from metrics import STAGE_NAMES
from planner.documents.core import KindContext, generator
from planner.documents.templates import KindSection
from planner.drafting.annexes import gaps_table
from planner.drafting.facts import FactKey as K
from planner.model import AnnexTable, Paragraph, Section

__all__ = ["Phase", "inspection_annexes", "phase_dates"]


@dataclass(frozen=True)
class Phase:
    name: str
    start: date
    end: date
    duties: str


def phase_dates(inspection: date, phases: list[dict]) -> list[Phase]:
    """Each phase from ``weeks_before[0]`` weeks before the inspection to the day before
    ``weeks_before[1]`` weeks before it (a phase at 0 weeks is the inspection day itself).

    >>> phases = [{"name": "a", "weeks_before": [4, 1], "duties": ""},
    ...           {"name": "b", "weeks_before": [0, 0], "duties": ""}]
    >>> [(p.start.isoformat(), p.end.isoformat()) for p in phase_dates(date(2026, 10, 15), phases)]
    [('2026-09-17', '2026-10-07'), ('2026-10-15', '2026-10-15')]
    """
    out = []
    for p in phases:
        first, last = p["weeks_before"]
        start = inspection - timedelta(weeks=first)
        end = inspection - timedelta(weeks=last) - timedelta(days=1) if last or first else inspection
        out.append(Phase(p["name"], start, max(start, end), p["duties"]))
    return out


def _date(kc: KindContext, key: K, d: date, label: str) -> str:
    return kc.fact(
        key, d.isoformat(), display=kc.phrase("date", year=d.year, month=d.month, day=d.day), label=label
    )


def _phases(kc: KindContext) -> list[Phase]:
    return phase_dates(kc.inp.inspection_date, kc.tpl.constants["phases"])


def _deadline(kc: KindContext, name: str) -> str:
    n, phase = next((n, p) for n, p in enumerate(_phases(kc)) if p.name == kc.tpl.constants[name])
    return _date(kc, K("setting", index=n, measure="phase_end"), phase.end, f"{phase.name}结束")


@generator("ip_preamble")
def _preamble(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    d = kc.inp.inspection_date
    when = kc.fact(
        K("setting", measure="inspection_date"),
        d.isoformat(),
        display=f"{d.year}年{d.month}月",
        label="督导评估日期",
    )
    para = kc.para(kc.phrase("preamble", inspection_date=when))
    para.sources = (
        {"title": kc.std.title, "doc_no": kc.std.doc_no, "section": "", "source": f"standard:{kc.std.key}"},
    )
    return [para]


@generator("ip_goals")
def _goals(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    deadline = _deadline(kc, "rectify_phase")
    failing = K("schools", scope="total", measure="failing")
    cv_items = [
        kc.phrase(
            "goals_cv_item",
            stage=STAGE_NAMES[stage],
            count=kc.d(K("cv_failed", stage=stage)),
            limit=kc.d(K("cv_limit", stage=stage)),
        )
        for stage, st in kc.ev.stages.items()
        if st.passed is False
    ]
    has_failing = failing in kc.facts and kc.facts[failing].value
    if not has_failing and not cv_items:
        return [kc.para(kc.phrase("goals_pass", deadline=deadline))]
    note = kc.phrase("goals_cv_note", items="，".join(cv_items)) if cv_items else ""
    count = kc.d(failing) if failing in kc.facts else kc.fact(failing, 0, "所")
    return [kc.para(kc.phrase("goals_fail", failing=count, cv_note=note, deadline=deadline))]


@generator("ip_organisation")
def _organisation(kc: KindContext, spec: KindSection) -> list[Paragraph | Section]:
    members = kc.tpl.render("constants.members", kc.base["members"], kc.base)
    out: list[Paragraph | Section] = []
    lead = Section("organisation.leading", "领导小组", 2, [kc.para(kc.phrase("leading", members=members))])
    groups = []
    for n, g in enumerate(kc.tpl.constants["groups"]):
        unit = kc.tpl.render(f"constants.groups[{n}].unit", g["unit"], kc.base)
        text = kc.phrase("group", name=g["name"], unit=unit, duties=g["duties"])
        groups.append(kc.para(text))
    out += [lead, Section("organisation.groups", "工作组及职责", 2, groups)]
    return out


@generator("ip_phases")
def _phase_sections(kc: KindContext, spec: KindSection) -> list[Paragraph | Section]:
    out: list[Paragraph | Section] = []
    for n, p in enumerate(_phases(kc)):
        end = _date(kc, K("setting", index=n, measure="phase_end"), p.end, f"{p.name}结束")
        if p.start == p.end:
            title = kc.phrase("phase_title_day", name=p.name, end=end)
        else:
            start = _date(kc, K("setting", index=n, measure="phase_start"), p.start, f"{p.name}开始")
            title = kc.phrase("phase_title", name=p.name, start=start, end=end)
        kc.dr.take()
        out.append(Section(f"phases.{n + 1}", title, 2, [kc.para(p.duties)]))
    return out


def _need(kc: KindContext, s, key: str) -> str:
    field = kc.std.indicator(key).add_to
    for stage in (s.stage, None):
        need = K("need", field=field, scope="school", school=s.name, stage=stage)
        if need in kc.facts:
            return kc.phrase("rect_need", amount=kc.d(need))
    return ""


@generator("ip_rectification")
def _rectification(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out = []
    for s in kc.ev.schools:
        if not s.gaps or not kc.std.has_school_thresholds:
            continue
        gaps = []
        for key in s.gaps:
            ind = kc.std.indicator(key)
            gaps.append(
                kc.phrase(
                    "rect_gap",
                    indicator=ind.short,
                    value=kc.d(K("school", school=s.name, stage=s.stage, indicator=key, measure="value")),
                    threshold=kc.d(K("threshold", stage=s.stage, indicator=key)),
                    need=_need(kc, s, key),
                )
            )
        text = kc.phrase(
            "rect_school", school=s.name, gaps="；".join(gaps), deadline=_deadline(kc, "rectify_phase")
        )
        out.append(kc.para(text, kind="task", units=kc.unit("school")))
    for n, g in enumerate(kc.ev.guarantees):
        if not g.met:
            text = kc.phrase(
                "rect_guarantee",
                school=g.name,
                item=g.item,
                detail=kc.d(K("guarantee", index=n)),
                deadline=_deadline(kc, "rectify_phase"),
            )
            out.append(kc.para(text, kind="task", units=kc.unit("school")))
    for stage, st in kc.ev.stages.items():
        for key in st.cv_failed if kc.std.cv_rule == "each" else ():
            text = kc.phrase(
                "rect_cv",
                stage=STAGE_NAMES[stage],
                indicator=kc.std.indicator(key).name,
                cv=kc.d(K("cv", stage=stage, indicator=key)),
                limit=kc.d(K("cv_limit", stage=stage)),
                deadline=_deadline(kc, "rectify_phase"),
            )
            out.append(kc.para(text, kind="task", units=kc.unit("school")))
    if not out:
        return [kc.para(kc.phrase("rect_none"))]
    if kc.annex_no("gaps"):
        out.append(kc.para(kc.phrase("rect_annex", annex=kc.annex_no("gaps"))))
    return out


def _materials_table(kc: KindContext) -> AnnexTable:
    deadline = _deadline(kc, "materials_phase")
    rows = []
    for n, m in enumerate(kc.tpl.constants["materials"], 1):
        unit = kc.tpl.render(f"constants.materials[{n}].unit", m["unit"], kc.base)
        rows.append([str(n), m["name"], unit, deadline])
    title = kc.tpl.annex_titles.get("materials", "迎评材料清单")
    return AnnexTable("materials", title, ["序号", "材料", "责任单位", "完成时限"], rows, kc.dr.take())


@generator("ip_materials")
def _materials(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    deadline = _deadline(kc, "materials_phase")
    return [kc.para(kc.phrase("materials", annex=kc.annex_no("materials"), deadline=deadline))]


def inspection_annexes(kc: KindContext) -> list[AnnexTable]:
    tables = []
    if kc.std.has_school_thresholds and any(s.gaps for s in kc.ev.schools):
        tables.append(gaps_table(kc.dr))
    tables.append(_materials_table(kc))
    kc.dr.take()
    return tables
