"""强化经费保障: the plan's public money by fund (what the 资金测算表 sums), the cap, the 民办 举办者's
share apart, the sources, and the 测算口径 — every unit cost and planning rule the figures rest on."""

from __future__ import annotations

from planner.drafting.context import DraftContext
from planner.drafting.costs import FUND_NAMES, FUNDS
from planner.drafting.facts import FactKey as K
from planner.drafting.words import annex_no, cite
from planner.model import Paragraph

__all__ = ["funding"]

_ASSUMED = (
    "building",
    "renovation",
    "field",
    "land",
    "land_town",
    "land_urban",
    "multimedia",
    "special_room",
    "teacher",
    "degree",
    "title",
    "backbone",
    "rooms_adjust_max",
    "rooms_module",
    "field_adjust_max",
    "field_module",
    "field_in_campus",
    "degree_years",
    "cv_margin",
    "design_margin",
    "backbone_yearly",
    "lift_share",
)


def _phasing_note(dr: DraftContext, capped: bool) -> str:
    """Without a cap: the even yearly money the work is phased at; with one: the salaries it leaves
    out, and what the two come to in the dearest year."""
    level = K("budget", measure="level")
    if level in dr.facts and capped:
        return dr.phrase("budget_level", level=dr.d(level))
    peak = K("budget", measure="personnel_peak")
    if (
        K("budget", measure="yearly") in dr.facts
        and peak in dr.facts
        and "budget_personnel" in dr.tpl.phrases
    ):
        total = dr.d(K("budget", measure="yearly_total"))
        return dr.phrase("budget_personnel", personnel=dr.d(peak), total=total)
    return ""


def funding(dr: DraftContext, found: list[dict], static: list[Paragraph]) -> list[Paragraph]:
    paras = list(static)
    budget = K("budget", measure="yearly")
    capped = any(p.public and p.fund == "construction" for p in dr.schedule.need)
    note = "budget_note" if dr.schedule.unfunded else "budget_note_all"
    # a cap with no construction to cap says nothing (no 待安排 list to point to)
    budget_note = dr.phrase(note, budget=dr.d(budget)) if budget in dr.facts and capped else ""
    staff = sum(
        dr.facts[K("sched", field=f, measure="total_cost")].value for f in FUNDS if f != "construction"
    )
    if budget_note and staff > 0:  # the cap is on construction: salaries are the budget's too (A2-6)
        budget_note += dr.phrase("budget_personnel")
    budget_note += _phasing_note(dr, capped)
    private = K("sched", measure="private_cost")
    private_note = dr.phrase("private_note", cost=dr.d(private)) if dr.schedule.private_items else ""
    parts = "、".join(
        FUND_NAMES[f] + dr.d(K("sched", field=f, measure="total_cost"))
        for f in FUNDS
        if dr.facts[K("sched", field=f, measure="total_cost")].value > 0
    )
    if dr.facts[K("sched", measure="total_cost")].value > 0:
        text = dr.phrase(
            "funding",
            total_cost=dr.d(K("sched", measure="total_cost")),
            parts=parts,
            annex=annex_no(dr, "funds"),
            budget_note=budget_note,
            private_note=private_note,
        )
    else:
        text = dr.phrase("funding_none", private_note=private_note)
    paras.append(dr.para(text, sources=tuple(cite(p) for p in found if p["doc_no"])))
    paras.append(dr.para(dr.phrase("funding_sources")))
    if K("hires", measure="count") in dr.facts and "funding_hires" in dr.tpl.phrases:
        town = dr.words.level == "town"
        office = f"{dr.words.upper if town else dr.base.get('u', '')}委编办"
        text = dr.phrase(
            "funding_hires",
            hires=dr.d(K("hires", measure="count")),
            yearly=dr.d(K("hires", measure="yearly")),
            office=office,
        )
        paras.append(dr.para(text))
    if dr.schedule.need:  # no unit costs to state where nothing is built, bought or hired
        values = {name: dr.d(K("assume", measure=name)) for name in _ASSUMED}
        paras.append(dr.para(dr.phrase("funding_basis", **values)))
    return paras
