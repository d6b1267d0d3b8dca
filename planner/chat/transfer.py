"""A transfer between two schools (骨干教师交流轮岗, 设备调拨) simulated: both schools' indicators and
verdicts, and the 差异系数 of the stages they are in, before and after (metrics.whatif.transfer)."""

from __future__ import annotations

import pandas as pd

from metrics.columns import BY_KEY
from metrics.report import format_value
from metrics.result import STAGE_NAMES, Evaluation
from metrics.whatif import WhatIfError
from metrics.whatif import transfer as simulate
from planner.chat.types import Reply, Table

__all__ = ["transfer_reply"]


def _stage(stage: str) -> str:
    return STAGE_NAMES.get(stage, stage)


def _pass(passed: bool | None) -> str:
    return {True: "达标", False: "未达标", None: "—"}[passed]


def transfer_reply(
    evaluation: Evaluation,
    frame: pd.DataFrame | None,
    source: str,
    target: str,
    columns: tuple[str, ...],
    amount: float,
    stage: str | None = None,
    below: float | None = None,
) -> Reply:
    """Move ``amount`` of the first column from ``source`` to ``target`` and say what changes; with
    ``below`` (能降到0.45以下吗), whether each 差异系数 gets under it and the least amount that does."""
    if frame is None:
        return Reply("当前没有可模拟的学校数据。", kind="what_if")
    std = evaluation.standard
    field = columns[0]
    try:
        after = simulate(frame, std, source, target, field, amount, stage)
    except WhatIfError as exc:
        return Reply(str(exc), kind="what_if")
    column = BY_KEY[field]
    what = f"{column.header.removesuffix('数')}{amount:g}{column.unit}"
    lines = [f"模拟：从**{source}**调出{what}到**{target}**，按{std.name}重新计算："]
    touched = [i.key for i in std.indicators if field in i.columns]
    stages_hit: list[str] = []
    for name in (source, target):
        for before_s in evaluation.school(name):
            after_s = next((s for s in after.school(name) if s.stage == before_s.stage), None)
            if after_s is None:
                continue
            if before_s.stage not in stages_hit:
                stages_hit.append(before_s.stage)
            for key in touched:
                ind = std.indicator(key)
                t = before_s.thresholds.get(key)
                limit = f"（标准{t:g}{ind.unit}）" if t is not None else ""
                still = after_s.gaps.get(key)
                short = (
                    f"，仍低于标准，还需增加{format_value(still.shortfall, still.unit)}"
                    if still is not None
                    else ("，达到标准" if t is not None else "")
                )
                lines.append(
                    f"- {name}（{_stage(before_s.stage)}）“{ind.short}”："
                    f"{format_value(before_s.indicators[key], ind.unit)} → "
                    f"**{format_value(after_s.indicators[key], ind.unit)}**{limit}{short}；"
                    f"学校判定：{_pass(before_s.passed)} → **{_pass(after_s.passed)}**"
                )
    rows, flags = [], []
    for st_key in stages_hit:
        st, new = evaluation.stages[st_key], after.stages[st_key]
        for key in touched:
            ind = std.indicator(key)
            rows.append(
                [
                    _stage(st_key),
                    ind.short,
                    format_value(st.cv[key]),
                    format_value(new.cv[key]),
                    f"{st.cv_limit:g}",
                ]
            )
            if new.cv[key] is not None and new.cv[key] > st.cv_limit:
                flags.append((len(rows) - 1, 3))
            lines.append(
                f"- {_stage(st_key)}“{ind.short}”差异系数：{format_value(st.cv[key])} → "
                f"**{format_value(new.cv[key])}**（上限{st.cv_limit:g}）"
            )
        lines.append(f"- {_stage(st_key)}差异系数判定：{_pass(st.passed)} → **{_pass(new.passed)}**")
    if not touched:
        lines.append("所调动的数据列不影响本标准的资源配置指标。")
    if below is not None:
        lines += _below(frame, evaluation, (source, target, field, stage), amount, stages_hit, touched, below)
    table = Table(
        ["学段", "指标", "原差异系数", "调动后", "上限"], rows, title="差异系数变化", flags=tuple(flags)
    )
    return Reply("\n".join(lines), kind="what_if", tables=[table] if rows else [], listed=(source, target))


_MOST_TRIES = 60


def _below(
    frame: pd.DataFrame,
    evaluation: Evaluation,
    move: tuple[str, str, str, str | None],
    amount: float,
    stages: list[str],
    touched: list[str],
    below: float,
) -> list[str]:
    """Whether moving ``amount`` brings each touched 差异系数 to ``below`` or under, and if not the least
    whole amount that does (tried one unit at a time, as far as the source holds)."""
    source, target, field, stage = move
    std = evaluation.standard
    unit = BY_KEY[field].unit
    after = simulate(frame, std, source, target, field, amount, stage)
    lines = []
    for st_key in stages:
        for key in touched:
            now = after.stages[st_key].cv[key]
            if now is None:
                continue
            what = f"{_stage(st_key)}“{std.indicator(key).short}”差异系数"
            if now <= below + 1e-9:
                lines.append(f"- 能：调{amount:g}{unit}后{what}为{format_value(now)}，不高于{below:g}。")
                continue
            least, emptied = None, False
            for n in range(int(amount) + 1, int(amount) + _MOST_TRIES + 1):
                try:
                    cv = simulate(frame, std, source, target, field, float(n), stage).stages[st_key].cv[key]
                except WhatIfError:
                    emptied = True
                    break
                if cv is not None and cv <= below + 1e-9:
                    least = (n, cv)
                    break
            head = f"- 不能：调{amount:g}{unit}后{what}为{format_value(now)}，仍高于{below:g}"
            if least is not None:
                lines.append(f"{head}；至少要调{least[0]}{unit}，可降到{format_value(least[1])}。")
            elif emptied:
                lines.append(f"{head}；只从{source}调出也降不到{below:g}以下，需同时从其他学校调配或补充。")
            else:
                lines.append(f"{head}；调{int(amount) + _MOST_TRIES}{unit}也降不到{below:g}以下。")
    return lines
