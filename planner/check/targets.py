"""Targets the plan's own projection supports: no "全部达标" by a year whose projected year's end
still has failing schools, no CV promised under its limit when the projection leaves it over, no
"使…由A提高到B以上" for a school the 差距清单's 方案期末 (or, without it, the planned quantity) leaves
short of B, and no school brought exactly to its threshold (``margins``: one pupil more and it fails)."""

from __future__ import annotations

import re
from collections import defaultdict

from planner.check.document import PlanDoc
from planner.check.parse import number, quantity

__all__ = ["margins", "promises", "targets"]

_ALL = re.compile(r"(全部达标|全部达到[^，。；]{0,20}要求|全部完成整改)")
_YEAR_END = re.compile(r"(\d{4})年底")
_FAILING = re.compile(r"未达标(?:学校)?(\d+)所")
_CV_MAX = re.compile(r"(小学|初中)(?:[^，。；（]{0,12}?)最高(?:为)?(\d+\.\d+)")
_LIMIT = re.compile(r"(小学|初中)[^，。；]{0,20}?上限(\d+(?:\.\d+)?)")
_GOALS = ("总体目标", "具体目标", "工作目标")


def _projection(doc: PlanDoc) -> tuple[dict[int, int], dict[int, dict[str, float]], dict[str, float]]:
    """Per year: the failing schools and the highest CV per stage the plan projects; the limits."""
    failing: dict[int, int] = {}
    cvs: dict[int, dict[str, float]] = defaultdict(dict)
    limits: dict[str, float] = {}
    current = None
    for p in doc.paragraphs:
        head = re.match(r"(\d{4})年(?:为“|底：)", p.text)
        if head:
            current = int(head.group(1))
        if current is None or "预计" not in p.text:
            continue
        m = _FAILING.search(p.text)
        if m:
            failing[current] = int(m.group(1))
        for stage, cv in _CV_MAX.findall(p.text):
            cvs[current][stage] = float(cv)
        for stage, limit in _LIMIT.findall(p.text):
            limits[stage] = float(limit)
    return failing, cvs, limits


def targets(doc: PlanDoc) -> list[str]:
    """The goals against the projection in the plan's own 具体目标 and 实施步骤."""
    failing, cvs, limits = _projection(doc)
    if not failing and not cvs:
        return []
    last = max([*failing, *cvs])
    out = []
    for p in doc.paragraphs:
        if not any(g in p.section for g in _GOALS) or "预计" in p.text[:12]:
            continue
        for sentence in re.split(r"[。；]", p.text):
            years = [int(y) for y in _YEAR_END.findall(sentence)]
            year = min(years[0], last) if years else last
            if _ALL.search(sentence) and "待" not in sentence and failing.get(year, 0) > 0:
                out.append(
                    f"目标与测算：“{p.section}”称“{_ALL.search(sentence).group(0)}”（{year}年底），"
                    f"但按方案测算{year}年末仍有{failing[year]}所学校未达标。"
                )
            if (
                re.search(r"差异系数[^。]*?(不高于|以下|以内|均在规定范围)", sentence)
                and "仍高于" not in sentence
            ):
                for stage, cv in cvs.get(year, {}).items():
                    if stage in limits and cv > limits[stage] + 1e-9:
                        out.append(
                            f"目标与测算：“{p.section}”称{stage}差异系数在规定范围以内（{year}年底），"
                            f"但按方案测算为{cv:g}，高于{limits[stage]:g}。"
                        )
    return list(dict.fromkeys(out))


def promises(doc: PlanDoc) -> list[str]:
    """ "使…由A提高到B以上" against the 差距清单: its 方案期末 value, or the planned quantity."""
    gaps = doc.table("缺口", "学校", "现值")
    if gaps is None:
        return []
    col = {h: gaps.column(h) for h in ("学校", "现值", "缺口", "方案期末", "标准值")}
    names = sorted({r[col["学校"]] for r in gaps.rows}, key=len, reverse=True)
    out = []
    for p in doc.paragraphs:
        if "提高到" not in p.text:
            continue
        lead = next((n for n in names if p.text.startswith(n) or n in p.section), "")
        for clause in re.split(r"[；。]", p.text):
            school = next((n for n in names if n in clause), lead)
            if not school or "使" not in clause:
                continue
            works, _, promised = clause.partition("使")
            for value, target in re.findall(
                r"由(\d+(?:\.\d+)?)\S*?提高到(\d+(?:\.\d+)?)[^、，。；]*?以上", promised
            ):
                mine = [
                    r
                    for r in gaps.rows
                    if r[col["学校"]] == school
                    and (col["标准值"] is None or number(r[col["标准值"]]) == float(target))
                ]
                same = [r for r in mine if number(r[col["现值"]]) == float(value)]
                # a school told to cut enrolment is promised from its value at the stated enrolment
                row = same[0] if same else (mine[0] if len(mine) == 1 else None)
                if row is None:
                    continue
                problem = _short(row, col, float(target), works)
                if problem:
                    out.append(f"无法实现的结果：{school}“由{value}提高到{target}以上”，但{problem}。")
    return list(dict.fromkeys(out))


def _short(row: list[str], col: dict, target: float, works: str) -> str:
    end = col["方案期末"]
    if end is not None:
        value = number(row[end])
        if value is None:
            return "差距清单中方案期末没有测算值"
        return f"按方案测算期末为{row[end]}" if value < target - 1e-9 else ""
    gap = quantity(row[col["缺口"]])
    if gap is None or gap[1] != "㎡":
        return ""
    planned = sum(float(a) for a in re.findall(r"(\d+(?:\.\d+)?)(?:平方米|㎡)", works))
    return f"安排{planned:g}㎡，少于缺口{gap[0]:g}㎡" if planned + 1e-6 < gap[0] else ""


_MARGIN = re.compile(r"按现有在校生增加(\d+(?:\.\d+)?)%测算")
_DEFAULT_MARGIN = 0.02
"""Without a stated design margin, a 方案期末 value less than 2 % over its threshold is knife-edge."""


def margins(doc: PlanDoc) -> list[str]:
    """A 差距清单 row whose 方案期末 meets the 标准值 by less than the plan's design margin (a few
    more pupils and the school fails): the work was sized to the exact threshold."""
    gaps = doc.table("缺口", "学校", "方案期末")
    if gaps is None:
        return []
    stated = next((m for p in doc.paragraphs if (m := _MARGIN.search(p.text))), None)
    margin = float(stated.group(1)) / 100 if stated else _DEFAULT_MARGIN
    col = {h: gaps.column(h) for h in ("学校", "指标（简称）", "标准值", "方案期末")}
    if col["标准值"] is None or margin <= 0:
        return []
    out = []
    for r in gaps.rows:
        target, end = number(r[col["标准值"]]), number(r[col["方案期末"]])
        if target is None or end is None or target <= 0 or end < target - 1e-9:
            continue
        if end < target * (1 + margin / 2):  # half the margin: clear of display rounding
            what = r[col["指标（简称）"]] if col["指标（简称）"] is not None else ""
            out.append(
                f"刚好达标：{r[col['学校']]}{what}方案期末{r[col['方案期末']]}，仅比标准值"
                f"{r[col['标准值']]}高不到{margin * 100:g}%，在校生稍有增加即不达标，"
                "建设和配备规模应留有余量。"
            )
    return out
