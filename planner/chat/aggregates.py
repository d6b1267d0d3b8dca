"""Answers across schools: verdicts, the indicator that drags most, counts and rates of passing or
failing schools, totals of gaps, rankings (by overall standing, by an indicator's value or by its
shortfall). Every answer covers the schools a ``Where`` keeps (a 学段, a 乡镇, 公办/民办, a kind, a
list); every figure is read from the metrics evaluation."""

from __future__ import annotations

from metrics.report import format_value
from metrics.result import STAGE_NAMES, Evaluation, SchoolResult
from planner.chat.data import stages_of
from planner.chat.types import Reply, Table
from planner.chat.where import Where

__all__ = ["count_reply", "drag_reply", "rank_reply", "rank_towns", "total_gap_reply", "verdict_reply"]


def _stage(stage: str) -> str:
    return STAGE_NAMES.get(stage, stage)


def _judged(evaluation: Evaluation, where: Where) -> list[SchoolResult]:
    return [s for s in evaluation.schools if s.passed is not None and where.keep(s)]


def _by_school(evaluation: Evaluation, where: Where) -> dict[str, list[SchoolResult]]:
    """School name → its judged stages; a combined school passes only when every stage passes."""
    out: dict[str, list[SchoolResult]] = {}
    for s in _judged(evaluation, where):
        out.setdefault(s.name, []).append(s)
    return out


def _no_school_rule(evaluation: Evaluation) -> Reply:
    return Reply(
        f"{evaluation.standard.name}未规定逐校达标值，无法逐校判定。可以问“各项差异系数是多少？”。",
        kind="info",
    )


def _excluded_note(evaluation: Evaluation, where: Where) -> str:
    out = [e for e in evaluation.excluded if not where.township or where.township in e.name]
    if not out or where.schools or where.ownership == "民办":
        return ""
    names = "、".join(e.name for e in out)
    return f"（另有{len(out)}所不参评：{names}）"


def _cv_note(evaluation: Evaluation, where: Where) -> str:
    """差异系数 are county-wide: a town's question is told how the whole area stands."""
    parts = []
    for key in stages_of(evaluation, where.stage):
        st = evaluation.stages[key]
        failed = "、".join(evaluation.standard.indicator(k).short for k in st.cv_failed)
        parts.append(f"{_stage(key)}" + (f"超限（{failed}）" if failed else "均未超限"))
    return (
        "（差异系数是全域各校之间的指标，不按乡镇或类别单独计算；全域差异系数：" + "，".join(parts) + "。）"
    )


# --- verdict ------------------------------------------------------------------------------------


def cv_over(evaluation: Evaluation, stage: str, keys: tuple[str, ...] | None = None) -> str:
    """Each 差异系数 over its limit with its value and the excess: 骨干教师0.505（上限0.45，超出0.055）."""
    st = evaluation.stages[stage]
    std = evaluation.standard
    parts = []
    for key in keys if keys is not None else st.cv_failed:
        cv = st.cv.get(key)
        if cv is None or cv <= st.cv_limit:
            continue
        excess = format_value(cv - st.cv_limit)
        parts.append(f"{std.indicator(key).short}{format_value(cv)}（上限{st.cv_limit:g}，超出{excess}）")
    return "、".join(parts)


