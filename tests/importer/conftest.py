"""Fixtures for the importer tests: the CLI run in-process, folder snapshots, a web server."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.cli.main import main

from .samples import DATA

SAMPLE_WXR = DATA / "sample-wxr.xml"
SAMPLE_FEED = DATA / "sample-feed.xml"


@dataclass(frozen=True)
class Result:
    """What one command run printed and returned."""

    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings come only from the test, never from a developer's .env or environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("KNOWLEDGE_DIR", "CACHE_DIR", "IMPORT_MAX_BYTES", "MAX_FILE_BYTES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `archive-bot ARGS...` in this process and capture its output."""

    def _run(*argv: str | Path) -> Result:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return _run


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A knowledge folder path that does not exist yet."""
    return tmp_path / "kb"


Snapshot = dict[str, tuple[bytes, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under `folder` (hidden ones too): its bytes and modification time."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def everything(folder: Path) -> list[str]:
    """Every path under `folder`, folders and hidden entries included."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@dataclass
class WebServer:
    """A web server on 127.0.0.1 whose answers each test sets by path."""

    base: str
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def web() -> Iterator[WebServer]:
    """A threaded http.server on a free port of 127.0.0.1, stopped after the test."""
    server_state: dict[str, WebServer] = {}

    class _Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state = server_state["web"]
            state.requests.append(self.path)
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            # the importer may hang up, as it should past a limit
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.block_on_close = False
    host, port = server.server_address[:2]
    server_state["web"] = WebServer(f"http://{host!s}:{port}")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server_state["web"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve(body: bytes, content_type: str = "application/rss+xml; charset=utf-8") -> Handler:
    """A route answering 200 with `body`."""

    def _route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return _route
