"""Bad input: a clear message, exit 1 (2 for usage), and nothing written, not even in part."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import SAMPLE_FEED, Cli, everything, snapshot
from .feeds import SITE, item, rss

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY lol "lol">\n'
    + "".join(
        f'  <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + ']>\n<rss version="2.0"><channel><title>&lol9;</title></channel></rss>\n'
)


@pytest.fixture
def imported(cli: Cli, out: Path) -> Path:
    """A folder holding a finished import of the sample feed."""
    assert cli("import", SAMPLE_FEED, "--out", out).code == 0
    return out


def fails(cli: Cli, source: Path | str, out: Path, *extra: str) -> str:
    """Run an import that must fail on its input; return its error line."""
    before = snapshot(out)
    result = cli("import", source, "--out", out, *extra)
    assert result.code == 1, result.out + result.err
    assert result.out == ""
    assert snapshot(out) == before
    if out.exists():
        assert not [p for p in everything(out) if p.startswith(".")]
    else:
        assert not [p for p in everything(out.parent) if p.startswith(f".{out.name}")]
    (line,) = result.err.splitlines()
    assert line.startswith(f"error: {source}: ")
    assert line.endswith("; nothing was written")
    return line


def test_malformed_feed(cli: Cli, out: Path, tmp_path: Path) -> None:
    """A feed cut off half-way is not well-formed XML: the message gives line and column."""
    source = tmp_path / "cut.xml"
    source.write_text(rss(item(1), item(2))[:-40], encoding="utf-8")
    message = fails(cli, source, out)
    assert "not well-formed XML at line 1, column" in message
    assert not out.exists()


def test_malformed_feed_leaves_an_existing_import_as_it_was(
    cli: Cli, imported: Path, tmp_path: Path
) -> None:
    """A bad source over a finished import changes none of its files."""
    source = tmp_path / "cut.xml"
    source.write_text(rss(item(1))[:-10], encoding="utf-8")
    assert "not well-formed XML" in fails(cli, source, imported)


def test_billion_laughs_is_refused_unexpanded(cli: Cli, out: Path, tmp_path: Path) -> None:
    """Nested entities (an XML bomb) are refused at their declaration, never expanded."""
    source = tmp_path / "bomb.xml"
    source.write_text(BILLION_LAUGHS, encoding="utf-8")
    message = fails(cli, source, out)
    assert "declares an entity ('lol')" in message
    assert "billion laughs" in message


def test_external_entity_is_refused_and_never_read(cli: Cli, out: Path, tmp_path: Path) -> None:
    """An XXE pointing at a local file is refused; the file's text appears nowhere."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN", encoding="utf-8")
    source = tmp_path / "xxe.xml"
    prolog = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    source.write_text(rss(item(1, title="&xxe;"), prolog=prolog), encoding="utf-8")
    message = fails(cli, source, out)
    assert "declares an external entity ('xxe')" in message
    assert "TOP-SECRET-TOKEN" not in message


def test_source_over_the_default_cap(cli: Cli, out: Path, tmp_path: Path) -> None:
    """A (sparse) file over 100 MiB is refused by its size, before it is read."""
    source = tmp_path / "huge.xml"
    with source.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024 + 1)
    message = fails(cli, source, out)
    assert "the source is 104,857,601 bytes, over the 104,857,600-byte limit" in message
    assert "--max-bytes" in message


def test_source_over_a_cap_given_by_flag(cli: Cli, out: Path) -> None:
    """`--max-bytes 64K` refuses the 120 kB sample feed."""
    message = fails(cli, SAMPLE_FEED, out, "--max-bytes", "64K")
    assert f"the source is {SAMPLE_FEED.stat().st_size:,} bytes, over the 65,536-byte" in message


