"""Get the source's bytes: a local file, or an http(s) URL fetched with limits.

Both are capped at `max_bytes`: a file by its size before reading (a
sparse file or a device is never read through), a download as it streams
(stopped as soon as it passes the cap, whatever Content-Length says; a
gzip answer is capped by its decompressed size, so a gzip bomb stops too). A
download must finish within `timeout` seconds in all; redirects may only
lead to other http(s) addresses.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from http.client import HTTPMessage
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from bot import __version__
from bot.importer.errors import ImportFailure, UsageProblem

_CHUNK = 64 * 1024
_CODINGS = ("identity", "gzip", "x-gzip", "deflate")
_WEB_SCHEMES = ("http", "https")
USER_AGENT = f"archive-bot/{__version__} (blog importer)"
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """The source's bytes and the charset its server declared, if any."""

    data: bytes
    charset: str | None = None


def is_url(source: str) -> bool:
    """Whether SOURCE names a URL (any scheme) rather than a file path."""
    scheme = urlsplit(source).scheme
    return len(scheme) > 1 and "://" in source


def read_source(source: str, *, max_bytes: int, timeout: float) -> Fetched:
    """The bytes of SOURCE, a file path or an http(s) URL."""
    if is_url(source):
        if urlsplit(source).scheme.lower() not in _WEB_SCHEMES:
            raise UsageProblem(f"only http:// and https:// addresses can be imported: {source}")
        return _download(source, max_bytes=max_bytes, timeout=timeout)
    return Fetched(_read_file(Path(source), max_bytes))


def _too_big(size_text: str, max_bytes: int) -> ImportFailure:
    return ImportFailure(
        f"the source is {size_text}, over the {max_bytes:,}-byte limit "
        "(raise it with --max-bytes or IMPORT_MAX_BYTES)"
    )


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UsageProblem(f"no such file: {path}") from None
    except OSError as err:
        raise UsageProblem(f"cannot read {path}: {err.strerror}") from None
    if path.is_dir():
        raise UsageProblem(f"the source is a folder, not a file: {path}")
    if size > max_bytes:
        raise _too_big(f"{size:,} bytes", max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise UsageProblem(f"cannot read {path}: {err.strerror}") from None
    if len(data) > max_bytes:  # it grew, or stat did not tell (a pipe)
        raise _too_big("larger than that", max_bytes)
    return data


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib itself refuses file://, not ftp://)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in _WEB_SCHEMES:
            raise ImportFailure(f"the server redirected to a non-web address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Body:
    """A response body as it streams in: decompressed if need be, never kept past the cap."""

    def __init__(self, max_bytes: int, content_encoding: str | None) -> None:
        coding = (content_encoding or "identity").strip().lower()
        if coding not in _CODINGS:
            raise ImportFailure(f"the server sent {coding}-compressed data, which is not supported")
        self.max_bytes = max_bytes
        self.inflater = (
            zlib.decompressobj(wbits=zlib.MAX_WBITS | 32) if coding != "identity" else None
        )
        self.chunks: list[bytes] = []
        self.total = 0

    def add(self, chunk: bytes) -> None:
        if self.inflater is None:
            self._keep(chunk)
            return
        while chunk:  # bounded pieces: a small gzip bomb never inflates in one go
            self._keep(self.inflater.decompress(chunk, _CHUNK))
            chunk = self.inflater.unconsumed_tail

    def finish(self) -> bytes:
        if self.inflater is not None:
            self._keep(self.inflater.flush())
        return b"".join(self.chunks)

    def _keep(self, data: bytes) -> None:
        self.total += len(data)
        if self.total > self.max_bytes:
            what = "decompressed" if self.inflater is not None else "downloaded"
            raise _too_big(
                f"larger than that (stopped after {self.total:,} bytes {what})", self.max_bytes
            )
        self.chunks.append(data)


def _download(url: str, *, max_bytes: int, timeout: float) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip"}
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(_WebOnlyRedirects())
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise _too_big(f"{int(length):,} bytes (Content-Length)", max_bytes)
            body = _Body(max_bytes, response.headers.get("Content-Encoding"))
            while chunk := response.read1(_CHUNK):
                body.add(chunk)
                if time.monotonic() > deadline:
                    raise ImportFailure(f"the download took longer than {timeout:g} s")
            data = body.finish()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as err:
        raise ImportFailure(f"the server answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise ImportFailure(f"no answer within {timeout:g} s") from None
        raise ImportFailure(f"cannot fetch it: {err.reason}") from None
    except TimeoutError:
        raise ImportFailure(f"no answer within {timeout:g} s") from None
    except zlib.error:
        raise ImportFailure("the server's compressed answer is corrupt") from None
    except (OSError, ValueError) as err:
        raise ImportFailure(f"cannot fetch it: {err}") from None
    return Fetched(data, charset)