def verdict_reply(evaluation: Evaluation, where: Where | None = None) -> Reply:
    """Would the stage (or the whole area) pass on the computable indicators, and why: how many schools
    fail (a combined school counted once) and each 差异系数 over its limit by how much; for a town or a
    kind of school, how many of its schools pass."""
    where = where or Where()
    std = evaluation.standard
    if where.narrowed:
        return _narrow_verdict(evaluation, where)
    reasons: list[str] = []
    passed = True
    rows = []
    for st_key in stages_of(evaluation, where.stage):
        st = evaluation.stages[st_key]
        judged = _judged(evaluation, Where(st_key))
        failing = [s for s in judged if not s.passed]
        ok = bool(st.passed) and not failing
        passed &= ok
        why = []
        if st.cv_failed:
            why.append("差异系数超限：" + cv_over(evaluation, st_key))
        if failing:
            why.append(f"{len(failing)}所学校未达标（{'、'.join(s.name for s in failing)}）")
        reasons.append(f"{_stage(st_key)}" + ("达标" if ok else "未达标：" + "；".join(why)))
        rows.append(
            [
                _stage(st_key),
                "是" if st.passed else "否",
                f"{len(judged) - len(failing)}/{len(judged)}",
                "达标" if ok else "未达标",
            ]
        )
    groups = _by_school(evaluation, where)
    failing_schools = [n for n, rs in groups.items() if not all(s.passed for s in rs)]
    failed_guarantees = [g for g in evaluation.guarantees if not g.met]
    scope = where.label()
    count = (
        f"参评学校{len(groups)}所，{len(groups) - len(failing_schools)}所达标、"
        f"**{len(failing_schools)}所未达标**（一贯制学校各学段都达标才算达标）"
    )
    if passed:
        head = f"按{std.name}的资源配置指标，{scope}**可以达到**要求：{count}；" + "；".join(reasons) + "。"
    else:
        head = f"按{std.name}的资源配置指标，{scope}**暂不能通过**：{count}；" + "；".join(reasons) + "。"
    lines = [head]
    if failed_guarantees and where.stage is None:
        lines.append(
            "政府保障程度（可由学校数据计算的项目）另有未达到的："
            + _guarantee_summary(failed_guarantees)
            + "（可问“哪些学校班额超标”）。"
        )
    lines.append("（认定还要看政府保障程度、教育质量和社会认可度，本助手只能判断可由学校数据计算的部分。）")
    table = Table(["学段", "差异系数达标", "达标学校", "判定"], rows, title=f"{scope}达标判定")
    return Reply("\n\n".join(lines), kind="verdict", tables=[table], suggestions=["哪项指标最拖后腿？"])


def _guarantee_summary(failed: list) -> str:
    """政府保障 items missed, as counts of schools per item (the names are a question away)."""
    counts: dict[str, set[str]] = {}
    for g in failed:
        counts.setdefault(g.item, set()).add(g.name)
    return "、".join(
        f"{item}{'不足' if '教室' in item else '超标'}{len(names)}所学校" for item, names in counts.items()
    )


def _narrow_verdict(evaluation: Evaluation, where: Where) -> Reply:
    groups = _by_school(evaluation, where)
    scope = where.label()
    if not groups:
        return Reply(f"数据中没有{scope}的参评学校。", kind="verdict")
    failing = {n: rs for n, rs in groups.items() if not all(s.passed for s in rs)}
    std = evaluation.standard
    listing = f"（{'、'.join(groups)}）" if len(groups) <= 12 else ""
    head = f"{where.among(len(groups))}{listing}中，{len(groups) - len(failing)}所达标" + (
        "，全部达标。" if not failing else f"，{len(failing)}所未达标："
    )
    lines = [head]
    for name, rs in failing.items():
        parts = [
            (f"{_stage(s.stage)}：" if len(rs) > 1 else "")
            + "、".join(std.indicator(k).short for k in s.unmet)
            for s in rs
            if s.unmet
        ]
        lines.append(f"- {name}未达标指标：" + "；".join(parts))
    lines.append(_cv_note(evaluation, where))
    return Reply("\n".join(lines), kind="verdict", listed=tuple(failing))


# --- the indicator that drags most ---------------------------------------------------------------


def drag_reply(evaluation: Evaluation, where: Where | None = None) -> Reply:
    where = where or Where()
    std = evaluation.standard
    rows, scored = [], []
    for st_key in stages_of(evaluation, where.stage):
        st = evaluation.stages[st_key]
        schools = _judged(evaluation, where.at(st_key))
        for ind in std.indicators:
            short = [s for s in schools if ind.key in s.gaps]
            total = sum(s.gaps[ind.key].shortfall for s in short)
            low = min((s.gaps[ind.key].ratio for s in short), default=1.0)
            over = ind.key in st.cv_failed and not where.narrowed
            cv = st.cv.get(ind.key)
            scored.append(((over, len(short), -low), st_key, ind, short, total, cv))
            rows.append(
                [
                    _stage(st_key),
                    ind.short,
                    str(len(short)),
                    format_value(total, ind.gap_unit) if short else "—",
                    format_value(cv),
                    "超过" if ind.key in st.cv_failed else "未超过",
                ]
            )
    scored.sort(key=lambda x: x[0], reverse=True)
    best = scored[0] if scored else None
    scope = where.label()
    if best is None or (not best[0][0] and best[0][1] == 0):
        tail = "" if where.narrowed else "，差异系数也都未超限"
        return Reply(f"{scope}各项指标都达到标准{tail}，没有拖后腿的指标。", kind="drag")
    (over, n, _), st_key, ind, short, total, cv = best
    parts = []
    if over:
        parts.append(f"差异系数{format_value(cv)}超过上限{evaluation.stages[st_key].cv_limit:g}")
    if n:
        parts.append(
            f"{n}所学校未达标（{'、'.join(s.name for s in short)}），"
            f"合计还差{format_value(total, ind.gap_unit)}"
        )
    where_word = (where.township or "") + (where.ownership or "") + (where.kind or "")
    text = f"{where_word}{_stage(st_key)}最拖后腿的指标是**{ind.name}**：" + "，".join(parts) + "。"
    rows.sort(key=lambda r: -int(r[2]))
    table = Table(
        ["学段", "指标", "未达标学校数", "合计差距", "差异系数", "差异系数判定"],
        rows,
        title=f"{scope}各指标差距",
    )
    return Reply(text, kind="drag", tables=[table], listed=tuple(s.name for s in short))


