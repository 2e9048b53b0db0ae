"""FakeDiscord: a local Discord REST API + gateway that the real discord.py client talks to.

Start it, point discord.py at it (see tests/e2e/conftest.py), then drive the bot from a test:
dispatch messages and interactions over the gateway and inspect what the bot sent back over
REST. See README.md in this package for the full API. The class is assembled from FakeState
(state.py), Driver (driver.py) and the REST handlers (routes_core.py, routes_interactions.py);
this module owns the lifecycle, the gateway and REST dispatch.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from typing import Any

from aiohttp import WSMsgType, web

from . import gateway as op
from .driver import Driver
from .gateway import GatewaySession
from .records import RecordedRequest, now
from .rest import (
    API_PREFIX,
    NO_CONTENT,
    ApiError,
    Route,
    json_response,
    parse_request,
)
from .routes_core import CoreRoutes
from .routes_interactions import InteractionRoutes

log = logging.getLogger(__name__)


class FakeDiscord(Driver, CoreRoutes, InteractionRoutes):
    """A fake Discord for one test: REST under /api/v10 and a gateway at /gateway.

    Use as `async with FakeDiscord() as fake:` or call start()/stop(). Everything runs on the
    test's event loop, so the bot under test, the server and the test interleave normally.
    """

    def __init__(
        self,
        *,
        interaction_timeout: float = 3.0,
        heartbeat_interval_ms: int = 41_250,
        recommended_shards: int = 1,
        second_guild: bool = False,
    ) -> None:
        super().__init__(
            interaction_timeout=interaction_timeout,
            heartbeat_interval_ms=heartbeat_interval_ms,
            recommended_shards=recommended_shards,
            second_guild=second_guild,
        )
        self._routes: list[Route] = self.core_routes() + self.interaction_routes()

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a random port."""
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{filename}", self._attachment)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.debug("Fake Discord listening on port %s", self.port)

    async def stop(self) -> None:
        """Close every gateway connection and the HTTP server."""
        for session in self.sessions:
            session.closed = True
            if not session.ws.closed:
                await session.ws.close(code=1001, message=b"fake discord stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        session = GatewaySession(
            ws=ws,
            compression=request.query.get("compress"),
            encoding=request.query.get("encoding", "json"),
            version=request.query.get("v"),
            session_id=secrets.token_hex(16),
        )
        self.sessions.append(session)
        await session.send(op.HELLO, {"heartbeat_interval": self.heartbeat_interval_ms})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_payload(session, json.loads(msg.data))
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            session.closed = True
            await self._notify()
        return ws

    async def _on_gateway_payload(self, session: GatewaySession, payload: dict[str, Any]) -> None:
        code = payload.get("op")
        data: Any = payload.get("d")
        if code == op.HEARTBEAT:
            session.heartbeats += 1
            await session.send(op.HEARTBEAT_ACK, None)
        elif code == op.IDENTIFY:
            await self._identify(session, data)
        elif code == op.RESUME:
            await self._resume(session, data)
        elif code == op.PRESENCE_UPDATE:
            session.presence_updates.append(data)
        elif code == op.REQUEST_GUILD_MEMBERS:
            await self._members_chunk(session, data)
        elif code == op.VOICE_STATE_UPDATE:
            pass
        else:
            log.warning("Fake gateway: unknown opcode %s", code)

    async def _identify(self, session: GatewaySession, data: dict[str, Any]) -> None:
        if data.get("token") != self.TOKEN:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = data.get("shard")
        if shard is not None and not 0 <= shard[0] < shard[1]:
            await session.ws.close(code=4010, message=b"Invalid shard.")
            return
        session.identify = data
        session.intents = data.get("intents")
        session.shard = list(shard) if shard is not None else None
        ready = self.world.ready(session.session_id, self.gateway_url, session.shard)
        owned = [w for w in self.worlds if w.guild_ids_for_shard(session.shard)]
        ready["guilds"] = [{"id": str(w.guild_id), "unavailable": True} for w in owned]
        await session.dispatch("READY", ready)
        for world in owned:
            await session.dispatch("GUILD_CREATE", world.guild_create())
        session.identified = True
        await self._notify()

    async def _resume(self, session: GatewaySession, data: dict[str, Any]) -> None:
        old = next((s for s in self.sessions if s.session_id == data.get("session_id")), None)
        if old is None or data.get("token") != self.TOKEN:
            await session.send(op.INVALID_SESSION, False)
            return
        session.session_id = old.session_id
        session.sequence = old.sequence
        session.intents, session.shard, session.identify = old.intents, old.shard, old.identify
        self.sessions.remove(old)
        await session.dispatch("RESUMED", {})
        session.identified = True
        await self._notify()

    async def _members_chunk(self, session: GatewaySession, data: dict[str, Any]) -> None:
        world = self.world_for_guild(int(data["guild_id"])) or self.world
        members = [world.member(uid) for uid in world.member_roles]
        query = data.get("query")
        if query:
            members = [m for m in members if m["user"]["username"].startswith(query)]
        user_ids = {int(u) for u in data.get("user_ids") or []}
        if user_ids:
            members = [m for m in members if int(m["user"]["id"]) in user_ids]
        if data.get("limit"):
            members = members[: data["limit"]]
        chunk: dict[str, Any] = {
            "guild_id": str(data["guild_id"]),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        recorded = await parse_request(request, len(self.requests), now())
        self.requests.append(recorded)
        status, body = 404, {"message": "404: Not Found", "code": 0}
        try:
            found = self._match(recorded)
            if found is None:
                recorded.handled = False
                raise ApiError(404, 0, "404: Not Found")
            handler, match, auth = found
            expected = f"Bot {self.TOKEN}"
            if auth and recorded.headers.get("Authorization") != expected:
                raise ApiError(401, 0, "401: Unauthorized")
            result = await handler(recorded, match)
            status, body = (204, NO_CONTENT) if result is NO_CONTENT else (200, result)
        except ApiError as exc:
            status, body = exc.status, exc.body()
            recorded.problems = exc.problems or [exc.message]
            if exc.status != 401:
                log.warning(
                    "Fake Discord: %s %s -> %s %s",
                    recorded.method,
                    recorded.path,
                    exc.status,
                    recorded.problems,
                )
        recorded.status = status
        recorded.response = None if body is NO_CONTENT else body
        await self._notify()
        return json_response(status, body)

    def _match(self, recorded: RecordedRequest) -> tuple[Any, re.Match[str], bool] | None:
        for candidate in self._routes:
            if candidate.method != recorded.method:
                continue
            match = candidate.pattern.match(recorded.path)
            if match:
                return candidate.handler, match, candidate.auth
        return None

    async def _attachment(self, request: web.Request) -> web.Response:
        data = self.attachment_data.get(request.match_info["id"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")
