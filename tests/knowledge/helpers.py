"""Shared data and assertions for the knowledge loader tests."""

from __future__ import annotations

from bot.knowledge import LoadResult, Problem

VALID = """\
archive:
  name: Test archive
  url: https://example.org/tag/gsomia/
posts:
  - id: gsomia-restored
    title: South Korea and Japan Officially Restore Intelligence Sharing Pact
    date: 2023-03-21
    url: https://example.org/2023/03/gsomia-restored/
    tags: [GSOMIA, Japan]
    body: It is official now that the GSOMIA has now been restored between Tokyo and Seoul.
    quotes:
      - source: Yonhap
        text: >-
          South Korea on Tuesday fully restored its military
          intelligence-sharing pact with Tokyo, the foreign ministry said.
facts:
  - id: gsomia-fully-restored
    questions:
      - When was GSOMIA restored?
      - Is the intelligence sharing pact with Japan back?
      - Did Seoul and Tokyo restore GSOMIA?
    answer: South Korea fully restored GSOMIA with Japan on March 21, 2023.
    post: gsomia-restored
    quote: South Korea on Tuesday fully restored its military intelligence-sharing pact
    date: 2023-03-21
"""
"""A valid file; tests replace one line of it to break one rule."""


def variant(old: str, new: str, base: str = VALID) -> str:
    """The valid file with exactly one occurrence of `old` replaced by `new`."""
    assert base.count(old) == 1, old
    return base.replace(old, new)


def only_error(result: LoadResult) -> Problem:
    """The single error of a load, failing the test if there is not exactly one."""
    assert len(result.errors) == 1, [str(p) for p in result.errors]
    return result.errors[0]


QUESTIONS = (
    "    questions:\n"
    "      - When was GSOMIA restored?\n"
    "      - Is the intelligence sharing pact with Japan back?\n"
    "      - Did Seoul and Tokyo restore GSOMIA?\n"
)
"""The valid fact's questions block."""
QUOTE = "    quote: South Korea on Tuesday fully restored its military intelligence-sharing pact"
"""The valid fact's quote line (without the newline)."""
BODY = "    body: It is official now that the GSOMIA has now been restored between Tokyo and Seoul."
"""The valid post's body line (without the newline)."""
