"""Comparisons: two or more schools, or two or more 乡镇, side by side on the indicators asked (or all
of them), by value or by shortfall, with a sentence saying which is higher or lacks more. Figures are
the evaluation's; a town's value is its schools' enrolment-weighted mean, its gap their sum."""

from __future__ import annotations

from metrics.report import format_value
from metrics.result import STAGE_NAMES, Evaluation, SchoolResult
from planner.chat.data import stages_of
from planner.chat.types import Reply, Table
from planner.chat.where import Where

__all__ = ["compare_schools", "compare_towns"]


def _stage(stage: str) -> str:
    return STAGE_NAMES.get(stage, stage)


def _verdict(which: list[tuple[str, float]], higher: str, lower: str) -> str:
    """Who is first (the largest figure), or that they are equal."""
    ordered = sorted(which, key=lambda x: -x[1])
    if len(ordered) < 2:
        return ""
    if abs(ordered[0][1] - ordered[1][1]) < 1e-9:
        return "两者相同" if len(ordered) == 2 else f"{ordered[0][0]}与{ordered[1][0]}相同，最" + higher
    if len(ordered) == 2:
        return f"{ordered[0][0]}{higher}"
    return f"{ordered[0][0]}最{higher.removeprefix('更')}，{ordered[-1][0]}最{lower.removeprefix('更')}"


def compare_schools(
    evaluation: Evaluation,
    names: tuple[str, ...],
    stage: str | None = None,
    indicators: tuple[str, ...] = (),
    by: str = "value",
) -> Reply:
    std = evaluation.standard
    parts: list[SchoolResult] = []
    missing = []
    for name in names:
        found = evaluation.school(name, stage) or ([] if stage else evaluation.school(name))
        if not found:
            missing.append(name)
        parts += found
    if missing:
        what = f"{_stage(stage)}学段" if stage else "评估结果"
        return Reply(f"数据中没有{'、'.join(missing)}的{what}，无法比较。", kind="compare")
    keys = tuple(indicators) or std.keys
    label = {
        id(s): s.name + (f"（{_stage(s.stage)}）" if len(evaluation.school(s.name)) > 1 else "")
        for s in parts
    }
    mixed = len({s.stage for s in parts}) > 1
    lines = []
    if not indicators:
        for s in parts:
            unmet = "、".join(std.indicator(k).short for k in s.unmet) or "无"
            verdict = {True: "达标", False: "未达标", None: "—"}[s.passed]
            met = f"{len(std.indicators) - len(s.unmet)}/{len(std.indicators)}"
            lines.append(
                f"- {s.name}（{_stage(s.stage)}，在校生{s.students}人）："
                f"{met}项达到标准，未达标指标：{unmet}；学校{verdict}"
            )
        order = sorted(
            parts, key=lambda s: (len(s.unmet), -min((g.ratio for g in s.gaps.values()), default=1))
        )
        lines.insert(0, f"比较{'、'.join(names)}（{std.name}的{len(std.indicators)}项资源配置指标）：")
        if len(order) >= 2 and len(order[0].unmet) != len(order[-1].unmet):
            lines.append(f"{label[id(order[0])]}达标指标最多，{label[id(order[-1])]}差距最大。")
    else:
        lines.append(f"比较{'、'.join(names)}：")
    for key in keys:
        ind = std.indicator(key)
        cells, figures = [], []
        for s in parts:
            gap = s.gaps.get(key)
            value = format_value(s.indicators[key], ind.unit)
            t = s.thresholds.get(key)
            shortfall = (
                f"，缺{format_value(gap.shortfall, gap.unit)}" if gap else ("，达标" if t is not None else "")
            )
            cells.append(f"{label[id(s)]}{value}{shortfall}")
            if by == "gap":
                figures.append((label[id(s)], gap.shortfall if gap else 0.0))
            else:
                ratio = s.indicators[key] / t if (mixed and t) else s.indicators[key]
                figures.append((label[id(s)], ratio))
        if indicators:
            if by == "gap":
                if all(f == 0 for _, f in figures):  # 谁的设备更差 when both meet it: the lower value
                    low = sorted((p.indicators[key], label[id(p)]) for p in parts)
                    tie = abs(low[0][0] - low[1][0]) < 1e-9
                    verdict = "都达到标准，没有缺口；" + ("数值相同" if tie else f"{low[0][1]}的数值最低")
                else:
                    verdict = _verdict(figures, "缺得更多", "缺得更少")
            else:
                verdict = _verdict(figures, "更高", "更低") + ("（按与标准之比）" if mixed else "")
            lines.append(f"- {ind.short}：" + "；".join(cells) + (f"。{verdict}" if verdict else ""))
    headers = ["指标", *(label[id(s)] for s in parts)]
    rows, flags = [], []
    for i, key in enumerate(keys):
        ind = std.indicator(key)
        row = [ind.short]
        for j, s in enumerate(parts, 1):
            gap = s.gaps.get(key)
            cell = format_value(s.indicators[key], ind.unit)
            if gap:
                cell += f"（缺{format_value(gap.shortfall, gap.unit)}）"
                flags.append((i, j))
            row.append(cell)
        rows.append(row)
    table = Table(headers, rows, title="学校对比", flags=tuple(flags))
    return Reply("\n".join(lines), kind="compare", tables=[table], listed=tuple(dict.fromkeys(names)))


