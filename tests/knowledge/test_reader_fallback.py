"""The reader gives the same results with PyYAML's pure-Python parser (no libyaml)."""

from __future__ import annotations

import pytest
import yaml

import bot.knowledge.yamlread as yamlread
from bot.knowledge.yamlread import YamlError, YMap, YScalar, read_yaml

from .conftest import Loader, Writer
from .helpers import VALID
from .test_reader import billion_laughs


@pytest.fixture(autouse=True)
def pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use yaml.BaseLoader instead of libyaml's CBaseLoader."""
    monkeypatch.setattr(yamlread, "_Loader", yaml.BaseLoader)


def test_valid_file_loads(write: Writer, load: Loader) -> None:
    """The valid example loads with the same post and fact."""
    write("a.yaml", VALID)
    result = load()
    assert result.ok
    assert result.knowledge is not None
    assert result.knowledge.facts[0].line == 17


def test_scalars_stay_text() -> None:
    """No implicit typing with the pure-Python parser either."""
    doc = read_yaml(b"a: NO\nb: 2023\n")
    assert isinstance(doc.root, YMap)
    assert [v.text for v in doc.root.items.values() if isinstance(v, YScalar)] == ["NO", "2023"]


def test_deep_flow_nesting() -> None:
    """A 100,000-deep `[[[[...` input stops at the depth limit."""
    with pytest.raises(YamlError, match="nesting deeper than 32 levels"):
        read_yaml(b"[" * 100_000 + b"]" * 100_000)


def test_alias_bomb() -> None:
    """The billion-laughs input is rejected."""
    with pytest.raises(YamlError, match="alias expansion too large"):
        read_yaml(billion_laughs().encode())


def test_syntax_error_is_located() -> None:
    """A syntax error carries its line and a cleaned message."""
    with pytest.raises(YamlError) as caught:
        read_yaml(b"posts:\n  - id: a\n   title: b\n")
    assert caught.value.line == 3
    assert caught.value.message.startswith("YAML syntax error")


def test_control_character() -> None:
    """A forbidden control character is a located error."""
    with pytest.raises(YamlError) as caught:
        read_yaml(b"a: b\nc: d\x01\n")
    assert caught.value.line == 2


def test_tab_hint_names_the_key(write: Writer, load: Loader) -> None:
    """The pure-Python parser's different wording gets the same field and hint."""
    write("a.yaml", VALID.replace("    title: South", "\ttitle: South"))
    (error,) = load().errors
    assert (error.line, error.field) == (6, "posts[0].title")
    assert "spaces" in error.message
