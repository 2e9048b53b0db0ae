"""Folder-wide checks on a reload, redone only where the changed files reach.

After a full `cross_check` of a valid folder, `CrossState.build` keeps what
the checks need (who defines each post id, the fact ids, how often each post
is cited, the cross-file warnings grouped by file). `CrossState.update` then
takes the files whose results changed and re-checks only their facts, the
facts elsewhere that cite their posts, the id uniqueness deltas, and the
warnings of the files that share a title or question with them. Whenever the
result could contain an error (or the folder is small enough for the
near-duplicate warnings, or the date changed), it gives up and the caller
runs the full check, so the problems reported are always exactly those of a
full check.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import numpy as np

from bot.knowledge import crosscheck
from bot.knowledge.crosscheck import CrossResult
from bot.knowledge.fileresult import LOCAL_FOUND, LOCAL_MISSING, FileResult
from bot.knowledge.models import Knowledge
from bot.knowledge.problems import Problem

MAX_CHANGED_FRACTION = 0.05
"""Above this share of changed files (and MAX_CHANGED_FILES), the full check is as fast."""
MAX_CHANGED_FILES = 32

_Groups = tuple[
    tuple[Problem, ...],
    tuple[Problem, ...],
    tuple[Problem, ...],
    tuple[Problem, ...],
    tuple[Problem, ...],
]
"""A file's cross-file warnings: future dates, uncited posts, titles, questions, events
dated after their post (in the order the full check gives them)."""
_EMPTY: _Groups = ((), (), (), (), ())


def _order_key(relpath: str) -> str:
    return relpath.replace("/", "\0")


def _result_order(result: FileResult) -> str:
    return _order_key(result.path)


@dataclass(slots=True)
class _Keys:
    """One kind of duplicate key (titles or questions) of every file, packed in file order."""

    keys: np.ndarray
    ends: np.ndarray
    """Cumulative key count per file."""

    @classmethod
    def of(cls, chunks: Sequence[bytes]) -> _Keys:
        counts = np.fromiter((len(c) for c in chunks), dtype=np.int64, count=len(chunks)) // 8
        return cls(np.frombuffer(b"".join(chunks), dtype=np.uint64), np.cumsum(counts))

    def positions(self, wanted: np.ndarray) -> np.ndarray:
        """Positions (ascending) of the keys that are in `wanted` (sorted, unique)."""
        slot = np.minimum(np.searchsorted(wanted, self.keys), len(wanted) - 1)
        return np.nonzero(wanted[slot] == self.keys)[0]

    def files_with(self, wanted: np.ndarray) -> set[int]:
        """Indexes of the files holding any of `wanted` (sorted, unique)."""
        if not len(wanted) or not len(self.keys):
            return set()
        positions = self.positions(wanted)
        return set(np.searchsorted(self.ends, positions, side="right").tolist())

    def firsts(self, wanted: np.ndarray) -> dict[int, tuple[int, int]]:
        """Key -> (file index, position in that file) of its first occurrence."""
        out: dict[int, tuple[int, int]] = {}
        if not len(wanted) or not len(self.keys):
            return out
        positions = self.positions(wanted)
        files = np.searchsorted(self.ends, positions, side="right")
        starts = np.concatenate(([0], self.ends))[files]
        for key, file, local in zip(
            self.keys[positions].tolist(),
            files.tolist(),
            (positions - starts).tolist(),
            strict=True,
        ):
            out.setdefault(key, (file, local))
        return out


def _keys_of(chunks: Iterable[bytes]) -> np.ndarray:
    return np.unique(np.frombuffer(b"".join(chunks), dtype=np.uint64))


class CrossState:
    """What a valid folder's cross-file checks found, kept to redo them by difference."""

    __slots__ = (
        "archive_files",
        "checked",
        "cited",
        "delta",
        "fact_ids",
        "groups",
        "knowledge",
        "post_owner",
        "remote",
        "results",
        "today",
    )

    def __init__(
        self,
        results: Sequence[FileResult],
        warnings: Sequence[Problem],
        today: dt.date,
        *,
        post_owners: dict[str, FileResult] | None = None,
        fact_ids: set[str] | None = None,
    ):
        """Index a valid folder; `post_owners` and `fact_ids` (from the full check's
        `CrossResult`, taken over, not copied) spare indexing every id again."""
        self.today = today
        self.knowledge: Knowledge | None = None
        """The Knowledge built from this state, reused by the next reload."""
        self.delta: tuple[list[FileResult], list[FileResult]] = ([], [])
        self.checked: list[FileResult] = []
        """The files whose facts the last update re-checked (their event warnings may change)."""
        """The last update's (replaced or removed results, new or changed results)."""
        self.results = {r.path: r for r in results}
        self.archive_files = {r.path for r in results if r.archive_line}
        self.post_owner = (
            post_owners
            if post_owners is not None
            else {ref[0]: r for r in results for ref in r.post_refs}
        )
        self.fact_ids = (
            fact_ids if fact_ids is not None else {ref[0] for r in results for ref in r.fact_refs}
        )
        facts = chain.from_iterable([r.facts for r in results])
        self.cited: Counter[str] = Counter(map(attrgetter("post"), facts))
        self.remote: dict[str, set[str]] = {}
        for r in results:
            self._add_remote(r)
        by_path: dict[str, list[Problem]] = {}
        for problem in warnings:
            by_path.setdefault(problem.path, []).append(problem)
        self.groups: dict[str, _Groups] = {}
        for path, problems in by_path.items():
            self.groups[path] = _split(problems)

    def _add_remote(self, result: FileResult) -> None:
        if result.summary.all_facts_local:
            return
        for ref in result.fact_refs:
            if ref[3] is not None and ref[7] != LOCAL_FOUND:
                self.remote.setdefault(ref[3], set()).add(result.path)

    def _drop_remote(self, result: FileResult) -> None:
        if result.summary.all_facts_local:
            return
        for ref in result.fact_refs:
            if ref[3] is not None and ref[7] != LOCAL_FOUND:
                paths = self.remote.get(ref[3])
                if paths is not None:
                    paths.discard(result.path)
                    if not paths:
                        del self.remote[ref[3]]

    def update(self, results: Sequence[FileResult], today: dt.date) -> CrossResult | None:
        """The cross-check of `results` by difference, or None: run the full check.

        On None the state is unusable (partly updated) and must be rebuilt.
        """
        if today != self.today:
            return None
        limit = crosscheck.NEAR_DUPLICATE_LIMIT
        paths = {r.path for r in results}
        old = [r for r in self.results.values() if r.path not in paths]
        new: list[FileResult] = []
        for r in results:
            before = self.results.get(r.path)
            if before is not r:
                new.append(r)
                if before is not None:
                    old.append(before)
        if len(old) + len(new) > max(MAX_CHANGED_FILES, MAX_CHANGED_FRACTION * len(results)):
            return None
        if any(r.errors for r in new):
            return None
        if not self._ids(old, new):
            return None
        facts_total = len(self.fact_ids)
        posts_total = len(self.post_owner)
        if posts_total <= limit or facts_total <= limit:
            return None  # the near-duplicate warnings need the full check
        for r in old:
            del self.results[r.path]
            self.groups.pop(r.path, None)
        for r in new:
            self.results[r.path] = r
        if not self._facts_ok(old, new):
            return None
        flipped = self._cite(old, new)
        self.delta = (old, new)
        return self._result(results, old, new, flipped)

    def _ids(self, old: Sequence[FileResult], new: Sequence[FileResult]) -> bool:
        """Apply the post, fact and archive id changes; False if some id is now repeated."""
        for r in old:
            for ref in r.post_refs:
                self.post_owner.pop(ref[0], None)
            for fref in r.fact_refs:
                self.fact_ids.discard(fref[0])
            self.archive_files.discard(r.path)
            self._drop_remote(r)
        for r in new:
            for ref in r.post_refs:
                if ref[0] in self.post_owner:
                    return False
                self.post_owner[ref[0]] = r
            for fref in r.fact_refs:
                if fref[0] in self.fact_ids:
                    return False
                self.fact_ids.add(fref[0])
            if r.archive_line:
                self.archive_files.add(r.path)
            self._add_remote(r)
        return len(self.archive_files) <= 1

    def _facts_ok(self, old: Sequence[FileResult], new: Sequence[FileResult]) -> bool:
        """Re-check the facts of the new files and those elsewhere citing their posts."""
        touched = {ref[0] for r in (*old, *new) for ref in r.post_refs}
        check = {r.path: r for r in new}
        for touched_id in touched:
            for path in self.remote.get(touched_id, ()):
                check.setdefault(path, self.results[path])
        find = self.post_owner.get
        self.checked = list(check.values())
        for result in check.values():
            if result.summary.all_facts_local:
                continue
            for ref in result.fact_refs:
                post_id, local = ref[3], ref[7]
                if post_id is None:
                    continue
                target = find(post_id)
                if target is result and local == LOCAL_FOUND:
                    continue
                if target is None or (target is result and local == LOCAL_MISSING):
                    return False
                quote = ref[5]
                position = target.post_slot(post_id)[1]
                if quote is None or position < 0:
                    continue
                if not crosscheck.post_has_quote(target, position, quote):
                    return False
        return True

    def _cite(self, old: Sequence[FileResult], new: Sequence[FileResult]) -> set[str]:
        """Update the citation counts; the post ids that became cited or uncited."""
        flipped: set[str] = set()
        for r in old:
            for fact in r.facts:
                self.cited[fact.post] -= 1
                if not self.cited[fact.post]:
                    del self.cited[fact.post]
                    flipped.add(fact.post)
        for r in new:
            for fact in r.facts:
                if fact.post not in self.cited:
                    flipped.add(fact.post)
                self.cited[fact.post] += 1
        return flipped

    def _result(
        self,
        results: Sequence[FileResult],
        old: Sequence[FileResult],
        new: Sequence[FileResult],
        flipped: set[str],
    ) -> CrossResult:
        out = CrossResult()

        def index_of(result: FileResult) -> int:
            at = bisect.bisect_left(results, _order_key(result.path), key=_result_order)
            assert results[at] is result
            return at

        titles = _Keys.of([r.title_keys for r in results])
        questions = _Keys.of([r.question_keys for r in results])
        changed = {index_of(r) for r in new}
        event_files = {index_of(r) for r in self.checked}
        # Files whose warnings may change, per kind.
        uncited = set(changed)
        for post_id in flipped:
            owner = self.post_owner.get(post_id)
            if owner is not None:
                uncited.add(index_of(owner))
        title_files = changed | titles.files_with(_keys_of(r.title_keys for r in (*old, *new)))
        question_files = changed | questions.files_with(
            _keys_of(r.question_keys for r in (*old, *new))
        )
        first_title = titles.firsts(_keys_of(results[i].title_keys for i in title_files))
        first_question = questions.firsts(
            _keys_of(results[i].question_keys for i in question_files)
        )
        for i in changed | uncited | title_files | question_files | event_files:
            result = results[i]
            future, unc, tit, que, events = self.groups.get(result.path, _EMPTY)
            if i in changed:
                future = crosscheck.future_warnings(result, self.today)
            if i in uncited:
                unc = crosscheck.uncited_warnings(result, self.cited)
            if i in title_files:
                tit = _title_warnings(result, i, results, first_title)
            if i in question_files:
                que = _question_warnings(result, i, results, first_question)
            if i in event_files:
                events = crosscheck.event_warnings(result, self.post_owner.get)
            groups = (future, unc, tit, que, events)
            if any(groups):
                self.groups[result.path] = groups
            else:
                self.groups.pop(result.path, None)
        for result in results:
            if result.archive_line and out.archive is None:
                out.archive = result.archive
            out.posts.extend(result.posts)
            out.facts.extend(result.facts)
        seen_groups: set[tuple[str, ...]] = set()
        for result in results:
            for group in result.synonyms:
                if group not in seen_groups:
                    seen_groups.add(group)
                    out.synonyms.append(group)
        for path in sorted(self.groups, key=_order_key):
            for kind in self.groups[path]:
                out.warnings.extend(kind)
        return out


