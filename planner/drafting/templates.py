"""Plan templates as data: ``templates/<name>/template.yaml`` plus ``test-inputs.yml``, found by convention.

Wording is Jinja text with ``{{ variable }}`` slots; every slot must be supplied (``MissingVariables``
names them, in Chinese). A template may ``extends: <other>`` and override top-level keys; ``sections``
and ``phrases`` are merged by key. The merged template is validated by a pydantic schema
(``TemplateFile``) that rejects unknown keys, so a misspelt key fails loudly instead of being ignored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jinja2
import jinja2.meta
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "TEMPLATES_DIR",
    "MissingVariables",
    "SectionSpec",
    "Template",
    "TemplateError",
    "TemplateFile",
    "available_templates",
    "load_template",
    "render_text",
    "template_for",
]

TEMPLATES_DIR = Path(
    os.environ.get("JUNHENG_TEMPLATES_DIR", Path(__file__).resolve().parents[2] / "templates")
)
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


class TemplateError(ValueError):
    """A template that cannot be used; the message is Chinese."""


class MissingVariables(TemplateError):
    """A template text needs variables that were not given."""

    def __init__(self, template: str, where: str, names: list[str]):
        self.template, self.where, self.names = template, where, names
        super().__init__(f"模板“{template}”的“{where}”缺少变量：{'、'.join(names)}")


def variables_of(text: str) -> set[str]:
    """The variables a template text uses.

    >>> sorted(variables_of("{{ region }}到{{ end_year }}年"))
    ['end_year', 'region']
    """
    return set(_variables(text))


@lru_cache(maxsize=4096)
def _variables(text: str) -> frozenset[str]:
    """Parsed once per text: a draft renders the same few hundred texts many times."""
    return frozenset(jinja2.meta.find_undeclared_variables(_ENV.parse(text)))


def render_text(text: str, values: dict[str, Any], template: str = "", where: str = "") -> str:
    """Fill a template text; missing variables raise ``MissingVariables`` listing all of them."""
    missing = sorted(variables_of(text) - set(values))
    if missing:
        raise MissingVariables(template, where, missing)
    return _compile(text).render(**values).strip()


@lru_cache(maxsize=2048)
def _compile(text: str) -> jinja2.Template:
    return _ENV.from_string(text)


Generator = Literal[
    "situation", "overall", "specific", "calc_notes", "tasks", "steps", "funding", "annexes", "signature"
]


class ParagraphSpec(BaseModel):
    """A numbered item with a bold lead (（一）政府主导，统筹推进。…)."""

    model_config = ConfigDict(extra="forbid")

    lead: str = ""
    text: str


class SectionSpec(BaseModel):
    """One section: heading level (0 = no heading), wording, retrieval query, 文件依据 queries and the
    generator that adds computed paragraphs."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1)
    title: str = ""
    level: int = Field(1, ge=0, le=2)
    retrieval: str | None = None
    basis: list[str] = Field(default_factory=list)
    generator: Generator | None = None
    facts: list[str] = Field(default_factory=list)
    paragraphs: list[str | ParagraphSpec] = Field(default_factory=list)


class ItemWording(BaseModel):
    """What a plan says the county does for one item of the standard (政府保障程度, 教育质量 …):
    ``action`` when it is not met or not yet known, ``met`` (optional) when it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    action: str
    met: str = ""


class TemplateFile(BaseModel):
    """The schema of a (merged) template.yaml; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    level: Literal["town", "district"]
    target: Literal["basic", "quality"]
    title: str
    sections: list[SectionSpec]
    phrases: dict[str, str] = Field(default_factory=dict)
    units: dict[str, str] = Field(default_factory=dict)
    groups: dict[str, str] = Field(default_factory=dict)
    constants: dict[str, str] = Field(default_factory=dict)
    annex_titles: dict[str, str] = Field(default_factory=dict)
    items: dict[str, ItemWording] = Field(default_factory=dict)
    """Per item key of the standard: the action the plan states."""
    item_units: dict[str, str] = Field(default_factory=dict)
    """Per item key: its 责任单位 (level words as variables)."""


