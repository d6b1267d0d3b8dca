"""Export the audit workbook of the sample district, and of it repeated to province scale, and print
the times (targets: the sample < 0.5 s; 5,000 schools < 15 s).

Run: ``.venv/bin/python bench/workbook_bench.py [DATA.xlsx]``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner.export.workbook import workbook_bytes  # noqa: E402


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "samples" / "示例区.xlsx"
    frame = load_schools(data).frame
    standard = load_standard("quality_2017")
    for copies in (1, 120):
        big = pd.concat([frame] * copies, ignore_index=True)
        big["row"] = range(2, len(big) + 2)
        evaluation = evaluate(big, standard)
        t0 = time.perf_counter()
        size = len(workbook_bytes(evaluation, big, standard))
        print(f"{len(big)}所学校：{time.perf_counter() - t0:.2f} s，{size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
