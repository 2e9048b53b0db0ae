"""Storage of questions and feedback, behind one small interface. No discord import.

What the Discord side calls (all from the event loop's thread):

    from bot.storage.factory import open_storage
    from bot.storage.outcome import candidates, reply_kind

    async with open_storage(settings) as storage:     # in main(): migrate, start the writer
        recorder = storage.recorder                   # hand it to the bot
        ...
        # after replying (or deciding to stay silent) to a question:
        qid = recorder.record_question(
            user_id=author.id, question=text, kind=reply_kind(result, silent=...),
            guild_id=guild_id, channel_id=channel_id, candidates=candidates(result),
            knowledge_version=engine.knowledge.version, message_id=reply.id,
        )                                             # returns at once; no await
        # a feedback button (custom_id may carry qid, or use the reply's message id):
        recorder.record_feedback(user_id=user.id, kind="helpful", question_id=qid)
        recorder.record_feedback(user_id=user.id, kind="not-what-i-asked", message_id=mid)
        # /forget-me:
        gone = await recorder.forget(user.id)         # StorageError if the database is down

`open_storage` raises StorageError at start-up when the database cannot be reached,
migrated or the salt read (a fatal start-up error: print it and exit). After that
nothing raises for the database: the recorder buffers up to STORAGE_BUFFER_SIZE
rows through an outage, logs one warning, and writes them when it is back;
rows older than RETENTION_DAYS are purged at start-up and daily.

Modules, one job each:
- records: the rows (QuestionRow, FeedbackRow, Candidate) and the kinds;
- base: the Store protocol and StorageError;
- sqlite / postgres: the two backends (sqlite3 in a worker thread; asyncpg);
- migrations: the numbered schema migrations both backends apply at start-up;
- recorder: the non-blocking write path with its bounded buffer;
- userhash: the salted user hash and the generated salt;
- retention: the purge of old rows;
- factory: the backend from the settings, and the storage lifetime;
- outcome: kind and candidates from an engine Reply / NoAnswer;
- notify: reload fan-out between bot processes (PostgreSQL LISTEN/NOTIFY);
- curator / report / charts / drafts / commands: `archive-bot report` and `misses`.

This module imports only the light pieces (no asyncpg, no matplotlib), so the
command line starts fast; `bot.storage.factory` brings in the backends.
"""

from bot.storage.base import StorageError, Store
from bot.storage.recorder import Recorder, RecorderStats
from bot.storage.records import (
    Candidate,
    FeedbackKind,
    FeedbackRow,
    QuestionRow,
    ReplyKind,
)

__all__ = [
    "Candidate",
    "FeedbackKind",
    "FeedbackRow",
    "QuestionRow",
    "Recorder",
    "RecorderStats",
    "ReplyKind",
    "StorageError",
    "Store",
]
