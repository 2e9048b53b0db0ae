"""How every reply writes a day."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """`March 21, 2023`: no leading zero, the same in every locale."""
    return f"{day:%B} {day.day}, {day.year}"


def date_span(first: dt.date, last: dt.date) -> str:
    """`November 10, 2019 to March 21, 2023`, or the one day when both are the same."""
    if first == last:
        return long_date(first)
    return f"{long_date(first)} to {long_date(last)}"


def posts_held(count: int, span: tuple[dt.date, dt.date] | None) -> str:
    """`10 posts, November 10, 2019 to March 21, 2023`: what an archive holds, as the
    guide and the "what is this blog" reply both say it."""
    held = f"{count} post" if count == 1 else f"{count} posts"
    return f"{held}, {date_span(*span)}" if span is not None else held
