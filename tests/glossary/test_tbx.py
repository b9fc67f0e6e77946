"""TBX v2/v3, CSV and TSV round trips, foreign TBX shapes, and hostile XML refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from align.errors import InputError
from glossary.model import STATUSES, Concept
from glossary.tbx import TBX3_NS, concepts_from_tbx, concepts_to_tbx, export_concepts, import_concepts
from glossary.termbase import default_glossary_path, format_terms, load_terms, parse_terms

EDGE_CASES = [
    Concept("forbidden-one", "AGI", ("artificial general intelligence",), "", ("通用人工智能",), (), "forbidden"),
    Concept("admitted-en", "LLM", (), "大模型", status="admitted", case_sensitive=True, note="line one\nline two"),
    Concept("no-zh", "placeholder", status="deprecated"),
    Concept("amp", "R&D <lab>", (), '研发"实验室"', domain=("a", "b"), related=("amp",)),
]


@pytest.mark.parametrize("fmt", ["tbx2", "tbx3", "csv", "tsv"])
def test_round_trip_preserves_every_field(concepts: list[Concept], tmp_path: Path, fmt: str) -> None:
    everything = [*concepts, *EDGE_CASES]
    path = tmp_path / f"out.{fmt}"
    export_concepts(path, everything, fmt)  # type: ignore[arg-type]
    back = import_concepts(path, "tbx" if fmt.startswith("tbx") else fmt)  # type: ignore[arg-type]
    assert back == everything


def test_tbx2_structure(concepts: list[Concept]) -> None:
    root = etree.fromstring(concepts_to_tbx(concepts[:1], 2))
    assert root.tag == "martif"
    [tig] = root.xpath("text/body/termEntry[@id='agent']/langSet[@xml:lang='zh']/tig[term='智能体']")
    assert tig.findtext("termNote[@type='administrativeStatus']") == "preferredTerm-admn-sts"
    forbidden = root.xpath("//langSet[@xml:lang='zh']/tig[term='经纪人']/termNote/text()")
    assert forbidden == ["deprecatedTerm-admn-sts"]
    assert root.xpath("//termEntry/descrip[@type='subjectField']/text()") == ["agents"]


def test_tbx3_structure(concepts: list[Concept]) -> None:
    root = etree.fromstring(concepts_to_tbx(concepts[:1], 3))
    ns = {"t": TBX3_NS}
    assert root.tag == f"{{{TBX3_NS}}}tbx"
    terms = root.xpath("t:text/t:body/t:conceptEntry/t:langSec[@xml:lang='en']/t:termSec/t:term/text()", namespaces=ns)
    assert terms == ["agent", "agents", "AI agent"]


def test_foreign_tbx2_with_ntig_and_superseded_terms() -> None:
    data = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en-US"><martifHeader/><text><body>
  <termEntry id="c1">
    <descripGrp><descrip type="definition">ignored</descrip></descripGrp>
    <langSet xml:lang="en-US"><ntig><termGrp><term>token</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig></langSet>
    <langSet xml:lang="zh-CN">
      <tig><term>令牌</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
      <tig><term>词元</term></tig>
      <tig><term>token</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    </langSet>
    <langSet xml:lang="de"><tig><term>Token</term></tig></langSet>
  </termEntry>
  <termEntry><langSet xml:lang="en"><tig><term>Mixture of Experts</term></tig></langSet></termEntry>
</body></text></martif>""".encode()
    token, moe = concepts_from_tbx(data, "x.tbx")
    assert token == Concept("c1", "token", (), "词元", ("token",), ("令牌",))
    assert moe.id == "mixture-of-experts"


def test_tbx3_without_namespace_is_read_too() -> None:
    data = b"""<tbx><text><body><conceptEntry id="a"><langSec xml:lang="en"><termSec><term>agent</term>
    </termSec></langSec></conceptEntry></body></text></tbx>"""
    assert concepts_from_tbx(data, None) == [Concept("a", "agent")]


