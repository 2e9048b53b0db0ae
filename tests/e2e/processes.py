"""Bot processes for the several-process tests: start `archive-bot run` (through
tests/e2e/fleet_launcher.py) in its own OS process against the fake Discord, read its log as
it comes, and stop it with SIGTERM like a service manager would."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.fakediscord import FakeDiscord

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90.0
"""Two processes importing and indexing the archive on a busy shared machine."""
_PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


class BotProcess:
    """One running bot process and every line it has logged so far."""

    def __init__(self, name: str, process: asyncio.subprocess.Process) -> None:
        self.name = name
        self.process = process
        self.lines: list[str] = []
        self.ended = False
        """True once its output closed (the process is exiting)."""
        self._changed = asyncio.Condition()
        self._reader = asyncio.create_task(self._read(), name=f"log-{name}")

    async def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while line := await stream.readline():
            async with self._changed:
                self.lines.append(line.decode("utf-8", "replace").rstrip("\n"))
                self._changed.notify_all()
        async with self._changed:
            self.ended = True
            self._changed.notify_all()

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def count(self, pattern: str) -> int:
        """How many logged lines match `pattern` (re.search)."""
        regex = re.compile(pattern)
        return sum(1 for line in self.lines if regex.search(line))

    async def wait_for_log(self, pattern: str, *, times: int = 1, timeout: float = 30) -> None:  # noqa: ASYNC109
        """Wait until `times` lines match `pattern`; fails with the log if the process ends."""

        async def loop() -> None:
            async with self._changed:
                while self.count(pattern) < times:
                    if self.ended:
                        raise AssertionError(
                            f"{self.name} exited ({self.process.returncode}) before logging "
                            f"{pattern!r}:\n{self.log}"
                        )
                    await self._changed.wait()

        try:
            await asyncio.wait_for(loop(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"{self.name} did not log {pattern!r} {times}x within {timeout}s:\n{self.log}"
            ) from None

    async def stop(self, timeout: float = 20) -> int:  # noqa: ASYNC109
        """SIGTERM, then the exit code (SIGKILL if it does not stop in time)."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            code = await self.process.wait()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader
        return code


async def start_bot_process(
    name: str, fake: FakeDiscord, settings: Mapping[str, str], *, cwd: Path
) -> BotProcess:
    """`archive-bot run` in a new OS process with exactly these settings (no .env: `cwd` has
    none), talking to `fake` on 127.0.0.1."""
    env = {key: os.environ[key] for key in _PASSED_THROUGH if key in os.environ}
    env |= {"PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **settings}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.e2e.fleet_launcher",
        fake.api_base,
        fake.gateway_url,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    return BotProcess(name, process)