def _split(problems: Sequence[Problem]) -> _Groups:
    """Sort a file's cross-file warnings (in full-check order) into their five kinds."""
    kinds: tuple[list[Problem], ...] = ([], [], [], [], [])
    for problem in problems:
        if problem.field.startswith("facts["):
            kinds[4].append(problem)
        elif problem.field.endswith(".date"):
            kinds[0].append(problem)
        elif problem.field.startswith("posts["):
            kinds[1].append(problem)
        elif problem.field == "title":
            kinds[2].append(problem)
        else:
            kinds[3].append(problem)
    return tuple(kinds[0]), tuple(kinds[1]), tuple(kinds[2]), tuple(kinds[3]), tuple(kinds[4])


def _title_warnings(
    result: FileResult,
    index: int,
    results: Sequence[FileResult],
    first: dict[int, tuple[int, int]],
) -> tuple[Problem, ...]:
    out: list[Problem] = []
    keys = np.frombuffer(result.title_keys, dtype=np.uint64).tolist()
    for local, key in enumerate(keys):
        where = first.get(key)
        if where is None or where == (index, local):
            continue
        earlier, later = results[where[0]].posts[where[1]], result.posts[local]
        out.append(crosscheck.title_warning(earlier, later, "the same title as"))
    return tuple(out)