# --- counts, lists and rates ---------------------------------------------------------------------


def count_reply(
    evaluation: Evaluation,
    where: Where | None = None,
    status: str = "all",
    indicator: str | None = None,
    show: str = "count",
    also: tuple[str, ...] = (),
    both: bool = False,
    below_share: float | None = None,
    below_value: float | None = None,
) -> Reply:
    """How many schools (of a stage, kind, 乡镇 or list) pass, fail or exist, with their names and the
    rate; with ``also``, judged on several indicators (``both``: all of them, else any); with a
    ``below_share`` of the indicator's standard (低于85%) or a ``below_value``, which fall below it."""
    where = where or Where()
    std = evaluation.standard
    if status != "all" and not std.has_school_thresholds:
        return _no_school_rule(evaluation)
    each = status == "each"  # 民办学校有哪几所，达标了吗: those that pass and those that do not
    status = "passed" if each else status
    scope = where.label()
    if status == "all" and indicator is None:
        names = list(dict.fromkeys(s.name for s in evaluation.schools if where.keep(s)))
        inner = where.inner()
        head = (
            f"其中{inner}有**{len(names)}所**："
            if where.schools and inner
            else f"{scope}参评学校共**{len(names)}所**："
        )
        text = head + (f"{'、'.join(names)}。" if names else "无。")
        if where.kind == "教学点":
            out = [
                e.name
                for e in evaluation.excluded
                if "教学点" in e.name and (not where.township or where.township in e.name)
            ]
            if out:
                listing = "、".join(out)
                text += (
                    f"另有{len(out)}个在校生不足50人的教学点不参评：{listing}；共{len(names) + len(out)}个。"
                )
        elif where.kind is None:
            text += _excluded_note(evaluation, where)
        return Reply(text, kind="count", listed=tuple(names))
    groups = {
        n: rs for n, rs in _by_school(evaluation, where).items() if all(where.keep_school(s) for s in rs)
    }
    what = "达标"
    keys = (indicator, *also) if indicator is not None else ()
    if len(keys) > 1:
        names = "、".join(f"“{std.indicator(k).short}”" for k in keys)
        joined = "都" if both else "任一项"
        what = f"{names}达到标准"

        def missing(s: SchoolResult, k: str) -> bool:
            return k in s.gaps

        def ok(results: list[SchoolResult]) -> bool:
            lacks = [any(missing(s, k) for s in results) for k in keys]
            return not (all(lacks) if both else any(lacks))

        if status == "failed":
            what = f"{names}{joined}未达到标准"
    elif indicator is not None and (below_share or below_value is not None):
        ind = std.indicator(indicator)

        def floor(s: SchoolResult) -> float:
            if below_value is not None:
                return below_value
            return s.thresholds.get(indicator, 0.0) * (below_share or 1.0)

        limits = sorted(
            {(s.stage, floor(s)) for rs in groups.values() for s in rs if indicator in s.thresholds}
        )
        said = "、".join(
            (f"{_stage(st)}" if len(limits) > 1 else "") + f"{v:.4g}{ind.unit}" for st, v in limits
        )
        share = f"标准的{below_share * 100:g}%，即" if below_share and below_value is None else ""
        what = f"“{ind.short}”不低于{share}{said}"
        status = "failed" if status in ("all", "failed") else status

        def ok(results: list[SchoolResult]) -> bool:
            return all(
                s.indicators.get(indicator, 0.0) >= floor(s) - 1e-9
                for s in results
                if indicator in s.thresholds
            )
    elif indicator is not None:
        ind = std.indicator(indicator)
        what = f"“{ind.short}”达到标准"

        def ok(results: list[SchoolResult]) -> bool:
            return all(indicator not in s.gaps for s in results)
    elif status in ("short", "full"):
        what = "各项指标都达到标准"

        def ok(results: list[SchoolResult]) -> bool:
            return all(not s.gaps for s in results)
    elif status == "passed_short":
        what = "学校达标但仍有指标未达到标准"

        def ok(results: list[SchoolResult]) -> bool:
            return all(bool(s.passed) for s in results) and any(s.gaps for s in results)
    else:

        def ok(results: list[SchoolResult]) -> bool:
            return all(bool(s.passed) for s in results)

    passing = [n for n, rs in groups.items() if ok(rs)]
    failing = [n for n, rs in groups.items() if not ok(rs)]
    total = len(groups)
    chosen = failing if status in ("failed", "short") else passing
    word = what
    if status == "failed" and len(keys) <= 1:
        word = what.replace("达到标准", "未达到标准") if indicator is not None else "未达标"
        if below_share or below_value is not None:
            word = what.replace("不低于", "低于")
    if status == "short":
        word = "有缺口（至少一项指标未达到标准）"
    rate = len(passing) / total if total else 0.0
    lines = [
        f"{where.among(total)}中，{word}的有**{len(chosen)}所**"
        + (f"：{'、'.join(chosen)}" if chosen else "")
        + "。"
    ]
    if show == "rate" or status == "all":
        rate_word = f"“{std.indicator(indicator).short}”达标率" if indicator and not also else "达标率"
        lines.append(f"{rate_word}为**{rate * 100:.1f}%**（{len(passing)}/{total}）。")
    if where.stage is None and len(evaluation.stages) > 1:
        parts = []
        for st_key in evaluation.stages:
            narrowed = where.at(st_key)
            rs_by = {n: r for n, r in _by_school(evaluation, narrowed).items()}
            if not rs_by:
                continue
            good = [n for n, r in rs_by.items() if ok(r)]
            count = len(rs_by) - len(good) if status in ("failed", "short") else len(good)
            parts.append(f"{_stage(st_key)}{count}/{len(rs_by)}所")
        if len(parts) > 1:
            lines.append(f"分学段{word}的：{'，'.join(parts)}。")
    if where.stage is None and any(len(rs) > 1 for rs in groups.values()):
        lines.append("（一贯制学校按学校计：各学段都达标才算达标。）")
    note = _excluded_note(evaluation, where)
    if note:
        lines.append(note)
    rows = []
    if show == "list" and status == "passed" and failing and (each or not chosen):  # 达标了没: which not
        lines.append(f"未达标的{len(failing)}所：{'、'.join(failing)}。")
    # a list or a count of some schools shows only those schools (有几所没达标 names no school that passes)
    shown = (
        chosen if show in ("list", "count") and status != "all" and not each else list(groups)
    )  # a list: its schools
    for n in shown:
        rs = groups[n]
        unmet = "；".join(
            (f"{_stage(s.stage)}：" if len(rs) > 1 else "")
            + "、".join(
                f"{std.indicator(k).short}（需增加{format_value(s.gaps[k].shortfall, s.gaps[k].unit)}）"
                for k in s.unmet
            )
            for s in rs
            if s.unmet
        )
        rows.append([n, "、".join(_stage(s.stage) for s in rs), "是" if ok(rs) else "否", unmet or "—"])
    table = Table(["学校", "学段", what, "未达标指标"], rows, title=f"{scope}学校{what}情况")
    return Reply("\n".join(lines), kind="count", tables=[table], listed=tuple(chosen))


