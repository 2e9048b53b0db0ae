"""Discord's documented size limits, checked the way the real API rejects bad bodies (400).

Each check returns a list of human-readable problems; an empty list means Discord would accept
the body. The server answers 400 {"code": 50035 or 50006, ...} when a list is not empty.
"""

from __future__ import annotations

import re
from typing import Any

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_STRING_VALUE = 100
MAX_COMPONENT_ROWS = 5
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_COMMANDS_PER_SCOPE = 100
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")

_EMBED_FIELDS = {"title": 256, "description": 4096}


def _embed_problems(index: int, embed: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    total = 0
    for key, limit in _EMBED_FIELDS.items():
        text = embed.get(key) or ""
        total += len(text)
        if len(text) > limit:
            problems.append(f"embeds.{index}.{key}: {len(text)} > {limit} characters")
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    total += len(footer) + len(author)
    if len(footer) > 2048:
        problems.append(f"embeds.{index}.footer.text: {len(footer)} > 2048 characters")
    if len(author) > 256:
        problems.append(f"embeds.{index}.author.name: {len(author)} > 256 characters")
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems.append(f"embeds.{index}.fields: {len(fields)} > 25 fields")
    for f_index, item in enumerate(fields):
        name, value = item.get("name") or "", item.get("value") or ""
        total += len(name) + len(value)
        if not name or len(name) > 256:
            problems.append(f"embeds.{index}.fields.{f_index}.name: length {len(name)} not 1..256")
        if not value or len(value) > 1024:
            problems.append(
                f"embeds.{index}.fields.{f_index}.value: length {len(value)} not 1..1024"
            )
    if total > MAX_EMBED_TOTAL:
        problems.append(f"embeds.{index}: {total} > {MAX_EMBED_TOTAL} characters in total")
    return problems


def _component_problems(components: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(components) > MAX_COMPONENT_ROWS:
        problems.append(f"components: {len(components)} > {MAX_COMPONENT_ROWS} rows")
    for r_index, row in enumerate(components):
        for c_index, comp in enumerate(row.get("components") or []):
            custom_id = comp.get("custom_id")
            if custom_id is not None and not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
                problems.append(f"components.{r_index}.{c_index}.custom_id: bad length")
            label = comp.get("label") or ""
            if len(label) > MAX_BUTTON_LABEL:
                problems.append(f"components.{r_index}.{c_index}.label: {len(label)} > 80")
    return problems


def message_problems(body: dict[str, Any], *, file_count: int = 0, edit: bool = False) -> list[str]:
    """Problems with a create/edit message body (channel message, interaction reply, followup)."""
    problems: list[str] = []
    content = body.get("content")
    if content is not None and len(content) > MAX_CONTENT:
        problems.append(f"content: {len(content)} > {MAX_CONTENT} characters")
    embeds = body.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        problems.append(f"embeds: {len(embeds)} > {MAX_EMBEDS}")
    for index, embed in enumerate(embeds):
        problems.extend(_embed_problems(index, embed))
    problems.extend(_component_problems(body.get("components") or []))
    has_body = bool(
        content or embeds or body.get("components") or body.get("sticker_ids") or body.get("poll")
    )
    if not edit and not has_body and not file_count and not body.get("attachments"):
        problems.append("Cannot send an empty message")
    return problems


def autocomplete_problems(data: dict[str, Any]) -> list[str]:
    """Problems with an autocomplete (callback type 8) result."""
    choices = data.get("choices")
    if choices is None:
        return ["choices: missing"]
    problems: list[str] = []
    if len(choices) > MAX_CHOICES:
        problems.append(f"choices: {len(choices)} > {MAX_CHOICES}")
    for index, choice in enumerate(choices):
        name = choice.get("name") or ""
        if not 1 <= len(name) <= MAX_CHOICE_NAME:
            problems.append(f"choices.{index}.name: length {len(name)} not 1..{MAX_CHOICE_NAME}")
        value = choice.get("value")
        if isinstance(value, str) and not 1 <= len(value) <= MAX_CHOICE_STRING_VALUE:
            problems.append(f"choices.{index}.value: length {len(value)} not 1..100")
    return problems


def command_problems(commands: list[dict[str, Any]]) -> list[str]:
    """Problems with a bulk-overwrite list of application commands."""
    problems: list[str] = []
    if len(commands) > MAX_COMMANDS_PER_SCOPE:
        problems.append(f"{len(commands)} > {MAX_COMMANDS_PER_SCOPE} commands")
    seen: set[tuple[str, int]] = set()
    for index, command in enumerate(commands):
        name = command.get("name") or ""
        kind = command.get("type", 1)
        if (name, kind) in seen:
            problems.append(f"{index}.name: duplicate {name!r}")
        seen.add((name, kind))
        if kind == 1:
            if not COMMAND_NAME.match(name) or name != name.lower():
                problems.append(f"{index}.name: invalid slash command name {name!r}")
            description = command.get("description") or ""
            if not 1 <= len(description) <= 100:
                problems.append(f"{index}.description: length {len(description)} not 1..100")
        problems.extend(_option_problems(f"{index}", command.get("options") or []))
    return problems


def _option_problems(where: str, options: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(options) > 25:
        problems.append(f"{where}.options: {len(options)} > 25")
    seen_optional = False
    for index, option in enumerate(options):
        name = option.get("name") or ""
        if not COMMAND_NAME.match(name) or name != name.lower():
            problems.append(f"{where}.options.{index}.name: invalid {name!r}")
        description = option.get("description") or ""
        if not 1 <= len(description) <= 100:
            problems.append(f"{where}.options.{index}.description: length not 1..100")
        if option.get("type") in (1, 2):
            problems.extend(
                _option_problems(f"{where}.options.{index}", option.get("options") or [])
            )
            continue
        if option.get("required"):
            if seen_optional:
                problems.append(f"{where}.options.{index}: required option after optional")
        else:
            seen_optional = True
        if len(option.get("choices") or []) > MAX_CHOICES:
            problems.append(f"{where}.options.{index}.choices: > {MAX_CHOICES}")
    return problems
