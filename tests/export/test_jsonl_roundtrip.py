"""The lossless JSONL: export, import into a fresh workspace, export again, and nothing has changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from align.corpus_import import import_jsonl
from align.errors import InputError
from align.export.formats import export
from align.export.records import Selection
from align.workspace import Workspace
from tests.export.conftest import build_workspace

TABLES = {
    "documents": "id",
    "sides": "doc_id, lang",
    "revisions": "doc_id, lang, revision",
    "turns": "id",
    "sentences": "id",
    "beads": "id",
    "flags": "id",
    "decisions": "id",
}


def dump_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY {key}").fetchall() for t, key in TABLES.items()}
    finally:
        conn.close()


def test_export_import_export_is_byte_identical_and_restores_every_row(seed_ws: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    fresh = tmp_path / "fresh.sqlite"
    with Workspace(seed_ws) as ws:
        result = export(ws, "jsonl", first, Selection())
    with Workspace(fresh) as ws:
        imported = import_jsonl(ws, first)
        export(ws, "jsonl", second, Selection())
    assert first.read_bytes() == second.read_bytes()
    assert imported.beads == result.units > 300 and imported.decisions >= 7 and imported.flags > 0
    assert dump_tables(seed_ws) == dump_tables(fresh)
    with Workspace(fresh) as ws:
        assert ws.load_document(imported.documents[0], "zh") is not None


def test_bead_records_carry_every_field(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    with Workspace(seed_ws) as ws:
        export(ws, "jsonl", out, Selection())
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[0]["type"] == "document" and records[0]["turns"] and records[0]["turn_beads"]
    beads = [r for r in records if r["type"] == "bead"]
    edited = next(r for r in beads if r["edited"])
    assert edited["zh_original"] != edited["zh_reviewed"]
    assert [d["kind"] for d in edited["decisions"]] == ["edit"]
    for key in ("id", "parent", "en_ids", "zh_ids", "en", "en_speaker", "zh_speaker", "en_turn", "score", "state"):
        assert key in edited
    assert edited["id"] and edited["sentences"]["en"][0]["text"] in edited["en"]
    flagged = [f for r in beads for f in r["flags"]]
    assert {"open", "waived", "accepted"} <= {f["status"] for f in flagged}
    assert any(d["undone"] for r in beads for d in r["decisions"])


def test_control_characters_round_trip_losslessly(tmp_path: Path) -> None:
    src, fresh = tmp_path / "src.sqlite", tmp_path / "fresh.sqlite"
    build_workspace(src, [(["NUL\x00 and ]]> here"], ["\x01控制"]), ([], ["只有中文"])])
    with Workspace(src) as ws:
        export(ws, "jsonl", tmp_path / "a.jsonl", Selection())
    with Workspace(fresh) as ws:
        import_jsonl(ws, tmp_path / "a.jsonl")
        export(ws, "jsonl", tmp_path / "b.jsonl", Selection())
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert dump_tables(src) == dump_tables(fresh)


def test_import_refuses_existing_documents_and_bad_lines(seed_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    with Workspace(seed_ws) as ws:
        export(ws, "jsonl", out, Selection())
        with pytest.raises(InputError, match="already in the workspace"):
            import_jsonl(ws, out)
    lines = out.read_text().splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([*lines[:3], "{not json", *lines[3:]]) + "\n")
    with Workspace(tmp_path / "fresh.sqlite") as ws:
        with pytest.raises(InputError) as info:
            import_jsonl(ws, broken)
        assert info.value.line == 4
        orphan = tmp_path / "orphan.jsonl"
        orphan.write_text(lines[1] + "\n")
        with pytest.raises(InputError, match="before its document"):
            import_jsonl(ws, orphan)
        assert ws.document_ids() == []


def test_jsonl_refuses_turn_units(seed_ws: Path, tmp_path: Path) -> None:
    with Workspace(seed_ws) as ws, pytest.raises(InputError, match="lossless per bead"):
        export(ws, "jsonl", tmp_path / "a.jsonl", Selection(unit="turn"))
