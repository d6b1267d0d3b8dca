"""The workspace store: one object per database, thread-safe, used by the page and the CLI.

Every save is one short transaction. Settings and plans carry a revision number: a save that read
an older one is refused with :class:`StaleSaveError` and the newer content is kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import math
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import bcrypt
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from workspaces import codec
from workspaces.db import make_engine
from workspaces.errors import PermissionDenied, StaleSaveError, WorkspaceError, WorkspaceNotFound
from workspaces.models import (
    ChatMessageRow,
    DatasetRow,
    MemberRow,
    PlanBlobRow,
    PlanRow,
    PlanVersionRow,
    SignInRow,
    UserRow,
    WorkspaceRow,
    _now,
)
from workspaces.roles import Permission, Role, allows
from workspaces.slots import SlotKey

__all__ = [
    "LEVELS",
    "Dataset",
    "DocumentSlot",
    "PlanVersion",
    "SlotVersion",
    "Store",
    "User",
    "Workspace",
    "content_hash",
    "open_store",
]

auth_log = logging.getLogger("junheng.workspaces.auth")

LEVELS = {"town": "镇/乡", "county": "县/县级市", "district": "区", "city": "市"}
ROLES = tuple(r.value for r in Role)
READ, CHANGE, MANAGE = Permission.READ, Permission.CHANGE, Permission.MANAGE
MAX_NAME = 200


@dataclass(frozen=True)
class Workspace:
    id: str
    name: str
    level: str
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def level_name(self) -> str:
        return LEVELS.get(self.level, self.level)


@dataclass(frozen=True)
class Dataset:
    """One upload for one 统计年度; the bytes are read with :meth:`Store.dataset_content`."""

    id: int
    year: int
    filename: str
    content_hash: str
    schools: int
    uploaded_at: dt.datetime


@dataclass(frozen=True)
class PlanVersion:
    number: int
    label: str
    basis: str
    created_at: dt.datetime
    plan: Any


@dataclass(frozen=True)
class DocumentSlot:
    """One document of a workspace and where its versions stand."""

    key: SlotKey
    id: int
    """The id its versions are saved under (:meth:`Store.add_version`)."""
    head: int
    """The number of its current version (0: none saved yet)."""
    label: str
    """The current version's label ("" when there is none)."""
    updated_at: dt.datetime | None


@dataclass(frozen=True)
class SlotVersion:
    """A saved version without its document: which slot, its number there, and its label."""

    key: SlotKey
    slot_id: int
    number: int
    label: str
    basis: str
    created_at: dt.datetime


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    is_admin: bool


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _workspace(row: WorkspaceRow) -> Workspace:
    return Workspace(row.id, row.name, row.level, row.revision, row.created_at, row.updated_at)


def _dataset(row: DatasetRow) -> Dataset:
    return Dataset(row.id, row.year, row.filename, row.content_hash, row.schools, row.uploaded_at)


def _user(row: UserRow) -> User:
    return User(row.id, row.username, row.display_name, row.is_admin)


def _clean_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise WorkspaceError("请填写工作区名称（镇、县或区的名称）。")
    if len(name) > MAX_NAME:
        raise WorkspaceError(f"工作区名称过长（最多{MAX_NAME}个字）。")
    return name


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise WorkspaceError(f"层级应为以下之一：{'、'.join(f'{k}（{v}）' for k, v in LEVELS.items())}。")
    return level