# --- totals of gaps -----------------------------------------------------------------------------


def total_gap_reply(
    evaluation: Evaluation, where: Where | None = None, indicator: str | None = None, unit: str | None = None
) -> Reply:
    """Gaps added up over the schools kept, per indicator and stage; with no indicator, every indicator
    (of ``unit`` when given) and a first line with the totals per unit."""
    where = where or Where()
    std = evaluation.standard
    if not std.has_school_thresholds:
        return _no_school_rule(evaluation)
    scope = where.label()
    keys = [indicator] if indicator else [i.key for i in std.indicators if unit is None or i.gap_unit == unit]
    rows, lines = [], []
    listed: list[str] = []
    for key in keys:
        ind = std.indicator(key)
        for st_key in stages_of(evaluation, where.stage):
            narrowed = where.at(st_key)
            short = [s for s in _judged(evaluation, narrowed) if key in s.gaps]
            if not short and indicator is None:
                continue
            total = sum(s.gaps[key].shortfall for s in short)
            rows.append([_stage(st_key), ind.short, str(len(short)), format_value(total, ind.gap_unit)])
            listed += [s.name for s in short]
            detail = "、".join(f"{s.name}{format_value(s.gaps[key].shortfall, ind.gap_unit)}" for s in short)
            stage_scope = narrowed.label()
            lines.append(
                f"{stage_scope}“{ind.short}”：{len(short)}所学校未达标，"
                f"合计还需增加**{format_value(total, ind.gap_unit)}**"
                + (f"（{detail}）" if detail else "")
                + "。"
            )
    if indicator and not listed:
        ind = std.indicator(indicator)
        return Reply(f"{scope}各校“{ind.short}”都达到标准，没有缺口。", kind="total", tables=[])
    if indicator and where.stage is None and len(rows) > 1:
        total = sum(s.gaps[indicator].shortfall for s in _judged(evaluation, where) if indicator in s.gaps)
        gap_unit = std.indicator(indicator).gap_unit
        lines.insert(
            0, f"{scope}“{std.indicator(indicator).short}”合计还需增加**{format_value(total, gap_unit)}**："
        )
    if not lines:
        return Reply(f"{scope}各校各项指标都达到标准，没有需要补齐的差距。", kind="total")
    if indicator is None:
        sums: dict[str, float] = {}
        for key in keys:
            ind = std.indicator(key)
            for s in _judged(evaluation, where):
                if key in s.gaps:
                    sums[ind.gap_unit] = sums.get(ind.gap_unit, 0.0) + s.gaps[key].shortfall
        words = {"人": "教师", "㎡": "面积", "万元": "仪器设备", "间": "教室"}
        parts = "、".join(f"{words.get(u, '')}{format_value(v, u)}" for u, v in sums.items())
        overlap = "（教师按项累计，同一名教师可同时计入几项）" if "人" in sums else ""
        lines.insert(0, f"{scope}各项差距合计：{parts}{overlap}。分项如下：")
    table = Table(["学段", "指标", "未达标学校数", "合计需增加"], rows, title=f"{scope}差距合计")
    return Reply("\n".join(lines), kind="total", tables=[table], listed=tuple(dict.fromkeys(listed)))


