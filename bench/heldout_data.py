"""What the held-out chat sets' writers (bench/make_chat_heldout4/5/6.py) share: writing the invented
data sets and the question file, adding a conversation in the blind format, and the reference figures
they ask for (a school stage, a 乡镇's total shortfall, a standard's threshold). Figures come from
bench/chat_reference.py (pandas on the workbook headers, no metrics code)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

from chat_reference import INDICATORS  # noqa: E402
from make_samples import School, build_row, write_xlsx  # noqa: E402

__all__ = ["ROOT", "adder", "part", "threshold", "town_total", "write_data", "write_set"]

Add = Callable[[str, list[str], list[dict]], None]


def write_data(path: Path, schools: Sequence[School], seed: int, region: str) -> None:
    """The invented workbook of ``region``, its rows drawn with ``seed`` (the same seed, the same file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    write_xlsx(
        [build_row(s, rng) for s in schools],
        path,
        title=f"{region}2024年义务教育学校基本情况（虚构示例数据）",
    )


def write_set(out: Path, rows: list[dict]) -> None:
    """One conversation a line, and a line saying how many were written."""
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    turns = sum(len(r["turns"]) for r in rows)
    print(f"wrote {out.relative_to(ROOT)}: {len(rows)} conversations, {turns} turns")


def adder(rows: list[dict], prefix: str, data: Path, region: str, level: str) -> Add:
    """A function adding one conversation on ``data`` to ``rows``: (category, turns, expect)."""

    def add(category: str, turns: list[str], expect: list[dict]) -> None:
        rows.append(
            {
                "id": f"{prefix}-{len(rows) + 1:03d}",
                "category": category,
                "data": str(data.relative_to(ROOT)),
                "region": region,
                "level": level,
                "turns": turns,
                "expect": expect,
            }
        )

    return add


def part(stages: Sequence, name: str, stage: str | None = None):
    """The reference figures of one school stage (any stage when ``stage`` is None)."""
    return next(s for s in stages if s.name == name and (stage is None or s.stage == stage))


def town_total(stages: Sequence, town_of: dict[str, str], key: str) -> dict[str, float]:
    """Each 乡镇's total shortfall on one indicator, in the data's order of 乡镇."""
    out = {t: 0.0 for t in dict.fromkeys(town_of.values())}
    for s in stages:
        out[town_of[s.name]] += s.gaps.get(key, 0.0)
    return {t: round(v, 2) for t, v in out.items()}


def threshold(key: str, stage: str) -> float:
    """A standard's value for one indicator and 学段."""
    return INDICATORS[key][3][stage]
