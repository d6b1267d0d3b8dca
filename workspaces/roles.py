"""Who may do what in a workspace: viewers read and export, editors also change, owners also manage
members. The store checks a :class:`Permission` before every read and every write."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["GRANTS", "Permission", "Role", "allows"]


class Role(StrEnum):
    """A member's role in one workspace (stored as its value)."""

    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return {"owner": "所有者", "editor": "编辑者", "viewer": "查看者"}[self.value]


class Permission(StrEnum):
    """What an action needs; the label completes the sentence “不能……”."""

    READ = "read"
    EXPORT = "export"
    CHANGE = "change"
    MANAGE = "manage"

    @property
    def label(self) -> str:
        return {
            "read": "查看这个工作区",
            "export": "导出这个工作区",
            "change": "修改这个工作区（上传数据、提问、修改设置和方案）",
            "manage": "管理这个工作区的成员",
        }[self.value]


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ, Permission.EXPORT}),
    Role.EDITOR: frozenset({Permission.READ, Permission.EXPORT, Permission.CHANGE}),
    Role.OWNER: frozenset(Permission),
}


def allows(role: Role, permission: Permission) -> bool:
    """Whether ``role`` carries ``permission``."""
    return permission in GRANTS[role]
