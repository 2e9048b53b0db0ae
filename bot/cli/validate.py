"""`archive-bot validate [DIR | FILE]`: every problem on stderr, a summary on stdout."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot import exitcodes
from bot.knowledge.loader import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_FILE_BYTES,
    check_one_file,
    load_knowledge,
)


def run_validate(
    folder: Path,
    *,
    stdout: TextIO,
    stderr: TextIO,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    knowledge_dir: Path | None = None,
) -> int:
    """Validate a knowledge folder, or one file of it; exit 0 valid, 1 invalid, 2 usage error.

    A file is checked against `knowledge_dir` when it lies inside it, else against its own folder.
    """
    if folder.is_file():
        return _validate_file(folder, knowledge_dir, stdout, stderr, max_file_bytes, max_depth)
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


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _validate_file(
    file: Path,
    knowledge: Path | None,
    stdout: TextIO,
    stderr: TextIO,
    max_file_bytes: int,
    max_depth: int,
) -> int:
    """`validate FILE`: the file's problems, found with its folder's posts and facts."""
    folder = knowledge if knowledge is not None and _inside(file, knowledge) else file.parent
    try:
        check = check_one_file(file, folder, max_file_bytes=max_file_bytes, max_depth=max_depth)
    except OSError as err:
        print(f"error: cannot read {file}: {err.strerror}", file=stderr)
        return exitcodes.USAGE
    for problem in (*check.errors, *check.warnings):
        print(problem, file=stderr)
    print(f"file: {check.relpath}", file=stdout)
    print(f"folder: {folder} ({check.files} file{'s' if check.files != 1 else ''})", file=stdout)
    print(f"posts: {check.posts}", file=stdout)
    print(f"facts: {check.facts}", file=stdout)
    if check.others_with_errors:
        print(
            f"other files with errors: {check.others_with_errors} "
            "(validate the folder to see them)",
            file=stdout,
        )
    if check.warnings:
        print(f"warnings: {len(check.warnings)}", file=stdout)
    if check.errors:
        count = len(check.errors)
        print(f"invalid: {count} error{'s' if count != 1 else ''}", file=stdout)
        return exitcodes.FAILURE
    print("valid", file=stdout)
    return exitcodes.OK


def main(argv: list[str] | None = None) -> int:
    """A stand-alone entry point (`python -m bot.cli.validate DIR`)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description="Validate a knowledge folder, or one file.")
    parser.add_argument("folder", type=Path, metavar="DIR|FILE")
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
