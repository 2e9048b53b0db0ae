"""`archive-bot validate DIR`: every problem on stderr, a summary on stdout."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot import exitcodes
from bot.knowledge.loader import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES, load_knowledge


def run_validate(
    folder: Path,
    *,
    stdout: TextIO,
    stderr: TextIO,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> int:
    """Validate a knowledge folder; exit 0 valid, 1 invalid, 2 usage error."""
    try:
        result = load_knowledge(folder, max_file_bytes=max_file_bytes, max_depth=max_depth)
    except FileNotFoundError:
        print(f"error: knowledge folder not found: {folder}", file=stderr)
        return exitcodes.USAGE
    except NotADirectoryError:
        print(f"error: not a folder: {folder}", file=stderr)
        return exitcodes.USAGE
    except OSError as err:
        print(f"error: cannot read {folder}: {err.strerror}", file=stderr)
        return exitcodes.USAGE
    for problem in (*result.errors, *result.warnings):
        print(problem, file=stderr)
    if result.knowledge is not None and not result.knowledge.posts:
        # Valid by the format, but almost always a wrong path: say so.
        print(
            f"{folder}: posts: warning: no posts found; the bot would answer nothing", file=stderr
        )
    print(f"folder: {folder}", file=stdout)
    print(f"files: {result.files}", file=stdout)
    knowledge = result.knowledge
    if knowledge is not None:
        print(f"archive: {knowledge.archive.name}", file=stdout)
        print(f"posts: {len(knowledge.posts)}", file=stdout)
        print(f"facts: {len(knowledge.facts)}", file=stdout)
        dates = knowledge.date_range
        if dates is not None:
            print(f"dates: {dates[0].isoformat()} to {dates[1].isoformat()}", file=stdout)
        print(f"version: {knowledge.version}", file=stdout)
    if result.warnings:
        print(f"warnings: {len(result.warnings)}", file=stdout)
    if result.errors:
        count = len(result.errors)
        print(f"invalid: {count} error{'s' if count != 1 else ''}", file=stdout)
        return exitcodes.FAILURE
    print("valid", file=stdout)
    return exitcodes.OK


def main(argv: list[str] | None = None) -> int:
    """A stand-alone entry point (`python -m bot.cli.validate DIR`)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Validate a knowledge folder.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--max-file-bytes", type=int, default=DEFAULT_MAX_FILE_BYTES)
    parser.add_argument("--max-depth", type=int, default=DEFAULT_MAX_DEPTH)
    args = parser.parse_args(argv)
    return run_validate(
        args.folder,
        stdout=sys.stdout,
        stderr=sys.stderr,
        max_file_bytes=args.max_file_bytes,
        max_depth=args.max_depth,
    )


if __name__ == "__main__":
    raise SystemExit(main())
