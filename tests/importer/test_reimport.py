"""Re-imports: changed posts are updated; the curator's files are never overwritten."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from bot.cli.validate import run_validate

from .conftest import Cli, snapshot
from .feeds import SITE, item, rss

FACTS = """\
facts:
  - id: second-post-fact
    questions: [What does the second post say?]
    answer: The second post says something.
    post: second
    quote: Text of the second post.
"""


def write_feed(path: Path, *items: str) -> Path:
    path.write_text(rss(*items), encoding="utf-8")
    return path


def three_posts(second_text: str = "Text of the second post.") -> tuple[str, ...]:
    return (
        item(1, title="First", link=f"{SITE}/2023/03/21/first/"),
        item(2, title="Second", link=f"{SITE}/2023/03/21/second/", html=f"<p>{second_text}</p>"),
        item(3, title="Third", link=f"{SITE}/2023/03/21/third/"),
    )


def valid(folder: Path) -> bool:
    return run_validate(folder, stdout=io.StringIO(), stderr=io.StringIO()) == 0


def test_a_changed_post_is_updated_and_the_rest_untouched(
    cli: Cli, out: Path, tmp_path: Path
) -> None:
    """Only the changed post's file is rewritten; the others keep their bytes and mtime."""
    feed = write_feed(tmp_path / "feed.xml", *three_posts())
    cli("import", feed, "--out", out)
    before = snapshot(out)
    write_feed(feed, *three_posts("The second post, corrected."))
    result = cli("import", feed, "--out", out)
    assert result.code == 0
    assert "changed posts/2023/second.yaml" in result.out
    assert "1 changed, 3 unchanged" in result.out
    after = snapshot(out)
    assert {k for k in after if after[k] != before[k]} == {"posts/2023/second.yaml"}
    assert "The second post, corrected." in (out / "posts/2023/second.yaml").read_text()


def test_curator_files_are_never_touched(cli: Cli, out: Path, tmp_path: Path) -> None:
    """Facts and synonyms written by hand keep their bytes and mtime through re-imports."""
    feed = write_feed(tmp_path / "feed.xml", *three_posts())
    cli("import", feed, "--out", out)
    (out / "facts.yaml").write_text(FACTS, encoding="utf-8")
    (out / "synonyms.yaml").write_text("synonyms:\n  - [post, article]\n", encoding="utf-8")
    curated = {k: v for k, v in snapshot(out).items() if not k.startswith(("posts/", "archive"))}
    write_feed(feed, *three_posts(), item(4, title="Fourth", link=f"{SITE}/2023/03/22/fourth/"))
    result = cli("import", feed, "--out", out)
    assert result.code == 0
    assert "added posts/2023/fourth.yaml" in result.out
    now = snapshot(out)
    assert {k: now[k] for k in curated} == curated
    assert valid(out)


def test_an_imported_file_edited_by_hand_is_left_alone(cli: Cli, out: Path, tmp_path: Path) -> None:
    """Once a curator edits an imported file, a changed source does not overwrite it."""
    feed = write_feed(tmp_path / "feed.xml", *three_posts())
    cli("import", feed, "--out", out)
    path = out / "posts/2023/second.yaml"
    edited = path.read_text().replace("title: Second", "title: Second, as the curator wants it")
    path.write_text(edited)
    write_feed(feed, *three_posts("The second post, corrected."))
    result = cli("import", feed, "--out", out)
    assert result.code == 0
    assert path.read_text() == edited
    assert (
        "warning: post 'second' is defined in posts/2023/second.yaml, a file the importer "
        "did not write (or one edited since): left as it is"
    ) in result.err
    assert "1 not overwritten" in result.out
    assert valid(out)


def test_a_post_the_curator_wrote_elsewhere_is_not_defined_twice(
    cli: Cli, out: Path, tmp_path: Path
) -> None:
    """A post id already in a hand-written file is skipped, so the folder stays valid."""
    out.mkdir()
    (out / "mine.yaml").write_text(
        textwrap.dedent(f"""\
            posts:
              - id: second
                title: My own second post
                date: 2023-03-21
                url: {SITE}/2023/03/21/second/
            """),
        encoding="utf-8",
    )
    feed = write_feed(tmp_path / "feed.xml", *three_posts())
    result = cli("import", feed, "--out", out)
    assert result.code == 0
    assert not (out / "posts/2023/second.yaml").exists()
    assert "post 'second' is defined in mine.yaml" in result.err
    assert valid(out)


def test_a_curator_file_at_the_importers_path_is_not_overwritten(
    cli: Cli, out: Path, tmp_path: Path
) -> None:
    """Even a file without the post's id is kept when it sits where the import would write."""
    target = out / "posts/2023/second.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("# notes for later\n", encoding="utf-8")
    feed = write_feed(tmp_path / "feed.xml", *three_posts())
    result = cli("import", feed, "--out", out)
    assert target.read_text() == "# notes for later\n"
    assert "posts/2023/second.yaml exists and the importer did not write it" in result.err


def test_the_curators_archive_wins(cli: Cli, out: Path, tmp_path: Path) -> None:
    """With an `archive` written by hand, the import writes none (and removes its own)."""
    feed = write_feed(tmp_path / "feed.xml", *three_posts())
    cli("import", feed, "--out", out)
    assert (out / "archive.yaml").exists()
    (out / "about.yaml").write_text(
        f"archive:\n  name: My blog\n  url: {SITE}/\n", encoding="utf-8"
    )
    result = cli("import", feed, "--out", out)
    assert "removed archive.yaml" in result.out
    assert not (out / "archive.yaml").exists()
    assert valid(out)
    assert (
        cli("import", feed, "--out", out)
        .out.splitlines()[-1]
        .endswith("0 added, 0 changed, 3 unchanged")
    )


def test_a_post_whose_year_changed_moves(cli: Cli, out: Path, tmp_path: Path) -> None:
    """A post re-dated into another year moves to that year's folder; no copy stays behind."""
    link = f"{SITE}/first/"
    feed = write_feed(tmp_path / "feed.xml", item(1, title="First", link=link))
    cli("import", feed, "--out", out)
    write_feed(feed, item(1, title="First", link=link, date="Mon, 01 Jan 2024 10:00:00 +0000"))
    result = cli("import", feed, "--out", out)
    assert "changed posts/2024/first.yaml" in result.out
    assert not (out / "posts/2023/first.yaml").exists()
    assert valid(out)


def test_posts_gone_from_the_feed_are_kept(cli: Cli, out: Path, tmp_path: Path) -> None:
    """A feed lists only its newest posts: older imported posts stay in the folder."""
    feed = write_feed(tmp_path / "feed.xml", *three_posts())
    cli("import", feed, "--out", out)
    write_feed(feed, three_posts()[2])
    result = cli("import", feed, "--out", out)
    assert result.code == 0
    assert (out / "posts/2023/first.yaml").exists()
    assert valid(out)
