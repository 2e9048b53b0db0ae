"""Validate one file against the knowledge format and build its records.

Everything that can be checked inside one file is checked here (fields,
types, slugs, dates, URLs, lengths, and a fact's quote against a post of the
same file); checks that need the whole folder live in `crosscheck`.

Project extension: besides `archive`, `posts` and `facts`, a file may hold
`synonyms`, a list of groups, each a list of at least two words or short
phrases that mean the same (`- [GSOMIA, intelligence-sharing pact]`). The
groups of all files are merged, in file order, into `Knowledge.synonyms`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from array import array
from urllib.parse import urlsplit

from bot.knowledge.fileresult import (
    LOCAL_ELSEWHERE,
    LOCAL_FOUND,
    LOCAL_MISSING,
    LOCAL_SKIP,
    FactRef,
    FileResult,
    PostRef,
)
from bot.knowledge.models import Archive, Fact, Post, Quote
from bot.knowledge.problems import Problem
from bot.knowledge.textnorm import (
    contains_quote,
    loose_hash,
    normalize_quote,
    quote_message,
    text_labels,
)
from bot.knowledge.yamlhint import read_recovering
from bot.knowledge.yamlread import YamlError, YMap, YNode, YScalar, YSeq, kind_name

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")

MAX_ANSWER = 300
DRAFT_MARKER = "TODO(curator)"
"""Marks what a draft (`archive-bot misses --draft`) leaves for the curator: a value that
still holds it is an error, so a draft is never served half-written."""
MIN_QUESTIONS = 3
"""Fewer questions than this is a warning: the README asks for at least three phrasings."""
_NOT_TEXT = (
    (
        re.compile(
            r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
            r"|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        ),
        "a number",
    ),
    (re.compile(r"true|True|TRUE|false|False|FALSE"), "a true/false value"),
    (re.compile(r"null|Null|NULL|~"), "YAML's 'no value'"),
)
"""Plain values that YAML itself would not read as text (the format reads them as text)."""
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~ntfNTF")
"""The first characters of those values: other texts skip the patterns."""
TOP_KEYS = ("archive", "posts", "facts", "synonyms")
ARCHIVE_FIELDS = ("name", "url", "description")
POST_FIELDS = ("id", "title", "date", "url", "tags", "summary", "body", "quotes")
QUOTE_FIELDS = ("text", "source", "source_url")
FACT_FIELDS = ("id", "questions", "answer", "post", "quote", "date", "tags")


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL with a host, or None if it is."""
    if _SPACE_OR_CONTROL.search(url):
        return "a URL may not contain spaces or control characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port
    except ValueError as err:
        return f"not a valid URL ({err})"
    if parts.scheme.lower() not in ("http", "https"):
        return "expected an absolute http:// or https:// URL"
    if not host:
        return "the URL has no host"
    return None


def parse_day(text: str) -> dt.date | str:
    """A `YYYY-MM-DD` date, or the reason it is not one."""
    match = _DAY.fullmatch(text)
    if match is None:
        return f"expected a date as YYYY-MM-DD, got '{text}'"
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as err:
        return f"not a real calendar date: '{text}' ({err})"


def partial_date_problem(text: str) -> str | None:
    """Why `text` is not a real `YYYY-MM-DD`, `YYYY-MM` or `YYYY` date, or None."""
    if _DAY.fullmatch(text):
        day = parse_day(text)
        return day if isinstance(day, str) else None
    if (match := _MONTH.fullmatch(text)) is not None:
        if not 1 <= int(match[2]) <= 12:
            return f"not a real calendar date: '{text}' (month must be in 1..12)"
        if int(match[1]) < 1:
            return f"not a real calendar date: '{text}' (year must be at least 0001)"
        return None
    if _YEAR.fullmatch(text):
        return None if int(text) >= 1 else f"not a real calendar date: '{text}'"
    return f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got '{text}'"


def first_day(text: str) -> str:
    """The first day of a valid `YYYY-MM-DD`, `YYYY-MM` or `YYYY` date, as `YYYY-MM-DD`
    (ISO dates of four-digit years compare as text in date order)."""
    return text + "-01-01"[len(text) - 4 :]


