"""Text-fragment links (URL Fragment Text Directives) for quoted passages."""

from __future__ import annotations

from bot.engine.quotes import fragment_url, text_directive


def test_short_passage_is_one_encoded_text() -> None:
    """A short passage becomes `text=` with spaces percent-encoded."""
    assert text_directive("fully restored") == "text=fully%20restored"


def test_dash_comma_and_ampersand_are_encoded() -> None:
    """The directive's own syntax characters never appear raw in a value."""
    value = text_directive("intelligence-sharing, trade & export")
    assert value == "text=intelligence%2Dsharing%2C%20trade%20%26%20export"


def test_non_ascii_is_utf8_percent_encoded() -> None:
    """Curly quotes and accented letters are encoded as UTF-8 bytes."""
    assert text_directive("“smoothly” café") == "text=%E2%80%9Csmoothly%E2%80%9D%20caf%C3%A9"


def test_long_passage_uses_start_and_end() -> None:
    """A long passage becomes `text=start,end` with a few words each."""
    passage = (
        "South Korea on Tuesday fully restored its military intelligence-sharing pact with "
        "Tokyo, the foreign ministry said."
    )
    assert text_directive(passage) == (
        "text=South%20Korea%20on%20Tuesday,the%20foreign%20ministry%20said."
    )


def test_ellipsis_is_stripped() -> None:
    """The "…" of a trimmed quote is not part of the searched text."""
    assert text_directive("fully restored…") == "text=fully%20restored"


def test_url_without_fragment_gets_one() -> None:
    """A plain url gets `#:~:text=`."""
    assert fragment_url("https://example.org/p/", "restored") == (
        "https://example.org/p/#:~:text=restored"
    )


def test_existing_fragment_is_kept() -> None:
    """An existing `#fragment` stays, followed by the `:~:` delimiter."""
    assert fragment_url("https://example.org/p/#comments", "restored") == (
        "https://example.org/p/#comments:~:text=restored"
    )


def test_existing_directive_gets_another_text() -> None:
    """A url that already has a fragment directive gets `&text=` appended."""
    assert fragment_url("https://example.org/p/#:~:text=a", "b") == (
        "https://example.org/p/#:~:text=a&text=b"
    )
