"""terms.csv: strict loading with line numbers, stable and atomic saving."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from align.errors import InputError
from glossary.model import Concept
from glossary.termbase import (
    default_glossary_path,
    format_terms,
    load_terms,
    merge_concepts,
    parse_terms,
    save_terms,
)

HEADER = "id,en,en_variants,zh,zh_admitted,zh_forbidden,status,case_sensitive,note,domain,related\n"
GOOD = "agent,agent,agents,智能体,代理,经纪人,preferred,no,,agents,\n"


def test_load_fixture(concepts: list[Concept]) -> None:
    agent = concepts[0]
    assert agent == Concept(
        id="agent",
        en="agent",
        en_variants=("agents", "AI agent"),
        zh="智能体",
        zh_admitted=("代理", "Agent"),
        zh_forbidden=("经纪人", "代理人"),
        status="preferred",
        case_sensitive=False,
        note="Not 代理人: that is the legal sense",
        domain=("agents",),
        related=("multi-agent",),
    )
    assert [c.id for c in concepts][-1] == "alignment"
    assert concepts[-1].note == 'superseded by "AI alignment"'


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        (GOOD + "x,y\n", 3, "expected 11 columns, found 2"),
        (GOOD + "x,x,,,,,,,,,,\n", 3, "expected 11 columns, found 12"),
        (GOOD + GOOD.replace("preferred", "approved"), 3, "bad status 'approved'"),
        (GOOD + GOOD.replace("agent,agent,", ",agent,", 1), 3, "empty id"),
        (GOOD + GOOD.replace("agent,agent,", "agent2,,", 1), 3, "empty en"),
        (GOOD + "\n" + GOOD, 4, "duplicate id 'agent' (first on line 2)"),
        (GOOD + GOOD.replace(",no,", ",maybe,").replace("agent,agent", "b,b"), 3, "case_sensitive must be yes or no"),
        (GOOD + GOOD.replace("agent,agent", "a b,b"), 3, "must not contain spaces"),
        # A quoted note spanning two lines: the next row's line number still counts physical lines.
        ('a,a,,甲,,,preferred,no,"two\nlines",,\n' + GOOD.replace("preferred", "bad"), 4, "bad status"),
    ],
)
def test_malformed_rows_name_file_and_line(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_terms(path)
    assert err.value.path == path
    assert err.value.line == line
    assert fragment in err.value.message


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ("id,en,colour\n", "unknown column 'colour'"),
        ("id,en,en\n", "appears twice"),
        ("id,zh\n", "missing column 'en'"),
    ],
)
def test_bad_header(header: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        parse_terms(header, "t.csv")
    assert err.value.line == 1
    assert fragment in err.value.message


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty glossary"):
        parse_terms("", "t.csv")
    with pytest.raises(InputError, match="cannot read"):
        load_terms(tmp_path / "absent.csv")


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_bytes((HEADER + GOOD).encode() + "b,b,,乙,,,preferred,no,,,\n".encode("gb18030"))
    with pytest.raises(InputError) as err:
        load_terms(path)
    assert err.value.line == 3


def test_optional_columns_default_and_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_bytes("id,en,zh\nagent,agent,智能体\n".encode("utf-8-sig"))
    [concept] = load_terms(path)
    assert concept == Concept("agent", "agent", zh="智能体")


def test_save_round_trips_byte_for_byte(terms_path: Path) -> None:
    before = terms_path.read_bytes()
    save_terms(terms_path, load_terms(terms_path))
    assert terms_path.read_bytes() == before


def test_edit_changes_one_line_and_keeps_order(terms_path: Path) -> None:
    before = terms_path.read_text(encoding="utf-8").splitlines()
    concepts = load_terms(terms_path)
    concepts[2] = replace(concepts[2], note="edited")
    concepts.append(Concept("new", "new term", zh="新术语"))
    save_terms(terms_path, concepts)
    after = terms_path.read_text(encoding="utf-8").splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
    assert changed == [3]
    assert after[-1].startswith("new,new term,")
    assert len(after) == len(before) + 1


def test_save_is_atomic_when_the_rename_fails(terms_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = terms_path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError("simulated crash during rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        save_terms(terms_path, [Concept("only", "only")])
    assert terms_path.read_bytes() == before
    assert sorted(p.name for p in terms_path.parent.iterdir()) == ["terms.csv"]  # no temp file left behind


def test_save_keeps_file_mode(terms_path: Path) -> None:
    terms_path.chmod(0o640)
    save_terms(terms_path, load_terms(terms_path))
    assert terms_path.stat().st_mode & 0o777 == 0o640


def test_tsv_round_trip(concepts: list[Concept], tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    save_terms(path, concepts, delimiter="\t")
    assert load_terms(path, delimiter="\t") == concepts


def test_format_writes_every_column() -> None:
    text = format_terms([Concept("gpqa", "GPQA", zh="GPQA", case_sensitive=True, domain=("a", "b"))])
    assert text == HEADER + "gpqa,GPQA,,GPQA,,,preferred,yes,,a|b,\n"


def test_merge_replaces_in_place_and_appends() -> None:
    a, b, c = Concept("a", "a"), Concept("b", "b"), Concept("c", "c")
    merged, added, changed = merge_concepts([a, b], [replace(a, zh="甲"), b, c])
    assert [x.id for x in merged] == ["a", "b", "c"]
    assert merged[0].zh == "甲"
    assert (added, changed) == (["c"], ["a"])


def test_default_glossary_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BITEXT_GLOSSARY", raising=False)
    assert default_glossary_path().name == "terms.csv"
    assert default_glossary_path().parent.name == "glossary"
    monkeypatch.setenv("BITEXT_GLOSSARY", str(tmp_path / "mine.csv"))
    assert default_glossary_path() == tmp_path / "mine.csv"


def test_bundled_glossary_is_in_canonical_form() -> None:
    """So the first edit through the CLI or TUI changes one line, not the whole file."""
    path = default_glossary_path()
    if not path.exists():
        pytest.skip("no bundled terms.csv yet")
    assert format_terms(load_terms(path)) == path.read_text(encoding="utf-8")
