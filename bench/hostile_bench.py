"""Time and peak memory of every hostile case (tests/hostile.py) through the real entry points.

Each case runs in its own process; its files are generated first, outside the measurement. Peak
memory is the largest total resident size of that process and every process under it (the reading
workers, the fork server), sampled every 20 ms; "+N MB" is how much of it the case added to what the
process held when the case began (for the policy index: the embedding model, loaded beforehand as in
the page's process). Target: every case < 20 s and < 800 MB, ending in a Chinese message.

    .venv/bin/python bench/hostile_bench.py [CASE ...]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

SECONDS, MEGABYTES = 20.0, 800


def _rss_tree(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
            pid = int(entry)
            parents[pid] = int(stat[1])
            rss[pid] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


class PeakSampler:
    """The largest resident size of this process tree while it runs."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_tree(os.getpid()))
            self._stop.wait(0.02)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_tree(os.getpid()))


# --- the cases: each takes the generated file's path and returns the Chinese message shown ----------


def _upload(path: Path) -> str:
    from metrics import DataError, load_schools

    try:
        loaded = load_schools(path)
    except DataError as exc:
        return exc.report()
    return f"读取成功：{len(loaded.frame)}所学校"


def _policy(path: Path) -> str:
    from knowledge.documents import read_user_file
    from knowledge.errors import DocumentError

    try:
        doc = read_user_file(path)
    except DocumentError as exc:
        return str(exc)
    return f"读取成功：{len(doc.text)}字"


def _import(path: Path) -> str:
    from workspaces import WorkspaceError, import_workspace, open_store

    store = open_store(f"sqlite:///{path.parent / (path.stem + '.sqlite3')}")
    try:
        ws = import_workspace(store, path.read_bytes())
    except WorkspaceError as exc:
        return str(exc)
    return f"导入成功：{ws.name}，{len(store.messages(ws.id))}条对话"


def _open_index(path: Path) -> tuple[Any, Path]:
    """Setup, not measured: the policy index with its model loaded, as the page process has it."""
    from knowledge import KnowledgeSettings, open_index

    return open_index(KnowledgeSettings(data_dir=path.parent / "index")), path


def _index_policy(ready: tuple[Any, Path]) -> str:
    """The longest document allowed, read and embedded as the page's background job does."""
    from knowledge.errors import KnowledgeError

    index, path = ready
    try:
        meta = index.add_file(path, workspace="bench")
    except KnowledgeError as exc:
        return str(exc)
    return f"已加入政策库：{meta['chunks']}段（页面在后台加入，显示进度）"


def _sign_in(path: Path) -> str:
    """The probe's 30 wrong passwords in a row, as fast as they can be sent."""
    from workspaces import SignInRefused, open_store

    store = open_store(f"sqlite:///{path.parent / 'signin.sqlite3'}")
    store.add_user("zhang", "the-right-password")
    wrong = refused = 0
    last = ""
    for _ in range(30):
        try:
            if store.authenticate("zhang", "wrong-password") is None:
                wrong += 1
        except SignInRefused as exc:
            refused += 1
            last = str(exc)
    return f"30次中{wrong}次核对密码、{refused}次被拒绝：{last}"


def _max_policy_text() -> bytes:
    from knowledge.documents import MAX_TEXT_CHARS

    line = "第一条 各地要统筹推进县域内城乡义务教育一体化改革发展，合理规划学校布局，保障学位供给。\n"
    return (line * (MAX_TEXT_CHARS // len(line) - 10)).encode()


UPLOADS: dict[str, tuple[str, Callable[[], bytes], Callable[[Path], str]]] = {
    "small_xlsx (the sample, for the worker's cost)": ("xlsx", hostile.sample_town, _upload),
    "province_xlsx (20,000 valid schools)": ("xlsx", hostile.province_xlsx, _upload),
    "wide_xlsx (167k rows × 60 numbers, 31 MB)": ("xlsx", hostile.wide_xlsx, _upload),
    "tall_xlsx (95k rows × 60 numbers, 18 MB)": ("xlsx", hostile.tall_xlsx, _upload),
    "many_cells_xlsx (3.5 M small numbers)": ("xlsx", hostile.many_cells_xlsx, _upload),
    "shared_strings_xlsx (295 MB shared strings)": ("xlsx", hostile.shared_strings_xlsx, _upload),
    "comma_row_csv (one row of 48 M commas)": ("csv", hostile.comma_row_csv, _upload),
    "bad_cells_xlsx (every cell wrong, 900k cells)": ("xlsx", hostile.bad_cells_xlsx, _upload),
    "docx_bomb (235 MB of XML)": ("docx", hostile.docx_bomb, _policy),
    "huge_text (19 MB .txt)": ("txt", hostile.huge_text, _policy),
    "max_policy_text (60,000 characters, indexed)": ("txt", _max_policy_text, _index_policy),
    "import many_messages (300,000 messages)": ("zip", hostile.many_messages_export, _import),
    "import poisoned_message (one message naming os:system)": (
        "zip",
        hostile.poisoned_message_export,
        _import,
    ),
    "import bomb_dataset (an .xlsx zip bomb as data)": ("zip", hostile.bomb_dataset_export, _import),
    "import sound_export (the sample, for comparison)": ("zip", hostile.sound_export, _import),
    "sign_in 30 wrong passwords in a row": ("txt", lambda: b"", _sign_in),
}


SETUP: dict[str, Callable[[Path], Any]] = {"max_policy_text (60,000 characters, indexed)": _open_index}
"""Work a case needs done first and not measured (the page process has it already)."""


def run_one(name: str, path: Path) -> dict:
    _, _, case = UPLOADS[name]
    ready = SETUP.get(name, lambda p: p)(path)
    start = _rss_tree(os.getpid())
    started = time.perf_counter()
    with PeakSampler() as sampler:
        message = case(ready)
    return {
        "case": name,
        "seconds": round(time.perf_counter() - started, 2),
        "peak_mb": round(sampler.peak / 1024 / 1024),
        "added_mb": round((sampler.peak - start) / 1024 / 1024),
        "message": " / ".join(message.splitlines()[:2])[:120],
        "lines": len(message.splitlines()),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1], Path(argv[2])), ensure_ascii=False))
        return 0
    wanted = [n for n in UPLOADS if not argv or any(a in n for a in argv)]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n, name in enumerate(wanted):
            ext, make, _ = UPLOADS[name]
            path = (
                Path(tmp)
                / str(n)
                / f"{name.split()[-1] if name.startswith('import') else name.split()[0]}.{ext}"
            )
            path.parent.mkdir()
            path.write_bytes(make())
            out = subprocess.run(
                [sys.executable, __file__, "--one", name, str(path)], capture_output=True, text=True
            )
            shutil.rmtree(path.parent)
            if out.returncode != 0:
                print(f"{name}: failed\n{out.stderr[-2000:]}")
                failed += 1
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            ok = r["seconds"] < SECONDS and r["peak_mb"] < MEGABYTES
            failed += not ok
            print(
                f"{'ok ' if ok else 'OVER'} {r['seconds']:6.2f} s {r['peak_mb']:5d} MB"
                f"（其中本项 +{r['added_mb']} MB）  {name}\n"
                f"      {r['message']}（{r['lines']}行）"
            )
    print(f"目标：每项 < {SECONDS:g} s、< {MEGABYTES} MB；超出 {failed} 项")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