# --- rankings -----------------------------------------------------------------------------------


def _min_ratio(school: SchoolResult) -> float:
    return min((g.ratio for g in school.gaps.values()), default=1.0)


def rank_reply(
    evaluation: Evaluation,
    where: Where | None = None,
    indicator: str | None = None,
    order: str = "worst",
    count: int | None = None,
    by: str | None = None,
) -> Reply:
    """Schools in order: by overall standing (unmet indicators, then the lowest attainment), by an
    indicator's value, or by the shortfall on an indicator (``by="gap"``: who lacks most)."""
    where = where or Where()
    by = by or ("value" if indicator else "overall")
    if by == "students":
        return _rank_by_students(evaluation, where, order, count)
    if by == "gap" and indicator is not None:
        return _rank_by_gap(evaluation, where, indicator, order, count)
    if by == "value" and indicator is not None:
        return _rank_by_value(evaluation, where, indicator, order, count)
    std = evaluation.standard
    judged = _judged(evaluation, where)
    if not judged:
        return _no_school_rule(evaluation) if not std.has_school_thresholds else Reply("没有符合条件的学校。")
    ranked = sorted(judged, key=lambda s: (bool(s.passed), -len(s.unmet), _min_ratio(s)))
    if order == "best":
        ranked = sorted(judged, key=lambda s: (not s.passed, len(s.unmet), -_min_ratio(s)))
    top = ranked[: count or 3]
    if order == "worst":
        top = [s for s in top if s.unmet]
        if not top:
            return Reply(f"{where.label()}所有学校（学段）的各项指标都达到标准。", kind="rank")
    head = "最薄弱" if order == "worst" else "最好"
    lines = [f"按未达标指标数（其次按最低达成率）排序，{where.label()}{head}的{len(top)}个学校（学段）："]
    rows = []
    for i, s in enumerate(top, 1):
        if s.gaps:
            worst_key = min(s.gaps, key=lambda k: s.gaps[k].ratio)
            unmet = "、".join(std.indicator(k).short for k in s.unmet)
            lines.append(
                f"{i}. **{s.name}（{_stage(s.stage)}）**：{len(s.unmet)}项未达标（{unmet}），"
                f"学校{'达标' if s.passed else '未达标'}；差距最大的是{std.indicator(worst_key).short}，"
                f"只达到标准的{s.gaps[worst_key].ratio * 100:.0f}%"
            )
        else:
            lines.append(f"{i}. **{s.name}（{_stage(s.stage)}）**：各项指标均达到标准")
        rows.append(
            [
                s.name,
                _stage(s.stage),
                str(len(s.unmet)),
                f"{_min_ratio(s) * 100:.0f}%",
                "达标" if s.passed else "未达标",
            ]
        )
    table = Table(["学校", "学段", "未达标项数", "最低达成率", "判定"], rows, title=f"{head}学校")
    order_all = tuple(dict.fromkeys(s.name for s in ranked))
    return Reply(
        "\n".join(lines), kind="rank", tables=[table], listed=tuple(s.name for s in top), ranked=order_all
    )


