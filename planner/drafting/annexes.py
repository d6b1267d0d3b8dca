"""The 附件 tables: 学校达标情况一览表, 差距清单, 校际差异系数表, 年度实施项目表, 资金测算表,
待安排项目清单 (with a budget that does not cover the need), 校长教师交流轮岗安排表, 评估项目对照表,
责任分工表.

Every figure in a cell is a fact's display string; the fact keys are kept on the table. The 差距清单
and 校际差异系数表 carry the projected value at the plan's end, so a reader (and the checker) sees what
the plan reaches; a combined school's facility gap is per 学段 after 拆分, and the note says how it
becomes the school's project.
"""

from __future__ import annotations

from dataclasses import replace

from metrics import STAGE_NAMES
from metrics.split import SUBTOTAL_TYPES
from planner.drafting.class_task import class_table, rooms_table
from planner.drafting.context import GROUPS, DraftContext
from planner.drafting.costs import FUND_NAMES, FUNDS
from planner.drafting.facts import FactKey as K
from planner.drafting.item_tasks import GROUP_PARTS, status_text, units_of
from planner.drafting.items import item_key
from planner.drafting.projects import Project, work_of
from planner.drafting.words import over_cap
from planner.model import AnnexTable

__all__ = ["build_annexes", "cv_table", "gaps_table", "schools_table"]


def build_annexes(dr: DraftContext) -> list[AnnexTable]:
    gaps = _gaps(dr)
    tables = [_schools(dr), *([gaps] if gaps.rows else []), _cvs(dr)]  # no 差距清单 without a gap
    if dr.schedule.need:  # nothing to build, buy or hire: no empty 年度实施项目表
        tables.append(_projects(dr))
    if any(i.cost_wan for i in dr.schedule.items):  # nor an all-zero 资金测算表 (交流 costs nothing)
        tables.append(_funds(dr))
    if any(p.public for p in dr.schedule.unscheduled):
        tables.append(_unfunded(dr))
    if dr.schedule.quota is not None:
        tables.append(_exchanges(dr))
    for extra in (class_table(dr), rooms_table(dr)):
        if extra is not None:
            tables.append(extra)
    # the later tables cite the earlier ones by number (the 班额 row of 附件 评估项目对照表)
    dr.annexes = [*tables, AnnexTable("items", "", [], []), AnnexTable("duties", "", [], [])]
    if dr.items:
        tables.append(_items(dr))
    return [*tables, _duties(dr)]


def _title(dr: DraftContext, key: str, default: str) -> str:
    return dr.tpl.annex_titles.get(key, default)


def item_unit(dr: DraftContext, item: Project) -> str:
    """Who carries out one project: the group's units, or a 民办 school's 举办者."""
    return dr.unit("private" if not item.public else item.category)


def _months(item: Project) -> str:
    (y0, m0), (y1, m1) = item.start, item.finish
    return f"{y0}年{m0}—{m1}月" if y0 == y1 else f"{y0}年{m0}月—{y1}年{m1}月"


def _school_name(dr: DraftContext, item: Project) -> str:
    combined = any(s.school_type in SUBTOTAL_TYPES for s in dr.ev.school(item.school))
    return f"{item.school}（{STAGE_NAMES[item.stage]}部）" if item.stage and combined else item.school


def _reached(dr: DraftContext, name: str) -> str:
    """The year a failing school is projected to pass, 待安排 when not within the plan, — if passing."""
    if name not in dr.schedule.baseline.failing:
        return "—"
    for y in dr.schedule.years:
        if y.projection is not None and name not in y.projection.failing:
            return f"{y.year}年"
    return "待安排" if dr.schedule.years[-1].projection is not None else "—"


def _lifted(dr: DraftContext, school: str, stage: str) -> set[str]:
    """The indicators the plan lifts to the mean at one school-stage (基本均衡 without thresholds)."""
    return {
        lift.indicator
        for p in dr.schedule.need
        if p.school == school
        for lift in p.lifts
        if lift.stage == stage and lift.indicator
    }


