"""The whole evaluation: scope → 拆分 → indicators → CVs and stage verdicts → school verdicts and gaps."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from metrics.cv import composite_cv, weighted_cv, weighted_mean
from metrics.gaps import fix_sets, indicator_values, met_matrix, school_verdicts, shortfalls
from metrics.guarantees import check_guarantees
from metrics.result import STAGE_NAMES, Evaluation, Excluded, Gap, SchoolResult, StageResult
from metrics.split import apply_scope, split_stages
from metrics.standards import Standard

__all__ = ["evaluate", "net_resources"]


def net_resources(table: pd.DataFrame, standard: Standard) -> np.ndarray:
    """(school-stages × indicators) of Σ numerator − Σ subtract, in the upload columns' units."""
    out = np.zeros((len(table), len(standard.indicators)))
    for j, ind in enumerate(standard.indicators):
        for col in ind.numerator:
            out[:, j] += table[col].fillna(0).to_numpy(float)
        for col in ind.subtract:
            out[:, j] -= table[col].fillna(0).to_numpy(float)
    return out


def evaluate(schools: pd.DataFrame, standard: Standard, *, warnings: tuple[str, ...] = ()) -> Evaluation:
    """Evaluate loaded school rows (``metrics.load_schools(...).frame``) under ``standard``."""
    kept, dropped = apply_scope(schools, standard)
    excluded = tuple(
        Excluded(str(schools.at[i, "name"]), reason, int(schools.at[i, "row"])) for i, reason in dropped
    )
    table = split_stages(kept, standard)
    students = table["students"].to_numpy(float) if len(table) else np.zeros(0)
    net = net_resources(table, standard)
    scale = np.array([i.scale for i in standard.indicators])
    values = indicator_values(net, students, scale)
    stage_of = table["stage"].to_numpy() if len(table) else np.array([], dtype=object)

    notes = list(warnings)
    stages: dict[str, StageResult] = {}
    for stage in ("primary", "junior"):
        mask = stage_of == stage
        if not mask.any():
            continue
        stages[stage] = _stage_result(stage, values[mask], students[mask], standard, notes)

    arrays = _school_arrays(table, values, net, students, standard)
    table = pd.concat([table, _result_columns(values, arrays, standard, table.index)], axis=1)
    return Evaluation(
        standard=standard,
        stages=stages,
        excluded=excluded,
        warnings=tuple(notes),
        table=table,
        guarantee_table=check_guarantees(kept, standard),
        _build_schools=lambda: _school_results(table, values, arrays, standard),
    )


def _stage_result(
    stage: str, values: np.ndarray, students: np.ndarray, standard: Standard, notes: list[str]
) -> StageResult:
    keys = standard.keys
    cvs = weighted_cv(values, students)
    means = weighted_mean(values, students)
    limit = standard.cv_limits[stage]
    cv = {k: (None if math.isnan(c) else float(c)) for k, c in zip(keys, cvs, strict=True)}
    composite = composite_cv(cvs)
    label = STAGE_NAMES[stage]
    for key, c in cv.items():
        if c is None:
            notes.append(f"{label}「{standard.indicator(key).name}」全县合计为0，无法计算差异系数。")
        elif c > limit and round(c, 3) <= limit:
            notes.append(
                f"{label}「{standard.indicator(key).name}」差异系数{c:.5f}，"
                f"保留三位小数后为{c:.3f}，但实际超过{limit}，判为未达标。"
            )
    # Under the composite rule a single CV over the limit is reported but does not decide the verdict.
    failed = tuple(k for k, c in cv.items() if c is not None and c > limit)
    if standard.cv_rule == "each":
        passed = not failed
    else:
        passed = not math.isnan(composite) and composite <= limit
    return StageResult(
        stage=stage,
        schools=len(values),
        students=int(students.sum()),
        means={k: float(m) for k, m in zip(keys, means, strict=True)},
        cv=cv,
        composite_cv=None if math.isnan(composite) else composite,
        cv_limit=limit,
        cv_rule=standard.cv_rule,
        cv_failed=failed,
        passed=passed,
    )


