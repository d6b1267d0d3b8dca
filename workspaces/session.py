"""Autosave for one page session: what changed since the last save goes to the store, and a
workspace comes back as it was. Knows the chat state only by its fields (messages, versions, plan)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, MutableSequence
from dataclasses import dataclass, field
from typing import Any

from workspaces import codec
from workspaces.errors import PermissionDenied, StaleSaveError
from workspaces.slots import SlotKey
from workspaces.store import SlotVersion, Store

__all__ = ["Autosave", "Restored", "SlotOf", "StoredVersions"]

SlotOf = Callable[[Any], SlotKey]
"""Which document slot a version's document belongs to (planner.documents.slots.slot_of)."""

log = logging.getLogger("junheng.workspaces")


class StoredVersions(MutableSequence):
    """The chat's ``versions`` list, (label, plan) pairs over every document slot in the order they were
    saved, whose plans are read from the store only when one is used: reopening a workspace with a long
    history reads labels and the current document only. Each stored item knows its slot."""

    def __init__(
        self,
        store: Store,
        plan_id: int | None,
        labels: list[str],
        numbers: list[int],
        user: str | None = None,
        slot_ids: list[int] | None = None,
        keys: list[SlotKey] | None = None,
    ):
        self._store = store
        self._user = user
        ids = slot_ids if slot_ids is not None else [plan_id] * len(labels)
        slots = keys if keys is not None else [SlotKey()] * len(labels)
        self._items: list[list[Any]] = [
            [label, (pid, number), None, key]
            for label, number, pid, key in zip(labels, numbers, ids, slots, strict=True)
        ]

    @classmethod
    def of(cls, store: Store, versions: list[SlotVersion], user: str | None = None) -> StoredVersions:
        """The versions :meth:`Store.slot_versions` listed, each read from its own slot."""
        return cls(
            store,
            None,
            [v.label for v in versions],
            [v.number for v in versions],
            user,
            [v.slot_id for v in versions],
            [v.key for v in versions],
        )

    @property
    def labels(self) -> list[str]:
        return [item[0] for item in self._items]

    def keys(self, slot_of: SlotOf) -> list[SlotKey]:
        """Each version's slot: as stored, or ``slot_of`` its document for one not saved yet."""
        return [item[3] if item[3] is not None else slot_of(self._pair(item)[1]) for item in self._items]

    def _pair(self, item: list[Any]) -> tuple[str, Any]:
        if item[2] is None and item[1] is not None:
            pid, number = item[1]
            item[2] = self._store.version_plan(pid, number, user=self._user)
        return (item[0], item[2])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._pair(item) for item in self._items[index]]
        return self._pair(self._items[index])

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            self._items[index] = [[label, None, plan, None] for label, plan in value]
        else:
            label, plan = value
            self._items[index] = [label, None, plan, None]

    def __delitem__(self, index) -> None:
        del self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def insert(self, index: int, value) -> None:
        label, plan = value
        self._items.insert(index, [label, None, plan, None])

    def __copy__(self) -> StoredVersions:
        """A list of its own (a chat turn works on a copy) that still reads unloaded plans lazily."""
        copied = StoredVersions(self._store, None, [], [], self._user)
        copied._items = [list(item) for item in self._items]
        return copied

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, list | StoredVersions) else NotImplemented


@dataclass
class Restored:
    """A workspace as last saved: settings, chat history, plan versions and the rest of the chat state."""

    settings: dict
    messages: list[tuple[str, Any]]
    versions: StoredVersions
    """(label, plan) pairs; a plan is read from the store when it is first used."""
    chat_rest: Any
    """The chat state object with its messages, versions and plan emptied (or None if never saved)."""
    bases: list[str] = field(default_factory=list)


class Autosave:
    """Tracks what this session has saved of one workspace; :meth:`save` writes only the difference.

    Every new version goes to its document's slot (``slot_of``; without it everything is the plan),
    so drafting a 自评报告 never adds a version to the 实施方案. Every read and write is made as
    ``user`` (None: accounts are off), so the store refuses what the user's role does not allow."""

    def __init__(
        self, store: Store, workspace_id: str, user: str | None = None, slot_of: SlotOf | None = None
    ):
        self.store = store
        self.workspace_id = workspace_id
        self.user = user
        self.slot_of: SlotOf = slot_of or (lambda _document: SlotKey())
        self.saved_messages = 0
        self.saved_versions = 0
        self.heads: dict[SlotKey, tuple[int | None, int]] = {}
        """Each slot's id (None until created) and the head this session read or wrote."""
        self.revision = 0
        self.settings: dict = {}
        self.rest_json: Any = None
        self.bases: list[str] = []

    def restore(self) -> Restored:
        """Read everything back and remember it as saved."""
        user = self.user
        self.settings, self.revision = self.store.settings(self.workspace_id, user)
        messages = self.store.messages(self.workspace_id, user)
        self.saved_messages = self.store.message_count(self.workspace_id, user)
        versions = self.store.slot_versions(self.workspace_id, user)
        self.saved_versions = len(versions)
        self.heads = {d.key: (d.id, d.head) for d in self.store.slots(self.workspace_id, user)}
        self.bases = [v.basis for v in versions]
        stored = StoredVersions.of(self.store, versions, user)
        try:
            rest = self.store.chat_state(self.workspace_id, user)
        except (codec.CodecError, TypeError, ValueError):
            log.warning("chat state of %s could not be read; starting a fresh one", self.workspace_id)
            rest = None
        self.rest_json = codec.encode(rest) if rest is not None else None
        return Restored(dict(self.settings), messages, stored, rest, list(self.bases))

    def save(self, chat: Any, settings: dict, basis: str = "") -> str | None:
        """Save new messages, new document versions (each in its slot), the chat's other state and
        changed settings.

        ``basis`` tags new versions (the data and settings they were drafted from). Returns the
        Chinese message of a refused save (stale, or not allowed for the user's role: nothing of that
        part is written), else None."""
        user = self.user
        try:
            messages = list(chat.messages)
            if len(messages) > self.saved_messages:
                self.saved_messages = self.store.append_messages(
                    self.workspace_id, self.saved_messages, messages[self.saved_messages :], user
                )
            for label, document in chat.versions[self.saved_versions :]:
                self._save_version(document, label, basis)
                self.saved_versions += 1
                self.bases.append(basis)
            rest = dataclasses.replace(chat, messages=[], versions=[], plan=None)
            rest_json = codec.encode(rest)
            if rest_json != self.rest_json:
                self.store.save_chat_state(self.workspace_id, rest, user)
                self.rest_json = rest_json
            if settings != self.settings:
                self.revision = self.store.save_settings(self.workspace_id, settings, self.revision, user)
                self.settings = dict(settings)
        except (StaleSaveError, PermissionDenied) as exc:
            return str(exc)
        except TypeError:  # a value the codec cannot store: keep the page running, say so once
            log.exception("autosave of %s failed", self.workspace_id)
            return "有一项内容未能保存（格式不受支持），其余内容已保存。"
        return None

    def _save_version(self, document: Any, label: str, basis: str) -> None:
        key = self.slot_of(document)
        slot_id, head = self.heads.get(key, (None, 0))
        if slot_id is None:
            slot_id = self.store.slot_id(self.workspace_id, key, user=self.user)
        head = self.store.add_version(slot_id, document, label, head=head, basis=basis, user=self.user)
        self.heads[key] = (slot_id, head)
