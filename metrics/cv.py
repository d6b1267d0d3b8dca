"""The enrolment-weighted coefficient of variation across schools (差异系数, rules.md §1)."""

from __future__ import annotations

import numpy as np

__all__ = ["composite_cv", "weighted_cv", "weighted_mean"]


def weighted_mean(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Enrolment-weighted mean per column: X̄ = Σ P_i·X_i / Σ P_i.

    ``values`` is (schools × indicators) or (schools,), ``weights`` is (schools,) of students. For a
    per-student ratio this equals the county total resource over the county students.

    >>> float(weighted_mean(np.array([2.0, 5.0]), np.array([100, 50])))   # (200 + 250) / 150
    3.0
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    total = weights.sum()
    if total <= 0:
        return np.full(values.shape[1:], np.nan)
    return np.tensordot(weights, values, axes=(0, 0)) / total


def weighted_cv(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """CV = S / X̄ with S = sqrt(Σ (P_i/P)·(X_i − X̄)²), per column; NaN where X̄ is 0.

    Population (not sample) deviation, weighted by students; not the unweighted std/mean.

    >>> # X = [2, 5], P = [100, 50]: X̄ = 3, S² = (2/3)·1 + (1/3)·4 = 2, CV = √2/3
    >>> round(float(weighted_cv(np.array([2.0, 5.0]), np.array([100, 50]))), 6)
    0.471405
    >>> float(weighted_cv(np.array([0.0, 0.0]), np.array([1, 1])))
    nan
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    mean = weighted_mean(values, weights)
    total = weights.sum()
    if total <= 0:
        return np.full(values.shape[1:], np.nan)
    dev = values - mean
    var = np.tensordot(weights, dev * dev, axes=(0, 0)) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = np.sqrt(var) / mean
    return np.where(mean == 0, np.nan, cv)


def composite_cv(cvs: np.ndarray) -> float:
    """综合差异系数: the plain mean of the single-indicator CVs that exist (unrounded).

    >>> composite_cv(np.array([0.3, 0.5, np.nan]))
    0.4
    """
    cvs = np.asarray(cvs, dtype=float)
    present = cvs[~np.isnan(cvs)]
    return float(present.mean()) if present.size else float("nan")
