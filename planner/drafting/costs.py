"""One cost model for a plan: what each addition costs, from which fund, and in which years it is paid.

Three public funds, never mixed: 建设资金 (buildings, fields, equipment: paid once, in the year of the
work; a yearly budget caps it), 人员经费 (salaries of added teachers: paid every year from the year of
hire to the plan's last year) and 培养培训经费 (degree upgrades, 职称 and 骨干 cultivation of teachers
already on staff: paid once; they are training, not hires). A 民办 school's additions are its
举办者's duty: they are costed and listed, but never counted in public money.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.settings import PlanSettings

__all__ = [
    "FUNDS",
    "FUND_NAMES",
    "Fund",
    "YearCosts",
    "fund_of",
    "item_cost",
    "unit_cost",
]

Fund = Literal["construction", "personnel", "training"]
FUNDS: tuple[Fund, ...] = ("construction", "personnel", "training")
FUND_NAMES: dict[Fund, str] = {
    "construction": "建设资金",
    "personnel": "人员经费",
    "training": "培养培训经费",
}

_FUND_OF: dict[str, Fund] = {
    "teaching_rooms_area": "construction",
    "sports_field_area": "construction",
    "equipment_value": "construction",
    "multimedia_rooms": "construction",
    "computers": "construction",
    "books": "construction",
    "teachers": "personnel",
    "pe_art_teachers": "personnel",
    "teachers_above_degree": "training",
    "teachers_mid_title": "training",
    "backbone_teachers": "training",
}


def fund_of(field_key: str) -> Fund:
    """Which fund pays for additions to an upload column (an unknown teacher column: 人员经费)."""
    return _FUND_OF.get(field_key, "personnel")


def unit_cost(field_key: str, settings: PlanSettings) -> float:
    """万元 per unit added (per person and year for 人员经费)."""
    c = settings.unit_costs
    return {
        "teaching_rooms_area": c.building_yuan_per_m2 / 10000,
        "sports_field_area": c.field_yuan_per_m2 / 10000,
        "equipment_value": 1.0,
        "multimedia_rooms": c.multimedia_wan_per_room,
        "computers": c.computer_wan_each,
        "books": c.book_yuan_each / 10000,
        "backbone_teachers": c.backbone_wan_per_person,
        "teachers_above_degree": c.degree_upgrade_wan_per_person,
        "teachers_mid_title": c.title_training_wan_per_person,
    }.get(field_key, c.teacher_wan_per_year)


def item_cost(field_key: str, amount: float, settings: PlanSettings) -> float:
    """Cost in 万元 of adding ``amount`` to ``field_key`` (for hires, one year's salaries).

    >>> s = PlanSettings(region="城关镇", start_year=2026)
    >>> item_cost("teaching_rooms_area", 450.0, s)   # 450 ㎡ × 3000 元 / 10000
    135.0
    >>> item_cost("teachers_above_degree", 10, s)    # a degree upgrade is training: 10 × 0.5 万元
    5.0
    """
    return amount * unit_cost(field_key, settings)


@dataclass(frozen=True)
class YearCosts:
    """One year's public money by fund, and the 民办 举办者's share (not public)."""

    year: int
    construction: float = 0.0
    personnel: float = 0.0
    training: float = 0.0
    private: float = 0.0

    @property
    def public(self) -> float:
        return self.construction + self.personnel + self.training

    def of(self, fund: Fund) -> float:
        return getattr(self, fund)
