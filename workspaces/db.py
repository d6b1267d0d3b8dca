"""Where the store lives and how it is opened: SQLite under the data directory by default (WAL,
foreign keys on), PostgreSQL when ``DATABASE_URL`` says so; Alembic migrations run on open."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

__all__ = ["REPO_ROOT", "data_dir", "database_url", "make_engine", "migrate"]

REPO_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0004"
"""The newest migration (tests/workspaces/test_durability.py checks it against migrations/versions)."""
_migrated: set[str] = set()
_lock = threading.Lock()


def data_dir() -> Path:
    """The data directory shared with the policy index: env JUNHENG_DATA_DIR, else <repo>/var."""
    env = os.environ.get("JUNHENG_DATA_DIR")
    return Path(env) if env else REPO_ROOT / "var"


def database_url(url: str | None = None) -> str:
    """``url``, else env DATABASE_URL, else SQLite file workspaces.sqlite3 in the data directory.

    ``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver."""
    url = url or os.environ.get("DATABASE_URL") or ""
    if not url:
        path = data_dir() / "workspaces.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`database_url`), migrated to the newest schema."""
    resolved = database_url(url)
    if make_url(resolved).get_backend_name() == "sqlite":
        engine = create_engine(resolved, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(resolved, pool_pre_ping=True)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (once per database and process)."""
    key = engine.url.render_as_string(hide_password=False)
    with _lock:
        if key in _migrated or _at_head(engine):
            _migrated.add(key)
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        _migrated.add(key)


def _at_head(engine: Engine) -> bool:
    """Whether the schema is already at HEAD (saves loading Alembic on every process start)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    except Exception:  # no table yet: a new database
        return False
