"""Plan settings: region, level, start year, year names, budget and unit costs (shown as assumptions)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from planner.drafting.levels import Level, level_of

__all__ = [
    "DEFAULT_YEAR_NAMES",
    "PlanSettings",
    "PlanningRules",
    "UnitCosts",
    "default_year_names",
    "years_word",
]

DEFAULT_YEAR_NAMES = ("建设推进年", "巩固提升年", "完善迎评年")
_NUMBER_WORDS = "一二三四五六"


def default_year_names(years: int) -> tuple[str, ...]:
    """First year 建设推进年, last 完善迎评年, any between 巩固提升年.

    >>> default_year_names(4)
    ('建设推进年', '巩固提升年', '巩固提升年', '完善迎评年')
    >>> default_year_names(1)
    ('完善迎评年',)
    """
    first, middle, last = DEFAULT_YEAR_NAMES
    if years == 1:
        return (last,)
    return (first, *[middle] * (years - 2), last)


def years_word(years: int) -> str:
    """三年, 四年 … for the plan's title ("三年行动")."""
    return f"{_NUMBER_WORDS[years - 1]}年"


class UnitCosts(BaseModel):
    """Unit costs used to estimate each year's spending; printed in the plan as 测算口径."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    building_yuan_per_m2: float = Field(3000.0, gt=0, description="教学及辅助用房新建、改扩建单价（元/㎡）")
    field_yuan_per_m2: float = Field(300.0, gt=0, description="运动场地建设单价（元/㎡）")
    teacher_wan_per_year: float = Field(10.0, gt=0, description="新增教师年人均经费（万元/人·年）")
    backbone_wan_per_person: float = Field(0.5, gt=0, description="骨干教师培养认定经费（万元/人）")
    degree_upgrade_wan_per_person: float = Field(0.5, gt=0, description="在职教师学历提升培训补助（万元/人）")
    title_training_wan_per_person: float = Field(0.2, gt=0, description="中级职称教师培养培训经费（万元/人）")
    multimedia_wan_per_room: float = Field(5.0, gt=0, description="网络多媒体教室建设单价（万元/间）")
    computer_wan_each: float = Field(0.5, gt=0, description="计算机购置单价（万元/台）")
    book_yuan_each: float = Field(30.0, gt=0, description="图书购置单价（元/册）")
    renovation_yuan_per_m2: float = Field(
        800.0, gt=0, description="调整功能用房（将办公、生活用房改造为教学及辅助用房）单价（元/㎡）"
    )
    land_yuan_per_m2: float = Field(
        300.0,
        gt=0,
        description="新增学校用地征收补偿：乡村及未注明城乡分类的学校（元/㎡），以自然资源部门核定为准",
    )
    town_land_yuan_per_m2: float = Field(
        300.0, gt=0, description="新增学校用地征收补偿：镇区学校（元/㎡），以自然资源部门核定为准"
    )
    urban_land_yuan_per_m2: float = Field(
        1500.0, gt=0, description="新增学校用地征收补偿：城区学校（元/㎡），以自然资源部门核定为准"
    )
    gym_yuan_per_m2: float = Field(
        3000.0, gt=0, description="新增用地确有困难、改建室内体育馆（风雨操场）的单价（元/㎡）"
    )
    special_room_wan_per_room: float = Field(
        20.0, gt=0, description="音乐、美术专用教室新建或改造及器材配备（万元/间）"
    )


class PlanningRules(BaseModel):
    """How a gap becomes a whole project and how teachers are planned; printed in the plan's 测算口径.

    A gap up to ``*_adjust_max_m2`` is closed inside the campus (调整功能用房、校内挖潜), never as a
    token new building; larger ones are built in whole modules. A sports field that grows by more than
    ``field_in_campus_share`` of the school's present field cannot be laid out on the campus: the plan
    adds 用地 as a step before construction.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rooms_adjust_max_m2: float = Field(
        300.0, ge=0, description="教学及辅助用房缺口不超过此面积的，调整功能用房、内部挖潜解决（㎡）"
    )
    rooms_module_m2: float = Field(100.0, gt=0, description="新建、改扩建教学及辅助用房按此面积取整（㎡）")
    classroom_m2: float = Field(
        80.0, gt=0, description="班额超标须增设教学班的，每个教学班新增普通教室按此建筑面积测算（㎡）"
    )
    field_adjust_max_m2: float = Field(
        300.0, ge=0, description="运动场地缺口不超过此面积的，校内挖潜改造解决（㎡）"
    )
    field_module_m2: float = Field(100.0, gt=0, description="扩建运动场地按此面积取整（㎡）")
    field_in_campus_share: float = Field(
        0.2, ge=0, le=1, description="校内可扩建运动场地不超过现有运动场地面积的比例，超出须新增用地"
    )
    build_first_year_share: float = Field(
        0.6, gt=0, le=1, description="新建、改扩建工程开工当年按进度拨付的比例（其余竣工当年拨付）"
    )
    equipment_module_wan: float = Field(1.0, gt=0, description="教学仪器设备按此金额取整采购（万元）")
    books_module: int = Field(100, gt=0, description="图书按此册数取整购置（册）")
    degree_years: float = Field(2.5, gt=0, le=6, description="在职教师学历提升所需年限（年）")
    cv_margin: float = Field(0.02, ge=0, lt=0.2, description="差异系数低于上限的安全余量")
    design_margin: float = Field(
        0.05, ge=0, le=0.5, description="建设和配备规模按现有在校生增加此比例测算（留有余量，避免刚好达标）"
    )
    backbone_yearly_share: float = Field(
        0.2, gt=0, le=1, description="骨干教师每年新增认定人数不超过现有骨干教师的比例（至少1人）"
    )
    basic_lift_share: float = Field(
        0.8, gt=0, le=1, description="基本均衡巩固提升：指标低于县域均值此比例的学校逐校补齐至均值"
    )
    uncapped_yearly_wan: float = Field(
        3000.0,
        ge=0,
        description="未设定年度建设资金时，一年集中投入超过此额（万元）即按全部完成所需的均衡年度资金分年安排",
    )


