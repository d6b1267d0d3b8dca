"""自评报告 generators, in the structure a county submits: 主送机关; the basis and the verdict of every
part; 县情 and the schools (by type, 举办者, 城乡; combined schools once with their parts); every
indicator per 学段 with its schools and CV; every item of 政府保障程度, 教育质量 and 社会认可度 with its
figure and verdict; the 一票否决 declaration; 主要做法; problems with 整改措施 whose deadlines are the
plan's (a 民办 school's work is its 举办者's); 落款 and 版记. Figures only through facts; what neither
the data nor the form holds is marked 〔待填报〕, never guessed."""

from __future__ import annotations

import math

import pandas as pd

from metrics import STAGE_NAMES
from metrics.columns import COMBINED_TYPES, SCHOOL_TYPES
from planner.documents.core import KindContext, generator
from planner.documents.forms import PARTS
from planner.documents.guarantee_work import by_school, check_item, check_work
from planner.documents.items import ItemStatus, MeasureStatus, item_statuses
from planner.documents.plan_link import (
    PlanWork,
    due_fact,
    field_words,
    overdue,
    plan_work,
    spared,
    work_words,
)
from planner.documents.schools import is_private, need_key, part_label, part_name, school_groups
from planner.documents.templates import KindSection
from planner.drafting.annexes import cv_table, without_column
from planner.drafting.context import DATA_YEAR
from planner.drafting.facts import FactKey as K
from planner.drafting.facts import fmt
from planner.model import AnnexTable, Paragraph

__all__ = ["form_fact", "self_report_annexes"]


def _value(s, key: str) -> K:
    return K("school", school=s.name, stage=s.stage, indicator=key, measure="value")


def _met_schools(kc: KindContext, stage: str, key: str) -> list:
    return [
        s
        for s in kc.ev.schools
        if s.stage == stage and key not in s.gaps and not math.isnan(s.indicators.get(key, math.nan))
    ]


def _statuses(kc: KindContext) -> list[ItemStatus]:
    if not hasattr(kc, "_items"):
        kc._items = item_statuses(kc.ev, kc.inp.form)
    return kc._items


# ---- 主送机关, 开头 --------------------------------------------------------------------------------


