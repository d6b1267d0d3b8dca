"""School data in, official 义务教育均衡发展 indicators out.

Public API::

    result = load_schools("学校数据.xlsx")          # LoadResult, or DataError with a Chinese report
    standard = load_standard("quality_2017")        # or a province's YAML path
    evaluation = evaluate(result.frame, standard)   # Evaluation: stages, schools, gaps, CVs
    county_summary(evaluation); school_table(evaluation, "primary")   # the page's first screen
    later = what_if(result.frame, standard, additions_to_close(evaluation))
"""

from metrics.evaluate import evaluate
from metrics.loading import DataError, LoadResult, Problem, load_schools
from metrics.overview import CountySummary, SchoolTable, county_summary, school_table, value_unit
from metrics.report import load_notes, summary_text
from metrics.result import (
    STAGE_NAMES,
    Evaluation,
    Excluded,
    Gap,
    GuaranteeCheck,
    SchoolResult,
    StageResult,
)
from metrics.standards import Indicator, Standard, StandardError, available_standards, load_standard
from metrics.template import write_template
from metrics.whatif import Addition, WhatIfError, additions_to_close, apply_additions, what_if

__all__ = [
    "STAGE_NAMES",
    "Addition",
    "CountySummary",
    "DataError",
    "Evaluation",
    "Excluded",
    "Gap",
    "GuaranteeCheck",
    "Indicator",
    "LoadResult",
    "Problem",
    "SchoolResult",
    "SchoolTable",
    "StageResult",
    "Standard",
    "StandardError",
    "WhatIfError",
    "additions_to_close",
    "apply_additions",
    "available_standards",
    "county_summary",
    "evaluate",
    "load_notes",
    "load_schools",
    "load_standard",
    "school_table",
    "summary_text",
    "value_unit",
    "what_if",
    "write_template",
]
