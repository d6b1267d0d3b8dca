"""One file per workspace: a zip holding manifest.json (settings, chat, every document's versions) and
each dataset's original bytes. Import checks sizes before reading, so a crafted file cannot blow up,
and checks everything else before writing anything, so a damaged one cannot half-import."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from metrics.limits import LIMITS
from workspaces import codec
from workspaces.errors import ArchiveError, WorkspaceError
from workspaces.roles import Permission
from workspaces.slots import SlotKey, slot_of_payload
from workspaces.store import MAX_NAME, Store, Workspace, _check_level, _clean_name, content_hash

__all__ = ["FORMAT", "Imported", "export_workspace", "import_workspace"]

FORMAT = "junheng-workspace/1"
MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""Settings, chat and plan versions as JSON (a year of daily use is a few MB)."""
MAX_MESSAGES = 5_000
MAX_VERSIONS = 500
MAX_DATASETS = 100


def export_workspace(store: Store, workspace_id: str, user: str | None = None) -> bytes:
    """The workspace as one .zip file's bytes (see the module docstring); ``user`` needs EXPORT."""
    store.require(workspace_id, user, Permission.EXPORT)
    ws = store.workspace(workspace_id)
    settings, _ = store.settings(workspace_id)
    raw_state = _raw_chat_state(store, workspace_id)
    datasets = store.datasets(workspace_id)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "workspace": {"name": ws.name, "level": ws.level, "created_at": ws.created_at.isoformat()},
        "settings": settings,
        "chat_state": raw_state,
        "messages": _raw_messages(store, workspace_id),
        "datasets": [
            {
                "file": f"datasets/{i}.bin",
                "year": d.year,
                "filename": d.filename,
                "content_hash": d.content_hash,
                "schools": d.schools,
                "uploaded_at": d.uploaded_at.isoformat(),
            }
            for i, d in enumerate(datasets)
        ],
        "plan_versions": _raw_versions(store, workspace_id),
    }
    manifest["blobs"] = _raw_blobs(store, manifest["plan_versions"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for i, d in enumerate(datasets):
            zf.writestr(f"datasets/{i}.bin", store.dataset_content(workspace_id, d.id))
    return buffer.getvalue()


def import_workspace(
    store: Store,
    data: bytes,
    owner: str | None = None,
    name: str | None = None,
    check: Callable[[Imported], None] | None = None,
) -> Workspace:
    """A new workspace (new id) holding everything in an export; ArchiveError for anything else.

    Everything is checked before anything is written: the archive's sizes, the manifest's fields and
    counts, every dataset (its hash, and that it loads under the upload budget), every message,
    version and the chat state (that they decode); then ``check`` (the page's own type checks,
    raising ValueError with a Chinese sentence). Any failure is one Chinese message and nothing is
    imported; the workspace is written in one transaction."""
    manifest, files = _read(data)
    try:
        name, level = _clean_name(name or manifest.workspace.name), _check_level(manifest.workspace.level)
    except WorkspaceError as exc:
        raise ArchiveError(f"工作区文件中的工作区信息有误：{exc}") from None
    _check_datasets(manifest, files)
    slots = [_slot_of(v) for v in manifest.plan_versions]
    imported = _decode(manifest)
    if check is not None:
        try:
            check(imported)
        except ValueError as exc:
            raise ArchiveError(f"工作区文件的内容有误（{exc}），已拒绝导入，未写入任何内容。") from None
    return _write(store, manifest, slots, files, owner, name, level)


@dataclass(frozen=True)
class Imported:
    """An export's contents once decoded (what the page will show), for the caller's own checks."""

    settings: dict
    messages: list[tuple[str, Any]]
    chat_state: Any
    plans: list[Any]


_Year = Annotated[int, Field(strict=True, ge=1900, le=2200)]
_Count = Annotated[int, Field(strict=True, ge=0)]


class _DatasetEntry(BaseModel):
    file: Annotated[str, Field(max_length=255)]
    year: _Year
    filename: Annotated[str, Field(min_length=1, max_length=255)]
    content_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    schools: _Count


class _VersionEntry(BaseModel):
    label: Annotated[str, Field(max_length=1000)]
    basis: Annotated[str, Field(max_length=64)] = ""
    payload: dict
    kind: Annotated[str, Field(max_length=32)] | None = None
    """The document it belongs to (workspaces.slots); an export made before slots names none."""
    year: _Year | None = None


class _Meta(BaseModel):
    name: Annotated[str, Field(max_length=MAX_NAME)]
    level: str


class _Manifest(BaseModel):
    format: str
    workspace: _Meta
    settings: dict = {}
    chat_state: dict | None = None
    messages: Annotated[list[tuple[Literal["user", "assistant"], Any]], Field(max_length=MAX_MESSAGES)] = []
    datasets: Annotated[list[_DatasetEntry], Field(max_length=MAX_DATASETS)] = []
    plan_versions: Annotated[list[_VersionEntry], Field(max_length=MAX_VERSIONS)] = []
    blobs: dict[str, Any] = {}


_FIELDS = {
    "workspace": "工作区信息",
    "name": "名称",
    "level": "层级",
    "settings": "设置",
    "chat_state": "对话状态",
    "messages": "对话",
    "datasets": "数据",
    "plan_versions": "方案版本",
    "blobs": "方案数据",
    "file": "文件位置",
    "year": "统计年度",
    "filename": "文件名",
    "content_hash": "校验值",
    "schools": "学校数",
    "label": "版本名称",
    "basis": "版本依据",
    "payload": "内容",
    "kind": "文稿类别",
}
_LIMITS = {"messages": ("对话", MAX_MESSAGES), "datasets": ("数据", MAX_DATASETS)}
_LIMITS["plan_versions"] = ("方案版本", MAX_VERSIONS)


def _explain(error: ValidationError) -> str:
    """The first problem pydantic found, as one Chinese sentence naming where it is."""
    first = error.errors()[0]
    loc = [part for part in first["loc"] if not isinstance(part, str) or part in _FIELDS]
    if first["type"] == "too_long" and len(loc) == 1 and loc[0] in _LIMITS:
        what, most = _LIMITS[str(loc[0])]
        return f"工作区文件中的{what}超过{most}条的上限，已拒绝导入，未写入任何内容。"
    where = []
    for part in loc:
        where.append(f"第{part + 1}项" if isinstance(part, int) else _FIELDS[part])
    place = "的".join(where) or "内容"
    missing = first["type"] == "missing"
    what = "缺少" + place if missing else f"{place}有误"
    return f"工作区文件{what}，已拒绝导入，未写入任何内容。"


def _read(data: bytes) -> tuple[_Manifest, dict[str, bytes]]:
    """The manifest, checked field by field, and the datasets' bytes (sizes checked before reading)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ArchiveError("这不是工作区导出文件（.zip）。") from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if len(infos) > MAX_MEMBERS or total > MAX_TOTAL_BYTES or total > MAX_RATIO * max(len(data), 1):
            raise ArchiveError("工作区文件解压后过大，已拒绝导入。")
        try:
            size = zf.getinfo("manifest.json").file_size
        except KeyError:
            raise ArchiveError("工作区文件缺少或损坏了 manifest.json。") from None
        if size > MAX_MANIFEST_BYTES:
            most = MAX_MANIFEST_BYTES // 1024 // 1024
            raise ArchiveError(f"工作区文件的 manifest.json 超过 {most} MB 的上限，已拒绝导入。")
        try:
            raw = json.loads(zf.read("manifest.json"))
        except (ValueError, RecursionError, zipfile.BadZipFile, OSError):
            raise ArchiveError("工作区文件缺少或损坏了 manifest.json。") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ArchiveError("工作区文件的格式版本不受支持。")
        try:
            manifest = _Manifest.model_validate(raw)
        except ValidationError as exc:
            raise ArchiveError(_explain(exc)) from None
        files: dict[str, bytes] = {}
        for d in manifest.datasets:
            try:
                info = zf.getinfo(d.file)
            except KeyError:
                raise ArchiveError(f"工作区文件不完整（缺少数据“{d.filename}”）。") from None
            if info.file_size > LIMITS.max_bytes:
                raise ArchiveError(f"工作区文件中的数据“{d.filename}”过大，已拒绝导入。")
            try:
                files[d.file] = zf.read(info)
            except (zipfile.BadZipFile, OSError, ValueError):
                raise ArchiveError(f"工作区文件中的数据“{d.filename}”已损坏。") from None
    return manifest, files


def _check_datasets(manifest: _Manifest, files: dict[str, bytes]) -> None:
    """Each dataset's bytes match its hash and load as school data under the upload budget."""
    from metrics import DataError, load_schools

    for d in manifest.datasets:
        content = files[d.file]
        if content_hash(content) != d.content_hash:
            raise ArchiveError(f"工作区文件中的数据“{d.filename}”已损坏（校验值不符）。")
    for first in {d.content_hash: d for d in manifest.datasets}.values():
        try:
            load_schools(files[first.file], filename=first.filename)
        except DataError as exc:
            reason = exc.problems[0].message if exc.problems else "无法读取"
            raise ArchiveError(
                f"工作区文件中的数据“{first.filename}”（{first.year}年度）无法读取：{reason}已拒绝导入，"
                "未写入任何内容。"
            ) from None


def _decode(manifest: _Manifest) -> Imported:
    """Every message, version and the chat state decoded once (as opening the workspace will); which
    types they must be is the caller's ``check`` (the store keeps any codec value)."""
    messages = []
    for i, (role, payload) in enumerate(manifest.messages, 1):
        messages.append((role, _decoded(payload, f"第{i}条对话")))
    state = _decoded(manifest.chat_state, "对话状态") if manifest.chat_state else None
    facts: dict[str, Any] = {}
    for digest, payload in manifest.blobs.items():
        actual = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
        if actual != digest:
            raise ArchiveError("工作区文件中的方案数据已损坏（校验值不符）。")
    plans = []
    for i, v in enumerate(manifest.plan_versions, 1):
        digest = _blob_digest(v.payload)
        if digest is None:
            plans.append(_decoded(v.payload, f"方案第{i}版"))
            continue
        if digest not in manifest.blobs:
            raise ArchiveError("工作区文件不完整（缺少方案的数据部分）。")
        if digest not in facts:
            facts[digest] = _decoded(manifest.blobs[digest], f"方案第{i}版的数据部分")
        plan = _decoded({**v.payload, "fields": {**v.payload["fields"], "facts": None}}, f"方案第{i}版")
        if not dataclasses.is_dataclass(plan):
            raise ArchiveError(f"工作区文件中的方案第{i}版格式不对，已拒绝导入，未写入任何内容。")
        plans.append(dataclasses.replace(plan, facts=facts[digest]))
    return Imported(dict(manifest.settings), messages, state, plans)


def _decoded(payload: Any, what: str) -> Any:
    try:
        return codec.decode(payload)
    except (codec.CodecError, TypeError, ValueError, KeyError, AttributeError, RecursionError):
        raise ArchiveError(
            f"工作区文件中的{what}无法读取（格式不对或来自不兼容的版本），已拒绝导入，未写入任何内容。"
        ) from None


def _write(
    store: Store,
    manifest: _Manifest,
    slots: list[SlotKey],
    files: dict[str, bytes],
    owner: str | None,
    name: str,
    level: str,
) -> Workspace:
    """The checked export as a new workspace, in one transaction (all of it or nothing); each version
    goes to its document's slot (``slots``, one per version), numbered there in the saved order."""
    from workspaces.models import (
        ChatMessageRow,
        DatasetRow,
        MemberRow,
        PlanBlobRow,
        PlanRow,
        PlanVersionRow,
        WorkspaceRow,
    )

    row = WorkspaceRow(
        id=str(uuid.uuid4()),
        name=name,
        level=level,
        settings=dict(manifest.settings),
        chat_state=manifest.chat_state or {},
        revision=1,
    )
    with store._session.begin() as s:
        s.add(row)
        s.flush()
        if owner is not None:
            s.add(MemberRow(workspace_id=row.id, user_id=store._user_row(s, owner).id, role="owner"))
        seen: set[tuple[int, str]] = set()
        for d in manifest.datasets:
            if (d.year, d.content_hash) in seen:
                continue
            seen.add((d.year, d.content_hash))
            s.add(
                DatasetRow(
                    workspace_id=row.id,
                    year=d.year,
                    filename=d.filename,
                    content=files[d.file],
                    content_hash=d.content_hash,
                    schools=d.schools,
                )
            )
        for seq, (role, payload) in enumerate(manifest.messages):
            s.add(ChatMessageRow(workspace_id=row.id, seq=seq, role=role, payload=payload))
        for digest, payload in manifest.blobs.items():
            if s.get(PlanBlobRow, digest) is None:
                s.add(PlanBlobRow(digest=digest, payload=payload))
        rows: dict[SlotKey, PlanRow] = {}
        for key in dict.fromkeys([SlotKey(), *slots]):
            rows[key] = PlanRow(workspace_id=row.id, kind=key.kind, year=key.stored_year, head=0)
            s.add(rows[key])
        s.flush()
        for key, v in zip(slots, manifest.plan_versions, strict=True):
            slot = rows[key]
            slot.head += 1
            s.add(
                PlanVersionRow(
                    plan_id=slot.id, number=slot.head, label=v.label, basis=v.basis, payload=v.payload
                )
            )
            s.flush()  # ids in the saved order: the chat's version list is read back in it
    return store.workspace(row.id)


# Raw JSON passes through untouched: an export never depends on the classes of this version.


def _raw_chat_state(store: Store, workspace_id: str) -> Any:
    from workspaces.models import WorkspaceRow

    with store._session() as s:
        return s.get(WorkspaceRow, workspace_id).chat_state


def _raw_messages(store: Store, workspace_id: str) -> list[list[Any]]:
    from sqlalchemy import select

    from workspaces.models import ChatMessageRow

    with store._session() as s:
        rows = s.execute(
            select(ChatMessageRow.role, ChatMessageRow.payload)
            .where(ChatMessageRow.workspace_id == workspace_id)
            .order_by(ChatMessageRow.seq)
        ).all()
    return [[r, p] for r, p in rows]


def _raw_versions(store: Store, workspace_id: str) -> list[dict]:
    """Every document's versions in the order they were saved, each with its slot (kind, year)."""
    from sqlalchemy import select

    from workspaces.models import PlanRow, PlanVersionRow

    with store._session() as s:
        rows = s.execute(
            select(
                PlanRow.kind, PlanRow.year, PlanVersionRow.label, PlanVersionRow.basis, PlanVersionRow.payload
            )
            .join(PlanRow, PlanRow.id == PlanVersionRow.plan_id)
            .where(PlanRow.workspace_id == workspace_id)
            .order_by(PlanVersionRow.id)
        ).all()
    return [
        {"kind": kind, "year": year or None, "label": label, "basis": basis, "payload": payload}
        for kind, year, label, basis, payload in rows
    ]


def _slot_of(version: _VersionEntry) -> SlotKey:
    """A version's slot as exported; an export made before slots names none: read it from the document."""
    if version.kind is None:
        return slot_of_payload(version.payload)
    try:
        return SlotKey(version.kind, version.year)
    except ValueError:
        raise ArchiveError("工作区文件中有一份文稿的类别无法识别，已拒绝导入，未写入任何内容。") from None


def _blob_digest(payload: Any) -> str | None:
    ref = payload.get("fields", {}).get("facts") if isinstance(payload, dict) else None
    return ref.get("$blob") if isinstance(ref, dict) else None


def _raw_blobs(store: Store, versions: list[dict]) -> dict[str, Any]:
    from workspaces.models import PlanBlobRow

    digests = {d for v in versions if (d := _blob_digest(v["payload"]))}
    with store._session() as s:
        return {d: s.get(PlanBlobRow, d).payload for d in sorted(digests)}
