"""Dates in questions ("in November 2019", "on Nov 22 2019", "2023-03-21") and in facts."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "dec", "sat", "sun"})
"""Month words that are also ordinary words: they count only next to a day or a year."""

_DAY_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_ISO_RE = re.compile(r"\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b")
MIN_YEAR = 1900
MAX_YEAR = 2100


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days named by a question; year None means "that month (and day) any year"."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def contains(self, year: int, month: int | None, day: int | None) -> bool:
        """True when a (possibly partial) date falls inside the period.

        A partial date matches when it is compatible: "2019" lies within
        "November 2019" only as loosely as the data allows, so it does not.
        """
        if self.year is not None and year != self.year:
            return False
        if self.month is not None and month != self.month:
            return False
        return self.day is None or day == self.day

    @property
    def precision(self) -> int:
        """0 year, 1 month, 2 day."""
        return 2 if self.day is not None else 1 if self.month is not None else 0


def parse_fact_date(value: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` fact date."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return None
    return year, month, day


def date_key(value: tuple[int, int | None, int | None]) -> tuple[int, int, int]:
    """Sort key of a partial date (missing parts sort first)."""
    return value[0], value[1] or 0, value[2] or 0


def _year(token: str) -> int | None:
    if len(token) == 4 and token.isdigit():
        year = int(token)
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
    return None


def _day(token: str) -> int | None:
    match = _DAY_RE.fullmatch(token)
    if match is None:
        return None
    day = int(match.group(1))
    return day if 1 <= day <= 31 else None


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if day is None or month is None:
        return True
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def find_period(
    text: str, tokens: list[str], today: dt.date | None = None
) -> tuple[Period | None, set[int]]:
    """The first date expression of a question and the token positions it used.

    `tokens` are the lowercase words of `text`, in order. A date it names wins over
    "this year", "last year", "this month", "last month", which count from `today`
    (the day the question is asked, by default).
    """
    iso = _ISO_RE.search(text)
    if iso is not None:
        iso_year, iso_month = int(iso.group(1)), int(iso.group(2))
        iso_day = int(iso.group(3)) if iso.group(3) else None
        if (
            MIN_YEAR <= iso_year <= MAX_YEAR
            and 1 <= iso_month <= 12
            and _valid(iso_year, iso_month, iso_day)
        ):
            used = {i for i, t in enumerate(tokens) if t in iso.group(0).split("-")}
            return Period(iso_year, iso_month, iso_day), used
    for i, token in enumerate(tokens):
        month = MONTHS.get(token)
        if month is None:
            continue
        used = {i}
        day: int | None = None
        year: int | None = None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1] if i > 0 else ""
        if _day(nxt) is not None and _year(nxt) is None:
            day = _day(nxt)
            used.add(i + 1)
            after = tokens[i + 2] if i + 2 < len(tokens) else ""
            if _year(after) is not None:
                year = _year(after)
                used.add(i + 2)
        elif _year(nxt) is not None:
            year = _year(nxt)
            used.add(i + 1)
        if day is None and _day(prev) is not None and _year(prev) is None:
            day = _day(prev)
            used.add(i - 1)
        if day is None and year is None and token in _AMBIGUOUS_MONTHS:
            continue
        if not _valid(year, month, day):
            continue
        return Period(year, month, day), used
    for i, token in enumerate(tokens):
        only_year = _year(token)
        if only_year is not None:
            return Period(only_year), {i}
    for i, token in enumerate(tokens[:-1]):
        unit = tokens[i + 1]
        if token not in ("this", "last") or unit not in ("year", "month"):
            continue
        now = today or dt.date.today()
        back = token == "last"
        if unit == "year":
            return Period(now.year - back), {i, i + 1}
        month = now.month - back or 12
        return Period(now.year - (now.month == 1 and back), month), {i, i + 1}
    return None, set()


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_MENTION_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_WORDS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_WORDS})\b\.?(?:,?\s+(?P<y2>\d{{4}})\b)?"
    rf"|(?P<m3>{_MONTH_WORDS})\.?\s+(?P<y3>\d{{4}})\b"
    r"|(?P<y4>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)
"""Dates a text names: "Nov. 21, 2019", "March 16", "21 November", "March 2023", "1965"."""


def dates_in_text(text: str, year: int) -> tuple[tuple[int, int | None, int | None], ...]:
    """(year, month, day) of each date a text names; a day without a year is in `year`
    (the post's), a month without a day or a year in a year is partial."""
    out: list[tuple[int, int | None, int | None]] = []
    for match in _MENTION_RE.finditer(text):
        groups = match.groupdict()
        if groups["y4"] is not None:
            found = _year(groups["y4"])
            if found is not None:
                out.append((found, None, None))
            continue
        month_word = groups["m1"] or groups["m2"] or groups["m3"]
        month = MONTHS[month_word.lower()]
        day_text = groups["d1"] or groups["d2"]
        year_text = groups["y1"] or groups["y2"] or groups["y3"]
        when = _year(year_text) if year_text else year
        if when is None:
            continue
        if day_text is None:
            out.append((when, month, None))
        elif _valid(when, month, int(day_text)):
            out.append((when, month, int(day_text)))
    return tuple(out)
