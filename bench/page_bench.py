"""Page timings: first render (cold process, then warm) and reply time of a data and a policy question.

Targets: data reply < 1 s, policy reply < 2 s. Run: .venv/bin/python bench/page_bench.py
(uses a temporary data dir, so the cold run includes building the policy index).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("JUNHENG_DATA_DIR", tempfile.mkdtemp(prefix="page-bench-"))

DATA_QUESTION = "城关二小哪些指标没达标？差多少？"
POLICY_QUESTION = "班额有什么要求？"
TARGETS = {"data": 1.0, "policy": 2.0}
REPEATS = 5


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "app.py")
    cold_at = AppTest.from_file(app, default_timeout=600)
    cold = _timed(cold_at.run)
    warm_at = AppTest.from_file(app, default_timeout=600)
    warm = _timed(warm_at.run)
    print(f"first render, cold process (index build/open, model load): {cold:6.2f} s")
    print(f"first render, warm (new session, resources cached):        {warm:6.2f} s")
    for label, question in (("data", DATA_QUESTION), ("policy", POLICY_QUESTION)):
        page = [_timed(lambda q=question: warm_at.chat_input[0].set_value(q).run()) for _ in range(REPEATS)]
        assert not warm_at.exception, warm_at.exception
        print(
            f"{label:6} question, page rerun with reply: median {statistics.median(page):.3f} s, "
            f"max {max(page):.3f} s (target < {TARGETS[label]:.0f} s)"
        )
    _engine_only()


def _engine_only() -> None:
    """The chat engine alone (no page), to separate reply logic from page drawing."""
    import metrics
    from knowledge import open_index
    from planner.chat import ChatContext, ChatState, respond

    loaded = metrics.load_schools(ROOT / "data" / "samples" / "城关镇.xlsx")
    ev = metrics.evaluate(loaded.frame, metrics.load_standard("quality_2017"))
    ctx = ChatContext(evaluation=ev, schools=loaded.frame, search=open_index().search, region="城关镇")
    for label, question in (("data", DATA_QUESTION), ("policy", POLICY_QUESTION)):
        times = [_timed(lambda q=question: respond(q, ctx, ChatState())) for _ in range(REPEATS)]
        print(f"{label:6} question, engine only: median {statistics.median(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
