"""Write the fictional sample uploads in data/samples/ and check what they are meant to show.

    .venv/bin/python scripts/make_samples.py [--out DIR]

城关镇.xlsx (12 schools of a fictional town), 城关镇_gbk.csv (the same table as a GBK CSV, as
Chinese Excel saves it), 示例区.xlsx (40 schools of a fictional district, with a title row above
the header) and 青河县.xlsx (31 schools of a fictional county, with near-twin school names).
Numbers are typical of Chinese county schools, drawn from a seeded generator so every run writes
the same files. Under quality_2017 the town shows: a few schools failing, most passing, and in
小学 the 骨干教师 CV above 0.50 while the mean of the 7 CVs (综合) stays below it.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from metrics.columns import COLUMNS  # noqa: E402
from metrics.template import header_text  # noqa: E402

SEED = 20241
YEAR = 2024

# Per student (or per student-equivalent for facilities), by stage: typical county values,
# comfortably above the quality_2017 thresholds so that only deliberate deficits fail.
BASE = {
    "primary": {
        "teachers": 5.6,
        "above_degree_share": 0.93,
        "mid_title_share": 0.46,
        "backbone": 1.3,
        "pe_art": 1.05,
        "space": 5.4,
        "field": 9.5,
        "equipment": 2600.0,
        "books": 30.0,
        "computers": 13.0,
        "multimedia": 2.65,
        "class_size": 42.0,
    },
    "junior": {
        "teachers": 7.8,
        "above_degree_share": 0.86,
        "mid_title_share": 0.50,
        "backbone": 1.35,
        "pe_art": 1.1,
        "space": 7.0,
        "field": 12.5,
        "equipment": 3200.0,
        "books": 40.0,
        "computers": 15.0,
        "multimedia": 2.8,
        "class_size": 46.0,
    },
}
JITTER = 0.04
"""Each generated ratio is multiplied by a uniform draw in [1 − JITTER, 1 + JITTER]."""
SPLIT = {"primary": 1.0, "junior": 1.1, "senior_of_complete": 1.2, "senior_of_twelve": 1.32}


@dataclass
class School:
    name: str
    school_type: str
    township: str
    urban_rural: str
    primary: int = 0
    junior: int = 0
    senior: int = 0
    ownership: str = "公办"
    gym: float = 0.0
    factor: dict[str, float] = field(default_factory=dict)
    """Multipliers on BASE ratios (e.g. {"backbone": 0.4}) that make a school weak or strong."""
    big_class: int = 0
    """Largest class, when above the usual (大班额)."""


def build_row(s: School, rng: np.random.Generator) -> dict[str, object]:
    """One upload row in canonical keys, from a school's students and ratio multipliers."""

    def ratio(stage: str, key: str) -> float:
        return BASE[stage][key] * s.factor.get(key, 1.0) * rng.uniform(1 - JITTER, 1 + JITTER)

    stages = [st for st in ("primary", "junior") if getattr(s, st) > 0]
    row: dict[str, object] = {
        "name": s.name,
        "school_type": s.school_type,
        "ownership": s.ownership,
        "township": s.township,
        "urban_rural": s.urban_rural,
        "year": YEAR,
        "primary_students": s.primary if "primary" in stages or s.school_type != "初级中学" else None,
        "junior_students": s.junior if s.junior else None,
        "senior_students": s.senior if s.school_type in ("完全中学", "十二年一贯制学校") else None,
    }
    if s.school_type in ("初级中学", "完全中学"):
        row["primary_students"] = None
    if s.school_type in ("小学", "教学点"):
        row["junior_students"] = None

    # Teachers are per stage; the 初中部 columns carry the junior part of a 一贯制 school.
    parts: dict[str, dict[str, int]] = {}
    for st in stages:
        p = getattr(s, st)
        teachers = max(2, round(p * ratio(st, "teachers") / 100))
        parts[st] = {
            "teachers": teachers,
            "teachers_above_degree": min(teachers, round(teachers * ratio(st, "above_degree_share"))),
            "teachers_mid_title": min(teachers, round(teachers * ratio(st, "mid_title_share"))),
            "backbone_teachers": min(teachers, round(p * ratio(st, "backbone") / 100)),
            "pe_art_teachers": min(teachers, max(1, round(p * ratio(st, "pe_art") / 100))),
        }
    for key in parts[stages[0]]:
        row[key] = sum(part[key] for part in parts.values())
    if s.school_type in ("九年一贯制学校", "十二年一贯制学校"):
        for key, value in parts["junior"].items():
            row["junior_" + key] = value

    # Facilities: per student-equivalent, so that after 拆分 each stage gets its intended ratio.
    equivalents = s.primary * SPLIT["primary"] + s.junior * SPLIT["junior"]
    if s.school_type == "初级中学":
        equivalents = s.junior
    if s.school_type == "完全中学":
        equivalents = s.junior + SPLIT["senior_of_complete"] * s.senior
    if s.school_type == "十二年一贯制学校":
        equivalents += SPLIT["senior_of_twelve"] * s.senior
    unit_stage = "junior" if s.school_type in ("初级中学", "完全中学") else "primary"

    def facility(key: str) -> float:
        per = ratio(unit_stage, key)
        if unit_stage == "primary" and s.junior:
            per = max(per, BASE["junior"][key] * s.factor.get(key, 1.0) / SPLIT["junior"])
        return per * equivalents

    row["teaching_rooms_area"] = round(facility("space") + s.gym)
    row["gym_area"] = s.gym or None
    row["sports_field_area"] = round(facility("field"))
    row["equipment_value"] = round(facility("equipment") / 10000, 2)
    row["books"] = round(facility("books"))
    row["computers"] = round(facility("computers") / 100)
    row["multimedia_rooms"] = max(1, round(facility("multimedia") / 100))

    for st in stages:
        p = getattr(s, st)
        size = ratio(st, "class_size") * (0.7 if s.urban_rural == "乡村" else 1.0)
        row[f"{st}_classes"] = max(1, math.ceil(p / size))
    classes = sum(row[f"{st}_classes"] for st in stages)
    usual = max(round(getattr(s, st) / row[f"{st}_classes"]) + 3 for st in stages)
    row["max_class_size"] = max(usual, s.big_class)
    rooms = math.ceil(classes / 12)
    row["music_rooms"] = rooms if s.factor.get("rooms", 1.0) >= 1 else max(0, rooms - 1)
    row["art_rooms"] = rooms
    return row


