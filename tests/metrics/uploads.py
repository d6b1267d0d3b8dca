"""Build upload files (xlsx / csv) in tmp_path for the loader's tests: rows keyed by header text."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from metrics.columns import BY_KEY


def school(**overrides: object) -> dict[str, object]:
    """A valid 小学 row keyed by canonical Chinese header; keyword args by canonical key override it.

    400 students, 24 teachers: every ratio is ordinary (e.g. 2400 ㎡ = 6 ㎡ per student).
    """
    row = {
        "name": "河西小学",
        "school_type": "小学",
        "ownership": "公办",
        "primary_students": 400,
        "primary_classes": 10,
        "teachers": 24,
        "teachers_above_degree": 22,
        "teachers_mid_title": 10,
        "backbone_teachers": 5,
        "pe_art_teachers": 4,
        "teaching_rooms_area": 2400,
        "sports_field_area": 3600,
        "equipment_value": 100,
        "computers": 50,
        "books": 12000,
        "multimedia_rooms": 11,
    }
    row.update(overrides)
    return {BY_KEY[k].header: v for k, v in row.items()}


def combined(**overrides: object) -> dict[str, object]:
    """A valid 九年一贯制学校: 300 小学 + 200 初中 students, teachers given per 初中部."""
    base = {
        "name": "城关镇实验学校",
        "school_type": "九年一贯制学校",
        "primary_students": 300,
        "junior_students": 200,
        "junior_classes": 5,
        "teachers": 36,
        "teachers_above_degree": 32,
        "teachers_mid_title": 15,
        "backbone_teachers": 6,
        "pe_art_teachers": 5,
        "junior_teachers": 16,
        "junior_teachers_above_degree": 14,
        "junior_teachers_mid_title": 7,
        "junior_backbone_teachers": 3,
        "junior_pe_art_teachers": 2,
        "teaching_rooms_area": 3200,
    }
    base.update(overrides)
    return school(**base)


def write_xlsx(
    path: Path,
    rows: list[dict[str, object]],
    headers: list[str] | None = None,
    above: list[list[object]] | None = None,
) -> Path:
    """One sheet: optional rows ``above`` the header, the header (union of row keys), the rows."""
    headers = headers or list(dict.fromkeys(k for r in rows for k in r))
    book = Workbook()
    sheet = book.active
    for line in above or []:
        sheet.append(line)
    sheet.append(headers)
    for r in rows:
        sheet.append([r.get(h) for h in headers])
    book.save(path)
    return path


def write_csv(path: Path, rows: list[dict[str, object]], encoding: str) -> Path:
    headers = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for r in rows:
            writer.writerow(["" if r.get(h) is None else r.get(h) for h in headers])
    return path
