"""工作目标 from the projection: the 总体目标 says what the schedule achieves and by when (or, when it
falls short, how much more money or time would reach the standard); the 具体目标 give the schools and
indicators to bring up, a 年度目标 per year and the CVs; the 测算说明 the figures still short."""

from __future__ import annotations

from metrics import STAGE_NAMES, load_standard
from planner.drafting.context import DATA_YEAR, DraftContext
from planner.drafting.facts import FactKey as K
from planner.drafting.figures import figure_key, figures_for
from planner.drafting.oversize import CAMPUS_KIND, size_key
from planner.model import Paragraph

__all__ = ["calc_notes", "overall", "specific"]


def _limits(dr: DraftContext) -> dict:
    return {f"limit_{s}": dr.d(K("cv_limit", stage=s)) for s in ("primary", "junior")}


def _compared(dr: DraftContext) -> list[str]:
    """The 学段 with two schools or more: a CV over one school says nothing (0.000)."""
    return [st for st in dr.ev.stages if sum(1 for s in dr.ev.schools if s.stage == st) > 1]


def cv_clause(dr: DraftContext, year: int) -> str:
    """The projected CVs at a year's end against their limits: 小学最高0.186（上限0.5）…"""
    parts = []
    for stage in _compared(dr):
        measure = "max" if dr.std.cv_rule == "each" else "composite"
        key = K("year", year=year, scope="cv", stage=stage, measure=measure)
        if key in dr.facts:
            limit = dr.d(K("cv_limit", stage=stage))
            parts.append(dr.phrase("cv_stage", stage=STAGE_NAMES[stage], cv=dr.d(key), limit=limit))
    return dr.phrase("cv_clause", items="、".join(parts)) if parts else ""


def _current_cvs(dr: DraftContext) -> str:
    """The composite CVs as uploaded (not projected) against their limits."""
    parts = []
    for stage in _compared(dr):
        key = K("cv", stage=stage, measure="composite")
        if key in dr.facts:
            limit = dr.d(K("cv_limit", stage=stage))
            parts.append(dr.phrase("cv_stage", stage=STAGE_NAMES[stage], cv=dr.d(key), limit=limit))
    return dr.phrase("cv_clause", items="、".join(parts)) if parts else ""


def overall(dr: DraftContext) -> list[Paragraph]:
    """The goal as the projection has it, and the milestones that follow from it."""
    sch, st = dr.schedule, dr.st
    end = st.end_year
    values = {"schools_total": dr.d(K("schools", scope="total")), "lift": _lift(dr), **_limits(dr)}
    if sch.baseline.passed:
        cvs = _current_cvs(dr) if dr.std.cv_rule == "composite" else cv_clause(dr, end)
        text = dr.phrase("overall_kept", cvs=cvs, **values)
    elif sch.reached_year is not None and sch.end is not None:
        text = dr.phrase(
            "overall_reached", reached_year=sch.reached_year, cvs=cv_clause(dr, sch.reached_year), **values
        )
    elif sch.end is not None:
        text = dr.phrase(
            "overall_short",
            passing=dr.d(K("year", year=end, measure="passing")),
            failing=dr.d(K("year", year=end, measure="failing")),
            names=_names(sch.end.failing),
            cvs=cv_clause(dr, end),
            more=_more(dr),
            **values,
        )
    else:  # without the school rows the years cannot be projected
        text = dr.phrase("overall_target", **values)
    text += size_goal(dr)
    reached = sch.reached_year is not None and sch.reached_year <= end
    if dr.words.level == "town" and "overall_milestones_town" in dr.tpl.phrases:
        text += dr.phrase("overall_milestones_town")  # a town is not 认定: it brings its schools up
    elif reached and K("milestone", measure="final") in dr.facts:
        # the same months as the acceptance year's step (7—9月 自评, then 10—12月 迎评准备)
        text += dr.phrase(
            "overall_milestones",
            final_year=dr.d(K("milestone", measure="final")),
            accept_year=dr.d(K("milestone", measure="accept")),
            selfeval_months=dr.d(K("month", scope="acceptance", index=2)),
            prepare_months=dr.d(K("month", scope="acceptance", index=3)),
        )
    else:
        text += dr.phrase("overall_milestones_later")
    early = sch.reached_year is not None and not sch.baseline.passed and sch.reached_year < end - 1
    if early and dr.words.level != "town" and "overall_early" in dr.tpl.phrases:  # no idle years
        text += dr.phrase("overall_early", reached_year=sch.reached_year, next_year=sch.reached_year + 1)
    private = list(dict.fromkeys(p.school for p in sch.private_items))
    if private and "overall_private" in dr.tpl.phrases:  # the government cannot commit a 举办者's money
        cost = dr.d(K("sched", measure="private_cost"))
        text += dr.phrase("overall_private", schools="、".join(private), cost=cost)
    if dr.std.target != "basic" and dr.words.level != "town" and "overall_prerequisite" in dr.tpl.phrases:
        text += dr.phrase("overall_prerequisite")
    out = [dr.para(text)]
    if dr.std.target == "basic" and K("quality", measure="schools") in dr.facts:
        out.append(_recommend(dr))
    return out


