"""Alembic environment: runs on the connection workspaces.db.migrate hands over (no alembic.ini)."""

from alembic import context

from workspaces.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line: DATABASE_URL or the default SQLite file
    from sqlalchemy import create_engine

    from workspaces.db import database_url

    connection = create_engine(database_url()).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