def _question_warnings(
    result: FileResult,
    index: int,
    results: Sequence[FileResult],
    first: dict[int, tuple[int, int]],
) -> tuple[Problem, ...]:
    out: list[Problem] = []
    keys = np.frombuffer(result.question_keys, dtype=np.uint64).tolist()
    counts = np.frombuffer(result.question_counts, dtype=np.uint32).tolist()
    position = 0
    for local_fact, count in enumerate(counts):
        reported: set[tuple[int, int]] = set()
        for key in keys[position : position + count]:
            where = first.get(key)
            if where is None:
                continue
            owner_file = results[where[0]]
            owner_fact = _fact_of(owner_file, where[1])
            if (where[0], owner_fact) == (index, local_fact) or (where[0], owner_fact) in reported:
                continue
            reported.add((where[0], owner_fact))
            out.append(
                crosscheck.question_warning(
                    owner_file.facts[owner_fact], result.facts[local_fact], "the same question as"
                )
            )
        position += count
    return tuple(out)


def _fact_of(result: FileResult, key_position: int) -> int:
    """The fact model (its position in the file) owning the file's n-th question key."""
    counts = np.frombuffer(result.question_counts, dtype=np.uint32)
    return int(np.searchsorted(np.cumsum(counts), key_position, side="right"))