def test_source_over_a_cap_given_by_setting(
    cli: Cli, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IMPORT_MAX_BYTES sets the cap when no flag does."""
    monkeypatch.setenv("IMPORT_MAX_BYTES", "1000")
    assert "over the 1,000-byte limit" in fails(cli, SAMPLE_FEED, out)


def test_a_larger_cap_lets_a_large_source_in(cli: Cli, out: Path) -> None:
    """The flag overrides the setting both ways: 1M admits the sample feed."""
    assert cli("import", SAMPLE_FEED, "--out", out, "--max-bytes", "1M").code == 0


def test_posts_without_title_or_date_are_skipped_by_name(
    cli: Cli, out: Path, tmp_path: Path
) -> None:
    """Each bad item gets a warning naming it; the good ones are imported (exit 0)."""
    source = tmp_path / "feed.xml"
    source.write_text(
        rss(
            item(1, title="Good one"),
            item(2, title=None),
            item(3, title="Dateless", date=None),
            item(4, title="Odd date", date="sometime last spring"),
            item(5, title="  "),
        ),
        encoding="utf-8",
    )
    result = cli("import", source, "--out", out)
    assert result.code == 0
    assert result.err.splitlines() == [
        f"warning: skipped item 2 <{SITE}/2023/03/21/post-2/>: no title",
        f"warning: skipped item 3 'Dateless' <{SITE}/2023/03/21/post-3/>: no date",
        f"warning: skipped item 4 'Odd date' <{SITE}/2023/03/21/post-4/>: no date "
        "(unreadable date 'sometime last spring')",
        f"warning: skipped item 5 <{SITE}/2023/03/21/post-5/>: no title",
    ]
    assert [p.name for p in (out / "posts").rglob("*.yaml")] == ["post-1.yaml"]
    assert result.out.splitlines()[-1].endswith("2 added, 0 changed, 0 unchanged, 4 skipped")


def test_a_post_without_a_usable_link_is_skipped(cli: Cli, out: Path, tmp_path: Path) -> None:
    """A post needs its permalink: a relative or missing link skips it by name."""
    source = tmp_path / "feed.xml"
    source.write_text(rss(item(1), item(2, title="Nowhere", link="")), encoding="utf-8")
    result = cli("import", source, "--out", out)
    assert "warning: skipped item 2 'Nowhere': no link" in result.err


def test_nothing_importable_is_an_error(cli: Cli, out: Path, tmp_path: Path) -> None:
    """When every item is skipped, nothing is written and the first reason is given."""
    source = tmp_path / "feed.xml"
    source.write_text(rss(item(1, title=None), item(2, title=None)), encoding="utf-8")
    message = fails(cli, source, out)
    assert "no post to import (feed with 2 items); skipped item 1" in message
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the source is empty"),
        (b"  \n", "the source is empty"),
        (b"<!DOCTYPE html><html><body>Hi</body></html>", "this is a web page (HTML)"),
        (b"<?xml version='1.0'?><catalog><book/></catalog>", "the document is a <catalog>"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not well-formed XML at line 1, column 1"),
    ],
    ids=["empty", "blank", "html", "other-xml", "binary"],
)
def test_not_a_feed(cli: Cli, out: Path, tmp_path: Path, content: bytes, expected: str) -> None:
    """Anything that is not a feed or an export says what it is instead."""
    source = tmp_path / "source"
    source.write_bytes(content)
    assert expected in fails(cli, source, out)


def test_a_failed_write_leaves_no_new_folder(
    cli: Cli, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk error half-way through a first import leaves no folder and no staging files."""
    real = Path.write_bytes
    calls = 0

    def flaky(self: Path, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 10:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    message = fails(cli, SAMPLE_FEED, out)
    assert f"cannot write to {out}: No space left on device" in message
    assert not out.exists()


def test_a_failed_write_leaves_an_existing_import_as_it_was(
    cli: Cli, imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk error while staging an update changes no file of the folder."""
    source = tmp_path / "feed.xml"
    source.write_bytes(SAMPLE_FEED.read_bytes().replace(b"You can read more", b"Read more"))

    def broken(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", broken)
    assert "No space left on device" in fails(cli, source, imported)


def test_staging_is_moved_into_place_only_at_the_end(
    cli: Cli, imported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No file of the folder changes until every new file has been written."""
    source = tmp_path / "feed.xml"
    source.write_bytes(SAMPLE_FEED.read_bytes().replace(b"You can read more", b"Read more"))
    before = snapshot(imported)
    seen: list[bool] = []
    real = os.replace

    def watching(src: str | Path, dst: str | Path) -> None:
        if not seen:
            seen.append(snapshot(imported) == {**before, **_staged(imported)})
        real(src, dst)

    monkeypatch.setattr(os, "replace", watching)
    assert cli("import", source, "--out", imported).code == 0
    assert seen == [True]


def _staged(folder: Path) -> dict[str, tuple[bytes, int]]:
    """The files of the staging folder, as `snapshot` lists them."""
    return {k: v for k, v in snapshot(folder).items() if k.startswith(".import-")}


def test_missing_source_is_a_usage_error(cli: Cli, out: Path) -> None:
    """A SOURCE path that does not exist exits 2 and names it."""
    result = cli("import", "no-such-feed.xml", "--out", out)
    assert result.code == 2
    assert result.err == "error: no such file: no-such-feed.xml\n"
    assert not out.exists()


def test_a_folder_as_source_is_a_usage_error(cli: Cli, out: Path, tmp_path: Path) -> None:
    """A folder given as SOURCE exits 2."""
    result = cli("import", tmp_path, "--out", out)
    assert result.code == 2
    assert "the source is a folder, not a file" in result.err


def test_output_that_is_a_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    """--out naming a file exits 2 and leaves the file alone."""
    target = tmp_path / "kb.txt"
    target.write_text("keep me")
    result = cli("import", SAMPLE_FEED, "--out", target)
    assert result.code == 2
    assert f"the output is not a folder: {target}" in result.err
    assert target.read_text() == "keep me"


def test_other_url_schemes_are_a_usage_error(cli: Cli, out: Path) -> None:
    """Only http(s) URLs are fetched: ftp:// and file:// exit 2."""
    for url in ("ftp://example.org/feed.xml", f"file://{SAMPLE_FEED}"):
        result = cli("import", url, "--out", out)
        assert result.code == 2
        assert "only http:// and https:// addresses can be imported" in result.err