class Store:
    """Workspaces, their datasets, settings, chat and plans in one database.

    Every method that reads or changes one workspace takes ``user``: None is the operator (accounts
    off, or the command line), anyone else must be a member whose role allows it (see roles.py), else
    WorkspaceNotFound (not a member) or PermissionDenied (a Chinese sentence) and nothing is changed."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._session = sessionmaker(engine, expire_on_commit=False)
        self._blob_lock = threading.Lock()
        self._encoded_facts: tuple[Any, str, Any] | None = None
        """(facts object, digest, encoded) of the last FactSheet saved: revisions share it."""
        self._decoded_facts: OrderedDict[str, Any] = OrderedDict()

    # --- workspaces ------------------------------------------------------------------------------

    def create_workspace(self, name: str, level: str, owner: str | None = None) -> Workspace:
        row = WorkspaceRow(id=str(uuid.uuid4()), name=_clean_name(name), level=_check_level(level))
        row.settings, row.chat_state, row.revision = {}, {}, 1
        with self._session.begin() as s:
            s.add(row)
            if owner is not None:
                s.flush()
                s.add(MemberRow(workspace_id=row.id, user_id=self._user_row(s, owner).id, role="owner"))
        return _workspace(row)

    def workspaces(self, user: str | None = None) -> list[Workspace]:
        """All workspaces (``user`` None: accounts are off or an admin), else the user's own."""
        with self._session() as s:
            query = select(WorkspaceRow).order_by(WorkspaceRow.updated_at.desc())
            if user is not None:
                u = self._user_row(s, user)
                if not u.is_admin:
                    query = query.join(MemberRow).where(MemberRow.user_id == u.id)
            return [_workspace(r) for r in s.scalars(query)]

    def workspace(self, workspace_id: str, user: str | None = None) -> Workspace:
        """The workspace; WorkspaceNotFound when it does not exist or ``user`` may not see it."""
        with self._session() as s:
            return _workspace(self._ws_row(s, workspace_id, user))

    def role(self, workspace_id: str, user: str | None) -> Role:
        """``user``'s role in the workspace (the operator and administrators own every workspace);
        WorkspaceNotFound when they are not a member."""
        with self._session() as s:
            self._ws_row(s, workspace_id)
            return Role.OWNER if user is None else self._role_in(s, str(workspace_id), user)

    def require(self, workspace_id: str, user: str | None, permission: Permission) -> Role:
        """``user``'s role when it allows ``permission``, else PermissionDenied (WorkspaceNotFound for
        a non-member)."""
        role = self.role(workspace_id, user)
        if not allows(role, permission):
            raise PermissionDenied(role.label, permission.label)
        return role

    def can_access(self, workspace_id: str, user: str | None) -> bool:
        try:
            self.workspace(workspace_id, user)
        except WorkspaceError:
            return False
        return True

    def update_workspace(
        self,
        workspace_id: str,
        *,
        name: str | None = None,
        level: str | None = None,
        user: str | None = None,
    ) -> Workspace:
        with self._session.begin() as s:
            row = self._ws_row(s, workspace_id, user, CHANGE)
            if name is not None:
                row.name = _clean_name(name)
            if level is not None:
                row.level = _check_level(level)
            row.updated_at = _now()
        return _workspace(row)

    def delete_workspace(self, workspace_id: str, user: str | None = None) -> None:
        with self._session.begin() as s:
            s.delete(self._ws_row(s, workspace_id, user, MANAGE))

    # --- datasets --------------------------------------------------------------------------------

    def add_dataset(
        self,
        workspace_id: str,
        year: int,
        filename: str,
        content: bytes,
        schools: int,
        user: str | None = None,
    ) -> Dataset:
        """Keep an upload for ``year``; earlier years stay. The same file again returns the stored one;
        a different file for the same year becomes that year's current data (the old one is kept)."""
        digest = content_hash(content)
        with self._session.begin() as s:
            self._ws_row(s, workspace_id, user, CHANGE)
            existing = s.scalar(
                select(DatasetRow).where(
                    DatasetRow.workspace_id == workspace_id,
                    DatasetRow.year == int(year),
                    DatasetRow.content_hash == digest,
                )
            )
            if existing is not None:
                existing.uploaded_at = _now()
                return _dataset(existing)
            row = DatasetRow(
                workspace_id=workspace_id,
                year=int(year),
                filename=str(filename)[:255],
                content=content,
                content_hash=digest,
                schools=int(schools),
                uploaded_at=_now(),
            )
            s.add(row)
            self._touch(s, workspace_id)
        return _dataset(row)

    def datasets(self, workspace_id: str, user: str | None = None) -> list[Dataset]:
        """Every upload, oldest year first, then by upload time."""
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            query = (
                select(DatasetRow)
                .where(DatasetRow.workspace_id == workspace_id)
                .order_by(DatasetRow.year, DatasetRow.uploaded_at, DatasetRow.id)
            )
            return [_dataset(r) for r in s.scalars(query)]

    def current_datasets(self, workspace_id: str, user: str | None = None) -> dict[int, Dataset]:
        """The latest upload of each 统计年度, by year (ascending)."""
        latest: dict[int, Dataset] = {}
        for d in self.datasets(workspace_id, user):
            latest[d.year] = d
        return dict(sorted(latest.items()))

    def dataset_content(self, workspace_id: str, dataset_id: int, user: str | None = None) -> bytes:
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            content = s.scalar(
                select(DatasetRow.content).where(
                    DatasetRow.id == dataset_id, DatasetRow.workspace_id == workspace_id
                )
            )
        if content is None:
            raise WorkspaceError("没有找到这份数据。")
        return content

    # --- settings and chat -----------------------------------------------------------------------

    def settings(self, workspace_id: str, user: str | None = None) -> tuple[dict, int]:
        """(settings, revision): pass the revision back to :meth:`save_settings`."""
        with self._session() as s:
            row = self._ws_row(s, workspace_id, user)
            return dict(row.settings or {}), row.revision

    def save_settings(self, workspace_id: str, settings: dict, revision: int, user: str | None = None) -> int:
        """Store ``settings`` if the workspace is still at ``revision``; the new revision."""
        with self._session.begin() as s:
            self._ws_row(s, workspace_id, user, CHANGE)
            result = s.execute(
                update(WorkspaceRow)
                .where(WorkspaceRow.id == workspace_id, WorkspaceRow.revision == revision)
                .values(settings=dict(settings), revision=revision + 1, updated_at=_now())
            )
            if result.rowcount != 1:
                current = s.scalar(select(WorkspaceRow.revision).where(WorkspaceRow.id == workspace_id))
                if current is None:
                    raise WorkspaceNotFound(workspace_id)
                raise StaleSaveError("设置", current)
        return revision + 1

    def chat_state(self, workspace_id: str, user: str | None = None) -> Any:
        with self._session() as s:
            raw = self._ws_row(s, workspace_id, user).chat_state
        return codec.decode(raw) if raw else None

    def save_chat_state(self, workspace_id: str, state: Any, user: str | None = None) -> None:
        with self._session.begin() as s:
            self._ws_row(s, workspace_id, user, CHANGE)
            s.execute(
                update(WorkspaceRow)
                .where(WorkspaceRow.id == workspace_id)
                .values(chat_state=codec.encode(state), updated_at=_now())
            )

    def messages(self, workspace_id: str, user: str | None = None) -> list[tuple[str, Any]]:
        """The chat history as (role, content), in order; a message this version cannot read is skipped."""
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            rows = s.execute(
                select(ChatMessageRow.role, ChatMessageRow.payload)
                .where(ChatMessageRow.workspace_id == workspace_id)
                .order_by(ChatMessageRow.seq)
            ).all()
        out = []
        for role, payload in rows:
            try:
                out.append((role, codec.decode(payload)))
            except (codec.CodecError, TypeError, ValueError):
                continue
        return out

    def message_count(self, workspace_id: str, user: str | None = None) -> int:
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            return s.scalar(select(func.count()).where(ChatMessageRow.workspace_id == workspace_id)) or 0

    def append_messages(
        self,
        workspace_id: str,
        start: int,
        messages: Iterable[tuple[str, Any]],
        user: str | None = None,
    ) -> int:
        """Append messages numbered from ``start`` (the count this session saw); the new count.

        Another session that appended first makes this one stale (its messages would interleave)."""
        rows = [
            ChatMessageRow(workspace_id=workspace_id, seq=start + i, role=role, payload=codec.encode(content))
            for i, (role, content) in enumerate(messages)
        ]
        if not rows:
            return start
        try:
            with self._session.begin() as s:
                self._ws_row(s, workspace_id, user, CHANGE)
                s.add_all(rows)
                self._touch(s, workspace_id)
        except IntegrityError:
            raise StaleSaveError("对话", self.message_count(workspace_id)) from None
        return start + len(rows)

    # --- plans -----------------------------------------------------------------------------------

    def find_plan(self, workspace_id: str, kind: str = "plan", user: str | None = None) -> int | None:
        """The workspace's plan of ``kind``, or None when it has none yet (nothing is created)."""
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            return s.scalar(
                select(PlanRow.id).where(PlanRow.workspace_id == workspace_id, PlanRow.kind == kind)
            )

    def plan_id(self, workspace_id: str, kind: str = "plan", user: str | None = None) -> int:
        """The workspace's plan of ``kind`` (created empty on first use, which needs CHANGE)."""
        with self._session.begin() as s:
            self._ws_row(s, workspace_id, user)
            pid = s.scalar(
                select(PlanRow.id).where(PlanRow.workspace_id == workspace_id, PlanRow.kind == kind)
            )
            if pid is None:
                self._ws_row(s, workspace_id, user, CHANGE)
                row = PlanRow(workspace_id=workspace_id, kind=kind, head=0)
                s.add(row)
                s.flush()
                pid = row.id
            return pid

    def plan_head(self, plan_id: int, user: str | None = None) -> int:
        with self._session() as s:
            self._plan_ws(s, plan_id, user)
            return s.scalar(select(PlanRow.head).where(PlanRow.id == plan_id)) or 0

    def add_version(
        self, plan_id: int, plan: Any, label: str, head: int, basis: str = "", user: str | None = None
    ) -> int:
        """Store ``plan`` as the version after ``head`` (the head this session read); its number.

        If another session saved a version since, nothing is written and StaleSaveError says so."""
        payload, blob = self._encode_plan(plan)
        with self._session.begin() as s:
            self._plan_ws(s, plan_id, user, CHANGE)
            result = s.execute(
                update(PlanRow).where(PlanRow.id == plan_id, PlanRow.head == head).values(head=head + 1)
            )
            if result.rowcount != 1:
                current = s.scalar(select(PlanRow.head).where(PlanRow.id == plan_id)) or 0
                raise StaleSaveError("方案", current)
            if blob is not None and s.get(PlanBlobRow, blob[0]) is None:
                s.add(PlanBlobRow(digest=blob[0], payload=blob[1]))
            s.add(PlanVersionRow(plan_id=plan_id, number=head + 1, label=label, payload=payload, basis=basis))
        return head + 1

    def _encode_plan(self, plan: Any) -> tuple[Any, tuple[str, Any] | None]:
        """The version payload, with a plan's ``facts`` replaced by a reference to a shared blob."""
        facts = getattr(plan, "facts", None)
        if facts is None or not dataclasses.is_dataclass(plan):
            return codec.encode(plan), None
        with self._blob_lock:
            cached = self._encoded_facts
            if cached is not None and cached[0] is facts:
                _, digest, encoded = cached
            else:
                encoded = codec.encode(facts)
                digest = hashlib.sha256(json.dumps(encoded, sort_keys=True).encode("utf-8")).hexdigest()
                self._encoded_facts = (facts, digest, encoded)
        payload = codec.encode(dataclasses.replace(plan, facts=None))
        payload["fields"]["facts"] = {"$blob": digest}
        return payload, (digest, encoded)

    def _decode_plan(self, s: Session, payload: Any) -> Any:
        """The inverse of :meth:`_encode_plan` (a blob decoded once and shared by the versions)."""
        ref = payload.get("fields", {}).get("facts") if isinstance(payload, dict) else None
        if not (isinstance(ref, dict) and "$blob" in ref):
            return codec.decode(payload)
        digest = ref["$blob"]
        with self._blob_lock:
            facts = self._decoded_facts.get(digest)
        if facts is None:
            blob = s.get(PlanBlobRow, digest)
            if blob is None:
                raise WorkspaceError("方案的数据部分缺失，无法读取这个版本。")
            facts = codec.decode(blob.payload)
            with self._blob_lock:
                self._decoded_facts[digest] = facts
                while len(self._decoded_facts) > 8:
                    self._decoded_facts.popitem(last=False)
        plan = codec.decode({**payload, "fields": {**payload["fields"], "facts": None}})
        return dataclasses.replace(plan, facts=facts)

    def versions(self, plan_id: int, with_plans: bool = True, user: str | None = None) -> list[PlanVersion]:
        """Every version, oldest first (the last is the current plan)."""
        with self._session() as s:
            self._plan_ws(s, plan_id, user)
            columns = [
                PlanVersionRow.number,
                PlanVersionRow.label,
                PlanVersionRow.basis,
                PlanVersionRow.created_at,
            ]
            if with_plans:
                columns.append(PlanVersionRow.payload)
            rows = s.execute(
                select(*columns).where(PlanVersionRow.plan_id == plan_id).order_by(PlanVersionRow.number)
            ).all()
            return [
                PlanVersion(r[0], r[1], r[2], r[3], self._decode_plan(s, r[4]) if with_plans else None)
                for r in rows
            ]

    def version_plan(self, plan_id: int, number: int, user: str | None = None) -> Any:
        """The plan of one version (decoded on demand: a long history need not be read to show one)."""
        with self._session() as s:
            self._plan_ws(s, plan_id, user)
            payload = s.scalar(
                select(PlanVersionRow.payload).where(
                    PlanVersionRow.plan_id == plan_id, PlanVersionRow.number == number
                )
            )
            if payload is None:
                raise WorkspaceError(f"没有第{number}版。")
            return self._decode_plan(s, payload)

    # --- document slots --------------------------------------------------------------------------

    def slot_id(self, workspace_id: str, key: SlotKey | None = None, user: str | None = None) -> int:
        """The id of the workspace's document ``key`` (the plan by default), created empty on first
        use (which needs CHANGE); two sessions creating it at once get the same one."""
        key = key or SlotKey()
        where = (
            PlanRow.workspace_id == workspace_id,
            PlanRow.kind == key.kind,
            PlanRow.year == key.stored_year,
        )
        found = self.find_slot(workspace_id, key, user)
        if found is not None:
            return found
        try:
            with self._session.begin() as s:
                self._ws_row(s, workspace_id, user, CHANGE)
                row = PlanRow(workspace_id=workspace_id, kind=key.kind, year=key.stored_year, head=0)
                s.add(row)
        except IntegrityError:  # created by another session since the look-up
            with self._session() as s:
                return s.scalar(select(PlanRow.id).where(*where))
        return row.id

    def find_slot(self, workspace_id: str, key: SlotKey | None = None, user: str | None = None) -> int | None:
        """The id of the document ``key`` when it exists (nothing is created: a viewer may ask)."""
        key = key or SlotKey()
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            return s.scalar(
                select(PlanRow.id).where(
                    PlanRow.workspace_id == workspace_id,
                    PlanRow.kind == key.kind,
                    PlanRow.year == key.stored_year,
                )
            )

    def slots(self, workspace_id: str, user: str | None = None) -> list[DocumentSlot]:
        """The workspace's documents that have at least one version: the plan first, then the
        自评报告, the 工作总结 (newest year first), the 迎评方案 and the 经验材料."""
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            rows = s.execute(
                select(PlanRow.id, PlanRow.kind, PlanRow.year, PlanRow.head, PlanVersionRow.label)
                .join(
                    PlanVersionRow,
                    (PlanVersionRow.plan_id == PlanRow.id) & (PlanVersionRow.number == PlanRow.head),
                )
                .where(PlanRow.workspace_id == workspace_id, PlanRow.head > 0)
            ).all()
            times = dict(
                s.execute(
                    select(PlanVersionRow.plan_id, func.max(PlanVersionRow.created_at))
                    .join(PlanRow, PlanRow.id == PlanVersionRow.plan_id)
                    .where(PlanRow.workspace_id == workspace_id)
                    .group_by(PlanVersionRow.plan_id)
                ).all()
            )
        out = []
        for pid, kind, year, head, label in rows:
            try:
                key = SlotKey.stored(kind, year)
            except ValueError:  # a kind this version does not know
                continue
            out.append(DocumentSlot(key, pid, head, label, times.get(pid)))
        return sorted(out, key=lambda d: d.key.order)

    def slot_versions(self, workspace_id: str, user: str | None = None) -> list[SlotVersion]:
        """Every saved version of every document, in the order they were saved (documents read later,
        with :meth:`version_plan`)."""
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            rows = s.execute(
                select(
                    PlanRow.kind,
                    PlanRow.year,
                    PlanRow.id,
                    PlanVersionRow.number,
                    PlanVersionRow.label,
                    PlanVersionRow.basis,
                    PlanVersionRow.created_at,
                )
                .join(PlanRow, PlanRow.id == PlanVersionRow.plan_id)
                .where(PlanRow.workspace_id == workspace_id)
                .order_by(PlanVersionRow.id)
            ).all()
        out = []
        for kind, year, pid, number, label, basis, created in rows:
            try:
                key = SlotKey.stored(kind, year)
            except ValueError:
                continue
            out.append(SlotVersion(key, pid, number, label, basis, created))
        return out

    # --- users and members -----------------------------------------------------------------------

    def add_user(self, username: str, password: str, *, admin: bool = False, display_name: str = "") -> User:
        username = username.strip()
        if not username or len(username) > 64:
            raise WorkspaceError("用户名应为1至64个字符。")
        if len(password) < 8:
            raise WorkspaceError("密码至少8位。")
        hashed = _hash_password(password)
        row = UserRow(username=username, display_name=display_name, password_hash=hashed, is_admin=admin)
        try:
            with self._session.begin() as s:
                s.add(row)
        except IntegrityError:
            raise WorkspaceError(f"用户“{username}”已存在。") from None
        return _user(row)

    def set_password(self, username: str, password: str) -> None:
        if len(password) < 8:
            raise WorkspaceError("密码至少8位。")
        with self._session.begin() as s:
            row = self._user_row(s, username)
            row.password_hash = _hash_password(password)

    def users(self) -> list[User]:
        with self._session() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.username))]

    def authenticate(self, username: str, password: str, now: dt.datetime | None = None) -> User | None:
        """The user when the password matches its bcrypt hash, else None (the failure is counted and
        logged). After FREE_ATTEMPTS failures in a row each attempt must wait twice as long as the
        one before, and after LOCK_AFTER the name is locked for LOCK_MINUTES: such an attempt raises
        SignInRefused before the password is even checked. A success clears the count."""
        name = username.strip()[:64]
        now = now or _now()
        with self._session() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == name))
            attempts = s.get(SignInRow, name)
        _refuse_if_throttled(name, attempts, now)
        if row is None:
            bcrypt.checkpw(b"x", _dummy_hash())  # same work either way: no user enumeration by timing
            ok = False
        else:
            ok = bcrypt.checkpw(password.encode("utf-8")[:72], row.password_hash.encode("ascii"))
        with self._session.begin() as s:
            attempts = s.get(SignInRow, name)
            if ok:
                if attempts is not None:
                    s.delete(attempts)
                return _user(row)
            if attempts is None:
                attempts = SignInRow(username=name, failures=0)
                s.add(attempts)
            attempts.failures += 1
            attempts.last_failure = now
            if attempts.failures >= LOCK_AFTER:
                attempts.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                auth_log.warning("sign-in locked for %r after %d failures", name, attempts.failures)
            else:
                auth_log.warning("sign-in failed for %r (%d in a row)", name, attempts.failures)
        return None

    def unlock(self, username: str) -> None:
        """Clear a name's failed sign-ins (an administrator, after checking with the user)."""
        with self._session.begin() as s:
            attempts = s.get(SignInRow, username.strip()[:64])
            if attempts is not None:
                s.delete(attempts)

    def add_member(
        self, workspace_id: str, username: str, role: Role | str = Role.EDITOR, user: str | None = None
    ) -> None:
        """Give ``username`` ``role`` in the workspace (a member's role is changed); needs MANAGE."""
        if role not in ROLES:
            names = "、".join(f"{r.value}（{r.label}）" for r in Role)
            raise WorkspaceError(f"角色应为：{names}。")
        role = Role(role)
        with self._session.begin() as s:
            self._ws_row(s, workspace_id, user, MANAGE)
            member_user = self._user_row(s, username)
            member = s.get(MemberRow, (workspace_id, member_user.id))
            if member is None:
                s.add(MemberRow(workspace_id=workspace_id, user_id=member_user.id, role=role.value))
            else:
                if member.role == Role.OWNER.value and role is not Role.OWNER:
                    self._keep_an_owner(s, workspace_id)
                member.role = role.value

    def remove_member(self, workspace_id: str, username: str, user: str | None = None) -> None:
        """Take ``username`` out of the workspace; needs MANAGE, and the last owner stays."""
        with self._session.begin() as s:
            self._ws_row(s, workspace_id, user, MANAGE)
            member_user = self._user_row(s, username)
            member = s.get(MemberRow, (workspace_id, member_user.id))
            if member is not None:
                if member.role == Role.OWNER.value:
                    self._keep_an_owner(s, workspace_id)
                s.delete(member)

    def _keep_an_owner(self, s: Session, workspace_id: str) -> None:
        """Refuse to take away the only owner (nobody could manage the members any more)."""
        owners = s.scalar(
            select(func.count()).where(MemberRow.workspace_id == workspace_id, MemberRow.role == "owner")
        )
        if (owners or 0) <= 1:
            raise WorkspaceError("工作区至少要有一位所有者：请先指定另一位所有者。")

    def members(self, workspace_id: str, user: str | None = None) -> list[tuple[str, str]]:
        with self._session() as s:
            self._ws_row(s, workspace_id, user)
            rows = s.execute(
                select(UserRow.username, MemberRow.role)
                .join(MemberRow, MemberRow.user_id == UserRow.id)
                .where(MemberRow.workspace_id == workspace_id)
                .order_by(UserRow.username)
            ).all()
        return [(u, r) for u, r in rows]

    # --- helpers ---------------------------------------------------------------------------------

    def _ws_row(
        self, s: Session, workspace_id: str, user: str | None = None, need: Permission = READ
    ) -> WorkspaceRow:
        """The workspace's row when ``user`` (None: the operator) may do what ``need`` says."""
        row = s.get(WorkspaceRow, str(workspace_id)) if workspace_id else None
        if row is None:
            raise WorkspaceNotFound(str(workspace_id))
        if user is not None:
            role = self._role_in(s, row.id, user)
            if not allows(role, need):
                raise PermissionDenied(role.label, need.label)
        return row

    def _role_in(self, s: Session, workspace_id: str, user: str) -> Role:
        """An administrator owns every workspace; a member has their role; anyone else is not told
        the workspace exists."""
        u = s.scalar(select(UserRow).where(UserRow.username == user))
        if u is None:
            raise WorkspaceNotFound(workspace_id)
        if u.is_admin:
            return Role.OWNER
        member = s.get(MemberRow, (workspace_id, u.id))
        if member is None:
            raise WorkspaceNotFound(workspace_id)
        return Role(member.role)

    def _plan_ws(self, s: Session, plan_id: int, user: str | None, need: Permission = READ) -> WorkspaceRow:
        workspace_id = s.scalar(select(PlanRow.workspace_id).where(PlanRow.id == plan_id))
        if workspace_id is None:
            raise WorkspaceError("没有找到这个方案。")
        return self._ws_row(s, workspace_id, user, need)

    def _user_row(self, s: Session, username: str) -> UserRow:
        row = s.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise WorkspaceError(f"没有用户“{username}”。")
        return row

    def _touch(self, s: Session, workspace_id: str) -> None:
        s.execute(update(WorkspaceRow).where(WorkspaceRow.id == workspace_id).values(updated_at=_now()))