def _schools_mean(dr: DraftContext) -> AnnexTable:
    """基本均衡 without a provincial standard file: per school, the indicators well below the county
    mean that the plan lifts and the year it is done, and the 省定办学基本标准 left for the office to
    verify school by school (the one per-school requirement of 教督〔2012〕3号)."""
    rows = []
    for n, s in enumerate(dr.ev.schools, 1):
        lifted = _lifted(dr, s.name, s.stage)
        names = "、".join(dr.std.indicator(k).short for k in dr.std.keys if k in lifted) or "—"
        done = [p.effect for p in dr.schedule.need if p.school == s.name and p.effect and lifted]
        year = "—" if not lifted else (f"{max(done)}年" if done and max(done) <= dr.st.end_year else "待安排")
        students = dr.d(K("school", school=s.name, stage=s.stage, measure="students"))
        township = s.township or dr.st.region
        rows.append(
            [str(n), s.name, township, STAGE_NAMES[s.stage], students, names, year, dr.phrase("verify")]
        )
    headers = ["序号", "学校", "乡镇", "学段", "在校生", "明显低于均值的指标", "补齐年份", "省定办学基本标准"]
    note = dr.phrase("schools_mean_note", share=dr.d(K("assume", measure="lift_share")))
    title = _title(dr, "schools_mean", "学校办学条件核查表")
    return AnnexTable("schools", title, headers, rows, dr.take(), note)


def _schools(dr: DraftContext) -> AnnexTable:
    if not dr.std.has_school_thresholds:
        return _schools_mean(dr)
    rows = []
    std = dr.std
    for n, s in enumerate(dr.ev.schools, 1):

        def base(measure: str, s=s) -> K:
            return K("school", school=s.name, stage=s.stage, measure=measure)

        verdict = {True: "达标", False: "未达标", None: "—"}[s.passed]
        unmet = "、".join(std.indicator(k).short for k in s.unmet) or "—"
        met = dr.d(base("met")) if std.has_school_thresholds else "—"
        reached = _reached(dr, s.name) if s.passed is False else "—"
        row = [str(n), s.name, s.township or dr.st.region, STAGE_NAMES[s.stage], dr.d(base("students"))]
        rows.append([*row, met, verdict, unmet, reached])
    headers = ["序号", "学校", "乡镇", "学段", "在校生", "达标指标数", "结论", "未达标指标", "预计达标"]
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
            lifted = _lifted(dr, s.name, s.stage)
            gaps = [
                (k, K("mean", stage=s.stage, indicator=k), dr.d(base(k, "below_mean")))
                for k in dr.std.keys
                if k in lifted and base(k, "below_mean") in dr.facts
            ]
        for key, target_key, gap in gaps:
            value = dr.d(base(key, "value"))
            end = base(key, "projected")
            projected = dr.d(end) if end in dr.facts else "—"
            name = dr.std.indicator(key).short
            rows.append(
                [
                    str(len(rows) + 1),
                    s.name,
                    STAGE_NAMES[s.stage],
                    name,
                    value,
                    dr.d(target_key),
                    gap,
                    projected,
                ]
            )
    target = "标准值" if dr.std.has_school_thresholds else f"{dr.words.scope}均值"
    headers = ["序号", "学校", "学段", "指标（简称）", "现值", target, "缺口", "方案期末"]
    note = _short_note(dr) + dr.phrase("gaps_end_note")
    note += _split_note(dr)
    return AnnexTable("gaps", _title(dr, "gaps", "差距清单"), headers, rows, dr.take(), note)


def _split_note(dr: DraftContext) -> str:
    """How a combined school's per-学段 facility gaps become its school-wide project (拆分)."""
    parts = []
    for p in dr.schedule.need:
        schools = dr.ev.school(p.school)
        if len(schools) < 2 or p.stage is not None or p.kind == "special_rooms":
            continue
        key = K("work", field=work_of(p), scope="school", school=p.school, stage=None)
        parts.append(
            dr.phrase(
                "split_item",
                school=p.school,
                work=dr.phrase(f"work_{work_of(p)}", amount=dr.d(key), sender=p.source),
            )
        )
    if not parts:
        return ""
    return dr.phrase("split_note", items="；".join(dict.fromkeys(parts)))


