"""Which work packages start in which year under a yearly cap: an integer program solved by HiGHS
through ``scipy.optimize.milp``.

Why scipy: it is already pinned (1.17.1) and installs offline here; its ``milp`` wraps HiGHS, a
maintained MIP solver, which solves these programs (tens of packages over the plan's years) in
milliseconds. OR-Tools or PuLP would add a dependency (PuLP also a CBC binary) for no gain at this
size.

A package is what must be done together for one goal (a school's projects that only make it pass
together, the projects for one CV, one 政府保障 item): it starts in one year, pays by its profile
(a building partly in its second year, a field on new land its land first and its works next), and
its goal is reached ``lag`` years later. The program: a binary x[k, t] says package k starts in plan
year t (only years in which it also finishes within the plan); each year's payments stay within the
cap. Maximise Σ weight × (plan years the goal stands reached), i.e. the most goals soonest; among
equals, the most urgent start first. A package is in a year or not: never a fragment. Money a year
would then leave idle buys single whole projects of packages left out (``fill``); what still does not
fit is placed after the plan, in the first year with room at the same cap (``extend``: its earliest
year); one whose payment in a year alone is over the cap can never be funded under it (``None``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "MAX_EXTRA_YEARS",
    "NODE_LIMIT",
    "Job",
    "Starts",
    "allocate",
    "extend",
    "fill",
    "least_budget",
    "load_of",
]

MAX_EXTRA_YEARS = 15
"""How far past the plan the earliest year of unfunded work is looked for."""
NODE_LIMIT = 20000
"""A deterministic bound on the branch-and-bound (a time limit would differ between machines);
the incumbent is kept if it is reached."""
_EPS = 1e-9


@dataclass(frozen=True)
class Job:
    """A package as the solver sees it: its payments under the cap by year from its start (empty or
    zeros when other funds pay), the years until its goal is reached, the goal's weight and its
    urgency (0–1, higher first among equals)."""

    cost: tuple[float, ...]
    lag: int
    weight: float = 1.0
    urgency: float = 0.5
    earliest: int = 0
    """The first plan year it may start in (work dated before the plan is issued moves on)."""

    @property
    def capped(self) -> bool:
        return any(c > 0 for c in self.cost)


Starts = tuple[int | None, ...]
"""Per job, the year offset it starts in (0 = the plan's first year; ≥ the plan's years: after the
plan); None when not placed."""


def allocate(jobs: Sequence[Job], years: int, budget: float | None) -> Starts:
    """Start years within the plan for ``jobs`` under ``budget`` a year (None: no cap, everything
    starts at once); None for a job the integer program leaves out of the plan."""
    if budget is None or not jobs:
        return tuple(j.earliest for j in jobs)
    fundable = [i for i, j in enumerate(jobs) if max(j.cost, default=0.0) <= budget + _EPS]
    # every package within the plan when the cap allows it (every school passes by the plan's end
    # beats a few passing a year sooner); else the most goals soonest
    starts = (
        _solve([jobs[i] for i in fundable], years, budget, every=True) if len(fundable) == len(jobs) else None
    )
    if starts is None:
        starts = _solve([jobs[i] for i in fundable], years, budget)
    out: list[int | None] = [None] * len(jobs)
    for i, t in zip(fundable, starts, strict=True):
        out[i] = t
    return tuple(out)


def load_of(jobs: Sequence[Job], starts: Starts, horizon: int) -> list[float]:
    """Each year's capped payments of the placed jobs."""
    load = [0.0] * (horizon + 2)
    for job, t in zip(jobs, starts, strict=True):
        if t is not None:
            for d, c in enumerate(job.cost):
                load[t + d] += c
    return load


def fill(jobs: Sequence[Job], years: int, budget: float, load: list[float]) -> Starts:
    """Single projects of packages left out, placed — most urgent first — in plan years whose cap
    still has room for all their payments and in which they finish within the plan: money a year
    would leave idle buys whole work that waits anyway. ``load`` is updated."""
    out: list[int | None] = [None] * len(jobs)
    for i in sorted(range(len(jobs)), key=lambda i: (-jobs[i].urgency, sum(jobs[i].cost), i)):
        t = next(
            (t for t in range(jobs[i].earliest, years - jobs[i].lag) if _room(load, jobs[i], t, budget)), None
        )
        if t is not None:
            _put(load, jobs[i], t)
            out[i] = t
    return tuple(out)


def extend(jobs: Sequence[Job], years: int, budget: float, load: list[float]) -> Starts:
    """What the plan leaves over, placed after it — most weighty and cheapest first — in the first
    year with room at the same cap: the earliest year it could start if the cap is kept."""
    load = load + [0.0] * (MAX_EXTRA_YEARS + 2)
    out: list[int | None] = [None] * len(jobs)
    for i in sorted(
        range(len(jobs)), key=lambda i: (-jobs[i].weight, sum(jobs[i].cost), -jobs[i].urgency, i)
    ):
        if max(jobs[i].cost, default=0.0) > budget + _EPS:
            continue
        t = next((t for t in range(years, years + MAX_EXTRA_YEARS) if _room(load, jobs[i], t, budget)), None)
        if t is not None:
            _put(load, jobs[i], t)
            out[i] = t
    return tuple(out)


