"""Put an import's files in place all together, or not at all.

Everything is first written to a staging folder on the same file system
(its name starts with a dot, so a loader ignores it if a crash leaves it
behind). A new output folder is then renamed into place in one step; in an
existing folder each file is moved over its old version with `os.replace`,
which never leaves a half-written file. Files that are not written keep
their bytes and their modification time.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

_CHUNK = 200


def apply(
    folder: Path,
    writes: list[tuple[str, bytes]],
    removals: list[str],
    *,
    advance: Callable[[int], None] = lambda _n: None,
) -> None:
    """Write `writes` (relative path, bytes) under `folder` and delete `removals`."""
    if not writes and not removals:
        return
    new_folder = not folder.exists()
    if new_folder:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = folder.parent / f".{folder.name}.import-{secrets.token_hex(4)}"
    else:
        staging = folder / f".import-{secrets.token_hex(4)}"
    try:
        staging.mkdir()
        for i, (relpath, data) in enumerate(writes, 1):
            target = staging / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if i % _CHUNK == 0:
                advance(_CHUNK)
        advance(len(writes) % _CHUNK)
        if new_folder:
            staging.rename(folder)
            return
        for relpath, _data in writes:
            target = folder / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relpath, target)
        for relpath in removals:
            (folder / relpath).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
