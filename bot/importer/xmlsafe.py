"""Parse an untrusted XML document with defusedxml, or say plainly why not.

Every document (feed or export) goes through here before anything else
reads it: entity declarations are refused outright, so neither a
billion-laughs bomb nor an external entity (XXE) is ever expanded or
fetched, and a document that is not well-formed stops the import.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from bot.importer.errors import ImportFailure

_HTML_START = re.compile(
    rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_EXPAT_POSITION = re.compile(r": line \d+, column \d+$")


def parse_xml(data: bytes) -> Element:
    """The root element of a well-formed document without entity declarations."""
    if not data.strip():
        raise ImportFailure("the source is empty")
    if _HTML_START.match(data[:4096]):
        raise ImportFailure(
            "this is a web page (HTML), not a feed or a WordPress export; "
            "give the address of the blog's feed (often /feed/) or an export file"
        )
    try:
        return defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden as err:
        kind = "an external entity" if err.sysid or err.pubid else "an entity"
        raise ImportFailure(
            f"the document declares {kind} ('{err.name}'), which the importer refuses: "
            "entity declarations are how XML bombs (billion laughs) and external-entity "
            "(XXE) attacks work, and feeds do not need them"
        ) from None
    except defusedxml.ExternalReferenceForbidden:
        raise ImportFailure(
            "the document refers to an external resource, which the importer never reads"
        ) from None
    except defusedxml.DefusedXmlException as err:
        raise ImportFailure(f"the document uses a forbidden XML feature ({err})") from None
    except ParseError as err:
        line, column = err.position
        reason = _EXPAT_POSITION.sub("", str(err))
        raise ImportFailure(
            f"not well-formed XML at line {line}, column {column + 1}: {reason}"
        ) from None
