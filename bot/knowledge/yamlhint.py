"""Explain a YAML syntax error to a curator, and read on past it.

The parser's own words ("did not find expected '-' indicator") and its
position (often the line after the mistake, inside the previous field) are
turned into the field the curator was writing, found by indentation from the
keys read so far, and a hint: tabs, indentation, a value holding ": ", an
unclosed quote or list.

Where the intent is clear, the explanation also mends the line (re-indent it,
quote its value, close its quote or list) without touching its words, and
reading goes on, so the file's other errors are reported in the same pass.
Where it is not, reading stops there, as the parser did: no error is made up.
Mends keep the line count, so every line number stays right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.yamlread import (
    KeyAt,
    YamlDocument,
    YamlError,
    YamlSyntaxError,
    read_keys,
    read_yaml,
)

MAX_SYNTAX_ERRORS = 20
"""A file's syntax errors reported in one pass, at most."""
MAX_REREAD_BYTES = 64 * 1024 * 1024
"""Re-reading stops once this many bytes were read again (a huge file re-reads less)."""

_KEY_LINE = re.compile(
    r"(?P<indent>[ \t]*)(?P<dashes>(?:-[ \t]+)*)"
    r"(?P<key>[^\s#'\"\[\]{},&*!|>%@`:?][^\t#]*?)[ \t]*:(?:[ \t]+|$)"
)
"""`  - key: value`: the indentation, list dashes and a plain key."""
_FIRST_WORD = re.compile(r"(?P<indent>[ \t]*)(?P<dashes>(?:-[ \t]+)*)(?P<key>[A-Za-z_][\w-]*)")
_PREVIEW = 30


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """One explained syntax error, with the text mended to read on (None: stop here)."""

    line: int
    field: str
    message: str
    mended: bytes | None = None


@dataclass(frozen=True, slots=True)
class RecoveredRead:
    """The document read from the mended text (None if reading stopped at an error)."""

    document: YamlDocument | None
    problems: tuple[SyntaxProblem, ...]


def read_recovering(data: bytes, *, max_depth: int, max_bytes: int) -> RecoveredRead:
    """Read `data`; past each syntax error, explain it and read the mended text again.

    Raises YamlError, as `read_yaml` does, for a first error that is not a
    syntax error (a limit, binary data).
    """
    problems: list[SyntaxProblem] = []
    current = data
    budget = MAX_REREAD_BYTES
    while True:
        try:
            document = read_yaml(current, max_depth=max_depth, max_bytes=max_bytes)
        except YamlSyntaxError as err:
            found = explain(current, err, max_depth=max_depth, max_bytes=max_bytes)
        except YamlError as err:
            if not problems:
                raise
            # Met only in the mended text: report it (it is in the original too) and stop.
            problems.append(SyntaxProblem(err.line, err.field, err.message))
            break
        else:
            return RecoveredRead(document, tuple(problems))
        if problems and found.line <= problems[-1].line:
            break  # the mend did not get past that line: its first explanation stands
        problems.append(found)
        budget -= len(current)
        if found.mended is None or len(problems) >= MAX_SYNTAX_ERRORS or budget < len(current):
            break
        current = found.mended
    return RecoveredRead(None, tuple(problems))


@dataclass(frozen=True, slots=True)
class _Line:
    """The line a syntax error is about, split into indentation, dashes and key."""

    number: int
    text: str
    """Without its line break."""
    indent: str
    dashes: str
    key: str | None
    value_start: int
    """Column where the value starts (the end of `key: `), or 0 without a key."""

    @property
    def key_column(self) -> int:
        return len(self.indent) + len(self.dashes)

    @property
    def value(self) -> str:
        """The inline value, without a trailing comment."""
        rest = self.text[self.value_start :] if self.key is not None else ""
        return re.split(r"[ \t]#", rest, maxsplit=1)[0].strip()