def _rank_by_value(
    evaluation: Evaluation, where: Where, indicator: str, order: str, count: int | None
) -> Reply:
    ind = evaluation.standard.indicator(indicator)
    schools = [s for s in evaluation.schools if where.keep(s)]
    if not schools:
        return Reply(f"数据中没有{where.label()}的参评学校。", kind="rank")

    def ratio(s: SchoolResult) -> float:
        t = s.thresholds.get(indicator)
        v = s.indicators[indicator]
        return v / t if t else v

    ranked = sorted(schools, key=ratio, reverse=order == "best")
    top = ranked[: count or len(ranked)]
    word = "最高" if order == "best" else "最低"
    basis = "（按与标准之比排序）" if where.stage is None and len({s.stage for s in schools}) > 1 else ""
    lines = [f"{where.label()}“{ind.name}”{word}的{len(top)}个学校（学段）{basis}："]
    rows = []
    for i, s in enumerate(top, 1):
        t = s.thresholds.get(indicator)
        value = format_value(s.indicators[indicator], ind.unit)
        std_text = f"，标准{t:g}{ind.unit}" if t is not None else ""
        met = "" if t is None else ("，达标" if indicator not in s.gaps else "，未达标")
        lines.append(f"{i}. {s.name}（{_stage(s.stage)}）：{value}{std_text}{met}")
        rows.append([str(i), s.name, _stage(s.stage), value, f"{t:g}" if t is not None else "—"])
    table = Table(["名次", "学校", "学段", ind.short, "标准"], rows, title=f"{ind.short}排名")
    order_all = tuple(dict.fromkeys(s.name for s in ranked))
    return Reply(
        "\n".join(lines), kind="rank", tables=[table], listed=tuple(s.name for s in top), ranked=order_all
    )


def _rank_by_gap(
    evaluation: Evaluation, where: Where, indicator: str, order: str, count: int | None
) -> Reply:
    """Schools by how much they lack on one indicator (a combined school's stages added up)."""
    ind = evaluation.standard.indicator(indicator)
    short: dict[str, list[SchoolResult]] = {}
    for s in _judged(evaluation, where):
        if indicator in s.gaps:
            short.setdefault(s.name, []).append(s)
    scope = where.label()
    if not short:
        return Reply(f"{scope}各校“{ind.short}”都达到标准，没有缺口。", kind="rank")

    def need(name: str) -> float:
        return sum(s.gaps[indicator].shortfall for s in short[name])

    ranked = sorted(short, key=need, reverse=order != "best")
    top = ranked[: count or 1] if count or len(ranked) > 1 else ranked
    word = "最大" if order != "best" else "最小"
    lines = [f"{scope}“{ind.short}”缺口{word}的学校（按需增加的数量排序，共{len(short)}所有缺口）："]
    rows = []
    for i, name in enumerate(ranked, 1):
        parts = "，".join(
            f"{_stage(s.stage)}本校{format_value(s.gaps[indicator].value, ind.unit)}、"
            f"标准{s.gaps[indicator].threshold:g}{ind.unit}"
            for s in short[name]
        )
        amount = format_value(need(name), ind.gap_unit)
        if name in top:
            lines.append(f"{i}. **{name}**：需增加**{amount}**（{parts}）")
        rows.append([str(i), name, amount])
    table = Table(["名次", "学校", "需增加"], rows, title=f"{ind.short}缺口排序")
    return Reply("\n".join(lines), kind="rank", tables=[table], listed=tuple(top), ranked=tuple(ranked))


