"""Decide, file by file, what an import adds, changes, leaves alone or must not touch."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.importer.existing import Existing
from bot.importer.yamlout import ARCHIVE_PATH


@dataclass(frozen=True, slots=True)
class Rendered:
    """A file the import would write, and the post it holds (None: the archive)."""

    path: str
    data: bytes
    post_id: str | None


@dataclass(slots=True)
class Plan:
    """The writes and removals an import makes, and what it reports."""

    writes: list[tuple[str, bytes]] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    """One message per file or post left as it is because it is not the importer's."""


def make_plan(files: list[Rendered], existing: Existing) -> Plan:
    """Compare the files to write with what the folder holds."""
    plan = Plan()
    for item in files:
        if item.post_id is not None:
            _post(plan, item, item.post_id, existing)
        else:
            _archive(plan, item, existing)
    if existing.foreign_archive is not None and ARCHIVE_PATH in existing.owned:
        plan.removals.append(ARCHIVE_PATH)  # the curator's archive replaces the imported one
        plan.removed.append(ARCHIVE_PATH)
    return plan


def _post(plan: Plan, item: Rendered, post_id: str, existing: Existing) -> None:
    other = existing.foreign_posts.get(post_id)
    if other is not None:
        plan.kept.append(
            f"post '{post_id}' is defined in {other}, a file the importer did not write "
            "(or one edited since): left as it is"
        )
        return
    if item.path in existing.foreign_paths:
        plan.kept.append(_foreign_path(item.path))
        return
    old = existing.owned_posts.get(post_id)
    if old is None:
        plan.writes.append((item.path, item.data))
        plan.added.append(item.path)
    elif old != item.path:  # the post's date moved it to another year
        plan.writes.append((item.path, item.data))
        plan.removals.append(old)
        plan.changed.append(item.path)
    elif existing.owned[old] == item.data:
        plan.unchanged += 1
    else:
        plan.writes.append((item.path, item.data))
        plan.changed.append(item.path)


def _archive(plan: Plan, item: Rendered, existing: Existing) -> None:
    if existing.foreign_archive is not None:
        return  # the folder's own archive wins, silently: that is what curators expect
    if item.path in existing.foreign_paths:
        plan.kept.append(_foreign_path(item.path))
    elif item.path not in existing.owned:
        plan.writes.append((item.path, item.data))
        plan.added.append(item.path)
    elif existing.owned[item.path] == item.data:
        plan.unchanged += 1
    else:
        plan.writes.append((item.path, item.data))
        plan.changed.append(item.path)


def _foreign_path(path: str) -> str:
    return (
        f"{path} exists and the importer did not write it (or it was edited since): left as it is"
    )
