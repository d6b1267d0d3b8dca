"""Start the page: ``python -m ui.serve [streamlit run options]``, which is ``streamlit run app.py``
with the first screen's modules imported before the server listens, so the first visitor does not
wait for pandas, SQLAlchemy, altair and the metrics (as a pre-forking web server preloads its
application)."""

from __future__ import annotations

import importlib
import logging
import sys
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
"""What the first screen imports (the county summary and the school table)."""

log = logging.getLogger("junheng.serve")


def preload(modules: list[str]) -> None:
    """Import ``modules`` in order; a failure is logged and left for the page to report."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            log.exception("preloading %s failed", name)


def main(args: list[str]) -> int:
    """Run the page with ``args`` passed to ``streamlit run``, the first screen's modules imported.
    The other tabs' modules are not preloaded: importing them in a background thread while the first
    visitor's page ran slowed that page down (two cores, one interpreter lock)."""
    from streamlit.web import cli

    preload(FIRST_SCREEN)
    return cli.main(["run", str(APP), *args], prog_name="streamlit", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
