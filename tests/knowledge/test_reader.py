"""The safe YAML reader: plain text only, located errors, hostile files fail fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.yamlread import YamlError, YMap, YScalar, YSeq, read_yaml

from .conftest import Loader, Writer
from .helpers import VALID, only_error, variant


def test_scalars_stay_text() -> None:
    """`NO`, `2023`, `yes`, `null` and `1.5` are all read as the text written."""
    doc = read_yaml(b"a: NO\nb: 2023\nc: yes\nd: null\ne: 1.5\nf: ~\n")
    assert isinstance(doc.root, YMap)
    texts = {k: v.text for k, v in doc.root.items.items() if isinstance(v, YScalar)}
    assert texts == {"a": "NO", "b": "2023", "c": "yes", "d": "null", "e": "1.5", "f": "~"}


def test_nodes_carry_their_lines() -> None:
    """Every node knows the 1-based line it starts on."""
    doc = read_yaml(b"# comment\nposts:\n  - id: a\n    title: T\n")
    assert isinstance(doc.root, YMap)
    posts = doc.root.items["posts"]
    assert isinstance(posts, YSeq)
    entry = posts.items[0]
    assert isinstance(entry, YMap)
    assert (posts.line, entry.line, entry.items["title"].line) == (3, 3, 4)
    assert entry.key_lines == {"id": 3, "title": 4}


def test_stringly_values_load_as_strings(write: Writer, load: Loader) -> None:
    """A post titled NO and a tag 2023 load as the strings 'NO' and '2023'."""
    write(
        "a.yaml",
        variant("    tags: [GSOMIA, Japan]\n", "    tags: [NO, 2023]\n").replace(
            "title: South Korea and Japan Officially Restore Intelligence Sharing Pact", "title: NO"
        ),
    )
    knowledge = load().knowledge
    assert knowledge is not None
    assert knowledge.posts[0].title == "NO"
    assert knowledge.posts[0].tags == ("NO", "2023")


def test_python_tag_is_an_error(write: Writer, load: Loader) -> None:
    """A `!!python/object` tag is reported with file, line and field, and never run."""
    write("a.yaml", variant("    answer: South", "    answer: !!python/object:os.system South"))
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 22, "facts[0].answer")
    assert "!!python/object:os.system" in error.message


def test_local_tag_is_an_error(write: Writer, load: Loader) -> None:
    """A custom `!foo` tag on a mapping is an error at its line."""
    write("a.yaml", "archive: !foo\n  name: A\n  url: https://example.org/\n")
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 1, "archive")
    assert "!foo" in error.message


def test_standard_str_tag_is_allowed(write: Writer, load: Loader) -> None:
    """`!!str` is plain text and allowed."""
    write("a.yaml", variant("    answer: South", "    answer: !!str South"))
    assert load().ok


def test_int_tag_is_an_error(write: Writer, load: Loader) -> None:
    """`!!int` asks for typing, which the format does not have."""
    write(
        "a.yaml",
        variant("    date: 2023-03-21\n", "    date: !!int 2023\n", VALID[: VALID.index("facts:")]),
    )
    errors = load().errors
    assert any(
        (e.line, e.field) == (7, "posts[0].date") and "!!int" in e.message for e in errors
    ), errors


def test_duplicate_key_names_second_line(write: Writer, load: Loader) -> None:
    """A key repeated in one mapping is an error on the second key's line."""
    write(
        "a.yaml",
        variant(
            "    date: 2023-03-21\n    url", "    date: 2023-03-21\n    date: 2023-03-22\n    url"
        ),
    )
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 8, "posts[0].date")
    assert "duplicate key 'date'" in error.message
    assert "line 7" in error.message


