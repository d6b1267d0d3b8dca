"""python -m workspaces: create, list, export and import workspaces; add users and members.

    python -m workspaces create 城关镇 --level town [--owner zhang]
    python -m workspaces list [--user zhang]
    python -m workspaces export <id> 城关镇.zip
    python -m workspaces import 城关镇.zip [--owner zhang]
    python -m workspaces user-add zhang [--admin]        # password from JUNHENG_PASSWORD or a prompt
    python -m workspaces member-add <id> zhang [--role editor]
    python -m workspaces members <id>
    python -m workspaces unlock zhang                     # after repeated failed sign-ins

The database is DATABASE_URL, else SQLite in the data directory (JUNHENG_DATA_DIR, else var/).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from workspaces import LEVELS, WorkspaceError, export_workspace, import_workspace, open_store


def _password() -> str:
    return os.environ.get("JUNHENG_PASSWORD") or getpass.getpass("密码：")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workspaces", description="工作区管理")
    parser.add_argument("--database", help="数据库地址（默认 DATABASE_URL 或数据目录中的 SQLite）")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("create", help="新建工作区")
    p.add_argument("name")
    p.add_argument("--level", choices=list(LEVELS), default="town")
    p.add_argument("--owner")
    p = sub.add_parser("list", help="列出工作区")
    p.add_argument("--user", help="只列出该用户可见的工作区")
    p = sub.add_parser("export", help="导出工作区为一个文件")
    p.add_argument("id")
    p.add_argument("file", type=Path)
    p = sub.add_parser("import", help="从导出文件导入工作区")
    p.add_argument("file", type=Path)
    p.add_argument("--owner")
    p.add_argument("--name")
    p = sub.add_parser("user-add", help="新建用户")
    p.add_argument("username")
    p.add_argument("--admin", action="store_true")
    p.add_argument("--display-name", default="")
    p = sub.add_parser("password", help="修改用户密码")
    p.add_argument("username")
    sub.add_parser("users", help="列出用户")
    p = sub.add_parser("unlock", help="解除因多次登录失败而锁定的账户")
    p.add_argument("username")
    p = sub.add_parser("member-add", help="把用户加入工作区")
    p.add_argument("id")
    p.add_argument("username")
    p.add_argument("--role", choices=["owner", "editor", "viewer"], default="editor")
    p = sub.add_parser("member-remove", help="把用户移出工作区")
    p.add_argument("id")
    p.add_argument("username")
    p = sub.add_parser("members", help="列出工作区成员")
    p.add_argument("id")
    args = parser.parse_args(argv)

    try:
        store = open_store(args.database)
        if args.command == "create":
            ws = store.create_workspace(args.name, args.level, owner=args.owner)
            print(ws.id)
        elif args.command == "list":
            for ws in store.workspaces(args.user):
                years = "、".join(str(y) for y in store.current_datasets(ws.id)) or "无数据"
                print(f"{ws.id}\t{ws.name}\t{ws.level_name}\t{years}\t{ws.updated_at:%Y-%m-%d %H:%M}")
        elif args.command == "export":
            args.file.write_bytes(export_workspace(store, args.id))
            print(f"已导出到 {args.file}")
        elif args.command == "import":
            ws = import_workspace(store, args.file.read_bytes(), owner=args.owner, name=args.name)
            print(ws.id)
        elif args.command == "user-add":
            user = store.add_user(
                args.username, _password(), admin=args.admin, display_name=args.display_name
            )
            print(f"已新建用户 {user.username}" + ("（管理员）" if user.is_admin else ""))
        elif args.command == "password":
            store.set_password(args.username, _password())
            print("密码已修改")
        elif args.command == "unlock":
            store.unlock(args.username)
            print(f"已解锁 {args.username}")
        elif args.command == "users":
            for u in store.users():
                print(f"{u.username}\t{u.display_name}\t{'管理员' if u.is_admin else ''}")
        elif args.command == "member-add":
            store.add_member(args.id, args.username, args.role)
            print(f"已把 {args.username} 加入工作区（{args.role}）")
        elif args.command == "member-remove":
            store.remove_member(args.id, args.username)
            print(f"已把 {args.username} 移出工作区")
        elif args.command == "members":
            for username, role in store.members(args.id):
                print(f"{username}\t{role}")
    except WorkspaceError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"文件读写失败：{exc.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
