"""REST routing for the fake: parse and record each request, find its handler, answer JSON.

Handlers live on FakeDiscord (server.py); this module only knows how to turn an aiohttp
request into a RecordedRequest and an ApiError or a result into Discord's response shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from .records import RecordedFile, RecordedRequest

API_PREFIX = "/api/v10"

Handler = Callable[[RecordedRequest, re.Match[str]], Awaitable[Any]]


class ApiError(Exception):
    """An error response in Discord's JSON error shape."""

    def __init__(
        self, status: int, code: int, message: str, problems: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems or []

    def body(self) -> dict[str, Any]:
        """The JSON body Discord sends for this error."""
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.problems:
            body["errors"] = {
                "_errors": [{"code": "BASE_TYPE_INVALID", "message": p} for p in self.problems]
            }
        return body


def invalid_form(problems: list[str]) -> ApiError:
    """400 Invalid Form Body (or 50006 for an empty message), as Discord answers it."""
    if problems == ["Cannot send an empty message"]:
        return ApiError(400, 50006, "Cannot send an empty message", problems)
    return ApiError(400, 50035, "Invalid Form Body", problems)


NO_CONTENT = object()
"""Return this from a handler to answer 204 No Content."""


@dataclass(frozen=True)
class Route:
    """One REST route: method, a regex over the path after /api/v10, and whether the bot
    token is required (interaction webhooks and callbacks authenticate by their token)."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool = True


def route(method: str, path: str, handler: Handler, *, auth: bool = True) -> Route:
    """Build a Route; {name} in path matches one path segment."""
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
    return Route(method, re.compile(f"^{regex}$"), handler, auth)


async def parse_request(request: web.Request, index: int, when: float) -> RecordedRequest:
    """Read an aiohttp request into a RecordedRequest (JSON or multipart payload_json + files)."""
    body: Any = None
    files: list[RecordedFile] = []
    content_type = request.content_type
    if content_type.startswith("multipart/"):
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = await part.read()
            name = part.name or ""
            if name == "payload_json":
                body = json.loads(data)
            else:
                files.append(
                    RecordedFile(
                        field=name,
                        filename=part.filename or name,
                        content_type=part.headers.get("Content-Type"),
                        data=bytes(data),
                    )
                )
    elif request.can_read_body:
        raw = await request.read()
        if raw:
            body = json.loads(raw)
    path = request.path[len(API_PREFIX) :] if request.path.startswith(API_PREFIX) else request.path
    headers = {
        k: v
        for k, v in request.headers.items()
        if k.lower() in {"authorization", "x-audit-log-reason"}
    }
    return RecordedRequest(
        method=request.method,
        path=path,
        query=dict(request.query),
        json=body,
        files=files,
        headers=headers,
        time=when,
        index=index,
    )


def json_response(status: int, body: Any) -> web.Response:
    """A response whose Content-Type is exactly application/json (discord.py compares it)."""
    if body is NO_CONTENT:
        return web.Response(status=204)
    return web.Response(
        status=status,
        body=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
