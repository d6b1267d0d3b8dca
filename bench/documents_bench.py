"""Draft + export + check each document kind (自评报告, 工作总结, 迎评工作方案, 经验交流材料) on the
sample county and print the warm times (target: each under 1 s warm, like the plan).

Run: ``.venv/bin/python bench/documents_bench.py [DATA.xlsx]`` (the second 统计年度 for the 工作总结 is
the same file with its 统计年度 moved back a year).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner import PlanSettings, export_docx  # noqa: E402
from planner.check import check_plan  # noqa: E402
from planner.documents import AssessmentForm, DocumentInputs, YearData, draft_document  # noqa: E402

PRACTICES = [{"title": "统筹推进", "text": "县委、县政府每季度专题研究一次。", "topic": "other"}]


def main(path: str) -> None:
    frame = load_schools(path).frame
    standard = load_standard("quality_2017")
    current = YearData(2025, evaluate(frame, standard), frame.assign(year=2025))
    previous = YearData(2024, evaluate(frame, standard), frame.assign(year=2024))
    inputs = DocumentInputs(
        current, previous, form=AssessmentForm(practices=PRACTICES), inspection_date=date(2026, 10, 20)
    )
    settings = PlanSettings(region="青河县", start_year=2026)
    print(f"{Path(path).name}: {len(frame)} 所学校")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("self_report", "work_summary", "inspection_plan", "experience"):
            times = []
            for i in range(3):
                t0 = time.perf_counter()
                doc = draft_document(kind, inputs, settings)
                t1 = time.perf_counter()
                export_docx(doc, Path(tmp) / f"{kind}{i}.docx")
                problems = check_plan(doc)
                times.append((t1 - t0, time.perf_counter() - t0))
            draft, total = times[-1]
            timing = f"起草 {draft * 1000:6.0f} ms  起草+导出+检查 {total * 1000:6.0f} ms"
            print(f"  {kind:16s} {timing}  问题 {len(problems)}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "data" / "samples" / "青河县.xlsx"))
