"""XLIFF 2.0, for handing reviewed pairs to CAT tools that track segment state.

The segment state ladder (initial, translated, reviewed, final) maps onto the review: aligned pairs are
translated, edited pairs or pairs whose flags were all closed are reviewed, accepted pairs are final.
Provenance goes into the Metadata module, flags into notes. One `<file>` per document.

The markup is written as text, escaped and indented the way lxml serialises it: building an element tree
per unit (and reconciling its namespaces on every append) took most of a 100,000-unit export, for the
same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from align.export.records import Unit
from align.export.text import xml_attr, xml_text

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
NS_DECLS = f'xmlns="{XLIFF_NS}" xmlns:mda="{MDA_NS}"'


def _metadata(unit: Unit) -> list[str]:
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
    return [
        "    <mda:metadata>\n",
        '      <mda:metaGroup category="bitext">\n',
        *(
            f'        <mda:meta type="{kind}">{xml_text(str(value))}</mda:meta>\n'
            for kind, value in values
            if value is not None and value != ""
        ),
        "      </mda:metaGroup>\n",
        "    </mda:metadata>\n",
    ]


def _notes(unit: Unit) -> list[str]:
    if not unit.flags:
        return []
    notes = []
    for f in unit.flags:
        text = (
            f"{f.status} {f.severity} {f.check}: {f.reason or f.message}"
            if f.closed
            else f"open {f.severity} {f.check}: {f.message}"
        )
        notes.append(f'      <note category="{xml_attr(f.category)}" appliesTo="target">{xml_text(text)}</note>\n')
    return ["    <notes>\n", *notes, "    </notes>\n"]


def unit_xml(unit: Unit, number: int) -> str:
    """One `<unit>` inside a `<file>`: metadata, then notes, then the segment, as XLIFF 2.0 orders them."""
    state = unit.state
    sub_state = ' subState="bitext:edited"' if unit.edited else ""
    target = f"      <target>{xml_text(unit.zh_reviewed)}</target>\n" if state != "initial" else ""
    return "".join(
        [
            f'  <unit id="u{number}" name="{xml_attr(unit.uid)}">\n',
            *_metadata(unit),
            *_notes(unit),
            f'    <segment id="s{number}" state="{state}"{sub_state}>\n',
            f"      <source>{xml_text(unit.en_text)}</source>\n",
            target,
            "    </segment>\n",
            "  </unit>\n",
        ]
    )


def xliff_bytes(units: Iterable[Unit]) -> tuple[bytes, int]:
    # Each <file> redeclares the namespaces, as earlier exports did, so an unchanged workspace exports the same bytes.
    parts = [f'<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<xliff {NS_DECLS} version="2.0" srcLang="en" trgLang="zh">']
    count = 0
    for file_no, (doc_id, doc_units) in enumerate(groupby(units, key=lambda u: u.doc_id), 1):
        parts.append(f'<file {NS_DECLS} id="f{file_no}" original="{xml_attr(doc_id)}">\n')
        for unit in doc_units:
            count += 1
            parts.append(unit_xml(unit, count))
        parts.append("</file>\n")
    parts.append("</xliff>")
    return "".join(parts).encode("utf-8"), count