def town() -> list[School]:
    """城关镇: 7 小学, a 九年一贯制学校, 3 初级中学 and a 教学点 under 50 students."""
    t = "城关镇"
    return [
        # Elite and overcrowded: many 骨干, too little playground (6.0 < 0.85 × 7.5).
        School(
            "城关第一小学",
            "小学",
            t,
            "城区",
            primary=2310,
            gym=1200,
            big_class=58,
            factor={"backbone": 2.3, "space": 0.83, "field": 0.6},
        ),
        School(
            "城关第二小学", "小学", t, "城区", primary=1790, gym=900, factor={"backbone": 0.7}
        ),  # 0.91 per 100: below 1.0, above 85 %
        School("南街小学", "小学", t, "镇区", primary=1215, factor={"backbone": 0.8}),
        School("东关小学", "小学", t, "镇区", primary=905, factor={"backbone": 0.74}),
        School("河西小学", "小学", t, "乡村", primary=618, factor={"backbone": 0.78}),
        School("柳树湾小学", "小学", t, "乡村", primary=312, factor={"backbone": 0.38, "equipment": 0.95}),
        School(
            "石桥小学",
            "小学",
            t,
            "乡村",
            primary=187,
            factor={"backbone": 0.35, "equipment": 0.55, "multimedia": 0.8},
        ),
        School("王家庄教学点", "教学点", t, "乡村", primary=38, factor={"backbone": 0.0, "equipment": 0.6}),
        School("城关镇实验学校", "九年一贯制学校", t, "镇区", primary=826, junior=642, gym=800),
        School("城关第一初级中学", "初级中学", t, "城区", junior=1648, gym=1500, factor={"backbone": 1.2}),
        School("城关第二初级中学", "初级中学", t, "城区", junior=1153, gym=1000),
        School(
            "河西初级中学",
            "初级中学",
            t,
            "乡村",
            junior=517,
            factor={"equipment": 0.7, "multimedia": 0.75, "space": 0.9},
        ),
    ]


