"""Document kinds as data: ``templates/kinds/<kind>/template.yaml`` holds a kind's title, its sections
(key, heading, level, generator, fixed paragraphs), its phrases and its 责任单位; wording per level comes
from the level vocabulary (templates/levels.yaml: {{ scope }}, {{ gov }}, {{ edu }} …), so one
directory serves 镇, 县, 区 and 县级市. Validated by a pydantic schema that rejects unknown keys."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.drafting.templates import TEMPLATES_DIR, TemplateError, render_text

__all__ = ["KINDS", "TITLE_MARKS", "Kind", "KindSection", "KindTemplate", "load_kind"]

Kind = Literal["self_report", "work_summary", "inspection_plan", "experience"]
KINDS: dict[str, str] = {
    "self_report": "自评报告",
    "work_summary": "工作总结",
    "inspection_plan": "迎评工作方案",
    "experience": "经验交流材料",
}
"""The kinds and their Chinese names (the chat's words for them are in planner.documents.api)."""

TITLE_MARKS = {
    "自评报告": "self_report",
    "工作总结": "work_summary",
    "迎接": "inspection_plan",
    "经验交流": "experience",
}
"""Words in a document's title that tell a Word file's kind (the checker; a 实施方案 has none)."""

Require = Literal["previous_year", "inspection_date", "plan", "records_or_previous", "practices"]


class KindSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1)
    title: str = ""
    level: int = Field(1, ge=0, le=2)
    generator: str | None = None
    """A generator of the kind's module (planner/documents/<kind>.py); None: the paragraphs only."""
    paragraphs: list[str] = Field(default_factory=list)
    optional: bool = False
    """Left out when its generator finds nothing to say (经验交流材料: no claim without a fact)."""


class KindTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    title: str
    requires: list[Require] = Field(default_factory=list)
    """Inputs without which the kind is not drafted (a Chinese message says what is needed)."""
    sections: list[KindSection]
    phrases: dict[str, str] = Field(default_factory=dict)
    units: dict[str, str] = Field(default_factory=dict)
    constants: dict[str, Any] = Field(default_factory=dict)
    annex_titles: dict[str, str] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"kinds/{self.kind}"

    def render(self, where: str, text: str, values: dict[str, Any]) -> str:
        return render_text(text, values, self.name, where)

    def phrase(self, key: str, values: dict[str, Any]) -> str:
        if key not in self.phrases:
            raise TemplateError(f"模板“{self.name}”缺少措辞“{key}”")
        return self.render(f"phrases.{key}", self.phrases[key], values)


@lru_cache(maxsize=16)
def load_kind(kind: str) -> KindTemplate:
    """The template of a document kind; a Chinese TemplateError for an unknown or broken one."""
    if kind not in KINDS:
        known = "、".join(f"{k}（{v}）" for k, v in KINDS.items())
        raise TemplateError(f"没有“{kind}”这种文稿。可选：{known}")
    path = TEMPLATES_DIR / "kinds" / kind / "template.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return KindTemplate.model_validate(data)
    except OSError:
        raise TemplateError(f"找不到文稿模板：{path}") from None
    except ValidationError as exc:
        where = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors())
        raise TemplateError(f"文稿模板“{kind}”有误：{where}") from None