FREE_ATTEMPTS = 3
"""Failed sign-ins in a row before each further attempt must wait (1 s, 2 s, 4 s … at most 60 s)."""
LOCK_AFTER = 10
LOCK_MINUTES = 15


class SignInRefused(WorkspaceError):
    """Too many failed sign-ins for this name: wait, or ask the administrator to unlock it."""


def _refuse_if_throttled(name: str, attempts: SignInRow | None, now: dt.datetime) -> None:
    if attempts is None or attempts.failures < FREE_ATTEMPTS:
        return
    if attempts.locked_until is not None and now < attempts.locked_until:
        minutes = max(1, math.ceil((attempts.locked_until - now).total_seconds() / 60))
        auth_log.warning("sign-in refused for %r: locked", name)
        raise SignInRefused(
            f"连续{attempts.failures}次登录失败，该账户已暂时锁定，请{minutes}分钟后再试，"
            "或请管理员解锁（python -m workspaces unlock 用户名）。"
        )
    if attempts.locked_until is not None:  # the lock has run out: a fresh start, one try at a time
        wait = 0.0
    else:
        wait = min(60.0, 2.0 ** (attempts.failures - FREE_ATTEMPTS))
    ready = attempts.last_failure + dt.timedelta(seconds=wait)
    if now < ready:
        seconds = max(1, math.ceil((ready - now).total_seconds()))
        auth_log.warning("sign-in refused for %r: too soon after %d failures", name, attempts.failures)
        raise SignInRefused(f"连续{attempts.failures}次登录失败，请{seconds}秒后再试。")


BCRYPT_ROUNDS = 12
"""bcrypt's cost: about a quarter of a second per check here (tests lower it to save time)."""


def _hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8")[:72], bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


@functools.cache
def _dummy_hash() -> bytes:
    return bcrypt.hashpw(b"x", bcrypt.gensalt(BCRYPT_ROUNDS))


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` (default: env DATABASE_URL, else SQLite in the data directory), migrated."""
    return Store(make_engine(url))