def district(rng: np.random.Generator) -> list[School]:
    """示例区: 40 schools in 5 乡镇/街道, with 九年/十二年一贯制, 完全中学, 教学点 and a 民办 school."""
    places = [
        ("城关街道", "城区"),
        ("东城街道", "城区"),
        ("河口镇", "镇区"),
        ("柳林镇", "镇区"),
        ("青山乡", "乡村"),
    ]
    schools: list[School] = []
    weak = {  # deliberate deficits: one or two indicators each
        "河口镇中心小学": {"field": 0.62},
        "青山乡石门小学": {"equipment": 0.6, "backbone": 0.3},
        "柳林镇北坡小学": {"multimedia": 0.7},
        "东城街道第二小学": {"space": 0.78, "field": 0.7},
        "青山乡初级中学": {"pe_art": 0.6, "backbone": 0.5},
    }
    counts = {"城关街道": 5, "东城街道": 4, "河口镇": 5, "柳林镇": 5, "青山乡": 4}
    names = {
        "城关街道": ["第一小学", "第二小学", "第三小学", "实验小学", "育英小学"],
        "东城街道": ["第一小学", "第二小学", "东湖小学", "新城小学"],
        "河口镇": ["中心小学", "渡口小学", "沙湾小学", "前进小学", "红星小学"],
        "柳林镇": ["中心小学", "北坡小学", "杨庄小学", "马岭小学", "下河小学"],
        "青山乡": ["中心小学", "石门小学", "松树岭小学", "白云小学"],
    }
    for place, kind in places:
        for short in names[place][: counts[place]]:
            name = place + short
            if kind == "城区":
                students = int(rng.integers(1100, 2500))
            elif "中心" in short:
                students = int(rng.integers(700, 1400))
            else:
                students = int(rng.integers(220, 900))
            schools.append(
                School(
                    name,
                    "小学",
                    place,
                    kind,
                    primary=students,
                    gym=float(rng.choice([0, 0, 800, 1000])) if kind == "城区" else 0.0,
                    factor=weak.get(name, {}),
                )
            )
    for place, kind in places:
        students = int(rng.integers(1300, 2000)) if kind == "城区" else int(rng.integers(450, 1100))
        name = f"{place}初级中学"
        schools.append(
            School(
                name,
                "初级中学",
                place,
                kind,
                junior=students,
                gym=1200.0 if kind == "城区" else 0.0,
                factor=weak.get(name, {}),
            )
        )
    schools += [
        School("东城街道第二初级中学", "初级中学", "东城街道", "城区", junior=1420, gym=900),
        School("示例区第一中学", "完全中学", "城关街道", "城区", junior=1380, senior=1650, gym=1800),
        School("河口镇中学", "完全中学", "河口镇", "镇区", junior=760, senior=540),
        School("柳林镇九年一贯制学校", "九年一贯制学校", "柳林镇", "镇区", primary=640, junior=510),
        School(
            "青山乡九年一贯制学校",
            "九年一贯制学校",
            "青山乡",
            "乡村",
            primary=380,
            junior=290,
            factor={"field": 0.8},
        ),
        School(
            "示例区实验学校",
            "十二年一贯制学校",
            "东城街道",
            "城区",
            primary=1180,
            junior=890,
            senior=760,
            gym=1600,
        ),
        School(
            "育才学校",
            "九年一贯制学校",
            "城关街道",
            "城区",
            primary=960,
            junior=720,
            ownership="民办",
            factor={"backbone": 0.4, "field": 0.7},
        ),
        School("青山乡松坪教学点", "教学点", "青山乡", "乡村", primary=31, factor={"backbone": 0.0}),
        School("青山乡石门沟教学点", "教学点", "青山乡", "乡村", primary=44, factor={"backbone": 0.0}),
        School("柳林镇后山教学点", "教学点", "柳林镇", "乡村", primary=67, factor={"backbone": 0.5}),
        School("河口镇龙王庙教学点", "教学点", "河口镇", "乡村", primary=82),
        School(
            "东城街道新区小学",
            "小学",
            "东城街道",
            "城区",
            primary=2280,
            gym=1000,
            big_class=57,
            factor={"space": 0.86, "field": 0.85},
        ),
        School("城关街道东风小学", "小学", "城关街道", "城区", primary=1650),
        School("河口镇初级中学第二校区", "初级中学", "河口镇", "镇区", junior=430),
    ]
    return schools


