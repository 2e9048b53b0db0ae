"""`archive-bot status`: the health check for deploys (systemd, Docker HEALTHCHECK).

Loads the knowledge the bot would serve, with the bot's own settings, and prints
what `/about` shows plus whether `run` has what it needs. Exit 0 when the bot
could start, 1 when the knowledge is invalid or the token is missing. Never
prints the token, only whether one is set.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from bot import __version__, exitcodes, service
from bot.datefmt import long_date
from bot.settings import Settings


def status(
    settings: Settings, *, as_json: bool, stdout: TextIO, stderr: TextIO | None = None
) -> int:
    """Print the health report; the exit code says whether `run` could start."""
    stderr = stderr or sys.stderr
    report: dict[str, object] = {
        "version": __version__,
        "knowledge_dir": str(settings.knowledge_dir),
        "token_set": settings.discord_token is not None,
    }
    problems: list[str] = []
    try:
        engine = service.open_engine(settings)
    except service.StartupError as exc:
        problems.extend(exc.lines)
    except (FileNotFoundError, NotADirectoryError) as exc:
        problems.append(f"{settings.knowledge_dir}: {exc.strerror or exc}")
    else:
        knowledge = engine.knowledge
        span = knowledge.date_range
        report.update(
            archive=knowledge.archive.name,
            posts=len(knowledge.posts),
            facts=len(knowledge.facts),
            covers=[long_date(span[0]), long_date(span[1])] if span else None,
            knowledge_version=knowledge.version,
        )
    if not report["token_set"]:
        problems.append("DISCORD_TOKEN is not set: `run` cannot log in")
    report["ok"] = not problems
    report["problems"] = problems
    if as_json:
        print(json.dumps(report, ensure_ascii=False), file=stdout)
    else:
        for key, value in report.items():
            if key != "problems":
                shown = " to ".join(value) if isinstance(value, list) else value
                print(f"{key}: {shown}", file=stdout)
        for problem in problems:
            print(f"problem: {problem}", file=stderr)
    return exitcodes.OK if not problems else exitcodes.FAILURE
