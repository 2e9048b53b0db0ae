"""Settings from the environment and a `.env` file, built once in `main()`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BUNDLED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
"""The archive shipped with the repository."""
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
MIN_SALT_LENGTH = 16


def default_data_dir() -> Path:
    """The per-user data folder (`~/.local/share/archive-bot` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("archive-bot", appauthor=False)


_MAX_SHARD_ID = 65_535
"""Far beyond any real bot; keeps `0-99999999999` from building a huge list."""
_FREE_TEXT_ERRORS = frozenset({"value_error", "assertion_error"})
"""Error types whose message is an exception's text, which may quote the value."""
_PIECES = re.compile(r"[^A-Za-z0-9_-]+")
_QUOTED_PIECE = 8
"""Shorter pieces are common words, or an allowed value named in the message."""


def _split_ids(value: object) -> object:
    """Accept `1,2 3` as well as a JSON-ish list for id lists."""
    if isinstance(value, str):
        parts = value.replace(",", " ").split()
        try:
            return [int(p) for p in parts]
        except ValueError:
            # int()'s message quotes the value, which may be a token in the wrong variable.
            raise PydanticCustomError(
                "id_list", "Input should be Discord ids (numbers) separated by commas or spaces"
            ) from None
    if isinstance(value, int):
        return [value]
    return value


def _parse_shard_ids(value: object) -> object:
    """`0-3`, `0,2`, `1` or `0-1 4` (commas or spaces) as a sorted tuple of shard ids."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    found: set[int] = set()
    for part in text.replace(",", " ").split():
        first, dash, last = part.partition("-")
        if not (first.isdigit() and (not dash or last.isdigit())):
            raise PydanticCustomError(
                "shard_ids",
                "Input should be shard numbers and ranges such as 0-3 or 0,2 (commas or spaces)",
            )
        low, high = int(first), int(last) if dash else int(first)
        if high < low:
            raise PydanticCustomError(
                "shard_ids", "Input should have ranges written low to high, such as 0-3"
            )
        if high > _MAX_SHARD_ID:
            raise PydanticCustomError(
                "shard_ids", "Input should be shard numbers up to {max}", {"max": _MAX_SHARD_ID}
            )
        found.update(range(low, high + 1))
    return tuple(sorted(found))


def describe_errors(exc: ValidationError) -> list[str]:
    """One line per bad setting: its variable and what it expects, never the value given.

    Pydantic's own messages say what was expected; free-text messages from
    validators could quote the input, so those become a generic line.
    """
    expected: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        name = str(loc[0]).upper() if loc else "settings"
        text = error["msg"]
        if error["type"] in _FREE_TEXT_ERRORS or _quotes_input(text, error.get("input")):
            text = "invalid value (not shown); .env.example says what it expects"
        messages = expected.setdefault(name, [])
        if text not in messages:
            messages.append(text)
    return [f"{name}: {'; '.join(messages)}" for name, messages in expected.items()]


def _quotes_input(message: str, value: object) -> bool:
    """Whether `message` quotes the value or a long piece of it (a safety net)."""
    if not isinstance(value, str):
        return False
    pieces = [value.strip(), *_PIECES.split(value)]
    return any(len(piece) >= _QUOTED_PIECE and piece in message for piece in pieces)


class Settings(BaseSettings):
    """Every setting; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
    )

    discord_token: SecretStr | None = None
    knowledge_dir: Path = BUNDLED_KNOWLEDGE
    cache_dir: Path | None = None
    answer_channel_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_role_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    dev_guild_id: int | None = None
    shard_count: int | Literal["auto"] | None = None
    shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = None
    """The shards this process serves (of SHARD_COUNT); None: all of them."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_discord_debug: bool = False
    question_burst: int = Field(default=10, ge=1)
    question_refill_seconds: float = Field(default=6.0, gt=0)
    channel_burst: int = Field(default=30, ge=1)
    channel_refill_seconds: float = Field(default=2.0, gt=0)
    repeat_window_seconds: float = Field(default=300.0, ge=0)
    max_file_bytes: int = Field(default=16 * 1024 * 1024, ge=1)
    max_depth: int = Field(default=32, ge=1)
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: SecretStr | None = None
    """PostgreSQL when set; the SQLite file in `data_dir` otherwise. Holds a password."""
    retention_days: int = Field(default=90, ge=1)
    user_hash_salt: SecretStr | None = None
    """None: a generated salt kept in `data_dir` (see bot.storage.userhash)."""
    storage_buffer_size: int = Field(default=10_000, ge=1)

    @field_validator("answer_channel_ids", "admin_role_ids", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        return _split_ids(value)

    @field_validator("shard_count")
    @classmethod
    def _positive_shard_count(cls, value: int | str | None) -> int | str | None:
        if isinstance(value, int) and value < 1:
            raise PydanticCustomError("shard_count", "Input should be at least 1, or 'auto'")
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_list(cls, value: object) -> object:
        return _parse_shard_ids(value)

    @field_validator("shard_ids")
    @classmethod
    def _shards_within_count(
        cls, value: tuple[int, ...] | None, info: ValidationInfo
    ) -> tuple[int, ...] | None:
        """SHARD_IDS needs a numeric SHARD_COUNT, and every id must be below it."""
        if value is None:
            return None
        if not value:
            raise PydanticCustomError("shard_ids", "Input should name at least one shard")
        if "shard_count" not in info.data:
            return value  # SHARD_COUNT itself is invalid: that error says so
        count = info.data["shard_count"]
        if not isinstance(count, int):
            raise PydanticCustomError(
                "shard_ids",
                "requires SHARD_COUNT to be the bot's total number of shards "
                "(a number; not empty, not 'auto')",
            )
        if value[-1] >= count:
            raise PydanticCustomError(
                "shard_ids",
                "Input should be shard numbers below SHARD_COUNT ({count}): 0 to {last}",
                {"count": count, "last": count - 1},
            )
        return value

    @field_validator("shard_count", "dev_guild_id", "cache_dir", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("database_url", "user_hash_salt", mode="before")
    @classmethod
    def _blank_secret_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(_POSTGRES_SCHEMES):
            raise PydanticCustomError(
                "database_url", "Input should be a postgresql:// URL, or empty for SQLite"
            )
        return value

    @field_validator("user_hash_salt")
    @classmethod
    def _long_salt(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SALT_LENGTH:
            raise PydanticCustomError(
                "salt_length", "Input should be at least {min} characters", {"min": MIN_SALT_LENGTH}
            )
        return value

    @field_validator("data_dir", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return default_data_dir()
        return value

    @field_validator("knowledge_dir", mode="before")
    @classmethod
    def _blank_is_bundled(cls, value: object) -> object:
        """A blank `KNOWLEDGE_DIR=` (as in .env.example) is the bundled archive, not `.`."""
        if isinstance(value, str) and not value.strip():
            return BUNDLED_KNOWLEDGE
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value
