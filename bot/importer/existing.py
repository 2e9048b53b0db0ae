"""What a knowledge folder already holds, as far as the importer is concerned.

An unedited file of the importer's (see `yamlout`) may be replaced; every
other file is the curator's: its post ids and its archive are noted so that
the import neither overwrites it nor defines the same post twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.importer.errors import UsageProblem
from bot.importer.yamlout import ARCHIVE_PATH, is_importers
from bot.knowledge.schema import check_file
from bot.knowledge.walk import walk_folder

_POST_PATH = re.compile(r"posts/[0-9]{4}/([a-z0-9][a-z0-9-]*)\.yaml")


@dataclass(slots=True)
class Existing:
    """The folder's files, split into the importer's (replaceable) and everyone else's."""

    owned: dict[str, bytes] = field(default_factory=dict)
    """Relative path -> bytes of each unedited file the importer wrote."""
    owned_posts: dict[str, str] = field(default_factory=dict)
    """Post id -> relative path of the importer's file for it."""
    foreign_paths: set[str] = field(default_factory=set)
    foreign_posts: dict[str, str] = field(default_factory=dict)
    """Post id -> relative path of the hand-written (or hand-edited) file defining it."""
    foreign_archive: str | None = None
    """The hand-written file defining the folder's `archive`, if any."""


def scan(folder: Path, *, max_file_bytes: int, max_depth: int) -> Existing:
    """What `folder` holds; an empty result when it does not exist yet."""
    found = Existing()
    if not folder.exists():
        return found
    if not folder.is_dir():
        raise UsageProblem(f"the output is not a folder: {folder}")
    for entry in walk_folder(folder).files:
        data = _read(Path(entry.path), max_file_bytes)
        if data is not None and is_importers(data):
            match = _POST_PATH.fullmatch(entry.relpath)
            if match is not None:
                found.owned[entry.relpath] = data
                found.owned_posts[match.group(1)] = entry.relpath
                continue
            if entry.relpath == ARCHIVE_PATH:
                found.owned[entry.relpath] = data
                continue
        found.foreign_paths.add(entry.relpath)
        if data is None:
            continue
        result = check_file(entry.relpath, data, max_depth=max_depth, max_file_bytes=max_file_bytes)
        for ref in result.post_refs:
            found.foreign_posts.setdefault(ref[0], entry.relpath)
        if (result.archive is not None or result.archive_line) and found.foreign_archive is None:
            found.foreign_archive = entry.relpath
    return found


def _read(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it is too big or unreadable (then it is not ours)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None