def _split_line(lines: list[str], number: int) -> _Line:
    text = lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""
    match = _KEY_LINE.match(text)
    if match is not None:
        key = match["key"].rstrip()
        dashes = match["dashes"]
        if key.startswith("-") and not dashes:
            # `-id: x`: a list item missing the space after its dash.
            return _Line(number, text, match["indent"], "-", key[1:].lstrip(), match.end())
        return _Line(number, text, match["indent"], dashes, key, match.end())
    loose = _FIRST_WORD.match(text)
    if loose is not None:
        return _Line(number, text, loose["indent"], loose["dashes"], None, 0)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    return _Line(number, text, indent, "", None, 0)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the line belongs: its field, and the key it should line up with."""

    field: str
    sibling: KeyAt | None = None
    """The key above that the line's key is a sibling of, if any."""
    column: int | None = None
    """The column the line's key belongs in, when known (the sibling's, or 0 at the top)."""


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _next_item(parent: str) -> str:
    """`facts[1]` -> `facts[2]`: a `- key:` line starts the item after its sibling's."""
    match = re.fullmatch(r"(.*)\[([0-9]+)\]", parent)
    return f"{match[1]}[{int(match[2]) + 1}]" if match else parent


def _open_keys(keys: list[KeyAt], before: int) -> list[KeyAt]:
    """The most recent key before line `before`, then each shallower key above it."""
    chain: list[KeyAt] = []
    low = 1 << 30
    for key in reversed(keys):
        if key.line >= before:
            continue
        if key.column < low:
            chain.append(key)
            low = key.column
            if low == 0:
                break
    return chain


def _place(line: _Line, keys: list[KeyAt], fallback: str, key: str | None = None) -> _Place:
    """The field of the key on `line`, judged by its indentation against the keys above."""
    key = key if key is not None else line.key
    if key is None:
        return _Place(_entry_of(line, keys, fallback))
    for known in keys:
        if known.line == line.number and known.column == line.key_column:
            return _Place(known.path)  # the parser read this key itself
    chain = _open_keys(keys, line.number)
    if not chain:
        return _Place(key, column=0)
    if "\t" in line.indent:
        sibling = chain[0]  # a tab's width is unknown: most likely the line above's level
    else:
        sibling = min(chain, key=lambda k: abs(k.column - line.key_column))
    parent = _next_item(sibling.parent) if line.dashes else sibling.parent
    return _Place(_join(parent, key), sibling, sibling.column)


def _entry_of(line: _Line, keys: list[KeyAt], fallback: str) -> str:
    """The field of a line without a key: the reader's, or the entry the line's indentation
    puts it in when that is deeper (the reader may have closed the entry already)."""
    chain = _open_keys(keys, line.number)
    if not chain or "\t" in line.indent:
        return fallback
    column = len(line.indent) + len(line.dashes)
    entry = min(chain, key=lambda k: abs(k.column - column)).parent
    if fallback == "-" or (entry.startswith(fallback) and len(entry) > len(fallback)):
        return entry or fallback
    return fallback


def _field_without_next_item(path: str, line: _Line) -> str:
    """The reader's path names the next list item (`facts[2]`) even when no line starts one."""
    if line.dashes:
        return path
    trimmed = re.sub(r"\[[0-9]+\]$", "", path)
    return trimmed or "-"


def _quoted(value: str) -> str:
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _preview(key: str, value: str) -> str:
    """`key: "value…"` as the hint shows it (the value cut short)."""
    short = value if len(value) <= _PREVIEW else value[:_PREVIEW].rsplit(" ", 1)[0] + "…"
    return f"{key}: {_quoted(short)}"


