"""A content-keyed cache of per-file results, in memory and optionally on disk.

An entry is keyed by the file's relative path and the blake2b hash of its
bytes; a reload re-reads and re-parses only files whose bytes changed. To
avoid even reading unchanged files, an entry also remembers the file's
stat fingerprint (size, mtime, inode, device); the fingerprint is trusted
only once the file's mtime is a few seconds older than the moment it was
cached, so a file rewritten within one timestamp tick is still re-hashed.

On disk the cache is split into shards, each written atomically (temporary
file + rename), so saving after a one-file change rewrites one small shard
instead of the whole archive. A shard holds the results as plain tuples
(`fileresult.to_plain`) serialized with `marshal`, which loads them about
twice as fast as pickle; marshal's format belongs to one Python version,
so the version is part of the shard's name. A shard that is corrupt, from
another format or Python version or for another folder or limits is ignored
and rewritten. The cache directory must be private to the bot: its files
are trusted (marshal is not safe against crafted data).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path

from bot.knowledge.crossdelta import CrossState
from bot.knowledge.fileresult import FileResult, from_plain, to_plain
from bot.knowledge.walk import Fingerprint

log = logging.getLogger(__name__)

CACHE_FORMAT = 6
SHARDS = 64
TRUST_AFTER_SECONDS = 3.0
"""A stat fingerprint is trusted only for files last modified this long before caching."""

Scope = tuple[str, int, int]
"""(real folder path, max_file_bytes, max_depth): results depend on all three."""
_Entry = tuple[Fingerprint | None, bytes, tuple[object, ...]]
"""What a shard stores per file: (trusted fingerprint or None, digest, plain result)."""
_PYTHON = f"{sys.implementation.cache_tag}-m{marshal.version}"
"""The Python (and marshal) version that wrote a shard: marshal data is version-specific."""
_Held = tuple[Fingerprint | None, bytes, FileResult, int]
"""An entry in memory, with its shard number (so a save need not hash every path)."""


def _shard_of(relpath: str) -> int:
    return zlib.crc32(relpath.encode("utf-8", "surrogatepass")) % SHARDS


class FileCache:
    """Parsed and validated files, reused while their bytes stay the same.

    Not thread-safe: use one cache for one load at a time (the bot's reloads
    are serialized). Entries hold the frozen models themselves, so a reload
    shares unchanged posts and facts with the previous Knowledge.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._scope: Scope | None = None
        self._entries: dict[str, _Held] = {}
        self._dirty: set[int] = set()
        self.cross_state: CrossState | None = None
        """The last valid load's folder-wide check state (memory only), for reloads."""

    def __len__(self) -> int:
        return len(self._entries)

    def begin(self, scope: Scope) -> None:
        """Prepare for a load of `scope`; other scopes' entries are dropped."""
        if scope == self._scope:
            return
        self._scope = scope
        self._entries = {}
        self._dirty = set()
        self.cross_state = None
        if self.directory is not None:
            self._read_disk()

    def by_stat(self, relpath: str, fp: Fingerprint) -> tuple[bytes, FileResult] | None:
        """The cached (digest, result) if the file's stat fingerprint is unchanged and trusted."""
        entry = self._entries.get(relpath)
        if entry is None or entry[0] is None or entry[0] != fp:
            return None
        return entry[1], entry[2]

    def by_digest(self, relpath: str, digest: bytes) -> FileResult | None:
        """The cached result for these exact bytes at this path."""
        entry = self._entries.get(relpath)
        if entry is None or entry[1] != digest:
            return None
        return entry[2]

    def put(self, relpath: str, fp: Fingerprint, digest: bytes, result: FileResult) -> None:
        """Remember a result; the fingerprint is kept only once it can be trusted."""
        mtime = fp[1] / 1e9
        trusted: Fingerprint | None = fp if time.time() - mtime > TRUST_AFTER_SECONDS else None
        old = self._entries.get(relpath)
        if old is not None and old[0] == trusted and old[1] == digest:
            return
        shard = _shard_of(relpath)
        self._entries[relpath] = (trusted, digest, result, shard)
        self._dirty.add(shard)

    def retain(self, relpaths: set[str]) -> None:
        """Forget files that are gone."""
        for relpath in [r for r in self._entries if r not in relpaths]:
            self._dirty.add(self._entries.pop(relpath)[3])

    def save(self) -> None:
        """Write the changed shards to the directory, if there is one."""
        if self.directory is None or self._scope is None or not self._dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            log.warning("cannot create cache directory %s: %s", self.directory, err)
            return
        shards: dict[int, dict[str, _Entry]] = {shard: {} for shard in self._dirty}
        for relpath, entry in self._entries.items():
            if entry[3] in shards:
                shards[entry[3]][relpath] = (entry[0], entry[1], to_plain(entry[2]))
        for shard, entries in shards.items():
            self._write_shard(shard, entries)
        self._dirty = set()

    def _shard_path(self, shard: int) -> Path:
        assert self.directory is not None
        assert self._scope is not None
        tag = hashlib.blake2b(repr((self._scope, _PYTHON)).encode(), digest_size=6).hexdigest()
        return self.directory / f"knowledge-v{CACHE_FORMAT}-{tag}-{shard:02x}.marshal"

    def _write_shard(self, shard: int, entries: dict[str, _Entry]) -> None:
        path = self._shard_path(shard)
        try:
            payload = marshal.dumps((CACHE_FORMAT, _PYTHON, self._scope, entries))
        except ValueError as err:  # a value marshal cannot write: keep the memory cache only
            log.warning("cannot write knowledge cache %s: %s", path, err)
            return
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(payload)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as err:
            log.warning("cannot write knowledge cache %s: %s", path, err)

    def _forget_old_formats(self) -> None:
        """Delete shards written by other cache format versions (never read again)."""
        assert self.directory is not None
        current = f"knowledge-v{CACHE_FORMAT}-"
        for path in self.directory.glob("knowledge-v*-*.*"):
            if path.suffix in (".pickle", ".marshal") and not path.name.startswith(current):
                with contextlib.suppress(OSError):
                    path.unlink()

    def _read_disk(self) -> None:
        started = time.perf_counter()
        with contextlib.suppress(OSError):
            self._forget_old_formats()
        for shard in range(SHARDS):
            path = self._shard_path(shard)
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as err:
                log.warning("cannot read knowledge cache %s: %s", path, err)
                self._dirty.add(shard)
                continue
            try:
                fmt, python, scope, entries = marshal.loads(data)
                if fmt != CACHE_FORMAT or python != _PYTHON or scope != self._scope:
                    raise ValueError("cache for another format or folder")
                held = {
                    relpath: (fp, digest, from_plain(plain), shard)
                    for relpath, (fp, digest, plain) in entries.items()
                }
            except Exception as err:  # any damage means: ignore the shard and rewrite it
                log.warning("ignoring unusable knowledge cache %s: %s", path, err)
                self._dirty.add(shard)
                continue
            self._entries.update(held)
        log.debug(
            "read %d cached files from %s in %.2f s",
            len(self._entries),
            self.directory,
            time.perf_counter() - started,
        )
