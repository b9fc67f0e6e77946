"""TMX 1.4b: the translation-memory exchange format every CAT tool imports.

Provenance and review state travel as `x-` props (the TMX way to carry tool-specific data) and the
reviewer's reasons for closing flags as notes, so a translator opening the memory sees why a pair was let
through. Written incrementally with lxml so 100,000 units never become one element tree.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version

from lxml import etree

from align.export.records import Unit
from align.export.text import xml_safe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tool_version() -> str:
    try:
        return version("bitext")
    except PackageNotFoundError:
        return "unknown"


def _props(unit: Unit) -> list[tuple[str, str]]:
    values: list[tuple[str, object]] = [
        ("x-document", unit.doc_id),
        ("x-bead-type", unit.bead_type),
        ("x-speaker", unit.en_speaker),
        ("x-zh-speaker", unit.zh_speaker),
        ("x-turn", unit.en_turn),
        ("x-zh-turn", unit.zh_turn),
        ("x-t-start", unit.t_start),
        ("x-t-end", unit.t_end),
        ("x-score", None if unit.score is None else f"{unit.score:.4f}"),
        ("x-status", unit.state),
        ("x-flags", unit.flag_summary()),
        ("x-original-zh", unit.zh_text if unit.edited else None),
        ("x-beads", " ".join(unit.bead_ids) if unit.unit == "turn" else None),
    ]
    return [(k, xml_safe(str(v))) for k, v in values if v is not None and v != ""]


def tu_element(unit: Unit) -> etree._Element:
    tu = etree.Element("tu", tuid=xml_safe(unit.uid))
    for kind, value in _props(unit):
        etree.SubElement(tu, "prop", type=kind).text = value
    for note in unit.closure_notes():
        etree.SubElement(tu, "note").text = xml_safe(note)
    for lang, text in (("en", unit.en_text), ("zh", unit.zh_reviewed)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = xml_safe(text)
    return tu


def _header(segtype: str) -> etree._Element:
    return etree.Element(
        "header",
        {
            "creationtool": "bitext",
            "creationtoolversion": tool_version(),
            "segtype": segtype,
            "o-tmf": "bitext",
            "adminlang": "en",
            "srclang": "en",
            "datatype": "plaintext",
        },
    )


def tmx_bytes(units: Iterable[Unit], segtype: str) -> tuple[bytes, int]:
    buf = io.BytesIO()
    count = 0
    with etree.xmlfile(buf, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write(_header(segtype))
            with xf.element("body"):
                for unit in units:
                    xf.write(tu_element(unit), pretty_print=True)
                    count += 1
    return buf.getvalue(), count
