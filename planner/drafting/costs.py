"""One cost model for a plan: what each kind of project costs, from which fund, and in which years.

Three public funds, never mixed: 建设资金 (buildings, fields, 用地, equipment, special rooms: paid once,
in the year the work starts; a yearly budget caps it), 人员经费 (salaries of hired teachers: paid every
year from the year of hire to the plan's last year) and 培养培训经费 (degree upgrades, 职称 and 骨干
cultivation of teachers already on staff: paid once). A 民办 school's projects are its 举办者's duty:
they are costed and listed, but never counted in public money.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planner.settings import PlanSettings

__all__ = [
    "FUNDS",
    "FUND_NAMES",
    "KINDS",
    "Fund",
    "Kind",
    "KindInfo",
    "YearCosts",
    "land_price",
    "payment_profile",
    "project_cost",
]

Fund = Literal["construction", "personnel", "training"]
FUNDS: tuple[Fund, ...] = ("construction", "personnel", "training")
FUND_NAMES: dict[Fund, str] = {
    "construction": "建设资金",
    "personnel": "人员经费",
    "training": "培养培训经费",
}

Kind = Literal[
    "rooms_build",
    "rooms_adjust",
    "field_build",
    "field_adjust",
    "field_land",
    "equipment",
    "multimedia",
    "computers",
    "books",
    "special_rooms",
    "hire",
    "upgrade",
    "backbone",
    "backbone_transfer",
    "title",
    "campus",
]


@dataclass(frozen=True)
class KindInfo:
    """A kind of project: the fund that pays it and the task group (主要任务) that lists it."""

    fund: Fund
    group: str
    """building, equipment, teachers or government (音乐、美术专用教室 are a 政府保障 item)."""


KINDS: dict[str, KindInfo] = {
    "rooms_build": KindInfo("construction", "building"),
    "rooms_adjust": KindInfo("construction", "building"),
    "field_build": KindInfo("construction", "building"),
    "field_adjust": KindInfo("construction", "building"),
    "field_land": KindInfo("construction", "building"),
    "equipment": KindInfo("construction", "equipment"),
    "multimedia": KindInfo("construction", "equipment"),
    "computers": KindInfo("construction", "equipment"),
    "books": KindInfo("construction", "equipment"),
    "special_rooms": KindInfo("construction", "government"),
    "hire": KindInfo("personnel", "teachers"),
    "upgrade": KindInfo("training", "teachers"),
    "backbone": KindInfo("training", "teachers"),
    "backbone_transfer": KindInfo("training", "teachers"),
    "title": KindInfo("training", "teachers"),
    "campus": KindInfo("construction", "government"),  # 超规模: a 分设校区 (planner.drafting.oversize)
}


def land_price(settings: PlanSettings, area: str = "") -> float:
    """元/㎡ of new land for a school in ``area`` (城区, 镇区, else 乡村): urban land costs more.

    >>> s = PlanSettings(region="城关镇", start_year=2026)
    >>> land_price(s, "城区"), land_price(s, "镇区"), land_price(s, "乡村"), land_price(s)
    (1500.0, 300.0, 300.0, 300.0)
    """
    c = settings.unit_costs
    return {"城区": c.urban_land_yuan_per_m2, "镇区": c.town_land_yuan_per_m2}.get(area, c.land_yuan_per_m2)


def project_cost(kind: str, amount: float, settings: PlanSettings, area: str = "") -> float:
    """万元 for a project of ``amount`` (its unit: ㎡, 万元, 间, 台, 册, 人); a hire's is one year's
    salaries, a field on new land includes the land.

    >>> s = PlanSettings(region="城关镇", start_year=2026)
    >>> project_cost("rooms_build", 500, s)      # 500 ㎡ × 3000 元 / 10000
    150.0
    >>> project_cost("field_land", 2000, s)      # 2000 ㎡ × (300 元 field + 300 元 land) / 10000
    120.0
    >>> project_cost("field_land", 2000, s, "城区")  # 2000 ㎡ × (300 元 + 1500 元 城区 land) / 10000
    360.0
    >>> project_cost("upgrade", 10, s)           # 10 degree upgrades × 0.5 万元: training
    5.0
    """
    c = settings.unit_costs
    per = {
        "rooms_build": c.building_yuan_per_m2 / 10000,
        "rooms_adjust": c.renovation_yuan_per_m2 / 10000,
        "field_build": c.field_yuan_per_m2 / 10000,
        "field_adjust": c.field_yuan_per_m2 / 10000,
        "field_land": (c.field_yuan_per_m2 + land_price(settings, area)) / 10000,
        "equipment": 1.0,
        "multimedia": c.multimedia_wan_per_room,
        "computers": c.computer_wan_each,
        "books": c.book_yuan_each / 10000,
        "special_rooms": c.special_room_wan_per_room,
        "hire": c.teacher_wan_per_year,
        "upgrade": c.degree_upgrade_wan_per_person,
        "backbone": c.backbone_wan_per_person,
        "backbone_transfer": 0.0,  # a posting, not a purchase: 交流 allowances are 人员经费 already
        "title": c.title_training_wan_per_person,
    }[kind]
    return amount * per


def payment_profile(kind: str, amount: float, settings: PlanSettings, area: str = "") -> tuple[float, ...]:
    """万元 paid in the start year and the years after it: a new building by progress
    (``build_first_year_share`` in its first year, the rest on completion), a field on new land its
    land in the year of 用地报批 and its works the next year; anything else at once.

    >>> s = PlanSettings(region="城关镇", start_year=2026)
    >>> payment_profile("rooms_build", 500, s)    # 150 万元: 60 % in the first year, 40 % the next
    (90.0, 60.0)
    >>> payment_profile("field_land", 2000, s)    # land 2000 × 300 元, then the field 2000 × 300 元
    (60.0, 60.0)
    """
    if kind == "field_land":
        c = settings.unit_costs
        return (amount * land_price(settings, area) / 10000, amount * c.field_yuan_per_m2 / 10000)
    cost = project_cost(kind, amount, settings, area)
    if kind == "rooms_build":
        first = settings.rules.build_first_year_share
        return (cost * first, cost * (1 - first))
    return (cost,)


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
