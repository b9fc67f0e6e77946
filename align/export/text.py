"""Making data text safe for formats that cannot carry every character.

XML 1.0 has no way to represent most C0 control characters, lone surrogates or U+FFFE/U+FFFF, not even as
character references, so they are dropped; line-aligned formats additionally lose their alignment if a
sentence carries a line break, so those become spaces. The TMX and XLIFF writers build their markup as text
for speed, so the escaping lives here too.
"""

from __future__ import annotations

import re

from align.errors import InputError

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


def xml_text(text: str) -> str:
    """Element content, made safe and escaped as libxml2 serialises it, so hand-written XML is byte for byte
    what lxml would write."""
    return xml_escape(xml_safe(text))


def xml_escape(text: str) -> str:
    """Element content already made safe, escaped. A carriage return becomes a reference because a parser
    turns a literal one into a line feed; escaping `>` also keeps a `]]>` in the data from reading as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(text: str) -> str:
    """A double-quoted attribute value, escaped as libxml2 does: tabs and line breaks become references
    because a parser would otherwise normalise them to spaces."""
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def one_line(text: str) -> str:
    """A single line for line-aligned files (any reader's notion of a line break becomes a space)."""
    return xml_safe(_BREAKS.sub(" ", text))


def safe_name(name: str) -> str:
    """A file name taken from data or the user, refused if it could point into another directory."""
    if not name or name in {".", ".."} or any(sep in name for sep in ("/", "\\", "\x00")):
        raise InputError(None, None, f"refusing file name {name!r}: it must not contain a path separator")
    return name
