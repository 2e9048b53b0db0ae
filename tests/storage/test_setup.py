"""Choosing the backend, the salt, and the storage lifetime the bot runs under."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.storage.factory import create_store, open_storage
from bot.storage.postgres import PostgresStore, mask_url
from bot.storage.sqlite import DB_FILE, SqliteStore
from bot.storage.userhash import SALT_FILE, hash_user, load_salt

LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path / "data", **values)


def test_sqlite_in_the_data_folder_by_default(tmp_path: Path) -> None:
    """Without DATABASE_URL the store is the SQLite file in DATA_DIR."""
    store = create_store(settings(tmp_path))
    assert isinstance(store, SqliteStore)
    assert store.path == tmp_path / "data" / DB_FILE


def test_postgres_when_a_database_url_is_set(tmp_path: Path) -> None:
    """DATABASE_URL=postgresql://... selects PostgreSQL, shown with its password masked."""
    store = create_store(settings(tmp_path, database_url="postgresql://bot:s3cret@db:5433/ab"))
    assert isinstance(store, PostgresStore)
    assert store.where == "postgresql://bot:***@db:5433/ab"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:p%40ss@db.example.org/ab", "postgresql://bot:***@db.example.org/ab"),
        ("postgresql://bot@[::1]:5432/ab", "postgresql://bot@[::1]:5432/ab"),
        ("postgresql:///ab?host=/run/pg&password=pw", "postgresql:///ab?host=/run/pg&password=***"),
        ("postgresql://db/ab?sslmode=require", "postgresql://db/ab?sslmode=require"),
        ("postgres://db/ab", "postgres://db/ab"),
    ],
)
def test_mask_url_hides_every_password(url: str, shown: str) -> None:
    """The password in the user part or in a `password=` parameter becomes ***."""
    assert mask_url(url) == shown


def test_database_url_must_be_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another scheme is refused with a message that does not echo the URL."""
    from pydantic import ValidationError

    from bot.settings import describe_errors

    monkeypatch.setenv("DATABASE_URL", "mysql://bot:hunter2hunter2@db/ab")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)
    [line] = describe_errors(caught.value)
    assert line.startswith("DATABASE_URL: ")
    assert "hunter2" not in line


def test_blank_storage_settings_mean_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """The empty lines of .env.example give SQLite, the per-user folder and a generated salt."""
    for name in ("DATA_DIR", "DATABASE_URL", "USER_HASH_SALT"):
        monkeypatch.setenv(name, "")
    loaded = Settings(_env_file=None)
    assert loaded.database_url is None
    assert loaded.user_hash_salt is None
    assert loaded.data_dir.name == "archive-bot"
    assert loaded.retention_days == 90


def test_a_generated_salt_is_private_and_kept(tmp_path: Path) -> None:
    """The first start writes a random salt readable by the owner only; later starts reuse it."""
    first = load_salt(None, tmp_path / "data")
    path = tmp_path / "data" / SALT_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 64
    assert load_salt(None, tmp_path / "data") == first
    assert load_salt(None, tmp_path / "other") != first
    assert os.listdir(tmp_path / "data") == [SALT_FILE]  # no temporary file left behind


def test_a_configured_salt_wins_and_changes_every_hash(tmp_path: Path) -> None:
    """USER_HASH_SALT is used as is; the same id hashes differently under another salt."""
    salt = load_salt("a-configured-salt-value", tmp_path)
    assert salt == b"a-configured-salt-value"
    assert not (tmp_path / SALT_FILE).exists()
    assert hash_user(42, salt) != hash_user(42, b"another-salt-entirely")
    assert hash_user(42, salt) == hash_user(42, salt)
    assert len(hash_user(42, salt)) == 32


async def test_open_storage_creates_everything_on_first_use(tmp_path: Path) -> None:
    """A fresh DATA_DIR gets the database file and the salt; what is recorded is stored."""
    config = settings(tmp_path, user_hash_salt=None)
    async with open_storage(config) as storage:
        storage.recorder.record_question(
            user_id=1, question="hello?", kind="silent", guild_id=None, channel_id=None
        )
    assert (tmp_path / "data" / DB_FILE).exists()
    salt = (tmp_path / "data" / SALT_FILE).read_text().strip().encode()
    async with open_storage(config) as storage:
        [row] = await storage.store.questions(LONG_AGO)
        assert row.user_hash == hash_user(1, salt)
        assert storage.recorder.user_hash(1) == row.user_hash


def test_secret_settings_are_not_shown_in_repr(tmp_path: Path) -> None:
    """DATABASE_URL and USER_HASH_SALT are secrets in the settings object too."""
    config = settings(
        tmp_path,
        database_url=SecretStr("postgresql://bot:pw-in-url@db/ab"),
        user_hash_salt="a-very-secret-salt",
    )
    assert "pw-in-url" not in repr(config)
    assert "a-very-secret-salt" not in repr(config)
