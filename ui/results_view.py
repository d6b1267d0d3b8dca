"""The 达标概况 tab, the page's first screen: the county's situation first (schools passing per 学段,
every 差异系数 against its limit, what must be added in all), then every school with its values and
gaps (filtered by 乡镇, 学段, failing only), charts whose labels all show, one school's profile and
the change over the stored years."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from metrics import Evaluation, Standard, county_summary, school_table, value_unit
from metrics.overview import CountySummary, StageSummary
from metrics.report import format_value
from metrics.result import STAGE_NAMES
from planner.chat import ChatContext
from planner.chat import data as chat_data
from planner.export.workbook import XLSX_MIME, workbook_filename
from planner.scope import level_name
from ui import state
from ui.render import FLAG_STYLE, cv_chart, escape_text, table_height

UNIT_WORDS = {"人": "教师", "㎡": "校舍和场地", "万元": "仪器设备", "间": "专用教室"}


def results_view(ctx: ChatContext) -> None:
    ev = ctx.evaluation
    s = st.session_state
    year = f"{s.data_year}年度，" if s.get("data_year") else ""
    where = escape_text(ctx.region or "（未命名）")
    st.subheader(f"{where}（{level_name(ctx.level)}）义务教育均衡发展概况")
    st.caption(
        f"{year}{escape_text(ev.standard.name)}（{escape_text(ev.standard.doc_no)}），共{len(s.data.frame)}所学校"
    )
    if not ev.stages:
        st.info("当前数据中没有纳入评估的学校。")
        return
    summary = county_summary(ev)
    summary_view(summary, ev.excluded)
    st.divider()
    schools_view(ctx)


def summary_view(summary: CountySummary, excluded: tuple = ()) -> None:
    """Per stage: schools passing, the CVs with their values against the limit; then the additions."""
    columns = st.columns(len(summary.stages))
    for column, stage in zip(columns, summary.stages, strict=True):
        with column, st.container(border=True):
            _stage_summary(stage, summary.school_rule)
    if summary.additions:
        st.markdown("**全部学校达到标准需要补齐**（按数据表的列合计，整数的按整人、整间向上取整）")
        by_unit: dict[str, list[str]] = {}
        for a in summary.additions:
            by_unit.setdefault(a.unit, []).append(
                f"{a.name}{format_value(a.amount, a.unit)}（{a.schools}所学校）"
            )
        lines = [f"- {UNIT_WORDS.get(unit, unit)}：{'；'.join(items)}" for unit, items in by_unit.items()]
        if "人" in by_unit:
            lines.append("- 教师按指标分别计算，同一名教师可能同时计入几项。")
        st.markdown("\n".join(lines))
    elif summary.school_rule:
        st.success("各校各项指标都达到了标准，没有需要补齐的差距。")
    if excluded:
        with st.expander(f"另有{len(excluded)}所学校未纳入评估"):
            st.markdown(
                "\n".join(
                    f"- {escape_text(e.name)}（第{e.row}行）：{escape_text(e.reason)}" for e in excluded
                )
            )


def _stage_summary(stage: StageSummary, school_rule: bool) -> None:
    if stage.met is None:
        verdict = ""
    elif stage.met:
        verdict = " · :green[**达到标准**]"
    else:
        reasons = []
        if stage.judged - stage.passing:
            reasons.append(f"{stage.judged - stage.passing}所学校未达标")
        if not stage.cv_passed:
            reasons.append("差异系数超过上限")
        verdict = f" · :red[**未达到标准**]（{'，'.join(reasons)}）"
    st.markdown(f"**{stage.name}** · {stage.schools}所学校，在校生{stage.students}人{verdict}")
    if school_rule:
        st.metric(f"{stage.name}达标学校", f"{stage.passing} / {stage.judged} 所")
    else:
        st.caption("本标准未规定逐校达标值，只判定差异系数。")
    rule = "每项不超过" if stage.cv_rule == "each" else "综合差异系数不超过"
    over = [c for c in stage.cvs if c.over]
    head = f"差异系数（{rule}{stage.cv_limit:g}）："
    if over:
        head += "超过上限的有" + "、".join(f"{c.name}{format_value(c.value, against=c.limit)}" for c in over)
    else:
        head += "均未超过上限"
    st.caption(head)
    frame = pd.DataFrame(
        [
            {"指标": c.name, "差异系数": c.value, "上限": c.limit, "超过上限": "是" if c.over else "否"}
            for c in stage.cvs
        ]
    )
    st.dataframe(
        frame.style.apply(lambda col: [FLAG_STYLE if v == "是" else "" for v in col], subset=["超过上限"]),
        hide_index=True,
        width="stretch",
        height=table_height(len(frame)),
        column_config={
            "差异系数": st.column_config.NumberColumn(format="%.3f"),
            "上限": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    if stage.composite_cv is not None:
        st.caption(f"综合差异系数：{format_value(stage.composite_cv, against=stage.cv_limit)}")


def schools_view(ctx: ChatContext) -> None:
    ev = ctx.evaluation
    std = ev.standard
    stages = list(ev.stages)
    st.subheader("逐校情况")
    c1, c2, c3 = st.columns([2, 3, 2])
    stage = c1.radio("学段", stages, format_func=lambda s: STAGE_NAMES[s], horizontal=True, key="view_stage")
    table = school_table(ev, stage)
    towns = sorted({t for t in table.frame["乡镇"] if t})
    chosen = c2.multiselect("乡镇", towns, key="view_towns", placeholder="全部乡镇")
    failing = c3.toggle("只看未达标学校", key="view_failing")
    frame = table.frame
    keep = pd.Series(True, index=frame.index)
    if chosen:
        keep &= frame["乡镇"].isin(chosen)
    if failing:
        keep &= frame["达标"] == "否"
    shown = frame[keep]
    st.caption(
        f"共{len(shown)}所学校（{STAGE_NAMES[stage]}）。红色为未达到标准的值；"
        "“差多少”列是达到标准还需增加的数量（空白表示已达标）。"
    )
    unmet = {(r, c) for r, c in table.unmet if keep.iloc[r]}
    positions = {r: i for i, r in enumerate(shown.index)}

    def style(data: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame("", index=data.index, columns=data.columns)
        for r, c in unmet:
            out.iat[positions[r], data.columns.get_loc(c)] = FLAG_STYLE
        out.loc[data["达标"] == "否", "达标"] = FLAG_STYLE
        return out

    formats: dict = {
        "乡镇": st.column_config.TextColumn(width="small", pinned=True),
        "学校": st.column_config.TextColumn(width="medium", pinned=True),
    }
    formats |= {c: st.column_config.NumberColumn(format="%.3f") for c in table.values}
    for ind, c in zip(std.indicators, table.gaps, strict=True):
        formats[c] = st.column_config.NumberColumn(format="%d" if ind.gap_integer else "%.2f")
    st.dataframe(
        shown.reset_index(drop=True).style.apply(style, axis=None),
        hide_index=True,
        width="stretch",
        height=table_height(len(shown)),
        column_config=formats,
    )
    st.download_button(
        "下载Excel（审计工作簿，计算均为公式）",
        data=lambda: _workbook(ev, ctx, std),
        file_name=workbook_filename(std, ctx.region),
        mime=XLSX_MIME,
        key="schools-xlsx",
    )
    names = list(shown["学校"])
    _charts(ctx, stage, names)
    _profile(ctx, stage, names or list(frame["学校"]))
    trends_view(stage)


def _charts(ctx: ChatContext, stage: str, names: list[str]) -> None:
    ev = ctx.evaluation
    _, cells = chat_data.school_grid(ev, stage)
    cells = [c for c in cells if c["学校"] in set(names)]
    left, right = st.columns([3, 2])
    with left:
        if cells:
            heat = (
                alt.Chart(pd.DataFrame(cells))
                .mark_rect(stroke="white")
                .encode(
                    x=alt.X(
                        "指标:N",
                        sort=None,
                        title=None,
                        axis=alt.Axis(labelAngle=-35, labelLimit=200, labelOverlap=False, orient="top"),
                    ),
                    y=alt.Y(
                        "学校:N", sort=None, title=None, axis=alt.Axis(labelLimit=240, labelOverlap=False)
                    ),
                    color=alt.Color(
                        "情况:N",
                        scale=alt.Scale(
                            domain=chat_data.heat_states(ev), range=["#9bd3ae", "#f8c471", "#e45756"]
                        ),
                        legend=alt.Legend(
                            title="达成情况", orient="bottom", direction="vertical", labelLimit=300
                        ),
                    ),
                    tooltip=["学校", "指标", "值", "情况"],
                )
                .properties(title="达标热力图", height=alt.Step(26), width=alt.Step(56))
            )
            st.altair_chart(heat, width="content")
    with right:
        chart = chat_data.cv_chart(ev, stage)
        st.altair_chart(cv_chart(chart.data, chart.title, chart.limit), width="stretch")


def _profile(ctx: ChatContext, stage: str, names: list[str]) -> None:
    ev = ctx.evaluation
    std = ev.standard
    st.subheader("单校档案")
    name = st.selectbox("选择学校", names, key="profile_school")
    school = next((s for s in ev.schools if s.stage == stage and s.name == name), None)
    if school is None:
        return
    rows = [
        {
            "指标": ind.name,
            "本校": school.indicators.get(ind.key),
            "标准": school.thresholds.get(ind.key),
            "单位": value_unit(ind),
            "达标": "—" if school.passed is None else ("否" if ind.key in school.unmet else "是"),
            "需增加": format_value(school.gaps[ind.key].shortfall, school.gaps[ind.key].unit)
            if ind.key in school.gaps
            else "",
        }
        for ind in std.indicators
    ]
    profile = pd.DataFrame(rows)
    st.dataframe(
        profile.style.apply(lambda col: [FLAG_STYLE if v == "否" else "" for v in col], subset=["达标"]),
        hide_index=True,
        width="stretch",
        height=table_height(len(profile)),
        column_config={"本校": st.column_config.NumberColumn(format="%.3f")},
    )
    gaps = "；".join(
        f"{std.indicator(k).short}需增加{format_value(g.shortfall, g.unit)}" for k, g in school.gaps.items()
    )
    if gaps:
        verdict = f"差距：{gaps}。"
    elif school.passed is None:  # 基本均衡 without a provincial file: nothing was checked against a standard
        verdict = "本标准未规定逐校达标值，请对照省定办学基本标准核实。"
    else:
        verdict = "各项指标均达到标准。"
    st.markdown(f"在校生{school.students}人。" + verdict)


def trends_view(stage: str) -> None:
    """With two or more 统计年度: the change on the year before and a trend chart per indicator."""
    comparison = state.year_comparison()
    if comparison is None or stage not in comparison.stages:
        return
    trend = comparison.stages[stage]
    st.subheader(f"历年变化（{comparison.years[0]}—{comparison.latest}年度）")
    st.markdown("\n".join(f"- {escape_text(line)}" for line in comparison.lines(stage)))
    rows = [
        {"指标": ind.short, "年度": str(year), "均值": mean, "差异系数": cv, "单位": ind.unit}
        for ind in trend.indicators
        for year, mean, cv in zip(ind.years, ind.means, ind.cvs, strict=True)
    ]
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(x=alt.X("年度:O", title=None, axis=alt.Axis(labelAngle=0)))
    means = (
        base.mark_line(point=True)
        .encode(
            y=alt.Y("均值:Q", title=None),
            tooltip=["指标", "年度", alt.Tooltip("均值:Q", format=".2f"), "单位"],
        )
        .properties(width=180, height=120)
        .facet(facet=alt.Facet("指标:N", title=None, sort=None, header=alt.Header(labelLimit=200)), columns=4)
        .resolve_scale(y="independent")
        .properties(title="各项指标历年均值")
    )
    st.altair_chart(means)
    cvs = (
        base.mark_line(point=True)
        .encode(
            y=alt.Y("差异系数:Q", title="差异系数"),
            color=alt.Color(
                "指标:N", sort=None, legend=alt.Legend(orient="bottom", title=None, columns=4, labelLimit=200)
            ),
            tooltip=["指标", "年度", alt.Tooltip("差异系数:Q", format=".3f")],
        )
        .properties(title=f"各项指标差异系数历年变化（上限{trend.cv_limit:g}）", height=260)
    )
    rule = alt.Chart(pd.DataFrame({"上限": [trend.cv_limit]})).mark_rule(color="#e45756", strokeDash=[6, 3])
    st.altair_chart(alt.layer(cvs, rule.encode(y="上限:Q")), width="stretch")


def _workbook(ev: Evaluation, ctx: ChatContext, std: Standard) -> bytes:
    """The audit workbook, built when the button is pressed (openpyxl loads then, not on the first screen)."""
    from planner.export.workbook import workbook_bytes

    year = st.session_state.get("data_year")  # the 统计年度 the page chose, as the documents name it
    return workbook_bytes(ev, ctx.schools, std, region=ctx.region, data_year=year)
