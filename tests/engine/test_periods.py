"""A question that names a period gets the fact dated in it, even when every fact matches."""

from __future__ import annotations

import pytest

from bot.engine import Engine, Reply
from tests.engine.talks_sample import AGREE, make_talks


@pytest.fixture(scope="module")
def talks() -> Engine:
    return Engine.build(make_talks())


@pytest.mark.parametrize(
    ("when", "fact_id"),
    [
        ("in March 2023", "talks-2023"),
        ("in 2016", "talks-2016"),
        ("in November 2019", "talks-2019"),
    ],
)
def test_a_full_match_dated_in_the_asked_period_beats_an_undated_one(
    talks: Engine, when: str, fact_id: str
) -> None:
    """Every talks fact matches the words fully (score 100, where the period bonus is
    capped away); the one dated in the asked period is the answer, not the undated one."""
    result = talks.answer(f"{AGREE.removesuffix('?')} {when}?")
    assert isinstance(result, Reply), result
    assert result.fact_id == fact_id
