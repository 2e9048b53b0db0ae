"""What the fake records: REST requests and the life of each interaction it dispatched."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Callback types that show a message or result immediately (no later edit needed).
FINAL_CALLBACK_TYPES = frozenset({4, 7, 8, 9})
#: Callback types that defer: the visible result comes with a later edit or followup.
DEFER_CALLBACK_TYPES = frozenset({5, 6})


@dataclass(frozen=True)
class RecordedFile:
    """A file uploaded in a multipart request."""

    field: str
    filename: str
    content_type: str | None
    data: bytes

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)


@dataclass
class RecordedRequest:
    """One REST request the client made. `path` is relative to /api/v10, e.g. /users/@me."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[RecordedFile]
    headers: dict[str, str]
    time: float
    index: int
    status: int = 0
    handled: bool = True
    response: Any = None
    problems: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<RecordedRequest #{self.index} {self.method} {self.path} -> {self.status}>"


@dataclass
class InteractionResponse:
    """One thing the bot did with an interaction, in order.

    kind: "callback" (POST .../callback; `type` is the callback type), "edit_original",
    "delete_original", "followup", "edit_followup" or "delete_followup". `body` is the JSON
    body sent (payload_json for multipart); for callbacks it is {"type": ..., "data": ...}.
    """

    kind: str
    body: Any
    time: float
    type: int | None = None
    message_id: int | None = None


class FakeInteraction:
    """Handle for an interaction the fake dispatched; follows the bot's answers to it."""

    def __init__(self, payload: dict[str, Any], *, dispatched_at: float) -> None:
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.dispatched_at = dispatched_at
        self.responses: list[InteractionResponse] = []
        #: Id of the message that "@original" refers to (set by callback 4/5, or the clicked
        #: message for component interactions).
        self.original_message_id: int | None = (
            int(payload["message"]["id"]) if "message" in payload else None
        )
        self.followup_message_ids: list[int] = []
        #: Why the fake rejected something the bot did (late or second callback, bad body).
        self.errors: list[str] = []
        self._changed = asyncio.Condition()

    @property
    def acknowledged(self) -> bool:
        """Whether a callback was accepted."""
        return any(r.kind == "callback" for r in self.responses)

    @property
    def response_time(self) -> float | None:
        """Seconds from dispatch to the first callback, or None if there is none yet."""
        for r in self.responses:
            if r.kind == "callback":
                return r.time - self.dispatched_at
        return None

    @property
    def callback(self) -> InteractionResponse | None:
        """The (first) callback, if any."""
        return next((r for r in self.responses if r.kind == "callback"), None)

    async def _record(self, response: InteractionResponse) -> None:
        async with self._changed:
            self.responses.append(response)
            self._changed.notify_all()

    async def _wait(self, pick: Callable[[], Any], seconds: float, what: str) -> Any:
        async def loop() -> Any:
            async with self._changed:
                while (found := pick()) is None:
                    await self._changed.wait()
                return found

        try:
            return await asyncio.wait_for(loop(), seconds)
        except TimeoutError:
            raise AssertionError(
                f"interaction {self.payload.get('data', {}).get('name') or self.id}: no {what} "
                f"within {seconds}s; responses so far: {[r.kind for r in self.responses]}; "
                f"rejected: {self.errors}"
            ) from None

    async def wait_for_response(self, timeout: float = 5) -> dict[str, Any]:  # noqa: ASYNC109
        """The callback body {"type": int, "data": dict | None}."""
        found: InteractionResponse = await self._wait(lambda: self.callback, timeout, "callback")
        return dict(found.body)

    def _final(self) -> InteractionResponse | None:
        callback = self.callback
        if callback is None:
            return None
        if callback.type not in DEFER_CALLBACK_TYPES:
            return callback
        return next(
            (r for r in self.responses if r.kind in ("edit_original", "followup")),
            None,
        )

    async def wait_for_final(self, timeout: float = 5) -> dict[str, Any]:  # noqa: ASYNC109
        """The visible result: callback data (types 4/7/8/9), or after a defer (5/6) the body
        of the first PATCH @original or followup. Returns the message body dict."""
        found: InteractionResponse = await self._wait(self._final, timeout, "final response")
        if found.kind == "callback":
            return dict(found.body.get("data") or {})
        return dict(found.body or {})

    async def wait_for(self, kind: str, timeout: float = 5) -> InteractionResponse:  # noqa: ASYNC109
        """The first response of a kind ("followup", "edit_original", ...)."""
        found: InteractionResponse = await self._wait(
            lambda: next((r for r in self.responses if r.kind == kind), None), timeout, kind
        )
        return found


def now() -> float:
    """Monotonic clock used for every recorded time."""
    return time.monotonic()
