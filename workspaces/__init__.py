"""Workspaces: each office's datasets by 统计年度, settings, chat, plans with versions, and members.

    store = open_store()                                  # SQLite in the data dir, or DATABASE_URL
    ws = store.create_workspace("城关镇", "town")
    store.add_dataset(ws.id, 2024, "学校.xlsx", data, schools=12)
    pid = store.plan_id(ws.id); n = store.add_version(pid, plan, "第1版：生成方案", head=0)
    sid = store.slot_id(ws.id, SlotKey("work_summary", 2024))   # each document its own versions
    store.slots(ws.id) -> [DocumentSlot];  store.slot_versions(ws.id) -> [SlotVersion] (saved order)
    export_workspace(store, ws.id) -> bytes;  import_workspace(store, data) -> Workspace

Roles (roles.py): viewers read and export, editors also change, owners also manage members. Pass
``user=`` to every call made for a signed-in user; the store refuses what their role does not allow
(PermissionDenied) and hides workspaces they are not a member of (WorkspaceNotFound).

Errors are WorkspaceError subclasses whose message is a Chinese sentence for the user.
"""

from workspaces.archive import export_workspace, import_workspace
from workspaces.errors import (
    ArchiveError,
    PermissionDenied,
    StaleSaveError,
    WorkspaceError,
    WorkspaceNotFound,
)
from workspaces.roles import Permission, Role
from workspaces.slots import KIND_NAMES, SlotKey
from workspaces.store import (
    LEVELS,
    Dataset,
    DocumentSlot,
    PlanVersion,
    SignInRefused,
    SlotVersion,
    Store,
    User,
    Workspace,
    content_hash,
    open_store,
)

__all__ = [
    "KIND_NAMES",
    "LEVELS",
    "ArchiveError",
    "Dataset",
    "DocumentSlot",
    "Permission",
    "PermissionDenied",
    "PlanVersion",
    "Role",
    "SignInRefused",
    "SlotKey",
    "SlotVersion",
    "StaleSaveError",
    "Store",
    "User",
    "Workspace",
    "WorkspaceError",
    "WorkspaceNotFound",
    "content_hash",
    "export_workspace",
    "import_workspace",
    "open_store",
]
