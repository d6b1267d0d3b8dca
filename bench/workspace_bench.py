"""Workspace timings: cold first page, reopening a large workspace, and autosave per chat turn.

Targets (issue 10): the first page usable in < 5 s on a cold server, with visible progress; reopening
a workspace with a 300-school dataset, 3 统计年度 and 20 plan versions renders in < 1 s warm; an
autosave adds < 50 ms to a chat turn. Run: .venv/bin/python bench/workspace_bench.py [--no-browser]
(uses a temporary data dir; the cold-page part needs Debian chromium).
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
DATA_DIR = Path(os.environ.setdefault("JUNHENG_DATA_DIR", tempfile.mkdtemp(prefix="ws-bench-")))
SAMPLE = ROOT / "data" / "samples" / "城关镇.xlsx"
TOWNS = ("城关镇", "河口镇", "柳林镇", "青山乡", "东城街道")


def county_workbook(year: int, copies: int = 25) -> bytes:
    """300 schools (the sample town's 12, 25 times over five towns) for one 统计年度."""
    import openpyxl

    source = openpyxl.load_workbook(SAMPLE).worksheets[0]
    headers = [c.value for c in source[1]]
    name_col, town_col, year_col = (headers.index(h) for h in ("学校名称", "所属乡镇", "统计年度"))
    area_col = headers.index("教学及辅助用房面积（㎡）")
    out = openpyxl.Workbook()
    sheet = out.active
    sheet.append(headers)
    rows = [[c.value for c in row] for row in source.iter_rows(min_row=2)]
    for copy in range(copies):
        for row in rows:
            values = list(row)
            values[name_col] = f"{TOWNS[copy % len(TOWNS)]}{copy + 1}号{values[name_col]}"
            values[town_col] = TOWNS[copy % len(TOWNS)]
            values[year_col] = year
            if isinstance(values[area_col], int | float):
                values[area_col] += (year - 2022) * 40
            sheet.append(values)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def build_workspace(url: str) -> str:
    import metrics
    from planner import PlanSettings, draft_plan
    from planner.chat import Reply
    from workspaces import open_store

    store = open_store(url)
    ws = store.create_workspace("清河县", "county")
    for year in (2022, 2023, 2024):
        data = county_workbook(year)
        store.add_dataset(ws.id, year, f"{year}.xlsx", data, schools=300)
    loaded = metrics.load_schools(county_workbook(2024), filename="2024.xlsx")
    ev = metrics.evaluate(loaded.frame, metrics.load_standard("quality_2017"))
    plan = draft_plan(
        ev, PlanSettings(region="清河县", level="district", start_year=2026), schools_frame=loaded.frame
    )
    pid = store.plan_id(ws.id)
    for n in range(20):
        store.add_version(pid, plan, f"第{n + 1}版：修改", head=n)
    store.append_messages(ws.id, 0, [("user", "生成实施方案"), ("assistant", Reply("已生成方案初稿。"))] * 10)
    _, revision = store.settings(ws.id)
    store.save_settings(
        ws.id,
        {
            "standard": "quality_2017",
            "region": "清河县",
            "level": "district",
            "start_year": 2026,
            "years": 3,
            "year": 2024,
        },
        revision,
    )
    return ws.id


def reopen(url: str, ws_id: str) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    app = str(ROOT / "app.py")
    first = AppTest.from_file(app, default_timeout=600)
    first.query_params["ws"] = ws_id
    started = time.perf_counter()
    first.run()
    cold = time.perf_counter() - started
    assert not first.exception, first.exception
    warm = []
    for _ in range(5):
        at = AppTest.from_file(app, default_timeout=600)
        at.query_params["ws"] = ws_id
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    caption = next(c.value for c in at.sidebar.caption if c.value.startswith("当前数据"))
    print(f"reopen workspace (300 schools x 3 years, 20 plan versions, 20 messages): {caption}")
    print(f"  first session in the process (parses and evaluates 3 years): {cold:6.2f} s")
    print(f"  warm new session: median {statistics.median(warm):.3f} s, max {max(warm):.3f} s (target < 1 s)")


def autosave(url: str, ws_id: str) -> None:
    from planner.chat import ChatState, Reply, Table
    from workspaces import open_store
    from workspaces.session import Autosave

    store = open_store(url)
    saver = Autosave(store, ws_id)
    restored = saver.restore()
    chat = ChatState(messages=restored.messages, versions=restored.versions)
    chat.plan = restored.versions[-1][1]
    table = Table(
        ["学校", "指标", "差距"], [[f"学校{i}", "生均教学及辅助用房面积", "120.5㎡"] for i in range(40)]
    )
    settings = dict(restored.settings)
    turns, with_plan = [], []
    for i in range(20):
        chat.messages += [("user", f"第{i}个问题"), ("assistant", Reply(f"第{i}个回答", tables=[table]))]
        started = time.perf_counter()
        assert saver.save(chat, settings) is None
        turns.append(time.perf_counter() - started)
    for i in range(5):
        chat.messages += [("user", "主要任务里加一条"), ("assistant", Reply("已加入。"))]
        chat.set_plan(chat.plan, f"第{21 + i}版：加一条")
        started = time.perf_counter()
        assert saver.save(chat, settings) is None
        with_plan.append(time.perf_counter() - started)
    print(
        "autosave per chat turn (2 messages, a 40-row table): "
        f"median {statistics.median(turns) * 1000:.1f} ms, "
        f"max {max(turns) * 1000:.1f} ms (target < 50 ms)"
    )
    print(
        f"autosave of a turn that adds a plan version: median {statistics.median(with_plan) * 1000:.1f} ms, "
        f"max {max(with_plan) * 1000:.1f} ms"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_page() -> None:
    """A fresh `streamlit run` (index already built, as on a deployed server): time to the first
    usable page (the data caption drawn) and whether the index progress box is shown meanwhile."""
    from playwright.sync_api import sync_playwright

    from knowledge import open_index

    open_index()  # build once, as scripts/setup.sh does
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{DATA_DIR / 'cold.sqlite3'}"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        healthy = time.perf_counter() - started
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page()
            opened = time.perf_counter()
            page.goto(url)
            page.get_by_text("均衡规划助手").first.wait_for(timeout=60_000)
            title = time.perf_counter() - opened
            page.get_by_text("当前数据：").wait_for(timeout=60_000)
            usable = time.perf_counter() - opened
            progress = page.get_by_text("正在后台加载政策库").count() > 0
            page.get_by_text("政策库共").first.wait_for(state="attached", timeout=120_000)  # in a hidden tab
            index_ready = time.perf_counter() - opened
            browser.close()
        print(
            f"cold server: healthy after {healthy:.2f} s; in the browser: title {title:.2f} s, "
            f"page usable (data drawn) {usable:.2f} s (target < 5 s), progress box shown: {progress}, "
            f"policy index ready {index_ready:.2f} s"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-browser", action="store_true", help="skip the cold-page measurement")
    parser.add_argument("--database", help="DATABASE_URL to measure on (default: SQLite in a temp dir)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{DATA_DIR / 'bench.sqlite3'}"
    if not args.no_browser:
        cold_page()
    ws_id = build_workspace(url)
    reopen(url, ws_id)
    autosave(url, ws_id)


if __name__ == "__main__":
    main()
