"""A private PostgreSQL server for tests: Debian's binaries, a temporary cluster, a Unix socket only
(no port to collide with). JUNHENG_TEST_POSTGRES_URL uses an existing server instead."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _run_as(user: str | None, args: list[str]) -> None:
    cmd = ["runuser", "-u", user, "--", *args] if user else args
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a server URL (database ``postgres``); raise RuntimeError when none can be started."""
    url = os.environ.get("JUNHENG_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (scripts/setup.sh installs it as root)")
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise RuntimeError("running as root and there is no postgres user") from exc
        user = "postgres"
    root = Path(tempfile.mkdtemp(prefix="junheng-pg-"))
    data = root / "data"
    if user:
        shutil.chown(root, user)
    try:
        _run_as(
            user, [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        )
        options = f"-k {root} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        _run_as(
            user,
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(root / "log"), "start"],
        )
        try:
            yield f"postgresql+psycopg://postgres@/postgres?host={root}"
        finally:
            _run_as(user, [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
    finally:
        shutil.rmtree(root, ignore_errors=True)