class _Mender:
    """Edits to one line of the file that keep the line count (None: out of the file)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def replace(self, number: int, text: str) -> bytes | None:
        if not 0 < number <= len(self.lines):
            return None
        lines = list(self.lines)
        ending = "\r" if lines[number - 1].endswith("\r") else ""
        lines[number - 1] = text + ending
        return "\n".join(lines).encode("utf-8")

    def reindent(self, line: _Line, place: _Place) -> bytes | None:
        """Move the line's key to the column it belongs in, when that is known (the lines
        below stay: if they are wrong too, they are errors of their own)."""
        if place.column is None or line.key is None:
            return None
        dashes = line.dashes if not line.dashes or line.dashes[-1].isspace() else "- "
        width = max(0, place.column - len(dashes))
        return self.replace(line.number, " " * width + dashes + line.text[line.key_column :])

    def quote_value(self, line: _Line) -> bytes | None:
        """Put the line's inline value in quotes."""
        if line.key is None or not line.value:
            return None
        start, rest = line.text[: line.value_start], line.text[line.value_start :]
        return self.replace(line.number, start + rest.replace(line.value, _quoted(line.value), 1))


def explain(data: bytes, err: YamlSyntaxError, *, max_depth: int, max_bytes: int) -> SyntaxProblem:
    """The error's line, field and a hint, and the text mended to read on."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.decode("utf-8").split("\n")
    keys = read_keys(data, max_depth=max_depth, max_bytes=max_bytes)
    mender = _Mender(lines)
    problem, context = err.problem, err.context
    at_start = any(
        word in context for word in ("quoted scalar", "flow sequence", "flow mapping", "simple key")
    )
    number = err.context_line if at_start and err.context_line else err.line
    line = _split_line(lines, number)
    problem_line = _split_line(lines, err.line)
    offending = problem_line.text[err.column : err.column + 1]
    fallback = _field_without_next_item(err.field, line)

    if "tab" in problem or offending == "\t" or "\\t" in problem:
        return _tab(line if line.number == err.line else problem_line, keys, fallback, mender)
    if "mapping values are not allowed" in problem:
        return _colon(line, err.column, keys, fallback, mender)
    if "quoted scalar" in context:
        return _quote(line, err, keys, fallback, mender)
    if "flow sequence" in context or "flow mapping" in context:
        return _flow(line, "flow sequence" in context, keys, fallback, mender)
    if "expected ':'" in problem:
        return _no_colon(line, keys, fallback)
    if "cannot start any token" in problem and offending:
        return _bad_start(problem_line, offending, keys, fallback, mender)
    if any(word in problem for word in ("indicator", "<block end>", "expected key", "not allowed")):
        return _indentation(line, keys, fallback, mender)
    return SyntaxProblem(number, _place(line, keys, fallback).field, err.message)


def _line_up(line: _Line, place: _Place) -> str:
    """`so that 'title' lines up with 'id' above it (column 5)`, or ""."""
    if place.sibling is None or line.key is None:
        return ""
    return (
        f" so that '{line.key}' lines up with '{place.sibling.key}' above it "
        f"(column {place.sibling.column + 1})"
    )


def _tab(line: _Line, keys: list[KeyAt], fallback: str, mender: _Mender) -> SyntaxProblem:
    place = _place(line, keys, fallback)
    if "\t" in line.indent:
        hint = f"replace the tab at the start of the line with spaces{_line_up(line, place)}"
        mended = mender.reindent(line, place)
    else:
        hint = "replace the tab with a space"
        mended = mender.replace(line.number, line.text.replace("\t", " "))
    return SyntaxProblem(
        line.number,
        place.field,
        f"YAML syntax error: a tab character; YAML indents with spaces only: {hint}",
        mended,
    )


def _colon(
    line: _Line, column: int, keys: list[KeyAt], fallback: str, mender: _Mender
) -> SyntaxProblem:
    if line.key is not None and column >= line.value_start and line.value:
        return SyntaxProblem(
            line.number,
            _place(line, keys, fallback).field,
            f"YAML syntax error: the value of '{line.key}' holds ': ', which YAML reads as the "
            f"start of another key; put the value in quotes: {_preview(line.key, line.value)}",
            mender.quote_value(line),
        )
    return _indentation(line, keys, fallback, mender, deeper=True)


def _indentation(
    line: _Line, keys: list[KeyAt], fallback: str, mender: _Mender, *, deeper: bool = False
) -> SyntaxProblem:
    place = _place(line, keys, fallback)
    sibling = place.sibling
    if line.dashes == "-":
        hint = "a list item needs a space after its '-': write `- key: value`"
    elif line.key is not None and sibling is not None:
        if deeper:
            detail = (
                f"'{line.key}' is indented further than '{sibling.key}' above it, so YAML reads "
                f"it as part of the value of '{sibling.key}'"
            )
        else:
            detail = (
                f"'{line.key}' starts in column {line.key_column + 1} but '{sibling.key}' above "
                f"it in column {sibling.column + 1}"
            )
        hint = (
            f"check the indentation: {detail}; the keys of one entry must line up exactly "
            f"(indent with spaces)"
        )
    elif line.dashes and line.key is None:
        hint = (
            "check the indentation: a '- ' list item cannot stand among the keys of an entry; "
            "put the list under a key of its own (`key:`, then one `- item` a line, indented)"
        )
    else:
        hint = (
            "check the indentation: the keys of one entry must line up exactly, and a list's "
            "`- ` items start under their key"
        )
    return SyntaxProblem(
        line.number, place.field, f"YAML syntax error: {hint}", mender.reindent(line, place)
    )


def _quote(
    line: _Line, err: YamlSyntaxError, keys: list[KeyAt], fallback: str, mender: _Mender
) -> SyntaxProblem:
    field = _place(line, keys, fallback).field
    mark = line.text[err.context_column : err.context_column + 1]
    if "end of stream" in err.problem or "end of the stream" in err.problem:
        return SyntaxProblem(
            line.number,
            field,
            f"YAML syntax error: the quote ({mark}) opened in column {err.context_column + 1} "
            f"is never closed, so the rest of the file became part of the value; add the "
            f"closing quote at the end of the value",
            mender.replace(line.number, line.text.rstrip() + mark) if mark in "'\"" else None,
        )
    if "escape" in err.problem:
        message = (
            "YAML syntax error: inside double quotes a backslash starts an escape such as \\n; "
            "write \\\\ for a backslash, or use single quotes"
        )
    else:
        message = f"YAML syntax error: {err.problem} in a quoted value"
    return SyntaxProblem(line.number, field, message)


def _flow(
    line: _Line, is_list: bool, keys: list[KeyAt], fallback: str, mender: _Mender
) -> SyntaxProblem:
    opener, closer = ("[", "]") if is_list else ("{", "}")
    what = "list" if is_list else "mapping"
    hint = (
        f"the {what} opened with '{opener}' on this line is not closed: end it with "
        f"'{closer}' and separate its items with ', ' (or put a text that starts with "
        f"'{opener}' in quotes)"
    )
    closes = opener in line.text and closer not in line.text
    return SyntaxProblem(
        line.number,
        _place(line, keys, fallback).field,
        f"YAML syntax error: {hint}",
        mender.replace(line.number, line.text.rstrip() + closer) if closes else None,
    )


def _no_colon(line: _Line, keys: list[KeyAt], fallback: str) -> SyntaxProblem:
    loose = _FIRST_WORD.match(line.text)
    place = _place(line, keys, fallback, key=loose["key"] if loose else None)
    return SyntaxProblem(
        line.number,
        place.field,
        "YAML syntax error: could not find the expected ':'; each line of an entry is "
        "`key: value`: add ': ' after the key (a line that continues the text above must be "
        "indented further, or the whole value put in quotes)",
    )


def _bad_start(
    line: _Line, char: str, keys: list[KeyAt], fallback: str, mender: _Mender
) -> SyntaxProblem:
    message = (
        f"YAML syntax error: a plain value cannot start with '{char}'; put the value in quotes"
    )
    if line.key is not None and line.value:
        message += f": {_preview(line.key, line.value)}"
    return SyntaxProblem(
        line.number, _place(line, keys, fallback).field, message, mender.quote_value(line)
    )
