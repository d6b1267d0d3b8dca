"""A readable Chinese summary of an evaluation, for the command line."""

from __future__ import annotations

from metrics.columns import BY_KEY, normalize_header
from metrics.loading import LoadResult
from metrics.result import STAGE_NAMES, Evaluation

__all__ = ["format_value", "load_notes", "summary_text"]


def format_value(
    value: float | None, unit: str = "", against: float | None = None, decimals: int | None = None
) -> str:
    """Display a figure: CVs and ratios with 3 decimals, money and areas with 2, counts whole.

    With ``against`` (the threshold or reference the reader compares it with) more digits are shown
    until the printed value is on the same side of it as the value itself: 4.4991 against 4.5 prints
    4.499, never 4.50; 0.5004 against a limit of 0.5 prints 0.5004.

    >>> format_value(0.41234)
    '0.412'
    >>> format_value(1234.5, "㎡")
    '1234.50㎡'
    >>> format_value(3.0, "人")
    '3人'
    >>> format_value(4.4991, "㎡", against=4.5), format_value(0.5004, against=0.5)
    ('4.499㎡', '0.5004')
    """
    if value is None:
        return "—"
    value = float(value)
    if decimals is None:
        if unit in ("人", "间", "台", "册") and value.is_integer():
            return f"{value:.0f}{unit}"
        decimals = 2 if unit in ("㎡", "万元", "元") else 3
    if against is not None and value != against:

        def misleading(d: int) -> bool:
            shown = round(value, d)
            return shown == against or (shown < against) != (value < against)

        while decimals < 6 and misleading(decimals):
            decimals += 1
    return f"{value:.{decimals}f}{unit}"


def summary_text(evaluation: Evaluation) -> str:
    """Stages (CV per indicator against the limit), failing schools with their gaps, exclusions."""
    std = evaluation.standard
    lines = [f"评估标准：{std.title}（{std.doc_no}）", ""]
    rule = "每项差异系数" if std.cv_rule == "each" else "综合差异系数"
    for stage, st in evaluation.stages.items():
        label = STAGE_NAMES[stage]
        verdict = "达标" if st.passed else "未达标"
        lines.append(
            f"【{label}】{st.schools}所学校，在校生{st.students}人；"
            f"{rule}不超过{st.cv_limit}，判定：{verdict}"
        )
        for ind in std.indicators:
            cv = st.cv[ind.key]
            flag = "" if cv is None or cv <= st.cv_limit else "  ✗ 超过标准"
            lines.append(f"  {ind.name}：差异系数 {format_value(cv)}{flag}")
        lines.append(f"  综合差异系数：{format_value(st.composite_cv)}")
        lines.append("")
    judged = [s for s in evaluation.schools if s.passed is not None]
    if judged:
        failing = [s for s in judged if not s.passed]
        lines.append(f"学校达标情况：{len(judged) - len(failing)}/{len(judged)} 个学校（学段）达标。")
        for school in judged:
            if not school.unmet:
                continue
            status = "未达标" if not school.passed else "达标（个别指标未达到）"
            lines.append(f"  {school.name}（{STAGE_NAMES[school.stage]}，{school.students}人）{status}：")
            for key in school.unmet:
                gap = school.gaps[key]
                ind = std.indicator(key)
                need = format_value(gap.shortfall, gap.unit)
                lines.append(
                    f"    {ind.name} {format_value(gap.value)}{ind.unit}，"
                    f"标准{gap.threshold:g}{ind.unit}，需增加{need}"
                )
        lines.append("")
    else:
        lines.append("本标准未规定逐校达标值（需对照省定办学基本标准），只计算差异系数。")
        lines.append("")
    failed_guarantees = [g for g in evaluation.guarantees if not g.met]
    if failed_guarantees:
        lines.append("政府保障程度（可由学校数据计算的项目）未达到：")
        lines.extend(f"  {g.name}：{g.detail}" for g in failed_guarantees)
        lines.append("")
    if evaluation.excluded:
        lines.append("未纳入评估：")
        lines.extend(f"  {e.name}（第{e.row}行）：{e.reason}" for e in evaluation.excluded)
        lines.append("")
    if evaluation.warnings:
        lines.append("提示：")
        lines.extend(f"  {w}" for w in evaluation.warnings)
    return "\n".join(lines).rstrip() + "\n"


def load_notes(loaded: LoadResult) -> list[str]:
    """Which columns were read under another name (not just with a unit or full-width characters),
    and which were not used; the data warnings travel with the evaluation."""
    notes = [
        f"列「{source}」按「{BY_KEY[key].header}」读取"
        for source, key in loaded.mapping.items()
        if normalize_header(source) != normalize_header(BY_KEY[key].header)
    ]
    if loaded.ignored:
        notes.append("未识别、未使用的列：" + "、".join(f"「{h}」" for h in loaded.ignored[:50]))
        if len(loaded.ignored) > 50:
            notes[-1] += f"等{len(loaded.ignored)}列"
    if loaded.omitted_warnings:
        notes.append(f"另有{loaded.omitted_warnings}条数据提示未列出（只列出前{len(loaded.warnings)}条）。")
    return notes
