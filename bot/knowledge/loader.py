"""Load a knowledge folder: walk, read (through the cache), validate, assemble.

Without an `archive` in the folder, the archive is named after the folder
and its `url` is the empty string: callers show no home link in that case.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from bot.knowledge.cache import FileCache
from bot.knowledge.crosscheck import cross_check
from bot.knowledge.crossdelta import CrossState
from bot.knowledge.fileresult import FileResult
from bot.knowledge.models import Archive, Knowledge, Post
from bot.knowledge.problems import Problem
from bot.knowledge.schema import check_file
from bot.knowledge.walk import FoundFile, fingerprint, walk_folder

log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The outcome of a load: a Knowledge when there are no errors, and every problem."""

    knowledge: Knowledge | None
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    files: int = 0
    """YAML files found."""
    parsed: int = 0
    """Files actually parsed (not served by the cache)."""

    @property
    def ok(self) -> bool:
        """True when the folder is valid (warnings allowed)."""
        return not self.errors and self.knowledge is not None


def _problem_result(relpath: str, message: str) -> FileResult:
    return FileResult(relpath, problems=(Problem(relpath, 1, "-", message),))


def _read_bytes(found: FoundFile, max_file_bytes: int) -> bytes | str:
    """The file's bytes, or why they cannot be read (never reads past the limit).

    Reads the size fstat reports plus one byte (to notice a file that grew),
    never a limit-sized buffer: a 16 MiB buffer per file, shrunk after the
    read, leaves one memory mapping per file and exhausts vm.max_map_count
    on large archives.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(found.path, flags)
    except OSError as err:
        return f"cannot read: {err.strerror}"
    try:
        with os.fdopen(fd, "rb", buffering=0) as handle:
            size = os.fstat(fd).st_size
            if size > max_file_bytes:
                return f"file is larger than the {max_file_bytes}-byte limit"
            data = handle.read(size + 1)
            if len(data) > size:  # it grew since fstat: read on, up to the limit
                chunks = [data]
                total = len(data)
                while total <= max_file_bytes and (more := handle.read(65536)):
                    chunks.append(more)
                    total += len(more)
                data = b"".join(chunks)
    except OSError as err:
        return f"cannot read: {err.strerror}"
    if len(data) > max_file_bytes:
        return f"file is larger than the {max_file_bytes}-byte limit"
    return data


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def load_knowledge(
    folder: Path,
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    cache: FileCache | None = None,
) -> LoadResult:
    """Load and validate every YAML file under `folder`; never raises for bad content.

    Raises FileNotFoundError / NotADirectoryError when the folder itself is unusable.
    """
    return _load(folder, max_file_bytes, max_depth, cache)


def _load(folder: Path, max_file_bytes: int, max_depth: int, cache: FileCache | None) -> LoadResult:
    started = time.perf_counter()
    walk = walk_folder(folder)
    keep_state = cache is not None
    cache = cache if cache is not None else FileCache()
    cache.begin((os.path.realpath(folder), max_file_bytes, max_depth))
    files = walk.files
    results: list[FileResult | None] = [None] * len(files)
    digests: list[bytes] = [b""] * len(files)
    pending: list[tuple[int, bytes]] = []
    for i, found in enumerate(files):
        fp = found.fingerprint
        if fp[0] > max_file_bytes:
            results[i] = _problem_result(
                found.relpath, f"file is larger than the {max_file_bytes}-byte limit"
            )
            digests[i] = b"size:%d" % fp[0]
            continue
        hit = cache.by_stat(found.relpath, fp)
        if hit is not None:
            digests[i], results[i] = hit
            continue
        data = _read_bytes(found, max_file_bytes)
        if isinstance(data, str):
            results[i] = _problem_result(found.relpath, data)
            digests[i] = b"unreadable"
            continue
        digests[i] = digest = _digest(data)
        cached = cache.by_digest(found.relpath, digest)
        if cached is not None:
            results[i] = cached
            cache.put(found.relpath, fp, digest, cached)
        else:
            pending.append((i, data))
    for i, data in pending:
        results[i] = result = check_file(
            files[i].relpath, data, max_depth=max_depth, max_file_bytes=max_file_bytes
        )
        cache.put(files[i].relpath, files[i].fingerprint, digests[i], result)
    cache.retain({f.relpath for f in files})
    cache.save()
    done = [r for r in results if r is not None]
    load = _assemble(folder, files, done, digests, walk.problems, cache if keep_state else None)
    log.info(
        "loaded %s: %d files (%d parsed), %d errors, %d warnings in %.2f s",
        folder,
        len(files),
        len(pending),
        len(load.errors),
        len(load.warnings),
        time.perf_counter() - started,
    )
    return LoadResult(load.knowledge, load.errors, load.warnings, len(files), len(pending))


def _sort_key(problem: Problem) -> tuple[tuple[str, ...], int]:
    return tuple(problem.path.split("/")), problem.line


def _assemble(
    folder: Path,
    files: Sequence[FoundFile],
    results: Sequence[FileResult],
    digests: Sequence[bytes],
    walk_problems: Sequence[Problem],
    cache: FileCache | None,
) -> LoadResult:
    today = dt.date.today()
    state = cache.cross_state if cache is not None else None
    cross = None
    if state is not None and not walk_problems:
        cross = state.update(results, today)
    if cross is None:
        if cache is not None:
            cache.cross_state = None
        cross = cross_check(results, today=today)
        state = None
    errors = [*walk_problems, *cross.errors]
    warnings = list(cross.warnings)
    for result in results:
        for problem in result.problems:
            (errors if problem.severity == "error" else warnings).append(problem)
    errors.sort(key=_sort_key)
    warnings.sort(key=_sort_key)
    if errors:
        return LoadResult(None, tuple(errors), tuple(warnings))
    if cache is not None and state is None:
        cache.cross_state = CrossState(
            results,
            cross.warnings,
            today,
            post_owners=cross.post_owners,
            fact_ids=cross.fact_ids,
        )
    hasher = hashlib.blake2b(digest_size=16)
    for found, digest in zip(files, digests, strict=True):
        hasher.update(found.relpath.encode("utf-8", "surrogatepass") + b"\x00" + digest + b"\n")
    archive = cross.archive or Archive(Path(os.path.realpath(folder)).name, "")
    version = hasher.hexdigest()[:12]
    if state is not None and state.knowledge is not None:
        old, new = state.delta
        posts, by_id = _updated_posts(state.knowledge, old, new)
        knowledge = Knowledge(
            archive, posts, tuple(cross.facts), tuple(cross.synonyms), version, by_id
        )
    else:
        knowledge = Knowledge.create(
            archive, cross.posts, cross.facts, synonyms=tuple(cross.synonyms), version=version
        )
    if cache is not None and cache.cross_state is not None:
        cache.cross_state.knowledge = knowledge
    return LoadResult(knowledge, (), tuple(warnings))


def _post_order(post: Post) -> tuple[dt.date, str]:
    return post.date, post.id


def _updated_posts(
    previous: Knowledge, old: Sequence[FileResult], new: Sequence[FileResult]
) -> tuple[tuple[Post, ...], MappingProxyType[str, Post]]:
    """The previous posts (newest first) and id lookup with only the changed files' posts redone.

    Gives what `Knowledge.create` gives, as post ids are unique in a valid folder.
    """
    gone = {id(post) for result in old for post in result.posts}
    posts = (
        [post for post in previous.posts if id(post) not in gone] if gone else list(previous.posts)
    )
    by_id = dict(previous.posts_by_id)
    for result in old:
        for post in result.posts:
            if by_id.get(post.id) is post:
                del by_id[post.id]
    for post in (post for result in new for post in result.posts):
        key = _post_order(post)
        low, high = 0, len(posts)
        while low < high:  # first position whose post sorts below `post` (newest first)
            middle = (low + high) // 2
            if _post_order(posts[middle]) > key:
                low = middle + 1
            else:
                high = middle
        posts.insert(low, post)
        by_id[post.id] = post
    return tuple(posts), MappingProxyType(by_id)


@dataclass(frozen=True, slots=True)
class FileCheck:
    """One file checked as part of its folder: its own problems, and what it holds."""

    relpath: str
    """The file's path relative to the folder, as its problems name it."""
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    posts: int
    facts: int
    files: int
    """YAML files of the folder read for the check (the file included)."""
    others_with_errors: int
    """Other files of the folder with errors (not reported here)."""


