"""Items to posts: ids that survive re-imports, dates as the blog shows them, tags."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.importer import dates
from bot.importer.convert import convert, unique_ids
from bot.importer.records import ImportedPost, RawItem, Skipped

DAY = dt.date(2023, 3, 21)


def raw(**fields: object) -> RawItem:
    values: dict[str, object] = {
        "position": 1,
        "title": "A title",
        "link": "https://blog.example.org/2023/03/21/a-slug/",
        "date": DAY,
        "date_text": "2023-03-21",
        "slug": None,
        "tags": (),
        "html": "<p>Text.</p>",
    }
    values.update(fields)
    return RawItem(**values)  # type: ignore[arg-type]


def post(**fields: object) -> ImportedPost:
    result = convert(raw(**fields))
    assert isinstance(result, ImportedPost), result
    return result


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"slug": "my-post-name"}, "my-post-name"),
        ({"slug": "%ec%84%9c%ec%9a%b8-seoul"}, "seoul"),
        ({}, "a-slug"),
        ({"link": "https://blog.example.org/archives/123"}, "post-123"),
        ({"link": "https://blog.example.org/?p=456"}, "post-456"),
        ({"link": "https://blog.example.org/news/story.html"}, "story"),
        (
            {"link": "https://blog.example.org/", "title": "Café Owners Say “No”"},
            "cafe-owners-say-no",
        ),
    ],
)
def test_ids(fields: dict[str, object], expected: str) -> None:
    """The source's slug, else the permalink's last part, else `post-N`, else the title."""
    assert post(**fields).id == expected


def test_an_id_for_a_title_without_latin_letters_is_stable() -> None:
    """A Korean title on a bare permalink gets an id from a hash of the link, the same each time."""
    first = post(link="https://blog.example.org/", title="서울 소식")
    again = post(link="https://blog.example.org/", title="서울 소식")
    assert first.id == again.id
    assert first.id.startswith("post-")


def test_clashing_ids_do_not_depend_on_the_source_order() -> None:
    """The oldest post keeps the plain id; later ones get their date added."""
    old = dataclasses.replace(post(), date=dt.date(2020, 1, 1), url="https://b.example/1")
    new = dataclasses.replace(post(), date=dt.date(2023, 3, 21), url="https://b.example/2")
    same_day = dataclasses.replace(post(), date=dt.date(2023, 3, 21), url="https://b.example/3")
    forward = [p.id for p in unique_ids([old, new, same_day])]
    backward = [p.id for p in reversed(unique_ids([same_day, new, old]))]
    assert forward == ["a-slug", "a-slug-20230321", "a-slug-20230321-2"]
    assert backward == forward


def test_the_permalinks_day_wins_over_a_utc_date() -> None:
    """A UTC date a day off the `/YYYY/MM/DD/` permalink takes the permalink's day."""
    assert post(date=dt.date(2023, 3, 20)).date == DAY
    assert post(date=dt.date(2023, 3, 10)).date == dt.date(
        2023, 3, 10
    )  # too far: not the same post day


def test_tags_are_unique_and_skip_uncategorized() -> None:
    """Tags keep their order, once each ignoring case, without 'Uncategorized'."""
    assert post(tags=("News", "Uncategorized", "news", "Seoul")).tags == ("News", "Seoul")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": None}, "no title"),
        ({"date": None, "date_text": None}, "no date"),
        ({"link": None}, "no link"),
        (
            {"title": None, "date": None, "date_text": "tomorrow"},
            "no title and no date (unreadable date 'tomorrow')",
        ),
        (
            {"link": "/relative/path/"},
            "its link is unusable: expected an absolute http:// or https:// URL",
        ),
    ],
)
def test_skipped_items_say_why(fields: dict[str, object], reason: str) -> None:
    """An item without a title, a date or an absolute link is skipped with the reason."""
    result = convert(raw(**fields))
    assert isinstance(result, Skipped)
    assert result.reason == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue, 21 Mar 2023 23:30:00 +0900", DAY),
        ("2023-03-21T23:30:00+09:00", DAY),
        ("2023-03-21T14:30:00Z", DAY),
        ("2023-03-21 23:30:00", DAY),
        ("2023-03-21", DAY),
        ("0000-00-00 00:00:00", None),
        ("", None),
        ("last Tuesday", None),
    ],
)
def test_dates_as_written(text: str, expected: dt.date | None) -> None:
    """RSS, Atom and WordPress dates give the day as written, not converted to UTC."""
    assert dates.parse_date(text) == expected
