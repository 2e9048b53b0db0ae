"""When the bot speaks: question detection, flood control and repeat pointers."""

from __future__ import annotations

import pytest

from bot.discord.flood import TokenBucket
from bot.discord.policy import RepeatTracker, looks_like_question, normalize_question


class Clock:
    """A manual clock for the policy objects."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.mark.parametrize(
    "text",
    [
        "When was GSOMIA restored?",
        "did japan and korea restore the pact",
        "why did Moon suspend the withdrawal",
        "Does anyone know what happened with GSOMIA in 2019",
        "tell me about the gat-geun tactic",
        "<@123456789012345678> who is Mark Esper?",
        "what's the deal with GSOMIA",
    ],
)
def test_questions_are_recognized(text: str) -> None:
    """Questions, with or without a question mark, look like questions."""
    assert looks_like_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "lol",
        "good morning everyone",
        "thanks!",
        "I think the pact is fine as it is.",
        "what?",
        "https://example.org/some/page?",
        "!sync",
        "> quoting someone here?",
        "x" * 600 + "?",
        "ok so",
    ],
)
def test_chatter_is_not_a_question(text: str) -> None:
    """Chatter, links, commands, quotes and very long messages are not questions."""
    assert not looks_like_question(text)


def test_normalize_question_ignores_case_punctuation_and_spacing() -> None:
    """Two askings differing only in case, spacing and punctuation share a key."""
    assert normalize_question("When was  GSOMIA restored?") == normalize_question(
        "when was gsomia restored"
    )


def test_bucket_allows_a_burst_of_questions(clock: Clock) -> None:
    """A member may ask `burst` questions at once."""
    bucket = TokenBucket(10, 6, clock=clock)
    assert [bucket.hit(1) for _ in range(10)] == [0.0] * 10


def test_bucket_refuses_past_the_burst_with_the_wait_for_one_token(clock: Clock) -> None:
    """The eleventh question at once waits for one refill, not for the whole window."""
    bucket = TokenBucket(10, 6, clock=clock)
    for _ in range(10):
        bucket.hit(1)
    assert bucket.hit(1) == pytest.approx(6.0)
    clock.now += 2
    assert bucket.hit(1) == pytest.approx(4.0)


def test_bucket_refills_one_question_per_refill_period(clock: Clock) -> None:
    """After the burst, one more question every refill period, and no more."""
    bucket = TokenBucket(2, 6, clock=clock)
    bucket.hit(1)
    bucket.hit(1)
    clock.now += 6
    assert bucket.hit(1) == 0.0
    assert bucket.hit(1) > 0


def test_bucket_never_holds_more_than_the_burst(clock: Clock) -> None:
    """A long idle spell does not bank more than `burst` questions."""
    bucket = TokenBucket(3, 6, clock=clock)
    clock.now += 3600
    answered = sum(bucket.hit(1) == 0.0 for _ in range(5))
    assert answered == 3


def test_bucket_natural_pace_is_never_limited(clock: Clock) -> None:
    """Nine questions in 40 seconds, the pace of a lively conversation, all pass."""
    bucket = TokenBucket(10, 6, clock=clock)
    waits = []
    for _ in range(9):
        waits.append(bucket.hit(1))
        clock.now += 5
    assert waits == [0.0] * 9


def test_bucket_is_per_member(clock: Clock) -> None:
    """One member's questions do not slow down another member."""
    bucket = TokenBucket(1, 60, clock=clock)
    bucket.hit(1)
    assert bucket.hit(2) == 0.0


def test_bucket_refund_gives_the_question_back(clock: Clock) -> None:
    """A refunded question no longer counts toward the limit."""
    bucket = TokenBucket(1, 60, clock=clock)
    bucket.hit(1)
    bucket.refund(1)
    assert bucket.hit(1) == 0.0


def test_bucket_refund_never_exceeds_the_burst(clock: Clock) -> None:
    """Refunds of questions never taken do not raise the burst."""
    bucket = TokenBucket(1, 60, clock=clock)
    bucket.hit(1)
    bucket.refund(1)
    bucket.refund(1)
    assert [bucket.hit(1) == 0.0 for _ in range(2)] == [True, False]


def test_bucket_warns_once_per_window(clock: Clock) -> None:
    """One notice per window (the time an empty bucket takes to fill), not one per refill."""
    bucket = TokenBucket(10, 6, clock=clock)
    first = bucket.should_warn(1)
    clock.now += 30
    second = bucket.should_warn(1)
    clock.now += 30
    third = bucket.should_warn(1)
    assert (first, second, third) == (True, False, True)


def test_bucket_forgets_members_whose_bucket_is_full_again(clock: Clock) -> None:
    """Memory stays bounded: full buckets are pruned when the table is full."""
    bucket = TokenBucket(1, 60, clock=clock, max_keys=10)
    for user in range(10):
        bucket.hit(user)
    clock.now += 61
    bucket.hit("new")
    assert len(bucket._buckets) == 1


def test_bucket_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="burst"):
        TokenBucket(0, 6)


def test_repeat_points_to_the_earlier_answer(clock: Clock) -> None:
    """The same question in the same channel within the window gets the earlier link."""
    repeats = RepeatTracker(300, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "https://discord.com/channels/1/1/5", "v1")
    clock.now += 100
    assert (
        repeats.lookup(1, "when was gsomia restored", "v1") == "https://discord.com/channels/1/1/5"
    )


def test_repeat_is_per_channel(clock: Clock) -> None:
    """A question answered in another channel is answered again here."""
    repeats = RepeatTracker(300, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "link", "v1")
    assert repeats.lookup(2, "When was GSOMIA restored?", "v1") is None


def test_repeat_expires_after_the_window(clock: Clock) -> None:
    """After the window the question is answered again."""
    repeats = RepeatTracker(300, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "link", "v1")
    clock.now += 300
    assert repeats.lookup(1, "When was GSOMIA restored?", "v1") is None


def test_repeat_window_zero_disables_pointers(clock: Clock) -> None:
    """REPEAT_WINDOW_SECONDS=0 turns repeat pointers off."""
    repeats = RepeatTracker(0, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "link", "v1")
    assert repeats.lookup(1, "When was GSOMIA restored?", "v1") is None


def test_repeat_memory_is_bounded(clock: Clock) -> None:
    """The oldest entries are dropped beyond max_entries."""
    repeats = RepeatTracker(300, clock=clock, max_entries=2)
    for i in range(3):
        repeats.record(1, f"question number {i}", f"link{i}", "v1")
    assert repeats.lookup(1, "question number 0", "v1") is None
    assert repeats.lookup(1, "question number 2", "v1") == "link2"


def test_repeat_pointer_does_not_survive_a_change_of_knowledge(clock: Clock) -> None:
    """After a reload changed the knowledge, the same question is answered afresh."""
    repeats = RepeatTracker(300, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "link", "v1")
    assert repeats.lookup(1, "When was GSOMIA restored?", "v2") is None
    assert repeats.lookup(1, "When was GSOMIA restored?", "v1") == "link"
