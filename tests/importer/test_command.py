"""The `import` subcommand's surface: options, usage errors, the progress bar."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import importing as command
from bot.cli.main import build_parser
from bot.settings import Settings

from . import samples
from .conftest import SAMPLE_FEED, Cli

ROOT = Path(__file__).resolve().parents[2]


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run_command(argv: list[str], stderr: io.StringIO) -> tuple[int, str]:
    args = build_parser().parse_args(argv)
    stdout = io.StringIO()
    code = command.run(args, Settings(), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue()


def test_out_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --out, argparse exits 2 and says what is missing."""
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["import", "feed.xml"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: --out" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--max-bytes", "lots", "expected a size such as 100M or 2G, got 'lots'"),
        ("--max-bytes", "0", "expected a size such as 100M or 2G, got '0'"),
        ("--timeout", "-1", "expected a number of seconds above 0, got '-1'"),
        ("--timeout", "soon", "expected a number of seconds above 0, got 'soon'"),
    ],
)
def test_bad_option_values_are_usage_errors(
    capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    """A size or a timeout that makes no sense exits 2 with what was expected."""
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["import", "feed.xml", "--out", "kb", option, value])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1048576), ("200M", 200 * 1024**2), ("2g", 2 * 1024**3), ("64KiB", 65536)],
)
def test_sizes(text: str, size: int) -> None:
    """Sizes are bytes, or K, M, G (powers of 1024), with an optional 'B' or 'iB'."""
    assert command.parse_size(text) == size


def test_import_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    """`archive-bot --help` lists the import subcommand with its description."""
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    assert "import a blog's RSS/Atom feed or WordPress export" in capsys.readouterr().out


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """A long import on a terminal draws a bar on stderr, ending on a fresh line."""
    source = tmp_path / "feed.xml"
    source.write_bytes(samples.make_rss(250))
    stderr = Terminal()
    code, _ = run_command(["import", str(source), "--out", str(tmp_path / "kb")], stderr)
    assert code == 0
    drawn = stderr.getvalue()
    assert "\rreading [" in drawn
    assert "] 250/250" in drawn
    assert "\rwriting [" in drawn
    assert drawn.endswith("\n")


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    """Redirected to a file, stderr gets no bar at all."""
    source = tmp_path / "feed.xml"
    source.write_bytes(samples.make_rss(250))
    stderr = io.StringIO()
    code, _ = run_command(["import", str(source), "--out", str(tmp_path / "kb")], stderr)
    assert code == 0
    assert stderr.getvalue() == ""


def test_no_progress_bar_for_a_short_import(tmp_path: Path) -> None:
    """A 60-post import finishes too soon for a bar, even on a terminal."""
    stderr = Terminal()
    run_command(["import", str(SAMPLE_FEED), "--out", str(tmp_path / "kb")], stderr)
    assert "\r" not in stderr.getvalue()


def test_exit_codes_through_main(cli: Cli, out: Path, tmp_path: Path) -> None:
    """`main` returns 0 for a good import, 1 for bad input, 2 for a missing file."""
    bad = tmp_path / "bad.xml"
    bad.write_text("<rss><channel>", encoding="utf-8")
    assert cli("import", SAMPLE_FEED, "--out", out).code == 0
    assert cli("import", bad, "--out", out).code == 1
    assert cli("import", tmp_path / "absent.xml", "--out", out).code == 2


def test_other_subcommands_do_not_load_the_importers_libraries() -> None:
    """`bot.cli` starts without feedparser or lxml; the importer itself never loads discord."""
    code = (
        "import sys, bot.cli; heavy = {'feedparser', 'lxml', 'defusedxml'} & set(sys.modules); "
        "import bot.importer.pipeline; print(sorted(heavy), 'discord' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.split() == ["[]", "False"]
