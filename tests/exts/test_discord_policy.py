"""When the bot speaks: question detection, cooldown and repeat pointers."""

from __future__ import annotations

import pytest

from bot.discord.policy import Cooldown, RepeatTracker, looks_like_question, normalize_question


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


def test_cooldown_allows_count_questions_per_window(clock: Clock) -> None:
    """The first `count` questions in a window pass."""
    cooldown = Cooldown(3, 60, clock=clock)
    assert [cooldown.hit(1) for _ in range(3)] == [0.0, 0.0, 0.0]


def test_cooldown_refuses_the_next_question_with_a_wait(clock: Clock) -> None:
    """Question count+1 inside the window is refused with the seconds left."""
    cooldown = Cooldown(3, 60, clock=clock)
    for _ in range(3):
        cooldown.hit(1)
    clock.now += 10
    assert cooldown.hit(1) == pytest.approx(50)


def test_cooldown_allows_again_after_the_window(clock: Clock) -> None:
    """Once the oldest question leaves the window, a new one passes."""
    cooldown = Cooldown(2, 60, clock=clock)
    cooldown.hit(1)
    cooldown.hit(1)
    clock.now += 60
    assert cooldown.hit(1) == 0.0


def test_cooldown_is_per_user(clock: Clock) -> None:
    """One user's questions do not slow down another user."""
    cooldown = Cooldown(1, 60, clock=clock)
    cooldown.hit(1)
    assert cooldown.hit(2) == 0.0


def test_cooldown_refusals_do_not_extend_the_window(clock: Clock) -> None:
    """Refused attempts are not recorded, so waiting the announced time is enough."""
    cooldown = Cooldown(1, 60, clock=clock)
    cooldown.hit(1)
    clock.now += 30
    wait = cooldown.hit(1)
    clock.now += wait
    assert cooldown.hit(1) == 0.0


def test_cooldown_refund_gives_the_question_back(clock: Clock) -> None:
    """A refunded question no longer counts toward the limit."""
    cooldown = Cooldown(1, 60, clock=clock)
    cooldown.hit(1)
    cooldown.refund(1)
    assert cooldown.hit(1) == 0.0


def test_cooldown_refund_of_an_unknown_key_is_a_no_op(clock: Clock) -> None:
    """Refunding a key that never asked changes nothing."""
    cooldown = Cooldown(1, 60, clock=clock)
    cooldown.refund(1)
    cooldown.hit(1)
    assert cooldown.hit(1) > 0


def test_cooldown_warns_once_per_window(clock: Clock) -> None:
    """ "Slow down" is said once per window, then again after it."""
    cooldown = Cooldown(1, 60, clock=clock)
    first = cooldown.should_warn(1)
    second = cooldown.should_warn(1)
    clock.now += 61
    third = cooldown.should_warn(1)
    assert (first, second, third) == (True, False, True)


def test_cooldown_forgets_idle_users(clock: Clock) -> None:
    """Memory stays bounded: idle users are pruned when the table is full."""
    cooldown = Cooldown(1, 60, clock=clock, max_keys=10)
    for user in range(10):
        cooldown.hit(user)
    clock.now += 61
    cooldown.hit("new")
    assert len(cooldown._hits) == 1


def test_repeat_points_to_the_earlier_answer(clock: Clock) -> None:
    """The same question in the same channel within the window gets the earlier link."""
    repeats = RepeatTracker(300, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "https://discord.com/channels/1/1/5")
    clock.now += 100
    assert repeats.lookup(1, "when was gsomia restored") == "https://discord.com/channels/1/1/5"


def test_repeat_is_per_channel(clock: Clock) -> None:
    """A question answered in another channel is answered again here."""
    repeats = RepeatTracker(300, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "link")
    assert repeats.lookup(2, "When was GSOMIA restored?") is None


def test_repeat_expires_after_the_window(clock: Clock) -> None:
    """After the window the question is answered again."""
    repeats = RepeatTracker(300, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "link")
    clock.now += 300
    assert repeats.lookup(1, "When was GSOMIA restored?") is None


def test_repeat_window_zero_disables_pointers(clock: Clock) -> None:
    """REPEAT_WINDOW_SECONDS=0 turns repeat pointers off."""
    repeats = RepeatTracker(0, clock=clock)
    repeats.record(1, "When was GSOMIA restored?", "link")
    assert repeats.lookup(1, "When was GSOMIA restored?") is None


def test_repeat_memory_is_bounded(clock: Clock) -> None:
    """The oldest entries are dropped beyond max_entries."""
    repeats = RepeatTracker(300, clock=clock, max_entries=2)
    for i in range(3):
        repeats.record(1, f"question number {i}", f"link{i}")
    assert repeats.lookup(1, "question number 0") is None
    assert repeats.lookup(1, "question number 2") == "link2"