def _short_note(dr: DraftContext) -> str:
    return dr.phrase("annex_short_note", standard_title=dr.std.title, standard_doc_no=dr.std.doc_no)


def _cvs(dr: DraftContext) -> AnnexTable:
    rows = []
    end = dr.st.end_year
    single = []
    for stage, st in dr.ev.stages.items():
        if sum(1 for s in dr.ev.schools if s.stage == stage) < 2:  # one school varies from nothing
            single.append(STAGE_NAMES[stage])
            continue
        for ind in dr.std.indicators:
            key = K("cv", stage=stage, indicator=ind.key)
            cv = dr.d(key) if key in dr.facts else "—"
            verdict = "—" if cv == "—" else ("超限" if ind.key in st.cv_failed else "达标")
            projected = K("year", year=end, scope="cv", stage=stage, indicator=ind.key)
            after = dr.d(projected) if projected in dr.facts else "—"
            rows.append([ind.short, STAGE_NAMES[stage], cv, dr.d(K("cv_limit", stage=stage)), verdict, after])
        if K("cv", stage=stage, measure="composite") in dr.facts:
            projected = K("year", year=end, scope="cv", stage=stage, measure="composite")
            rows.append(
                [
                    "综合差异系数",
                    STAGE_NAMES[stage],
                    dr.d(K("cv", stage=stage, measure="composite")),
                    dr.d(K("cv_limit", stage=stage)),
                    "—" if dr.std.cv_rule == "each" else ("达标" if st.passed else "超限"),
                    dr.d(projected) if projected in dr.facts else "—",
                ]
            )
    headers = ["指标（简称）", "学段", "差异系数", "上限", "结论", "方案期末"]
    note = _short_note(dr) + _worse_note(dr)
    if single:
        note += dr.phrase("cv_single", stages="、".join(single))
    return AnnexTable("cv", _title(dr, "cv", "校际差异系数表"), headers, rows, dr.take(), note)


WORSE = 0.005
"""A CV at the plan's end this much above today's is a side effect the annex explains."""


def _worse_note(dr: DraftContext) -> str:
    """The CVs the plan's own work raises (a combined school's whole-school purchase lifts its other
    学段 above the mean, a school lifted past the mean): named with both values and the cause."""
    end = dr.st.end_year
    worse = []
    for stage in dr.ev.stages:
        for ind in dr.std.indicators:
            now, after = (
                K("cv", stage=stage, indicator=ind.key),
                K("year", year=end, scope="cv", stage=stage, indicator=ind.key),
            )
            if now in dr.facts and after in dr.facts and dr.facts[after].value > dr.facts[now].value + WORSE:
                worse.append(
                    dr.phrase(
                        "cv_worse_item",
                        stage=STAGE_NAMES[stage],
                        indicator=ind.short,
                        before=dr.d(now),
                        after=dr.d(after),
                    )
                )
    if not worse:
        return ""
    combined = [
        p.school for p in dr.schedule.need if p.stage is None and len(dr.ev.school(p.school)) > 1 and p.public
    ]
    key = "cv_worse_combined" if combined else "cv_worse"
    return dr.phrase(key, items="、".join(worse), schools="、".join(dict.fromkeys(combined)))


def _wan(dr: DraftContext, key: K) -> str:
    """A 万元 figure in a table whose money columns state the unit once (金额单位：万元)."""
    return dr.d(key).removesuffix("万元")


