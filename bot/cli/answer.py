"""The answering subcommands: `ask`, `latest` and the `chat` console."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from bot import exitcodes, service
from bot.datefmt import long_date
from bot.engine.types import NoAnswer, Reply, Result
from bot.render import json as render_json
from bot.render import text as render_text
from bot.render.guide import THANKS_REPLY, guide, says_thanks, wants_help
from bot.service import EngineLike
from bot.settings import Settings

log = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")


def open_engine(
    folder: Path, settings: Settings, *, stderr: TextIO | None = None
) -> EngineLike | int:
    """Load and index a knowledge folder, or print why not and return an exit code."""
    stderr = stderr or sys.stderr
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "not found"
        print(f"archive-bot: knowledge folder {why}: {folder}", file=stderr)
        return exitcodes.USAGE
    try:
        return service.open_engine(settings, folder)
    except service.StartupError as exc:
        for line in exc.lines:
            print(line, file=stderr)
        print(f"archive-bot: {folder} is invalid ({len(exc.lines)} errors)", file=stderr)
        return exitcodes.FAILURE


def ask(
    words: Sequence[str],
    folder: Path,
    settings: Settings,
    *,
    as_json: bool,
    stdout: TextIO,
    stdin: TextIO,
) -> int:
    """Answer the question in `words`, or every stdin line when it is `-`."""
    engine = open_engine(folder, settings)
    if isinstance(engine, int):
        return engine
    if list(words) == ["-"]:
        for line in input_lines(stdin):
            question = clean_input(line)
            if question:
                _print_answer(engine, question, as_json=as_json, stdout=stdout)
        return 0
    _print_answer(engine, clean_input(" ".join(words)), as_json=as_json, stdout=stdout)
    return 0


def clean_input(text: str) -> str:
    """Stripped text with lone surrogates (undecodable bytes in argv) as U+FFFD.

    JSON output stays valid for strict parsers, and printing never fails on them.
    """
    return _SURROGATE.sub("\ufffd", text.strip())


def input_lines(stdin: TextIO) -> Iterator[str]:
    """stdin's lines, with invalid UTF-8 replaced instead of ending the run with a traceback,
    and without the byte-order mark some editors put at the start of a file."""
    if isinstance(stdin, io.TextIOWrapper):
        stdin.reconfigure(errors="replace")
    line = stdin.readline().removeprefix("\ufeff")
    while line:
        yield line
        line = stdin.readline()


ENGINE_ERROR = "Something went wrong answering that; it was logged."


def safe_answer(engine: EngineLike, question: str) -> Result | None:
    """The engine's answer, or None after logging an engine error once (the front door
    tells the user; an error never passes for "I don't know")."""
    try:
        return engine.answer(question)
    except Exception:
        log.exception("engine failed on a question of %d characters", len(question))
        return None


def _print_answer(engine: EngineLike, question: str, *, as_json: bool, stdout: TextIO) -> None:
    result = safe_answer(engine, question)
    if result is None:
        if as_json:
            error = {"question": question, "matched": False, "error": ENGINE_ERROR}
            print(render_json.dumps(error), file=stdout, flush=True)
        else:
            print(ENGINE_ERROR, end="\n\n", file=stdout, flush=True)
        return
    if as_json:
        print(render_json.dumps(render_json.result_to_dict(result)), file=stdout, flush=True)
    else:
        print(render_text.render_result(result), end="\n\n", file=stdout, flush=True)


def search(
    words: Sequence[str],
    folder: Path,
    settings: Settings,
    *,
    limit: int,
    as_json: bool,
    stdout: TextIO,
) -> int:
    """Print the posts that best match the words, each with its best passage and link."""
    if limit < 1:
        print("archive-bot: --limit must be at least 1", file=sys.stderr)
        return exitcodes.USAGE
    engine = open_engine(folder, settings)
    if isinstance(engine, int):
        return engine
    query = clean_input(" ".join(words))
    hits = engine.search(query, limit)
    if as_json:
        print(render_json.dumps_hits(query, hits), file=stdout)
    else:
        print(render_text.render_hits(hits), file=stdout)
    return exitcodes.OK


def latest(
    folder: Path,
    settings: Settings,
    *,
    count: int,
    tag: str | None,
    as_json: bool,
    stdout: TextIO,
) -> int:
    """Print the newest post(s), optionally only those with a tag."""
    if count < 1:
        print("archive-bot: --count must be at least 1", file=sys.stderr)
        return exitcodes.USAGE
    engine = open_engine(folder, settings)
    if isinstance(engine, int):
        return engine
    posts = engine.latest(count, tag)
    if as_json:
        print(render_json.dumps_posts(posts), file=stdout)
    else:
        print(render_text.render_posts(posts), file=stdout)
    return 0


CHAT_COMMANDS = (
    ("/latest [N]", "the newest post(s)"),
    ("/about", "the archive and its knowledge"),
    ("/help", "this help"),
    ("/quit", "leave (or Ctrl-D)"),
)
CHAT_HOW_TO_ASK = (
    "Type a question and press Enter; after an answer with suggestions, "
    "type a suggestion's number to ask it."
)


def chat_help(engine: EngineLike) -> str:
    """The same guide the bot gives for "help", with the console's commands."""
    return guide(engine.knowledge, CHAT_COMMANDS, how_to_ask=CHAT_HOW_TO_ASK, markdown=False)