class PlanSettings(BaseModel):
    """What the official chooses before drafting; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str = Field(..., min_length=1, description="镇、乡、县、区或县级市的名称，如 城关镇、青河县")
    level: Level = Field(
        "town",
        description="town=镇（乡）级，county=县级，district=区级，city=县级市；不填则按地区名称最后一个字判定",
    )
    data_year: int | None = Field(
        None, ge=2000, le=2100, description="统计年度（数据所属年度）；不填则取数据中的统计年度或起始年前一年"
    )
    start_year: int = Field(..., ge=2000, le=2100, description="行动的第一年")
    years: int = Field(3, ge=1, le=6, description="行动年数")
    year_names: tuple[str, ...] = Field(
        DEFAULT_YEAR_NAMES, description="每年的名称；不填则按年数取建设推进年、巩固提升年……完善迎评年"
    )
    yearly_budget_wan: float | None = Field(
        None, gt=0, description="每年可安排的建设资金（万元，不含人员经费和培养培训经费）；不填则按需安排"
    )
    unit_costs: UnitCosts = Field(default_factory=UnitCosts)
    rules: PlanningRules = Field(default_factory=PlanningRules)
    template: str | None = Field(None, description="模板名；不填则按 level 与评估标准选择")
    upper_region: str | None = Field(
        None,
        description="镇（乡）级方案：所属县、区或县级市的名称（如 临江区），用于配合单位的称谓",
    )
    issuer: str | None = Field(None, description="落款的发文机关；不填则为“<region>人民政府”")
    issue_date: date | None = Field(None, description="落款的成文日期；不填则留空待填（年　月　日）")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data):
        if isinstance(data, dict) and data.get("year_names") is None and "years" in data:
            data = {**data, "year_names": default_year_names(int(data["years"]))}
        if isinstance(data, dict) and data.get("level") is None and isinstance(data.get("region"), str):
            data = {**data, "level": level_of(data["region"])}
        return data

    @model_validator(mode="after")
    def _names_match_years(self) -> PlanSettings:
        if len(self.year_names) != self.years:
            raise ValueError(f"year_names 应有 {self.years} 个名称，现有 {len(self.year_names)} 个")
        return self

    @property
    def year_list(self) -> list[int]:
        return [self.start_year + i for i in range(self.years)]

    @property
    def years_word(self) -> str:
        return years_word(self.years)

    @property
    def end_year(self) -> int:
        return self.start_year + self.years - 1
