"""What one file contributes to a knowledge base: the unit the cache stores.

A FileResult depends only on the file's bytes, its relative path and the
reading limits, so it can be reused across reloads and restarts while the
file is unchanged. It pickles to plain tuples (much faster to load than the
frozen models' own pickling) and rebuilds the models on unpickling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from bot.knowledge.models import Archive, Fact, Post, Quote
from bot.knowledge.problems import Problem
from bot.knowledge.textnorm import normalize_quote

PostRef = tuple[str, int, int, int]
"""(id, line of the id, index in the file's `posts`, position in `posts` models or -1)."""

FactRef = tuple[str, int, int, str | None, int, str | None, int, int, str | None, int]
"""(id, id line, index in `facts`, post id, its line, normalized quote, its line, local,
event date, its line).

`local` is the verbatim check against the first post of that id in the same
file: 1 found, 0 not found, -1 no such post in this file, -2 that post is
invalid (its quote was checked, and reported, in the file). The event date
is the fact's valid `date` (None without one), for the event-after-post warning.
"""

LOCAL_FOUND, LOCAL_MISSING, LOCAL_ELSEWHERE, LOCAL_SKIP = 1, 0, -1, -2

_FORMAT = 5


@dataclass(frozen=True, slots=True)
class FileSummary:
    """Derived from a FileResult once, so that unchanged files cost little per load."""

    all_facts_local: bool
    """Every fact's quote was found in a post of this same file."""
    newest: dt.date | None
    """The newest post date in the file."""
    uncited: tuple[PostRef, ...]
    """Valid posts that no fact of this file cites."""


class FileResult:
    """Parsed and validated content of one file, with its own problems."""

    __slots__ = (
        "_norm",
        "_slots",
        "archive",
        "archive_line",
        "fact_refs",
        "facts",
        "path",
        "post_refs",
        "posts",
        "problems",
        "question_counts",
        "question_keys",
        "summary",
        "synonyms",
        "title_keys",
    )

    def __init__(
        self,
        path: str,
        *,
        archive: Archive | None = None,
        archive_line: int = 0,
        posts: tuple[Post, ...] = (),
        facts: tuple[Fact, ...] = (),
        synonyms: tuple[tuple[str, ...], ...] = (),
        post_refs: tuple[PostRef, ...] = (),
        fact_refs: tuple[FactRef, ...] = (),
        problems: tuple[Problem, ...] = (),
        title_keys: bytes = b"",
        question_keys: bytes = b"",
        question_counts: bytes = b"",
        summary: FileSummary | None = None,
    ) -> None:
        self.path = path
        self.archive = archive
        self.archive_line = archive_line
        self.posts = posts
        self.facts = facts
        self.synonyms = synonyms
        self.post_refs = post_refs
        self.fact_refs = fact_refs
        self.problems = problems
        self.title_keys = title_keys
        """`loose_hash` of each post model's title (packed uint64), for duplicate warnings."""
        self.question_keys = question_keys
        """`loose_hash` of each fact model's distinct questions, fact after fact (packed uint64)."""
        self.question_counts = question_counts
        """How many of `question_keys` belong to each fact model (packed uint32)."""
        self._norm: dict[int, tuple[str, ...]] | None = None
        self._slots: dict[str, tuple[int, int]] | None = None
        self.summary = summary if summary is not None else self._summarize()
        """What the folder-wide checks use to skip unchanged work (pickled, not recomputed)."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        """This file's own errors (not warnings)."""
        return tuple(p for p in self.problems if p.severity == "error")

    def normalized_texts(self, position: int) -> tuple[str, ...]:
        """The normalized texts of `posts[position]`, computed once and kept."""
        if self._norm is None:
            self._norm = {}
        found = self._norm.get(position)
        if found is None:
            found = tuple(normalize_quote(text) for text, _ in self.posts[position].texts())
            self._norm[position] = found
        return found

    def _summarize(self) -> FileSummary:
        cited = {ref[3] for ref in self.fact_refs}
        return FileSummary(
            all_facts_local=all(ref[7] == LOCAL_FOUND for ref in self.fact_refs),
            newest=max((p.date for p in self.posts), default=None),
            uncited=tuple(ref for ref in self.post_refs if ref[3] >= 0 and ref[0] not in cited),
        )

    def post_slot(self, post_id: str) -> tuple[int, int]:
        """(line of the id, position in `posts` or -1) of the file's first post with this id."""
        if self._slots is None:
            self._slots = {}
            for ref_id, line, _, position in self.post_refs:
                self._slots.setdefault(ref_id, (line, position))
        return self._slots[post_id]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, to_plain(self))


def to_plain(result: FileResult) -> tuple[Any, ...]:
    """The result as nested tuples of str, int, bytes, bool and None (marshal-able).

    `from_plain` rebuilds it; the cache stores this form, which loads much
    faster than the frozen models' own pickling.
    """
    archive = result.archive
    summary = result.summary
    return (
        _FORMAT,
        result.path,
        None if archive is None else (archive.name, archive.url, archive.description),
        result.archive_line,
        tuple(
            (
                p.id,
                p.title,
                p.date.toordinal(),
                p.url,
                p.tags,
                p.summary,
                p.body,
                tuple((q.text, q.source, q.source_url) for q in p.quotes),
                p.line,
            )
            for p in result.posts
        ),
        tuple(
            (f.id, f.questions, f.answer, f.post, f.quote, f.date, f.tags, f.line)
            for f in result.facts
        ),
        result.synonyms,
        result.post_refs,
        result.fact_refs,
        tuple((p.line, p.field, p.message, p.severity) for p in result.problems),
        result.title_keys,
        result.question_keys,
        result.question_counts,
        (
            summary.all_facts_local,
            summary.newest.toordinal() if summary.newest else 0,
            summary.uncited,
        ),
    )