def _put(load: list[float], job: Job, t: int) -> None:
    for d, c in enumerate(job.cost):
        load[t + d] += c


def _room(load: list[float], job: Job, t: int, budget: float) -> bool:
    return all(load[t + d] + c <= budget + _EPS for d, c in enumerate(job.cost))


def _solve(jobs: list[Job], years: int, budget: float, every: bool = False) -> list[int | None] | None:
    """The integer program over the plan's years (None: not started within them); with ``every``,
    each package must start within the plan (None when the cap does not allow it)."""
    slots = [(k, t) for k, job in enumerate(jobs) for t in range(job.earliest, years - job.lag)]
    if every and {k for k, _ in slots} != set(range(len(jobs))):
        return None
    if not slots:
        return [None] * len(jobs)
    n = len(slots)
    value = np.zeros(n)
    tie = 0.4 / len(jobs)
    for i, (k, t) in enumerate(slots):
        job = jobs[k]
        # started at all beats left out; among equals the urgent start first
        value[i] = (years - t - job.lag) * job.weight + tie * (0.5 + 0.5 * job.urgency * (years - t) / years)
    rows, cols, vals, upper = [], [], [], []
    for i, (k, _) in enumerate(slots):  # each package starts at most once
        rows.append(k), cols.append(i), vals.append(1.0)
    upper += [1.0] * len(jobs)
    for year in range(years):  # each year's payments within the cap
        for i, (k, t) in enumerate(slots):
            d = year - t
            if 0 <= d < len(jobs[k].cost) and jobs[k].cost[d] > 0:
                rows.append(len(jobs) + year), cols.append(i), vals.append(jobs[k].cost[d])
        upper.append(budget)
    # scipy loads here, not at import: the page's first screen imports this module's callers
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    matrix = coo_array((vals, (rows, cols)), shape=(len(jobs) + years, n)).tocsr()
    lower = np.full(len(upper), -np.inf)
    if every:
        lower[: len(jobs)] = 1.0
    result = milp(
        -value,
        constraints=LinearConstraint(matrix, lower, np.array(upper)),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 1e-6, "node_limit": NODE_LIMIT},
    )
    out: list[int | None] = [None] * len(jobs)
    if result.x is None:  # infeasible with ``every``; else (all zeros is feasible) a solver failure
        return None if every else out
    for i, (k, t) in enumerate(slots):
        if result.x[i] > 0.5:
            out[k] = t
    return out


def least_budget(jobs: Sequence[Job], years: int) -> float | None:
    """The least yearly cap (rounded up to the 万元 cent) under which every job starts and shows
    within ``years``: an integer program minimising the cap over the same start slots ``allocate``
    uses, so ``allocate`` at that cap places every job. None when a job's lag alone is too long."""
    capped = [j for j in jobs if j.capped]
    if any(j.earliest + j.lag >= years for j in capped):
        return None
    if not capped:
        return 0.0
    from scipy.optimize import Bounds, LinearConstraint, milp  # loaded on use, as in ``_solve``
    from scipy.sparse import coo_array

    slots = [(k, t) for k, job in enumerate(capped) for t in range(job.earliest, years - job.lag)]
    n = len(slots)
    rows, cols, vals = [], [], []
    for i, (k, _) in enumerate(slots):  # each job starts exactly once
        rows.append(k), cols.append(i), vals.append(1.0)
    for year in range(years):  # each year's payments − cap ≤ 0
        for i, (k, t) in enumerate(slots):
            d = year - t
            if 0 <= d < len(capped[k].cost) and capped[k].cost[d] > 0:
                rows.append(len(capped) + year), cols.append(i), vals.append(capped[k].cost[d])
        rows.append(len(capped) + year), cols.append(n), vals.append(-1.0)
    shape = (len(capped) + years, n + 1)
    matrix = coo_array((vals, (rows, cols)), shape=shape).tocsr()
    lower = np.concatenate([np.ones(len(capped)), np.full(years, -np.inf)])
    upper = np.concatenate([np.ones(len(capped)), np.zeros(years)])
    objective = np.zeros(n + 1)
    objective[n] = 1.0
    result = milp(
        objective,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=np.concatenate([np.ones(n), [0]]),
        bounds=Bounds(np.zeros(n + 1), np.concatenate([np.ones(n), [np.inf]])),
        options={"mip_rel_gap": 1e-6, "node_limit": NODE_LIMIT},
    )
    if result.x is None:
        return None
    return math.ceil(float(result.x[n]) * 100 - 1e-6) / 100
