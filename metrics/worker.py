"""Run one parsing job in a separate process that may use only so much memory and time.

An upload is parsed outside the server process: a crafted file can then exhaust only its own
worker, which is stopped (memory: RLIMIT_AS; CPU: RLIMIT_CPU; wall clock: killed by the parent) and
reported as a :class:`WorkerLimit` with a Chinese sentence. Workers fork from a server process that
has already imported the readers (multiprocessing "forkserver"), so a small file costs a few
milliseconds more, not a Python start-up. At most ``WORKERS`` jobs run at once per process."""

from __future__ import annotations

import functools
import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from metrics.limits import LIMITS, Limits

__all__ = ["WORKERS", "WorkerLimit", "run_bounded"]

log = logging.getLogger(__name__)
T = TypeVar("T")

WORKERS = 2
"""Parsing jobs at once (the machine's cores); further ones wait their turn within the time limit."""
PRELOAD = ["metrics.loading", "openpyxl"]
"""Imported once by the fork server, so that each worker starts ready."""
_slots = threading.BoundedSemaphore(WORKERS)


class WorkerLimit(Exception):
    """The job was stopped: ``kind`` is "memory", "time", "busy" or "crash"."""

    def __init__(self, kind: str, limits: Limits = LIMITS):
        self.kind = kind
        self.limits = limits
        super().__init__(kind)

    def message(self, what: str) -> str:
        """A Chinese sentence about ``what`` (e.g. “文件“学校.xlsx””) and what to do."""
        if self.kind == "memory":
            mb = self.limits.worker_memory_bytes // 1024 // 1024
            return (
                f"读取{what}所需内存超过上限（{mb} MB），已停止；"
                "这不像是一份学校数据表或政策文件，请只保留需要的内容后再上传。"
            )
        if self.kind == "time":
            return (
                f"读取{what}超过{self.limits.worker_wall_seconds:g}秒仍未完成，已停止；"
                "请只保留需要的内容（删去多余的工作表、行和列）后再上传。"
            )
        if self.kind == "busy":
            return f"服务器正忙于读取其他文件，{what}未能读取，请稍后再试。"
        return f"读取{what}时读取进程意外退出，请确认文件没有损坏后再试。"


NAME = "junheng-worker"


@functools.cache
def _context() -> Any:
    _no_main_in_workers()
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # Windows, macOS: a fresh interpreter per job


def _no_main_in_workers() -> None:
    """A new multiprocessing child first imports the parent's ``__main__`` — under Streamlit that is
    the page script, which would run whole in every worker. Jobs name importable functions, so this
    drops that step for processes named NAME (and only for them)."""
    from multiprocessing import spawn

    original = spawn.get_preparation_data
    if getattr(original, "_junheng", False):
        return

    def preparation_data(name: str) -> dict:
        data = original(name)
        if name == NAME:
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
        return data

    preparation_data._junheng = True  # type: ignore[attr-defined]
    spawn.get_preparation_data = preparation_data


def run_bounded(func: Callable[..., T], *args: Any, limits: Limits = LIMITS) -> T:
    """``func(*args)`` in a worker process under ``limits``; its exceptions are raised here as they
    were raised there (they must pickle), a limit reached raises WorkerLimit."""
    started = time.monotonic()
    if not _slots.acquire(timeout=limits.worker_wall_seconds):
        raise WorkerLimit("busy", limits)
    try:
        left = max(1.0, limits.worker_wall_seconds - (time.monotonic() - started))
        return _run(func, args, limits, left)
    finally:
        _slots.release()


def _run(func: Callable[..., T], args: tuple, limits: Limits, wall: float) -> T:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(
        name=NAME,
        target=_work,
        args=(sender, func, args, limits.worker_memory_bytes, limits.worker_cpu_seconds),
        daemon=True,
    )
    worker.start()
    sender.close()
    try:
        if not receiver.poll(wall):
            raise WorkerLimit("time", limits)
        try:
            status, value = receiver.recv()
        except (EOFError, OSError):  # died without a word: killed by a limit, or crashed
            worker.join(5)
            raise WorkerLimit(_cause(worker.exitcode), limits) from None
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join(5)
    if status == "ok":
        return value
    if status == "memory":
        raise WorkerLimit("memory", limits)
    raise value


def _cause(exitcode: int | None) -> str:
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "time" if exitcode == -signal.SIGXCPU else "memory"  # the kernel's OOM killer sends KILL
    return "crash"


def _work(sender: Any, func: Callable, args: tuple, memory: int, cpu: int) -> None:
    """The worker: set the limits, run, send ("ok", result) / ("memory", None) / ("error", exc)."""
    _limit(memory, cpu)
    try:
        result = func(*args)
    except MemoryError:
        sender.send(("memory", None))
        return
    except Exception as exc:
        try:
            sender.send(("error", exc))
        except Exception:  # an exception that does not pickle: say what it was
            log.exception("worker job failed")
            sender.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        return
    try:
        sender.send(("ok", result))
    except MemoryError:
        sender.send(("memory", None))


def _limit(memory: int, cpu: int) -> None:
    """Address space: what the worker already maps plus ``memory``; CPU: ``cpu`` seconds (then the
    kernel sends SIGXCPU, which ends the process). Not available on Windows: only the wall clock."""
    try:
        import resource
    except ImportError:
        return
    start = _mapped_bytes()
    if start is not None:
        resource.setrlimit(resource.RLIMIT_AS, (start + memory, start + memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _mapped_bytes() -> int | None:
    """This process's virtual size (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None