def _students_by_school(evaluation: Evaluation, where: Where) -> dict[str, int]:
    """The 义务教育 students of each judged school ``where`` keeps (a combined school's stages added up)."""
    students: dict[str, int] = {}
    for s in evaluation.schools:
        if where.keep(s):
            students[s.name] = students.get(s.name, 0) + s.students
    return students


def _rank_by_students(evaluation: Evaluation, where: Where, order: str, count: int | None) -> Reply:
    """Schools by their 义务教育 students (a combined school's stages added up)."""
    students = _students_by_school(evaluation, where)
    if not students:
        return Reply(f"数据中没有{where.label()}的参评学校。", kind="rank")
    ranked = sorted(students, key=lambda n: students[n], reverse=order == "best")
    top = ranked[: count or 1]
    word = "最多" if order == "best" else "最少"
    lines = [f"{where.label()}在校生{word}的学校（义务教育段，参评学校）："]
    lines += [f"{i}. **{n}**：{students[n]}人" for i, n in enumerate(top, 1)]
    rows = [[str(i), n, str(students[n])] for i, n in enumerate(ranked, 1)]
    table = Table(["名次", "学校", "在校生"], rows, title="在校生排序")
    return Reply("\n".join(lines), kind="rank", tables=[table], listed=tuple(top), ranked=tuple(ranked))


def students_above(evaluation: Evaluation, where: Where, bound: int, and_up: bool = False) -> Reply:
    """在校生超过1500人的小学: the judged schools with more 义务教育 students than the official's bound (in
    the 学段 asked; a combined school's stages added up when none is), most first."""
    students = _students_by_school(evaluation, where)
    if not students:
        return Reply(f"数据中没有{where.label()}的参评学校。", kind="rank")
    over = sorted((n for n in students if students[n] > bound), key=lambda n: students[n], reverse=True)
    label = where.label()
    said = f"{bound + 1}人及以上" if and_up else f"超过{bound}人"
    if not over:
        most = max(students, key=lambda n: students[n])
        return Reply(f"{label}没有在校生{said}的参评学校；最多的是{most}，{students[most]}人。", kind="rank")
    lines = [f"{label}在校生{said}的参评学校有{len(over)}所："]
    lines += [f"{i}. **{n}**：{students[n]}人" for i, n in enumerate(over, 1)]
    rows = [[str(i), n, str(students[n])] for i, n in enumerate(over, 1)]
    table = Table(["序号", "学校", "在校生"], rows, title=f"在校生{said}的学校")
    return Reply("\n".join(lines), kind="rank", tables=[table], listed=tuple(over), ranked=tuple(over))


