"""Checks that need the whole folder: one archive, unique ids, fact -> post, quotes.

These run on every load (cached files included) and stay linear in the
number of records; the near-duplicate warnings run their all-pairs
comparison only below NEAR_DUPLICATE_LIMIT items and fall back to exact
(normalized) duplicates above it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from bot.knowledge.fileresult import LOCAL_ELSEWHERE, LOCAL_FOUND, LOCAL_MISSING, FileResult
from bot.knowledge.models import Archive, Fact, Post
from bot.knowledge.problems import Problem
from bot.knowledge.schema import event_warning
from bot.knowledge.textnorm import loose_key, quote_message, text_labels

NEAR_DUPLICATE_LIMIT = 2000
"""Above this many titles (or questions), only exact normalized duplicates are reported."""
NEAR_DUPLICATE_SCORE = 95
_SUGGEST_LIMIT = 5000


@dataclass(slots=True)
class CrossResult:
    """Everything the folder adds up to, with the problems found across files."""

    archive: Archive | None = None
    posts: list[Post] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    synonyms: list[tuple[str, ...]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    post_owners: dict[str, FileResult] | None = None
    """Post id -> its file, when every post id is unique (for `CrossState`, not a copy)."""
    fact_ids: set[str] | None = None
    """Every fact id, when they are all unique (for `CrossState`, not a copy)."""


def _where(path: str, line: int) -> str:
    return f"{path}:{line}"


def _check_archive(results: Sequence[FileResult], out: CrossResult) -> None:
    first: FileResult | None = None
    for result in results:
        if not result.archive_line:
            continue
        if first is None:
            first = result
            out.archive = result.archive
        else:
            out.errors.append(
                Problem(
                    result.path,
                    result.archive_line,
                    "archive",
                    "a second archive: only one is allowed in the folder "
                    f"(the first is at {_where(first.path, first.archive_line)})",
                )
            )


def _index_posts(
    results: Sequence[FileResult], out: CrossResult
) -> tuple[dict[str, FileResult], bool]:
    """Post id -> the file that defines it first; True if some id is defined twice."""
    for result in results:
        out.posts.extend(result.posts)
    posts = {ref[0]: result for result in results for ref in result.post_refs}
    if len(posts) == sum([len(result.post_refs) for result in results]):
        out.post_owners = posts
        return posts, False
    posts = {}
    first: dict[str, str] = {}
    for result in results:
        for post_id, line, index, _ in result.post_refs:
            if post_id in first:
                out.errors.append(
                    Problem(
                        result.path,
                        line,
                        f"posts[{index}].id",
                        f"duplicate post id '{post_id}' (also defined at {first[post_id]})",
                    )
                )
            else:
                first[post_id] = _where(result.path, line)
                posts[post_id] = result
    return posts, True


def _duplicate_facts(results: Sequence[FileResult], out: CrossResult) -> None:
    ids = [ref[0] for result in results for ref in result.fact_refs]
    unique = set(ids)
    if len(unique) == len(ids):
        out.fact_ids = unique
        return
    seen: dict[str, tuple[str, int]] = {}
    for result in results:
        for fact_id, line, index, *_ in result.fact_refs:
            first = seen.setdefault(fact_id, (result.path, line))
            if first != (result.path, line):
                out.errors.append(
                    Problem(
                        result.path,
                        line,
                        f"facts[{index}].id",
                        f"duplicate fact id '{fact_id}' (also defined at {_where(*first)})",
                    )
                )


def _check_facts(
    results: Sequence[FileResult],
    posts: dict[str, FileResult],
    duplicate_posts: bool,
    out: CrossResult,
) -> list[Problem]:
    """Check every fact's post and quote; returns the event-date warnings of remote facts."""
    _duplicate_facts(results, out)
    find = posts.get
    events: list[Problem] = []
    for result in results:
        out.facts.extend(result.facts)
        if not duplicate_posts and result.summary.all_facts_local:
            continue  # each quote was found in its post, which is the only one of that id
        events.extend(event_warnings(result, find))
        for ref in result.fact_refs:
            post_id, local = ref[3], ref[7]
            if post_id is None:
                continue
            target = find(post_id)
            if target is result and local == LOCAL_FOUND:
                continue  # the common case: checked when the file was read
            index = ref[2]
            if target is None:
                out.errors.append(
                    Problem(
                        result.path,
                        ref[4],
                        f"facts[{index}].post",
                        f"no post with id '{post_id}'{_suggest(post_id, posts)}",
                    )
                )
                continue
            quote = ref[5]
            if quote is None:
                continue
            position = target.post_slot(post_id)[1]
            if target is result and local == LOCAL_MISSING:
                found = False
            elif position < 0:
                continue  # the post is invalid; its own errors say why
            else:
                found = post_has_quote(target, position, quote)
            if not found:
                out.errors.append(
                    Problem(
                        result.path,
                        ref[6],
                        f"facts[{index}].quote",
                        quote_message(quote, post_id, _labeled_texts(target, position)),
                    )
                )
    return events


