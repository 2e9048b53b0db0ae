"""The curator's queries: misses grouped by wording, the figures of a period."""

from __future__ import annotations

import datetime as dt

from bot.storage.base import Store
from bot.storage.curator import Period, compute_stats, find_misses, load_period, similarity
from bot.storage.records import Candidate
from tests.storage.conftest import NOW, feedback, question

DAY = dt.timedelta(days=1)
PERIOD = Period.last(7, NOW + dt.timedelta(hours=1))


async def test_misses_are_grouped_by_wording_biggest_first(store: Store) -> None:
    """Unanswered and thumbs-down questions form groups of similar wordings; answered ones
    with no complaint, and "helpful" presses, are not misses."""
    signed = ["When was GSOMIA signed?", "when was gsomia signed", "When was GSOMIA signed"]
    esper = ["what did esper tell moon", "What did Esper say to Moon?"]
    rows = [
        *(
            question(n, kind="unsure", text=text, candidates=(Candidate("f-sign", "p1", 40.0 + n),))
            for n, text in enumerate(signed)
        ),
        question(10, kind="silent", text=esper[0], candidates=()),
        question(11, kind="unsure", text=esper[1], candidates=(Candidate("f-esper", None, None),)),
        question(20, kind="answered", text="when was gsomia terminated"),
        question(21, kind="answered", text="who is harris"),
        question(22, kind="likely", text="who is esper"),
    ]
    notes = [
        feedback(1, kind="not-what-i-asked", message_id=rows[5].message_id),
        feedback(2, kind="helpful", question_id=rows[6].id),
    ]
    await store.write(rows, notes)
    questions, fb = await load_period(store, PERIOD)
    groups = find_misses(questions, fb)
    assert [(g.title, g.count, g.unanswered, g.thumbs_down) for g in groups] == [
        ("When was GSOMIA signed?", 3, 3, 0),
        ("What did Esper say to Moon?", 2, 2, 0),  # a tie: the first wording alphabetically
        ("when was gsomia terminated", 1, 0, 1),
    ]
    assert groups[0].phrasings == (("When was GSOMIA signed?", 3),)  # case and "?" aside
    assert groups[1].phrasings == (
        ("What did Esper say to Moon?", 1),
        ("what did esper tell moon", 1),
    )
    assert groups[0].best == Candidate("f-sign", "p1", 42.0)
    assert groups[1].best == Candidate("f-esper", None, None)
    assert groups[2].best == Candidate("fact-a", "post-a", 88.5)


def test_a_short_question_does_not_swallow_longer_ones() -> None:
    """ "gsomia" alone is not the same question as "when was gsomia signed"."""
    rows = [
        question(1, kind="unsure", text="gsomia"),
        question(2, kind="unsure", text="gsomia"),
        question(3, kind="unsure", text="when was gsomia signed"),
        question(4, kind="unsure", text="is gsomia still in effect"),
    ]
    assert [g.title for g in find_misses(rows, [])] == [
        "gsomia",
        "is gsomia still in effect",
        "when was gsomia signed",
    ]
    assert similarity("gsomia", "when was gsomia signed") < 85


def test_different_questions_about_one_topic_stay_apart() -> None:
    """Signed and terminated are two questions, though they share most words."""
    rows = [
        question(1, kind="unsure", text="when was gsomia signed"),
        question(2, kind="silent", text="when was gsomia terminated"),
    ]
    assert len(find_misses(rows, [])) == 2


def test_stats_count_kinds_facts_feedback_and_days() -> None:
    """Figures of a period: kinds, answered rate, top facts, facts never asked, each day."""
    rows = [
        question(1, at=NOW, kind="answered", candidates=(Candidate("f1", "p", 90.0),)),
        question(2, at=NOW, kind="answered", candidates=(Candidate("f1", "p", 95.0),), user="u2"),
        question(3, at=NOW - DAY, kind="likely", candidates=(Candidate("f2", "p", 70.0),)),
        question(4, at=NOW - 3 * DAY, kind="unsure", candidates=(Candidate("f3", None, 30.0),)),
        question(5, at=NOW - 3 * DAY, kind="silent", candidates=()),
    ]
    notes = [
        feedback(1, kind="helpful", message_id=1),
        feedback(2, kind="not-what-i-asked", message_id=2),
    ]
    stats = compute_stats(rows, notes, PERIOD, fact_ids=["f1", "f2", "f3", "f4", "f5"])
    assert stats.asked == 5
    assert stats.askers == 2
    assert dict(stats.kinds) == {"answered": 2, "likely": 1, "unsure": 1, "silent": 1}
    assert stats.answered_rate == 3 / 5
    assert stats.top_facts == (("f1", 2), ("f2", 1))
    assert stats.never_asked == ("f4", "f5")  # f3 was asked, though not answered
    assert (stats.helpful, stats.not_what_asked) == (1, 1)
    assert [d.day.isoformat() for d in stats.days] == [
        "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30",
        "2026-12-01", "2026-12-02", "2026-12-03",
    ]  # fmt: skip
    assert [d.asked for d in stats.days] == [0, 0, 0, 2, 0, 1, 2]
    assert [d.answered_rate for d in stats.days] == [None, None, None, 0.0, None, 1.0, 1.0]


def test_without_a_fact_list_never_asked_is_unknown() -> None:
    """No knowledge, no claim about facts never asked."""
    assert compute_stats([], [], PERIOD).never_asked is None
    assert compute_stats([], [], PERIOD).answered_rate is None


def test_a_period_is_whole_utc_days_ending_today() -> None:
    """The last 7 days start at midnight UTC six days ago and end now."""
    period = Period.last(
        7, dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    )
    assert period.since == dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    assert period.until == dt.datetime(2026, 12, 3, 0, 30, tzinfo=dt.UTC)
    assert len(period.dates()) == 7
