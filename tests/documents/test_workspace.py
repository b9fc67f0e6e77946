from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from align.ingest import ingest_pair
from align.workspace import MIGRATIONS, SCHEMA_VERSION, Workspace, default_workspace_path
from tests.conftest import seed_path


def test_new_workspace_is_wal_and_current(tmp_path: Path) -> None:
    with Workspace(tmp_path / "ws.sqlite") as ws:
        assert ws.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ws.schema_version == SCHEMA_VERSION


def test_forward_migration_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO documents VALUES ('d', 't', 0, 0)")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    with Workspace(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.document_ids() == ["d"]
        assert ws.conn.execute("SELECT count(*) FROM beads").fetchone()[0] == 0


def test_default_path_follows_env(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BITEXT_WORKSPACE", str(tmp_path / "x.sqlite"))
    assert default_workspace_path() == tmp_path / "x.sqlite"


def test_reingest_unchanged_changes_nothing_and_revision_keeps_ids(tmp_path: Path) -> None:
    src = tmp_path / "zh" / "000_test.txt"
    src.parent.mkdir()
    shutil.copy(seed_path("000"), src)
    with Workspace(tmp_path / "ws.sqlite") as ws:
        first = ingest_pair(ws, src)
        ids_before = ws.sentence_ids("000_test", "zh")
        changes = ws.conn.total_changes
        again = ingest_pair(ws, src)
        assert [r.status for r in first] == ["new"]
        assert [r.status for r in again] == ["unchanged"]
        assert ws.conn.total_changes == changes

        text = src.read_text(encoding="utf-8")
        src.write_text(text.replace("内部的看法截然不同。", "内部的看法完全不同。"), encoding="utf-8")
        revised = ingest_pair(ws, src)
        assert (revised[0].status, revised[0].revision) == ("revised", 2)
        ids_after = ws.sentence_ids("000_test", "zh")
        assert len(ids_after) == len(ids_before)
        assert len(set(ids_before) - set(ids_after)) == 1
        assert ws.conn.execute("SELECT count(*) FROM revisions WHERE doc_id='000_test'").fetchone()[0] == 2
