"""Feed dialects: Atom (html, xhtml and text content, xml:base) and RSS guid permalinks."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import Cli
from .feeds import SITE, rss

ATOM = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.org/">
  <title>Atom Blog</title>
  <subtitle>Notes &amp; more</subtitle>
  <link rel="alternate" href="https://atom.example.org/"/>
  <link rel="self" href="https://atom.example.org/feed.atom"/>
  <id>urn:uuid:1</id>
  <updated>2023-03-22T00:00:00Z</updated>
  <entry>
    <title type="html">Tom &amp;amp; Jerry &lt;em&gt;again&lt;/em&gt;</title>
    <link rel="alternate" href="/2023/03/tom-and-jerry"/>
    <link rel="replies" href="/2023/03/tom-and-jerry#comments"/>
    <id>tag:atom.example.org,2023:1</id>
    <published>2023-03-21T23:30:00+09:00</published>
    <updated>2023-03-25T10:00:00Z</updated>
    <category term="cartoons" label="Cartoons"/>
    <category term="tv"/>
    <content type="html">&lt;p&gt;Lead by &lt;a href="/src"&gt;Source Daily&lt;/a&gt;:&lt;/p&gt;
      &lt;blockquote&gt;&lt;p&gt;Quoted.&lt;/p&gt;&lt;/blockquote&gt;</content>
  </entry>
  <entry>
    <title>XHTML one</title>
    <link href="https://atom.example.org/2023/03/xhtml-one"/>
    <id>tag:atom.example.org,2023:2</id>
    <updated>2023-03-20T10:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>First <b>para</b>.</p><p>Second.</p></div></content>
  </entry>
  <entry>
    <title>Text one</title>
    <link href="https://atom.example.org/2023/03/text-one"/>
    <id>tag:atom.example.org,2023:3</id>
    <updated>2023-03-19T10:00:00Z</updated>
    <summary>Plain &lt;not a tag&gt; text.

Second paragraph.</summary>
  </entry>
</feed>
"""


def posts(folder: Path) -> dict[str, dict[str, object]]:
    found = {}
    for path in (folder / "posts").rglob("*.yaml"):
        (post,) = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["posts"]
        found[post["id"]] = post
    return found


def test_atom_feed(cli: Cli, out: Path, tmp_path: Path) -> None:
    """Atom entries import with their alternate link resolved, label tags and every content type."""
    source = tmp_path / "feed.atom"
    source.write_text(ATOM, encoding="utf-8")
    result = cli("import", source, "--out", out)
    assert result.code == 0, result.err
    found = posts(out)
    assert found["tom-and-jerry"] == {
        "id": "tom-and-jerry",
        "title": "Tom & Jerry again",
        "date": "2023-03-21",  # published, as written (+09:00), not updated nor UTC
        "url": "https://atom.example.org/2023/03/tom-and-jerry",
        "tags": ["Cartoons", "tv"],
        "body": "Lead by Source Daily:",
        "quotes": [
            {
                "source": "Source Daily",
                "source_url": "https://atom.example.org/src",
                "text": "Quoted.",
            }
        ],
    }
    assert found["xhtml-one"]["body"] == "First para.\n\nSecond."
    assert found["xhtml-one"]["date"] == "2023-03-20"  # no published: updated
    assert found["text-one"]["body"] == "Plain <not a tag> text.\n\nSecond paragraph."
    archive = yaml.load((out / "archive.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert archive == {
        "archive": {
            "name": "Atom Blog",
            "url": "https://atom.example.org/",
            "description": "Notes & more",
        }
    }


def test_rss_guid_is_the_permalink_when_there_is_no_link(
    cli: Cli, out: Path, tmp_path: Path
) -> None:
    """An RSS item without <link> uses its permalink guid."""
    entry = (
        f"<item><title>Guid only</title><guid>{SITE}/2023/03/21/guid-only/</guid>"
        "<pubDate>Tue, 21 Mar 2023 10:00:00 +0900</pubDate><description>Text.</description></item>"
    )
    source = tmp_path / "feed.xml"
    source.write_text(rss(entry), encoding="utf-8")
    assert cli("import", source, "--out", out).code == 0
    assert posts(out)["guid-only"]["url"] == f"{SITE}/2023/03/21/guid-only/"
