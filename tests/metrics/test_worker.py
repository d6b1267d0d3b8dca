"""The worker that parses an upload: its result or its error comes back, and a job past its memory
or time limit is stopped with a Chinese sentence while the page's process carries on."""

from __future__ import annotations

import pickle
import time

import pytest

from metrics.limits import Limits
from metrics.validation import DataError, Problem
from metrics.worker import WorkerLimit, run_bounded

SMALL = Limits(worker_memory_bytes=64 * 1024 * 1024, worker_cpu_seconds=2, worker_wall_seconds=3.0)


def double(x: int) -> int:
    return 2 * x


def refuse() -> None:
    raise DataError([Problem("a.csv", 3, "学校名称", "学校名称不能为空。")], {"error": 5})


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def spin() -> None:
    while True:
        pass


def sleep() -> None:
    time.sleep(60)


def test_a_job_returns_its_result_and_raises_its_own_error_whole():
    assert run_bounded(double, 21) == 42
    with pytest.raises(DataError) as refused:
        run_bounded(refuse)
    assert refused.value.omitted == {"error": 5}
    assert refused.value.report().endswith("……另有5 处错误未列出：请先改正以上各处，再上传检查其余的。")


def test_a_job_within_its_memory_is_not_stopped():
    assert run_bounded(allocate, 16, limits=SMALL) == 16 * 1024 * 1024


def test_a_job_allocating_past_its_memory_is_stopped_with_a_chinese_sentence():
    with pytest.raises(WorkerLimit) as stopped:
        run_bounded(allocate, 512, limits=SMALL)
    assert stopped.value.kind == "memory"
    assert stopped.value.message("“a.xlsx”").startswith("读取“a.xlsx”所需内存超过上限（64 MB），已停止")


@pytest.mark.parametrize("job", [spin, sleep])
def test_a_job_past_its_time_is_stopped_within_the_wall_clock_limit(job):
    started = time.monotonic()
    with pytest.raises(WorkerLimit) as stopped:
        run_bounded(job, limits=SMALL)
    assert stopped.value.kind == "time"
    assert time.monotonic() - started < SMALL.worker_wall_seconds + 2
    assert "超过3秒仍未完成" in stopped.value.message("“a.xlsx”")


def test_a_data_error_pickles_with_every_problem_and_the_counts():
    error = DataError([Problem("a.csv", 3, "学校名称", "学校名称不能为空。")], {"error": 5, "warning": 0})
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problems, copy.omitted, copy.report()) == (error.problems, {"error": 5}, error.report())


def test_a_shipped_file_parsed_in_process_matches_the_worker(monkeypatch):
    from pathlib import Path

    import metrics.loading as loading

    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "城关镇.xlsx"
    isolated = loading.load_schools(sample)

    def no_worker(*args, **kwargs):
        raise AssertionError("a shipped file must not wait for a worker")

    monkeypatch.setattr(loading, "run_bounded", no_worker)
    here = loading.load_schools(sample, isolated=False)
    assert here.frame.equals(isolated.frame)
    assert len(here.frame) == 12  # the 城关镇 sample's rows (its 12 schools)