def prompt_lines(stdin: TextIO, stdout: TextIO) -> Iterator[str]:
    """The console's lines: with line editing and history (readline) at a terminal."""
    if not stdin.isatty():
        yield from input_lines(stdin)
        return
    with contextlib.suppress(ImportError):  # Windows: plain input() still works
        import readline  # noqa: F401  (importing it gives input() editing and history)
    while True:
        try:
            yield input("> ") + "\n"
        except EOFError:
            print(file=stdout)  # Ctrl-D: end the prompt line
            return


def chat(folder: Path, settings: Settings, *, stdin: TextIO, stdout: TextIO) -> int:
    """A console that answers exactly as the bot would, for curators to try questions."""
    engine = open_engine(folder, settings)
    if isinstance(engine, int):
        return engine
    knowledge = engine.knowledge
    print(f"{knowledge.archive.name}: ask me about the archive. /help for commands.", file=stdout)
    offered: tuple[str, ...] = ()  # the last reply's numbered suggestions
    for line in prompt_lines(stdin, stdout):
        text = clean_input(line)
        if not text:
            continue
        if text.isdigit() and offered:
            pick = int(text)
            if not 1 <= pick <= len(offered):
                print(f"Pick a number from 1 to {len(offered)}.", file=stdout, flush=True)
                continue
            text = offered[pick - 1]
            print(f"Asking: {text}", file=stdout)
        command, _, arg = text.partition(" ")
        command = command.casefold()
        if command in {"/quit", "/exit", "/q"}:
            break
        if command in {"/help", "/?"} or wants_help(text):
            print(chat_help(engine), file=stdout)
        elif says_thanks(text):
            print(THANKS_REPLY, file=stdout)
        elif command == "/latest":
            print(render_text.render_posts(engine.latest(_count(arg.strip()))), file=stdout)
        elif command == "/about":
            print(_about(engine), file=stdout)
        elif command.startswith("/"):
            print(
                f"Unknown command {command}. Commands: /latest [N], /about, /help, /quit.",
                file=stdout,
            )
        else:
            result = safe_answer(engine, text)
            shown = ENGINE_ERROR if result is None else render_text.render_result(result)
            offered = _offered(result)
            print(shown, file=stdout)
        print(file=stdout, flush=True)
    return 0


def _offered(result: Result | None) -> tuple[str, ...]:
    """The questions a reply numbers for the console (suggestions or other candidates)."""
    if isinstance(result, NoAnswer):
        return tuple(s.question for s in result.suggestions)
    if isinstance(result, Reply):
        return tuple(s.question for s in result.alternatives)
    return ()


def _count(arg: str, *, most: int = 5) -> int:
    """The console's `/latest N`, kept within 1..most; anything else is 1."""
    try:
        count = int(arg)
    except ValueError:  # not a number, `²`, or more digits than int() accepts
        return 1
    return max(1, min(count, most))


def _about(engine: EngineLike) -> str:
    knowledge = engine.knowledge
    span = knowledge.date_range
    dates = f"{long_date(span[0])} to {long_date(span[1])}" if span else "no posts"
    return (
        f"{knowledge.archive.name}: {len(knowledge.posts)} posts, {len(knowledge.facts)} facts, "
        f"{dates}; knowledge version {knowledge.version or 'unknown'}"
    )
