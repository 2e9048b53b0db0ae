"""Questions several test folders ask of the bundled archive."""

LIKELY_QUESTION = "what did kang say about japan"
"""Answered at the "likely" tier, with the other candidates as buttons (not a golden
question; tests/engine/test_real_archive.py checks its tier, the Discord tests use it)."""
