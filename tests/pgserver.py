"""A throwaway PostgreSQL server for tests: `PgServer`, and the fixtures over it.

The server lives in a fresh temporary folder (data, unix socket and log), listens on
a free 127.0.0.1 port with trust authentication, and is stopped and deleted at the
end. initdb refuses to run as root, so as root the folder is given to the
`postgres` system user (or `nobody`) and the binaries run through `runuser`.

Binaries come from ARCHIVE_BOT_PG_BIN or /usr/lib/postgresql/15/bin. When they are
missing the fixtures skip, or fail when ARCHIVE_BOT_REQUIRE_POSTGRES=1 (as in CI).

Use from any test folder: the root conftest exposes `pg_server` (session-wide) and
`pg_database` (a fresh, empty database per test: its URL).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

PG_BIN = Path(os.environ.get("ARCHIVE_BOT_PG_BIN", "/usr/lib/postgresql/15/bin"))
REQUIRE_ENV = "ARCHIVE_BOT_REQUIRE_POSTGRES"
_UNPRIVILEGED = ("postgres", "nobody")
_names = itertools.count(1)


def missing_binaries() -> str | None:
    """Why no server can be started here, or None."""
    absent = [name for name in ("initdb", "pg_ctl", "postgres") if not (PG_BIN / name).exists()]
    if absent:
        return f"PostgreSQL binaries not found in {PG_BIN} (missing: {', '.join(absent)})"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and runuser (needed to start PostgreSQL) is not installed"
    return None


def skip_or_fail(reason: str) -> None:
    """Skip, or fail when the environment says PostgreSQL is required."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}; {REQUIRE_ENV}=1 requires PostgreSQL", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One PostgreSQL server in its own temporary folder."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="archive-bot-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.user: str | None = None
        """The system user the server runs as (None: the current user)."""
        if os.geteuid() == 0:
            self.user = self._give_away()
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip

    def _give_away(self) -> str:
        for user in _UNPRIVILEGED:
            try:
                shutil.chown(self.root, user=user)
            except (LookupError, PermissionError, OSError):
                continue
            self.root.chmod(0o700)
            return user
        raise RuntimeError("no unprivileged user (postgres, nobody) to run PostgreSQL as")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(PG_BIN / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{tool} failed ({done.returncode}): {done.stderr.strip()[-2000:]}\n{log}"
            )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
                  "-l", str(self.log), "-o", options)  # fmt: skip

    def stop(self) -> None:
        """Stop at once (fast shutdown: clients are disconnected)."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    async def create_database(self) -> str:
        """A new empty database; its URL."""
        name = f"test_{os.getpid()}_{next(_names)}"
        conn = await asyncpg.connect(self.url(), timeout=30)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
            if (self.data / "postmaster.pid").exists():
                self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def running_server() -> Iterator[PgServer]:
    """A started server, stopped and deleted on exit; skips (or fails) without binaries."""
    reason = missing_binaries()
    if reason is not None:
        skip_or_fail(reason)
    server = PgServer()
    try:
        server.start()
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole test session."""
    with running_server() as server:
        yield server


@pytest.fixture
def pg_database(pg_server: PgServer) -> str:
    """The URL of a fresh, empty database on the session's server."""
    return asyncio.run(pg_server.create_database())