@generator("sr_addressee")
def _addressee(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    name = kc.inp.form.addressee.strip()
    if name:
        return [Paragraph(kc.phrase("addressee", addressee=name), kind="addressee", origin="user")]
    return [kc.para(kc.phrase("addressee_pending", pending=kc.pending_mark("主送机关")), kind="addressee")]


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


def _part_verdict(kc: KindContext, part: str, items: list[ItemStatus]) -> str:
    """；政府保障程度15项，达到要求10项、未达到2项、待核实3项 (or one word for a one-item part)."""
    name = _part_name(kc, part)
    numbered = [i for i in items if i.number]
    if len(numbered) == 1 and len(items) == 1:
        return kc.phrase("verdict_part_one", part=name, state=kc.phrase(f"state_{items[0].verdict}"))
    total = kc.fact(K("items", scope=part, measure="total"), len(items), "项", label=f"{name}项目数")
    counts = []
    for verdict in ("met", "unmet", "pending"):
        n = sum(1 for i in items if i.verdict == verdict)
        if n:
            shown = kc.fact(K("items", scope=part, measure=verdict), n, "项", label=f"{name}{verdict}")
            counts.append(kc.phrase(f"part_{verdict}", n=shown))
    return kc.phrase("verdict_part", part=name, total=total, counts="、".join(counts))


@generator("sr_preamble")
def _preamble(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    key = "preamble" if kc.std.target == "quality" else "preamble_basic"
    first = kc.para(kc.phrase(key, data_year=kc.d(DATA_YEAR)))
    first.sources = (
        {"title": kc.std.title, "doc_no": kc.std.doc_no, "section": "", "source": f"standard:{kc.std.key}"},
    )
    reasons = _failing_reasons(kc)
    passed = "verdict_pass" if kc.std.has_school_thresholds else "verdict_pass_mean"
    verdict = kc.phrase("verdict_fail", reasons="，".join(reasons)) if reasons else kc.phrase(passed)
    statuses = _statuses(kc)
    for part in ("guarantee", "quality", "recognition"):
        items = [i for i in statuses if i.part == part]
        if items:
            verdict += _part_verdict(kc, part, items)
    veto = [i for i in statuses if i.part == "veto"]
    if veto:
        found = [i for i in veto if i.verdict == "unmet"]
        if found:
            verdict += kc.phrase("verdict_veto_found", names="、".join(i.name for i in found))
        elif any(i.verdict == "pending" for i in veto):
            verdict += kc.phrase("verdict_veto_pending")
        else:
            verdict += kc.phrase("verdict_veto_clear")
    unmet = reasons or any(i.verdict == "unmet" for i in statuses)
    pending = any(i.verdict == "pending" for i in statuses)
    overall = "overall_fail" if unmet else "overall_pending" if pending else "overall_pass"
    verdict += kc.phrase("verdict_end", overall=kc.phrase(overall))
    return [first, kc.para(kc.phrase("conclusion", verdict=verdict))]


# ---- 一、基本情况 ----------------------------------------------------------------------------------


def _entered(kc: KindContext, measure: str, value, unit: str, label: str, name: str) -> str:
    if value is None:
        return kc.pending_mark(name)
    return kc.fact(K("form", measure=measure), value, unit, display=f"{value:g}", label=f"{label}（填报）")


@generator("sr_profile")
def _profile(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    p = kc.inp.form.profile
    out = []
    if p.overview.strip():
        out.append(Paragraph(p.overview.strip(), origin="user"))
    area_name = f"{kc.base['area']}面积"
    text = kc.phrase(
        "profile",
        area=_entered(kc, "profile.area_km2", p.area_km2, "平方公里", area_name, area_name),
        townships=_entered(
            kc, "profile.townships", p.townships, "个", f"{kc.base['subunits']}数", f"{kc.base['subunits']}数"
        ),
        population=_entered(kc, "profile.population_wan", p.population_wan, "万人", "常住人口", "常住人口"),
    )
    out.append(kc.para(text))
    frame = kc.inp.current.frame
    if frame is not None and "township" in frame and kc.st.level != "town":
        towns = {str(t) for t in frame["township"].dropna() if str(t).strip()}
        if towns:
            count = kc.fact(
                K("structure", measure="townships"),
                len(towns),
                "个",
                display=str(len(towns)),
                rows=[int(r) for r in frame["row"]],
                label="义务教育学校所在乡镇（街道）数",
            )
            out.append(kc.para(kc.phrase("profile_schools_in", count=count)))
    return out


def _compulsory(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["school_type"].isin(SCHOOL_TYPES)] if "school_type" in frame else frame.iloc[0:0]


def _count(kc: KindContext, key: K, rows: pd.DataFrame, label: str, unit: str = "所") -> str:
    return kc.fact(key, len(rows), unit, rows=[int(r) for r in rows["row"]], label=label)


def _sum(frame: pd.DataFrame, column: str) -> float:
    return float(pd.to_numeric(frame[column], errors="coerce").fillna(0).sum()) if column in frame else 0.0


def _structure(kc: KindContext, frame: pd.DataFrame) -> list[Paragraph]:
    """Schools by type, 举办者 and 城乡, and their students, classes and teachers (all uploaded
    义务教育 schools, in scope or not)."""
    schools = _compulsory(frame)
    if schools.empty:
        return []
    out = []
    rows = [int(r) for r in schools["row"]]
    total = _count(kc, K("structure", measure="schools"), schools, "义务教育学校")
    types = []
    for name in SCHOOL_TYPES:
        these = schools[schools["school_type"] == name]
        if len(these):
            unit = "个" if name == "教学点" else "所"
            shown = _count(kc, K("structure", field=name, measure="schools"), these, name, unit)
            types.append(kc.phrase("schools_type", type=name, count=shown))
    private = schools[schools["ownership"].astype(str).str.strip() == "民办"]
    if len(private):
        public = schools[schools["ownership"].astype(str).str.strip() != "民办"]
        ownership = kc.phrase(
            "schools_private",
            public=_count(kc, K("structure", field="公办", measure="schools"), public, "公办学校"),
            private=_count(kc, K("structure", field="民办", measure="schools"), private, "民办学校"),
            names="、".join(private["name"].astype(str)),
        )
    else:
        ownership = kc.phrase("schools_public_only")
    places = []
    if "urban_rural" in schools:
        for place in dict.fromkeys(str(p) for p in schools["urban_rural"].dropna() if str(p).strip()):
            these = schools[schools["urban_rural"].astype(str) == place]
            shown = _count(kc, K("structure", field=place, measure="schools"), these, f"{place}学校")
            places.append(kc.phrase("schools_place", place=place, count=shown))
    out.append(
        kc.para(
            kc.phrase(
                "schools",
                total=total,
                types=kc.phrase("schools_types", parts="、".join(types)) if len(types) > 1 else "",
                ownership=ownership,
                places="、".join(places) or "—",
            )
        )
    )
    primary, junior = _sum(schools, "primary_students"), _sum(schools, "junior_students")
    students = kc.fact(K("structure", measure="students"), primary + junior, "人", rows=rows, label="在校生")
    stage_students = ""
    if primary and junior:
        stage_students = kc.phrase(
            "schools_stage_students",
            primary=kc.fact(K("structure", stage="primary", measure="students"), primary, "人", rows=rows),
            junior=kc.fact(K("structure", stage="junior", measure="students"), junior, "人", rows=rows),
        )
    senior_mixed = schools["school_type"].isin(("完全中学", "十二年一贯制学校"))
    teachers = _sum(schools[~senior_mixed], "teachers") + _sum(schools[senior_mixed], "junior_teachers")
    teachers_shown = kc.fact(K("structure", measure="teachers"), teachers, "人", rows=rows, label="专任教师")
    classes = _sum(schools, "primary_classes") + _sum(schools, "junior_classes")
    if classes:
        classes_shown = kc.fact(K("structure", measure="classes"), classes, "个", rows=rows, label="教学班")
        text = kc.phrase(
            "schools_size",
            students=students,
            stage_students=stage_students,
            classes=classes_shown,
            teachers=teachers_shown,
        )
    else:
        text = kc.phrase(
            "schools_size_no_classes",
            students=students,
            stage_students=stage_students,
            teachers=teachers_shown,
        )
    if kc.ev.excluded:  # the plan counts the assessed schools only: say which scope these figures are
        names = "、".join(e.name for e in kc.ev.excluded)
        text = text.rstrip("。") + kc.phrase("schools_size_scope", names=names)
    out.append(kc.para(text))
    return out


@generator("sr_schools")
def _schools(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    out: list[Paragraph] = []
    frame = kc.inp.current.frame
    if frame is not None and "row" in frame:
        out += _structure(kc, frame)
    stages = [stage for stage, st in kc.ev.stages.items() if st.schools]
    total = kc.d(K("schools", scope="total"))
    if len(stages) == 2:
        # the schools assessed in both parts (a 完全中学 is assessed in its 初中 only)
        combined = [g[0].name for g in school_groups(kc.ev) if len(g) > 1]
        note = kc.phrase("schools_combined", names="、".join(combined)) if combined else ""
        text = kc.phrase(
            "schools_scope",
            total=total,
            primary=kc.d(K("schools", stage="primary")),
            junior=kc.d(K("schools", stage="junior")),
            combined=note,
        )
        out.append(kc.para(text))
    elif stages:
        out.append(kc.para(kc.phrase("schools_scope_one", total=total, stage=STAGE_NAMES[stages[0]])))
    if kc.ev.excluded:
        reasons = [
            kc.fact(K("excluded", index=n, measure="reason"), e.reason, rows=[e.row], label=e.name)
            for n, e in enumerate(kc.ev.excluded)
        ]
        names = "、".join(f"{e.name}（{r}）" for e, r in zip(kc.ev.excluded, reasons, strict=True))
        out.append(
            kc.para(kc.phrase("schools_excluded", excluded=kc.d(K("excluded", scope="total")), names=names))
        )
    if kc.std.target == "quality":
        year = kc.inp.form.recognition_year
        if year is None:
            mark = kc.pending_mark("基本均衡国家认定年份")
            out.append(kc.para(kc.phrase("recognition_year_missing", pending=mark)))
        else:
            shown = kc.fact(
                K("form", measure="recognition_year"), year, display=str(year), label="基本均衡认定年份"
            )
            out.append(kc.para(kc.phrase("recognition_year", year=shown)))
    annex = kc.annex_no("indicators")
    out.append(kc.para(kc.phrase("data_year_note", data_year=kc.d(DATA_YEAR), annex=annex)))
    return out


# ---- 二、自评情况：资源配置 ------------------------------------------------------------------------


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
        names = "、".join(f"{part_name(s, kc.ev)}（{kc.d(_value(s, ind.key))}）" for s in below)
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


def _ratio(kc: KindContext, s, key: str) -> str:
    gap = s.gaps[key]
    return kc.fact(
        K("school", school=s.name, stage=s.stage, indicator=key, measure="ratio_of_standard"),
        gap.ratio * 100,
        "%",
        display=fmt(gap.ratio * 100, "%", kind="value", against=(kc.std.school_min_ratio or 0) * 100),
        rows=s.rows,
        label=f"{s.name}{kc.std.indicator(key).short}为标准的比例",
    )


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
        gaps = [
            kc.phrase(
                "school_gap",
                indicator=kc.std.indicator(key).short,
                value=kc.d(_value(s, key)),
                ratio=_ratio(kc, s, key),
            )
            for key in s.unmet
        ]
        items.append(kc.phrase("school_item", school=part_name(s, kc.ev), gaps="；".join(gaps)))
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


# ---- 二、自评情况：政府保障程度、教育质量、社会认可度、一票否决 -------------------------------------------


def form_fact(kc: KindContext, m: MeasureStatus) -> str:
    """An entered figure as a fact (origin: the workspace form)."""
    item = m.measure
    key = K("form", measure=item.key)
    if item.rule == "yesno":
        return kc.fact(key, m.value, display="是" if m.met else "否", label=item.name)
    return kc.fact(key, m.value, item.unit, display=f"{m.value:g}{item.unit}", label=f"{item.name}（填报）")


def _requirement(kc: KindContext, m: MeasureStatus) -> str:
    return kc.fact(
        K("rule", scope="form", measure=m.measure.key),
        m.measure.threshold,
        m.measure.unit,
        display=m.measure.requirement(),
        label=m.measure.source,
    )


def _words(kc: KindContext, key: str, text: str) -> str:
    """A text from the standard (an item's name or requirement, which may hold its figures) as a fact,
    in the document's level (a 镇's report reads 全镇 where the county standard says 全县)."""
    if kc.st.level != "county":
        text = text.replace("全县", kc.base["scope"])
    return kc.fact(K("standard_text", measure=key), text, display=text, label=kc.std.doc_no)


def item_unit(kc: KindContext, status: ItemStatus) -> str:
    """Who checks and enters an item (template data, in the level's words)."""
    units = kc.tpl.constants.get("item_units", {})
    text = units.get(status.key, "{{ edu }}")
    return kc.tpl.render(f"constants.item_units.{status.key}", text, kc.base)


def _check_findings(kc: KindContext, status: ItemStatus) -> str:
    checks = status.checks
    index = {id(g): n for n, g in enumerate(kc.ev.guarantees)}
    info = ""
    if status.info:
        parts = []
        for name in dict.fromkeys(c.item for c in status.info):
            these = [c for c in status.info if c.item == name]
            over = [c for c in status.failed if c.item == name]
            limit = kc.fact(
                K("rule", scope="check", measure=name), these[0].limit, "人", display=f"{these[0].limit:g}人"
            )
            if over:  # named with the failing schools: the rest within the limit
                parts.append(kc.phrase("info_avg_rest", item=name, limit=limit))
            else:
                parts.append(kc.phrase("info_avg", item=name, limit=limit))
        info = kc.phrase("check_info", info="；".join(parts))
    if not checks:
        if status.computed:
            return kc.phrase(
                "check_none", name=status.name, pending=kc.pending_mark(f"{status.name}逐校核查结果")
            )
        return ""
    rows = [c.row for c in checks]
    schools = {c.name for c in checks}
    checked = kc.fact(
        K("guarantee_item", measure=status.key, scope="checked"),
        len(schools),
        "所",
        rows=rows,
        label=f"{status.name}核查学校",
    )
    failed = status.failed
    what = kc.tpl.constants.get("checked_what", {}).get(status.key, "")
    if not failed:
        return kc.phrase("check_all", checked=checked, what=what, info=info)
    bad = {c.name for c in failed}
    met = kc.fact(
        K("guarantee_item", measure=status.key, scope="met"),
        len(schools - bad),
        "所",
        rows=rows,
        label=f"{status.name}符合要求的学校",
    )
    names = _failed_schools(kc, list(failed), index)
    return kc.phrase("check_some", checked=checked, what=what, met=met, names=names, info=info)


def _failed_schools(kc: KindContext, failed: list, index: dict) -> str:
    """Each failing school once, with the details of its failed checks."""
    return "、".join(
        kc.phrase(
            "failed_school",
            school=name,
            detail="；".join(_guarantee_detail(kc, c, index[id(c)]) + _conflict(kc, c) for c in checks),
        )
        for name, checks in by_school(failed)
    )


def _conflict(kc: KindContext, c) -> str:
    """An average class above the school's own 最大班额: the row contradicts itself, so the data
    provider is asked to check it (the average decides: some class is over the limit)."""
    if not c.item.endswith("平均班额"):
        return ""
    biggest = next((g for g in kc.ev.guarantees if g.name == c.name and g.item == "班额"), None)
    if biggest is None or biggest.value >= c.value:
        return ""
    return kc.phrase("class_conflict", biggest=f"{biggest.value:.0f}")


def _guarantee_detail(kc: KindContext, c, n: int) -> str:
    key = K("guarantee", index=n)
    if key not in kc.facts:
        kc.facts.add(key, c.value, display=c.detail, rows=[c.row], label=f"{c.name}{c.item}")
    return kc.d(key)


def _measure_findings(kc: KindContext, status: ItemStatus) -> str:
    out = []
    for m in status.measures:
        name = _words(kc, f"measure.{m.measure.key}", m.measure.name)
        if m.value is None:
            out.append(
                kc.phrase("measure_pending", pending=kc.pending_mark(name), unit=item_unit(kc, status))
            )
        elif m.measure.rule == "yesno":
            form_fact(kc, m)
            out.append(kc.phrase("measure_yes" if m.met else "measure_no", name=name))
        else:
            out.append(
                kc.phrase("measure_value", name=name, value=form_fact(kc, m), requirement=_requirement(kc, m))
            )
    return "".join(out)


@generator("sr_items")
def _items(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    part = spec.key.split(".")[-1]
    statuses = [i for i in _statuses(kc) if i.part == part]
    if not statuses:
        return []
    out = []
    numbered = [i for i in statuses if i.number]
    if len(numbered) > 1:
        count = kc.fact(K("items", scope=part, measure="listed"), len(numbered), "项", label=PARTS[part])
        text = kc.phrase("items_intro", part=PARTS[part], count=count)
        if part == "guarantee" and kc.annex_no("checks"):
            text += kc.phrase("items_checks_annex", annex=kc.annex_no("checks"))
        out.append(kc.para(text))
    for status in statuses:
        findings = _check_findings(kc, status) + _measure_findings(kc, status)
        requirement = _words(kc, f"requirement.{status.key}", status.requirement)
        verdict = kc.phrase(f"verdict_{status.verdict}")
        if status.number:
            text = kc.phrase("item", requirement=requirement, findings=findings, verdict=verdict)
            lead = f"{_words(kc, f'name.{status.key}', status.name)}。"
            if len(statuses) == 1:
                out.append(kc.para(text, lead=""))
            else:
                out.append(kc.para(text, kind="task", lead=lead))
        else:
            text = kc.phrase("item_extra", requirement=requirement, findings=findings, verdict=verdict)
            out.append(kc.para(f"{status.name}：{text}"))
    return out


def _veto_words(kc: KindContext, status: ItemStatus) -> str:
    """A 一票否决 case in the standard's words: 不得以考试或变相考试方式招生 → 以考试或变相考试方式招生."""
    return _words(kc, f"veto.{status.key}", status.requirement.removeprefix("不得"))


@generator("sr_veto")
def _veto(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    veto = [i for i in _statuses(kc) if i.part == "veto"]
    if not veto:
        return []
    clear = [i for i in veto if i.verdict == "met"]
    found = [i for i in veto if i.verdict == "unmet"]
    pending = [i for i in veto if i.verdict == "pending"]
    for i in veto:
        for m in i.measures:
            if m.value is not None:
                form_fact(kc, m)
    out = []
    if found:
        names = "、".join(_veto_words(kc, i) for i in found)
        out.append(kc.para(kc.phrase("veto_found", names=names)))
    if clear and not found:
        names = "、".join(_veto_words(kc, i) for i in clear)
        out.append(kc.para(kc.phrase("veto_clear", names=names)))
    if pending:
        items = "、".join(kc.pending_mark(m.measure.name) for i in pending for m in i.measures)
        units = "、".join(dict.fromkeys(u for i in pending for u in item_unit(kc, i).split("、")))
        out.append(kc.para(kc.phrase("veto_pending", unit=units, items=items)))
    return out


# ---- 三、主要做法和成效 ----------------------------------------------------------------------------


@generator("sr_practices")
def _practices(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    from planner.documents.records import record_phrases

    out = [practice_paragraph(p) for p in kc.inp.form.practices]
    records = record_phrases(kc)
    if records:
        out.append(kc.para(kc.phrase("practice_records", records="；".join(records))))
    if not out:
        out.append(kc.para(kc.phrase("practices_pending", pending=kc.pending_mark("主要做法和成效"))))
    return out


def practice_paragraph(p) -> Paragraph:
    """A 主要做法 as typed: its title as the （一） lead, its text after it (the office's words)."""
    if p.title:
        lead = p.title if p.title.endswith(("。", "！", "；")) else p.title + "。"
        return Paragraph(p.text, kind="item", lead=lead, origin="user")
    return Paragraph(p.text, origin="user")


# ---- 四、存在问题和整改措施 -------------------------------------------------------------------------


def _need(kc: KindContext, s, field: str) -> str:
    for stage in (s.stage, None):
        need = K("need", field=field, scope="school", school=s.name, stage=stage)
        if need in kc.facts:
            return kc.d(need)
    return ""


_SPARED = "spared"
"""What ``_measure`` returns for a gap the school passes with (no work: said once for the school)."""


def _measure(kc: KindContext, work: PlanWork, s, key: str, label: str, need: str) -> str:
    """What closes this gap and when, as the plan has it: its projects (kind, amount, month); or why
    the plan lists no work for it; ``_SPARED`` for a gap above
    85 % the school passes with."""
    ind = kc.std.indicator(key)
    field = ind.add_to
    planned = work.for_gap(s.name, s.stage, field)
    if planned:
        out = []
        for w in planned:
            words, amount = work_words(kc, w, label if w.stage else "")
            if w.due is None:
                when = (
                    kc.phrase("due_later", due=due_fact(kc, w))
                    if w.later
                    else kc.phrase("due_unfunded", end_year=work.end_year)
                )
            else:
                when = kc.phrase("due_past" if overdue(kc, w) else "due_month", due=due_fact(kc, w))
            out.append(kc.phrase("measure_work", work=words, amount=amount, due=when))
        return "；".join(out)
    if kc.has(K("rule", measure="min_ratio")) and spared(kc, work, s, key):
        return _SPARED
    words = label + field_words(field)
    return kc.phrase(
        "measure_work", work=words, amount=need, due=kc.phrase("due_none", end_year=work.end_year)
    )


def _school_problem(
    kc: KindContext, parts: list, work: PlanWork, spared_all: list[str] | None = None
) -> Paragraph:
    """One school (a combined school once, with its parts): what it misses and what closes it when.
    A combined school's ㎡ and 万元 are added to the whole campus (and split between its parts): said
    once, for the school; its teachers are added to each part."""
    head = parts[0]
    combined = len(parts) > 1 or head.school_type in COMBINED_TYPES
    works: dict[tuple, str] = {}
    spared: list[str] = []
    descriptions = []
    campus = []
    for s in parts:
        gaps = []
        for key in s.gaps:
            ind = kc.std.indicator(key)
            values = {
                "indicator": ind.short,
                "value": kc.d(_value(s, key)),
                "threshold": kc.d(K("threshold", stage=s.stage, indicator=key)),
            }
            found = need_key(kc.facts, s, ind.add_to)
            whole = combined and found is not None and found.stage is None
            if found is None or whole:
                gaps.append(kc.phrase("problem_gap_short", **values))
            else:
                gaps.append(kc.phrase("problem_gap", need=kc.d(found), **values))
            if found is None:
                continue
            slot = (ind.add_to, None if whole else s.stage)
            if slot in works:
                continue
            label = f"{STAGE_NAMES[s.stage]}部" if combined and not whole else ""
            works[slot] = _measure(kc, work, s, key, label, kc.d(found))
            if works[slot] == _SPARED:  # the part named even for campus work: its gap is the part's
                spared.append((f"{STAGE_NAMES[s.stage]}部" if combined else "") + ind.short)
            if whole:
                campus.append(kc.phrase("problem_campus", work=field_words(ind.add_to), need=kc.d(found)))
        part = f"{STAGE_NAMES[s.stage]}部" if combined else ""
        descriptions.append(
            kc.phrase("problem_part" if part else "problem_whole", part=part, gaps="；".join(gaps))
        )
    if campus:
        descriptions.append(kc.phrase("problem_campus_note", items="；".join(campus)))
    private = is_private(head)
    kind = kc.phrase("problem_kind_private") if private else ""
    text = kc.phrase("problem_school", school=head.name, kind=kind, parts="".join(descriptions))
    measures = [m for m in works.values() if m != _SPARED]
    if spared:  # the reason is said once, after the schools (spared_all); here only what is done
        measures.append(kc.phrase("measure_spared", indicator="、".join(spared)))
        if spared_all is not None:
            spared_all.append(kc.phrase("spared_item", school=head.name, indicators="、".join(spared)))
    if measures:
        joined = "；".join(measures)
        text += kc.phrase("measure_private" if private else "measure_school", works=joined)
    units = kc.unit("private") if private else kc.unit("school")
    return kc.para(text, kind="task", units=units)


def _check_measure(kc: KindContext, item: str, failed: list, work: PlanWork) -> tuple[str, bool]:
    """The measure for a 政府保障 check some schools fail, as the plan has it (学校规模 in the plan's
    words: no roll cut; rooms: the plan's projects and months; 班额: before the plan's 自评), and
    whether it is the 举办者's work (every failing school 民办)."""
    cw = check_work(kc, work, item, failed)
    private = kc.phrase("measure_private_money") if cw.private else ""
    if cw.private_names:  # a 民办 school among public ones: its share is its 举办者's
        private = kc.phrase("measure_private_some", names="、".join(cw.private_names))
    if item == "学校规模":
        return kc.phrase("measure_size"), cw.private
    year, selfcheck = _self_check(kc, work)
    if item == "班额":
        return kc.phrase("measure_class", year=year, selfcheck=selfcheck) + private, cw.private
    if cw.planned:
        works = []
        for w in cw.planned:
            words, amount = work_words(kc, w)
            when = (
                kc.phrase("due_past" if overdue(kc, w) else "due_month", due=due_fact(kc, w))
                if w.due
                else kc.phrase("due_unfunded", end_year=work.end_year)
            )
            works.append(kc.phrase("measure_work", work=w.school + words, amount=amount, due=when))
        return kc.phrase("measure_rooms_plan", works="；".join(works)) + private, cw.private
    return kc.phrase("measure_rooms", year=year, selfcheck=selfcheck) + private, cw.private


def _self_check(kc: KindContext, work: PlanWork) -> tuple[int, str]:
    """The plan's 自评 year and its name (县级自评 …): the deadline the plan gives its items."""
    year = work.self_check.year if work.self_check is not None else work.end_year
    return year, kc.base.get("selfcheck", "自评")


@generator("sr_problems")
def _problems(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    from planner.model import Section

    work = plan_work(kc)
    groups: list[tuple[str, list[Paragraph]]] = []
    failing = [g for g in school_groups(kc.ev) if any(s.passed is False for s in g)]
    spared_all: list[str] = []
    resources = [_school_problem(kc, [s for s in g if s.gaps], work, spared_all) for g in failing]
    if spared_all:
        ratio = kc.d(K("rule", measure="min_ratio"))
        resources.append(kc.para(kc.phrase("problems_spared", items="、".join(spared_all), ratio=ratio)))
    if resources:
        groups.append(("problems_resources", resources))
    cvs = []
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
            limit = kc.d(K("cv_limit", stage=stage))
            text = kc.phrase("problem_cv", stage=STAGE_NAMES[stage], indicator=name, cv=kc.d(cv), limit=limit)
            teachers = key != "composite" and "teachers" in kc.std.indicator(key).add_to
            text += kc.phrase(
                "measure_cv_teachers" if teachers else "measure_cv", end_year=work.end_year, limit=limit
            )
            cvs.append(kc.para(text, kind="task", units=kc.unit("school")))
    if cvs:
        groups.append(("problems_cv", cvs))
    statuses = _statuses(kc)
    index = {id(g): n for n, g in enumerate(kc.ev.guarantees)}
    checks = []
    for status in statuses:  # one paragraph an item: its schools, and the measure said once
        for item in dict.fromkeys(check_item(c.item) for c in status.failed):
            failed = [c for c in status.failed if check_item(c.item) == item]
            schools = _failed_schools(kc, failed, index)
            measure, private = _check_measure(kc, item, failed, work)
            text = kc.phrase("problem_check", schools=schools, item=item) + measure
            checks.append(kc.para(text, kind="task", units=kc.unit("private" if private else "school")))
    entered = []
    for status in statuses:
        for m in status.measures:
            if m.met is not False:
                continue
            name = _words(kc, f"measure.{m.measure.key}", m.measure.name)
            if m.measure.rule == "yesno":
                text = kc.phrase("problem_form_no", name=name)
            else:
                text = kc.phrase(
                    "problem_form", name=name, value=form_fact(kc, m), requirement=_requirement(kc, m)
                )
            unit = item_unit(kc, status)
            year, selfcheck = _self_check(kc, work)
            text += kc.phrase("measure_form", unit=unit, year=year, selfcheck=selfcheck)
            (checks if status.part == "guarantee" else entered).append(kc.para(text, kind="task", units=unit))
    if checks:
        groups.append(("problems_guarantee", checks))
    if entered:
        groups.append(("problems_other", entered))
    pending = _pending_list(kc, statuses)
    if pending:
        groups.append(("problems_pending", [kc.para(kc.phrase("problem_pending", names=pending))]))
    if not groups:
        return [kc.para(kc.phrase("problems_none"))]
    out: list = []
    if not kc.planned and any(t != "problems_pending" for t, _ in groups):
        # no stored 实施方案: say so once, the deadlines below are this report's own estimate
        out.append(kc.para(kc.phrase("plan_missing")))
    for n, (title, paras) in enumerate(groups, 1):
        out.append(Section(f"problems.{n}", kc.phrase(title), 2, paras))
    return out


def _pending_list(kc: KindContext, statuses: list[ItemStatus]) -> str:
    """政府保障程度第1、2、6项；教育质量第1至9项；社会认可度 — the items still to be entered, by part."""
    out = []
    for part in ("guarantee", "quality", "recognition", "veto"):
        # the items still to verify: an unmet one is counted under 未达到 (its open measures are named
        # in its own paragraph), so the conclusion's counts add up
        items = [i for i in statuses if i.part == part and i.verdict == "pending"]
        if not items:
            continue
        name = _part_name(kc, part)
        every = [i for i in statuses if i.part == part]
        numbers = [i.number for i in items if i.number]
        if len(every) == 1 or not numbers:
            out.append(name + "、".join(i.name for i in items if not i.number))
            continue
        if part == "veto":
            out.append(kc.phrase("pending_veto"))
            continue
        listed = "、".join(str(n) for n in numbers)
        display = f"全部{len(numbers)}项" if len(numbers) == len(every) else f"第{listed}项"
        shown = kc.fact(
            K("items", scope=part, measure="pending_numbers"), listed, display=display, label=name
        )
        out.append(f"{name}{shown}" + "".join(f"、{i.name}" for i in items if not i.number))
    return "；".join(out)


def _part_name(kc: KindContext, part: str) -> str:
    if part == "guarantee":
        return kc.base["t_guarantee"]
    if part == "recognition":
        return kc.base["t_recognition"]
    return PARTS[part]


# ---- 附件 ------------------------------------------------------------------------------------------


def indicator_table(kc: KindContext) -> AnnexTable:
    """Every school (a combined school's parts together) × every indicator: the value (▲ below the
    standard), indicators met and the verdict; units in the header, the standard in the first rows."""
    std = kc.std
    rows = []
    if std.has_school_thresholds:
        for stage in kc.ev.stages:
            cells = [
                kc.d(K("threshold", stage=stage, indicator=i.key)).removesuffix(i.unit)
                if K("threshold", stage=stage, indicator=i.key) in kc.facts
                else "—"
                for i in std.indicators
            ]
            rows.append(["", "标准值", STAGE_NAMES[stage], "", *cells, "", ""])
    n = 0
    for group in school_groups(kc.ev):
        for s in group:
            n += 1
            cells = []
            for ind in std.indicators:
                key = _value(s, ind.key)
                cell = kc.d(key).removesuffix(ind.unit) if key in kc.facts else "—"
                cells.append(cell + ("▲" if ind.key in s.gaps else ""))
            met = (
                kc.d(K("school", school=s.name, stage=s.stage, measure="met"))
                if std.has_school_thresholds
                else "—"
            )
            verdict = {True: "达标", False: "未达标", None: "—"}[s.passed]
            students = kc.d(K("school", school=s.name, stage=s.stage, measure="students")).removesuffix("人")
            name = part_label(s, kc.ev) + ("（民办）" if is_private(s) else "")
            rows.append([str(n), name, STAGE_NAMES[s.stage], students, *cells, met, verdict])
    headers = [
        "序号",
        "学校",
        "学段",
        "在校生（人）",
        *(f"{i.short}（{i.unit}）" for i in std.indicators),
        "达标项数",
        "结论",
    ]
    note = (
        "标▲者低于标准值。指标为简称，全称及计算方法见《"
        + std.title
        + "》；一贯制学校按拆分后的学段分别计算。"
    )
    title = kc.tpl.annex_titles.get("indicators", "学校资源配置指标达成情况表")
    return AnnexTable("indicators", title, headers, rows, kc.dr.take(), note, landscape=True)


_CHECK_COLUMNS = (
    ("学校规模", "在校生（人）", "规模上限（人）"),
    ("班额", "最大班额（人）", "班额上限（人）"),
    ("音乐专用教室", "音乐教室现有（间）", "音乐教室应有（间）"),
    ("美术专用教室", "美术教室现有（间）", "美术教室应有（间）"),
)
"""The 政府保障 checks the rows decide, each as a value and its limit (the average class size, which
decides nothing, is left out)."""


def checks_table(kc: KindContext) -> AnnexTable | None:
    """Every school's 学校规模, largest class and 音乐/美术 rooms against their limits, with the verdict
    (None when the rows hold none of them)."""
    checks = [g for g in kc.ev.guarantees if g.item in {c[0] for c in _CHECK_COLUMNS}]
    if not checks:
        return None
    items = [c for c in _CHECK_COLUMNS if any(g.item == c[0] for g in checks)]
    averages = [g for g in kc.ev.guarantees if g.item.endswith("平均班额")]
    classes = kc.std.guarantees.get("class_size") or {}
    rows = []
    for n, name in enumerate(dict.fromkeys(g.name for g in checks), 1):
        cells, failed = [], False
        for item, _, _ in items:
            g = next((g for g in checks if g.name == name and g.item == item), None)
            if g is None:
                cells += ["—", "—"]
                continue
            over = not g.met
            if item == "班额":  # an average above its 学段's limit: some class is over it
                over |= any(a.name == name and not a.met for a in averages)
            failed |= over
            combined = item == "班额" and classes and len(kc.ev.school(name)) > 1
            for measure, value in (("value", g.value), ("limit", g.limit)):
                key = K("check", school=name, field=item, measure=measure)
                shown = f"{value:.0f}"
                if measure == "limit" and combined:  # each part against its own limit (小学 45, 初中 50)
                    shown = f"{classes['primary']:g}/{classes['junior']:g}"
                cells.append(kc.fact(key, value, display=shown, rows=[g.row], label=f"{name}{item}"))
            cells[-2] += "▲" if over else ""
        rows.append([str(n), name, *cells, "不符合" if failed else "符合"])
    headers = ["序号", "学校", *(h for _, a, b in items for h in (a, b)), "结论"]
    title = kc.tpl.annex_titles.get("checks", "学校规模、班额和专用教室核查表")
    note = (
        "标▲者不符合要求。班额按每所学校最大的班级核查，某一学段的平均班额超过该学段上限的也不符合；"
        "一贯制学校的班额上限按小学、初中分列；专用教室应有间数按每12个班级1间计算。"
    )
    return AnnexTable("checks", title, headers, rows, kc.dr.take(), note, landscape=len(headers) > 8)


def self_report_annexes(kc: KindContext) -> list[AnnexTable]:
    # the two wide tables on turned pages first, the CV table last: the 版记 follows it on a portrait page;
    # a self-assessment states where the county is, not where the plan projects it (no 方案期末)
    tables = [indicator_table(kc), checks_table(kc), without_column(cv_table(kc.dr), "方案期末")]
    kc.dr.take()
    return [t for t in tables if t is not None]
