"""The model's prompts, as data (prompts.yaml), each with its declared variables checked against the
template when loaded and against the values given when rendered. Values are inserted as text: a
passage can never become template code, and the data markers cannot be forged from inside it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, meta
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["DATA_END", "DATA_START", "Prompt", "load_prompts", "prompt", "render"]

PROMPTS_FILE = Path(__file__).with_name("prompts.yaml")
DATA_START, DATA_END = "【资料开始】", "【资料结束】"
_ENV = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)


class Prompt(BaseModel):
    """One prompt: its template and the variables it must be given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    variables: tuple[str, ...]
    template: str

    @model_validator(mode="after")
    def _variables_match(self) -> Prompt:
        used = meta.find_undeclared_variables(_ENV.parse(self.template))
        if used != set(self.variables):
            raise ValueError(
                f"提示词 {self.name}: 模板使用的变量 {sorted(used)} 与声明的 {sorted(self.variables)} 不一致"
            )
        return self


def load_prompts(path: Path = PROMPTS_FILE) -> dict[str, Prompt]:
    """All prompts of ``path``, validated; raises ValueError naming the faulty prompt."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: Prompt(name=name, **spec) for name, spec in raw.items()}


@cache
def _prompts() -> dict[str, Prompt]:
    return load_prompts()


def prompt(name: str) -> Prompt:
    return _prompts()[name]


def _defang(value: Any) -> Any:
    """Data may not contain the data markers: an uploaded text cannot close the data block early."""
    if isinstance(value, str):
        return value.replace(DATA_START, "【资料】").replace(DATA_END, "【资料】")
    if isinstance(value, list | tuple):
        return [_defang(v) for v in value]
    return value


def render(name: str, **values: Any) -> str:
    """The prompt ``name`` with exactly its declared variables filled in."""
    p = prompt(name)
    if set(values) != set(p.variables):
        raise ValueError(f"提示词 {name} 需要变量 {sorted(p.variables)}，实际给出 {sorted(values)}")
    return _ENV.from_string(p.template).render({k: _defang(v) for k, v in values.items()}).strip()