def test_duplicate_entry_ids_are_made_unique() -> None:
    entry = '<termEntry id="a"><langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry>'
    data = f"<martif><text><body>{entry}{entry}</body></text></martif>".encode()
    assert [c.id for c in concepts_from_tbx(data, None)] == ["a", "a-2"]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"<martif><text><body><termEntry>", "not well-formed"),
        (b"<html/>", "not TBX"),
        (b"<martif><text><body><termEntry id='x'/></body></text></martif>", "no English term"),
    ],
)
def test_bad_tbx(data: bytes, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        concepts_from_tbx(data, "bad.tbx")


def test_xxe_is_refused_and_nothing_leaks(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    payload = f"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file://{secret}">]>
<martif><text><body><termEntry id="a"><langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet>
</termEntry></body></text></martif>""".encode()
    with pytest.raises(InputError) as err:
        concepts_from_tbx(payload, "xxe.tbx")
    assert "TOP-SECRET" not in str(err.value)
    assert "entity" in err.value.message


def test_parameter_entity_is_refused(tmp_path: Path) -> None:
    payload = f"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY % p SYSTEM "file://{tmp_path}/evil.dtd"> %p;]><martif/>""".encode()
    with pytest.raises(InputError, match="entity"):
        concepts_from_tbx(payload, "p.tbx")


def test_billion_laughs_is_refused() -> None:
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    payload = f"""<?xml version="1.0"?>
<!DOCTYPE martif [{"".join(levels)}]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&lol9;</term></tig></langSet>
</termEntry></body></text></martif>""".encode()
    with pytest.raises(InputError, match="entity"):
        concepts_from_tbx(payload, "lol.tbx")


def test_undeclared_entity_is_a_syntax_error() -> None:
    with pytest.raises(InputError, match="not well-formed"):
        concepts_from_tbx(b"<martif>&nope;</martif>", "e.tbx")


_TEXT = st.text(alphabet="abcXYZ 09-&<>\"'智能体開放，。\n", min_size=1, max_size=12).map(str.strip).filter(bool)
_ITEM = _TEXT.filter(lambda t: "|" not in t and "\n" not in t)
_ID = st.text(alphabet="abcxyz0129-_.", min_size=1, max_size=8)


@st.composite
def canonical_concepts(draw: st.DrawFn) -> list[Concept]:
    """Concepts as loading a CSV produces them: stripped, no empty items, no form repeated in its column."""
    ids = draw(st.lists(_ID, min_size=1, max_size=4, unique=True))
    concepts = []
    for concept_id in ids:
        en = draw(_ITEM)
        zh = draw(st.one_of(st.just(""), _ITEM))
        concepts.append(
            Concept(
                id=concept_id,
                en=en,
                en_variants=tuple(draw(st.lists(_ITEM.filter(lambda t, en=en: t != en), max_size=2, unique=True))),
                zh=zh,
                zh_admitted=tuple(draw(st.lists(_ITEM.filter(lambda t, zh=zh: t != zh), max_size=2, unique=True))),
                zh_forbidden=tuple(draw(st.lists(_ITEM, max_size=2, unique=True))),
                status=draw(st.sampled_from(STATUSES)),
                case_sensitive=draw(st.booleans()),
                note=draw(st.one_of(st.just(""), _TEXT)),
                domain=tuple(draw(st.lists(_ITEM, max_size=2, unique=True))),
                related=tuple(draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))),
            )
        )
    return concepts


@settings(max_examples=150, deadline=None)
@given(canonical_concepts(), st.sampled_from([2, 3]))
def test_any_canonical_glossary_survives_tbx(concepts: list[Concept], version: int) -> None:
    assert concepts_from_tbx(concepts_to_tbx(concepts, version), None) == concepts  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(canonical_concepts())
def test_any_canonical_glossary_survives_csv(concepts: list[Concept]) -> None:
    assert parse_terms(format_terms(concepts), None) == concepts


def test_control_characters_cannot_be_exported() -> None:
    with pytest.raises(InputError, match="cannot be written as XML"):
        concepts_to_tbx([Concept("bell", "bell\x07")], 2)


@pytest.mark.parametrize("version", [2, 3])
def test_bundled_glossary_survives_tbx(version: int) -> None:
    path = default_glossary_path()
    if not path.exists():
        pytest.skip("no bundled terms.csv yet")
    concepts = load_terms(path)
    assert concepts_from_tbx(concepts_to_tbx(concepts, version), path) == concepts  # type: ignore[arg-type]
