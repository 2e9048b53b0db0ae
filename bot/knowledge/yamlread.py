"""A safe YAML reader that keeps the line of every node.

The reader walks libyaml's event stream itself (PyYAML's pure-Python parser
when libyaml is missing) instead of using a loader, so that:

- no Python object is ever constructed from a tag, and there is no implicit
  typing: every scalar is text (`NO` stays "NO", `2023` stays "2023");
- every node carries its 1-based line, for `path:line: field: message`;
- nesting depth, alias expansion and document count are checked as the
  events arrive, with an explicit stack: a 100,000-deep `[[[[` file or a
  billion-laughs alias bomb fails fast, without recursion or a big tree.

Aliases are shared, not copied: an alias makes the anchored node appear
again in the tree. Expansion is bounded by weighing every node (one unit per
node plus its text length) and failing once the weight brought in by
aliases, added to the file's size, passes the file-size limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is a declared dependency
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_STD_PREFIX = "tag:yaml.org,2002:"


@dataclass(slots=True, eq=False)
class YScalar:
    """A scalar: always text."""

    text: str
    line: int


@dataclass(slots=True, eq=False)
class YSeq:
    """A sequence of nodes."""

    items: list[YNode]
    line: int


@dataclass(slots=True, eq=False)
class YMap:
    """A mapping with text keys, in file order; `key_lines` holds each key's line."""

    items: dict[str, YNode]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)


YNode = YScalar | YSeq | YMap


class YamlError(Exception):
    """The file cannot be read as a whole (syntax, limits, encoding)."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(f"{line}: {field}: {message}")
        self.line = line
        self.field = field
        self.message = message


class YamlSyntaxError(YamlError):
    """The YAML parser stopped: the raw parts, for `yamlhint` to explain and mend."""

    def __init__(
        self,
        line: int,
        field: str,
        message: str,
        *,
        problem: str,
        context: str,
        column: int,
        context_line: int,
        context_column: int,
    ) -> None:
        super().__init__(line, field, message)
        self.problem = problem
        self.context = context
        self.column = column
        """0-based column of the problem on `line`."""
        self.context_line = context_line
        """1-based line where the construct being read started (0 when unknown)."""
        self.context_column = context_column


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A problem that does not stop reading (a duplicate key, a tag)."""

    line: int
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """The single document of a file (`root` None when the file is empty)."""

    root: YNode | None
    issues: tuple[YamlIssue, ...]


def kind_name(node: YNode) -> str:
    """A reader-friendly name for the kind of a node."""
    if isinstance(node, YScalar):
        return "text"
    if isinstance(node, YSeq):
        return "a list"
    return "a mapping"


class _Frame:
    """An open collection while its events arrive."""

    __slots__ = ("anchor", "key", "key_line", "node", "start_weight")

    def __init__(self, node: YSeq | YMap, anchor: str | None, start_weight: int) -> None:
        self.node = node
        self.anchor = anchor
        self.start_weight = start_weight
        self.key: str | None = None
        """For a mapping: the pending key (None while waiting for one)."""
        self.key_line = 0


_NO_KEY = "\x00<not text>"
"""Stands for a mapping key that was not text; its value is read and dropped."""


def field_path(stack: list[_Frame]) -> str:
    """The dotted path of the node being read, e.g. `posts[2].quotes[0].text`."""
    out = ""
    for frame in stack:
        node = frame.node
        if isinstance(node, YSeq):
            out += f"[{len(node.items)}]"
        elif frame.key is not None and frame.key != _NO_KEY:
            out += f".{frame.key}" if out else frame.key
    return out or "-"


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_STD_PREFIX) :] if tag.startswith(_STD_PREFIX) else tag


