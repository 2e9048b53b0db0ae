"""answer() is thread-safe: concurrent callers get the same results as a single one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.engine import Engine

QUESTIONS = (
    "When was GSOMIA restored?",
    "what did espr tell moon about gsomia",
    "When did Kim Il-sung first use the term Gat-Geun Tactic?",
    "What is the capital of Australia?",
    "what's the newest post?",
) * 40


def test_concurrent_answers_match_sequential_ones(engine: Engine) -> None:
    """Four threads answering at once return exactly the sequential answers."""
    expected = [engine.answer(q) for q in QUESTIONS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(engine.answer, QUESTIONS))
    assert got == expected
