"""Odd encodings: byte-order marks, Windows-1252 declared or not, labels that lie."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import yaml

from bot.importer.encoding import decode_xml

from .conftest import Cli
from .feeds import item, rss

TEXT = "“Smart quotes” – café, naïve"
"""Characters that differ between UTF-8, Windows-1252 and latin-1."""


def import_bytes(cli: Cli, tmp_path: Path, data: bytes) -> tuple[str, str]:
    """Import a one-post feed given as bytes; the post's body and the command's stderr."""
    source = tmp_path / "feed.xml"
    source.write_bytes(data)
    out = tmp_path / "kb"
    result = cli("import", source, "--out", out)
    assert result.code == 0, result.err
    (path,) = (out / "posts").rglob("*.yaml")
    post = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["posts"][0]
    return post["body"], result.err


def feed_text(encoding: str = "UTF-8") -> str:
    return rss(item(1, html=f"<p>{TEXT}</p>"), encoding=encoding)


def test_windows_1252_declared(cli: Cli, tmp_path: Path) -> None:
    """A feed declared and written as windows-1252 keeps its curly quotes and accents."""
    body, err = import_bytes(cli, tmp_path, feed_text("windows-1252").encode("cp1252"))
    assert body == TEXT
    assert err == ""


def test_latin_1_label_on_windows_1252_bytes(cli: Cli, tmp_path: Path) -> None:
    """ISO-8859-1 with bytes 0x93/0x94 is read as Windows-1252, as browsers do."""
    body, _ = import_bytes(cli, tmp_path, feed_text("ISO-8859-1").encode("cp1252"))
    assert body == TEXT


def test_utf8_declared_but_windows_1252_written(cli: Cli, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 under a UTF-8 label are read as Windows-1252, with a note."""
    body, err = import_bytes(cli, tmp_path, feed_text("UTF-8").encode("cp1252"))
    assert body == TEXT
    assert err == (
        "note: encoding: declared UTF-8, but the bytes are not UTF-8; read as Windows-1252\n"
    )


def test_latin_1_declared_but_utf8_written(cli: Cli, tmp_path: Path) -> None:
    """UTF-8 bytes under a latin-1 label are UTF-8 (no mojibake), with a note."""
    body, err = import_bytes(cli, tmp_path, feed_text("ISO-8859-1").encode("utf-8"))
    assert body == TEXT
    assert "declared ISO-8859-1, but the bytes are UTF-8" in err


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
    ids=["utf-8", "utf-16-le", "utf-16-be"],
)
def test_byte_order_mark(cli: Cli, tmp_path: Path, bom: bytes, codec: str) -> None:
    """A byte-order mark decides the encoding, whatever the declaration says."""
    body, _ = import_bytes(cli, tmp_path, bom + feed_text("UTF-8").encode(codec))
    assert body == TEXT


def test_numeric_references_to_windows_1252_punctuation(cli: Cli, tmp_path: Path) -> None:
    """`&#147;quoted&#148;` (C1 codes used for Windows-1252 quotes) become curly quotes."""
    data = rss(item(1, html="<p>&#147;quoted&#148; &#150; yes</p>")).encode()
    body, _ = import_bytes(cli, tmp_path, data)
    assert body == "“quoted” – yes"


def test_no_declaration_uses_the_servers_charset() -> None:
    """Without a declaration or BOM, the HTTP charset names the encoding."""
    decoded = decode_xml("<rss>é</rss>".encode("cp1252"), "windows-1252")
    assert decoded.data == "<rss>é</rss>".encode()
    assert decoded.warning is None


def test_declaration_is_rewritten_to_say_utf8() -> None:
    """The re-encoded document declares UTF-8, so no parser decodes it a second way."""
    decoded = decode_xml('<?xml version="1.0" encoding="windows-1252"?><a>é</a>'.encode("cp1252"))
    assert decoded.data == '<?xml version="1.0" encoding="utf-8"?><a>é</a>'.encode()
    assert decoded.encoding == "cp1252"


def test_unknown_label_reads_as_utf8_with_a_note() -> None:
    """An encoding name Python does not know is reported and UTF-8 is used."""
    decoded = decode_xml('<?xml version="1.0" encoding="x-klingon"?><a>é</a>'.encode())
    assert decoded.data.endswith("<a>é</a>".encode())
    assert decoded.warning == "unknown encoding 'x-klingon'; read as UTF-8"
