"""The 附件 tables: 学校达标情况一览表, 差距清单, 校际差异系数表, 年度实施项目表, 资金测算表,
待安排项目清单 (with a budget that does not cover the need), 责任分工表.

Every figure in a cell is a fact's display string; the fact keys are kept on the table.
"""

from __future__ import annotations

from metrics import STAGE_NAMES
from metrics.columns import BY_KEY
from planner.drafting.context import GROUPS, DraftContext
from planner.drafting.costs import FUND_NAMES, FUNDS
from planner.drafting.facts import FactKey as K
from planner.model import AnnexTable

__all__ = ["build_annexes"]


def build_annexes(dr: DraftContext) -> list[AnnexTable]:
    tables = [_schools(dr), _gaps(dr), _cvs(dr), _projects(dr), _funds(dr)]
    if dr.schedule.unscheduled:
        tables.append(_unfunded(dr))
    if dr.schedule.exchanges:
        tables.append(_exchanges(dr))
    return [*tables, _duties(dr)]


def _exchanges(dr: DraftContext) -> AnnexTable:
    """The 交流轮岗 plan: who goes where, and the CV before and after."""
    rows = []
    for e in dr.schedule.exchanges:

        def key(measure: str, index: int | None = None, e=e) -> K:
            return K("exchange", stage=e.stage, indicator=e.indicator, index=index, measure=measure)

        year = next(y.year for y in dr.schedule.years if e in y.exchanges)
        short = dr.std.indicator(e.indicator).short
        for n, t in enumerate(e.transfers):
            rows.append(
                [
                    str(len(rows) + 1),
                    f"{year}年",
                    STAGE_NAMES[e.stage],
                    short,
                    t.sender,
                    t.receiver,
                    dr.d(key("count", n)),
                ]
            )
        rows.append(
            [
                "合计",
                "",
                STAGE_NAMES[e.stage],
                short,
                dr.phrase("exchange_cv", before=dr.d(key("before")), after=dr.d(key("after"))),
                "",
                dr.d(key("count")),
            ]
        )
    headers = ["序号", "年度", "学段", "指标（简称）", "派出学校", "接收学校", "人数"]
    note = dr.phrase("exchange_note")
    return AnnexTable(
        "exchange", _title(dr, "exchange", "校长教师交流轮岗安排表"), headers, rows, dr.take(), note
    )


def item_unit(dr: DraftContext, item) -> str:
    """Who carries out one scheduled item: the group's units, or a 民办 school's 举办者."""
    return dr.unit("private" if not item.public else item.category)


def _months(item) -> str:
    (y0, m0), (y1, m1) = item.start, item.finish
    return f"{y0}年{m0}—{m1}月" if y0 == y1 else f"{y0}年{m0}月—{y1}年{m1}月"


def _title(dr: DraftContext, key: str, default: str) -> str:
    return dr.tpl.annex_titles.get(key, default)


def _schools(dr: DraftContext) -> AnnexTable:

    rows = []
    std = dr.std
    for n, s in enumerate(dr.ev.schools, 1):

        def base(measure: str, s=s) -> K:
            return K("school", school=s.name, stage=s.stage, measure=measure)

        verdict = {True: "达标", False: "未达标", None: "—"}[s.passed]
        unmet = "、".join(std.indicator(k).short for k in s.unmet) or "—"
        met = dr.d(base("met")) if std.has_school_thresholds else "—"
        rows.append(
            [
                str(n),
                s.name,
                s.township or dr.st.region,
                STAGE_NAMES[s.stage],
                dr.d(base("students")),
                met,
                verdict,
                unmet,
            ]
        )
    headers = ["序号", "学校", "乡镇", "学段", "在校生", "达标指标数", "结论", "未达标指标"]
    return AnnexTable("schools", _title(dr, "schools", "学校达标情况一览表"), headers, rows, dr.take())


def _gaps(dr: DraftContext) -> AnnexTable:

    rows = []
    for s in dr.ev.schools:

        def base(key: str, measure: str, s=s) -> K:
            return K("school", school=s.name, stage=s.stage, indicator=key, measure=measure)

        if dr.std.has_school_thresholds:
            gaps = [
                (k, K("threshold", stage=s.stage, indicator=k), dr.d(base(k, "shortfall"))) for k in s.gaps
            ]
        else:
            st = dr.ev.stages[s.stage]
            keys = dr.mean_gap_keys(s.stage)
            gaps = [
                (k, K("mean", stage=s.stage, indicator=k), "低于均值")
                for k in keys
                if s.indicators[k] < st.means[k] and base(k, "value") in dr.facts
            ]
        for key, target_key, gap in gaps:
            value = dr.d(base(key, "value"))
            name = dr.std.indicator(key).short
            rows.append(
                [str(len(rows) + 1), s.name, STAGE_NAMES[s.stage], name, value, dr.d(target_key), gap]
            )
    target = "标准值" if dr.std.has_school_thresholds else f"{dr.words.scope}均值"
    headers = ["序号", "学校", "学段", "指标（简称）", "现值", target, "缺口"]
    note = _short_note(dr)
    for name in dr.schedule.enrolment_caps:
        students = dr.d(K("school", school=name, measure="stated_students"))
        note += dr.phrase("gaps_stated_note", school=name, students=students)
    return AnnexTable("gaps", _title(dr, "gaps", "差距清单"), headers, rows, dr.take(), note)


def _short_note(dr: DraftContext) -> str:
    return dr.phrase("annex_short_note", standard_title=dr.std.title, standard_doc_no=dr.std.doc_no)


