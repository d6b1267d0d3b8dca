"""The store's errors; each message is a Chinese sentence for the user."""

from __future__ import annotations

__all__ = ["ArchiveError", "PermissionDenied", "StaleSaveError", "WorkspaceError", "WorkspaceNotFound"]


class WorkspaceError(Exception):
    """Base class: ``str(error)`` is shown to the user as it is."""


class WorkspaceNotFound(WorkspaceError):
    """No such workspace, or the user is not one of its members (the same message for both)."""

    def __init__(self, workspace_id: str = ""):
        super().__init__("没有找到这个工作区，或您不是它的成员。")
        self.workspace_id = workspace_id


class StaleSaveError(WorkspaceError):
    """A save based on an older revision: refused, the newer one is kept."""

    def __init__(self, what: str, current: int):
        super().__init__(
            f"{what}未保存：这个工作区已在另一个窗口或由另一位同事修改过（现为第{current}版）。"
            "较新的内容已保留，请刷新页面后再修改。"
        )
        self.current = current


class PermissionDenied(WorkspaceError):
    """The user's role in the workspace does not allow the action; nothing was changed."""

    def __init__(self, role_label: str, action: str):
        super().__init__(
            f"您在这个工作区的角色是“{role_label}”，不能{action}；如需这样做，请联系工作区的所有者。"
        )
        self.role_label = role_label


class ArchiveError(WorkspaceError):
    """An import file that is not a workspace export (or is damaged)."""