def _projects(dr: DraftContext) -> AnnexTable:
    """Every scheduled project: school, work, amount, when, fund, and what it pays in each plan year
    (a building by progress, a hire's salary every year), so that each year's column adds up to the
    资金测算表; 民办 projects are listed but summed apart."""
    years = dr.st.year_list
    rows = []
    for y in dr.schedule.years:
        for k, item in enumerate(y.items):
            rows.append([str(len(rows) + 1), *_project_cells(dr, y.year, k, item, years)])
    if rows:
        totals = [_wan(dr, K("year", year=year, measure="cost")) for year in years]
        total = _wan(dr, K("sched", measure="total_cost"))
        rows.append(["合计", "", "", "", "", dr.phrase("public_funds"), *totals, total])
        if dr.schedule.private_items:
            private = [_wan(dr, K("year", year=year, measure="private")) for year in years]
            total = _wan(dr, K("sched", measure="private_cost"))
            rows.append(["", "", "", "", "", dr.phrase("private_fund"), *private, total])
    years_ = [f"{year}年" for year in years]
    headers = ["序号", "学校", "项目", "数量", "实施时间", "资金渠道", *years_, "合计"]
    note = dr.phrase("projects_note")
    title = _title(dr, "projects", "年度实施项目表")  # ten columns: a landscape page keeps amounts whole
    return AnnexTable("projects", title, headers, rows, dr.take(), note, landscape=True)


def _project_cells(dr: DraftContext, year: int, k: int, item: Project, years: list[int]) -> list[str]:
    """One project's row after its number: school, work, amount, months, fund, payments, total."""

    def key(measure: str | None = None, paid_in: int | None = None) -> K:
        field = str(paid_in) if paid_in is not None else None
        return K("year", year=year, scope="item", index=k, measure=measure, field=field)

    paid = dict(item.payments)
    cells = [_wan(dr, key("paid", y)) if paid.get(y) else "" for y in years]
    fund = FUND_NAMES[item.fund] if item.public else dr.phrase("private_fund")
    work = dr.phrase(f"work_{work_of(item)}", amount="", sender="")
    return [_school_name(dr, item), work, dr.d(key()), _months(item), fund, *cells, _wan(dr, key("cost"))]


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
    """What the cap leaves over: each project, its cost, and whether it alone is over the cap."""
    rows = []
    for n, item in enumerate(dr.schedule.unscheduled):
        if not item.public:
            continue
        rows.append(
            [
                str(len(rows) + 1),
                item.school,
                dr.phrase(f"work_{work_of(item)}", amount="", sender=""),
                dr.d(K("left", index=n)),
                dr.d(K("left", index=n, measure="cost")),
                dr.phrase(
                    "capacity_limited"
                    if item.kind == "backbone"
                    else "never_under_cap"
                    if over_cap(dr, item)
                    else "waits_for_money"
                ),
            ]
        )
    if dr.schedule.unfunded:
        rows.append(["合计", "", "", "", dr.d(K("sched", measure="unscheduled_cost")), ""])
    headers = ["序号", "学校", "项目", "数量", "估算投资", "说明"]
    budget = K("budget", measure="yearly")
    note = dr.phrase("unfunded_note", budget=dr.d(budget)) if budget in dr.facts else ""
    if dr.schedule.beyond_capacity:
        note += dr.phrase("capacity_note", backbone_share=dr.d(K("assume", measure="backbone_yearly")))
    if K("budget", measure="needed") in dr.facts:
        note += dr.phrase("unfunded_needed", needed=dr.d(K("budget", measure="needed")))
    return AnnexTable("unfunded", _title(dr, "unfunded", "待安排项目清单"), headers, rows, dr.take(), note)


