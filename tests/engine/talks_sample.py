"""A second hand-made archive where dates decide: four facts asked the same way, dated
November 15, 2019, 2016 (the year alone), March 2023 and not at all; facts on other things dated
August 2019, November 21, 2019 and January 2020 (so those periods exist), one of which
mentions 1965 in its text. The engine tests of dated questions and of the date-mention replies
use it (tests/engine/test_mutation_kills.py, tests/exts/test_mentions_reply.py)."""

from __future__ import annotations

import datetime as dt

from bot.knowledge.models import Archive, Fact, Knowledge, Post

ARCHIVE = Archive("Talks archive", "https://example.org/tag/talks/")

AGREE = "What did the ministers agree at the talks?"
"""The one phrasing of the four talks facts: only their dates tell them apart."""


def _post(post_id: str, date: dt.date, title: str, body: str) -> Post:
    return Post(
        id=post_id,
        title=title,
        date=date,
        url=f"https://example.org/{post_id}/",
        tags=("Talks",),
        body=body,
    )


POSTS = (
    _post(
        "seoul-talks",
        dt.date(2019, 11, 15),
        "Ministers meet in Seoul",
        "The ministers met in Seoul in November and agreed to keep talking.",
    ),
    _post(
        "tokyo-talks",
        dt.date(2023, 3, 16),
        "Ministers meet in Tokyo",
        "The ministers met in Tokyo and agreed to restore the pact.",
    ),
    _post(
        "talks-explained",
        dt.date(2021, 6, 1),
        "What the talks are for",
        "Every year the ministers agreed to meet again.",
    ),
    _post(
        "hat",
        dt.date(2020, 1, 5),
        "A hat with a wide brim",
        "The gat is a hat with a wide brim and two strings.",
    ),
    _post(
        "old-treaty",
        dt.date(2019, 8, 22),
        "The old treaty",
        "The 1965 treaty settled the claims between the two countries.",
    ),
    _post(
        "vigil",
        dt.date(2019, 11, 21),
        "A candlelight vigil",
        "Students held a candlelight vigil downtown.",
    ),
)

FACTS = (
    Fact(
        id="talks-2019",
        questions=(AGREE,),
        answer="In November they agreed to keep talking.",
        post="seoul-talks",
        quote="agreed to keep talking",
        date="2019-11-15",
    ),
    Fact(
        id="talks-2016",
        questions=(AGREE,),
        answer="To sign a deal.",
        post="talks-explained",
        quote="Every year the ministers agreed",
        date="2016",
    ),
    Fact(
        id="talks-any-year",
        questions=(AGREE,),
        answer="To meet again.",
        post="talks-explained",
        quote="the ministers agreed to meet again",
    ),
    Fact(
        id="talks-2023",
        questions=(AGREE,),
        answer="To restore the pact.",
        post="tokyo-talks",
        quote="agreed to restore the pact",
        date="2023-03-16",
    ),
    Fact(
        id="what-is-a-gat",
        questions=("What is a gat?",),
        answer="A hat with a wide brim and two strings.",
        post="hat",
        quote="The gat is a hat with a wide brim and two strings.",
        date="2020-01-05",
    ),
    Fact(
        id="treaty-1965",
        questions=("What did the old treaty settle?",),
        answer="The 1965 treaty settled the claims between the two countries.",
        post="old-treaty",
        quote="The 1965 treaty settled the claims between the two countries.",
        date="2019-08-22",
    ),
    Fact(
        id="candlelight-vigil",
        questions=("Who held a candlelight vigil?",),
        answer="Students did.",
        post="vigil",
        quote="Students held a candlelight vigil downtown.",
        date="2019-11-21",
    ),
)
"""Order matters: on equal scores the earlier fact ranks first, so the 2019, 2016 and
undated facts would win every tie the date did not break."""


def make_talks() -> Knowledge:
    """The talks archive as a Knowledge."""
    return Knowledge.create(ARCHIVE, POSTS, FACTS, version="talks-v1")