def event_warnings(
    result: FileResult, find: Callable[[str], FileResult | None]
) -> tuple[Problem, ...]:
    """The file's facts dated after their post, for posts of other files (a file's own
    posts are compared when it is read)."""
    out: list[Problem] = []
    for ref in result.fact_refs:
        post_id, event = ref[3], ref[8]
        if ref[7] != LOCAL_ELSEWHERE or post_id is None or event is None:
            continue
        target = find(post_id)
        position = target.post_slot(post_id)[1] if target is not None else -1
        if target is None or position < 0:
            continue
        late = event_warning(event, post_id, target.posts[position].date)
        if late is not None:
            out.append(Problem(result.path, ref[9], f"facts[{ref[2]}].date", late, "warning"))
    return tuple(out)


def _labeled_texts(target: FileResult, position: int) -> list[tuple[str, str]]:
    """The post's normalized texts, each with how a message names it."""
    if position < 0:
        return []
    post = target.posts[position]
    labels = text_labels([q.source for q in post.quotes], bool(post.body))
    return list(zip(labels, target.normalized_texts(position), strict=True))


def post_has_quote(target: FileResult, position: int, quote: str) -> bool:
    post = target.posts[position]
    if post.body and quote in post.body and unicodedata.is_normalized("NFC", post.body):
        return True
    return any(quote in text for text in target.normalized_texts(position))