def from_plain(plain: Sequence[Any]) -> FileResult:
    """The FileResult that `to_plain` gave `plain`; ValueError for another format."""
    return _rebuild(*plain)


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot descriptors' setters of `cls`'s fields, which must be exactly `names`.

    Setting the slots of a frozen slotted dataclass through its descriptors
    is about twice as fast as calling the generated `__init__`, and the
    unpickling of a large archive builds several hundred thousand models.
    Checking the field names here makes a change to a model fail at import
    instead of building wrong models.
    """
    actual = tuple(f.name for f in fields(cls))
    if actual != names:
        raise TypeError(f"{cls.__name__} fields changed: {actual}; update fileresult.py")
    return tuple(cls.__dict__[name].__set__ for name in names)


def _make_post_builder() -> Callable[[str, tuple[Any, ...]], tuple[Post, ...]]:
    new = object.__new__
    from_ordinal = dt.date.fromordinal
    (s_id, s_title, s_date, s_url, s_tags, s_summary, s_body, s_quotes, s_file, s_line) = (
        _slot_setters(
            Post,
            ("id", "title", "date", "url", "tags", "summary", "body", "quotes", "file", "line"),
        )
    )
    q_text, q_source, q_url = _slot_setters(Quote, ("text", "source", "source_url"))

    def build(path: str, rows: tuple[Any, ...]) -> tuple[Post, ...]:
        out: list[Post] = []
        for pid, title, day, url, tags, summary, body, quotes, line in rows:
            built: list[Quote] = []
            for text, source, source_url in quotes:
                quote = new(Quote)
                q_text(quote, text)
                q_source(quote, source)
                q_url(quote, source_url)
                built.append(quote)
            post = new(Post)
            s_id(post, pid)
            s_title(post, title)
            s_date(post, from_ordinal(day))
            s_url(post, url)
            s_tags(post, tags)
            s_summary(post, summary)
            s_body(post, body)
            s_quotes(post, tuple(built))
            s_file(post, path)
            s_line(post, line)
            out.append(post)
        return tuple(out)

    return build


def _make_fact_builder() -> Callable[[str, tuple[Any, ...]], tuple[Fact, ...]]:
    new = object.__new__
    (s_id, s_questions, s_answer, s_post, s_quote, s_date, s_tags, s_file, s_line) = _slot_setters(
        Fact,
        ("id", "questions", "answer", "post", "quote", "date", "tags", "file", "line"),
    )

    def build(path: str, rows: tuple[Any, ...]) -> tuple[Fact, ...]:
        out: list[Fact] = []
        for fid, questions, answer, post, quote, date, tags, line in rows:
            fact = new(Fact)
            s_id(fact, fid)
            s_questions(fact, questions)
            s_answer(fact, answer)
            s_post(fact, post)
            s_quote(fact, quote)
            s_date(fact, date)
            s_tags(fact, tags)
            s_file(fact, path)
            s_line(fact, line)
            out.append(fact)
        return tuple(out)

    return build


_build_posts = _make_post_builder()
_build_facts = _make_fact_builder()
_new = object.__new__
_from_ordinal = dt.date.fromordinal
_set_all_local, _set_newest, _set_uncited = _slot_setters(
    FileSummary, ("all_facts_local", "newest", "uncited")
)


def _rebuild(
    fmt: int,
    path: str,
    archive: tuple[str, str, str | None] | None,
    archive_line: int,
    posts: tuple[Any, ...],
    facts: tuple[Any, ...],
    synonyms: tuple[tuple[str, ...], ...],
    post_refs: tuple[PostRef, ...],
    fact_refs: tuple[FactRef, ...],
    problems: tuple[Any, ...],
    title_keys: bytes,
    question_keys: bytes,
    question_counts: bytes,
    summary: tuple[bool, int, tuple[PostRef, ...]],
) -> FileResult:
    if fmt != _FORMAT:
        raise ValueError(f"unsupported cached file format {fmt}")
    # Sets every slot that __init__ sets (keep the two in step), without its
    # keyword handling: this runs once per file on every restart.
    result = _new(FileResult)
    result.path = path
    result.archive = None if archive is None else Archive(*archive)
    result.archive_line = archive_line
    result.posts = _build_posts(path, posts)
    result.facts = _build_facts(path, facts)
    result.synonyms = synonyms
    result.post_refs = post_refs
    result.fact_refs = fact_refs
    result.problems = tuple([Problem(path, *p) for p in problems]) if problems else ()
    result.title_keys = title_keys
    result.question_keys = question_keys
    result.question_counts = question_counts
    result._norm = None
    result._slots = None
    all_local, newest, uncited = summary
    result.summary = file_summary = _new(FileSummary)
    _set_all_local(file_summary, all_local)
    _set_newest(file_summary, _from_ordinal(newest) if newest else None)
    _set_uncited(file_summary, uncited)
    return result
