"""The store fixture runs every test against SQLite and PostgreSQL.

PostgreSQL is skipped only when no server can be started; with JUNHENG_REQUIRE_POSTGRES=1 (.ci/run)
that is a failure instead."""

from __future__ import annotations

import itertools
import os

import pytest
from sqlalchemy import create_engine, text

from tests.workspaces.postgres import postgres_server
from workspaces import Store, open_store

_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_url():
    try:
        with postgres_server() as url:
            yield url
    except RuntimeError as exc:
        if os.environ.get("JUNHENG_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but could not be started: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")


def _fresh_postgres(server_url: str) -> str:
    name = f"t{os.getpid()}_{next(_counter)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, query = server_url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ws.sqlite3'}"
    return _fresh_postgres(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(db_url) -> Store:
    s = open_store(db_url)
    yield s
    s.engine.dispose()


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch):
    """bcrypt at its lowest cost: the tests check what is stored, not how slow it is to guess."""
    monkeypatch.setattr("workspaces.store.BCRYPT_ROUNDS", 4)
