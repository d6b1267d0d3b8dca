"""What closes a failing 政府保障 check (学校规模, 班额, 音乐、美术专用教室) as the plan has it: the
plan's room projects with their months, the 班额 deadline from the plan's 自评, and whose work it
is (a 民办 school's 举办者, never public money). One place, so every document says the same."""

from __future__ import annotations

from dataclasses import dataclass

from metrics import GuaranteeCheck
from planner.documents.plan_link import PlannedWork, PlanWork
from planner.documents.schools import is_private

__all__ = ["ROOMS", "ROOM_FIELDS", "CheckWork", "by_school", "check_item", "check_work"]

ROOMS = "音乐、美术专用教室"
ROOM_FIELDS = {"音乐专用教室": "music_rooms", "美术专用教室": "art_rooms"}
"""The upload column a room check's projects add to."""


def check_item(name: str) -> str:
    """The item a check belongs to: 小学平均班额 and 初中平均班额 are the 班额 item (an average above
    the limit means some class is over it)."""
    if name.endswith("班额"):
        return "班额"
    return ROOMS if name in ROOM_FIELDS else name


@dataclass(frozen=True)
class CheckWork:
    """The plan's projects for the failing schools of one check, and whether they are all 民办."""

    item: str
    planned: tuple[PlannedWork, ...]
    private: bool
    """Every failing school is 民办: the work is its 举办者's, with its own money."""
    private_names: tuple[str, ...] = ()
    """The 民办 schools among public ones (their share is their 举办者's, said in a sentence of its own)."""


def check_work(kc, work: PlanWork, item: str, failed: list[GuaranteeCheck]) -> CheckWork:
    names = {g.name for g in failed}
    fields = set(ROOM_FIELDS.values()) if item == ROOMS else {ROOM_FIELDS.get(item)}
    planned = tuple(w for w in work.works if w.field in fields and w.school in names)
    schools = [s for s in kc.ev.schools if s.name in names]
    private = bool(schools) and all(is_private(s) for s in schools)
    some = () if private else tuple(dict.fromkeys(s.name for s in schools if is_private(s)))
    return CheckWork(item, planned, private, some)


def by_school(failed: list[GuaranteeCheck]) -> list[tuple[str, list[GuaranteeCheck]]]:
    """The failing checks school by school, in their order: a school named once with all its details
    (育才学校（应有音乐专用教室2间，现有1间；应有美术专用教室2间，现有1间））."""
    out: dict[str, list[GuaranteeCheck]] = {}
    for c in failed:
        out.setdefault(c.name, []).append(c)
    return list(out.items())
