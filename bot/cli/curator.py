"""`archive-bot report` and `archive-bot misses`: the curator's command line.

`add_commands(subparsers)` adds both to the main parser; `run(args, settings)`
runs the one chosen. Heavy imports (matplotlib, the knowledge loader) wait until
a command runs, so the rest of the command line starts as fast as before.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import exitcodes
from bot.storage.base import StorageError

if TYPE_CHECKING:
    from bot.knowledge import Knowledge
    from bot.settings import Settings
    from bot.storage.curator import MissGroup, Period, Stats

COMMANDS = frozenset({"report", "misses"})
DEFAULT_DAYS = 30


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if not 1 <= value <= 3660:
        raise argparse.ArgumentTypeError("expected 1 to 3660 days")
    return value


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `report` and `misses` to the main parser's subcommands."""
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"the last N days, today included (default {DEFAULT_DAYS})",
    )
    shared.add_argument(
        "--knowledge",
        type=Path,
        metavar="DIR",
        help="knowledge folder, for fact ids and posts (default: KNOWLEDGE_DIR or the bundled one)",
    )
    report = commands.add_parser(
        "report",
        parents=[shared],
        help="figures of the questions asked: answered rate, tiers, top facts and misses",
        description="Print the figures of the last N days; with --html, also write a page "
        "with charts that opens offline.",
    )
    report.add_argument("--html", type=Path, metavar="FILE", help="also write an HTML report")
    misses = commands.add_parser(
        "misses",
        parents=[shared],
        help="questions the bot missed, grouped by wording; --draft writes draft facts",
        description="List unanswered and thumbs-down questions of the last N days, biggest "
        "groups first. With --draft, write a draft fact per group for the curator to finish.",
    )
    misses.add_argument("--draft", type=Path, metavar="FILE.yaml", help="write draft facts here")
    misses.add_argument(
        "--limit", type=int, default=20, metavar="N", help="groups shown and drafted (default 20)"
    )
    misses.add_argument("--force", action="store_true", help="overwrite an existing draft file")


def run(
    args: argparse.Namespace,
    settings: Settings,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run `report` or `misses`; 0 on success, 1 on a storage or file error."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    knowledge = _knowledge(args.knowledge or settings.knowledge_dir, settings, err)
    try:
        stats, groups = asyncio.run(_read(settings, args.days, knowledge))
    except StorageError as exc:
        print(f"archive-bot: storage: {exc}", file=err)
        return exitcodes.FAILURE
    if args.command == "report":
        return _report(args, stats, groups, knowledge, out, err)
    return _misses(args, stats.period, groups, knowledge, out, err)


def _knowledge(folder: Path, settings: Settings, err: TextIO) -> Knowledge | None:
    from bot.service import default_loader

    try:
        result = default_loader(settings, folder)()  # as every front door loads it
    except OSError as exc:
        print(f"archive-bot: warning: cannot read {folder}: {exc.strerror or exc}", file=err)
        return None
    if result.knowledge is None:
        print(
            f"archive-bot: warning: {folder} is invalid (see `archive-bot validate`); "
            "fact ids and posts are not used",
            file=err,
        )
    return result.knowledge


async def _read(
    settings: Settings, days: int, knowledge: Knowledge | None
) -> tuple[Stats, list[MissGroup]]:
    from bot.storage.curator import Period, compute_stats, find_misses, load_period
    from bot.storage.factory import open_store

    period = Period.last(days)
    async with open_store(settings) as store:
        questions, feedback = await load_period(store, period)
    fact_ids = None if knowledge is None else [fact.id for fact in knowledge.facts]
    return (
        compute_stats(questions, feedback, period, fact_ids=fact_ids),
        find_misses(questions, feedback),
    )


def _report(
    args: argparse.Namespace,
    stats: Stats,
    groups: Sequence[MissGroup],
    knowledge: Knowledge | None,
    out: TextIO,
    err: TextIO,
) -> int:
    from bot.storage.report import html_report, text_report

    out.write(text_report(stats, groups))
    if args.html is None:
        return exitcodes.OK
    title = knowledge.archive.name if knowledge is not None else "archive-bot"
    try:
        args.html.write_text(html_report(stats, groups, title=title), encoding="utf-8")
    except OSError as exc:
        print(f"archive-bot: cannot write {args.html}: {exc.strerror or exc}", file=err)
        return exitcodes.FAILURE
    print(f"wrote {args.html}", file=out)
    return exitcodes.OK


def _misses(
    args: argparse.Namespace,
    period: Period,
    groups: Sequence[MissGroup],
    knowledge: Knowledge | None,
    out: TextIO,
    err: TextIO,
) -> int:
    from bot.storage.drafts import draft_yaml

    shown = list(groups[: max(args.limit, 0)])
    print(f"missed questions: {sum(g.count for g in groups)} in {len(groups)} groups", file=out)
    for group in shown:
        print(f"{group.count:>5}  {group.title}", file=out)
        for text, n in group.phrasings[1:]:
            print(f"       {text}  (×{n})", file=out)
    if args.draft is None:
        return exitcodes.OK
    if args.draft.exists() and not args.force:
        print(f"archive-bot: {args.draft} exists; use --force to overwrite it", file=err)
        return exitcodes.FAILURE
    fact_posts: Mapping[str, str] = (
        {} if knowledge is None else {fact.id: fact.post for fact in knowledge.facts}
    )
    taken = () if knowledge is None else [fact.id for fact in knowledge.facts]
    text = draft_yaml(shown, period=period, fact_posts=fact_posts, taken_ids=taken)
    try:
        args.draft.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"archive-bot: cannot write {args.draft}: {exc.strerror or exc}", file=err)
        return exitcodes.FAILURE
    print(f"wrote {len(shown)} draft facts to {args.draft}", file=out)
    return exitcodes.OK