def rank_towns(
    evaluation: Evaluation,
    where: Where,
    indicator: str | None = None,
    order: str = "worst",
    count: int | None = None,
    by: str | None = None,
    unit: str | None = None,
) -> Reply:
    """乡镇 in order: by the shortfall on an indicator (summed over their schools), by the shortfalls of
    one unit (人, ㎡, 万元, 间) together, by how far their schools are from an indicator's standard
    (enrolment-weighted), or by the share of their schools that fail."""
    std = evaluation.standard
    towns = list(dict.fromkeys(s.township for s in evaluation.schools if s.township and where.keep(s)))
    if len(towns) < 2:
        return Reply("数据中只有一个乡镇（街道），无法比较乡镇。", kind="rank")
    keys = [i.key for i in std.indicators if i.gap_unit == unit] if unit and indicator is None else []
    if keys:
        rows = [_town_unit_row(evaluation, where, town, keys) for town in towns]
        ranked = sorted(rows, key=lambda r: r[1], reverse=order != "best")
        what = {"人": "教师", "㎡": "面积", "万元": "资金", "间": "教室"}.get(unit or "", "")
        head = f"{what}缺口{'最大' if order != 'best' else '最小'}的乡镇（各校各项缺口相加，单位{unit}）："
        lines = [
            f"{i}. **{r[0]}**：缺{format_value(r[1], unit)}（{r[2]}所学校有缺口）"
            for i, r in enumerate(ranked, 1)
        ]
        table = Table(
            ["乡镇", "缺口合计", "有缺口学校"],
            [[r[0], format_value(r[1], unit), str(r[2])] for r in ranked],
            title=f"乡镇{what}缺口排序",
        )
        shown = lines[: count or len(lines)]
        return Reply("\n".join([where.label("") + head, *shown]), kind="rank", tables=[table])
    if indicator is not None:
        ind = std.indicator(indicator)
        rows = [_town_row(evaluation, where, town, indicator) for town in towns]
        if by == "value":
            ranked = sorted(rows, key=lambda r: r[2], reverse=order == "best")
            best = "最好" if order == "best" else "最弱"
            head = f"“{ind.short}”{best}的乡镇（各校与标准之比，按在校生加权）："
            lines = [
                f"{i}. **{r[0]}**：平均达到标准的{r[2] * 100:.0f}%，{r[3]}所学校未达标"
                for i, r in enumerate(ranked, 1)
            ]
        else:
            ranked = sorted(rows, key=lambda r: r[1], reverse=order != "best")
            head = f"“{ind.short}”缺口{'最大' if order != 'best' else '最小'}的乡镇（各校缺口相加）："
            lines = [
                f"{i}. **{r[0]}**：缺{format_value(r[1], ind.gap_unit)}（{r[3]}所学校未达标）"
                for i, r in enumerate(ranked, 1)
            ]
        table = Table(
            ["乡镇", "缺口合计", "未达标学校", "学校（学段）数"],
            [[r[0], format_value(r[1], ind.gap_unit), str(r[3]), str(r[4])] for r in ranked],
            title=f"乡镇{ind.short}排序",
        )
    else:
        rows = []
        for town in towns:
            groups = _by_school(evaluation, Where(where.stage, town))
            failing = [n for n, rs in groups.items() if not all(s.passed for s in rs)]
            rows.append(
                (town, len(failing) / len(groups) if groups else 0.0, len(failing), len(groups), failing)
            )
        ranked = sorted(rows, key=lambda r: (r[1], r[2]), reverse=order != "best")
        head = (
            f"{'最薄弱' if order != 'best' else '最好'}的乡镇（按未达标学校所占比例，其次按未达标学校数）："
        )
        lines = [
            f"{i}. **{r[0]}**：{r[3]}所学校中{r[2]}所未达标（{r[1] * 100:.0f}%）"
            + (f"：{'、'.join(r[4])}" if r[4] else "")
            for i, r in enumerate(ranked, 1)
        ]
        table = Table(
            ["乡镇", "参评学校", "未达标学校", "未达标比例"],
            [[r[0], str(r[3]), str(r[2]), f"{r[1] * 100:.0f}%"] for r in ranked],
            title="乡镇排序",
        )
    shown = lines[: count or len(lines)]
    return Reply("\n".join([where.label("") + head, *shown]), kind="rank", tables=[table])


def _town_unit_row(
    evaluation: Evaluation, where: Where, town: str, keys: list[str]
) -> tuple[str, float, int]:
    """(town, shortfall summed over the indicators of one unit, schools with any of them short)."""
    schools = [s for s in evaluation.schools if s.township == town and where.keep(s)]
    total = sum(s.gaps[k].shortfall for s in schools for k in keys if k in s.gaps)
    short = {s.name for s in schools if any(k in s.gaps for k in keys)}
    return town, total, len(short)


def _town_row(evaluation: Evaluation, where: Where, town: str, indicator: str) -> tuple:
    """(town, shortfall, attainment, failing schools, school-stages) for one indicator."""
    schools = [s for s in evaluation.schools if s.township == town and where.keep(s)]
    short = [s for s in schools if indicator in s.gaps]
    judged = [s for s in schools if s.thresholds.get(indicator)]
    weight = sum(s.students for s in judged)
    attained = sum(s.indicators[indicator] / s.thresholds[indicator] * s.students for s in judged)
    return (
        town,
        sum(s.gaps[indicator].shortfall for s in short),
        attained / weight if weight else 1.0,
        len(short),
        len(schools),
    )
