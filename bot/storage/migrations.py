"""Numbered schema migrations, one list for both backends.

Each migration has a version (1, 2, ...), a name and the SQL for each dialect;
`schema_migrations` records the versions applied. The bot applies what is
missing at start-up, each migration in its own transaction together with its
row in `schema_migrations`, so a crash leaves either the old or the new schema.
A database whose version is higher than this code knows is refused: an older bot
must not write into a newer schema.

Not Alembic: it needs SQLAlchemy, which the project does not use, and two small
backends with a handful of tables need no more than this list.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.base import Backend, StorageError


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sqlite: str
    postgresql: str

    def sql(self, backend: Backend) -> str:
        return self.sqlite if backend == "sqlite" else self.postgresql


_KINDS = "'answered', 'likely', 'unsure', 'silent'"
_FEEDBACK = "'helpful', 'not-what-i-asked'"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "questions and feedback",
        sqlite=f"""
            CREATE TABLE questions (
                id TEXT PRIMARY KEY,
                asked_at TEXT NOT NULL,
                guild_id INTEGER,
                channel_id INTEGER,
                message_id INTEGER,
                user_hash TEXT NOT NULL,
                question TEXT NOT NULL,
                reply_kind TEXT NOT NULL CHECK (reply_kind IN ({_KINDS})),
                candidates TEXT NOT NULL,
                knowledge_version TEXT NOT NULL
            );
            CREATE INDEX questions_asked_at ON questions (asked_at);
            CREATE INDEX questions_user_hash ON questions (user_hash);
            CREATE TABLE feedback (
                id TEXT PRIMARY KEY,
                created_at TEXT NOT NULL,
                question_id TEXT,
                message_id INTEGER,
                kind TEXT NOT NULL CHECK (kind IN ({_FEEDBACK})),
                user_hash TEXT NOT NULL
            );
            CREATE INDEX feedback_created_at ON feedback (created_at);
            CREATE INDEX feedback_user_hash ON feedback (user_hash);
        """,
        postgresql=f"""
            CREATE TABLE questions (
                id TEXT PRIMARY KEY,
                asked_at TIMESTAMPTZ NOT NULL,
                guild_id BIGINT,
                channel_id BIGINT,
                message_id BIGINT,
                user_hash TEXT NOT NULL,
                question TEXT NOT NULL,
                reply_kind TEXT NOT NULL CHECK (reply_kind IN ({_KINDS})),
                candidates JSONB NOT NULL,
                knowledge_version TEXT NOT NULL
            );
            CREATE INDEX questions_asked_at ON questions (asked_at);
            CREATE INDEX questions_user_hash ON questions (user_hash);
            CREATE TABLE feedback (
                id TEXT PRIMARY KEY,
                created_at TIMESTAMPTZ NOT NULL,
                question_id TEXT,
                message_id BIGINT,
                kind TEXT NOT NULL CHECK (kind IN ({_FEEDBACK})),
                user_hash TEXT NOT NULL
            );
            CREATE INDEX feedback_created_at ON feedback (created_at);
            CREATE INDEX feedback_user_hash ON feedback (user_hash);
        """,
    ),
)

LATEST = MIGRATIONS[-1].version

CREATE_TABLE = {
    "sqlite": """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""",
    "postgresql": """CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)""",
}


def pending(applied: int) -> tuple[Migration, ...]:
    """The migrations after version `applied`; StorageError if the database is newer."""
    if applied > LATEST:
        raise StorageError(
            f"the database schema is at version {applied}, newer than this bot knows "
            f"({LATEST}); upgrade the bot"
        )
    return tuple(m for m in MIGRATIONS if m.version > applied)