def county() -> list[School]:
    """青河县: 31 schools in 5 乡镇 — 中心小学 beside 初级中学 of the same place, a 九年一贯制,
    a 民办 school, 教学点, and near-twin names (石桥镇中心小学 / 石桥镇初级中学,
    柳林乡中心小学 / 柳林乡中新小学)."""
    cg, sq, xj, ll, bs = "城关镇", "石桥镇", "新集镇", "柳林乡", "白沙乡"
    return [
        School(
            "青河县城关第一小学",
            "小学",
            cg,
            "城区",
            primary=2140,
            gym=1100,
            big_class=57,
            factor={"field": 0.64, "space": 0.9},
        ),
        School("青河县城关第二小学", "小学", cg, "城区", primary=1680, gym=900),
        School(
            "青河县城关第三小学", "小学", cg, "城区", primary=1460, factor={"backbone": 0.55, "pe_art": 0.7}
        ),
        School("青河县实验小学", "小学", cg, "城区", primary=1890, gym=1000, factor={"backbone": 1.6}),
        School("青河县第一初级中学", "初级中学", cg, "城区", junior=1720, gym=1500),
        School(
            "青河县第二初级中学", "初级中学", cg, "城区", junior=1310, gym=900, factor={"equipment": 0.66}
        ),
        School("青河县实验学校", "九年一贯制学校", cg, "城区", primary=980, junior=760, gym=1200),
        School(
            "青河县育英学校",
            "九年一贯制学校",
            cg,
            "城区",
            primary=720,
            junior=540,
            ownership="民办",
            factor={"backbone": 0.35, "above_degree_share": 0.8, "field": 0.75},
        ),
        School("石桥镇中心小学", "小学", sq, "镇区", primary=1060, factor={"field": 0.6}),
        School("石桥镇初级中学", "初级中学", sq, "镇区", junior=880),
        School("石桥镇东岭小学", "小学", sq, "乡村", primary=410, factor={"backbone": 0.5}),
        School(
            "石桥镇西沟小学", "小学", sq, "乡村", primary=265, factor={"equipment": 0.6, "multimedia": 0.7}
        ),
        School("石桥镇红岩教学点", "教学点", sq, "乡村", primary=42, factor={"backbone": 0.0}),
        School("新集镇中心小学", "小学", xj, "镇区", primary=1180),
        School("新集镇第二小学", "小学", xj, "镇区", primary=760, factor={"space": 0.8, "field": 0.78}),
        School(
            "新集镇初级中学",
            "初级中学",
            xj,
            "镇区",
            junior=940,
            factor={"backbone": 0.5, "pe_art": 0.65, "mid_title_share": 0.8},
        ),
        School("新集镇李庄小学", "小学", xj, "乡村", primary=330),
        School("新集镇王湾教学点", "教学点", xj, "乡村", primary=56, factor={"equipment": 0.7}),
        School("柳林乡中心小学", "小学", ll, "镇区", primary=820),
        School(
            "柳林乡中新小学",
            "小学",
            ll,
            "乡村",
            primary=450,
            factor={"above_degree_share": 0.85, "backbone": 0.45},
        ),
        School("柳林乡初级中学", "初级中学", ll, "镇区", junior=620),
        School("柳林乡杨树沟小学", "小学", ll, "乡村", primary=290, factor={"computers": 0.6}),
        School("柳林乡后坪教学点", "教学点", ll, "乡村", primary=35, factor={"backbone": 0.0}),
        School("白沙乡中心小学", "小学", bs, "镇区", primary=690, factor={"books": 0.7}),
        School(
            "白沙乡九年一贯制学校",
            "九年一贯制学校",
            bs,
            "乡村",
            primary=420,
            junior=360,
            factor={"field": 0.8, "pe_art": 0.7},
        ),
        School("白沙乡河湾小学", "小学", bs, "乡村", primary=240),
        School("白沙乡马家教学点", "教学点", bs, "乡村", primary=28, factor={"backbone": 0.0}),
        School("青河县第三初级中学", "初级中学", cg, "城区", junior=1150),
        School("青河县城关第四小学", "小学", cg, "城区", primary=1320, factor={"space": 0.85}),
        School("石桥镇南庄小学", "小学", sq, "乡村", primary=380),
        School(
            "新集镇第二初级中学",
            "初级中学",
            xj,
            "镇区",
            junior=520,
            factor={"multimedia": 0.7, "equipment": 0.8},
        ),
    ]


KEYS = [c.key for c in COLUMNS]