def event_warning(event: str | None, post_id: str, post_date: dt.date) -> str | None:
    """The warning for a fact whose event date is after its post's date, or None."""
    if event is None or first_day(event) <= post_date.isoformat():
        return None
    return (
        f"the event date {event} is after the date of its post '{post_id}' "
        f"({post_date.isoformat()}); fine for an event the post announces, otherwise check "
        "the date"
    )


class _Checker:
    """Collects the records and problems of one file."""

    def __init__(self, path: str, source: bytes = b"") -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.error_count = 0
        """Errors so far (not warnings): an entry with new errors builds no model."""
        self.source = source
        self._lines: list[str] | None = None

    def error(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, field, message))
        self.error_count += 1

    def warn(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, field, message, "warning"))

    def _quoted_on_line(self, text: str, line: int) -> bool:
        """Whether `text` appears in quotes on its line (then it is text on purpose)."""
        if self._lines is None:
            self._lines = self.source.decode("utf-8", "replace").splitlines()
        source = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        return re.search(rf"(['\"]){re.escape(text)}\1", source) is not None

    def prose(self, value: YScalar, field: str, what: str) -> None:
        """Warn about `title: 12`: a plain value YAML would read as a number, not as text."""
        text = value.text.strip()
        if len(text) > 40:
            return
        for pattern, kind in _NOT_TEXT:
            if pattern.fullmatch(text) and not self._quoted_on_line(text, value.line):
                self.warn(
                    value.line,
                    field,
                    f"{text} is {kind} in YAML, not text; it is read as the text '{text}': if "
                    f'that is the {what} you mean, put it in quotes ("{text}"), otherwise '
                    f"write the {what}",
                )
                return

    def mapping(self, node: YNode, field: str, what: str) -> YMap | None:
        if isinstance(node, YMap):
            return node
        self.error(
            node.line, field, f"expected {what} (a mapping of fields), got {kind_name(node)}"
        )
        return None

    def sequence(self, node: YNode, field: str, what: str) -> list[YNode]:
        """The items of a list field; an empty plain value counts as an empty list."""
        if isinstance(node, YSeq):
            return node.items
        if isinstance(node, YScalar) and not node.text.strip():
            return []
        self.error(node.line, field, f"expected a list of {what}, got {kind_name(node)}")
        return []

    def known_keys(self, node: YMap, allowed: tuple[str, ...], prefix: str) -> None:
        for key in node.items:
            if key in allowed:
                continue
            field = f"{prefix}.{key}" if prefix else key
            if key == "<<":
                message = "merge keys (<<) are not supported; repeat the fields instead"
            else:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
                what = "top-level key" if not prefix else "field"
                message = f"unknown {what} '{key}' ({hint})"
            self.error(node.key_lines[key], field, message)

    def text(
        self, node: YMap, name: str, prefix: str, *, required: bool, what: str = ""
    ) -> str | None:
        """A text field, stripped; None when absent or empty (an error if required).

        With `what` ("title"), a bare number or true/false is warned about."""
        field = f"{prefix}.{name}"
        value = node.items.get(name)
        if value is None:
            if required:
                self.error(node.line, field, f"missing required field '{name}'")
            return None
        if not isinstance(value, YScalar):
            self.error(value.line, field, f"expected text, got {kind_name(value)}")
            return None
        text = value.text.strip()
        if not text:
            if required:
                self.error(value.line, field, f"'{name}' may not be empty")
            return None
        if DRAFT_MARKER in text:
            self.draft_left(value.line, field)
            return None
        if what and text[0] in _MAYBE_NOT_TEXT:
            self.prose(value, field, what)
        return text

    def draft_left(self, line: int, field: str) -> None:
        self.error(line, field, f"still holds the draft marker {DRAFT_MARKER}: write the real text")

    def texts(
        self, node: YMap, name: str, prefix: str, *, required: bool, what: str = ""
    ) -> tuple[str, ...]:
        """A list-of-text field; a plain string counts as a list of one."""
        field = f"{prefix}.{name}"
        value = node.items.get(name)
        if value is None:
            if required:
                self.error(node.line, field, f"missing required field '{name}'")
            return ()
        if isinstance(value, YScalar):
            items: list[YNode] = [value] if value.text.strip() else []
        elif isinstance(value, YSeq):
            items = value.items
        else:
            self.error(
                value.line, field, f"expected text or a list of text, got {kind_name(value)}"
            )
            return ()
        out: list[str] = []
        for i, item in enumerate(items):
            item_field = f"{field}[{i}]" if isinstance(value, YSeq) else field
            if not isinstance(item, YScalar):
                self.error(item.line, item_field, f"expected text, got {kind_name(item)}")
            elif not (text := item.text.strip()):
                self.error(item.line, item_field, "empty item")
            elif DRAFT_MARKER in text:
                self.draft_left(item.line, item_field)
            else:
                out.append(text)
                if what and text[0] in _MAYBE_NOT_TEXT:
                    self.prose(item, item_field, what)
        if required and not items:
            self.error(value.line, field, f"'{name}' may not be empty")
        return tuple(out)

    def slug(self, node: YMap, prefix: str) -> tuple[str | None, int]:
        """The entry's `id` and its line; an error unless it is a slug."""
        text = self.text(node, "id", prefix, required=True)
        line = node.items["id"].line if "id" in node.items else node.line
        if text is not None and SLUG.fullmatch(text) is None:
            self.error(
                line,
                f"{prefix}.id",
                f"'{text}' is not a valid id: use lowercase letters, digits and '-', "
                "starting with a letter or digit",
            )
        return text, line

    def url(self, node: YMap, name: str, prefix: str, *, required: bool) -> str | None:
        text = self.text(node, name, prefix, required=required)
        if text is not None and (why := url_problem(text)) is not None:
            self.error(node.items[name].line, f"{prefix}.{name}", f"{why}: '{text}'")
            return None
        return text