def _suggest(name: str, known: dict[str, FileResult]) -> str:
    if len(known) > _SUGGEST_LIMIT:
        return ""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _near_pairs(
    keys: list[str], scorer: Callable[..., float], exclude: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """Pairs (i < j) scoring at least NEAR_DUPLICATE_SCORE but not exactly equal."""
    scores = process.cdist(
        keys, keys, scorer=scorer, score_cutoff=NEAR_DUPLICATE_SCORE, dtype=np.uint8, workers=-1
    )
    rows, cols = np.nonzero(np.triu(scores, 1))
    return [
        (int(i), int(j))
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        if keys[i] != keys[j] and not exclude(i, j)
    ]


def _exact_pairs(keys: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (first, later) of positions holding the same key, in position order."""
    if len(keys) < 2:
        return []
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    repeats = np.nonzero(ordered[1:] == ordered[:-1])[0]
    first: dict[int, int] = {}
    pairs: list[tuple[int, int]] = []
    for k in repeats.tolist():
        i = first.setdefault(int(ordered[k]), int(order[k]))
        pairs.append((i, int(order[k + 1])))
    pairs.sort(key=lambda pair: pair[1])
    return pairs


def _packed(chunks: Sequence[bytes], dtype: type[np.generic]) -> np.ndarray:
    return np.frombuffer(b"".join(chunks), dtype=dtype)


def _duplicate_titles(results: Sequence[FileResult], out: CrossResult) -> None:
    posts = out.posts
    keys = _packed([result.title_keys for result in results], np.uint64)
    pairs = [(i, j, "the same title as") for i, j in _exact_pairs(keys)]
    if 1 < len(posts) <= NEAR_DUPLICATE_LIMIT:
        # token_sort_ratio is ratio on sorted words; sorting once here is 10x faster.
        texts = [" ".join(sorted(loose_key(p.title).split())) for p in posts]
        pairs.extend(
            (i, j, "nearly the same title as")
            for i, j in _near_pairs(texts, fuzz.ratio, lambda i, j: False)
        )
    for i, j, how in pairs:
        out.warnings.append(title_warning(posts[i], posts[j], how))


def title_warning(earlier: Post, later: Post, how: str) -> Problem:
    """`later` has (nearly) the same title as `earlier`."""
    return Problem(
        later.file,
        later.line,
        "title",
        f"post '{later.id}' has {how} post '{earlier.id}' ({_where(earlier.file, earlier.line)})",
        "warning",
    )


def _duplicate_questions(results: Sequence[FileResult], out: CrossResult) -> None:
    keys = _packed([result.question_keys for result in results], np.uint64)
    pairs: list[tuple[int, int, str]] = []
    exact = _exact_pairs(keys)
    if exact:
        counts = _packed([result.question_counts for result in results], np.uint32)
        owners = np.repeat(np.arange(len(counts)), counts)
        pairs.extend((int(owners[i]), int(owners[j]), "the same question as") for i, j in exact)
    if 1 < len(keys) <= NEAR_DUPLICATE_LIMIT:
        asked = [(n, loose_key(q)) for n, fact in enumerate(out.facts) for q in fact.questions]
        by = [n for n, _ in asked]
        pairs.extend(
            (by[i], by[j], "nearly the same question as")
            for i, j in _near_pairs([t for _, t in asked], fuzz.ratio, lambda i, j: by[i] == by[j])
        )
    reported: set[tuple[int, int]] = set()
    for i, j, how in pairs:
        if (i, j) in reported:
            continue
        reported.add((i, j))
        out.warnings.append(question_warning(out.facts[i], out.facts[j], how))


def question_warning(earlier: Fact, later: Fact, how: str) -> Problem:
    """`later` asks (nearly) the same question as `earlier`."""
    return Problem(
        later.file,
        later.line,
        "questions",
        f"fact '{later.id}' asks {how} fact '{earlier.id}' "
        f"({_where(earlier.file, earlier.line)}); readers may get either answer",
        "warning",
    )


def future_warnings(result: FileResult, today: dt.date) -> tuple[Problem, ...]:
    """The file's posts dated after `today`."""
    newest = result.summary.newest
    if newest is None or newest <= today:
        return ()
    out: list[Problem] = []
    for _, _, index, position in result.post_refs:
        post = result.posts[position] if position >= 0 else None
        if post is not None and post.date > today:
            out.append(
                Problem(
                    result.path,
                    post.line,
                    f"posts[{index}].date",
                    f"the post's date {post.date.isoformat()} is in the future",
                    "warning",
                )
            )
    return tuple(out)


def uncited_warnings(result: FileResult, cited: Container[str]) -> tuple[Problem, ...]:
    """The file's valid posts that no fact (of any file) cites."""
    return tuple(
        Problem(
            result.path,
            result.posts[position].line,
            f"posts[{index}]",
            f"no fact cites post '{post_id}': only its own sentences can answer about it",
            "warning",
        )
        for post_id, _, index, position in result.summary.uncited
        if post_id not in cited
    )


def _post_warnings(results: Sequence[FileResult], out: CrossResult, today: dt.date) -> None:
    cited: set[str] | None = None
    for result in results:
        out.warnings.extend(future_warnings(result, today))
        if not result.summary.uncited:
            continue
        if cited is None:
            cited = {fact.post for fact in out.facts}
        out.warnings.extend(uncited_warnings(result, cited))


def cross_check(results: Sequence[FileResult], *, today: dt.date) -> CrossResult:
    """Run the folder-wide checks over the files' results, in file order."""
    out = CrossResult()
    _check_archive(results, out)
    posts, duplicate_posts = _index_posts(results, out)
    events = _check_facts(results, posts, duplicate_posts, out)
    seen_groups: set[tuple[str, ...]] = set()
    for result in results:
        for group in result.synonyms:
            if group not in seen_groups:
                seen_groups.add(group)
                out.synonyms.append(group)
    _post_warnings(results, out, today)
    _duplicate_titles(results, out)
    _duplicate_questions(results, out)
    out.warnings.extend(events)
    return out