def write_xlsx(rows: list[dict[str, object]], path: Path, title: str | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "学校数据"
    if title:
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([header_text(c) for c in COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(k) for k in KEYS])
    sheet.freeze_panes = sheet.cell(row=sheet.max_row - len(rows) + 1, column=2)
    book.save(path)
    _stabilise(path)


def _stabilise(path: Path) -> None:
    """Fix the zip entry times and document dates so that a re-run writes identical bytes."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    stamp = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = stamp.sub(rb"\g<1>2024-09-01T00:00:00Z\g<2>", data)
            dst.writestr(
                zipfile.ZipInfo(name, date_time=(2024, 9, 1, 0, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )


def write_gbk_csv(rows: list[dict[str, object]], path: Path) -> None:
    """As Chinese Excel's 'CSV (逗号分隔)' saves it: GBK, CRLF, blank for empty cells."""
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([header_text(c) for c in COLUMNS])
        for row in rows:
            writer.writerow(["" if row.get(k) is None else row.get(k) for k in KEYS])


def weighted_cv(values: np.ndarray, students: np.ndarray) -> float:
    """rules.md §1, independently of metrics.cv: S/X̄ with weights P_i/P."""
    w = students / students.sum()
    mean = float((w * values).sum())
    return math.sqrt(float((w * (values - mean) ** 2).sum())) / mean


def check(out: Path) -> None:
    """Load the files back and assert what the samples are meant to show."""
    from metrics import evaluate, load_schools, load_standard

    standard = load_standard("quality_2017")
    town_xlsx = load_schools(out / "城关镇.xlsx")
    town_csv = load_schools(out / "城关镇_gbk.csv")
    assert town_xlsx.frame.drop(columns="row").equals(town_csv.frame.drop(columns="row")), "CSV ≠ xlsx"
    samples = (
        ("城关镇", town_xlsx),
        ("示例区", load_schools(out / "示例区.xlsx")),
        ("青河县", load_schools(out / "青河县.xlsx")),
    )
    for label, loaded in samples:
        result = evaluate(loaded.frame, standard)
        print(f"== {label}: {len(loaded.frame)} 所学校, 提示 {len(loaded.warnings)} 条")
        for w in loaded.warnings:
            print("   提示:", w)
        for e in result.excluded:
            print(f"   不参评: {e.name}（{e.reason}）")
        for stage, st in result.stages.items():
            failed = [s for s in result.schools if s.stage == stage and s.passed is False]
            cvs = ", ".join(f"{k.split('_per')[0]} {v:.3f}" for k, v in st.cv.items() if v is not None)
            print(
                f"   {stage}: {st.schools} 校 {st.students} 人; 综合 {st.composite_cv:.3f} "
                f"(限 {st.cv_limit}); 超限 {list(st.cv_failed)}; 达标 {st.passed}"
            )
            print(f"      CV: {cvs}")
            for s in failed:
                print(f"      未达标: {s.name} 未达指标 {list(s.unmet)}")
        if label == "城关镇":
            primary = result.stages["primary"]
            assert primary.cv["backbone_teachers_per_100"] > primary.cv_limit, "骨干 CV should exceed 0.50"
            assert primary.composite_cv < primary.cv_limit, "综合 should stay below 0.50"
            table = result.table[result.table["stage"] == "primary"]
            students = table["students"].to_numpy(float)
            own = weighted_cv(100 * table["backbone_teachers"].to_numpy(float) / students, students)
            assert abs(own - primary.cv["backbone_teachers_per_100"]) < 1e-9, (own, primary.cv)
            verdicts = [s.passed for s in result.schools if s.passed is not None]
            fails = verdicts.count(False)
            assert 2 <= fails < len(verdicts) / 2, f"{fails} of {len(verdicts)} school-stages fail"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--no-check", action="store_true", help="write only, skip the self-check")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    town_rows = [build_row(s, rng) for s in town()]
    district_rows = [build_row(s, rng) for s in district(rng)]
    write_xlsx(town_rows, args.out / "城关镇.xlsx")
    write_gbk_csv(town_rows, args.out / "城关镇_gbk.csv")
    title = f"示例区{YEAR}年义务教育学校基本情况（虚构示例数据）"
    write_xlsx(district_rows, args.out / "示例区.xlsx", title=title)
    # The county draws from its own generator so that adding it left the first two files unchanged.
    county_rng = np.random.default_rng(SEED + 2)
    county_rows = [build_row(s, county_rng) for s in county()]
    title = f"青河县{YEAR}年义务教育学校基本情况（虚构示例数据）"
    write_xlsx(county_rows, args.out / "青河县.xlsx", title=title)
    print(f"wrote {len(town_rows)} + {len(district_rows)} + {len(county_rows)} schools to {args.out}")
    if not args.no_check:
        check(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
