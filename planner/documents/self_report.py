"""自评报告 generators: every indicator per 学段 with its mean, schools meeting it and CV against its
limit; the 6项+85% verdicts school by school; 政府保障 items computed from the rows and entered in the
form; problems with 整改措施. Figures only through facts; an item not entered is marked 〔待填报〕."""

from __future__ import annotations

import math
from collections import defaultdict

from metrics import STAGE_NAMES
from planner.documents.core import KindContext, generator
from planner.documents.forms import PARTS, FormItem, form_items
from planner.documents.templates import KindSection
from planner.drafting.annexes import cv_table
from planner.drafting.context import DATA_YEAR
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import fmt
from planner.model import AnnexTable, Paragraph

__all__ = ["form_fact", "self_report_annexes"]


def _value(kc: KindContext, s, key: str) -> K:
    return K("school", school=s.name, stage=s.stage, indicator=key, measure="value")


def _met_schools(kc: KindContext, stage: str, key: str) -> list:
    return [
        s
        for s in kc.ev.schools
        if s.stage == stage and key not in s.gaps and not math.isnan(s.indicators.get(key, math.nan))
    ]


def _failing_reasons(kc: KindContext) -> list[str]:
    reasons = []
    failing = K("schools", scope="total", measure="failing")
    if kc.std.has_school_thresholds and kc.facts[failing].value:
        reasons.append(kc.phrase("verdict_reason_schools", count=kc.d(failing)))
    for stage, st in kc.ev.stages.items():
        if st.passed is False:
            reasons.append(
                kc.phrase(
                    "verdict_reason_cv",
                    stage=STAGE_NAMES[stage],
                    count=kc.d(K("cv_failed", stage=stage)),
                    limit=kc.d(K("cv_limit", stage=stage)),
                )
            )
    return reasons


def form_fact(kc: KindContext, item: FormItem) -> str | None:
    """The entered value of a form item as a fact (origin: the workspace form), or None."""
    value = kc.inp.form.value(item.key)
    if value is None:
        return None
    key = K("form", measure=item.key)
    if item.rule == "yesno":
        return kc.fact(
            key, value, display=kc.phrase("form_yes" if value >= 1 else "form_no"), label=item.name
        )
    display = f"{value:g}{item.unit}"
    return kc.fact(key, value, item.unit, display=display, label=f"{item.name}（填报）")


