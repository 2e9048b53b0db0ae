"""One gateway websocket connection: transport compression, sequence numbers, identify state."""

from __future__ import annotations

import json
import logging
import zlib
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import web

log = logging.getLogger(__name__)

# Gateway opcodes.
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE_UPDATE = 3
VOICE_STATE_UPDATE = 4
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11


class _Compressor(Protocol):
    def __call__(self, data: bytes, /) -> bytes: ...


def _zlib_stream() -> _Compressor:
    """zlib-stream: one deflate context per connection, every message ends with a sync flush."""
    context = zlib.compressobj()

    def compress(data: bytes) -> bytes:
        return context.compress(data) + context.flush(zlib.Z_SYNC_FLUSH)

    return compress


def _zstd_stream() -> _Compressor:
    """zstd-stream: one zstd context per connection, every message is a flushed block."""
    try:
        import zstandard
    except ImportError:  # pragma: no cover - depends on what discord.py found at import time
        from compression import zstd

        compressor = zstd.ZstdCompressor()

        def compress_stdlib(data: bytes) -> bytes:
            return bytes(compressor.compress(data, mode=zstd.ZstdCompressor.FLUSH_BLOCK))

        return compress_stdlib

    context = zstandard.ZstdCompressor().compressobj()

    def compress(data: bytes) -> bytes:
        return bytes(context.compress(data) + context.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK))

    return compress


def make_compressor(kind: str | None) -> _Compressor | None:
    """The compressor for the `compress` query parameter; None sends plain text frames."""
    if kind is None:
        return None
    if kind == "zlib-stream":
        return _zlib_stream()
    if kind == "zstd-stream":
        return _zstd_stream()
    raise ValueError(f"unsupported gateway compression {kind!r}")


@dataclass
class GatewaySession:
    """Server-side state of one websocket connection (one shard of one client)."""

    ws: web.WebSocketResponse
    compression: str | None
    encoding: str
    version: str | None
    session_id: str
    sequence: int = 0
    identified: bool = False
    intents: int | None = None
    shard: list[int] | None = None
    identify: dict[str, Any] | None = None
    presence_updates: list[dict[str, Any]] = field(default_factory=list)
    heartbeats: int = 0
    closed: bool = False
    _compress: _Compressor | None = None

    def __post_init__(self) -> None:
        self._compress = make_compressor(self.compression)

    @property
    def shard_id(self) -> int:
        """This connection's shard id (0 when not sharded)."""
        return 0 if self.shard is None else self.shard[0]

    @property
    def shard_count(self) -> int:
        """The shard count this connection identified with (1 when not sharded)."""
        return 1 if self.shard is None else self.shard[1]

    def has_intent(self, bit: int) -> bool:
        """Whether IDENTIFY asked for an intent (Discord's default without intents: none)."""
        return self.intents is not None and bool(self.intents & bit)

    async def send(self, op: int, data: Any, event: str | None = None) -> dict[str, Any]:
        """Send one gateway payload; dispatches (op 0) get the next sequence number."""
        payload: dict[str, Any] = {"op": op, "d": data, "s": None, "t": None}
        if op == DISPATCH:
            self.sequence += 1
            payload["s"] = self.sequence
            payload["t"] = event
        raw = json.dumps(payload, separators=(",", ":"))
        if self.closed or self.ws.closed:
            log.debug("Dropping %s for closed session %s", event or op, self.session_id)
            return payload
        if self._compress is None:
            await self.ws.send_str(raw)
        else:
            await self.ws.send_bytes(self._compress(raw.encode()))
        return payload

    async def dispatch(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        """Send a DISPATCH event."""
        return await self.send(DISPATCH, data, event)