class _Builder:
    """Turns one event stream into a tree of YNode."""

    def __init__(self, size: int, max_depth: int, max_bytes: int) -> None:
        self.size = size
        self.max_depth = max_depth
        self.max_bytes = max_bytes
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[YNode, int]] = {}
        self.weight = 0
        self.alias_weight = 0
        self.issues: list[YamlIssue] = []
        self.root: YNode | None = None
        self.documents = 0

    def issue(self, line: int, message: str, path: str | None = None) -> None:
        self.issues.append(YamlIssue(line, path or field_path(self.stack), message))

    def check_tag(self, tag: str | None, allowed: str, line: int) -> None:
        if tag is None or tag == "!" or tag == allowed:
            return
        self.issue(
            line,
            f"tag {_short_tag(tag)} is not allowed: only plain YAML text, lists and "
            "mappings are read",
        )

    def attach(self, node: YNode, line: int) -> None:
        """Add a finished node to the open collection (or make it the root)."""
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        parent = frame.node
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return
        if frame.key is None:
            if isinstance(node, YScalar):
                frame.key = node.text
            else:
                self.issue(line, f"a mapping key must be text, not {kind_name(node)}")
                frame.key = _NO_KEY
            frame.key_line = line
            return
        key = frame.key
        if key != _NO_KEY:
            if key in parent.items:
                first = parent.key_lines[key]
                self.issue(frame.key_line, f"duplicate key '{key}' (first on line {first})")
            else:
                parent.items[key] = node
                parent.key_lines[key] = frame.key_line
        frame.key = None

    def grow(self, amount: int, line: int) -> None:
        self.weight += amount
        self.alias_weight += amount
        if self.size + self.alias_weight > self.max_bytes:
            raise YamlError(
                line,
                field_path(self.stack),
                f"alias expansion too large: aliases grow the file past the "
                f"{self.max_bytes}-byte limit",
            )

    def open(self, node: YSeq | YMap, anchor: str | None, line: int) -> None:
        if len(self.stack) >= self.max_depth:
            raise YamlError(
                line, field_path(self.stack), f"nesting deeper than {self.max_depth} levels"
            )
        self.weight += 1
        self.stack.append(_Frame(node, anchor, self.weight))

    def close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (frame.node, self.weight - frame.start_weight + 1)
        self.attach(frame.node, frame.node.line)

    def run(self, get_event: Callable[[], Any]) -> None:
        """Consume the whole event stream; plain scalars take a fast inline path."""
        scalar_event: Any = yaml.ScalarEvent
        stack = self.stack
        while True:
            ev = get_event()
            if type(ev) is scalar_event and ev.tag is None and ev.anchor is None and stack:
                value = ev.value
                line = ev.start_mark.line + 1
                self.weight += len(value) + 1
                frame = stack[-1]
                parent = frame.node
                if type(parent) is YSeq:
                    parent.items.append(YScalar(value, line))
                elif frame.key is None:
                    frame.key = value
                    frame.key_line = line
                else:
                    self.attach(YScalar(value, line), line)
            elif not self.feed(ev):
                return

    def feed(self, ev: Any) -> bool:
        """Handle one event; False at the end of the stream."""
        kind = type(ev)
        if kind is yaml.ScalarEvent:
            line = ev.start_mark.line + 1
            if ev.tag is not None:
                self.check_tag(ev.tag, _STR_TAG, line)
            scalar = YScalar(ev.value, line)
            weight = len(ev.value) + 1
            self.weight += weight
            if ev.anchor is not None:
                self.anchors[ev.anchor] = (scalar, weight)
            self.attach(scalar, line)
        elif kind is yaml.MappingStartEvent:
            line = ev.start_mark.line + 1
            if ev.tag is not None:
                self.check_tag(ev.tag, _MAP_TAG, line)
            self.open(YMap({}, line), ev.anchor, line)
        elif kind is yaml.SequenceStartEvent:
            line = ev.start_mark.line + 1
            if ev.tag is not None:
                self.check_tag(ev.tag, _SEQ_TAG, line)
            self.open(YSeq([], line), ev.anchor, line)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.close()
        elif kind is yaml.AliasEvent:
            line = ev.start_mark.line + 1
            found = self.anchors.get(ev.anchor)
            if found is None:
                raise YamlError(
                    line, field_path(self.stack), f"unknown alias *{ev.anchor} (no such anchor)"
                )
            node, weight = found
            self.grow(weight, line)
            self.attach(node, line)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise YamlError(
                    ev.start_mark.line + 1,
                    "-",
                    "more than one YAML document in the file (one file, one document)",
                )
        elif kind is yaml.StreamEndEvent:
            return False
        return True


