"""Parsing untrusted XML (TMX, TBX): no network, no DTD loading, and no entities of any kind.

One parser for every XML reader, so a hardening fix (XXE, entity bombs) reaches all of them at once.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from align.errors import InputError


def safe_parse(data: bytes, path: str | Path | None) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, exc.lineno or None, f"not well-formed XML: {exc.msg}") from None
    except ValueError as exc:
        raise InputError(path, None, f"not XML: {exc}") from None
    if root is None:
        raise InputError(path, None, "not XML: empty document")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(path, 1, "DTD entity declarations are not accepted (they enable XXE and entity bombs)")
    for node in root.iter(etree.Entity):
        raise InputError(path, node.sourceline, f"entity reference {node.text} is not accepted")
    return root
