"""SHARD_IDS and SHARD_COUNT: the forms accepted, and one plain line naming the setting when
they do not fit together."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.cli.main import main
from bot.settings import Settings, describe_errors


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def problems(**values: object) -> list[str]:
    with pytest.raises(ValidationError) as failure:
        settings(**values)
    return describe_errors(failure.value)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("0-3", (0, 1, 2, 3)),
        ("0,2", (0, 2)),
        ("1", (1,)),
        (" 3, 0-1 ", (0, 1, 3)),
        ("2 0", (0, 2)),
        ("1-2,2", (1, 2)),
    ],
)
def test_shard_ids_forms(text: str, ids: tuple[int, ...]) -> None:
    """Ranges, commas and spaces all work; ids come out sorted, once each."""
    assert settings(shard_count=4, shard_ids=text).shard_ids == ids


def test_blank_shard_ids_means_every_shard() -> None:
    """`SHARD_IDS=` (as in .env.example) leaves the choice to this process: all shards."""
    assert settings(shard_count=4, shard_ids="").shard_ids is None


@pytest.mark.parametrize("count", [None, "auto"])
def test_shard_ids_need_a_numeric_shard_count(count: str | None) -> None:
    """Without a number of shards, SHARD_IDS cannot be checked: the error says what to set."""
    (line,) = problems(shard_count=count, shard_ids="1")
    assert line.startswith("SHARD_IDS: ")
    assert "SHARD_COUNT" in line
    assert "a number" in line


def test_shard_ids_must_be_below_the_count() -> None:
    """Shard 4 of 4 does not exist: the error gives the valid range."""
    (line,) = problems(shard_count=4, shard_ids="2-4")
    assert line == "SHARD_IDS: Input should be shard numbers below SHARD_COUNT (4): 0 to 3"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one", "such as 0-3 or 0,2"),
        ("-1", "such as 0-3 or 0,2"),
        ("3-1", "low to high"),
        (",", "at least one shard"),
        ("0-99999999999", "up to 65535"),
    ],
)
def test_malformed_shard_ids_are_explained(text: str, expected: str) -> None:
    """Each way of writing SHARD_IDS wrong gets one line saying what it should be."""
    (line,) = problems(shard_count=4, shard_ids=text)
    assert line.startswith("SHARD_IDS: ")
    assert expected in line


def test_shard_count_must_be_positive() -> None:
    """SHARD_COUNT=0 is refused rather than handed to discord.py."""
    assert problems(shard_count=0) == ["SHARD_COUNT: Input should be at least 1, or 'auto'"]


def test_the_command_line_names_the_bad_setting(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`archive-bot run` with SHARD_IDS but no SHARD_COUNT stops with one line, exit 2."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHARD_COUNT", raising=False)
    monkeypatch.setenv("SHARD_IDS", "0-1")
    code = main(["run"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("archive-bot: invalid setting SHARD_IDS: requires SHARD_COUNT")
    assert err.count("\n") == 1
