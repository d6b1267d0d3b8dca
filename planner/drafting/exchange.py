"""交流轮岗: the county's yearly quota, and the named transfers that bring a teacher CV under its limit.

The quota is policy (教督〔2017〕6号 政府保障程度第11项): each year at least 10 % of the teachers
eligible for exchange move, 20 % of them 骨干. Eligible teachers are counted as the public schools'
专任教师 in scope (the 人社 and education offices confirm the roster), so the quota is sized to the
county, not to the few moves a CV needs.

Within it, transfers fix what adding cannot (骨干 teachers concentrated in the town centre: every
school meets its threshold, the spread stays). Each step moves one teacher along the pair (sending,
receiving school) that lowers the CV most, among the schools with the most and the fewest per
student; a school sends only while it keeps its own threshold (under 基本均衡, the county mean).
Steps stop when the CV is at least ``margin`` under its limit, or no school can send; the result
names how many go from which school to which, and the CV after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from metrics import Addition, Evaluation
from metrics.cv import weighted_cv
from metrics.split import SUBTOTAL_TYPES, TEACHER_KEYS

__all__ = ["Exchange", "Quota", "Transfer", "exchange_quota", "plan_exchanges"]

_MAX_STEPS = 2000
_SIDE = 4
"""How many of the best-placed senders and worst-placed receivers each step compares."""


@dataclass(frozen=True)
class Transfer:
    """``count`` teachers of ``field`` (a 学段's) move from ``sender`` to ``receiver``."""

    sender: str
    receiver: str
    field: str
    stage: str
    count: int
    sender_combined: bool = False
    receiver_combined: bool = False

    def additions(self) -> list[Addition]:
        """The move as additions to the upload columns (minus at the sender, plus at the receiver)."""
        return [
            Addition(self.sender, self.field, -self.count, self.stage if self.sender_combined else None),
            Addition(self.receiver, self.field, self.count, self.stage if self.receiver_combined else None),
        ]


@dataclass(frozen=True)
class Exchange:
    """The transfers for one 学段 and indicator, and the CV before and after them."""

    stage: str
    indicator: str
    field: str
    transfers: tuple[Transfer, ...]
    cv_before: float
    cv_after: float
    limit: float
    floor: float
    """The per-school value every sending school keeps."""

    @property
    def count(self) -> int:
        return sum(t.count for t in self.transfers)

    @property
    def reached(self) -> bool:
        return self.cv_after <= self.limit

    def additions(self) -> list[Addition]:
        return [a for t in self.transfers for a in t.additions()]


def _cv(counts: np.ndarray, students: np.ndarray, scale: float) -> float:
    return float(weighted_cv((scale * counts / students)[:, None], students)[0])


@dataclass(frozen=True)
class Quota:
    """The yearly 交流轮岗 quota: ``eligible`` teachers, ``count`` to move a year, ``backbone`` of them."""

    eligible: int
    count: int
    backbone: int
    share: float
    backbone_share: float

    first_year: int = 0
    """The first year's count: the quota, or more when the named transfers for a CV need more (a
    small county's 10 % may be fewer than a CV needs)."""
    first_backbone: int = 0
    """The first year's 骨干 among them: the quota's, or the named 骨干 transfers if more."""

    def covering(self, exchanges: list[Exchange], filled: int = 0) -> Quota:
        """The quota with the first year raised, where needed, to hold the named transfers (and the
        ``filled`` 骨干 transfers that close schools' own gaps)."""
        named = sum(e.count for e in exchanges) + filled
        backbone = sum(e.count for e in exchanges if e.field == "backbone_teachers") + filled
        first = max(self.count, named)
        first_backbone = max(self.backbone, backbone, math.ceil(first * self.backbone_share - 1e-9))
        return replace(self, first_year=first, first_backbone=first_backbone)


def exchange_quota(evaluation: Evaluation, share: float, backbone_share: float) -> Quota:
    """At least ``share`` of the public schools' teachers a year, ``backbone_share`` of them 骨干
    (1676 teachers at 10 % and 20 %: 168 a year, 34 of them 骨干)."""
    table = evaluation.table
    public = table[table["ownership"] != "民办"] if "ownership" in table else table
    eligible = round(float(public["teachers"].fillna(0).sum())) if "teachers" in public else 0
    count = math.ceil(eligible * share - 1e-9)
    backbone = math.ceil(count * backbone_share - 1e-9)
    return Quota(eligible, count, backbone, share, backbone_share, count, backbone)


def plan_exchanges(evaluation: Evaluation, margin: float = 0.0) -> list[Exchange]:
    """Transfers for every CV of a teacher indicator of ``evaluation`` (the state after the plan's
    additions) above its limit less ``margin``; an indicator no transfer can improve is left out."""
    std = evaluation.standard
    table = evaluation.table
    out = []
    for stage, st in evaluation.stages.items():
        near = [k for k, v in st.cv.items() if v is not None and v > st.cv_limit - margin]
        keys = near if std.cv_rule == "each" else st.cv_failed
        for key in keys:
            ind = std.indicator(key)
            if ind.add_to not in TEACHER_KEYS or list(ind.numerator) != [ind.add_to] or ind.subtract:
                continue
            rows = table[table["stage"] == stage]
            floor = ind.thresholds.get(stage, st.means[key]) if std.has_school_thresholds else st.means[key]
            exchange = _exchange(rows, stage, key, ind.add_to, ind.scale, st.cv_limit, floor, margin)
            if exchange is not None:
                out.append(exchange)
    return out


def _exchange(
    rows: pd.DataFrame,
    stage: str,
    key: str,
    field: str,
    scale: float,
    limit: float,
    floor: float,
    margin: float = 0.0,
) -> Exchange | None:
    names = rows["name"].astype(str).to_numpy()
    combined = rows["school_type"].isin(SUBTOTAL_TYPES).to_numpy()
    students = rows["students"].to_numpy(float)
    counts = np.nan_to_num(rows[field].to_numpy(float))
    keep = students > 0
    names, combined, students, counts = names[keep], combined[keep], students[keep], counts[keep]
    before = cv = _cv(counts, students, scale)
    moved: dict[tuple[int, int], int] = {}
    for _ in range(_MAX_STEPS):
        if cv <= limit - margin:
            break
        values = scale * counts / students
        can_send = scale * (counts - 1) / students >= floor * (1 - 1e-9)
        senders = [i for i in np.argsort(-values) if can_send[i]][:_SIDE]
        receivers = list(np.argsort(values)[:_SIDE])
        best = None
        for s in senders:
            for r in receivers:
                if r == s or values[r] >= values[s]:
                    continue
                counts[s] -= 1
                counts[r] += 1
                trial = _cv(counts, students, scale)
                counts[s] += 1
                counts[r] -= 1
                if trial < cv - 1e-12 and (best is None or trial < best[0]):
                    best = (trial, s, r)
        if best is None:
            break
        cv, s, r = best
        counts[s] -= 1
        counts[r] += 1
        # a teacher sent back the way one came cancels out
        if moved.get((r, s)):
            moved[(r, s)] -= 1
        else:
            moved[(s, r)] = moved.get((s, r), 0) + 1
    transfers = tuple(
        Transfer(names[s], names[r], field, stage, n, bool(combined[s]), bool(combined[r]))
        for (s, r), n in sorted(moved.items(), key=lambda x: (-x[1], x[0]))
        if n > 0
    )
    if not transfers:
        return None
    return Exchange(stage, key, field, transfers, before, cv, limit, floor)