def size_goal(dr: DraftContext) -> str:
    """The year 超规模 schools are within the limit (their 分设校区 open), or that 认定 waits for it."""
    campus = [p for p in dr.schedule.need if p.kind == CAMPUS_KIND and p.public]
    if not campus:
        return ""
    if size_key("year") in dr.facts:
        return dr.phrase("overall_size", year=dr.d(size_key("year")))
    return dr.phrase("overall_size_later")


def _names(schools: tuple[str, ...], most: int = 5) -> str:
    """（甲小学、乙小学） for a few schools, "" for many (the annex lists them)."""
    return f"（{'、'.join(schools)}）" if 0 < len(schools) <= most else ""


def _lift(dr: DraftContext) -> str:
    """基本均衡 without school thresholds: the schools the plan lifts towards the mean (巩固提升)."""
    if dr.std.has_school_thresholds or "overall_lift" not in dr.tpl.phrases:
        return ""
    share = dr.d(K("assume", measure="lift_share"))
    if K("target", measure="lifted") in dr.facts:
        return dr.phrase("overall_lift", share=share, count=dr.d(K("target", measure="lifted")))
    return dr.phrase("overall_no_lift", share=share)


def _more(dr: DraftContext) -> str:
    """How much more money or time would reach the standard (from the schedule's what-more)."""
    sch = dr.schedule
    parts = []
    if K("budget", measure="needed") in dr.facts:
        parts.append(dr.phrase("more_money", needed=dr.d(K("budget", measure="needed"))))
    if sch.beyond_capacity:
        parts.append(dr.phrase("more_capacity"))
    if not parts and sch.unfunded:
        parts.append(dr.phrase("more_never"))
    if not parts:
        parts.append(dr.phrase("more_cv"))
    return "；".join(parts)


def _recommend(dr: DraftContext) -> Paragraph:
    """基本均衡 is complete nationwide: the recommendation to plan for 优质均衡, with this county's
    figures under it, citing the notice that says so."""
    figure = figures_for(dr.std.target)["basic_complete_year"]
    quality = load_standard("quality_2017")
    failing, over = (dr.facts[K("quality", measure=m)].value for m in ("failing", "cv_failed"))
    state = [
        dr.phrase("q_failing_text", q_failing=dr.d(K("quality", measure="failing")))
        if failing
        else dr.phrase("q_passing_text")
    ]
    if over:
        state.append(dr.phrase("q_cv_text", q_cv=dr.d(K("quality", measure="cv_failed"))))
    text = dr.phrase(
        "recommend_quality" if failing or over else "recommend_quality_met",
        complete_year=dr.d(figure_key("basic_complete_year")),
        q_title=quality.title,
        q_doc_no=quality.doc_no,
        q_schools=dr.d(K("quality", measure="schools")),
        q_state="，".join(state),
    )
    standard = {
        "title": quality.title,
        "doc_no": quality.doc_no,
        "section": "",
        "source": f"standard:{quality.key}",
    }
    return dr.para(text, sources=(figure.citation(), standard))


