"""Sources given as URLs, fetched from a local web server with a timeout and a size cap."""

from __future__ import annotations

import gzip
import http.server
import threading
from pathlib import Path

from .conftest import SAMPLE_FEED, Cli, Handler, WebServer, serve, snapshot
from .feeds import item, rss


def test_a_feed_is_imported_from_its_url(cli: Cli, out: Path, web: WebServer) -> None:
    """An http:// feed imports as the same file would, with one request."""
    web.routes["/feed/"] = serve(SAMPLE_FEED.read_bytes())
    result = cli("import", web.url("/feed/"), "--out", out)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1].startswith("feed: 60 posts into")
    assert web.requests == ["/feed/"]


def test_a_redirect_to_the_feed_is_followed(cli: Cli, out: Path, web: WebServer) -> None:
    """A redirect to another http(s) address is followed."""

    def moved(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(301)
        handler.send_header("Location", "/feed/")
        handler.end_headers()

    web.routes["/rss"] = moved
    web.routes["/feed/"] = serve(SAMPLE_FEED.read_bytes())
    assert cli("import", web.url("/rss"), "--out", out).code == 0
    assert web.requests == ["/rss", "/feed/"]


def test_a_redirect_to_a_local_file_is_refused(cli: Cli, out: Path, web: WebServer) -> None:
    """A server cannot make the importer read a file: file:// redirects are refused."""

    def to_file(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", SAMPLE_FEED.as_uri())
        handler.end_headers()

    web.routes["/feed/"] = to_file
    result = cli("import", web.url("/feed/"), "--out", out)
    assert result.code == 1
    assert f"Redirection to url '{SAMPLE_FEED.as_uri()}' is not allowed" in result.err
    assert not out.exists()


def test_a_redirect_to_ftp_is_refused(cli: Cli, out: Path, web: WebServer) -> None:
    """Only http(s) redirects are followed: an ftp:// one stops the import."""

    def to_ftp(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", "ftp://127.0.0.1:9/feed.xml")
        handler.end_headers()

    web.routes["/feed/"] = to_ftp
    result = cli("import", web.url("/feed/"), "--out", out)
    assert result.code == 1
    assert "the server redirected to a non-web address: ftp://127.0.0.1:9/feed.xml" in result.err


def test_an_http_error_is_named(cli: Cli, out: Path, web: WebServer) -> None:
    """A 404 says so and writes nothing."""
    result = cli("import", web.url("/missing"), "--out", out)
    assert result.code == 1
    assert result.err == (
        f"error: {web.url('/missing')}: the server answered HTTP 404 Not Found; "
        "nothing was written\n"
    )
    assert not out.exists()


def test_a_server_that_does_not_answer_times_out(cli: Cli, out: Path, web: WebServer) -> None:
    """`--timeout` bounds the wait for a silent server."""
    release = threading.Event()

    def silent(handler: http.server.BaseHTTPRequestHandler) -> None:
        release.wait(timeout=5)

    web.routes["/slow"] = silent
    try:
        result = cli("import", web.url("/slow"), "--out", out, "--timeout", "0.3")
    finally:
        release.set()
    assert result.code == 1
    assert "no answer within 0.3 s" in result.err
    assert not out.exists()


def test_a_download_past_the_cap_is_stopped(cli: Cli, out: Path, web: WebServer) -> None:
    """Without Content-Length, the download stops as soon as it passes the cap."""
    sent: list[int] = []

    def endless(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        chunk = b"<!-- padding -->" * 4096  # 64 KiB
        for _ in range(160):  # 10 MiB at most, then the server stops by itself
            handler.wfile.write(chunk)
            sent.append(len(chunk))

    web.routes["/big"] = endless
    result = cli("import", web.url("/big"), "--out", out, "--max-bytes", "256K")
    assert result.code == 1
    assert "over the 262,144-byte limit" in result.err
    assert "stopped after" in result.err
    assert not out.exists()


def test_content_length_over_the_cap_is_refused_at_once(
    cli: Cli, out: Path, web: WebServer
) -> None:
    """A declared length over the cap stops the import before the body is read."""
    web.routes["/feed/"] = serve(SAMPLE_FEED.read_bytes())
    result = cli("import", web.url("/feed/"), "--out", out, "--max-bytes", "64K")
    assert result.code == 1
    size = SAMPLE_FEED.stat().st_size
    assert (
        f"the source is {size:,} bytes (Content-Length), over the 65,536-byte limit" in result.err
    )


def test_the_servers_charset_decodes_an_undeclared_feed(
    cli: Cli, out: Path, web: WebServer
) -> None:
    """A feed without an XML declaration is read in the charset its server names."""
    text = rss(item(1, html="<p>“Quoted” café</p>")).split("?>", 1)[1]  # no declaration
    web.routes["/feed/"] = serve(text.encode("cp1252"), "application/rss+xml; charset=windows-1252")
    assert cli("import", web.url("/feed/"), "--out", out).code == 0
    (path,) = (out / "posts").rglob("*.yaml")
    assert "“Quoted” café" in path.read_text(encoding="utf-8")


def test_an_external_dtd_is_never_fetched(
    cli: Cli, out: Path, tmp_path: Path, web: WebServer
) -> None:
    """A DOCTYPE pointing at a DTD on a server is not followed: the server sees no request."""
    web.routes["/evil.dtd"] = serve(b'<!ENTITY xxe "pwned">', "application/xml-dtd")
    source = tmp_path / "feed.xml"
    prolog = f'<!DOCTYPE rss SYSTEM "{web.url("/evil.dtd")}">'
    source.write_text(rss(item(1, title="Plain title"), prolog=prolog), encoding="utf-8")
    result = cli("import", source, "--out", out)
    assert result.code == 0, result.err
    assert web.requests == []
    assert "pwned" not in "".join(str(v[0]) for v in snapshot(out).values())


def gzip_route(body: bytes) -> Handler:
    """A route answering 200 with `body` gzip-compressed."""
    packed = gzip.compress(body)

    def _route(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(packed)))
        handler.end_headers()
        handler.wfile.write(packed)

    return _route


def test_a_gzip_answer_is_decompressed(cli: Cli, out: Path, web: WebServer) -> None:
    """A feed served gzip-compressed imports as the plain file does."""
    web.routes["/feed/"] = gzip_route(SAMPLE_FEED.read_bytes())
    result = cli("import", web.url("/feed/"), "--out", out)
    assert result.code == 0, result.err
    assert "60 posts" in result.out


def test_a_gzip_bomb_stops_at_the_cap(cli: Cli, out: Path, web: WebServer) -> None:
    """A small compressed answer that inflates past the cap is stopped by its inflated size."""
    web.routes["/feed/"] = gzip_route(b"<rss>" + b" " * (20 * 1024 * 1024))  # 20 kB packed
    result = cli("import", web.url("/feed/"), "--out", out, "--max-bytes", "1M")
    assert result.code == 1
    assert "over the 1,048,576-byte limit" in result.err
    assert "bytes decompressed" in result.err
    assert not out.exists()
