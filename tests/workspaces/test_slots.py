"""Document slots: the plan, each year's 工作总结, the 自评报告 … keep their own versions; saving one
never replaces another; databases and exports from before slots are split into them."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, bindparam, create_engine, text

from workspaces import SlotKey, export_workspace, import_workspace, open_store
from workspaces.db import MIGRATIONS, database_url
from workspaces.slots import slot_of_payload


def _doc(kind: str | None, year: int | None = None, title: str = "", coded: bool = True) -> dict:
    """A version as the codec stores a drafted document: its template names the kind. Not ``coded``:
    the same shape as plain JSON (an import decodes every version, and this stand-in is no whole Plan)."""
    template = f"kinds/{kind}" if kind else "town_quality"
    settings = {"data": {"region": "城关镇", "data_year": year}}
    doc = {"fields": {"title": title, "template": template, "settings": settings}}
    if coded:
        settings["$model"] = "planner.settings:PlanSettings"
        doc["$dc"] = "planner.model:Plan"
    return doc


def test_a_slot_is_created_once_and_found_again(store):
    ws = store.create_workspace("城关镇", "town")
    first = store.slot_id(ws.id, SlotKey("work_summary", 2024))
    assert store.slot_id(ws.id, SlotKey("work_summary", 2024)) == first
    assert store.slot_id(ws.id, SlotKey("work_summary", 2025)) != first
    assert store.slot_id(ws.id) == store.plan_id(ws.id)  # the default slot is the plan


def test_saving_a_report_leaves_the_plan_as_it_was(store):
    ws = store.create_workspace("城关镇", "town")
    plan, report = store.slot_id(ws.id), store.slot_id(ws.id, SlotKey("self_report"))
    store.add_version(plan, {"t": "方案一"}, "第1版：生成方案", head=0)
    store.add_version(plan, {"t": "方案二"}, "第2版：修改", head=1)
    store.add_version(report, {"t": "自评"}, "第3版：起草自评报告", head=0)
    assert [v.plan for v in store.versions(plan)] == [{"t": "方案一"}, {"t": "方案二"}]
    assert [v.number for v in store.versions(report)] == [1]
    listed = {d.key.name: (d.head, d.label) for d in store.slots(ws.id)}
    assert listed == {"实施方案": (2, "第2版：修改"), "自评报告": (1, "第3版：起草自评报告")}


def test_slots_are_listed_plan_first_and_the_newest_summary_first(store):
    ws = store.create_workspace("城关镇", "town")
    for key in (
        SlotKey("experience"),
        SlotKey("work_summary", 2023),
        SlotKey("work_summary", 2024),
        SlotKey(),
    ):
        store.add_version(store.slot_id(ws.id, key), {"k": key.kind}, "第1版", head=0)
    store.slot_id(ws.id, SlotKey("self_report"))  # created but never saved: not listed
    names = [d.key.name for d in store.slots(ws.id)]
    assert names == ["实施方案", "2024年度工作总结", "2023年度工作总结", "经验交流材料"]


def test_all_versions_come_back_in_the_order_they_were_saved(store):
    ws = store.create_workspace("城关镇", "town")
    plan, summary = store.slot_id(ws.id), store.slot_id(ws.id, SlotKey("work_summary", 2024))
    store.add_version(plan, {"n": 1}, "a", head=0)
    store.add_version(summary, {"n": 2}, "b", head=0)
    store.add_version(plan, {"n": 3}, "c", head=1)
    listed = [(v.label, v.key.name, v.number) for v in store.slot_versions(ws.id)]
    assert listed == [("a", "实施方案", 1), ("b", "2024年度工作总结", 1), ("c", "实施方案", 2)]


def test_a_kind_that_is_not_yearly_drops_a_year():
    assert SlotKey("self_report", 2024) == SlotKey("self_report")
    with pytest.raises(ValueError):
        SlotKey("notice")


def test_a_stored_version_names_its_slot_by_its_template():
    assert slot_of_payload(_doc(None)) == SlotKey()
    assert slot_of_payload(_doc("self_report", 2024)) == SlotKey("self_report")
    assert slot_of_payload(_doc("work_summary", 2024)) == SlotKey("work_summary", 2024)
    assert slot_of_payload({"title": "不是文稿"}) == SlotKey()


def test_an_export_keeps_every_document_in_its_slot(store):
    ws = store.create_workspace("城关镇", "town")
    store.add_version(store.slot_id(ws.id), {"t": "方案"}, "第1版", head=0)
    store.add_version(store.slot_id(ws.id, SlotKey("inspection_plan")), {"t": "迎评"}, "第2版", head=0)
    copy = import_workspace(store, export_workspace(store, ws.id))
    assert [(d.key.name, d.head, d.label) for d in store.slots(copy.id)] == [
        ("实施方案", 1, "第1版"),
        ("迎评工作方案", 1, "第2版"),
    ]
    assert [v.label for v in store.slot_versions(copy.id)] == ["第1版", "第2版"]


def test_an_export_from_before_slots_is_split_by_each_document(store):
    ws = store.create_workspace("城关镇", "town")
    old = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(export_workspace(store, ws.id))) as src, zipfile.ZipFile(old, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        # an old export: one version list, no slot named
        manifest["plan_versions"] = [
            {"label": f"第{n}版", "basis": "", "payload": payload}
            for n, payload in enumerate(
                [_doc(None, coded=False), _doc("self_report", coded=False), _doc(None, coded=False)], 1
            )
        ]
        dst.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
    copy = import_workspace(store, old.getvalue())
    assert [(d.key.name, d.head, d.label) for d in store.slots(copy.id)] == [
        ("实施方案", 2, "第3版"),
        ("自评报告", 1, "第2版"),
    ]


def test_an_export_naming_an_unknown_document_kind_is_refused_and_nothing_is_written(store):
    from workspaces import ArchiveError

    ws = store.create_workspace("城关镇", "town")
    store.add_version(store.slot_id(ws.id), {"t": "方案"}, "第1版", head=0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(export_workspace(store, ws.id))) as src, zipfile.ZipFile(out, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        manifest["plan_versions"][0]["kind"] = "notice"
        dst.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
    with pytest.raises(ArchiveError, match=r"文稿的类别无法识别.*未写入任何内容"):
        import_workspace(store, out.getvalue())
    assert [w.id for w in store.workspaces()] == [ws.id]


def test_the_migration_splits_a_shared_version_list_into_slots(db_url):
    """A database from before slots: the 自评报告 and two years' 工作总结 were saved as versions of the
    plan. After the upgrade each is its own document and the plan's versions are 1, 2 again."""
    url = db_url
    engine = create_engine(database_url(url))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")  # the last revision before slots

    payloads = [
        ("第1版：生成方案", _doc(None, title="方案")),
        ("第2版：起草自评报告", _doc("self_report", 2024)),
        ("第3版：起草工作总结", _doc("work_summary", 2024)),
        ("第4版：手工修改", _doc(None, title="方案改")),
        ("第5版：起草工作总结", _doc("work_summary", 2025)),
    ]
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO workspaces (id, name, level, settings, chat_state, revision, created_at,"
                " updated_at) VALUES ('w1', '城关镇', 'town', '{}', '{}', 1, '2024-01-01', '2024-01-01')"
            )
        )
        c.execute(
            text(
                "INSERT INTO plans (workspace_id, kind, head, created_at)"
                " VALUES ('w1', 'plan', 5, '2024-01-01')"
            )
        )
        pid = c.execute(text("SELECT id FROM plans")).scalar_one()
        for n, (label, payload) in enumerate(payloads, 1):
            c.execute(
                text(
                    "INSERT INTO plan_versions (plan_id, number, label, payload, basis, created_at)"
                    " VALUES (:pid, :n, :label, :payload, '', '2024-01-01')"
                ).bindparams(bindparam("payload", type_=JSON)),
                {"pid": pid, "n": n, "label": label, "payload": payload},
            )
    engine.dispose()
    store = open_store(url)
    slots = {d.key.name: (d.head, d.label) for d in store.slots("w1")}
    assert slots == {
        "实施方案": (2, "第4版：手工修改"),
        "自评报告": (1, "第2版：起草自评报告"),
        "2025年度工作总结": (1, "第5版：起草工作总结"),
        "2024年度工作总结": (1, "第3版：起草工作总结"),
    }
    plan_versions = store.versions(store.plan_id("w1"), with_plans=False)
    assert [(v.number, v.label) for v in plan_versions] == [(1, "第1版：生成方案"), (2, "第4版：手工修改")]
    assert [v.label for v in store.slot_versions("w1")] == [label for label, _ in payloads]