def _cvs(dr: DraftContext) -> AnnexTable:

    rows = []
    for stage, st in dr.ev.stages.items():
        for ind in dr.std.indicators:
            key = K("cv", stage=stage, indicator=ind.key)
            cv = dr.d(key) if key in dr.facts else "—"
            verdict = "—" if cv == "—" else ("超限" if ind.key in st.cv_failed else "达标")
            rows.append([ind.short, STAGE_NAMES[stage], cv, dr.d(K("cv_limit", stage=stage)), verdict])
        if K("cv", stage=stage, measure="composite") in dr.facts:
            rows.append(
                [
                    "综合差异系数",
                    STAGE_NAMES[stage],
                    dr.d(K("cv", stage=stage, measure="composite")),
                    dr.d(K("cv_limit", stage=stage)),
                    "—" if dr.std.cv_rule == "each" else ("达标" if st.passed else "超限"),
                ]
            )
    headers = ["指标（简称）", "学段", "差异系数", "上限", "结论"]
    return AnnexTable("cv", _title(dr, "cv", "校际差异系数表"), headers, rows, dr.take(), _short_note(dr))


def _projects(dr: DraftContext) -> AnnexTable:
    """Every scheduled item: when, school, work, amount, cost over the plan, fund, lead unit."""
    rows = []
    for y in dr.schedule.years:
        for k, item in enumerate(y.items):
            fund = FUND_NAMES[item.fund] if item.public else dr.phrase("private_fund")
            rows.append(
                [
                    str(len(rows) + 1),
                    _months(item),
                    f"{item.school}（{STAGE_NAMES[item.stage]}部）" if item.stage else item.school,
                    dr.phrase(f"work_{item.field}", amount=""),
                    dr.d(K("year", year=y.year, scope="item", index=k)),
                    dr.d(K("year", year=y.year, scope="item", index=k, measure="cost")),
                    fund,
                    item_unit(dr, item).split("、")[0],
                ]
            )
    if rows:
        total = dr.d(K("sched", measure="total_cost"))
        rows.append(["合计", "", "", "", "", total, dr.phrase("public_funds"), ""])
        if dr.schedule.private_items:
            private = dr.d(K("sched", measure="private_cost"))
            rows.append(["", "", "", "", "", private, dr.phrase("private_fund"), ""])
    headers = ["序号", "实施时间", "学校", "项目", "数量", "估算投资", "资金渠道", "牵头单位"]
    note = dr.phrase("projects_note")
    return AnnexTable("projects", _title(dr, "projects", "年度实施项目表"), headers, rows, dr.take(), note)


def _funds(dr: DraftContext) -> AnnexTable:
    """Money by year and fund with a 合计 row: the yearly totals the text quotes."""
    private = bool(dr.schedule.private_items)
    rows = []
    for y in dr.schedule.years:
        row = [f"{y.year}年", *(dr.d(K("year", year=y.year, field=f, measure="cost")) for f in FUNDS)]
        row.append(dr.d(K("year", year=y.year, measure="cost")))
        if private:
            row.append(dr.d(K("year", year=y.year, measure="private")))
        rows.append(row)
    total = ["合计", *(dr.d(K("sched", field=f, measure="total_cost")) for f in FUNDS)]
    total.append(dr.d(K("sched", measure="total_cost")))
    if private:
        total.append(dr.d(K("sched", measure="private_cost")))
    rows.append(total)
    headers = ["年度", *(FUND_NAMES[f] for f in FUNDS), "合计"] + (["民办学校举办者投入"] if private else [])
    budget = K("budget", measure="yearly")
    note = (
        dr.phrase("funds_note_budget", budget=dr.d(budget)) if budget in dr.facts else dr.phrase("funds_note")
    )
    return AnnexTable("funds", _title(dr, "funds", "资金测算表"), headers, rows, dr.take(), note)


def _unfunded(dr: DraftContext) -> AnnexTable:
    """What the budget leaves over: the need the plan cannot pay for in its years."""
    rows = []
    for n, item in enumerate(dr.schedule.unscheduled):
        rows.append(
            [
                str(n + 1),
                item.school,
                BY_KEY[item.field].header,
                dr.d(K("left", index=n)),
                dr.d(K("left", index=n, measure="cost")),
            ]
        )
    rows.append(["合计", "", "", "", dr.d(K("sched", measure="unscheduled_cost"))])
    headers = ["序号", "学校", "项目", "数量", "估算投资"]
    return AnnexTable("unfunded", _title(dr, "unfunded", "待安排项目清单"), headers, rows, dr.take())


def _duties(dr: DraftContext) -> AnnexTable:
    rows = []
    n = 0
    end = dr.schedule.reached_year or dr.st.end_year
    for group in GROUPS:
        if group not in dr.tpl.groups:
            continue
        n += 1
        rows.append([str(n), dr.tpl.groups[group], dr.unit(group), f"{end}年底前"])
    if dr.schedule.private_items:
        n += 1
        rows.append([str(n), dr.phrase("private_task"), dr.unit("private"), f"{end}年底前"])
    n += 1
    rows.append([str(n), "组织实施与督导考核", dr.unit("steps"), f"{dr.st.end_year}年底前"])
    headers = ["序号", "任务", "责任单位", "完成时限"]
    return AnnexTable("duties", _title(dr, "duties", "责任分工表"), headers, rows, ())


# The tables other document kinds (自评报告, 迎评工作方案) share with the plan (planner/documents/).
schools_table, gaps_table, cv_table = _schools, _gaps, _cvs
