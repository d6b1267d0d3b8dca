"""Autosave for one page session: what changed since the last save goes to the store, and a
workspace comes back as it was. Knows the chat state only by its fields (messages, versions, plan)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import MutableSequence
from dataclasses import dataclass, field
from typing import Any

from workspaces import codec
from workspaces.errors import PermissionDenied, StaleSaveError
from workspaces.store import Store

__all__ = ["Autosave", "Restored", "StoredVersions"]

log = logging.getLogger("junheng.workspaces")


class StoredVersions(MutableSequence):
    """The chat's ``versions`` list, (label, plan) pairs, whose plans are read from the store only when
    one is used: reopening a workspace with a long history reads labels and the current plan only."""

    def __init__(
        self,
        store: Store,
        plan_id: int | None,
        labels: list[str],
        numbers: list[int],
        user: str | None = None,
    ):
        self._store = store
        self._plan_id = plan_id
        self._user = user
        self._items: list[list[Any]] = [
            [label, number, None] for label, number in zip(labels, numbers, strict=True)
        ]

    @property
    def labels(self) -> list[str]:
        return [item[0] for item in self._items]

    def _pair(self, item: list[Any]) -> tuple[str, Any]:
        if item[2] is None and item[1] is not None:
            item[2] = self._store.version_plan(self._plan_id, item[1], user=self._user)
        return (item[0], item[2])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._pair(item) for item in self._items[index]]
        return self._pair(self._items[index])

    def __setitem__(self, index, value) -> None:
        if isinstance(index, slice):
            self._items[index] = [[label, None, plan] for label, plan in value]
        else:
            label, plan = value
            self._items[index] = [label, None, plan]

    def __delitem__(self, index) -> None:
        del self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def insert(self, index: int, value) -> None:
        label, plan = value
        self._items.insert(index, [label, None, plan])

    def __copy__(self) -> StoredVersions:
        """A list of its own (a chat turn works on a copy) that still reads unloaded plans lazily."""
        copied = StoredVersions(self._store, self._plan_id, [], [], self._user)
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

    Every read and write is made as ``user`` (None: accounts are off), so the store refuses what the
    user's role does not allow."""

    def __init__(self, store: Store, workspace_id: str, user: str | None = None):
        self.store = store
        self.workspace_id = workspace_id
        self.user = user
        self.plan_id = store.find_plan(workspace_id, user=user)
        """None until the first version is saved (a viewer's session never creates one)."""
        self.saved_messages = 0
        self.head = 0
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
        versions = [] if self.plan_id is None else self.store.versions(self.plan_id, False, user)
        self.head = versions[-1].number if versions else 0
        self.bases = [v.basis for v in versions]
        stored = StoredVersions(
            self.store, self.plan_id, [v.label for v in versions], [v.number for v in versions], user
        )
        try:
            rest = self.store.chat_state(self.workspace_id, user)
        except (codec.CodecError, TypeError, ValueError):
            log.warning("chat state of %s could not be read; starting a fresh one", self.workspace_id)
            rest = None
        self.rest_json = codec.encode(rest) if rest is not None else None
        return Restored(dict(self.settings), messages, stored, rest, list(self.bases))

    def save(self, chat: Any, settings: dict, basis: str = "") -> str | None:
        """Save new messages, new plan versions, the chat's other state and changed settings.

        ``basis`` tags new plan versions (the data and settings they were drafted from). Returns the
        Chinese message of a refused save (stale, or not allowed for the user's role: nothing of that
        part is written), else None."""
        user = self.user
        try:
            messages = list(chat.messages)
            if len(messages) > self.saved_messages:
                self.saved_messages = self.store.append_messages(
                    self.workspace_id, self.saved_messages, messages[self.saved_messages :], user
                )
            versions = chat.versions
            for label, plan in versions[self.head :]:
                if self.plan_id is None:
                    self.plan_id = self.store.plan_id(self.workspace_id, user=user)
                self.head = self.store.add_version(
                    self.plan_id, plan, label, head=self.head, basis=basis, user=user
                )
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
