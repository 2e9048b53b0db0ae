"""What the curator reads: misses grouped by wording, and the figures of a period.

Pure functions over the rows of a period (`load_period` reads them from a store),
so both backends share one implementation and the tests need no database.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from bot.storage.base import Store
from bot.storage.records import (
    REPLY_KINDS,
    UNANSWERED,
    Candidate,
    FeedbackRow,
    QuestionRow,
)

SIMILARITY = 85.0
"""token_set_ratio at or above which two misses are one question. Measured on reworded
questions: "what did esper tell moon" / "...say to moon" score 88, while
"when was gsomia signed" / "...terminated" score 83 and stay apart."""
_NEAR = 5
"""Groups compared in full for each miss, after rapidfuzz's fast pre-selection."""


@dataclass(frozen=True, slots=True)
class Period:
    """Whole UTC days: `days` days ending with today's (partial) day."""

    since: dt.datetime
    until: dt.datetime
    days: int

    @classmethod
    def last(cls, days: int, now: dt.datetime | None = None) -> Period:
        moment = dt.datetime.now(dt.UTC) if now is None else now.astimezone(dt.UTC)
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(midnight - dt.timedelta(days=days - 1), moment, days)

    def dates(self) -> list[dt.date]:
        first = self.since.date()
        return [first + dt.timedelta(days=n) for n in range(self.days)]


async def load_period(store: Store, period: Period) -> tuple[list[QuestionRow], list[FeedbackRow]]:
    """The questions and feedback of a period."""
    return (
        await store.questions(period.since, period.until),
        await store.feedback(period.since, period.until),
    )


# ---- misses


@dataclass(frozen=True, slots=True)
class MissGroup:
    """Questions the bot missed that ask the same thing in similar words."""

    phrasings: tuple[tuple[str, int], ...]
    """Each distinct wording (case, spacing and punctuation aside) with how often it came,
    most often first."""
    count: int
    unanswered: int
    """Of `count`: replied "I don't know" (unsure) or stayed silent."""
    thumbs_down: int
    """Of `count`: answered, but someone pressed "not what I asked"."""
    best: Candidate | None
    """The best-scored candidate the bot had for any of them."""
    last_asked: dt.datetime

    @property
    def title(self) -> str:
        return self.phrasings[0][0]


def thumbs_down_of(feedback: Iterable[FeedbackRow]) -> tuple[set[str], set[int]]:
    """Question ids and reply message ids that got a "not what I asked"."""
    ids: set[str] = set()
    messages: set[int] = set()
    for note in feedback:
        if note.kind == "not-what-i-asked":
            if note.question_id is not None:
                ids.add(note.question_id)
            if note.message_id is not None:
                messages.add(note.message_id)
    return ids, messages


def similarity(a: str, b: str) -> float:
    """token_set_ratio of two processed questions, except that a short question whose
    words all occur in one twice its length ("gsomia" in "when was gsomia signed") is
    compared as a whole (token_sort_ratio): it would otherwise score 100."""
    short, long = sorted((len(a.split()), len(b.split())))
    if 2 * short < long:
        return float(fuzz.token_sort_ratio(a, b))
    return float(fuzz.token_set_ratio(a, b))


@dataclass(slots=True)
class _Group:
    leader: str
    keys: list[str] = field(default_factory=list)


def find_misses(
    questions: Sequence[QuestionRow],
    feedback: Sequence[FeedbackRow],
    *,
    threshold: float = SIMILARITY,
) -> list[MissGroup]:
    """Unanswered and thumbs-down questions grouped by wording, biggest groups first.

    Greedy: wordings are taken most asked first; each joins the most similar group
    leader scoring at least `threshold`, or leads a new group.
    """
    down_ids, down_messages = thumbs_down_of(feedback)
    by_key: dict[str, list[tuple[QuestionRow, bool]]] = {}
    for row in questions:
        down = row.id in down_ids or row.message_id in down_messages
        if row.kind in UNANSWERED or down:
            key = utils.default_process(row.question) or row.question.strip()
            by_key.setdefault(key, []).append((row, down))
    ordered = sorted(by_key, key=lambda k: (-len(by_key[k]), k))
    groups: list[_Group] = []
    leaders: list[str] = []
    for key in ordered:
        near = process.extract(
            key, leaders, scorer=fuzz.token_set_ratio, score_cutoff=threshold, limit=_NEAR
        )
        # the most similar leader; on a tie, the older (bigger) group
        score, older = max(
            ((similarity(key, leader), -index) for leader, _, index in near), default=(0.0, 0)
        )
        if score >= threshold:
            groups[-older].keys.append(key)
        else:
            groups.append(_Group(key, [key]))
            leaders.append(key)
    out = [_summarise([by_key[key] for key in g.keys]) for g in groups]
    out.sort(key=lambda g: (-g.count, -g.last_asked.timestamp(), g.title))
    return out


