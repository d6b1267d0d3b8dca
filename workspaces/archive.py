"""One file per workspace: a zip holding manifest.json (settings, chat, plans and their versions) and
each dataset's original bytes. Import checks sizes before reading, so a crafted file cannot blow up."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from workspaces.errors import ArchiveError
from workspaces.roles import Permission
from workspaces.store import Store, Workspace, content_hash

__all__ = ["FORMAT", "export_workspace", "import_workspace"]

FORMAT = "junheng-workspace/1"
MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200


def export_workspace(store: Store, workspace_id: str, user: str | None = None) -> bytes:
    """The workspace as one .zip file's bytes (see the module docstring); ``user`` needs EXPORT."""
    store.require(workspace_id, user, Permission.EXPORT)
    ws = store.workspace(workspace_id)
    settings, _ = store.settings(workspace_id)
    raw_state = _raw_chat_state(store, workspace_id)
    datasets = store.datasets(workspace_id)
    plan_id = store.find_plan(workspace_id)
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
        "plan_versions": _raw_versions(store, plan_id) if plan_id is not None else [],
    }
    manifest["blobs"] = _raw_blobs(store, manifest["plan_versions"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for i, d in enumerate(datasets):
            zf.writestr(f"datasets/{i}.bin", store.dataset_content(workspace_id, d.id))
    return buffer.getvalue()


def import_workspace(
    store: Store, data: bytes, owner: str | None = None, name: str | None = None
) -> Workspace:
    """A new workspace (new id) holding everything in an export; ArchiveError for anything else."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ArchiveError("这不是工作区导出文件（.zip）。") from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if len(infos) > MAX_MEMBERS or total > MAX_TOTAL_BYTES or total > MAX_RATIO * max(len(data), 1):
            raise ArchiveError("工作区文件解压后过大，已拒绝导入。")
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except (KeyError, ValueError):
            raise ArchiveError("工作区文件缺少或损坏了 manifest.json。") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError("工作区文件的格式版本不受支持。")
        try:
            meta = manifest["workspace"]
            files = {d["file"]: zf.read(d["file"]) for d in manifest["datasets"]}
        except (KeyError, TypeError):
            raise ArchiveError("工作区文件不完整。") from None
    for d in manifest["datasets"]:
        if content_hash(files[d["file"]]) != d["content_hash"]:
            raise ArchiveError(f"工作区文件中的数据“{d['filename']}”已损坏（校验值不符）。")
    ws = store.create_workspace(name or meta["name"], meta["level"], owner=owner)
    try:
        for d in manifest["datasets"]:
            store.add_dataset(ws.id, d["year"], d["filename"], files[d["file"]], d["schools"])
        _, revision = store.settings(ws.id)
        store.save_settings(ws.id, manifest.get("settings") or {}, revision)
        _write_raw(store, ws.id, manifest)
    except Exception:
        store.delete_workspace(ws.id)
        raise
    return store.workspace(ws.id)


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


def _raw_versions(store: Store, plan_id: int) -> list[dict]:
    from sqlalchemy import select

    from workspaces.models import PlanVersionRow

    with store._session() as s:
        rows = s.execute(
            select(PlanVersionRow.label, PlanVersionRow.basis, PlanVersionRow.payload)
            .where(PlanVersionRow.plan_id == plan_id)
            .order_by(PlanVersionRow.number)
        ).all()
    return [{"label": label, "basis": basis, "payload": payload} for label, basis, payload in rows]


def _blob_digest(payload: Any) -> str | None:
    ref = payload.get("fields", {}).get("facts") if isinstance(payload, dict) else None
    return ref.get("$blob") if isinstance(ref, dict) else None


def _raw_blobs(store: Store, versions: list[dict]) -> dict[str, Any]:
    from workspaces.models import PlanBlobRow

    digests = {d for v in versions if (d := _blob_digest(v["payload"]))}
    with store._session() as s:
        return {d: s.get(PlanBlobRow, d).payload for d in sorted(digests)}


def _write_raw(store: Store, workspace_id: str, manifest: dict) -> None:
    import hashlib

    from workspaces.models import ChatMessageRow, PlanBlobRow, PlanRow, PlanVersionRow, WorkspaceRow

    plan_id = store.plan_id(workspace_id)
    blobs = manifest.get("blobs") or {}
    for v in manifest.get("plan_versions") or []:
        digest = _blob_digest(v["payload"])
        if digest is not None and digest not in blobs:
            raise ArchiveError("工作区文件不完整（缺少方案的数据部分）。")
    with store._session.begin() as s:
        for digest, payload in blobs.items():
            actual = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
            if actual != digest:
                raise ArchiveError("工作区文件中的方案数据已损坏（校验值不符）。")
            if s.get(PlanBlobRow, digest) is None:
                s.add(PlanBlobRow(digest=digest, payload=payload))
        s.get(WorkspaceRow, workspace_id).chat_state = manifest.get("chat_state") or {}
        for seq, (role, payload) in enumerate(manifest.get("messages") or []):
            s.add(ChatMessageRow(workspace_id=workspace_id, seq=seq, role=str(role), payload=payload))
        versions = manifest.get("plan_versions") or []
        for number, v in enumerate(versions, 1):
            s.add(
                PlanVersionRow(
                    plan_id=plan_id,
                    number=number,
                    label=str(v["label"]),
                    basis=str(v["basis"]),
                    payload=v["payload"],
                )
            )
        s.get(PlanRow, plan_id).head = len(versions)
