"""Derived facts (township totals, rankings, what-ifs) on top of compute.py."""
import math
import pandas as pd
import compute as C

def county():
    return C.units(C.load(C.__file__.replace("compute.py", "青岚县.xlsx")))

def town():
    return C.units(C.load(C.__file__.replace("compute.py", "梅岗镇.xlsx")))

def val(U, s, k, stage=None):
    return float(C.row(U, s, stage)[k])

def gap(U, s, k, stage=None):
    return float(C.row(U, s, stage)[f"{k}_gap"])

def cv(U, stage, k, scope=None):
    return C.cv(U, stage, k, scope)

def scoped(U):
    return U[U["in_scope"]]

def town_sum(U, town, col, stage=None):
    d = scoped(U)
    d = d[d["town"] == town]
    if stage:
        d = d[d["stage"] == stage]
    return float(d[col].sum())

def move(U, src, dst, col_n, n, k, src_stage=None, dst_stage=None):
    """Move n teachers (column col_n e.g. 'bb_n') from src to dst; recompute indicator k."""
    V = U.copy()
    i = V.index[(V.school == src) & ((V.stage == src_stage) if src_stage else True)][0]
    j = V.index[(V.school == dst) & ((V.stage == dst_stage) if dst_stage else True)][0]
    V.loc[i, col_n] -= n
    V.loc[j, col_n] += n
    V[k] = 100 * V[col_n] / V["P"]
    return V

def rank(U, stage, k, by="value", ascending=True, exclude_private=False):
    d = scoped(U)
    d = d[d.stage == stage]
    if exclude_private:
        d = d[d.owner != "民办"]
    col = k if by == "value" else f"{k}_gap"
    return d.sort_values(col, ascending=ascending)[["school", col]]