def _summarise(wordings: list[list[tuple[QuestionRow, bool]]]) -> MissGroup:
    """One group from its wordings (rows that read the same once processed)."""
    members = [member for rows in wordings for member in rows]
    phrasings: list[tuple[str, int]] = []
    for rows in wordings:
        # shown as most often typed; on a tie, as first typed
        typed = Counter(" ".join(row.question.split()) for row, _ in rows)
        phrasings.append((typed.most_common(1)[0][0], len(rows)))
    phrasings.sort(key=lambda p: -p[1])
    return MissGroup(
        phrasings=tuple(phrasings),
        count=len(members),
        unanswered=sum(1 for row, _ in members if row.kind in UNANSWERED),
        thumbs_down=sum(1 for _, down in members if down),
        best=best_candidate(row for row, _ in members),
        last_asked=max(row.asked_at for row, _ in members),
    )


def best_candidate(rows: Iterable[QuestionRow]) -> Candidate | None:
    """The highest-scored candidate of any row; without scores, the most frequent first one."""
    scored: list[Candidate] = []
    firsts: Counter[Candidate] = Counter()
    for row in rows:
        if row.candidates:
            firsts[row.candidates[0]] += 1
        scored.extend(c for c in row.candidates if c.score is not None)
    if scored:
        return max(scored, key=lambda c: (c.score or 0.0, c.post_id is not None))
    return firsts.most_common(1)[0][0] if firsts else None


# ---- figures


@dataclass(frozen=True, slots=True)
class DayCount:
    """One UTC day's questions by reply kind."""

    day: dt.date
    kinds: Mapping[str, int]

    @property
    def asked(self) -> int:
        return sum(self.kinds.values())

    @property
    def answered_rate(self) -> float | None:
        """Share answered (confident or likely); None on a day without questions."""
        return answered_share(self.kinds)


def answered_share(kinds: Mapping[str, int]) -> float | None:
    total = sum(kinds.values())
    return (kinds.get("answered", 0) + kinds.get("likely", 0)) / total if total else None


@dataclass(frozen=True, slots=True)
class Stats:
    """The figures of a period."""

    period: Period
    asked: int
    kinds: Mapping[str, int]
    """Every ReplyKind, with 0 when it did not occur."""
    askers: int
    """Distinct user hashes."""
    helpful: int
    not_what_asked: int
    top_facts: tuple[tuple[str, int], ...]
    """Facts given as answers (confident or likely), most given first."""
    never_asked: tuple[str, ...] | None
    """Facts that were no question's first candidate; None when the fact list is unknown."""
    days: tuple[DayCount, ...]

    @property
    def answered_rate(self) -> float | None:
        return answered_share(self.kinds)


def compute_stats(
    questions: Sequence[QuestionRow],
    feedback: Sequence[FeedbackRow],
    period: Period,
    *,
    fact_ids: Sequence[str] | None = None,
    top: int = 10,
) -> Stats:
    """Questions asked, the share of each reply kind, top facts, facts never asked, and
    per-day counts (every day of the period, empty days included)."""
    kinds: Counter[str] = Counter(row.kind for row in questions)
    per_day: dict[dt.date, Counter[str]] = {day: Counter() for day in period.dates()}
    given: Counter[str] = Counter()
    first: set[str] = set()
    for row in questions:
        per_day.setdefault(row.asked_at.date(), Counter())[row.kind] += 1
        if row.candidates and row.candidates[0].fact_id is not None:
            first.add(row.candidates[0].fact_id)
            if row.kind not in UNANSWERED:
                given[row.candidates[0].fact_id] += 1
    never = None if fact_ids is None else tuple(f for f in fact_ids if f not in first)
    return Stats(
        period=period,
        asked=len(questions),
        kinds={kind: kinds.get(kind, 0) for kind in REPLY_KINDS},
        askers=len({row.user_hash for row in questions}),
        helpful=sum(1 for f in feedback if f.kind == "helpful"),
        not_what_asked=sum(1 for f in feedback if f.kind == "not-what-i-asked"),
        top_facts=tuple(sorted(given.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
        never_asked=never,
        days=tuple(DayCount(day, dict(per_day[day])) for day in sorted(per_day)),
    )
