"""One core for every document kind: the plan's DraftContext (facts, ``d()``, level words, retrieval)
plus the kind's template; generators are looked up by name in ``GENERATORS`` (filled by each kind's
module), so a kind is a template directory and a module of generators, not a branch in draft.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from metrics import Evaluation
from planner.documents.forms import AssessmentForm
from planner.documents.templates import KINDS, KindSection, KindTemplate, load_kind
from planner.drafting.context import DraftContext, Retriever, prose
from planner.drafting.facts import FactKey
from planner.model import AnnexTable, Paragraph, Plan, Section
from planner.settings import PlanSettings

__all__ = [
    "GENERATORS",
    "DocumentInputs",
    "KindContext",
    "MissingInputs",
    "YearData",
    "draft_kind",
    "generator",
]

PENDING = "〔待填报：{name}〕"
"""How an item the office has not entered is printed (never a guessed value)."""


class MissingInputs(ValueError):
    """A kind cannot be drafted without an input (e.g. 工作总结 without a second 统计年度); the message
    says in Chinese what is needed."""


@dataclass(frozen=True)
class YearData:
    """One 统计年度: its evaluation and the rows it came from."""

    year: int
    evaluation: Evaluation
    frame: pd.DataFrame | None = None


@dataclass(frozen=True)
class DocumentInputs:
    """Everything a document may draw on, from the workspace: this year, the year before, the stored
    实施方案, the 自评 form and the inspection date."""

    current: YearData
    previous: YearData | None = None
    plan: Plan | None = None
    form: AssessmentForm = field(default_factory=AssessmentForm)
    inspection_date: date | None = None
    today: date | None = None
    """The day the document is drafted (the CLI and the page pass the clock's date): without a 成文日期
    no date it advises may precede it. None keeps a document independent of the clock (tests)."""


Generator = Callable[["KindContext", KindSection], list[Paragraph | Section]]
GENERATORS: dict[str, Generator] = {}


def generator(name: str) -> Callable[[Generator], Generator]:
    """Register a section generator under the name templates use."""

    def add(fn: Generator) -> Generator:
        GENERATORS[name] = fn
        return fn

    return add


class KindContext:
    """Drafting state of one document: the plan core's context (``dr``) and the kind's template."""

    def __init__(
        self,
        tpl: KindTemplate,
        inputs: DocumentInputs,
        settings: PlanSettings,
        retrieve: Retriever | None = None,
    ):
        self.tpl = tpl
        self.inp = inputs
        # one data year for every document: the one the inputs were chosen for
        settings = settings.model_copy(update={"data_year": inputs.current.year})
        if inputs.plan is None:
            # no stored 实施方案: the work is the current gap list as it stands (the same figures as the
            # 差距 annex), not a plan's work sized on a growth margin the county never adopted
            rules = settings.rules.model_copy(update={"design_margin": 0.0})
            settings = settings.model_copy(update={"rules": rules})
        self.st = settings
        self.dr = DraftContext(inputs.current.evaluation, settings, retrieve, inputs.current.frame)
        self.ev = self.dr.ev
        self.std = self.dr.std
        self.facts = self.dr.facts
        self.base: dict[str, Any] = {
            **self.dr.base,
            **tpl.constants,
            "target_name": "优质均衡" if self.std.target == "quality" else "基本均衡",
            "kind_name": KINDS[tpl.kind],
            "year": str(inputs.current.year),
        }
        # wording that differs by standard (基本均衡 / 优质均衡), e.g. part titles
        self.base.update(tpl.constants.get("by_target", {}).get(self.std.target, {}))
        # and by level (镇 / 县 / 区 / 县级市), e.g. who sits on a 镇's 领导小组
        self.base.update(tpl.constants.get("by_level", {}).get(settings.level, {}))
        # constants that name the level's bodies ("{{ edu }}") are words, filled in once here
        for name, value in list(self.base.items()):
            if isinstance(value, str) and "{{" in value:
                self.base[name] = tpl.render(f"constants.{name}", value, self.base)
        self.annexes: list[AnnexTable] = []
        self.pending: list[str] = []
        """Names of the items printed 〔待填报〕, in order (the page and the chat list them)."""
        self.planned = inputs.plan is not None
        """Whether the workspace stores the 实施方案 the document quotes; without one, a phrase's
        ``<key>_noplan`` wording is used (dates are the document's own estimate, never "按实施方案")."""

    def d(self, key: FactKey) -> str:
        return self.dr.d(key)

    def has(self, key: FactKey) -> bool:
        return key in self.facts

    def fact(self, key: FactKey, value, unit: str = "", **kw: Any) -> str:
        """Add a fact computed by a generator and return its display (recorded on the paragraph)."""
        self.facts.add(key, value, unit, **kw)
        return self.d(key)

    def phrase(self, key: str, **values: Any) -> str:
        if not self.planned and f"{key}_noplan" in self.tpl.phrases:
            key = f"{key}_noplan"
        return prose(self.tpl.phrase(key, {**self.base, **values}))

    def para(self, text: str, **kw: Any) -> Paragraph:
        return self.dr.para(text, **kw)

    def pending_mark(self, name: str) -> str:
        self.pending.append(name)
        return PENDING.format(name=name)

    def unit(self, key: str) -> str:
        text = self.tpl.units.get(key, "")
        return self.tpl.render(f"units.{key}", text, self.base) if text else ""

    def annex_no(self, key: str) -> str:
        keys = [t.key for t in self.annexes]
        return str(keys.index(key) + 1) if key in keys else ""

    def static(self, spec: KindSection) -> list[Paragraph]:
        return [
            self.para(prose(self.tpl.render(f"{spec.key}[{i + 1}]", t, self.base)))
            for i, t in enumerate(spec.paragraphs)
        ]


def _signature(kc: KindContext) -> list[Paragraph]:
    d = kc.st.issue_date
    issuer = kc.st.issuer or kc.phrase("issuer")
    when = (
        kc.phrase("issue_date_blank")
        if d is None
        else kc.phrase("issue_date", year=d.year, month=d.month, day=d.day)
    )
    return [Paragraph(issuer, kind="signature"), Paragraph(when, kind="signature")]


GENERATORS["signature"] = lambda kc, spec: list(_signature(kc))


def _colophon(kc: KindContext, spec: KindSection) -> list[Paragraph]:
    """版记: 抄送 (when entered) and the 印发机关 with the 印发日期 (the issue date, or blank)."""
    out = []
    copy_to = kc.inp.form.copy_to.strip().rstrip("。")
    if copy_to:
        out.append(Paragraph(kc.phrase("copy_to", copy_to=copy_to), kind="colophon", origin="user"))
    d = kc.st.issue_date
    when = (
        kc.phrase("issue_date_blank")
        if d is None
        else kc.phrase("issue_date", year=d.year, month=d.month, day=d.day)
    )
    printer = kc.tpl.render("constants.printer", kc.base.get("printer", "{{ gov }}"), kc.base)
    out.append(Paragraph(kc.phrase("printed", printer=printer, date=when), kind="colophon"))
    return out


GENERATORS["colophon"] = _colophon


def _annex_list(kc: KindContext, spec: KindSection) -> list[Paragraph | Section]:
    return [
        Paragraph(f"{kc.phrase('annex_intro') if n == 1 else ''}{n}．{t.title}", kind="annex")
        for n, t in enumerate(kc.annexes, 1)
    ]


GENERATORS["annexes"] = _annex_list


def draft_kind(
    kind: str,
    inputs: DocumentInputs,
    settings: PlanSettings,
    retrieve: Retriever | None = None,
    build_annexes: Callable[[KindContext], list[AnnexTable]] | None = None,
) -> Plan:
    """Draft a document of ``kind`` with the template's sections; MissingInputs when a required input
    is absent."""
    tpl = load_kind(kind)
    _require(tpl, inputs)
    kc = KindContext(tpl, inputs, settings, retrieve)
    if build_annexes is not None:
        kc.annexes = build_annexes(kc)
    sections: list[Section] = []
    for spec in tpl.sections:
        title = tpl.render(f"{spec.key}.title", spec.title, kc.base)
        sec = Section(spec.key, title, spec.level, kc.static(spec))
        extra: list[Section] = []
        if spec.generator:
            if spec.generator not in GENERATORS:
                raise KeyError(f"模板“{tpl.name}”的生成器“{spec.generator}”不存在")
            for item in GENERATORS[spec.generator](kc, spec):
                (extra.append if isinstance(item, Section) else sec.paragraphs.append)(item)
        if spec.optional and not sec.paragraphs and not extra:
            continue
        sections += [sec, *extra]
    title = tpl.render("title", tpl.title, kc.base)
    sources = tuple(
        {(s["title"], s["doc_no"]): s for sec in sections for p in sec.paragraphs for s in p.sources}.values()
    )
    complete = not kc.pending and all(st.passed is not False for st in kc.ev.stages.values())
    return Plan(title, tpl.name, settings, kc.std.key, sections, kc.annexes, kc.facts, complete, sources)


def _require(tpl: KindTemplate, inputs: DocumentInputs) -> None:
    name = KINDS[tpl.kind]
    if "previous_year" in tpl.requires and inputs.previous is None:
        year = inputs.current.year
        raise MissingInputs(
            f"起草{name}需要两个统计年度的学校数据：工作区目前只有{year}年度的数据。"
            f"请先上传上一统计年度（如{year - 1}年度）的学校数据，再生成{name}，以便逐项对比变化。"
        )
    if "inspection_date" in tpl.requires and inputs.inspection_date is None:
        raise MissingInputs(
            f"起草{name}需要迎评（督导评估）日期：请先在设置中填写督导评估的日期，各阶段时间由此倒排。"
        )
    if "practices" in tpl.requires and not inputs.form.practices:
        raise MissingInputs(
            f"{name}写的是本地推进均衡发展的做法和成效，须由教育部门提供，不代为编写。请先录入：\n"
            "1．主要做法：每条一个小标题和一段说明（如“建立城乡学校共同体：……”），并注明属于"
            "改善办学条件、教师队伍、缩小校际差距、教育质量中的哪一方面；\n"
            "2．工作记录（没有上一统计年度数据时必填）：累计投入资金（万元）、新建改扩建校舍（平方米）、购置教学仪器设备（万元）、"
            "新增专任教师（人）、教师培训（人次）、交流轮岗教师（人次）。\n"
            "页面上在“自评填报”中录入；命令行用 --form 提供同样内容的 JSON 文件。"
        )
    if "records_or_previous" in tpl.requires and inputs.previous is None and not inputs.form.records:
        raise MissingInputs(
            f"{name}要有数据支撑的成效，只有主要做法的原文还不能成文。请再录入以下任一项：\n"
            "1．工作记录：累计投入资金（万元）、新建改扩建校舍（平方米）、购置教学仪器设备（万元）、"
            "新增专任教师（人）、教师培训（人次）、交流轮岗教师（人次）；\n"
            "2．上一统计年度的学校数据，以便写出两年间指标和差异系数的变化。\n"
            "页面上在“自评填报”中录入工作记录或上传上一年度数据；命令行用 --form（工作记录 records）"
            "或 --previous 提供。"
        )
    if "plan" in tpl.requires and inputs.plan is None:
        raise MissingInputs(f"起草{name}需要工作区中已保存的实施方案：请先生成并保存实施方案。")
