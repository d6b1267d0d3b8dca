"""The store's tables (SQLAlchemy 2 declarative). Alembic migrations under migrations/ create them;
keep the two in step (tests/workspaces/test_migrations.py compares them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "ChatMessageRow",
    "DatasetRow",
    "MemberRow",
    "PlanBlobRow",
    "PlanRow",
    "PlanVersionRow",
    "SignInRow",
    "UserRow",
    "WorkspaceRow",
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class WorkspaceRow(Base):
    __tablename__ = "workspaces"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    chat_state: Mapped[dict] = mapped_column(JSON, default=dict)
    """The chat's state beside its messages (pending question, chosen settings), as codec JSON."""
    revision: Mapped[int] = mapped_column(Integer, default=1)
    """Raised by every settings save; a save naming an older revision is refused (optimistic lock)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class MemberRow(Base):
    __tablename__ = "members"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), default="editor")


class DatasetRow(Base):
    __tablename__ = "datasets"
    __table_args__ = (UniqueConstraint("workspace_id", "year", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(64))
    schools: Mapped[int] = mapped_column(Integer, default=0)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class ChatMessageRow(Base):
    __tablename__ = "chat_messages"
    __table_args__ = (UniqueConstraint("workspace_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict | str] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class PlanRow(Base):
    """One document slot of a workspace (see workspaces.slots): the plan, a year's 工作总结 …"""

    __tablename__ = "plans"
    __table_args__ = (Index("uq_plans_slot", "workspace_id", "kind", "year", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="plan")
    year: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """The 统计年度 of a yearly document (工作总结); 0 for the others."""
    head: Mapped[int] = mapped_column(Integer, default=0)
    """The number of the current version; a save that read an older head is refused."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class PlanVersionRow(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict] = mapped_column(JSON)
    basis: Mapped[str] = mapped_column(String(64), default="")
    """Hash of the data and settings the version was drafted from (to mark a plan out of date)."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class PlanBlobRow(Base):
    """A large part shared by many plan versions (the FactSheet), stored once by its content hash."""

    __tablename__ = "plan_blobs"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class SignInRow(Base):
    """Consecutive failed sign-ins for one user name (known or not): the back-off and the lockout."""

    __tablename__ = "sign_in_attempts"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, default=None)
