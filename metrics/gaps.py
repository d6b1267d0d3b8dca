"""Per-school verdicts and shortfalls in physical units (rules.md §4), vectorised over school-stages."""

from __future__ import annotations

import numpy as np

__all__ = ["fix_sets", "indicator_values", "met_matrix", "school_verdicts", "shortfalls"]

# A ratio computed from integers can land a hair below a threshold it equals (4.2 = 42/1000·100).
_EPS = 1e-9


def indicator_values(net: np.ndarray, students: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """value = scale × net resource / students, per school-stage (rows) and indicator (columns).

    >>> indicator_values(np.array([[42.0, 9000.0]]), np.array([1000.0]), np.array([100.0, 1.0]))
    array([[4.2, 9. ]])
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return scale * net / students[:, None]


def met_matrix(values: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """True where a value reaches its threshold ("以上" means ≥)."""
    return values >= thresholds * (1 - _EPS)


def shortfalls(
    net: np.ndarray, students: np.ndarray, thresholds: np.ndarray, scale: np.ndarray, integer: np.ndarray
) -> np.ndarray:
    """What must be added to the net resource to reach the threshold, ≥ 0, in the resource's unit.

    shortfall = T·P/scale − current, rounded up to whole units where ``integer`` (人, 间).

    >>> # 4.2 人/百生 at 980 students needs 41.16 → 42 teachers; 38 on staff → 4 to add
    >>> shortfalls(np.array([[38.0]]), np.array([980.0]), np.array([[4.2]]), np.array([100.0]),
    ...            np.array([True]))
    array([[4.]])
    """
    need = thresholds * students[:, None] / scale - net
    need = np.where(integer, np.ceil(need - _EPS), need)
    return np.maximum(need, 0.0)


def school_verdicts(values: np.ndarray, thresholds: np.ndarray, min_met: int, min_ratio: float) -> np.ndarray:
    """A school-stage passes with ≥ ``min_met`` indicators met and every one ≥ ``min_ratio`` of its threshold.

    >>> t = np.array([[1.0, 1.0, 1.0]])
    >>> school_verdicts(np.array([[1.0, 1.0, 0.9]]), t, 2, 0.85).tolist()
    [True]
    >>> school_verdicts(np.array([[1.0, 1.0, 0.8]]), t, 2, 0.85).tolist()
    [False]
    """
    met = met_matrix(values, thresholds)
    floor_ok = values >= thresholds * min_ratio * (1 - _EPS)
    return (met.sum(axis=1) >= min_met) & floor_ok.all(axis=1)


def fix_sets(values: np.ndarray, thresholds: np.ndarray, min_met: int, min_ratio: float) -> np.ndarray:
    """Per school-stage, the smallest set of indicators to bring up to threshold so that it passes.

    Every indicator under ``min_ratio`` of its threshold must be fixed; then, while fewer than
    ``min_met`` would be met, the unmet ones closest to their threshold are added. Returns a boolean
    matrix shaped like ``values``; a passing school's row is all False.

    >>> t = np.array([[1.0, 1.0, 1.0, 1.0]])
    >>> fix_sets(np.array([[0.5, 0.95, 0.9, 1.0]]), t, 3, 0.85).tolist()  # 0 is < 85 %, then 1
    [[True, True, False, False]]
    """
    met = met_matrix(values, thresholds)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(thresholds > 0, values / thresholds, np.inf)
    mandatory = ratio < min_ratio * (1 - _EPS)
    candidate = ~met & ~mandatory
    need = np.maximum(min_met - met.sum(axis=1) - mandatory.sum(axis=1), 0)
    order = np.argsort(np.where(candidate, -ratio, np.inf), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(values.shape[1])[None, :].repeat(len(values), 0), axis=1)
    return mandatory | (candidate & (rank < need[:, None]))
