"""Replies about the archive itself: the newest or oldest post (on a topic, in a
period) and how many posts there are."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from urllib.parse import urlsplit

from bot.datefmt import date_span, long_date, posts_held
from bot.engine.build import IndexState
from bot.engine.intents import SAYING, Intent
from bot.engine.query import Concept, Query
from bot.engine.quotes import QUOTE_LIMIT, cut_words, trim_quote
from bot.engine.rank import coverage
from bot.engine.replies import post_reply
from bot.engine.sentences import paragraph_spans
from bot.engine.types import NoAnswer, Reply, Tier
from bot.knowledge.models import Knowledge, Post

TOPIC_SHARE = 0.5
"""A post is "on" a topic when it mentions at least this share of the topic's weight."""
MAX_IGNORED_UNKNOWN = 2
"""An archive question whose topic words are all unknown ("newest thing ages ago") is
about the whole archive when there are at most this many; more name something else."""
TITLES_SHOWN = 5
HEADLINE_SCAN = 200
"""Posts, newest (or oldest) first, whose headline is checked for the topic."""


class ArchiveReplies:
    """Newest, oldest and how many, over one Knowledge and its index."""

    def __init__(
        self, knowledge: Knowledge, state: IndexState, link: Callable[[Post, str], str]
    ) -> None:
        self._knowledge = knowledge
        self._state = state
        self._link = link
        self._post_index = {p.id: i for i, p in enumerate(knowledge.posts)}
        self._subject = frozenset(state.vocab.text_ids(subject_of(knowledge.archive.url)))

    def topic(self, query: Query) -> list[Concept]:
        """The question's topic words, less the archive's own subject: on a tag page every
        post is about the tag ("how many posts on gsomia" asks for them all)."""
        return [
            c
            for c in query.concepts
            if not any(len(alt) == 1 and alt[0] in self._subject for alt in c.alts)
        ]

    def reply(self, question: str, query: Query) -> Reply | NoAnswer:
        """The reply to a LATEST, OLDEST, COUNT or ABOUT question."""
        if query.intent is Intent.ABOUT:
            return self._about_reply(question, query)
        unit = per_unit(query) if query.intent is Intent.COUNT else None
        topic = self.topic(query)
        if unit is not None:  # "posts by month": no topic "month"
            topic = [c for c in topic if c.label not in _UNITS]
        posts = self._posts_on(topic)
        if posts is None:
            return NoAnswer(question, (), 0.0, "no-match")
        if query.period is not None:
            period = query.period
            posts = [i for i in posts if period.contains(*_ymd(self._knowledge.posts[i]))]
        if query.intent is Intent.COUNT:
            return self._count_reply(question, query, topic, posts, unit)
        if not posts:
            return NoAnswer(question, (), 0.0, "no-match", note=none_note(query, topic))
        oldest = query.intent is Intent.OLDEST
        post = self._knowledge.posts[self._pick(posts, topic, oldest=oldest)]
        which = "oldest" if oldest else "newest"
        scope = " on that" if _topical(topic) else ""
        answer = f"The {which} post{scope} is “{post.title}” ({long_date(post.date)})."
        quote, source = opening(post)
        return post_reply(
            question,
            post,
            answer=cut_words(answer, QUOTE_LIMIT),
            quote=quote,
            url=self._link(post, quote),
            tier=Tier.CONFIDENT,
            confidence=1.0,
            kind="latest",
            source=source,
        )

    def _about_reply(self, question: str, query: Query) -> Reply | NoAnswer:
        """ "What is this blog": the archive's name, description and span; "who writes
        it": the archive does not say, and the reply says what it does hold."""
        knowledge = self._knowledge
        archive = knowledge.archive
        holds = posts_held(len(knowledge.posts), knowledge.date_range)
        about = f"{archive.name}: {archive.description}" if archive.description else archive.name
        if query.qword == "who" or not knowledge.posts:
            note = f"The archive does not say who writes {archive.name}; it holds {holds}."
            return NoAnswer(question, (), 0.0, "partial", note=note)
        newest = knowledge.posts[0]
        return post_reply(
            question,
            newest,
            answer=cut_words(f"{about} ({holds}).", QUOTE_LIMIT),
            quote="",
            url=archive.url or newest.url,
            tier=Tier.CONFIDENT,
            confidence=1.0,
            kind="archive",
            source=None,
        )

    def _pick(self, posts: list[int], topic: list[Concept], *, oldest: bool) -> int:
        """The newest (or oldest) of the posts, preferring one whose headline, tags or
        summary name the topic ("the latest post about the protests" is the protest post,
        not a newer one that says "in protest of"); the first HEADLINE_SCAN are checked."""
        ordered = sorted(posts, reverse=oldest)  # posts are indexed newest first
        known = [c for c in topic if c.known and c.label not in SAYING]
        if known:
            vocab = self._state.vocab
            for i in ordered[:HEADLINE_SCAN]:
                post = self._knowledge.posts[i]
                head = set(vocab.text_ids(" ".join((post.title, *post.tags, post.summary or ""))))
                if all(coverage(c, head) > 0 for c in known):
                    return i
        return ordered[0]

    def _count_reply(
        self,
        question: str,
        query: Query,
        topic: list[Concept],
        posts: list[int],
        unit: str | None = None,
    ) -> Reply | NoAnswer:
        if not posts:
            return NoAnswer(question, (), 0.0, "no-match", note=none_note(query, topic))
        chosen = [self._knowledge.posts[i] for i in sorted(posts)]
        newest, oldest = chosen[0], chosen[-1]
        noun = "post" if len(chosen) == 1 else "posts"
        where = f" {_period_words(query)}" if query.period is not None else ""
        scope = " on that" if _topical(topic) else ""
        head = f"The archive holds {len(chosen)} {noun}{scope}{where}"
        if unit is not None:
            answer = f"{head}, by {unit}: {_per_period(chosen, unit)}."
        elif len(chosen) == 1:
            answer = f"{head}: “{newest.title}” ({long_date(newest.date)})."
        elif len(chosen) <= TITLES_SHOWN:
            titles = "; ".join(f"“{p.title}”" for p in chosen)
            answer = f"{head}, {_from_to(oldest.date, newest.date)}: {titles}."
        else:
            answer = f"{head}, {_from_to(oldest.date, newest.date)}."
        return post_reply(
            question,
            newest,
            answer=cut_words(answer, QUOTE_LIMIT),
            quote="",
            url=self._knowledge.archive.url or newest.url,
            tier=Tier.CONFIDENT,
            confidence=1.0,
            kind="archive",
            source=None,
        )

    def _posts_on(self, topic: list[Concept]) -> list[int] | None:
        """Posts on the question's topic (all posts when it names none), or None when
        its topic is nothing the archive knows."""
        everything = list(range(len(self._knowledge.posts)))
        known = [c for c in topic if c.known]
        if not known:
            unknown = len(topic)
            return everything if unknown <= MAX_IGNORED_UNKNOWN else None
        total = sum(c.weight for c in known)
        share: dict[int, float] = {}
        for concept in known:
            posts: set[int] = set()
            for alt in concept.alts:
                posts |= self._posts_with_all(alt)
            for i in posts:
                share[i] = share.get(i, 0.0) + concept.weight / total
        best = max(share.values(), default=0.0)
        if best < TOPIC_SHARE:
            return None
        return sorted(i for i, s in share.items() if s >= TOPIC_SHARE)

    def _posts_with_all(self, terms: tuple[int, ...]) -> set[int]:
        """Posts whose text, title or facts hold every one of the terms."""
        result: set[int] | None = None
        facts = self._knowledge.facts
        for tid in terms:
            posts: set[int] = set()
            for segment in self._state.segments:
                docs, _ = segment.passages.slice(tid)
                idx = segment.pass_post[docs]
                posts.update(idx[idx >= 0].tolist())
                fdocs, _ = segment.facts.slice(tid)
                for fi in segment.fact_index[fdocs].tolist():
                    if fi >= 0:
                        post = self._post_index.get(facts[fi].post)
                        if post is not None:
                            posts.add(post)
            result = posts if result is None else result & posts
            if not result:
                return set()
        return result or set()


