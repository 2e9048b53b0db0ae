"""`archive-bot import SOURCE --out DIR`: the argparse wiring and what it prints.

Exit 0 when the import is done (warnings allowed), 1 when the source is bad
(nothing written), 2 on a usage error (a missing file, a bad option).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import exitcodes
from bot.importer.errors import ImportFailure, UsageProblem
from bot.importer.limits import DEFAULT_TIMEOUT, Limits

if TYPE_CHECKING:
    from bot.importer.pipeline import Report
    from bot.settings import Settings

_SIZE = re.compile(r"([0-9]+)\s*([kmg]?)i?b?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(text: str) -> int:
    """A byte count such as `1048576`, `200M` or `2G` (K, M, G are powers of 1024)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or int(match[1]) < 1:
        raise argparse.ArgumentTypeError(f"expected a size such as 100M or 2G, got '{text}'")
    return int(match[1]) * _UNITS[match[2].lower()]


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got '{text}'")
    return value


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `import` subcommand to the `archive-bot` parser."""
    parser = commands.add_parser(
        "import",
        help="import a blog's RSS/Atom feed or WordPress export into a knowledge folder",
        description=(
            "Write one YAML file per post into DIR (created if missing). Re-importing "
            "updates changed posts and never overwrites files the importer did not write. "
            "Exit 0 done, 1 bad input (nothing written), 2 usage error."
        ),
    )
    parser.add_argument("source", metavar="SOURCE", help="a file path or an http(s) URL")
    parser.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="the knowledge folder to write"
    )
    parser.add_argument(
        "--max-bytes",
        type=parse_size,
        metavar="SIZE",
        help="largest source to read, e.g. 200M (default: IMPORT_MAX_BYTES, 100M)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a download after this long (default {DEFAULT_TIMEOUT:g})",
    )


def run(
    args: argparse.Namespace,
    settings: Settings,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the import the arguments describe and print what it did."""
    # Imported here: feedparser and lxml cost the other subcommands' start-up nothing.
    from bot.importer.pipeline import run_import
    from bot.importer.progress import Progress

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    limits = Limits(
        max_bytes=args.max_bytes or settings.import_max_bytes,
        timeout=args.timeout,
        max_file_bytes=settings.max_file_bytes,
        max_depth=settings.max_depth,
    )
    try:
        report = run_import(args.source, args.out, limits, Progress(stderr))
    except UsageProblem as err:
        print(f"error: {err}", file=stderr)
        return exitcodes.USAGE
    except ImportFailure as err:
        print(f"error: {args.source}: {err}; nothing was written", file=stderr)
        return exitcodes.FAILURE
    print_report(report, args.out, stdout=stdout, stderr=stderr)
    return exitcodes.OK


def print_report(report: Report, out: Path, *, stdout: TextIO, stderr: TextIO) -> None:
    """Each file added, changed or removed on stdout, then a summary; warnings on stderr."""
    plan = report.plan
    for note in report.notes:
        print(f"note: {note}", file=stderr)
    for skipped in report.skipped:
        print(f"warning: {skipped}", file=stderr)
    for kept in plan.kept:
        print(f"warning: {kept}", file=stderr)
    listed = (("added", plan.added), ("changed", plan.changed), ("removed", plan.removed))
    for verb, paths in listed:
        for path in paths:
            print(f"{verb} {path}", file=stdout)
    if report.left_out:
        counts = ", ".join(f"{n} {what}" for what, n in sorted(report.left_out.items()))
        print(f"not imported: {counts}", file=stdout)
    summary = (
        f"{report.kind}: {report.posts} post{'s' if report.posts != 1 else ''} into {out}: "
        f"{len(plan.added)} added, {len(plan.changed)} changed, {plan.unchanged} unchanged"
    )
    if plan.removed:
        summary += f", {len(plan.removed)} removed"
    if report.skipped:
        summary += f", {len(report.skipped)} skipped"
    if plan.kept:
        summary += f", {len(plan.kept)} not overwritten"
    print(summary, file=stdout)
