"""Making data text safe for formats that cannot carry every character.

XML 1.0 has no way to represent most C0 control characters, lone surrogates or U+FFFE/U+FFFF, not even as
character references, so they are dropped; line-aligned formats additionally lose their alignment if a
sentence carries a line break, so those become spaces.
"""

from __future__ import annotations

import re

from align.errors import InputError

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


def one_line(text: str) -> str:
    """A single line for line-aligned files (any reader's notion of a line break becomes a space)."""
    return xml_safe(_BREAKS.sub(" ", text))


def safe_name(name: str) -> str:
    """A file name taken from data or the user, refused if it could point into another directory."""
    if not name or name in {".", ".."} or any(sep in name for sep in ("/", "\\", "\x00")):
        raise InputError(None, None, f"refusing file name {name!r}: it must not contain a path separator")
    return name
