"""Find the YAML files of a knowledge folder, safely.

Names (of files or of any folder on the way) starting with `.` or `_` are
skipped. Symbolic links are followed only when their real target stays
inside the folder; a link that leaves the folder, dangles or loops is
reported by its own relative path, and its target is never printed.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from bot.knowledge.problems import Problem

log = logging.getLogger(__name__)

YAML_SUFFIXES = (".yaml", ".yml")


class FoundFile(NamedTuple):
    """A YAML file to read: its relative path and the real path to open."""

    relpath: str
    """Relative to the folder, with forward slashes (a link's own path)."""
    path: str
    """What to open: the entry itself, or a link's resolved target inside the folder."""
    fingerprint: tuple[int, int, int, int]
    """(size, mtime in ns, inode, device): a compact stat, what the cache compares."""


@dataclass(frozen=True, slots=True)
class WalkResult:
    """Files in sorted relative-path order, and the problems met on the way."""

    files: tuple[FoundFile, ...]
    problems: tuple[Problem, ...]


def is_ignored(name: str) -> bool:
    """Names starting with `.` or `_` are ignored, files and folders alike."""
    return name.startswith((".", "_"))


def is_yaml_name(name: str) -> bool:
    """`*.yaml` / `*.yml`, case-insensitively."""
    return name.lower().endswith(YAML_SUFFIXES)


_Todo = tuple[str, tuple[str, ...], frozenset[tuple[int, int]]]
"""A folder still to walk: (real path, relative parts, (device, inode) of its ancestors)."""


_Level = tuple[
    Iterator[tuple[str, "os.DirEntry[str]"]], tuple[str, ...], frozenset[tuple[int, int]]
]
"""A folder being walked: its remaining sorted entries, relative parts, ancestors."""


Fingerprint = tuple[int, int, int, int]
"""Size, mtime, inode and device: what identifies an unchanged file without reading it."""


def fingerprint(st: os.stat_result) -> Fingerprint:
    """The fingerprint of a stat result."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def _inside(root: str, target: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


class _Walker:
    def __init__(self, root: str) -> None:
        self.root = root
        self.found: list[FoundFile] = []
        self.problems: list[Problem] = []

    def problem(self, parts: tuple[str, ...], message: str) -> None:
        self.problems.append(Problem("/".join(parts), 1, "-", message))

    def add_file(self, parts: tuple[str, ...], path: str, st: os.stat_result) -> None:
        if not stat.S_ISREG(st.st_mode):
            self.problem(parts, "not a regular file")
            return
        self.found.append(FoundFile("/".join(parts), path, fingerprint(st)))

    def follow(
        self,
        entry: os.DirEntry[str],
        parts: tuple[str, ...],
        ancestors: frozenset[tuple[int, int]],
        todo: list[_Todo],
    ) -> None:
        """Follow a symbolic link if (and only if) its target stays inside the folder."""
        yaml_name = is_yaml_name(entry.name)
        try:
            target = os.path.realpath(entry.path, strict=True)
        except OSError as err:
            if err.errno == errno.ELOOP:
                self.problem(parts, "symbolic link loop; not followed")
            elif err.errno == errno.ENOENT:
                self.problem(parts, "dangling symbolic link: its target does not exist")
            else:
                self.problem(parts, f"cannot follow symbolic link: {err.strerror}")
            return
        if not _inside(self.root, target):
            if yaml_name or os.path.isdir(target):
                self.problem(
                    parts, "symbolic link points outside the knowledge folder; not followed"
                )
            return
        try:
            st = os.stat(target)
        except OSError as err:
            self.problem(parts, f"cannot read: {err.strerror}")
            return
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                self.problem(parts, "symbolic link loop: it points to a folder that contains it")
                return
            todo.append((target, parts, ancestors | {key}))
        elif yaml_name:
            self.add_file(parts, target, st)

    def listing(self, directory: str, parts: tuple[str, ...]) -> list[tuple[str, os.DirEntry[str]]]:
        """The folder's entries that are not ignored, sorted by name."""
        try:
            with os.scandir(directory) as entries:
                return sorted([(e.name, e) for e in entries if not is_ignored(e.name)])
        except OSError as err:
            self.problem(parts or (".",), f"cannot read folder: {err.strerror}")
            return []

    def run(self) -> WalkResult:
        """Walk depth first, each folder's names in sorted order.

        Visiting a folder's contents where its name sorts yields relative paths
        ordered part by part (folder `a/` before `a-b.yaml`) with no sort of
        all paths at the end. Plain entries use the type information of the
        folder listing and one `stat` per YAML file; only symbolic links are
        resolved.
        """
        root_st = os.stat(self.root)
        found = self.found
        suffixes = YAML_SUFFIXES
        is_regular = stat.S_ISREG
        ancestors0 = frozenset({(root_st.st_dev, root_st.st_ino)})
        stack: list[_Level] = [(iter(self.listing(self.root, ())), (), ancestors0)]
        while stack:
            entries, dir_parts, ancestors = stack[-1]
            prefix = "/".join(dir_parts) + "/" if dir_parts else ""
            depth = len(stack)
            for name, entry in entries:  # plain files inline; a folder is pushed and entered
                try:
                    if entry.is_symlink():
                        todo: list[_Todo] = []
                        self.follow(entry, (*dir_parts, name), ancestors, todo)
                        for target, parts, inner in todo:  # a followed folder
                            stack.append((iter(self.listing(target, parts)), parts, inner))
                    elif entry.is_dir(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        parts = (*dir_parts, name)
                        inner = ancestors | {(st.st_dev, st.st_ino)}
                        stack.append((iter(self.listing(entry.path, parts)), parts, inner))
                    elif name.lower().endswith(suffixes):
                        st = entry.stat(follow_symlinks=False)
                        if is_regular(st.st_mode):
                            found.append(FoundFile(prefix + name, entry.path, fingerprint(st)))
                        else:
                            self.problem((*dir_parts, name), "not a regular file")
                except OSError as err:
                    self.problem((*dir_parts, name), f"cannot read: {err.strerror}")
                if len(stack) > depth:
                    break  # walk the new folder first; this iterator resumes after it
            else:
                stack.pop()
        log.debug("found %d YAML files under %s", len(found), self.root)
        return WalkResult(tuple(found), tuple(self.problems))


def walk_folder(folder: Path) -> WalkResult:
    """List the folder's YAML files; raise FileNotFoundError / NotADirectoryError if unusable."""
    if not folder.exists():
        raise FileNotFoundError(f"knowledge folder not found: {folder}")
    if not folder.is_dir():
        raise NotADirectoryError(f"not a folder: {folder}")
    return _Walker(os.path.realpath(folder)).run()