def _topical(topic: list[Concept]) -> bool:
    return any(c.known for c in topic)


_SUBJECT_PARENTS = frozenset({"tag", "tags", "category", "categories", "topic", "topics"})


def subject_of(url: str | None) -> str:
    """The tag or category an archive url names ("https://rokdrop.net/tag/gsomia/" ->
    "gsomia"), or "" for a whole blog."""
    if not url:
        return ""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    for parent, child in pairwise(parts):
        if parent.lower() in _SUBJECT_PARENTS:
            return child.replace("-", " ")
    return ""


def _ymd(post: Post) -> tuple[int, int, int]:
    return post.date.year, post.date.month, post.date.day


_UNITS = {
    "month": "month",
    "months": "month",
    "monthly": "month",
    "year": "year",
    "years": "year",
    "yearly": "year",
    "annually": "year",
}


def per_unit(query: Query) -> str | None:
    """ "posts by month", "how many posts per year", "how many posts yearly": the count
    is asked for each month (or year), not for posts that say "month"."""
    lows = [t.low for t in query.tokens]
    for i, low in enumerate(lows):
        if low in ("monthly", "yearly", "annually"):
            return _UNITS[low]
        after = lows[i + 1] if i + 1 < len(lows) else ""
        if low in ("by", "per", "each", "every", "a") and after in _UNITS:
            return _UNITS[after]
    return None


def _per_period(posts: list[Post], unit: str) -> str:
    """ "November 2019 (6), February 2020 (2)", oldest first."""
    counts: dict[tuple[int, int], int] = {}
    for post in posts:
        key = (post.date.year, post.date.month if unit == "month" else 0)
        counts[key] = counts.get(key, 0) + 1
    parts = [
        f"{calendar.month_name[month]} {year} ({n})" if month else f"{year} ({n})"
        for (year, month), n in sorted(counts.items())
    ]
    return ", ".join(parts)


def _period_words(query: Query) -> str:
    period = query.period
    assert period is not None
    if period.day is not None and period.month is not None:
        return f"on {calendar.month_name[period.month]} {period.day}" + (
            f", {period.year}" if period.year else ""
        )
    if period.month is not None:
        return f"from {calendar.month_name[period.month]}" + (
            f" {period.year}" if period.year else ""
        )
    return f"from {period.year}"


def none_note(query: Query, topic: list[Concept]) -> str:
    """ "The archive holds no posts (on that) from 2021." """
    where = f" {_period_words(query)}" if query.period is not None else ""
    scope = " on that" if _topical(topic) else ""
    return f"The archive holds no posts{scope}{where}."


def opening(post: Post) -> tuple[str, str | None]:
    """The first sentence(s) of the post's first text, verbatim, and its source."""
    for text, source in post.texts():
        spans = paragraph_spans(text)
        if spans:
            start, end = spans[0]
            return trim_quote(text[start:end]), source
    return "", None


def _from_to(first: dt.date, last: dt.date) -> str:
    """ "from November 10, 2019 to March 21, 2023", or "all on November 15, 2019"."""
    if first == last:
        return f"all on {long_date(first)}"
    return f"from {date_span(first, last)}"
