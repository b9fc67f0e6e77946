"""TMX and XLIFF: parsed back with lxml (no entity resolution, no network) and TMX with translate-toolkit."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from align.export.formats import export
from align.export.records import Selection, Unit, units
from align.export.text import xml_safe
from align.export.tmx import tmx_bytes
from align.workspace import Workspace
from tests.export.conftest import LANG, MDA, SAFE_PARSER, XLF, add_flag, build_workspace


def parse(path: Path) -> etree._Element:
    return etree.parse(str(path), SAFE_PARSER).getroot()


def test_tmx_header_props_and_waiver_notes(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.tmx"
    with Workspace(seed_ws) as ws:
        result = export(ws, "tmx", out, Selection())
        expected = [u for u in units(ws, Selection()) if u.has_pair]
    root = parse(out)
    assert root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang"):
        assert header.get(attr)
    assert (header.get("srclang"), header.get("datatype"), header.get("segtype")) == ("en", "plaintext", "sentence")
    tus = root.findall("body/tu")
    assert len(tus) == result.units == len(expected) and result.skipped_one_sided > 0
    assert len({tu.get("tuid") for tu in tus}) == len(tus)
    by_id = {tu.get("tuid"): tu for tu in tus}
    for unit in expected:
        tu = by_id[unit.uid]
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-document"] == unit.doc_id and props["x-status"] == unit.state
        assert props["x-speaker"] == unit.en_speaker and props["x-turn"] == str(unit.en_turn)
        segs = {tuv.get(LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        assert segs == {"en": unit.en_text, "zh": unit.zh_reviewed}
        if unit.edited:
            assert props["x-original-zh"] == unit.zh_text != unit.zh_reviewed
        if unit.flags:
            assert props["x-flags"] == unit.flag_summary()
    notes = [n.text for n in root.iter("note")]
    assert any("waived" in n and "transliterated on purpose" in n for n in notes)
    assert any("accepted" in n and "checked against the recording" in n for n in notes)


def test_tmx_read_back_by_translate_toolkit(seed_ws: Path, tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    out = tmp_path / "c.tmx"
    with Workspace(seed_ws) as ws:
        export(ws, "tmx", out, Selection())
        expected = [u for u in units(ws, Selection()) if u.has_pair]
    store = tmxfile.parsefile(str(out))
    got = [u for u in store.units if not u.isheader()]
    assert len(got) == len(expected)
    for tk, unit in zip(got, expected, strict=True):
        assert tk.source == unit.en_text
        assert tk.target == unit.zh_reviewed
        assert tk.getid() == unit.uid
        assert tk.getnotes() == "\n".join(unit.closure_notes())


def test_xliff_states_notes_and_metadata(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.xlf"
    with Workspace(seed_ws) as ws:
        export(ws, "xliff", out, Selection())
        expected = list(units(ws, Selection()))
    root = parse(out)
    assert root.tag == f"{XLF}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en", "zh")
    xunits = root.findall(f"{XLF}file/{XLF}unit")
    assert len(xunits) == len(expected)
    states = set()
    for el, unit in zip(xunits, expected, strict=True):
        assert el.get("name") == unit.uid
        segment = el.find(f"{XLF}segment")
        states.add(segment.get("state"))
        assert segment.get("state") == unit.state
        assert segment.findtext(f"{XLF}source") == unit.en_text
        target = segment.find(f"{XLF}target")
        assert (target is None) == (unit.state == "initial")
        if target is not None:
            assert (target.text or "") == unit.zh_reviewed
        assert len(el.findall(f"{XLF}notes/{XLF}note")) == len(unit.flags)
        meta = {m.get("type"): m.text for m in el.iter(f"{MDA}meta")}
        assert meta["bead"] == unit.uid
        # Notes come after the metadata module and before the segment, as XLIFF 2.0 orders them.
        tags = [child.tag for child in el]
        assert tags[0] == f"{MDA}metadata" and tags[-1] == f"{XLF}segment"
    assert {"final", "reviewed", "translated", "initial"} <= states


def test_xliff_states_on_hand_built_pairs(tmp_path: Path) -> None:
    from align.decisions import record

    path = tmp_path / "ws.sqlite"
    beads = build_workspace(path, [(["One."], ["一。"]), (["Two."], ["二。"]), (["Three."], ["三。"]), (["Four."], [])])
    add_flag(path, "doc", beads[2], "f1", "warning")
    with Workspace(path) as ws:
        record(ws, "doc", beads[0], "accept")
        record(ws, "doc", "f1", "waive", reason="fine")
        assert [u.state for u in units(ws, Selection())] == ["final", "translated", "reviewed", "initial"]


def test_control_characters_and_cdata_end_survive_xml(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite"
    nasty_en = "Bell\x07 and NUL\x00 and form\x0c feed ]]> <b>&amp;</b> \ufffe end"
    nasty_zh = "控制\x01字符]]>和\x1f结束"
    beads = build_workspace(path, [([nasty_en], [nasty_zh])])
    add_flag(path, "doc", beads[0], "f1", "warning")
    from align.decisions import record

    with Workspace(path) as ws:
        record(ws, "doc", "f1", "waive", reason="reason with \x0b and ]]>")
        for fmt in ("tmx", "xliff"):
            export(ws, fmt, tmp_path / f"out.{fmt}", Selection())
    tmx = parse(tmp_path / "out.tmx")
    assert [s.text for s in tmx.iter("seg")] == [xml_safe(nasty_en), xml_safe(nasty_zh)]
    assert xml_safe(nasty_en) == "Bell and NUL and form feed ]]> <b>&amp;</b>  end"
    assert "reason with  and ]]>" in tmx.findtext("body/tu/note")
    xlf = parse(tmp_path / "out.xliff")
    assert xlf.findtext(f".//{XLF}source") == xml_safe(nasty_en)
    assert xlf.findtext(f".//{XLF}target") == xml_safe(nasty_zh)
    assert b"]]>" not in (tmp_path / "out.tmx").read_bytes()


def test_xml_readers_in_tests_do_not_expand_entities(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tmx"
    evil.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>'
    )
    assert "root:" not in (parse(evil).findtext("body/tu/tuv/seg") or "")


def _unit(en: str, zh: str) -> Unit:
    return Unit(
        uid="u", doc_id="d", unit="sentence", idx=0, bead_ids=["u"], parent_id=None, en=[en], zh=[zh],
        zh_reviewed=zh, en_speaker=None, en_role=None, en_turn=None, zh_speaker=None, zh_role=None, zh_turn=None,
        t_start=None, t_end=None, score=None, accepted=False, edited=False, reviewed=False,
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.text(), st.text())
def test_any_text_makes_well_formed_tmx(en: str, zh: str) -> None:
    data, count = tmx_bytes([_unit(en, zh)], "sentence")
    root = etree.fromstring(data, SAFE_PARSER)
    segs = [s.text or "" for s in root.iter("seg")]
    assert segs == [xml_safe(en), xml_safe(zh)]
    assert count == 1
