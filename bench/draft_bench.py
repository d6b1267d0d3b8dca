"""Draft + export the sample district plan and print the times: without retrieval (with and without a
yearly budget, which brings in the integer program), and with retrieval on the real policy index
(target: drafting with retrieval, a 40-school district, under 1 s warm).

Run: ``HF_HUB_OFFLINE=1 .venv/bin/python bench/draft_bench.py [DATA.xlsx]`` (build the index first:
``python -m knowledge build``; without it only the no-retrieval figures are printed).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from metrics import evaluate, load_schools, load_standard  # noqa: E402
from planner import PlanSettings, draft_plan, export_docx, export_markdown, retriever_from_index  # noqa: E402
from planner.check import check_plan  # noqa: E402
from planner.drafting.context import clear_retrieval_cache  # noqa: E402


def _runs(
    frame, standard, settings, retrieve, tmp: str, n: int = 3
) -> tuple[list[float], list[float], object]:
    drafts, totals, plan = [], [], None
    for i in range(n):
        t0 = time.perf_counter()
        ev = evaluate(frame, standard)
        plan = draft_plan(ev, settings, retrieve=retrieve, schools_frame=frame)
        t1 = time.perf_counter()
        export_docx(plan, Path(tmp) / f"plan{i}.docx")
        export_markdown(plan)
        drafts.append(t1 - t0)
        totals.append(time.perf_counter() - t0)
    return drafts, totals, plan


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "samples" / "示例区.xlsx"
    frame = load_schools(data).frame
    standard = load_standard("quality_2017")
    settings = PlanSettings(region="示例区", level="district", start_year=2026)
    with tempfile.TemporaryDirectory() as tmp:
        drafts, totals, plan = _runs(frame, standard, settings, None, tmp)
        print(
            f"{len(frame)} 所学校，不检索：evaluate + draft 最快 {min(drafts):.3f} s；"
            f"含导出最快 {min(totals):.3f} s，首次 {totals[0]:.3f} s；"
            f"{len(plan.sections)} 节，{len(plan.facts)} 条数据"
        )
        for budget in (50.0, 20.0):
            capped = settings.model_copy(update={"yearly_budget_wan": budget})
            drafts, _, plan = _runs(frame, standard, capped, None, tmp)
            print(
                f"{len(frame)} 所学校，每年建设资金 {budget:g} 万元（整数规划排期）："
                f"draft 最快 {min(drafts):.3f} s，{'可按期达标' if plan.complete else '未能按期全部达标'}"
            )
        try:
            from knowledge import KnowledgeError, open_index

            t0 = time.perf_counter()
            index = open_index()
            opened = time.perf_counter() - t0
        except (ImportError, KnowledgeError) as exc:
            print(f"检索不可用（{exc}）：只测了不检索的情况。")
            return
        calls: list[float] = []
        base = retriever_from_index(index)

        def retrieve(query: str):
            t = time.perf_counter()
            found = base(query)
            calls.append(time.perf_counter() - t)
            return found

        drafts, totals, plan = _runs(frame, standard, settings, retrieve, tmp)
        first_calls = len(calls)
        print(
            f"{len(frame)} 所学校，检索：打开索引 {opened:.3f} s；首稿（加载模型、检索 {first_calls} 次）"
            f" {drafts[0]:.3f} s；再稿（检索结果已缓存）最快 {min(drafts[1:]):.3f} s（目标 < 1 s），"
            f"含导出 {min(totals[1:]):.3f} s"
        )
        clear_retrieval_cache()
        calls.clear()
        drafts, _, plan = _runs(frame, standard, settings, retrieve, tmp, n=1)
        print(f"模型已加载、缓存清空后一稿：{drafts[0]:.3f} s，其中检索 {len(calls)} 次共 {sum(calls):.3f} s")
        t0 = time.perf_counter()
        problems = check_plan(plan)
        print(f"方案检查：{time.perf_counter() - t0:.3f} s，{len(problems)} 个问题")


if __name__ == "__main__":
    main()
