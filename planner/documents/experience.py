"""经验交流材料 generators: only recorded facts — the office's records (投入, 新增教师, 培训) and the
changes between two 统计年度 that are improvements (means up, CVs down, more schools passing). A
paragraph without a fact is not written; a section without one is left out."""

from __future__ import annotations

from metrics import STAGE_NAMES
from planner.documents.core import KindContext, generator
from planner.documents.forms import RECORD_NAMES
from planner.documents.records import record_total
from planner.documents.templates import KindSection
from planner.documents.work_summary import _pair, _years, comparison
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import fmt
from planner.model import Paragraph

__all__: list[str] = []


def _records(kc: KindContext, keys: tuple[str, ...]) -> list[str]:
    out = []
    for key in keys:
        shown = record_total(kc, key)
        if shown is not None:
            out.append(kc.phrase("record_item", name=RECORD_NAMES[key][0], value=shown))
    return out


@generator("ex_preamble")
def _preamble(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    note = ""
    if kc.inp.previous is not None:
        prev, year = _years(kc)
        note = kc.phrase("years_note", prev_year=prev, year=year)
    return [kc.para(kc.phrase("preamble", years_note=note))]


@generator("ex_investment")
def _investment(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out = []
    items = _records(kc, ("investment", "buildings_area"))
    if items:
        out.append(kc.para(kc.phrase("investment_record", items="，".join(items))))
    if kc.inp.previous is not None:
        changes = []
        for stage, trend in comparison(kc).stages.items():
            for ind in trend.indicators:
                a, b = ind.means[-2], ind.means[-1]
                if ind.key not in kc.tpl.constants["facility_indicators"] or not _rose(
                    a, b, ind.unit, "value"
                ):
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


def _rose(a: float | None, b: float | None, unit: str, kind: str) -> bool:
    """b > a, and by enough to show in the printed figures (no "由5.23增至5.23")."""
    return a is not None and b is not None and b > a and fmt(a, unit, kind) != fmt(b, unit, kind)


@generator("ex_teachers")
def _teachers(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out = []
    items = _records(kc, ("teachers_added", "training_sessions"))
    if items:
        out.append(kc.para(kc.phrase("teachers_record", items="，".join(items))))
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
            out.append(
                kc.para(
                    kc.phrase("teachers_change", before=before, after=after, prev_year=prev_year, year=year)
                )
            )
    return out


@generator("ex_balance")
def _balance(kc: KindContext, spec: KindSection) -> list[Paragraph]:
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
                before, after = _pair(kc, "全部指标达标学校", stage, None, "passed", (a, b), "所", None)
                out.append(
                    kc.para(kc.phrase("passing", stage=STAGE_NAMES[stage], before=before, after=after))
                )
    return out
