"""Read a post's publication date from the formats feeds and exports use.

The date is taken as written (the blog's local date), not converted to UTC:
a post published at 23:30 in Seoul is dated that day, as its page shows.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time

_WORDPRESS = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


def parse_date(text: str | None) -> dt.date | None:
    """A date from RFC 822 (RSS), RFC 3339 (Atom) or WordPress `YYYY-MM-DD hh:mm:ss` text."""
    if not text or not (text := text.strip()):
        return None
    match = _WORDPRESS.fullmatch(text)
    if match is not None:
        return _day(int(match[1]), int(match[2]), int(match[3]))
    try:
        return dt.datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def from_struct(value: object) -> dt.date | None:
    """A date from a `time.struct_time` (what feedparser parses dates into), if valid."""
    if not isinstance(value, time.struct_time):
        return None
    return _day(value.tm_year, value.tm_mon, value.tm_mday)


def _day(year: int, month: int, day: int) -> dt.date | None:
    """None for WordPress's `0000-00-00` (a draft's date) and other impossible days."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