def _clean_syntax_error(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "invalid YAML").strip()
    message = f"YAML syntax error: {problem}"
    if err.context:
        where = err.context.strip()
        if err.context_mark is not None and (
            err.problem_mark is None or err.context_mark.line != err.problem_mark.line
        ):
            where += f" that started on line {err.context_mark.line + 1}"
        message += f" ({where})"
    return message


def _line_at_byte(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(0, offset)) + 1


def check_text(data: bytes) -> None:
    """Fail with a located YamlError if the bytes are binary or not UTF-8."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise YamlError(
            _line_at_byte(data, nul), "-", "binary file: contains a NUL byte, not UTF-8 text"
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise YamlError(
            _line_at_byte(data, err.start),
            "-",
            f"not valid UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})",
        ) from None


def read_yaml(
    data: bytes, *, max_depth: int = 32, max_bytes: int = 16 * 1024 * 1024
) -> YamlDocument:
    """Read one YAML document from `data` into YNodes; raise YamlError if it cannot be read."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    check_text(data)
    builder = _Builder(len(data), max_depth, max_bytes)
    loader: Any = None
    try:
        loader = _Loader(data)
        builder.run(loader.get_event)
    except yaml.reader.ReaderError as err:
        line = _line_at_byte(data, err.position)
        raise YamlError(line, field_path(builder.stack), f"unreadable text: {err.reason}") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        if "maximum nesting depth" in (err.problem or ""):
            # libyaml's own (larger) limit, met while its scanner reads ahead.
            message = f"nesting deeper than {max_depth} levels"
            raise YamlError(line, field_path(builder.stack), message) from None
        context = err.context_mark
        raise YamlSyntaxError(
            line,
            field_path(builder.stack),
            _clean_syntax_error(err),
            problem=(err.problem or "").strip(),
            context=(err.context or "").strip(),
            column=mark.column if mark is not None else 0,
            context_line=context.line + 1 if context is not None else 0,
            context_column=context.column if context is not None else 0,
        ) from None
    except yaml.YAMLError as err:
        raise YamlError(1, field_path(builder.stack), f"YAML error: {err}") from None
    except RecursionError:  # pragma: no cover - the reader does not recurse
        raise YamlError(1, "-", f"nesting deeper than {max_depth} levels") from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDocument(builder.root, tuple(builder.issues))


@dataclass(frozen=True, slots=True)
class KeyAt:
    """Where a mapping key was read: for locating a later syntax error by indentation."""

    line: int
    column: int
    """0-based."""
    parent: str
    """Dotted path of the mapping holding the key ("" at the top level)."""
    key: str

    @property
    def path(self) -> str:
        return f"{self.parent}.{self.key}" if self.parent else self.key


def read_keys(
    data: bytes, *, max_depth: int = 32, max_bytes: int = 16 * 1024 * 1024
) -> list[KeyAt]:
    """Every mapping key read before the first error (slow; only to explain an error)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    builder = _Builder(len(data), max_depth, max_bytes)
    keys: list[KeyAt] = []
    loader: Any = None
    try:
        loader = _Loader(data)
        while True:
            ev = loader.get_event()
            stack = builder.stack
            if (
                type(ev) is yaml.ScalarEvent
                and stack
                and isinstance(stack[-1].node, YMap)
                and stack[-1].key is None
            ):
                parent = field_path(stack)
                mark: Any = ev.start_mark
                keys.append(
                    KeyAt(mark.line + 1, mark.column, "" if parent == "-" else parent, ev.value)
                )
            if not builder.feed(ev):
                break
    except (yaml.YAMLError, YamlError, RecursionError):
        pass
    finally:
        if loader is not None:
            loader.dispose()
    return keys
