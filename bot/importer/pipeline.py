"""One import, start to end: read, check, parse, convert, compare, write.

Everything that can fail on bad input (fetching, decoding, the XML checks,
parsing) happens before the first byte is written; then the plan is applied
by `write`, all together. A post without a title, a date or a usable link
is skipped with a message naming it, and the rest is imported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.importer import convert, existing, feed, write, wxr
from bot.importer.encoding import decode_xml
from bot.importer.errors import ImportFailure
from bot.importer.fetch import read_source
from bot.importer.limits import Limits
from bot.importer.plan import Plan, Rendered, make_plan
from bot.importer.progress import Progress
from bot.importer.records import Channel, ImportedPost, RawItem, Skipped
from bot.importer.xmlsafe import parse_xml
from bot.importer.yamlout import ARCHIVE_PATH, post_path, render_archive, render_post
from bot.knowledge.schema import url_problem

_FEED_ROOTS = frozenset(
    {
        "rss",
        "{http://www.w3.org/2005/Atom}feed",
        "{http://purl.org/atom/ns#}feed",
        "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF",
    }
)


@dataclass(slots=True)
class Report:
    """What an import did, for the command to print."""

    kind: str
    posts: int
    plan: Plan
    skipped: list[Skipped] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def run_import(source: str, out: Path, limits: Limits, progress: Progress) -> Report:
    """Import SOURCE into the knowledge folder `out`; raises ImportFailure or UsageProblem."""
    fetched = read_source(source, max_bytes=limits.max_bytes, timeout=limits.timeout)
    decoded = decode_xml(fetched.data, fetched.charset)
    root = parse_xml(decoded.data)
    notes = [f"encoding: {decoded.warning}"] if decoded.warning else []
    left_out: Counter[str] = Counter()
    if wxr.is_wxr(root):
        kind = "WordPress export"
        channel, items, left_out = wxr.read_wxr(root)
    elif root.tag in _FEED_ROOTS:
        kind = "feed"
        channel, items = feed.read_feed(decoded.data)
    else:
        name = root.tag.rpartition("}")[2]
        raise ImportFailure(
            f"not an RSS or Atom feed, nor a WordPress export: the document is a <{name}>"
        )
    del root

    posts, skipped = _convert(items, progress)
    if not posts:
        found = f"{len(items)} item{'s' if len(items) != 1 else ''}"
        why = f"; {skipped[0]}" if skipped else ""
        raise ImportFailure(f"no post to import ({kind} with {found}){why}")

    files = [Rendered(post_path(p), render_post(p), p.id) for p in posts]
    archive_url = _archive_url(channel)
    if archive_url is not None:
        files.append(Rendered(ARCHIVE_PATH, render_archive(channel, archive_url), None))
    else:
        notes.append("the source names no home page: no archive.yaml was written")

    folder = existing.scan(out, max_file_bytes=limits.max_file_bytes, max_depth=limits.max_depth)
    plan = make_plan(files, folder)
    bar = progress.bar("writing", len(plan.writes))
    try:
        write.apply(out, plan.writes, plan.removals, advance=bar.advance)
    except OSError as err:
        raise ImportFailure(f"cannot write to {out}: {err.strerror or err}") from None
    finally:
        bar.close()
    return Report(kind, len(posts), plan, skipped, left_out, notes)


def _convert(items: list[RawItem], progress: Progress) -> tuple[list[ImportedPost], list[Skipped]]:
    posts: list[ImportedPost] = []
    skipped: list[Skipped] = []
    bar = progress.bar("reading", len(items))
    try:
        for item in items:
            result = convert.convert(item)
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                posts.append(result)
            bar.advance()
    finally:
        bar.close()
    return convert.unique_ids(posts), skipped


def _archive_url(channel: Channel) -> str | None:
    """The blog's home page, as the source gives it (None when it gives none usable)."""
    if channel.link and url_problem(channel.link) is None:
        return channel.link
    return None
