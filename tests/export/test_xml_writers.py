"""The TMX and XLIFF writers build markup as text: their escaping must be libxml2's, and whatever a field holds
must parse back as that field (attributes included, where a parser would otherwise fold tabs and line breaks)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from align.export.records import FlagInfo, Unit
from align.export.text import xml_attr, xml_safe, xml_text
from align.export.tmx import tmx_bytes
from align.export.xliff import xliff_bytes
from tests.export.conftest import MDA, SAFE_PARSER, XLF

# Plain text, plus the characters XML treats specially or cannot hold at all.
TEXT = st.text() | st.sampled_from(["", " x ", "a\r\nb\tc", '"q" & <b>', "]]>", "\x00\x0b\ufffe", "\ud800"])


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_escaping_is_what_lxml_writes(value: str) -> None:
    el = etree.Element("e", a=xml_safe(value))
    el.text = xml_safe(value)
    assert etree.tostring(el, encoding="utf-8") == f'<e a="{xml_attr(value)}">{xml_text(value)}</e>'.encode()


def _unit(uid: str, doc_id: str, en: str, zh: str, speaker: str, flag_text: str, edited: bool) -> Unit:
    flag = FlagInfo("f", "terms.glossary", "warning", flag_text, flag_text, None, "waived", flag_text)
    return Unit(
        uid=uid, doc_id=doc_id, unit="sentence", idx=0, bead_ids=[uid], parent_id=None, en=[en], zh=[zh],
        zh_reviewed=zh + "!" if edited else zh, en_speaker=speaker, en_role=None, en_turn=1, zh_speaker=speaker,
        zh_role=None, zh_turn=1, t_start=0.5, t_end=1.5, score=0.25, accepted=False, edited=edited, reviewed=edited,
        flags=[flag],
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, st.booleans())
def test_every_field_survives_both_writers(
    uid: str, doc_id: str, en: str, zh: str, speaker: str, flag_text: str, edited: bool
) -> None:
    unit = _unit(uid, doc_id, en, zh, speaker, flag_text, edited)

    tmx, tmx_count = tmx_bytes([unit], "sentence")
    tu = etree.fromstring(tmx, SAFE_PARSER).find("body/tu")
    assert tmx_count == 1 and tu.get("tuid") == xml_safe(uid)
    props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
    # An empty value leaves its prop out; one that is empty only once made safe keeps an empty prop.
    assert props.get("x-speaker") == (xml_safe(speaker) if speaker else None)
    assert [s.text or "" for s in tu.iter("seg")] == [xml_safe(en), xml_safe(unit.zh_reviewed)]
    assert tu.findtext("note") == xml_safe(f"waived terms.glossary: {flag_text}")

    xliff, xliff_count = xliff_bytes([unit])
    root = etree.fromstring(xliff, SAFE_PARSER)
    file_el = root.find(f"{XLF}file")
    el = file_el.find(f"{XLF}unit")
    assert xliff_count == 1 and file_el.get("original") == xml_safe(doc_id) and el.get("name") == xml_safe(uid)
    note = el.find(f"{XLF}notes/{XLF}note")
    assert note.get("category") == xml_safe(flag_text)
    assert (note.text or "") == xml_safe(f"waived warning terms.glossary: {flag_text}")
    meta = {m.get("type"): m.text or "" for m in el.iter(f"{MDA}meta")}
    assert meta.get("bead", "") == xml_safe(uid) and meta.get("original-zh", "") == (xml_safe(zh) if edited else "")
    segment = el.find(f"{XLF}segment")
    assert (segment.findtext(f"{XLF}source") or "") == xml_safe(en)
    assert (segment.findtext(f"{XLF}target") or "") == xml_safe(unit.zh_reviewed)


def test_empty_exports_are_well_formed() -> None:
    assert etree.fromstring(tmx_bytes([], "sentence")[0], SAFE_PARSER).find("body") is not None
    assert etree.fromstring(xliff_bytes([])[0], SAFE_PARSER).find(f"{XLF}file") is None
