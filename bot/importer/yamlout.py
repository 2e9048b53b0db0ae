"""Write posts and the archive as knowledge YAML, marked as the importer's own.

Each file starts with a comment saying the importer wrote it and a hash of
the rest of the file. A file whose hash still matches was not edited since
the import, so the next import may replace it; any other file (a curator's,
or an imported one edited by hand) is never overwritten.
"""

from __future__ import annotations

import hashlib
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - libyaml ships in PyYAML's wheels
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

from bot.importer.records import Channel, ImportedPost

HEADER = (
    b"# Written by `archive-bot import`. The next import updates this file when the post\n"
    b"# changes, unless you edit it: an edited file is left as it is. Put facts in files\n"
    b"# of your own.\n"
)
_HASH_PREFIX = b"# import-hash: "
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
WIDTH = 100


class _Block(str):
    """Text written as a literal block (`|-`), as the bundled knowledge writes bodies."""

    __slots__ = ()


class _Flow(tuple[str, ...]):
    """A list written on one line: `tags: [GSOMIA, Japan]`."""

    __slots__ = ()


class _KnowledgeDumper(_Dumper):
    """Safe YAML; dates stay unquoted, since the knowledge format reads every scalar as text."""


_KnowledgeDumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _Dumper.yaml_implicit_resolvers.items()
}


def _block(dumper: _KnowledgeDumper, text: _Block) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style="|")


def _flow(dumper: _KnowledgeDumper, items: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(items), flow_style=True)


_KnowledgeDumper.add_representer(_Block, _block)
_KnowledgeDumper.add_representer(_Flow, _flow)


def post_path(post: ImportedPost) -> str:
    """Where a post goes, relative to the knowledge folder: `posts/YYYY/ID.yaml`."""
    return f"posts/{post.date.year:04d}/{post.id}.yaml"


ARCHIVE_PATH = "archive.yaml"


def render_post(post: ImportedPost) -> bytes:
    """The post's file: the header, then `posts:` with this one post."""
    entry: dict[str, Any] = {
        "id": post.id,
        "title": post.title,
        "date": post.date.isoformat(),
        "url": post.url,
    }
    if post.tags:
        entry["tags"] = _Flow(post.tags)
    if post.summary:
        entry["summary"] = post.summary
    if post.body:
        entry["body"] = _Block(post.body)
    if post.quotes:
        entry["quotes"] = [
            {
                **({"source": q.source} if q.source else {}),
                **({"source_url": q.source_url} if q.source_url else {}),
                "text": _Block(q.text),
            }
            for q in post.quotes
        ]
    return _marked(_dump({"posts": [entry]}))


def render_archive(channel: Channel, url: str) -> bytes:
    """The archive's file, named after the blog and linking to its home page."""
    archive: dict[str, str] = {"name": channel.title or url, "url": url}
    if channel.description:
        archive["description"] = channel.description
    return _marked(_dump({"archive": archive}))


def _dump(document: dict[str, Any]) -> bytes:
    text = yaml.dump(
        document,
        Dumper=_KnowledgeDumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
    )
    return text.encode("utf-8")


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).hexdigest().encode("ascii")


def _marked(content: bytes) -> bytes:
    return HEADER + _HASH_PREFIX + _digest(content) + b"\n" + content


def is_importers(data: bytes) -> bool:
    """Whether the importer wrote these bytes and nobody edited them since."""
    if not data.startswith(HEADER + _HASH_PREFIX):
        return False
    start = len(HEADER) + len(_HASH_PREFIX)
    end = data.find(b"\n", start)
    return end != -1 and data[start:end] == _digest(data[end + 1 :])


def has_header(data: bytes) -> bool:
    """Whether the file starts as the importer's do (edited or not)."""
    return data.startswith(HEADER)
