"""A small hand-made archive in the knowledge format, for the engine tests."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.knowledge.models import Archive, Fact, Knowledge, Post, Quote

ARCHIVE = Archive("Test archive", "https://example.org/tag/gsomia/")

POSTS = (
    Post(
        id="restored",
        title="South Korea and Japan Officially Restore Intelligence Sharing Pact",
        date=dt.date(2023, 3, 21),
        url="https://example.org/restored/",
        tags=("GSOMIA", "Japan"),
        body="It is official now that the GSOMIA has now been restored between Tokyo and Seoul.",
        quotes=(
            Quote(
                "South Korea on Tuesday fully restored its military intelligence-sharing pact "
                "with Tokyo, the foreign ministry said.\n\nSigned in 2016, GSOMIA was seen as a "
                "rare symbol of security cooperation between Seoul and Tokyo.",
                "Yonhap",
            ),
        ),
    ),
    Post(
        id="suspended",
        title="South Korea Suspends Decision to Withdraw from GSOMIA",
        date=dt.date(2019, 11, 22),
        url="https://example.org/suspended/#comments",
        tags=("GSOMIA",),
        body="This must be the face saving way to keep the GSOMIA.",
        quotes=(
            Quote(
                "South Korea announced a decision Friday to “conditionally” suspend the expiry "
                "of a military information-sharing accord with Japan. Seoul’s announcement was "
                "made six hours before the expiry of the agreement.",
                "Yonhap",
            ),
        ),
    ),
    Post(
        id="esper",
        title="U.S. Defense Secretary Fails to Convince South Korean President",
        date=dt.date(2019, 11, 15),
        url="https://example.org/esper/",
        tags=("GSOMIA", "Esper"),
        body="As I predicted there was no way the Moon administration was going to reverse course.",
        quotes=(
            Quote(
                "U.S. Defense Secretary Mark Esper told South Korean President Moon Jae-in on "
                "Friday he will try to persuade Japan to “smoothly” resolve the dispute.",
                "Yonhap",
            ),
        ),
    ),
    Post(
        id="gat-geun",
        title="Explaining North Korea’s Gat-Geun Tactic",
        date=dt.date(2020, 1, 5),
        url="https://example.org/gat-geun/",
        tags=("North Korea",),
        body=(
            "Gat is a hat Korean men used to wear during the Chosun Dynasty. It has a large "
            "brim with two strings that go around the sides of the face.\n\n"
            "Kim Il-sung first used the term Gat-Geun Tactic in 1969, when he gave a speech "
            "at a university that trains espionage agents."
        ),
    ),
)

FACTS = (
    Fact(
        id="gsomia-restored",
        questions=(
            "When was GSOMIA restored?",
            "Is the intelligence sharing pact with Japan back?",
        ),
        answer="South Korea fully restored GSOMIA with Japan on March 21, 2023.",
        post="restored",
        quote="South Korea on Tuesday fully restored its military intelligence-sharing pact",
        date="2023-03-21",
    ),
    Fact(
        id="gsomia-signed",
        questions=("When was GSOMIA signed?", "how old is the gsomia pact"),
        answer="GSOMIA was signed in 2016.",
        post="restored",
        quote="Signed in 2016, GSOMIA was seen as a rare symbol of security cooperation",
        date="2016",
    ),
    Fact(
        id="expiry-suspended",
        questions=(
            "When did South Korea suspend its GSOMIA withdrawal?",
            "Did Seoul pull out of GSOMIA in 2019?",
        ),
        answer="On Nov. 22, 2019, South Korea conditionally suspended the expiry of GSOMIA.",
        post="suspended",
        quote="South Korea announced a decision Friday to “conditionally” suspend the expiry",
        date="2019-11-22",
    ),
    Fact(
        id="esper-persuade",
        questions=("What did Esper tell Moon about GSOMIA?", "Did Esper promise to talk to Japan?"),
        answer="Esper told Moon he would try to persuade Japan to resolve the dispute smoothly.",
        post="esper",
        quote="he will try to persuade Japan to “smoothly” resolve the dispute",
        date="2019-11-15",
    ),
    Fact(
        id="what-is-a-gat",
        questions=("What is a gat?", "what does a gat look like"),
        answer="A gat is a traditional Korean hat with a large brim and two strings.",
        post="gat-geun",
        quote="Gat is a hat Korean men used to wear during the Chosun Dynasty.",
    ),
)

SYNONYMS = (
    ("GSOMIA", "intelligence-sharing pact", "intelligence sharing pact"),
    ("restore", "revive", "bring back"),
    ("withdraw", "pull out", "quit"),
)


def make_knowledge(
    posts: tuple[Post, ...] = POSTS, facts: tuple[Fact, ...] = FACTS, version: str = "v1"
) -> Knowledge:
    """The fixture archive as a Knowledge (posts sorted newest first)."""
    return Knowledge.create(ARCHIVE, posts, facts, synonyms=SYNONYMS, version=version)


def changed_knowledge() -> Knowledge:
    """The sample with one post edited, one fact added and one fact removed."""
    posts = list(POSTS)
    posts[3] = dataclasses.replace(posts[3], body=(posts[3].body or "") + "\n\nA quokka marmalade.")
    facts = [f for f in FACTS if f.id != "gsomia-signed"]
    facts.append(
        dataclasses.replace(
            FACTS[0], id="quokka", questions=("What is a quokka marmalade?",), answer="A jam."
        )
    )
    return make_knowledge(tuple(posts), tuple(facts), version="v2")


QUESTIONS = (
    "When was GSOMIA restored?",
    "gsomai got restord on what date?",
    "What did Esper tell Moon about GSOMIA?",
    "When did Kim Il-sung first use the term Gat-Geun Tactic?",
    "what is a quokka marmalade",
    "What is the capital of Australia?",
    "what's the newest post?",
    "what happened in November 2019?",
)
"""Questions of every kind, for comparing two engines' answers."""
