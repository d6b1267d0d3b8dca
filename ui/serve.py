"""Start the page: ``python -m ui.serve [streamlit run options]``, which is ``streamlit run app.py``
with the page's modules imported first, so the first visitor does not wait for pandas, SQLAlchemy
and the drafting modules (as a pre-forking web server preloads its application)."""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"
FIRST_SCREEN = [
    "ui.state",
    "ui.access",
    "ui.notices",
    "ui.render",
    "ui.resources",
    "ui.results_view",
    "ui.sidebar",
]
"""What the first screen imports (the county summary and the school table), loaded first."""
LATER = ["ui.chat_view", "ui.documents_view", "ui.guide", "ui.library_view", "planner.chat.engine", "planner"]
"""The other tabs' modules: loaded next, before anyone asks a question or drafts."""

log = logging.getLogger("junheng.serve")


def preload(modules: list[str]) -> None:
    """Import ``modules`` in order; a failure is logged and left for the page to report."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            log.exception("preloading %s failed", name)


def main(args: list[str]) -> int:
    """Run the page with ``args`` passed to ``streamlit run``: the first screen's modules are imported
    before the server listens, the other tabs' in a background thread after (Python's import locks
    make a page run that needs one of them wait for it, never import it twice)."""
    from streamlit.web import cli

    preload(FIRST_SCREEN)
    threading.Thread(target=preload, args=(LATER,), name="preload", daemon=True).start()
    return cli.main(["run", str(APP), *args], prog_name="streamlit", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