def specific(dr: DraftContext) -> list[Paragraph]:
    """The data year; the schools to bring up (as far as the schedule does); a 年度目标 per year; each
    indicator some school is below; each CV over its limit."""
    out = [dr.para(dr.phrase("goal_data_year", data_year=dr.d(DATA_YEAR)))]
    sch, end = dr.schedule, dr.st.end_year
    failing = K("schools", scope="total", measure="failing")
    if dr.std.has_school_thresholds and dr.facts[failing].value:
        if sch.reached_year is not None:
            text = dr.phrase(
                "goal_schools",
                min_met=dr.d(K("rule", measure="min_met")),
                min_ratio=dr.d(K("rule", measure="min_ratio")),
                failing_total=dr.d(failing),
                deadline=sch.reached_year,
            )
        else:
            text = dr.phrase(
                "goal_schools_short",
                failing_total=dr.d(failing),
                fixed=dr.d(K("target", measure="fixed")),
                left=dr.d(K("year", year=end, measure="failing")),
                annex=_annex(dr, "unfunded"),
            )
        out.append(dr.para(text, kind="item"))
    elif not dr.std.has_school_thresholds and K("target", measure="lifted") in dr.facts:
        text = dr.phrase(
            "goal_lift",
            share=dr.d(K("assume", measure="lift_share")),
            count=dr.d(K("target", measure="lifted")),
        )
        out.append(dr.para(text, kind="item"))
    out += _year_goals(dr)
    out += _indicators(dr)
    if len(out) == 1:
        out.append(dr.para(dr.phrase("goal_none"), kind="item"))
    return out


def _year_goals(dr: DraftContext) -> list[Paragraph]:
    """年度目标: each year's projected end; years that look alike are one line (2026—2028年每年年底)."""
    runs: list[list] = []
    for y in dr.schedule.years:
        if y.projection is None:
            continue
        p = y.projection
        same = (p.failing_schools, tuple(sorted(p.cv.items(), key=str)), tuple(sorted(p.composite.items())))
        if runs and runs[-1][0] == same:
            runs[-1][1].append(y.year)
        else:
            runs.append([same, [y.year]])
    out = []
    for (failing, *_), years in runs:
        last = years[-1]
        suffix = ("_all" if not failing else "") if dr.std.has_school_thresholds else "_mean"
        values = {
            "passing": dr.d(K("year", year=last, measure="passing")),
            "failing": dr.d(K("year", year=last, measure="failing")),
            "cvs": cv_clause(dr, last),
        }
        if len(years) == 1:
            text = dr.phrase(f"goal_year{suffix}", year=last, **values)
        else:
            text = dr.phrase(f"goal_years{suffix}", first=years[0], last=last, **values)
        out.append(dr.para(text, kind="item"))
    return out


def _indicators(dr: DraftContext) -> list[Paragraph]:
    out = []
    planned = {(lift.stage, lift.indicator, p.school) for p in dr.schedule.need for lift in p.lifts}
    for stage, st in dr.ev.stages.items():
        label = STAGE_NAMES[stage]
        for ind in dr.std.indicators:
            below = _below(dr, stage, ind.key)
            if not below:
                continue
            count = K("goal", stage=stage, indicator=ind.key, measure="below")
            rows = [r for s in below for r in s.rows]
            dr.facts.add(count, len(below), "所", rows=rows, label=f"{label}{ind.short}低于目标的学校")
            lowest = min(below, key=lambda s: s.indicators[ind.key])
            mine = [s for s in below if (stage, ind.key, s.name) in planned]
            values = {
                "stage": label,
                "indicator": ind.name,
                "mean": dr.d(K("mean", stage=stage, indicator=ind.key)),
                "below": dr.d(count),
                "lowest": dr.d(
                    K("school", school=lowest.name, stage=stage, indicator=ind.key, measure="value")
                ),
            }
            if dr.std.has_school_thresholds:
                values["threshold"] = dr.d(K("threshold", stage=stage, indicator=ind.key))
            # "已满足学校达标要求" only when it is true of every school it covers: one that fails today
            # passes once its other gaps are closed
            rest = [s for s in below if s not in mine]
            pending = "_pending" if any(s.passed is False for s in rest) else ""
            if pending:
                values["min_ratio"] = dr.d(K("rule", measure="min_ratio"))
            if len(mine) == len(below):
                text = dr.phrase("goal_indicator", **values)
            elif not mine:
                name = "goal_indicator_none" + pending
                text = dr.phrase(name if name in dr.tpl.phrases else "goal_indicator_none", **values)
            else:
                key = K("goal", stage=stage, indicator=ind.key, measure="planned")
                dr.facts.add(key, len(mine), "所", label=f"{label}{ind.short}列入项目的学校")
                name = "goal_indicator_some" + pending
                name = name if name in dr.tpl.phrases else "goal_indicator_some"
                text = dr.phrase(name, planned=dr.d(key), **values)
            out.append(dr.para(text, kind="item"))
        out += _cv_goal(dr, stage, st)
    return out


