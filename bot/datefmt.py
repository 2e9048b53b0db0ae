"""How every reply writes a day."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """`March 21, 2023`: no leading zero, the same in every locale."""
    return f"{day:%B} {day.day}, {day.year}"
