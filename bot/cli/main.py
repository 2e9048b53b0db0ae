"""The `archive-bot` command line: ask, latest, chat, validate, status, run, sync."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot import __version__, exitcodes
from bot.cli import curator as curator_commands
from bot.cli import importing as import_command
from bot.logs import setup_logging
from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archive-bot",
        description="Answers questions about a blog archive with a quote and a link.",
    )
    parser.add_argument("--version", action="version", version=f"archive-bot {__version__}")
    parser.add_argument(
        "--env-file",
        type=Path,
        metavar="PATH",
        help="read settings from this file instead of ./.env",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    knowledge = argparse.ArgumentParser(add_help=False)
    knowledge.add_argument(
        "--knowledge",
        type=Path,
        metavar="DIR",
        help="knowledge folder (default: KNOWLEDGE_DIR or the bundled archive)",
    )

    ask = commands.add_parser(
        "ask",
        parents=[knowledge],
        help="answer one question, or one per stdin line with '-'",
        description="Answer a question. With QUESTION '-', answer one question per stdin line.",
    )
    ask.add_argument("question", nargs="+", help="the question, or '-' to read stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")

    search = commands.add_parser(
        "search",
        parents=[knowledge],
        help="the posts that best match some words, each with its best passage and link",
    )
    search.add_argument("query", nargs="+", help="the words to look for")
    search.add_argument("--limit", type=int, default=10, help="how many posts (default 10)")
    search.add_argument("--json", action="store_true", help="print JSON")

    latest = commands.add_parser("latest", parents=[knowledge], help="show the newest post(s)")
    latest.add_argument("--count", type=int, default=1, help="how many posts (default 1)")
    latest.add_argument("--tag", help="only posts with this tag")
    latest.add_argument("--json", action="store_true", help="print JSON")

    validate = commands.add_parser(
        "validate",
        parents=[knowledge],
        help="check a knowledge folder, or one file of it, and print every problem",
        description="Exit 0 when valid, 1 when invalid, 2 on a usage error. A FILE is checked "
        "against the knowledge folder when it is inside it, else against its own folder.",
    )
    validate.add_argument("folder", nargs="?", type=Path, metavar="DIR|FILE")

    commands.add_parser(
        "chat", parents=[knowledge], help="a local console that answers as the bot would"
    )
    status = commands.add_parser(
        "status",
        help="health check: load the knowledge as `run` would and say if the bot can start",
        description="Exit 0 when the bot could start, 1 when it could not (and why).",
    )
    status.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_parser("run", help="run the Discord bot")
    commands.add_parser("sync", help="sync the slash commands globally, then exit")
    curator_commands.add_commands(commands)
    import_command.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    discord = args.command in {"run", "sync"}
    try:
        loaded = load_settings(args.env_file, discord=discord)
    except SettingsError as exc:
        for line in exc.lines:  # names the variable, never echoes its value
            print(f"archive-bot: {line}", file=sys.stderr)
        return 2
    for warning in loaded.warnings:
        print(f"archive-bot: warning: {warning}", file=sys.stderr)
    settings = loaded.settings
    if discord:
        setup_logging(settings.log_level, discord_debug=settings.log_discord_debug)
    else:
        setup_logging("WARNING")
    if discord:
        log.info("%s", loaded.describe_source())
    try:
        return dispatch(args, settings)
    except BrokenPipeError:
        # The reader went away (`... | head -1`): stop quietly, like other Unix tools.
        _discard_stdout()
        return exitcodes.BROKEN_PIPE
    except KeyboardInterrupt:
        print(file=sys.stderr)  # leave the terminal on a fresh line after ^C
        return exitcodes.INTERRUPTED


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass  # not a real file (tests): nothing left to flush


def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command: str = args.command
    if command in curator_commands.COMMANDS:
        return curator_commands.run(args, settings)
    if command == "import":
        return import_command.run(args, settings)
    if command == "validate":
        from bot.cli.validate import run_validate

        knowledge = args.knowledge or settings.knowledge_dir
        return run_validate(
            args.folder or knowledge,
            stdout=sys.stdout,
            stderr=sys.stderr,
            max_file_bytes=settings.max_file_bytes,
            max_depth=settings.max_depth,
            knowledge_dir=knowledge,
        )
    if command == "status":
        from bot.cli.status import status

        return status(settings, as_json=args.json, stdout=sys.stdout)
    if command in {"run", "sync"}:
        from bot.discord import runner

        return runner.run_bot(settings) if command == "run" else runner.sync_commands(settings)

    from bot.cli import answer as answer_cmd

    folder = args.knowledge or settings.knowledge_dir
    out: TextIO = sys.stdout
    if command == "ask":
        return answer_cmd.ask(
            args.question, folder, settings, as_json=args.json, stdout=out, stdin=sys.stdin
        )
    if command == "search":
        return answer_cmd.search(
            args.query, folder, settings, limit=args.limit, as_json=args.json, stdout=out
        )
    if command == "latest":
        return answer_cmd.latest(
            folder, settings, count=args.count, tag=args.tag, as_json=args.json, stdout=out
        )
    return answer_cmd.chat(folder, settings, stdin=sys.stdin, stdout=out)


if __name__ == "__main__":
    raise SystemExit(main())