def _cv_goal(dr: DraftContext, stage: str, st) -> list[Paragraph]:
    key = K("cv", stage=stage, measure="max" if dr.std.cv_rule == "each" else "composite")
    if key not in dr.facts or st.passed is not False:
        return []
    end = dr.schedule.end
    measure = "max" if dr.std.cv_rule == "each" else "composite"
    projected = K("year", year=dr.st.end_year, scope="cv", stage=stage, measure=measure)
    values = {"stage": STAGE_NAMES[stage], "limit": dr.d(K("cv_limit", stage=stage)), "max_cv": dr.d(key)}
    if end is not None and projected in dr.facts:
        values["end_cv"] = dr.d(projected)
        reached = dr.facts[projected].value <= st.cv_limit
        return [dr.para(dr.phrase("goal_cv" if reached else "goal_cv_short", **values), kind="item")]
    return [dr.para(dr.phrase("goal_cv_target", **values), kind="item")]


def _below(dr: DraftContext, stage: str, key: str) -> list:
    """The schools of a stage below the target on an indicator: its threshold, or (without one) those
    the plan lifts towards the mean."""
    members = [
        s
        for s in dr.ev.schools
        if s.stage == stage
        and K("school", school=s.name, stage=stage, indicator=key, measure="value") in dr.facts
    ]
    if dr.std.has_school_thresholds:
        return [s for s in members if key in s.gaps]
    lifted = {(p.school, lift.stage) for p in dr.schedule.need for lift in p.lifts if lift.indicator == key}
    return [s for s in members if (s.name, stage) in lifted]


def _annex(dr: DraftContext, key: str) -> str:
    keys = [t.key for t in dr.annexes]
    return str(keys.index(key) + 1) if key in keys else ""


def _near(dr: DraftContext, last) -> list[Paragraph]:
    """A CV the plan leaves under its limit but within the safety margin of it: said, to be watched."""
    margin = dr.st.rules.cv_margin
    out = []
    for stage, cvs in last.projection.cv.items():
        limit = dr.ev.stages[stage].cv_limit
        for k, v in cvs.items():
            if v is None or not limit - margin < v <= limit:
                continue
            text = dr.phrase(
                "calc_near",
                stage=STAGE_NAMES[stage],
                indicator=dr.std.indicator(k).name,
                cv=dr.d(K("year", year=last.year, scope="cv", stage=stage, indicator=k)),
                limit=dr.d(K("cv_limit", stage=stage)),
                margin=dr.d(K("assume", measure="cv_margin")),
            )
            out.append(dr.para(text, kind="item"))
    return out


def calc_notes(dr: DraftContext) -> list[Paragraph]:
    """测算说明: each figure the schedule leaves short of the standard at the plan's end, and what would
    reach it."""
    sch = dr.schedule
    out = []
    last = sch.years[-1]
    remedy = dr.phrase("calc_cv_budget" if sch.unscheduled else "calc_cv_exchange")
    if last.projection is not None and dr.std.cv_rule == "each":
        for stage, keys in last.projection.cv_failed.items():
            for k in keys:
                cv = K("year", year=last.year, scope="cv", stage=stage, indicator=k)
                if cv not in dr.facts:
                    continue
                text = dr.phrase(
                    "calc_cv",
                    stage=STAGE_NAMES[stage],
                    indicator=dr.std.indicator(k).name,
                    cv=dr.d(cv),
                    limit=dr.d(K("cv_limit", stage=stage)),
                    remedy=remedy,
                )
                out.append(dr.para(text, kind="item"))
    if last.projection is not None and dr.std.cv_rule == "each":
        out += _near(dr, last)
    if last.projection is not None and dr.std.cv_rule == "composite":
        for stage in last.projection.composite_failed:
            cv = K("year", year=last.year, scope="cv", stage=stage, measure="composite")
            if cv in dr.facts:
                text = dr.phrase(
                    "calc_composite",
                    stage=STAGE_NAMES[stage],
                    cv=dr.d(cv),
                    limit=dr.d(K("cv_limit", stage=stage)),
                    remedy=remedy,
                )
                out.append(dr.para(text, kind="item"))
    if sch.unfunded:
        text = dr.phrase(
            "calc_budget",
            budget=dr.d(K("budget", measure="yearly")),
            left_count=dr.d(K("sched", measure="unscheduled")),
            left_cost=dr.d(K("sched", measure="unscheduled_cost")),
            more=_more(dr),
        )
        out.append(dr.para(text, kind="item"))
    return out