def test_aliases_are_allowed(write: Writer, load: Loader) -> None:
    """An anchored tag list reused by alias loads normally."""
    text = variant("    tags: [GSOMIA, Japan]", "    tags: &t [GSOMIA, Japan]")
    text = variant(
        "    date: 2023-03-21\n",
        "    date: 2023-03-21\n    tags: *t\n",
        text[text.index("facts:") :],
    )
    write("a.yaml", VALID[: VALID.index("facts:")].replace("tags: [", "tags: &t [") + text)
    result = load()
    assert result.ok, [str(p) for p in result.errors]
    assert result.knowledge is not None
    assert result.knowledge.facts[0].tags == ("GSOMIA", "Japan")


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_an_error(write: Writer, load: Loader) -> None:
    """The billion-laughs file fails with an 'alias expansion too large' error."""
    write("bomb.yaml", billion_laughs())
    error = only_error(load())
    assert error.path == "bomb.yaml"
    assert "alias expansion too large" in error.message
    assert error.line > 1


def test_alias_bomb_direct_read_is_rejected() -> None:
    """read_yaml itself refuses the expansion with the default 16 MiB limit."""
    with pytest.raises(YamlError, match="alias expansion too large"):
        read_yaml(billion_laughs().encode())


def test_recursive_alias_is_an_error(write: Writer, load: Loader) -> None:
    """An alias to the anchor that contains it is an unknown alias, not a cycle."""
    write("a.yaml", "a: &x [1, *x]\n")
    error = only_error(load())
    assert (error.line, error.field) == (1, "a[1]")
    assert "unknown alias" in error.message