def _schema_error(name: str, exc: ValidationError) -> TemplateError:
    """The first schema problem in Chinese, naming where it is."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return TemplateError(f"模板“{name}”有未知的字段“{where}”。")
    if err["type"] == "missing":
        return TemplateError(f"模板“{name}”缺少字段“{where}”。")
    return TemplateError(f"模板“{name}”的“{where}”取值不对：{err['msg']}")


@dataclass(frozen=True)
class Template:
    """A plan template: its sections (key, title, level, paragraphs, retrieval query, facts used),
    generator phrases, 责任单位 per task group and sample inputs."""

    name: str
    level: str
    target: str
    title: str
    sections: tuple[dict, ...]
    phrases: dict[str, str]
    units: dict[str, str]
    groups: dict[str, str]
    constants: dict[str, str] = field(default_factory=dict)
    annex_titles: dict[str, str] = field(default_factory=dict)
    test_inputs: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    items: dict[str, ItemWording] = field(default_factory=dict)
    item_units: dict[str, str] = field(default_factory=dict)

    def section(self, key: str) -> dict:
        for s in self.sections:
            if s["key"] == key:
                return s
        raise KeyError(key)

    def texts(self) -> list[tuple[str, str]]:
        """Every text in the template with where it is: (where, text)."""
        out = [("title", self.title)]
        for s in self.sections:
            out += [(f"{s['key']}.title", s["title"])] if s.get("title") else []
            for i, p in enumerate(s.get("paragraphs") or []):
                out.append((f"{s['key']}[{i + 1}]", p["text"] if isinstance(p, dict) else p))
                if isinstance(p, dict) and p.get("lead"):
                    out.append((f"{s['key']}[{i + 1}].lead", p["lead"]))
        out += [(f"phrases.{k}", v) for k, v in self.phrases.items()]
        out += [(f"units.{k}", v) for k, v in self.units.items()]
        for k, w in self.items.items():
            out += [(f"items.{k}", w.action)] + ([(f"items.{k}.met", w.met)] if w.met else [])
        out += [(f"item_units.{k}", v) for k, v in self.item_units.items()]
        return out

    def render(self, where: str, text: str, values: dict[str, Any]) -> str:
        return render_text(text, values, self.name, where)

    def phrase(self, key: str, values: dict[str, Any]) -> str:
        if key not in self.phrases:
            raise TemplateError(f"模板“{self.name}”缺少措辞“{key}”。")
        return render_text(self.phrases[key], values, self.name, f"phrases.{key}")


def available_templates(base: Path | None = None) -> list[str]:
    base = base or TEMPLATES_DIR
    return sorted(p.parent.name for p in base.glob("*/template.yaml"))


def _read(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"模板文件 {path} 无法读取：{exc}") from None
    if not isinstance(raw, dict):
        raise TemplateError(f"模板文件 {path} 应为 YAML 映射。")
    return raw


def _merge(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for key, value in child.items():
        if key == "sections":
            by_key = {s["key"]: s for s in value}
            merged = [by_key.pop(s["key"], s) for s in parent.get("sections", [])]
            out["sections"] = merged + list(by_key.values())
        elif isinstance(value, dict) and isinstance(parent.get(key), dict):
            out[key] = {**parent[key], **value}
        else:
            out[key] = value
    return out


def _raw(name: str, base: Path, seen: tuple[str, ...] = ()) -> dict:
    path = base / name / "template.yaml"
    if not path.is_file():
        known = "、".join(available_templates(base))
        raise TemplateError(f"找不到方案模板“{name}”。可用模板：{known}")
    raw = _read(path)
    parent = raw.pop("extends", None)
    if parent:
        if parent in seen:
            raise TemplateError(f"模板“{name}”循环继承“{parent}”。")
        raw = _merge(_raw(parent, base, (*seen, name)), raw)
    return raw


def load_template(name: str, base: Path | None = None) -> Template:
    """Load ``templates/<name>/template.yaml`` (with what it extends) and its ``test-inputs.yml``."""
    base = base or TEMPLATES_DIR
    raw = _raw(name, base)
    if any(isinstance(s, dict) and "key" not in s for s in raw.get("sections") or []):
        raise TemplateError(f"模板“{name}”有一节缺少 key。")
    try:
        spec = TemplateFile.model_validate(raw)
    except ValidationError as exc:
        raise _schema_error(name, exc) from None
    raw = spec.model_dump()
    raw["sections"] = [
        {k: v for k, v in s.items() if v not in (None, [], "") or k == "key"} for s in raw["sections"]
    ]
    inputs_path = base / name / "test-inputs.yml"
    inputs = _read(inputs_path) if inputs_path.is_file() else {}
    return Template(
        name=name,
        level=raw["level"],
        target=raw["target"],
        title=raw["title"],
        sections=tuple(raw["sections"]),
        phrases=dict(raw.get("phrases") or {}),
        units=dict(raw.get("units") or {}),
        groups=dict(raw.get("groups") or {}),
        constants=dict(raw.get("constants") or {}),
        annex_titles=dict(raw.get("annex_titles") or {}),
        test_inputs=inputs,
        path=str(base / name),
        items={k: ItemWording.model_validate(v) for k, v in (raw.get("items") or {}).items()},
        item_units=dict(raw.get("item_units") or {}),
    )


def template_for(level: str, target: str) -> str:
    """The shipped template for a level and a standard's target (basic → 基本均衡): a 镇/乡 plan uses the
    town family, a 县, 区 or 县级市 plan the county-level family (named ``district_*``)."""
    target = "basic" if target.startswith("basic") else "quality"
    family = "town" if level == "town" else "district"
    return f"{family}_{target}"
