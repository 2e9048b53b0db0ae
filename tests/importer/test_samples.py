"""The sample WordPress export and feed import into folders the real validator accepts."""

from __future__ import annotations

import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import yaml

from bot.cli.validate import run_validate
from bot.knowledge import load_knowledge

from . import samples
from .conftest import SAMPLE_FEED, SAMPLE_WXR, Cli, snapshot
from .feeds import item, rss

SOURCES = pytest.mark.parametrize("source", [SAMPLE_WXR, SAMPLE_FEED], ids=["wxr", "feed"])


def validate(folder: Path) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_validate(folder, stdout=stdout, stderr=stderr)
    return code, stdout.getvalue()


def post_files(folder: Path) -> list[Path]:
    return sorted((folder / "posts").rglob("*.yaml"))


def read_post(path: Path) -> dict[str, object]:
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all text
    (post,) = document["posts"]
    assert isinstance(post, dict)
    return post


def test_committed_samples_are_what_the_script_makes() -> None:
    """The data files are the generator's output, so regenerating them changes nothing."""
    assert SAMPLE_WXR.read_bytes() == samples.make_wxr(samples.SAMPLE_POSTS)
    assert SAMPLE_FEED.read_bytes() == samples.make_rss(samples.SAMPLE_POSTS)


@SOURCES
def test_sample_imports_into_a_valid_folder(cli: Cli, out: Path, source: Path) -> None:
    """Each of the 60 posts gets its own file, and `validate` passes on the folder."""
    result = cli("import", source, "--out", out)
    assert result.code == 0, result.err
    assert len(post_files(out)) == samples.SAMPLE_POSTS
    assert (out / "archive.yaml").is_file()
    code, summary = validate(out)
    assert code == 0
    assert f"posts: {samples.SAMPLE_POSTS}" in summary
    assert "archive: Han River Notes" in summary


@SOURCES
def test_reimport_changes_nothing(cli: Cli, out: Path, source: Path) -> None:
    """A second import of the same source leaves every file's bytes and mtime as they were."""
    assert cli("import", source, "--out", out).code == 0
    before = snapshot(out)
    result = cli("import", source, "--out", out)
    assert result.code == 0
    assert snapshot(out) == before
    assert result.out.splitlines()[-1].endswith(
        f"0 added, 0 changed, {samples.SAMPLE_POSTS + 1} unchanged"
    )
    assert "added " not in result.out


@SOURCES
def test_first_import_lists_every_file_it_added(cli: Cli, out: Path, source: Path) -> None:
    """stdout names each added file, then sums up."""
    result = cli("import", source, "--out", out)
    added = [line.removeprefix("added ") for line in result.out.splitlines() if "added " in line]
    assert "archive.yaml" in added
    assert sorted(a for a in added if a.startswith("posts/")) == [
        p.relative_to(out).as_posix() for p in post_files(out)
    ]
    assert f"{samples.SAMPLE_POSTS + 1} added, 0 changed, 0 unchanged" in result.out


def test_export_and_feed_of_one_blog_give_the_same_files(cli: Cli, tmp_path: Path) -> None:
    """WordPress's stored form (shortcodes, blank lines) reads as its feed's HTML does."""
    assert cli("import", SAMPLE_WXR, "--out", tmp_path / "a").code == 0
    assert cli("import", SAMPLE_FEED, "--out", tmp_path / "b").code == 0
    assert snapshot(tmp_path / "a").keys() == snapshot(tmp_path / "b").keys()
    for relpath in snapshot(tmp_path / "a"):
        assert (tmp_path / "a" / relpath).read_bytes() == (tmp_path / "b" / relpath).read_bytes()


def test_export_imports_only_published_public_posts(cli: Cli, out: Path) -> None:
    """Pages, attachments, menu items, drafts and password-protected posts: counted, not written."""
    result = cli("import", SAMPLE_WXR, "--out", out)
    assert (
        "not imported: 2 attachment, 1 draft post, 1 nav_menu_item, 1 page, "
        "1 password-protected post"
    ) in result.out
    hidden = samples.sample_posts(samples.SAMPLE_POSTS + 6)[samples.SAMPLE_POSTS :]
    for post in hidden:
        assert not list(out.rglob(f"{post.slug}.yaml"))