def test_deep_nesting_is_an_error(write: Writer, load: Loader) -> None:
    """Nesting deeper than max_depth is an error naming the limit."""
    write("deep.yaml", "a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 40)))
    error = only_error(load())
    assert error.path == "deep.yaml"
    assert "nesting deeper than 32 levels" in error.message


def test_very_deep_flow_nesting_does_not_crash(write: Writer, load: Loader) -> None:
    """A 100,000-deep `[[[[...` file is a clean error, not a RecursionError or crash."""
    write("deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    error = only_error(load())
    assert (error.path, error.line) == ("deep.yaml", 1)
    assert "nesting deeper than 32 levels" in error.message


def test_max_depth_is_a_setting(write: Writer, load: Loader) -> None:
    """The valid example fails with max_depth=3 (it nests five levels)."""
    write("a.yaml", VALID)
    error = load(max_depth=3).errors[0]
    assert "nesting deeper than 3 levels" in error.message


def test_huge_file_is_an_error_without_reading(write: Writer, load: Loader) -> None:
    """A file over max_file_bytes is an error naming the file and the limit."""
    write("big.yaml", "a: " + "x" * 5000 + "\n")
    error = only_error(load(max_file_bytes=1000))
    assert (error.path, error.field) == ("big.yaml", "-")
    assert "larger than the 1000-byte limit" in error.message


def test_binary_file_is_an_error(write: Writer, load: Loader) -> None:
    """A file with NUL bytes is reported as binary with the line of the first NUL."""
    write("bin.yaml", b"archive:\n  name: x\x00\x01\x02\n")
    error = only_error(load())
    assert (error.path, error.line) == ("bin.yaml", 2)
    assert "binary" in error.message


def test_invalid_utf8_is_an_error(write: Writer, load: Loader) -> None:
    """Latin-1 bytes are reported as invalid UTF-8 at their line."""
    write("latin.yaml", "archive:\n  name: caf\u00e9\n".encode("latin-1"))
    error = only_error(load())
    assert (error.path, error.line) == ("latin.yaml", 2)
    assert "UTF-8" in error.message


def test_control_character_is_an_error(write: Writer, load: Loader) -> None:
    """A control character YAML forbids is a located error, not a crash."""
    write("ctl.yaml", b"archive:\n  name: a\x01b\n")
    error = only_error(load())
    assert (error.path, error.line) == ("ctl.yaml", 2)


def test_bom_is_allowed(write: Writer, load: Loader) -> None:
    """A UTF-8 byte-order mark at the start is accepted."""
    write("a.yaml", b"\xef\xbb\xbf" + VALID.encode())
    result = load()
    assert result.ok
    assert result.knowledge is not None
    assert result.knowledge.archive.name == "Test archive"


def test_crlf_line_endings_are_allowed(write: Writer, load: Loader) -> None:
    """Windows line endings load and keep correct line numbers."""
    write(
        "a.yaml",
        variant("    answer: South", "    answer: ''\n    x: South").replace("\n", "\r\n").encode(),
    )
    errors = load().errors
    assert [(e.line, e.field) for e in errors] == [(22, "facts[0].answer"), (23, "facts[0].x")]


def test_korean_japanese_and_emoji_text(write: Writer, load: Loader) -> None:
    """Korean, Japanese and emoji text loads unchanged."""
    write(
        "a.yaml",
        variant(
            "title: South Korea and Japan Officially Restore Intelligence Sharing Pact",
            "title: 지소미아 복원 🎉 日韓GSOMIA",
        ),
    )
    knowledge = load().knowledge
    assert knowledge is not None
    assert knowledge.posts[0].title == "지소미아 복원 🎉 日韓GSOMIA"


def test_empty_file_adds_nothing(write: Writer, load: Loader) -> None:
    """An empty file is valid and adds no posts or facts."""
    write("empty.yaml", "")
    result = load()
    assert result.ok
    assert result.knowledge is not None
    assert (len(result.knowledge.posts), len(result.knowledge.facts)) == (0, 0)


def test_comments_only_file_adds_nothing(write: Writer, load: Loader) -> None:
    """A file holding only comments (and an empty document marker) is valid."""
    write("notes.yaml", "# nothing here yet\n---\n# still nothing\n")
    write("a.yaml", VALID)
    result = load()
    assert result.ok
    assert result.knowledge is not None
    assert len(result.knowledge.posts) == 1


def test_multiple_documents_are_an_error(write: Writer, load: Loader) -> None:
    """A second YAML document in one file is an error on the line it starts."""
    write("two.yaml", "posts: []\n---\nfacts: []\n")
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("two.yaml", 2, "-")
    assert "more than one YAML document" in error.message


def test_syntax_error_is_located(write: Writer, load: Loader) -> None:
    """An unclosed flow list is a syntax error with the line and nearest field."""
    write("a.yaml", variant("    tags: [GSOMIA, Japan]\n", "    tags: [GSOMIA, Japan\n"))
    error = only_error(load())
    assert error.path == "a.yaml"
    assert error.field.startswith("posts[0]")
    assert error.message.startswith("YAML syntax error:")
    assert "<byte string>" not in error.message


def test_bad_indentation_is_a_syntax_error(write: Writer, load: Loader) -> None:
    """A mis-indented key is a syntax error on its line."""
    write("a.yaml", "posts:\n  - id: a\n   title: b\n")
    (error,) = [e for e in load().errors if "YAML syntax error" in e.message]
    assert (error.path, error.line) == ("a.yaml", 3)


def test_top_level_list_is_an_error(write: Writer, load: Loader) -> None:
    """A file whose top level is a list is an error at line 1."""
    write("a.yaml", "- id: a\n")
    error = only_error(load())
    assert (error.path, error.line, error.field) == ("a.yaml", 1, "-")
    assert "mapping" in error.message


def test_non_text_key_is_an_error(write: Writer, load: Loader) -> None:
    """A list used as a mapping key is an error."""
    write("a.yaml", "? [a, b]\n: c\n")
    error = only_error(load())
    assert error.line == 1
    assert "key must be text" in error.message


def test_reader_does_not_recurse_for_deep_files(tmp_path: Path) -> None:
    """read_yaml stops at the depth limit with a YamlError (used by the loader)."""
    with pytest.raises(YamlError, match="nesting deeper than 5 levels"):
        read_yaml(b"[" * 10_000, max_depth=5)