def _town_mean(schools: list[SchoolResult], key: str) -> float | None:
    students = sum(s.students for s in schools)
    return sum(s.indicators[key] * s.students for s in schools) / students if students else None


def compare_towns(
    evaluation: Evaluation,
    towns: tuple[str, ...],
    stage: str | None = None,
    indicators: tuple[str, ...] = (),
    by: str = "gap",
    unit: str | None = None,
) -> Reply:
    """乡镇 side by side; with ``unit`` (老师呢), the gaps of the indicators in that unit added up."""
    std = evaluation.standard
    known = {s.township for s in evaluation.schools}
    missing = [t for t in towns if t not in known]
    if missing:
        return Reply(f"数据中没有{'、'.join(missing)}的参评学校，无法比较。", kind="compare")
    if unit and not indicators:
        indicators = tuple(k for k in std.keys if std.indicator(k).gap_unit == unit)
        by = "gap"
    keys = tuple(indicators) or std.keys
    lines = [f"比较{'、'.join(towns)}" + (f"（{_stage(stage)}）" if stage else "") + "："]
    if unit and len(indicators) > 1:
        sums = []
        for town in towns:
            schools = [s for s in evaluation.schools if Where(stage, town).keep(s)]
            sums.append((town, sum(s.gaps[k].shortfall for s in schools for k in indicators if k in s.gaps)))
        word = {"人": "教师", "㎡": "面积", "万元": "仪器设备", "间": "教室"}.get(unit, "")
        cells = "；".join(f"{t}{format_value(v, unit)}" for t, v in sums)
        lines.append(f"- {word}缺口合计：{cells}。{_verdict(sums, '缺得更多', '缺得更少')}")
    rows = []
    if not indicators:
        for town in towns:
            schools = [s for s in evaluation.schools if Where(stage, town).keep(s)]
            names = dict.fromkeys(s.name for s in schools)
            failing = dict.fromkeys(s.name for s in schools if s.passed is False)
            sums: dict[str, float] = {}
            for s in schools:
                for g in s.gaps.values():
                    sums[g.unit] = sums.get(g.unit, 0.0) + g.shortfall
            gaps = "、".join(format_value(v, u) for u, v in sums.items()) or "无"
            lines.append(f"- {town}：参评学校{len(names)}所，未达标{len(failing)}所；各项差距合计{gaps}")
    for key in keys:
        ind = std.indicator(key)
        for st_key in stages_of(evaluation, stage):
            cells, figures = [], []
            for town in towns:
                schools = [s for s in evaluation.schools if Where(st_key, town).keep(s)]
                if not schools:
                    cells.append(f"{town}无{_stage(st_key)}学校")
                    continue
                short = [s for s in schools if key in s.gaps]
                total = sum(s.gaps[key].shortfall for s in short)
                mean = _town_mean(schools, key)
                if by == "gap":
                    cells.append(f"{town}缺{format_value(total, ind.gap_unit)}（{len(short)}所学校未达标）")
                    figures.append((town, total))
                else:
                    cells.append(f"{town}{format_value(mean, ind.unit)}（{len(schools)}所学校加权平均）")
                    figures.append((town, mean or 0.0))
                rows.append(
                    [
                        town,
                        _stage(st_key),
                        ind.short,
                        format_value(mean, ind.unit),
                        format_value(total, ind.gap_unit),
                    ]
                )
            if not indicators:
                continue
            if by == "gap" and figures and all(f == 0 for _, f in figures):
                verdict = "都没有缺口"
            else:
                verdict = _verdict(
                    figures, "缺得更多" if by == "gap" else "更高", "缺得更少" if by == "gap" else "更低"
                )
            lines.append(
                f"- {_stage(st_key)}“{ind.short}”：" + "；".join(cells) + (f"。{verdict}" if verdict else "")
            )
        if indicators and by == "gap" and len(stages_of(evaluation, stage)) > 1:  # both 学段 together
            sums = [
                (
                    t,
                    sum(
                        s.gaps[key].shortfall for s in evaluation.schools if s.township == t and key in s.gaps
                    ),
                )
                for t in towns
            ]
            cells = "；".join(f"{t}缺{format_value(v, ind.gap_unit)}" for t, v in sums)
            lines.append(f"- 两个学段合计“{ind.short}”：{cells}。{_verdict(sums, '缺得更多', '缺得更少')}")
    table = Table(["乡镇", "学段", "指标", "加权平均", "缺口合计"], rows, title="乡镇对比")
    return Reply("\n".join(lines), kind="compare", tables=[table])