@SOURCES
def test_a_post_keeps_its_text_quote_and_caption(cli: Cli, out: Path, source: Path) -> None:
    """Body, caption, quote with its source, permalink and tags; no script, image or share text."""
    cli("import", source, "--out", out)
    sample = samples.sample_posts(samples.SAMPLE_POSTS)[3]  # number 4: a quote then a source link
    path = out / "posts" / f"{sample.local.year}" / f"{sample.slug}.yaml"
    post = read_post(path)
    assert post["id"] == sample.slug
    assert post["title"] == sample.title
    assert post["date"] == sample.local.date().isoformat()
    assert post["url"] == sample.link
    assert post["tags"] == [*sample.categories, *sample.tags]
    body = post["body"]
    assert isinstance(body, str)
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("Here is the latest on the Jeju ferry service from Yonhap:")
    assert paragraphs[1].startswith("Crowds gather near the Jeju ferry service on")  # the caption
    assert paragraphs[2].endswith("You can read more at the link.")
    assert len(paragraphs) == 3
    for noise in ("Share this", "Twitter", "Facebook", "widgets.js", "wp-caption", "youtube"):
        assert noise not in path.read_text(encoding="utf-8")
    quotes = post["quotes"]
    assert isinstance(quotes, list)
    (quote,) = quotes
    assert quote["source"] == "Yonhap"
    assert quote["source_url"] == "https://news.example.com/4"
    assert quote["text"].startswith("The coast guard ")
    assert "\n\nOfficials said the change" in quote["text"]


def test_uncategorized_is_not_a_tag(cli: Cli, out: Path) -> None:
    """WordPress's default category carries nothing, so it is left out of the tags."""
    cli("import", SAMPLE_FEED, "--out", out)
    tags = {tag for path in post_files(out) for tag in read_post(path).get("tags", [])}  # type: ignore[attr-defined]
    assert "News" in tags
    assert "Uncategorized" not in tags


def test_imported_folder_loads_and_the_engine_answers_from_a_post(cli: Cli, out: Path) -> None:
    """`ask --knowledge DIR` answers a question that one post answers with that post's
    permalink and its verbatim sentence. (The sample's posts repeat a dozen stories with
    other numbers, so a question several posts answer alike is, rightly, not answered:
    this one asks about a story told once.)"""
    cli("import", SAMPLE_WXR, "--out", out)
    assert load_knowledge(out).ok
    result = cli(
        "ask",
        "what did seoul metro report about subway fares",
        "--knowledge",
        out,
        "--json",
    )
    assert result.code == 0
    answer = json.loads(result.out)
    assert answer["matched"] is True
    (post,) = [
        p
        for p in samples.sample_posts(samples.SAMPLE_POSTS)
        if "Seoul subway" in p.title and "fares" in p.title
    ]
    assert answer["post_id"] == post.slug
    assert answer["url"].startswith(post.link)
    assert "fares for the Seoul subway would rise to 13,000" in answer["quote"]


ODD_TITLES = (
    "key: value # not a comment",
    "- starts like a list",
    "'single' and \"double\" quotes",
    "@at `back %percent !bang &amp *star ? question | pipe > gt",
    "--- three dashes",
    "ends with a backslash \\",
    "yes",
    "null",
    "2023",
    "~",
    "Emoji 🎉 and Korean 서울 and Arabic مرحبا",
    "line\u2028separator and next\x85line",
)


def test_odd_text_round_trips_through_the_yaml(cli: Cli, out: Path, tmp_path: Path) -> None:
    """Titles, tags and bodies that YAML could misread come back from the loader as written."""
    items = [
        item(n, title=t, categories=(t, "yes"), html=f"<p>{escape(t)}</p><p>{escape(t)}</p>")
        for n, t in enumerate(ODD_TITLES, 1)
    ]
    source = tmp_path / "feed.xml"
    source.write_text(rss(*items), encoding="utf-8")
    assert cli("import", source, "--out", out).code == 0
    loaded = load_knowledge(out)
    assert loaded.ok, loaded.errors
    assert loaded.knowledge is not None
    # U+2028 is a line break (collapsed in a title); C1 code 0x85 is Windows-1252's ellipsis
    expected = {" ".join(t.replace("\x85", "…").split()) for t in ODD_TITLES}
    assert {p.title for p in loaded.knowledge.posts} == expected
    for post in loaded.knowledge.posts:
        assert post.body == f"{post.title}\n\n{post.title}"
        assert post.tags == ((post.title, "yes") if post.title != "yes" else ("yes",))
