"""经验交流材料 generators: one part per 主要做法 the office recorded (its title the heading, its text
quoted as typed), each followed by the figures of its kind that are on record — the office's work
records (投入, 新建校舍, 新增教师, 培训 …) and the improvements between two 统计年度 — and a closing part
on the results the data shows. Not drafted without recorded practices (core.MissingInputs)."""

from __future__ import annotations

from metrics import STAGE_NAMES
from planner.documents.core import KindContext, generator
from planner.documents.forms import RECORD_NAMES, TOPICS
from planner.documents.records import record_total
from planner.documents.self_report import practice_paragraph
from planner.documents.templates import KindSection
from planner.documents.work_summary import _pair, _years, comparison
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import fmt
from planner.model import Paragraph, Section

__all__: list[str] = []


def _records(kc: KindContext, keys) -> list[str]:
    out = []
    for key in keys:
        shown = record_total(kc, key)
        if shown is not None:
            out.append(kc.phrase("record_item", name=RECORD_NAMES[key][0], value=shown))
    return out


MIN_RISE = 0.01
"""A county mean must rise by at least 1 % to be called a 成效 (11.29 → 11.30 ㎡ is noise)."""


def _rose(a: float | None, b: float | None, unit: str, kind: str) -> bool:
    """b > a, by enough to show in the printed figures (no "由5.23增至5.23") and, for a value, by at
    least ``MIN_RISE`` of it.

    >>> _rose(11.29, 11.30, "㎡", "value"), _rose(8.51, 8.79, "㎡", "value"), _rose(0.125, 0.123, "", "cv")
    (False, True, False)
    """
    if a is None or b is None or b <= a or fmt(a, unit, kind) == fmt(b, unit, kind):
        return False
    return kind != "value" or a <= 0 or (b - a) / a >= MIN_RISE


def _topic_of(kc: KindContext, indicator) -> str:
    """conditions for an indicator the plan closes with buildings or equipment, else teachers."""
    return "conditions" if indicator.add_to in kc.tpl.constants["facility_fields"] else "teachers"


@generator("ex_preamble")
def _preamble(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    # the records are said once, under the practice of their kind (or among the results): the opening
    # names only where the figures come from
    sources = []
    if kc.inp.form.records:
        sources.append(kc.phrase("sources_records"))
    if kc.inp.previous is not None:
        prev, year = _years(kc)
        sources.append(kc.phrase("sources_stats", prev_year=prev, year=year))
    text = kc.phrase("preamble", sources=kc.phrase("sources", items="；".join(sources)) if sources else "")
    para = kc.para(text)
    para.sources = (
        {"title": kc.std.title, "doc_no": kc.std.doc_no, "section": "", "source": f"standard:{kc.std.key}"},
    )
    return [para]


def _conditions(kc: KindContext) -> list[Paragraph]:
    out = []
    items = _records(kc, kc.tpl.constants["topic_records"]["conditions"])
    if items:
        out.append(kc.para(kc.phrase("topic_records", items="，".join(items))))
    if kc.inp.previous is None:
        return out
    changes = []
    for stage, trend in comparison(kc).stages.items():
        for ind in trend.indicators:
            a, b = ind.means[-2], ind.means[-1]
            if _topic_of(kc, kc.std.indicator(ind.key)) != "conditions" or not _rose(a, b, ind.unit, "value"):
                continue
            before, after = _pair(kc, ind.short, stage, ind.key, "mean", (a, b), ind.unit, "value")
            changes.append(
                kc.phrase(
                    "change_up", stage=STAGE_NAMES[stage], indicator=ind.name, before=before, after=after
                )
            )
    if changes:
        out.append(kc.para(kc.phrase("conditions", changes="，".join(changes))))
    return out


def _teachers(kc: KindContext) -> list[Paragraph]:
    out = []
    items = _records(kc, kc.tpl.constants["topic_records"]["teachers"])
    if items:
        out.append(kc.para(kc.phrase("topic_records", items="，".join(items))))
    prev = kc.inp.previous
    if prev is not None and "teachers" in prev.evaluation.table:
        before_n = float(prev.evaluation.table["teachers"].fillna(0).sum())
        after_n = float(kc.facts[K("teachers", scope="total")].value)
        if after_n > before_n:
            rows = [r for s in prev.evaluation.schools for r in s.rows]
            before = kc.fact(
                K("trend", year=prev.year, measure="teachers"),
                before_n,
                "人",
                rows=rows,
                label=f"{prev.year}年度专任教师",
            )
            prev_year, year = _years(kc)
            after = kc.d(K("teachers", scope="total"))
            text = kc.phrase("teachers_change", before=before, after=after, prev_year=prev_year, year=year)
            out.append(kc.para(text))
    return out


def _balance(kc: KindContext) -> list[Paragraph]:
    if kc.inp.previous is None:
        return []
    out = []
    cmp = comparison(kc)
    changes = []
    for stage, trend in cmp.stages.items():
        for ind in trend.indicators:
            a, b = ind.cvs[-2], ind.cvs[-1]
            if a is None or b is None or not _rose(b, a, "", "cv"):
                continue
            before, after = _pair(kc, f"{ind.short}差异系数", stage, ind.key, "cv", (a, b), "", "cv")
            changes.append(
                kc.phrase("cv_down", stage=STAGE_NAMES[stage], indicator=ind.name, before=before, after=after)
            )
    if changes:
        out.append(kc.para(kc.phrase("balance", changes="；".join(changes))))
    if kc.std.has_school_thresholds:
        for stage, trend in cmp.stages.items():
            a, b = trend.passed_schools[-2], trend.passed_schools[-1]
            if b > a:
                before, after = _pair(kc, "达到学校达标要求的学校", stage, None, "passed", (a, b), "所", None)
                out.append(
                    kc.para(kc.phrase("passing", stage=STAGE_NAMES[stage], before=before, after=after))
                )
    return out


_FIGURES = {"conditions": _conditions, "teachers": _teachers, "balance": _balance}


@generator("ex_practices")
def _practices(kc: KindContext, spec: KindSection) -> list[Paragraph | Section]:
    """One part per practice; each topic's figures go under its first practice only."""
    out: list[Paragraph | Section] = []
    placed: set[str] = set()
    for n, p in enumerate(kc.inp.form.practices, 1):
        title = p.title.rstrip("。") or TOPICS[p.topic]
        paras = [practice_paragraph(p.model_copy(update={"title": ""}))]
        if p.topic in _FIGURES and p.topic not in placed:
            placed.add(p.topic)
            paras += _FIGURES[p.topic](kc)
        out.append(Section(f"practices.{n}", title, 1, paras))
    kc._placed = placed
    return out


@generator("ex_results")
def _results(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    """What the data shows that no practice has quoted yet (the topics left over)."""
    placed = getattr(kc, "_placed", set())
    out = []
    for topic, figures in _FIGURES.items():
        if topic not in placed:
            out += figures(kc)
    return out
