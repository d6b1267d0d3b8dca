"""Generate fictional counties of different shapes, draft their plans and check them.

    .venv/bin/python scripts/make_counties.py [--out DIR] [--draft] [--start-year 2026]

Four shapes, each drawn from a seeded generator (the same files every run), to read plans as a 督导
reviewer would (nothing here is committed as a data file):

- 富裕县: large, well-equipped urban schools; the 骨干 teachers sit in two flagship schools, so the
  骨干 CV is over its limit although almost every school meets its thresholds;
- 贫困县: many small rural schools short of rooms, fields, equipment and teachers, drafted also with
  a tight yearly budget;
- 一贯制县: several 九年一贯制 and a 十二年一贯制 school, gaps in one part or both;
- 达标县: every school meets the standard and every CV is within its limit.

With ``--draft`` each county gets the 优质均衡 plan, a budget-capped one (``BUDGETS``) and the
基本均衡 plan, as .docx, .md and .json, and ``python -m planner check``'s verdict on each.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.make_samples import School, build_row, write_xlsx  # noqa: E402

__all__ = ["BUDGETS", "SHAPES", "County", "county_rows", "write_counties"]


@dataclass(frozen=True)
class County:
    name: str
    seed: int
    schools: tuple[School, ...]


def _rich() -> tuple[School, ...]:
    t, n = "城关街道", "新区街道"
    out = [
        School("富裕县实验小学", "小学", t, "城区", primary=2260, gym=1400, factor={"backbone": 3.4}),
        School("富裕县第一小学", "小学", t, "城区", primary=1880, gym=1200, factor={"backbone": 3.0}),
        School("富裕县第二小学", "小学", t, "城区", primary=1720, gym=900, factor={"backbone": 0.45}),
        School("富裕县第三小学", "小学", n, "城区", primary=1650, gym=900, factor={"backbone": 0.4}),
        School("新区第一小学", "小学", n, "城区", primary=1490, gym=800, factor={"backbone": 0.35}),
        School("新区第二小学", "小学", n, "城区", primary=1320, factor={"backbone": 0.38, "multimedia": 0.9}),
        School("东湖小学", "小学", n, "镇区", primary=960, factor={"backbone": 0.3}),
        School("富裕县第一初级中学", "初级中学", t, "城区", junior=1850, gym=1600),
        School("富裕县第二初级中学", "初级中学", n, "城区", junior=1540, gym=1200),
        School("富裕县实验学校", "九年一贯制学校", t, "城区", primary=1100, junior=820, gym=1500),
    ]
    return tuple(out)


def _poor() -> tuple[School, ...]:
    towns = [("河口镇", "镇区"), ("石门乡", "乡村"), ("青山乡", "乡村"), ("白马镇", "镇区")]
    weak = [
        {"field": 0.55, "space": 0.8},
        {"equipment": 0.6, "multimedia": 0.7},
        {"space": 0.78, "pe_art": 0.6},
        {"field": 0.7, "backbone": 0.4},
        {"above_degree_share": 0.8, "equipment": 0.7},
        {"space": 0.85, "field": 0.8},
        {"multimedia": 0.6, "pe_art": 0.7},
        {"field": 0.6, "equipment": 0.65, "space": 0.82, "rooms": 0.5},
    ]
    out = [
        School(
            "贫困县城关小学",
            "小学",
            "城关镇",
            "城区",
            primary=1850,
            gym=600,
            factor={"field": 0.75, "rooms": 0.5},
        )
    ]
    k = 0
    for town, kind in towns:
        out.append(School(f"{town}中心小学", "小学", town, kind, primary=640, factor=weak[k % 8]))
        k += 1
        for short in ("一小", "二小"):
            out.append(School(f"{town}{short}", "小学", town, "乡村", primary=260, factor=weak[k % 8]))
            k += 1
        out.append(School(f"{town}初级中学", "初级中学", town, kind, junior=520, factor=weak[k % 8]))
        k += 1
    out.append(
        School("贫困县第一初级中学", "初级中学", "城关镇", "城区", junior=1420, factor={"space": 0.83})
    )
    return tuple(out)


def _combined() -> tuple[School, ...]:
    return (
        School("一贯县城关小学", "小学", "城关镇", "城区", primary=1500, gym=800),
        School("一贯县第一初级中学", "初级中学", "城关镇", "城区", junior=1300, gym=1000),
        School(
            "东岭九年一贯制学校",
            "九年一贯制学校",
            "东岭镇",
            "镇区",
            primary=520,
            junior=410,
            factor={"field": 0.62},
        ),
        School(
            "西坡九年一贯制学校",
            "九年一贯制学校",
            "西坡乡",
            "乡村",
            primary=330,
            junior=260,
            factor={"pe_art": 0.55},
        ),
        School(
            "南湾九年一贯制学校",
            "九年一贯制学校",
            "南湾镇",
            "镇区",
            primary=610,
            junior=480,
            factor={"space": 0.7, "backbone": 0.5},
        ),
        School(
            "北山九年一贯制学校",
            "九年一贯制学校",
            "北山乡",
            "乡村",
            primary=280,
            junior=190,
            factor={"equipment": 0.6},
        ),
        School(
            "一贯县实验学校",
            "十二年一贯制学校",
            "城关镇",
            "城区",
            primary=980,
            junior=760,
            senior=640,
            gym=1400,
            factor={"multimedia": 0.8},
        ),
        School("东岭镇中心小学", "小学", "东岭镇", "镇区", primary=560),
        School("南湾镇中心小学", "小学", "南湾镇", "镇区", primary=480, factor={"field": 0.7}),
    )


def _passing() -> tuple[School, ...]:
    return (
        School("达标县第一小学", "小学", "城关镇", "城区", primary=1420, gym=800),
        School("达标县第二小学", "小学", "城关镇", "城区", primary=1180),
        School("河东小学", "小学", "河东镇", "镇区", primary=760),
        School("河西小学", "小学", "河西镇", "镇区", primary=690),
        School("达标县第一初级中学", "初级中学", "城关镇", "城区", junior=1260, gym=1000),
        School("河东初级中学", "初级中学", "河东镇", "镇区", junior=640),
        School("河西九年一贯制学校", "九年一贯制学校", "河西镇", "乡村", primary=360, junior=300),
    )


SHAPES = {
    "富裕县": County("富裕县", 7101, _rich()),
    "贫困县": County("贫困县", 7102, _poor()),
    "一贯制县": County("一贯制县", 7103, _combined()),
    "达标县": County("达标县", 7104, _passing()),
}
BUDGETS = {"富裕县": 300.0, "贫困县": 150.0, "一贯制县": 80.0, "达标县": 50.0}
"""The yearly 建设资金 (万元) of each county's budget-capped plan: the poor county's is tight."""


def county_rows(name: str) -> list[dict[str, object]]:
    """The upload rows of one county (canonical keys, as ``make_samples.build_row`` gives them)."""
    county = SHAPES[name]
    rng = np.random.default_rng(county.seed)
    return [build_row(s, rng) for s in county.schools]


def write_counties(out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in SHAPES:
        path = out / f"{name}.xlsx"
        write_xlsx(county_rows(name), path, title=f"{name}义务教育学校基本情况（虚构示例数据）")
        paths[name] = path
    return paths


def _draft(paths: dict[str, Path], out: Path, start_year: int) -> None:
    from metrics import evaluate, load_schools, load_standard
    from planner import PlanSettings, draft_plan, export_docx, export_markdown
    from planner.check import check_plan

    for name, path in paths.items():
        frame = load_schools(path).frame
        for label, standard, budget in (
            ("优质均衡", "quality_2017", None),
            ("优质均衡_预算", "quality_2017", BUDGETS[name]),
            ("基本均衡", "basic_2012", None),
        ):
            ev = evaluate(frame, load_standard(standard))
            settings = PlanSettings(region=name, start_year=start_year, yearly_budget_wan=budget)
            plan = draft_plan(ev, settings, schools_frame=frame)
            stem = out / f"{name}_{label}"
            export_docx(plan, stem.with_suffix(".docx"))
            stem.with_suffix(".md").write_text(export_markdown(plan), encoding="utf-8")
            stem.with_suffix(".json").write_text(
                json.dumps(plan.to_json(), ensure_ascii=False), encoding="utf-8"
            )
            problems = check_plan(plan)
            verdict = "可按期达标" if plan.complete else "未能按期全部达标"
            print(f"{stem.name}: {verdict}，检查{'通过' if not problems else f'发现{len(problems)}个问题'}")
            for p in problems:
                print("   ", p)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "counties")
    parser.add_argument("--draft", action="store_true", help="draft, export and check every plan")
    parser.add_argument("--start-year", type=int, default=2026)
    args = parser.parse_args(argv)
    paths = write_counties(args.out)
    print(f"wrote {', '.join(p.name for p in paths.values())} to {args.out}")
    if args.draft:
        _draft(paths, args.out, args.start_year)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