def _parts(relpath: str) -> tuple[str, ...]:
    return tuple(relpath.split("/"))


def check_one_file(
    file: Path,
    folder: Path,
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> FileCheck:
    """Check `file` with every rule, against the posts and facts of `folder` (which holds it).

    Only the file's problems are returned: its own, and those the folder-wide
    checks find in it (a fact citing a post of another file, a duplicate id).
    A file the loader would skip (`_draft.yaml`) is checked too, as if it were
    in the folder. Raises FileNotFoundError / NotADirectoryError as load_knowledge.
    """
    walk = walk_folder(folder)
    root = os.path.realpath(folder)
    relpath = Path(
        os.path.relpath(os.path.join(os.path.realpath(file.parent), file.name), root)
    ).as_posix()
    if relpath == ".." or relpath.startswith("../"):
        raise ValueError(f"{file} is not inside {folder}")
    files = list(walk.files)
    walk_problems = [p for p in walk.problems if p.path == relpath]
    if not walk_problems and all(found.relpath != relpath for found in files):
        # Named on purpose although the loader skips it (a draft): read it where it sorts.
        target = FoundFile(relpath, str(file), fingerprint(os.stat(file)))
        at = bisect.bisect([_parts(f.relpath) for f in files], _parts(relpath))
        files.insert(at, target)
    results: list[FileResult] = []
    for found in files:
        data = _read_bytes(found, max_file_bytes)
        if isinstance(data, str):
            results.append(_problem_result(found.relpath, data))
        else:
            results.append(
                check_file(found.relpath, data, max_depth=max_depth, max_file_bytes=max_file_bytes)
            )
    cross = cross_check(results, today=dt.date.today())
    mine = [r for r in results if r.path == relpath]
    errors = [*walk_problems, *(p for p in cross.errors if p.path == relpath)]
    warnings = [p for p in cross.warnings if p.path == relpath]
    for result in mine:
        for problem in result.problems:
            (errors if problem.severity == "error" else warnings).append(problem)
    others = {p.path for p in (*walk.problems, *cross.errors) if p.path != relpath}
    others.update(r.path for r in results if r.path != relpath and r.errors)
    errors.sort(key=_sort_key)
    warnings.sort(key=_sort_key)
    return FileCheck(
        relpath,
        tuple(errors),
        tuple(warnings),
        sum(len(r.post_refs) for r in mine),
        sum(len(r.fact_refs) for r in mine),
        len(files),
        len(others),
    )
