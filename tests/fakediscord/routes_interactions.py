"""REST handlers for interaction callbacks and the interaction webhook (followups, @original)."""

from __future__ import annotations

import re
from typing import Any

from .limits import autocomplete_problems, message_problems
from .messages import EPHEMERAL, LOADING, apply_edit, build_message
from .records import FakeInteraction, InteractionResponse, RecordedRequest
from .rest import (
    NO_CONTENT,
    ApiError,
    Route,
    invalid_form,
    route,
)
from .state import APPLICATION_COMMAND, AUTOCOMPLETE, MESSAGE_COMPONENT, FakeState


class InteractionRoutes(FakeState):
    """POST /interactions/{id}/{token}/callback and /webhooks/{app}/{token}/..."""

    def interaction_routes(self) -> list[Route]:
        """The routes this class handles, most specific first."""
        w = r"/webhooks/{app}/{token}"
        return [
            route(
                "POST", "/interactions/{interaction}/{token}/callback", self._callback, auth=False
            ),
            route("POST", w, self._followup, auth=False),
            route("GET", w + "/messages/@original", self._get_original, auth=False),
            route("PATCH", w + "/messages/@original", self._edit_original, auth=False),
            route("DELETE", w + "/messages/@original", self._delete_original, auth=False),
            route("GET", w + "/messages/{message}", self._get_followup, auth=False),
            route("PATCH", w + "/messages/{message}", self._edit_followup, auth=False),
            route("DELETE", w + "/messages/{message}", self._delete_followup, auth=False),
        ]

    def _interaction_message(
        self,
        handle: FakeInteraction,
        body: dict[str, Any],
        req: RecordedRequest,
        *,
        flags: int = 0,
    ) -> dict[str, Any]:
        payload = handle.payload
        invoker = payload.get("member", {}).get("user") or payload.get("user")
        guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        kind = 20 if payload["type"] == APPLICATION_COMMAND else 0
        message = build_message(
            self.world_for_guild(guild_id) or self.world,
            message_id=self.new_id(),
            channel_id=int(payload["channel_id"]),
            guild_id=guild_id,
            author=self.bot_user,
            body=body,
            attachments=self._attachments(body, req),
            referenced=None,
            message_type=kind,
            extra={
                "webhook_id": str(self.application_id),
                "application_id": str(self.application_id),
                "interaction_metadata": {
                    "id": payload["id"],
                    "type": payload["type"],
                    "user": invoker,
                    "authorizing_integration_owners": payload.get(
                        "authorizing_integration_owners", {}
                    ),
                },
            },
        )
        message["flags"] = int(body.get("flags") or 0) | flags
        return self._store_bot_message(message)

    def _handle(self, interaction_raw: str | None, token: str) -> FakeInteraction:
        for handle in self.interactions.values():
            if handle.token == token and (
                interaction_raw is None or str(handle.id) == interaction_raw
            ):
                return handle
        if interaction_raw is not None:
            raise ApiError(404, 10062, "Unknown interaction")
        raise ApiError(404, 10015, "Unknown Webhook")

    async def _callback(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self._handle(m["interaction"], m["token"])
        elapsed = req.time - handle.dispatched_at
        if elapsed > self.interaction_timeout:
            handle.errors.append(
                f"callback after {elapsed:.2f}s (limit {self.interaction_timeout}s)"
            )
            raise ApiError(404, 10062, "Unknown interaction")
        if handle.acknowledged:
            handle.errors.append("second callback")
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        body = req.json or {}
        kind = int(body.get("type", 0))
        data = body.get("data") or {}
        problems: list[str] = []
        if kind in (4, 7):
            problems = message_problems(data, file_count=len(req.files), edit=kind == 7)
        elif kind == 8:
            problems = autocomplete_problems(data)
        elif kind not in (1, 5, 6, 9, 10, 12):
            problems = [f"type: unknown callback type {kind}"]
        if kind in (6, 7) and handle.payload["type"] != MESSAGE_COMPONENT:
            problems.append(f"type: callback {kind} is only valid for component interactions")
        if kind == 8 and handle.payload["type"] != AUTOCOMPLETE:
            problems.append("type: callback 8 is only valid for autocomplete interactions")
        if kind != 8 and handle.payload["type"] == AUTOCOMPLETE:
            problems.append(f"type: autocomplete interactions need callback 8, got {kind}")
        if problems:
            handle.errors.extend(problems)
            raise invalid_form(problems)

        message: dict[str, Any] | None = None
        if kind == 4:
            message = self._interaction_message(handle, data, req)
            handle.original_message_id = int(message["id"])
        elif kind == 5:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            message = self._interaction_message(handle, {}, req, flags=flags)
            handle.original_message_id = int(message["id"])
        elif kind == 7 and handle.original_message_id is not None:
            target = self.messages.get(handle.original_message_id)
            if target is not None:
                attachments = self._attachments(data, req)
                message = apply_edit(target, data, attachments)
        await handle._record(
            InteractionResponse(
                "callback",
                {"type": kind, "data": body.get("data")},
                req.time,
                type=kind,
                message_id=int(message["id"]) if message else None,
            )
        )
        if req.query.get("with_response") not in ("1", "true", "True"):
            return NO_CONTENT
        result: dict[str, Any] = {
            "interaction": {
                "id": str(handle.id),
                "type": handle.payload["type"],
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL),
            }
        }
        if message is not None:
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"] = {"type": kind, "message": message}
        return result

    def _original(self, handle: FakeInteraction) -> dict[str, Any]:
        if not handle.acknowledged or handle.original_message_id is None:
            raise ApiError(404, 10008, "Unknown Message")
        message = self.messages.get(handle.original_message_id)
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    def _webhook(self, m: re.Match[str]) -> FakeInteraction:
        if int(m["app"]) != self.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        return self._handle(None, m["token"])

    async def _get_original(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._original(self._webhook(m))

    async def _edit_original(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self._webhook(m)
        message = self._original(handle)
        body = req.json or {}
        if problems := message_problems(body, edit=True):
            handle.errors.extend(problems)
            raise invalid_form(problems)
        attachments = self._attachments(body, req)
        apply_edit(message, body, attachments)
        await handle._record(
            InteractionResponse("edit_original", body, req.time, message_id=int(message["id"]))
        )
        return message

    async def _delete_original(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self._webhook(m)
        message = self._original(handle)
        del self.messages[int(message["id"])]
        message["deleted"] = True
        await handle._record(
            InteractionResponse("delete_original", None, req.time, message_id=int(message["id"]))
        )
        return NO_CONTENT

    async def _followup(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self._webhook(m)
        if not handle.acknowledged:
            handle.errors.append("followup before any callback")
            raise ApiError(404, 10015, "Unknown Webhook")
        body = req.json or {}
        if problems := message_problems(body, file_count=len(req.files)):
            handle.errors.extend(problems)
            raise invalid_form(problems)
        original = self.messages.get(handle.original_message_id or 0)
        callback = handle.callback
        if (
            callback is not None
            and callback.type == 5
            and original is not None
            and original["flags"] & LOADING
        ):
            # Like Discord: the first followup after a "thinking" defer replaces that message.
            attachments = self._attachments(body, req)
            message = apply_edit(original, body, attachments)
        else:
            message = self._interaction_message(handle, body, req)
        handle.followup_message_ids.append(int(message["id"]))
        await handle._record(
            InteractionResponse("followup", body, req.time, message_id=int(message["id"]))
        )
        if req.query.get("wait") in ("1", "true", "True"):
            return message
        return NO_CONTENT

    def _followup_message(self, handle: FakeInteraction, raw: str) -> dict[str, Any]:
        message_id = int(raw)
        if message_id not in handle.followup_message_ids or message_id not in self.messages:
            raise ApiError(404, 10008, "Unknown Message")
        return self.messages[message_id]

    async def _get_followup(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        return self._followup_message(self._webhook(m), m["message"])

    async def _edit_followup(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self._webhook(m)
        message = self._followup_message(handle, m["message"])
        body = req.json or {}
        if problems := message_problems(body, edit=True):
            handle.errors.extend(problems)
            raise invalid_form(problems)
        apply_edit(message, body, self._attachments(body, req))
        await handle._record(
            InteractionResponse("edit_followup", body, req.time, message_id=int(message["id"]))
        )
        return message

    async def _delete_followup(self, req: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self._webhook(m)
        message = self._followup_message(handle, m["message"])
        del self.messages[int(message["id"])]
        await handle._record(
            InteractionResponse("delete_followup", None, req.time, message_id=int(message["id"]))
        )
        return NO_CONTENT