_PostTexts = tuple[tuple[str, ...], tuple[str | None, ...], bool]
"""A post's texts (its body, then its quotes), its quotes' sources, and whether it has a body."""


class _FileBuilder(_Checker):
    def __init__(self, path: str, source: bytes = b"") -> None:
        super().__init__(path, source)
        self.archive: Archive | None = None
        self.archive_line = 0
        self.posts: list[Post] = []
        self.post_refs: list[PostRef] = []
        self.post_texts: dict[str, tuple[_PostTexts, dt.date | None]] = {}
        """First post of each id: its texts, and its date when the post is valid."""
        self.facts: list[Fact] = []
        self.fact_refs: list[FactRef] = []
        self.synonyms: list[tuple[str, ...]] = []
        self.title_keys = array("Q")
        self.question_keys = array("Q")
        self.question_counts = array("I")

    def read_archive(self, node: YNode) -> None:
        entry = self.mapping(node, "archive", "the archive")
        if entry is None:
            return
        self.known_keys(entry, ARCHIVE_FIELDS, "archive")
        before = self.error_count
        name = self.text(entry, "name", "archive", required=True, what="name")
        url = self.url(entry, "url", "archive", required=True)
        description = self.text(entry, "description", "archive", required=False, what="description")
        self.archive_line = entry.line
        if self.error_count == before and name is not None and url is not None:
            self.archive = Archive(name, url, description)

    def read_quote(self, node: YNode, prefix: str) -> Quote | None:
        entry = self.mapping(node, prefix, "a quote")
        if entry is None:
            return None
        self.known_keys(entry, QUOTE_FIELDS, prefix)
        text = self.text(entry, "text", prefix, required=True, what="quoted text")
        source = self.text(entry, "source", prefix, required=False, what="source")
        source_url = self.url(entry, "source_url", prefix, required=False)
        return None if text is None else Quote(text, source, source_url)

    def read_post(self, node: YNode, index: int) -> None:
        prefix = f"posts[{index}]"
        entry = self.mapping(node, prefix, "a post")
        if entry is None:
            return
        before = self.error_count
        self.known_keys(entry, POST_FIELDS, prefix)
        post_id, id_line = self.slug(entry, prefix)
        title = self.text(entry, "title", prefix, required=True, what="title")
        date_text = self.text(entry, "date", prefix, required=True)
        date: dt.date | None = None
        if date_text is not None:
            parsed = parse_day(date_text)
            if isinstance(parsed, str):
                self.error(entry.items["date"].line, f"{prefix}.date", parsed)
            else:
                date = parsed
        url = self.url(entry, "url", prefix, required=True)
        tags = self.texts(entry, "tags", prefix, required=False)
        summary = self.text(entry, "summary", prefix, required=False, what="summary")
        body = self.text(entry, "body", prefix, required=False, what="body")
        quotes: list[Quote] = []
        if "quotes" in entry.items:
            items = self.sequence(entry.items["quotes"], f"{prefix}.quotes", "quotes")
            for i, item in enumerate(items):
                quote = self.read_quote(item, f"{prefix}.quotes[{i}]")
                if quote is not None:
                    quotes.append(quote)
        if post_id is None:
            return
        valid = self.error_count == before
        position = -1
        if valid and title is not None and date is not None and url is not None:
            position = len(self.posts)
            post = Post(
                post_id, title, date, url, tags, summary, body, tuple(quotes), self.path, entry.line
            )
            self.posts.append(post)
            self.title_keys.append(loose_hash(title))
        self.post_refs.append((post_id, id_line, index, position))
        if post_id not in self.post_texts:
            # Kept for an invalid post too, so its facts' quotes are still checked.
            texts = [body] if body else []
            texts.extend(q.text for q in quotes)
            sources = tuple(q.source for q in quotes)
            self.post_texts[post_id] = (
                (tuple(texts), sources, bool(body)),
                date if position >= 0 else None,
            )

    def read_fact(self, node: YNode, index: int) -> None:
        prefix = f"facts[{index}]"
        entry = self.mapping(node, prefix, "a fact")
        if entry is None:
            return
        before = self.error_count
        self.known_keys(entry, FACT_FIELDS, prefix)
        fact_id, id_line = self.slug(entry, prefix)
        questions = self.texts(entry, "questions", prefix, required=True, what="question")
        if 0 < len(questions) < MIN_QUESTIONS:
            count = len(questions)
            self.warn(
                entry.key_lines["questions"],
                f"{prefix}.questions",
                f"only {count} question{'s' if count != 1 else ''}; write at least "
                f"{MIN_QUESTIONS} ways a reader would ask, so that more questions find this fact",
            )
        answer = self.text(entry, "answer", prefix, required=True, what="answer")
        if answer is not None and len(answer) > MAX_ANSWER:
            self.error(
                entry.items["answer"].line,
                f"{prefix}.answer",
                f"the answer is {len(answer)} characters long; at most {MAX_ANSWER} allowed",
            )
        post = self.text(entry, "post", prefix, required=True)
        quote = self.text(entry, "quote", prefix, required=True, what="quote")
        date = self.text(entry, "date", prefix, required=False)
        event = None
        date_line = entry.items["date"].line if "date" in entry.items else entry.line
        if date is not None:
            if (why := partial_date_problem(date)) is not None:
                self.error(date_line, f"{prefix}.date", why)
            else:
                event = date
        tags = self.texts(entry, "tags", prefix, required=False)
        if fact_id is None:
            return
        if self.error_count == before and post is not None and quote is not None and answer:
            self.facts.append(
                Fact(fact_id, questions, answer, post, quote, date, tags, self.path, entry.line)
            )
            distinct = dict.fromkeys(loose_hash(q) for q in questions)
            self.question_keys.extend(distinct)
            self.question_counts.append(len(distinct))
        post_line = entry.items["post"].line if "post" in entry.items else entry.line
        quote_line = entry.items["quote"].line if "quote" in entry.items else entry.line
        self.fact_refs.append(
            (
                fact_id,
                id_line,
                index,
                post,
                post_line,
                None if quote is None else normalize_quote(quote),
                quote_line,
                LOCAL_ELSEWHERE,
                event,
                date_line,
            )
        )

    def read_synonyms(self, node: YNode) -> None:
        for i, group in enumerate(self.sequence(node, "synonyms", "synonym groups")):
            field = f"synonyms[{i}]"
            if not isinstance(group, YSeq):
                self.error(group.line, field, f"expected a list of words, got {kind_name(group)}")
                continue
            words: list[str] = []
            for j, item in enumerate(group.items):
                if not isinstance(item, YScalar) or not item.text.strip():
                    what = kind_name(item) if not isinstance(item, YScalar) else "empty text"
                    self.error(item.line, f"{field}[{j}]", f"expected a word or phrase, got {what}")
                else:
                    words.append(item.text.strip())
            if len(group.items) < 2:
                self.error(group.line, field, "a synonym group needs at least two entries")
            elif len(words) == len(group.items):
                self.synonyms.append(tuple(words))

    def check_local(self) -> None:
        """Check each fact's quote, and its event date, against a post of the same file.

        A fact citing an invalid post of this file still has its quote checked
        here (every error of a file in one pass); the folder-wide check skips it.
        """
        refs = self.fact_refs
        for i, ref in enumerate(refs):
            post, quote = ref[3], ref[5]
            if post is None or post not in self.post_texts:
                continue
            (texts, sources, has_body), date = self.post_texts[post]
            local = LOCAL_SKIP if date is None else LOCAL_FOUND
            if quote is not None and not any(contains_quote(quote, t) for t in texts):
                if date is None:
                    labels = text_labels(list(sources), has_body)
                    pairs = list(zip(labels, map(normalize_quote, texts), strict=True))
                    self.error(ref[6], f"facts[{ref[2]}].quote", quote_message(quote, post, pairs))
                else:
                    local = LOCAL_MISSING
            if date is not None and (late := event_warning(ref[8], post, date)) is not None:
                self.warn(ref[9], f"facts[{ref[2]}].date", late)
            refs[i] = (*ref[:7], local, *ref[8:])

    def read(self, root: YNode | None) -> None:
        if root is None or (isinstance(root, YScalar) and not root.text.strip()):
            return
        if not isinstance(root, YMap):
            self.error(
                root.line,
                "-",
                f"expected a mapping with {', '.join(TOP_KEYS[:3])} at the top level, "
                f"got {kind_name(root)}",
            )
            return
        self.known_keys(root, TOP_KEYS, "")
        items = root.items
        if "archive" in items:
            self.read_archive(items["archive"])
        if "posts" in items:
            for i, node in enumerate(self.sequence(items["posts"], "posts", "posts")):
                self.read_post(node, i)
        if "facts" in items:
            for i, node in enumerate(self.sequence(items["facts"], "facts", "facts")):
                self.read_fact(node, i)
        if "synonyms" in items:
            self.read_synonyms(items["synonyms"])
        self.check_local()

    def result(self) -> FileResult:
        return FileResult(
            self.path,
            archive=self.archive,
            archive_line=self.archive_line,
            posts=tuple(self.posts),
            facts=tuple(self.facts),
            synonyms=tuple(self.synonyms),
            post_refs=tuple(self.post_refs),
            fact_refs=tuple(self.fact_refs),
            problems=tuple(self.problems),
            title_keys=self.title_keys.tobytes(),
            question_keys=self.question_keys.tobytes(),
            question_counts=self.question_counts.tobytes(),
        )


def check_file(path: str, data: bytes, *, max_depth: int, max_file_bytes: int) -> FileResult:
    """Read and validate one file's bytes; never raises for bad content."""
    builder = _FileBuilder(path, data)
    if len(data) > max_file_bytes:
        builder.error(1, "-", f"file is larger than the {max_file_bytes}-byte limit")
        return builder.result()
    try:
        read = read_recovering(data, max_depth=max_depth, max_bytes=max_file_bytes)
    except YamlError as err:
        builder.error(err.line, err.field, err.message)
        return builder.result()
    for problem in read.problems:
        builder.error(problem.line, problem.field, problem.message)
    document = read.document
    if document is None:
        return builder.result()
    for issue in document.issues:
        builder.error(issue.line, issue.field, issue.message)
    # After a syntax error, the records come from the mended text: each mend keeps the
    # line's words, so their errors and warnings are the file's own.
    builder.read(document.root)
    if document.issues or read.problems:
        # A tag, a duplicate key or a syntax error makes the file invalid even if its
        # records look fine; report everything in line order.
        builder.problems.sort(key=lambda p: p.line)
    return builder.result()