@generator("sr_preamble")
def _preamble(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    words = {"data_year": kc.d(DATA_YEAR)}
    key = "preamble" if kc.std.target == "quality" else "preamble_basic"
    first = kc.para(kc.phrase(key, **words))
    first.sources = (
        {"title": kc.std.title, "doc_no": kc.std.doc_no, "section": "", "source": f"standard:{kc.std.key}"},
    )
    reasons = _failing_reasons(kc)
    passed = "verdict_pass" if kc.std.has_school_thresholds else "verdict_pass_mean"
    verdict = kc.phrase("verdict_fail", reasons="，".join(reasons)) if reasons else kc.phrase(passed)
    items = form_items(kc.std)
    entered = [i for i in items if kc.inp.form.value(i.key) is not None]
    failed = [i for i in entered if not i.met(float(kc.inp.form.value(i.key)))]
    failed_guarantees = [g for g in kc.ev.guarantees if not g.met]
    if entered and not failed and not failed_guarantees:
        verdict += kc.phrase("verdict_forms_pass")
    elif failed or failed_guarantees:
        count = kc.fact(
            K("form", measure="failed"), len(failed) + len({g.item for g in failed_guarantees}), "项"
        )
        verdict += kc.phrase("verdict_forms_fail", count=count)
    missing = [i for i in items if kc.inp.form.value(i.key) is None]
    if missing:
        verdict += kc.phrase(
            "verdict_forms_pending", count=kc.fact(K("form", measure="missing"), len(missing), "项")
        )
    overall = (
        "overall_fail"
        if reasons or failed or failed_guarantees
        else "overall_pending"
        if missing
        else "overall_pass"
    )
    verdict += kc.phrase("verdict_end", overall=kc.phrase(overall))
    return [first, kc.para(kc.phrase("conclusion", verdict=verdict))]


@generator("sr_basic")
def _basic(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    stages = [stage for stage, st in kc.ev.stages.items() if st.schools]
    if len(stages) == 2:
        by_stage = {t: {s: kc.d(K(t, stage=s)) for s in stages} for t in ("schools", "students")}
        stage_schools = kc.phrase("basic_stage_schools", **by_stage["schools"])
        stage_students = kc.phrase("basic_stage_students", **by_stage["students"])
    else:  # one stage only (a 镇 with 小学 only): no "初中0所"
        stage_schools = kc.phrase("basic_one_stage", stage=STAGE_NAMES[stages[0]]) if stages else ""
        stage_students = ""
    out = [
        kc.para(
            kc.phrase(
                "basic",
                schools_total=kc.d(K("schools", scope="total")),
                stage_schools=stage_schools,
                students_total=kc.d(K("students", scope="total")),
                stage_students=stage_students,
                teachers_total=kc.d(K("teachers", scope="total")),
            )
        )
    ]
    if kc.ev.excluded:
        reasons = [
            kc.fact(K("excluded", index=n, measure="reason"), e.reason, rows=[e.row], label=e.name)
            for n, e in enumerate(kc.ev.excluded)
        ]
        names = "、".join(f"{e.name}（{r}）" for e, r in zip(kc.ev.excluded, reasons, strict=True))
        out.append(
            kc.para(kc.phrase("basic_excluded", excluded=kc.d(K("excluded", scope="total")), names=names))
        )
    if kc.std.target == "quality":
        year = kc.inp.form.recognition_year
        if year is None:
            out.append(
                kc.para(
                    kc.phrase("recognition_year_missing", pending=kc.pending_mark("基本均衡国家认定年份"))
                )
            )
        else:
            shown = kc.fact(
                K("form", measure="recognition_year"), year, display=str(year), label="基本均衡认定年份"
            )
            out.append(kc.para(kc.phrase("recognition_year", year=shown)))
    out.append(kc.para(kc.phrase("basic_year", data_year=kc.d(DATA_YEAR))))
    return out


def _indicator(kc: KindContext, stage: str, ind) -> str:
    st = kc.ev.stages[stage]
    mean = kc.d(K("mean", stage=stage, indicator=ind.key))
    if kc.std.has_school_thresholds and stage in ind.thresholds:
        met = _met_schools(kc, stage, ind.key)
        below = [s for s in kc.ev.schools if s.stage == stage and ind.key in s.gaps]
        count = kc.fact(
            K("met", stage=stage, indicator=ind.key),
            len(met),
            "所",
            rows=[r for s in met for r in s.rows],
            label=f"{STAGE_NAMES[stage]}{ind.short}达到标准的学校",
        )
        names = "、".join(f"{s.name}（{kc.d(_value(kc, s, ind.key))}）" for s in below)
        text = kc.phrase(
            "indicator_head",
            indicator=ind.name,
            threshold=kc.d(K("threshold", stage=stage, indicator=ind.key)),
            mean=mean,
            met=count,
            below=kc.phrase("below", names=names) if below else "",
        )
    else:
        text = kc.phrase("indicator_head_mean", indicator=ind.name, mean=mean)
    cv_key = K("cv", stage=stage, indicator=ind.key)
    if cv_key not in kc.facts:
        return text + kc.phrase("cv_none")
    if kc.std.cv_rule == "each":
        verdict = kc.phrase("cv_over" if ind.key in st.cv_failed else "cv_within")
        return text + kc.phrase(
            "cv_each", cv=kc.d(cv_key), cv_verdict=verdict, limit=kc.d(K("cv_limit", stage=stage))
        )
    return text + kc.phrase("cv_plain", cv=kc.d(cv_key))


def _school_rule(kc: KindContext, stage: str) -> str:
    members = [s for s in kc.ev.schools if s.stage == stage]
    failing = [s for s in members if s.passed is False]
    values = {
        "stage": STAGE_NAMES[stage],
        "min_met": kc.d(K("rule", measure="min_met")),
        "min_ratio": kc.d(K("rule", measure="min_ratio")) if kc.has(K("rule", measure="min_ratio")) else "",
        "passing": kc.d(K("schools", stage=stage, measure="passing")),
    }
    if not failing:
        return kc.phrase("school_rule_pass", **values)
    items = []
    for s in failing:
        gaps = []
        for key in s.unmet:
            gap = s.gaps[key]
            ratio = kc.fact(
                K("school", school=s.name, stage=stage, indicator=key, measure="ratio_of_standard"),
                gap.ratio * 100,
                "%",
                display=fmt(gap.ratio * 100, "%", kind="value", against=(kc.std.school_min_ratio or 0) * 100),
                rows=s.rows,
                label=f"{s.name}{kc.std.indicator(key).short}为标准的比例",
            )
            gaps.append(
                kc.phrase(
                    "school_gap",
                    indicator=kc.std.indicator(key).short,
                    value=kc.d(_value(kc, s, key)),
                    ratio=ratio,
                )
            )
        items.append(kc.phrase("school_item", school=s.name, gaps="；".join(gaps)))
    values["failing"] = kc.d(K("schools", stage=stage, measure="failing"))
    return kc.phrase("school_rule", items="，".join(items), **values)


@generator("sr_resources")
def _resources(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out = []
    for stage, st in kc.ev.stages.items():
        label = STAGE_NAMES[stage]
        out.append(
            kc.para(
                kc.phrase(
                    "stage_intro",
                    stage=label,
                    schools=kc.d(K("schools", stage=stage)),
                    students=kc.d(K("students", stage=stage)),
                )
            )
        )
        for ind in kc.std.indicators:
            out.append(kc.para(_indicator(kc, stage, ind)))
        limit = kc.d(K("cv_limit", stage=stage))
        if kc.std.cv_rule == "each":
            n = kc.fact(
                K("rule", stage=stage, measure="cv_items"), len(st.cv), "项", label=f"{label}差异系数项数"
            )
            key = "stage_verdict_each_fail" if st.cv_failed else "stage_verdict_each_pass"
            count = kc.d(K("cv_failed", stage=stage)) if st.cv_failed else n
            out.append(kc.para(kc.phrase(key, stage=label, count=count, limit=limit)))
        elif kc.has(K("cv", stage=stage, measure="composite")):
            verdict = kc.phrase("cv_within" if st.passed else "cv_over")
            cv = kc.d(K("cv", stage=stage, measure="composite"))
            out.append(kc.para(kc.phrase("composite", stage=label, cv=cv, cv_verdict=verdict, limit=limit)))
        if kc.std.has_school_thresholds and kc.std.school_min_met is not None:
            out.append(kc.para(_school_rule(kc, stage)))
    return out


@generator("sr_guarantee")
def _guarantee(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out = []
    by_item: dict[str, list] = defaultdict(list)
    for g in kc.ev.guarantees:
        by_item[g.item].append(g)
    index = {id(g): n for n, g in enumerate(kc.ev.guarantees)}
    for item, checks in by_item.items():
        failed = [g for g in checks if not g.met]
        rows = [g.row for g in checks]
        checked = kc.fact(
            K("guarantee_item", measure=item, scope="checked"),
            len(checks),
            "所",
            rows=rows,
            label=f"{item}核查学校",
        )
        met = kc.fact(
            K("guarantee_item", measure=item, scope="met"),
            len(checks) - len(failed),
            "所",
            rows=rows,
            label=f"{item}达到要求的学校",
        )
        names = "、".join(f"{g.name}（{kc.d(K('guarantee', index=index[id(g)]))}）" for g in failed)
        values = {"item": item, "checked": checked, "met": met}
        values["failed"] = kc.phrase("guarantee_failed", names=names) if failed else ""
        out.append(kc.para(kc.phrase("guarantee_item", **values)))
    if kc.std.target == "quality" and not by_item:
        out.append(kc.para(kc.phrase("guarantee_none")))
    out += _form_part(kc, "guarantee")
    return out


def item_name(kc: KindContext, item: FormItem) -> str:
    """The item's name as a fact (names such as 教师5年360学时培训完成率 hold the standard's figures)."""
    return kc.fact(K("form_item", measure=item.key), item.name, label=item.source)


def _form_part(kc: KindContext, part: str) -> list[Paragraph]:
    out = []
    for item in form_items(kc.std):
        if item.part != part:
            continue
        requirement = kc.fact(
            K("rule", scope="form", measure=item.key),
            item.threshold,
            item.unit,
            display=item.requirement(),
            label=item.source,
        )
        shown = form_fact(kc, item)
        if shown is None:
            name = item_name(kc, item)
            pending = kc.pending_mark(name)
            text = kc.phrase("form_item_pending", name=name, pending=pending, requirement=requirement)
        else:
            verdict = kc.phrase("form_met" if item.met(float(kc.inp.form.value(item.key))) else "form_unmet")
            text = kc.phrase(
                "form_item", name=item_name(kc, item), value=shown, requirement=requirement, verdict=verdict
            )
        out.append(kc.para(text))
    if out and kc.std.target == "quality" and part in ("guarantee", "quality"):
        out.append(kc.para(kc.phrase("form_more", part=PARTS[part])))
    return out


@generator("sr_form_part")
def _form_section(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    return _form_part(kc, spec.key.split(".")[-1])


@generator("sr_practices")
def _practices(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    from planner.documents.records import record_phrases

    out = [Paragraph(text, origin="user") for text in kc.inp.form.practices if text.strip()]
    records = record_phrases(kc)
    if records:
        out.append(kc.para(kc.phrase("practice_records", records="；".join(records))))
    if not out:
        out.append(kc.para(kc.phrase("practices_pending", pending=kc.pending_mark("主要做法"))))
    return out


def _need(kc: KindContext, s, key: str) -> str:
    add_to = kc.std.indicator(key).add_to
    for stage in (s.stage, None):
        need = K("need", field=add_to, scope="school", school=s.name, stage=stage)
        if need in kc.facts:
            return kc.d(need)
    return ""


@generator("sr_problems")
def _problems(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out: list[Paragraph] = []
    deadline = str(kc.st.start_year)
    for s in kc.ev.schools:
        if s.passed is not False:
            continue
        gaps = []
        for key in s.gaps:
            ind = kc.std.indicator(key)
            values = {
                "indicator": ind.short,
                "value": kc.d(_value(kc, s, key)),
                "threshold": kc.d(K("threshold", stage=s.stage, indicator=key)),
            }
            need = _need(kc, s, key)
            gaps.append(
                kc.phrase("problem_gap", need=need, **values)
                if need
                else kc.phrase("problem_gap_short", **values)
            )
        text = kc.phrase("problem_school", school=s.name, gaps="；".join(gaps))
        text += kc.phrase("measure_school", deadline=deadline)
        out.append(kc.para(text, kind="task", units=kc.unit("school")))
    for stage, st in kc.ev.stages.items():
        keys = (
            st.cv_failed if kc.std.cv_rule == "each" else (() if st.passed is not False else ("composite",))
        )
        for key in keys:
            cv = (
                K("cv", stage=stage, indicator=key)
                if key != "composite"
                else K("cv", stage=stage, measure="composite")
            )
            name = kc.std.indicator(key).name if key != "composite" else "综合"
            text = kc.phrase(
                "problem_cv",
                stage=STAGE_NAMES[stage],
                indicator=name,
                cv=kc.d(cv),
                limit=kc.d(K("cv_limit", stage=stage)),
            )
            text += kc.phrase("measure_cv", deadline=deadline)
            out.append(kc.para(text, kind="task", units=kc.unit("school")))
    for n, g in enumerate(kc.ev.guarantees):
        if not g.met:
            text = kc.phrase(
                "problem_guarantee", school=g.name, item=g.item, detail=kc.d(K("guarantee", index=n))
            )
            measure = "measure_guarantee_rooms" if "教室" in g.item else "measure_guarantee"
            text += kc.phrase(measure, deadline=deadline)
            out.append(kc.para(text, kind="task", units=kc.unit("school")))
    pending = []
    for item in form_items(kc.std):
        value = kc.inp.form.value(item.key)
        if value is None:
            pending.append(item)
        elif not item.met(float(value)):
            text = kc.phrase(
                "problem_form",
                name=item_name(kc, item),
                value=kc.d(K("form", measure=item.key)),
                requirement=kc.d(K("rule", scope="form", measure=item.key)),
            )
            text += kc.phrase("measure_form", unit=kc.unit("form"), deadline=deadline)
            out.append(kc.para(text, kind="task", units=kc.unit("form")))
    if pending:
        out.append(kc.para(kc.phrase("problem_pending", names="、".join(item_name(kc, i) for i in pending))))
    if not out:
        out.append(kc.para(kc.phrase("problems_none")))
    return out


def indicator_table(kc: KindContext) -> AnnexTable:
    """Every school × every indicator: the value (▲ below the standard), indicators met, verdict."""
    std = kc.std
    rows = []
    for n, s in enumerate(kc.ev.schools, 1):
        cells = []
        for ind in std.indicators:
            key = _value(kc, s, ind.key)
            cell = kc.d(key) if key in kc.facts else "—"
            cells.append(cell + ("▲" if ind.key in s.gaps else ""))
        met = (
            kc.d(K("school", school=s.name, stage=s.stage, measure="met"))
            if std.has_school_thresholds
            else "—"
        )
        verdict = {True: "达标", False: "未达标", None: "—"}[s.passed]
        rows.append([str(n), s.name, STAGE_NAMES[s.stage], *cells, met, verdict])
    headers = ["序号", "学校", "学段", *(i.short for i in std.indicators), "达标项数", "结论"]
    note = "标▲者低于标准值。指标为简称，全称及标准值见《" + std.title + "》。"
    title = kc.tpl.annex_titles.get("indicators", "学校资源配置指标达成情况表")
    return AnnexTable("indicators", title, headers, rows, kc.dr.take(), note)


def self_report_annexes(kc: KindContext) -> list[AnnexTable]:
    tables = [indicator_table(kc), cv_table(kc.dr)]
    kc.dr.take()
    return tables
