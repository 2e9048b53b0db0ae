"""The salted hash that stands in for a Discord user id in the database.

HMAC-SHA256 of the id with a secret salt: the same user always gets the same
hash (so /forget-me can find their rows), and without the salt nobody can check
whether a known user id is in the data. The salt comes from USER_HASH_SALT, or
is generated once and kept in the data folder, never in the database, so a
database dump alone does not link rows to users.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from bot.storage.base import StorageError

SALT_FILE = "user-hash-salt"
HASH_CHARS = 32
"""128 bits: no collisions in practice, half the width of a full SHA-256."""


def hash_user(user_id: int, salt: bytes) -> str:
    """The hash stored for `user_id` (32 hex digits)."""
    return hmac.new(salt, str(user_id).encode("ascii"), hashlib.sha256).hexdigest()[:HASH_CHARS]


def load_salt(configured: str | None, data_dir: Path) -> bytes:
    """The configured salt, else the one in `data_dir` (generated there on first use).

    Blocking file I/O: call it at start-up, or in a thread.
    """
    if configured:
        return configured.encode("utf-8")
    path = data_dir / SALT_FILE
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = data_dir / f".{SALT_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
        # link() fails if another process made the file first: then theirs wins.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> bytes:
    salt = path.read_text(encoding="ascii").strip()
    if not salt:
        raise StorageError(f"{path} is empty; delete it to generate a new salt")
    return salt.encode("ascii")
