"""Settings from the environment and a `.env` file, built once in `main()`.

`load_settings` is what the command line calls: it also names the `.env`
file it read, warns about names that look like misspelled settings (every
unknown key of `.env`; environment variables only when close to one of
ours), and lets the commands that do not talk to Discord run despite a bad
Discord-only setting.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
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
    import_max_bytes: int = Field(default=100 * 1024 * 1024, ge=1)

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


DISCORD_ONLY = frozenset(
    {
        "discord_token",
        "answer_channel_ids",
        "admin_role_ids",
        "dev_guild_id",
        "shard_count",
        "shard_ids",
        "log_level",
        "log_discord_debug",
        "question_burst",
        "question_refill_seconds",
        "channel_burst",
        "channel_refill_seconds",
        "repeat_window_seconds",
    }
)
"""Settings only `run` and `sync` use: invalid ones do not stop ask, latest, chat, validate."""

DEFAULT_ENV_FILE = Path(".env")
_ENV_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=|$)")
_CLOSE = 0.9
"""An environment variable this close to one of our names (difflib ratio) is warned about."""
_CLOSE_SAME_WORD = 0.7
"""...or this close when it starts with the same word (`KNOWLEDGE_PATH`)."""


class SettingsError(Exception):
    """The settings cannot be used; `lines` say why, never quoting a value."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """The settings, the `.env` file they came from, and warnings about likely typos."""

    settings: Settings
    env_file: Path
    """The `.env` path looked at (absolute), whether or not it exists."""
    env_file_read: bool
    warnings: tuple[str, ...]

    def describe_source(self) -> str:
        """`settings: read /path/.env`, for `run` to say where its settings came from."""
        if self.env_file_read:
            return f"settings: read {self.env_file}"
        return f"settings: no .env file at {self.env_file}; the environment only"


def setting_names() -> tuple[str, ...]:
    """Every setting's variable name, upper case as in `.env.example`."""
    return tuple(name.upper() for name in Settings.model_fields)


def env_file_keys(text: str) -> list[tuple[int, str]]:
    """(line number, key) of each assignment in a `.env` text; values are never kept.

    A quoted value running over several lines is skipped as python-dotenv reads it.
    """
    keys: list[tuple[int, str]] = []
    open_quote = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if open_quote:
            if line.rstrip().endswith(open_quote):
                open_quote = ""
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENV_LINE.match(line)
        if match is None:
            continue
        keys.append((number, match[1]))
        value = line[match.end() :].strip()
        if value[:1] in {"'", '"'} and (len(value) == 1 or not value.endswith(value[0])):
            open_quote = value[0]
    return keys


def _first_word(name: str) -> str:
    return name.split("_", 1)[0]


def _closest(name: str, names: tuple[str, ...]) -> tuple[str, float]:
    scored = [(difflib.SequenceMatcher(None, name, known).ratio(), known) for known in names]
    ratio, best = max(scored)
    return best, ratio


def unknown_setting_warnings(
    env_keys: list[tuple[int, str]], env_file: Path, environ: Mapping[str, str]
) -> list[str]:
    """Warnings for `.env` keys that are not settings, and for environment variables that
    look like a misspelled setting (`LOG_LEVL`); other programs' variables are left alone."""
    names = setting_names()
    known = set(names)
    out: list[str] = []
    for number, key in env_keys:
        upper = key.upper()
        if upper in known:
            continue
        close = difflib.get_close_matches(upper, names, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else ".env.example lists every setting"
        out.append(f"{env_file}:{number}: {key} is not a setting; {hint}")
    from_file = {key.upper() for _, key in env_keys}
    for variable in sorted(environ):
        upper = variable.upper()
        if upper in known or upper in from_file:
            continue
        best, ratio = _closest(upper, names)
        if ratio >= _CLOSE or (
            ratio >= _CLOSE_SAME_WORD and _first_word(upper) == _first_word(best)
        ):
            out.append(
                f"the environment variable {variable} is not a setting; did you mean {best}?"
            )
    return out


def _read_env_file(path: Path) -> str | None:
    """The `.env` text, None when there is no such file; SettingsError if unreadable."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise SettingsError([f"the .env path {path} is a folder, not a file"]) from None
    except OSError as exc:
        raise SettingsError([f"cannot read the .env file {path}: {exc.strerror or exc}"]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows PowerShell's `echo ... > .env` writes UTF-16. Never print the file's text.
        raise SettingsError([f"the .env file {path} is not UTF-8 text; save it as UTF-8"]) from None


def load_settings(
    env_file: Path | None = None,
    *,
    discord: bool,
    environ: Mapping[str, str] | None = None,
) -> LoadedSettings:
    """Build the settings from the environment and `env_file` (default `./.env`).

    With `discord` False (every command but run and sync), invalid Discord-only
    settings are left at their defaults instead of failing. Raises SettingsError
    with one line per problem (a missing `--env-file`, an invalid setting).
    """
    chosen = env_file if env_file is not None else DEFAULT_ENV_FILE
    path = Path(os.path.abspath(chosen))
    text = _read_env_file(path)
    if text is None and env_file is not None:
        raise SettingsError([f"--env-file: no such file: {path}"])
    environ = os.environ if environ is None else environ
    warnings = unknown_setting_warnings(env_file_keys(text or ""), path, environ)
    source = path if text is not None else None
    try:
        settings = Settings(_env_file=source)
    except ValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        if discord or not bad or not bad <= DISCORD_ONLY:
            lines = describe_errors(exc)
            if not discord:
                lines = [
                    line for line in lines if line.split(":", 1)[0].lower() not in DISCORD_ONLY
                ]
            raise SettingsError([f"invalid setting {line}" for line in lines]) from None
        defaults = {
            name: Settings.model_fields[name].get_default(call_default_factory=True) for name in bad
        }
        settings = Settings(_env_file=source, **defaults)
    return LoadedSettings(settings, path, text is not None, tuple(warnings))