def _school_arrays(
    table: pd.DataFrame, values: np.ndarray, net: np.ndarray, students: np.ndarray, standard: Standard
) -> dict[str, np.ndarray] | None:
    """Thresholds, met flags, shortfalls, verdicts and fix sets for every school-stage at once.

    None when the standard sets no per-school thresholds.
    """
    if not standard.has_school_thresholds or not len(table):
        return None
    stage = table["stage"].to_numpy()
    thresholds = np.column_stack(
        [
            np.where(
                stage == "junior", i.thresholds.get("junior", np.nan), i.thresholds.get("primary", np.nan)
            )
            for i in standard.indicators
        ]
    )
    scale = np.array([i.scale for i in standard.indicators])
    integer = np.array([i.gap_integer for i in standard.indicators])
    arrays = {
        "thresholds": thresholds,
        "met": met_matrix(values, thresholds),
        "short": shortfalls(net, students, thresholds, scale, integer),
        "passed": school_verdicts(values, thresholds, standard.school_min_met, standard.school_min_ratio),
        "fixes": fix_sets(values, thresholds, standard.school_min_met, standard.school_min_ratio),
    }
    return arrays


def _result_columns(
    values: np.ndarray, arrays: dict[str, np.ndarray] | None, standard: Standard, index: pd.Index
) -> pd.DataFrame:
    """Indicator values and, where judged, ``passed``, ``unmet_count``, ``<key>_met``, ``<key>_shortfall``."""
    cols: dict[str, np.ndarray] = {key: values[:, j] for j, key in enumerate(standard.keys)}
    if arrays is None:
        cols["passed"] = np.full(len(values), None, dtype=object)
    else:
        cols["passed"] = arrays["passed"]
        cols["unmet_count"] = (~arrays["met"]).sum(axis=1)
        for j, key in enumerate(standard.keys):
            cols[f"{key}_met"] = arrays["met"][:, j]
            cols[f"{key}_shortfall"] = arrays["short"][:, j]
    return pd.DataFrame(cols, index=index)


def _school_results(
    table: pd.DataFrame, values: np.ndarray, arrays: dict[str, np.ndarray] | None, standard: Standard
) -> tuple[SchoolResult, ...]:
    keys = standard.keys
    units = [i.gap_unit for i in standard.indicators]
    cols = {c: table[c].tolist() for c in ("name", "stage", "school_type", "ownership", "township", "row")}
    students = table["students"].tolist()
    results = []
    for i in range(len(table)):
        indicators = dict(zip(keys, values[i].tolist(), strict=True))
        if arrays is not None:
            row_t, met = arrays["thresholds"][i], arrays["met"][i]
            unmet = tuple(k for k, m in zip(keys, met, strict=True) if not m)
            gaps = {
                k: Gap(
                    k,
                    float(values[i, j]),
                    float(row_t[j]),
                    float(arrays["short"][i, j]),
                    units[j],
                    float(values[i, j] / row_t[j]),
                )
                for j, k in enumerate(keys)
                if not met[j]
            }
            school_pass: bool | None = bool(arrays["passed"][i])
            fix = tuple(k for k, f in zip(keys, arrays["fixes"][i], strict=True) if f)
            thresholds_i = dict(zip(keys, row_t.tolist(), strict=True))
        else:
            unmet, gaps, school_pass, fix, thresholds_i = (), {}, None, (), {}
        results.append(
            SchoolResult(
                name=str(cols["name"][i]),
                stage=str(cols["stage"][i]),
                students=int(students[i]),
                school_type=str(cols["school_type"][i]),
                ownership=str(cols["ownership"][i]),
                township=_text(cols["township"][i]),
                rows=(int(cols["row"][i]),),
                indicators=indicators,
                thresholds=thresholds_i,
                unmet=unmet,
                passed=school_pass,
                gaps=gaps,
                fixes=fix,
            )
        )
    return tuple(results)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
