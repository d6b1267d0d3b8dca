"""Draft + export the sample district plan and print the time (target < 2 s once imports are loaded).

Run: ``.venv/bin/python bench/draft_bench.py [DATA.xlsx]``
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner import PlanSettings, draft_plan, export_docx, export_markdown  # noqa: E402


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "samples" / "示例区.xlsx"
    frame = load_schools(data).frame
    standard = load_standard("quality_2017")
    settings = PlanSettings(region="示例区", level="district", start_year=2026)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(3):
            t0 = time.perf_counter()
            ev = evaluate(frame, standard)
            plan = draft_plan(ev, settings, schools_frame=frame)
            export_docx(plan, Path(tmp) / f"plan{i}.docx")
            export_markdown(plan)
            runs.append(time.perf_counter() - t0)
    print(
        f"示例区 {len(frame)} 所学校：evaluate + draft + export，最快 {min(runs):.3f} s，"
        f"首次 {runs[0]:.3f} s（目标 < 2 s）；{len(plan.sections)} 节，{len(plan.facts)} 条数据"
    )


if __name__ == "__main__":
    main()
