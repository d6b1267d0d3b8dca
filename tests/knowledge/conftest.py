"""Knowledge test fixtures: the real embedding model loaded once per session, a small corpus, real Chroma."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="session")
def embedder():
    from knowledge.embeddings import build_embedder

    return build_embedder("default")


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the test corpus."""
    target = tmp_path / "policy_corpus"
    shutil.copytree(CORPUS, target)
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _chroma_executable() -> str | None:
    beside = Path(sys.executable).parent / "chroma"
    return str(beside) if beside.exists() else shutil.which("chroma")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """A `chroma run` server on a free port, stopped with SIGTERM afterwards."""
    exe = _chroma_executable()
    if exe is None:
        pytest.skip("没有找到 chroma 可执行文件（pip 包 chromadb 提供），无法测试 Chroma 服务模式")
    import httpx

    port = _free_port()
    path = tmp_path_factory.mktemp("chroma_server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("chroma run 未能在 30 秒内启动")
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.fixture(scope="module", params=["embedded", pytest.param("server", marks=pytest.mark.slow)])
def shared_index(request, tmp_path_factory, embedder):
    """One index over the test corpus per backend, shared by the read-only search tests."""
    from knowledge import KnowledgeSettings, open_index

    data_dir = tmp_path_factory.mktemp(f"data_{request.param}")
    options = {"corpus_dir": CORPUS, "data_dir": data_dir}
    if request.param == "server":
        options |= {"chroma_host": "127.0.0.1", "chroma_port": request.getfixturevalue("chroma_server")}
    return open_index(KnowledgeSettings(**options), embedder=embedder)
