"""XLIFF 2.0, for handing reviewed pairs to CAT tools that track segment state.

The segment state ladder (initial, translated, reviewed, final) maps onto the review: aligned pairs are
translated, edited pairs or pairs whose flags were all closed are reviewed, accepted pairs are final.
Provenance goes into the Metadata module, flags into notes. One `<file>` per document.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from itertools import groupby

from lxml import etree

from align.export.records import Unit
from align.export.text import xml_safe

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
NSMAP = {None: XLIFF_NS, "mda": MDA_NS}


def _q(tag: str, ns: str = XLIFF_NS) -> str:
    return f"{{{ns}}}{tag}"


def _metadata(unit: Unit) -> etree._Element:
    meta = etree.Element(_q("metadata", MDA_NS))
    group = etree.SubElement(meta, _q("metaGroup", MDA_NS), category="bitext")
    values: list[tuple[str, object]] = [
        ("bead", " ".join(unit.bead_ids)),
        ("bead-type", unit.bead_type),
        ("speaker", unit.en_speaker),
        ("zh-speaker", unit.zh_speaker),
        ("turn", unit.en_turn),
        ("t-start", unit.t_start),
        ("t-end", unit.t_end),
        ("score", None if unit.score is None else f"{unit.score:.4f}"),
        ("original-zh", unit.zh_text if unit.edited else None),
    ]
    for kind, value in values:
        if value is not None and value != "":
            etree.SubElement(group, _q("meta", MDA_NS), type=kind).text = xml_safe(str(value))
    return meta


def unit_element(unit: Unit, number: int) -> etree._Element:
    el = etree.Element(_q("unit"), id=f"u{number}", name=xml_safe(unit.uid))
    el.append(_metadata(unit))
    if unit.flags:
        notes = etree.SubElement(el, _q("notes"))
        for f in unit.flags:
            text = (
                f"{f.status} {f.severity} {f.check}: {f.reason or f.message}"
                if f.closed
                else (f"open {f.severity} {f.check}: {f.message}")
            )
            etree.SubElement(notes, _q("note"), category=xml_safe(f.category), appliesTo="target").text = xml_safe(text)
    segment = etree.SubElement(el, _q("segment"), id=f"s{number}", state=unit.state)
    if unit.edited:
        segment.set("subState", "bitext:edited")
    etree.SubElement(segment, _q("source")).text = xml_safe(unit.en_text)
    if unit.state != "initial":
        etree.SubElement(segment, _q("target")).text = xml_safe(unit.zh_reviewed)
    return el


def xliff_bytes(units: Iterable[Unit]) -> tuple[bytes, int]:
    buf = io.BytesIO()
    count = 0
    with etree.xmlfile(buf, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(_q("xliff"), {"version": "2.0", "srcLang": "en", "trgLang": "zh"}, nsmap=NSMAP):
            for file_no, (doc_id, doc_units) in enumerate(groupby(units, key=lambda u: u.doc_id), 1):
                # One tree per document: elements written on their own would each redeclare the namespaces.
                file_el = etree.Element(_q("file"), id=f"f{file_no}", original=xml_safe(doc_id), nsmap=NSMAP)
                for unit in doc_units:
                    count += 1
                    file_el.append(unit_element(unit, count))
                xf.write(file_el, pretty_print=True)
    return buf.getvalue(), count
