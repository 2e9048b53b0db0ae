"""What one file contributes to a knowledge base: the unit the cache stores.

A FileResult depends only on the file's bytes, its relative path and the
reading limits, so it can be reused across reloads and restarts while the
file is unchanged. It pickles to plain tuples (much faster to load than the
frozen models' own pickling) and rebuilds the models on unpickling.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.knowledge.models import Archive, Fact, Post, Quote
from bot.knowledge.problems import Problem
from bot.knowledge.textnorm import normalize_quote

PostRef = tuple[str, int, int, int]
"""(id, line of the id, index in the file's `posts`, position in `posts` models or -1)."""

FactRef = tuple[str, int, int, str | None, int, str | None, int, int]
"""(id, id line, index in `facts`, post id, its line, normalized quote, its line, local).

`local` is the verbatim check against the first post of that id in the same
file: 1 found, 0 not found, -1 no such post in this file, -2 that post is
invalid (no check).
"""

LOCAL_FOUND, LOCAL_MISSING, LOCAL_ELSEWHERE, LOCAL_SKIP = 1, 0, -1, -2

_FORMAT = 4


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
        self._norm: dict[int, tuple[str, ...]] = {}
        self._slots: dict[str, tuple[int, int]] | None = None
        self.summary = summary if summary is not None else self._summarize()
        """What the folder-wide checks use to skip unchanged work (pickled, not recomputed)."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        """This file's own errors (not warnings)."""
        return tuple(p for p in self.problems if p.severity == "error")

    def normalized_texts(self, position: int) -> tuple[str, ...]:
        """The normalized texts of `posts[position]`, computed once and kept."""
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
        archive = self.archive
        return (
            _rebuild,
            (
                _FORMAT,
                self.path,
                None if archive is None else (archive.name, archive.url, archive.description),
                self.archive_line,
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
                    for p in self.posts
                ),
                tuple(
                    (f.id, f.questions, f.answer, f.post, f.quote, f.date, f.tags, f.line)
                    for f in self.facts
                ),
                self.synonyms,
                self.post_refs,
                self.fact_refs,
                tuple((p.line, p.field, p.message, p.severity) for p in self.problems),
                self.title_keys,
                self.question_keys,
                self.question_counts,
                (
                    self.summary.all_facts_local,
                    self.summary.newest.toordinal() if self.summary.newest else 0,
                    self.summary.uncited,
                ),
            ),
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
    from_ordinal = dt.date.fromordinal
    return FileResult(
        path,
        archive=None if archive is None else Archive(*archive),
        archive_line=archive_line,
        posts=tuple(
            Post(
                pid,
                title,
                from_ordinal(day),
                url,
                tags,
                summary,
                body,
                tuple([Quote(*q) for q in quotes]),
                path,
                line,
            )
            for pid, title, day, url, tags, summary, body, quotes, line in posts
        ),
        facts=tuple(
            Fact(fid, questions, answer, post, quote, date, tags, path, line)
            for fid, questions, answer, post, quote, date, tags, line in facts
        ),
        synonyms=synonyms,
        post_refs=post_refs,
        fact_refs=fact_refs,
        problems=tuple(Problem(path, *p) for p in problems),
        title_keys=title_keys,
        question_keys=question_keys,
        question_counts=question_counts,
        summary=FileSummary(
            summary[0], from_ordinal(summary[1]) if summary[1] else None, summary[2]
        ),
    )