def _exchanges(dr: DraftContext) -> AnnexTable:
    """The yearly quota, and the named transfers with the CV before and after."""
    first, last = dr.st.start_year, dr.st.end_year
    quota = dr.d(K("quota", measure="count"))
    backbone = dr.d(K("quota", measure="backbone"))
    stages = "、".join(STAGE_NAMES[s] for s in dr.ev.stages)
    town = dr.words.level == "town" and "quota_sender_town" in dr.tpl.phrases
    sender = dr.phrase("quota_sender_town" if town else "quota_sender", backbone=backbone)
    rows = [["1", f"{first}—{last}年每年", stages, "—", sender, dr.phrase("quota_receiver"), quota]]
    for e in dr.schedule.exchanges:

        def key(measure: str, index: int | None = None, e=e) -> K:
            return K("exchange", stage=e.stage, indicator=e.indicator, index=index, measure=measure)

        short = dr.std.indicator(e.indicator).short
        for n, t in enumerate(e.transfers):
            row = [f"{first}年", STAGE_NAMES[e.stage], short, t.sender, t.receiver, dr.d(key("count", n))]
            rows.append([str(len(rows) + 1), *row])
        cv = dr.phrase("exchange_cv", before=dr.d(key("before")), after=dr.d(key("after")))
        rows.append(["小计", "", STAGE_NAMES[e.stage], short, cv, "", dr.d(key("count"))])
    headers = ["序号", "年度", "学段", "指标（简称）", "派出学校", "接收学校", "人数"]
    note = dr.phrase("exchange_note")
    return AnnexTable(
        "exchange", _title(dr, "exchange", "校长教师交流轮岗安排表"), headers, rows, dr.take(), note
    )


def _items(dr: DraftContext) -> AnnexTable:
    """Each item of the standard's other parts: where the county stands and who is responsible."""
    rows = []
    for st in dr.items:
        group = next((g for g, parts in GROUP_PARTS.items() if st.item.part in parts), "government")
        number = dr.d(item_key(st.item, "number"))
        rows.append(
            [
                str(len(rows) + 1),
                dr.phrase("items_row", name=st.item.name, part=st.item.part_name, number=number),
                status_text(dr, st),
                units_of(dr, "veto" if st.item.part == "veto" else st.item.key, group),
            ]
        )
    headers = ["序号", "项目", "现状", "责任单位"]
    note = dr.phrase("items_note", standard_title=dr.std.title, standard_doc_no=dr.std.doc_no)
    return AnnexTable("items", _title(dr, "items", "评估项目对照表"), headers, rows, dr.take(), note)


def _deadline(dr: DraftContext, group: str) -> str:
    """A task group's 完成时限 as the body schedules it: the work groups when their last public project
    is done (the year's month), the standard's other items before the 自评 of the last year."""
    if group not in WORK_GROUPS:
        return dr.phrase("duty_selfcheck", year=dr.st.end_year)
    done = [p.finish for p in dr.schedule.items if p.public and p.category == group and p.start != (0, 0)]
    done = [f for f in done if f[0] <= dr.st.end_year]
    if not done:
        return dr.phrase("duty_year_end", year=dr.st.end_year)
    year, month = max(done)
    return dr.phrase("duty_month", year=year, month=month)


WORK_GROUPS = ("building", "equipment", "teachers")


def _duties(dr: DraftContext) -> AnnexTable:
    rows = []
    n = 0
    for group in GROUPS:
        if group not in dr.tpl.groups:
            continue
        n += 1
        rows.append([str(n), dr.tpl.groups[group], dr.unit(group), _deadline(dr, group)])
    if dr.schedule.private_items:
        n += 1
        done = [p.finish for p in dr.schedule.private_items if p.finish[0] <= dr.st.end_year]
        year, month = max(done) if done else (dr.st.end_year, 12)
        rows.append(
            [
                str(n),
                dr.phrase("private_task"),
                dr.unit("private"),
                dr.phrase("duty_month", year=year, month=month),
            ]
        )
    n += 1
    rows.append([str(n), "组织实施与督导考核", dr.unit("steps"), f"{dr.st.end_year}年底前"])
    headers = ["序号", "任务", "责任单位", "完成时限"]
    return AnnexTable("duties", _title(dr, "duties", "责任分工表"), headers, rows, ())


# The tables other document kinds (自评报告, 迎评工作方案) share with the plan (planner/documents/).
schools_table, gaps_table, cv_table = _schools, _gaps, _cvs


def without_column(table: AnnexTable, header: str) -> AnnexTable:
    """The table without one of its columns (unchanged when it has none)."""
    if header not in table.headers:
        return table
    i = table.headers.index(header)
    rows = [r[:i] + r[i + 1 :] for r in table.rows]
    return replace(table, headers=table.headers[:i] + table.headers[i + 1 :], rows=rows)
