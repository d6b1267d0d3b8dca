"""One place that decides a workspace's 统计年度: which years a file holds, which year the page shows,
which years are compared, and the year before for a 工作总结. Pure functions of years and rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import pandas as pd

from metrics.loading import LoadResult
from planner.documents import AssessmentForm, DocumentInputs, YearData

__all__ = [
    "chosen_year",
    "compared_years",
    "document_inputs",
    "file_years",
    "previous_year",
    "upload_years",
    "year_rows",
]


def file_years(frame: pd.DataFrame) -> list[int]:
    """The 统计年度 values in the rows, ascending (empty when the column is missing or blank)."""
    if "year" not in frame:
        return []
    return sorted({int(y) for y in frame["year"].dropna()})


def upload_years(frame: pd.DataFrame, fallback: int) -> list[int]:
    """The years an upload is stored under: the file's own, else ``fallback`` (the year the page asks)."""
    return file_years(frame) or [int(fallback)]


def year_rows(result: LoadResult, year: int | None) -> LoadResult:
    """Only the rows of ``year`` when the file holds several years; the file as it is otherwise."""
    if year is None or len(file_years(result.frame)) < 2:
        return result
    frame = result.frame[result.frame["year"] == year].reset_index(drop=True)
    return replace(result, frame=frame)


def chosen_year(available: Iterable[int], wanted: int | None) -> int | None:
    """The year to show: ``wanted`` when stored, else the latest stored (None when nothing is)."""
    years = sorted(set(available))
    if not years:
        return None
    return wanted if wanted in years else years[-1]


def compared_years(available: Iterable[int], current: int | None) -> list[int]:
    """The years a trend compares: every stored year up to the one shown, when there are two or more."""
    years = sorted(y for y in set(available) if current is None or y <= current)
    return years if len(years) >= 2 else []


def previous_year(available: Iterable[int], current: int) -> int | None:
    """The latest stored year before ``current`` (the year a 工作总结 compares with), or None."""
    earlier = [y for y in set(available) if y < current]
    return max(earlier) if earlier else None


def document_inputs(
    current: YearData,
    available: Iterable[int],
    year_data: Callable[[int], YearData],
    form: AssessmentForm | None = None,
) -> DocumentInputs:
    """What the cycle's documents draw on: this year, the stored year before it (read with
    ``year_data`` only when there is one) and the 自评 form with its inspection date."""
    form = form or AssessmentForm()
    before = previous_year(available, current.year)
    previous = year_data(before) if before is not None else None
    return DocumentInputs(current, previous, None, form, form.inspection_date)
