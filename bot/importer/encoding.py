"""Decode an XML document's bytes to text, trusting the bytes over a wrong label.

Feeds and exports in the wild carry byte-order marks, declare latin-1 while
writing Windows-1252 smart quotes, or declare one encoding and use another.
The rules, in order:

1. a byte-order mark wins;
2. otherwise the declared encoding (the XML declaration, then the HTTP
   charset), where latin-1 and ASCII labels mean Windows-1252, as browsers
   read them;
3. a single-byte label on bytes that are valid UTF-8 with non-ASCII text is
   a mis-declaration: UTF-8 is used (random Windows-1252 text is almost
   never valid UTF-8);
4. UTF-8 (declared or assumed) that does not decode falls back to
   Windows-1252, then latin-1, which decodes anything.

The text comes back re-encoded as UTF-8 with its declaration saying so, so
the XML parsers that read it next cannot decode it a second way.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NO_BOM_UTF16 = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
_DECLARATION = re.compile(rb"^\s*<\?xml\b[^>]*?\?>")
_DECLARED = re.compile(rb"""\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "ascii", "cp1252"})
"""Python codec names whose label browsers and this importer read as Windows-1252."""
_WIDE = frozenset({"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"})


@dataclass(frozen=True, slots=True)
class Decoded:
    """UTF-8 bytes of the document and what was noticed while decoding it."""

    data: bytes
    encoding: str
    """The codec actually used."""
    warning: str | None = None


def _codec(label: str | None) -> str | None:
    """Python's canonical codec name for a label, or None when unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _declared(data: bytes) -> str | None:
    match = _DECLARATION.match(data[:1024])
    if match is None:
        return None
    label = _DECLARED.search(match.group(0))
    return label.group(1).decode("ascii") if label else None


def _with_utf8_declaration(text: str) -> bytes:
    """The text as UTF-8, its XML declaration (if any) rewritten to say UTF-8."""
    match = re.match(r"\s*<\?xml\b[^>]*?\?>", text)
    if match is not None:
        text = '<?xml version="1.0" encoding="utf-8"?>' + text[match.end() :]
    return text.encode("utf-8")


def decode_xml(data: bytes, http_charset: str | None = None) -> Decoded:
    """Decode `data` by the rules above; never raises for bad bytes."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            unmarked = data[len(bom) :].decode(codec, errors="replace")
            return Decoded(_with_utf8_declaration(unmarked), codec)
    for prefix, codec in _NO_BOM_UTF16:
        if data.startswith(prefix):
            return Decoded(_with_utf8_declaration(data.decode(codec, errors="replace")), codec)

    label = _declared(data) or http_charset
    codec = _codec(label) or "utf_8"
    if codec == "utf_8_sig":
        codec = "utf_8"
    if codec in _WIDE:
        codec = "utf_8"  # a UTF-16 label on bytes without a BOM or wide text: it was not UTF-16
    warning: str | None = None
    if label and _codec(label) is None:
        warning = f"unknown encoding '{label}'; read as UTF-8"

    if codec != "utf_8":
        utf8 = _try(data, "utf_8")
        if utf8 is not None and not utf8.isascii():
            return Decoded(
                _with_utf8_declaration(utf8), "utf_8", f"declared {label}, but the bytes are UTF-8"
            )
        if codec in _WINDOWS_1252_ALIASES:
            codec = "cp1252"
        text = _try(data, codec)
        if text is not None:
            return Decoded(_with_utf8_declaration(text), codec, warning)
        fallback = data.decode("latin_1")
        return Decoded(
            _with_utf8_declaration(fallback),
            "latin_1",
            f"declared {label}, but the bytes do not decode that way; read as latin-1",
        )

    text = _try(data, "utf_8")
    if text is not None:
        return Decoded(_with_utf8_declaration(text), "utf_8", warning)
    said = f"declared {label}" if label else "no encoding declared"
    for fallback_codec, name in (("cp1252", "Windows-1252"), ("latin_1", "latin-1")):
        text = _try(data, fallback_codec)
        if text is not None:
            return Decoded(
                _with_utf8_declaration(text),
                fallback_codec,
                f"{said}, but the bytes are not UTF-8; read as {name}",
            )
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover
