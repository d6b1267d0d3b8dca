"""document slots: each document (plan, yearly 工作总结, 自评报告, 迎评方案, 经验材料) keeps its own versions

Adds plans.year and one slot per (workspace, kind, year). Versions saved before slots, when every
document shared the plan's version list, are moved to their own slot (read from each version's
template) and numbered again within it; the plan keeps its own versions in their order.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = ("self_report", "work_summary", "inspection_plan", "experience")


def _slot(payload) -> tuple[str, int]:
    """(kind, year) of a stored version, as workspaces.slots.slot_of_payload read it at this revision."""
    fields = payload.get("fields") if isinstance(payload, dict) else None
    template = fields.get("template") if isinstance(fields, dict) else None
    if not isinstance(template, str) or not template.startswith("kinds/"):
        return ("plan", 0)
    kind = template.removeprefix("kinds/")
    if kind not in _KINDS:
        return ("plan", 0)
    if kind != "work_summary":
        return (kind, 0)
    settings = fields.get("settings")
    data = settings.get("data") if isinstance(settings, dict) else None
    year = data.get("data_year") if isinstance(data, dict) else None
    return (kind, year if isinstance(year, int) else 0)


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN and CREATE UNIQUE INDEX: a batch (copy-and-drop) of ``plans`` on
    # SQLite would cascade-delete every plan version through the foreign key
    op.add_column("plans", sa.Column("year", sa.Integer(), server_default="0", nullable=False))
    _split_versions(op.get_bind())
    op.create_index("uq_plans_slot", "plans", ["workspace_id", "kind", "year"], unique=True)


def _split_versions(bind) -> None:
    meta = sa.MetaData()
    plans = sa.Table(
        "plans",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.String),
        sa.Column("kind", sa.String),
        sa.Column("year", sa.Integer),
        sa.Column("head", sa.Integer),
        sa.Column("created_at", sa.DateTime),
    )
    versions = sa.Table(
        "plan_versions",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer),
        sa.Column("number", sa.Integer),
        sa.Column("payload", sa.JSON),
    )
    rows = bind.execute(
        sa.select(plans.c.id, plans.c.workspace_id, plans.c.created_at)
        .where(plans.c.kind == "plan")
        .order_by(plans.c.id)
    ).all()
    by_workspace: dict[str, list[tuple[int, object]]] = {}
    for plan_id, workspace_id, created_at in rows:
        by_workspace.setdefault(workspace_id, []).append((plan_id, created_at))
    for workspace_id, owned in by_workspace.items():
        _split_workspace(bind, plans, versions, workspace_id, owned)


def _split_workspace(bind, plans, versions, workspace_id: str, owned: list) -> None:
    """Every version of the workspace's plan rows, in order, to its slot; the first row stays the plan."""
    plan_id, created_at = owned[0]
    listed = bind.execute(
        sa.select(versions.c.id, versions.c.payload)
        .where(versions.c.plan_id.in_([pid for pid, _ in owned]))
        .order_by(versions.c.plan_id, versions.c.number)
    ).all()
    slots: dict[tuple[str, int], int] = {("plan", 0): plan_id}
    counts: dict[int, int] = {plan_id: 0}
    moves: list[tuple[int, int, int]] = []
    for version_id, payload in listed:
        key = _slot(payload)
        target = slots.get(key)
        if target is None:
            target = bind.execute(
                sa.insert(plans).values(
                    workspace_id=workspace_id, kind=key[0], year=key[1], head=0, created_at=created_at
                )
            ).inserted_primary_key[0]
            slots[key] = target
        counts[target] = counts.get(target, 0) + 1
        moves.append((version_id, target, counts[target]))
    if len(slots) == 1 and len(owned) == 1:
        return  # only plan versions, already numbered 1..n in their one row
    # two passes keep (plan_id, number) unique: first out of the way, then in place
    for version_id, _, _ in moves:
        bind.execute(sa.update(versions).where(versions.c.id == version_id).values(number=-version_id))
    for version_id, target, number in moves:
        bind.execute(
            sa.update(versions).where(versions.c.id == version_id).values(plan_id=target, number=number)
        )
    for target, count in counts.items():
        bind.execute(sa.update(plans).where(plans.c.id == target).values(head=count))
    extra = [pid for pid, _ in owned[1:]]
    if extra:  # a second plan row a race once created: its versions now live in the first
        bind.execute(sa.delete(plans).where(plans.c.id.in_(extra)))


def downgrade() -> None:
    """Drops the slot index (and the year column where it can be dropped in place). The documents
    other than the plan stay in their own rows, which revision 0003 does not read."""
    op.drop_index("uq_plans_slot", table_name="plans")
    if op.get_bind().dialect.name != "sqlite":  # a copy-and-drop on SQLite would cascade, see upgrade
        op.drop_column("plans", "year")
