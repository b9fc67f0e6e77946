"""`bitext import FILE.jsonl`: restoring documents from a lossless JSONL export.

The whole file goes in one transaction, so a bad line leaves the workspace as it was. Documents already in
the workspace are refused rather than merged: decisions are append-only history, and interleaving two
histories of one document would change what its pairs' states mean.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.export.jsonl import SCHEMA
from align.workspace import Workspace

TURN_COLUMNS = ("id", "doc_id", "lang", "idx", "label", "speaker", "role", "kind", "section", "line_start",
                "line_end", "t_start", "t_end", "revision")  # fmt: skip
SENTENCE_COLUMNS = ("id", "doc_id", "lang", "turn_id", "turn_idx", "idx", "text", "hash", "start", "end",
                    "line_start", "line_end", "t_start", "t_end", "revision")  # fmt: skip


@dataclass
class ImportResult:
    documents: list[str] = field(default_factory=list)
    beads: int = 0
    sentences: int = 0
    flags: int = 0
    decisions: int = 0


@dataclass
class _Document:
    """One document's rows gathered from its records, inserted once the file has been read without error."""

    record: dict[str, Any]
    sentences: dict[str, dict[str, Any]] = field(default_factory=dict)
    beads: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(path, number, f"not JSON: {exc.msg}") from None
                except (RecursionError, ValueError) as exc:
                    raise InputError(path, number, f"not JSON: {type(exc).__name__}") from None
                if not isinstance(record, dict) or record.get("type") not in ("document", "bead"):
                    raise InputError(path, number, "not a bitext JSONL record (export with --format jsonl)")
                yield number, record
    except FileNotFoundError:
        raise InputError(path, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, None, "is a directory, expected a file") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, None, f"not UTF-8 ({exc.reason})") from None


def read_export(path: Path) -> list[_Document]:
    documents: dict[str, _Document] = {}
    for number, record in _records(path):
        try:
            if record["type"] == "document":
                if record.get("schema") != SCHEMA:
                    raise InputError(path, number, f"unsupported export schema {record.get('schema')!r}")
                if record["doc_id"] in documents:
                    raise InputError(path, number, f"document {record['doc_id']} appears twice")
                doc = documents[record["doc_id"]] = _Document(record)
                doc.sentences.update((s["id"], s) for s in record["sentences"])
                doc.flags += record["flags"]
                doc.decisions += record["decisions"]
                continue
            doc = documents.get(record["doc_id"])
            if doc is None:
                raise InputError(path, number, f"bead before its document record ({record['doc_id']})")
            doc.beads.append(record)
            for lang in ("en", "zh"):
                doc.sentences.update((s["id"], s | {"lang": lang}) for s in record["sentences"][lang])
            doc.flags += record["flags"]
            doc.decisions += record["decisions"]
        except (KeyError, TypeError) as exc:
            raise InputError(path, number, f"record is missing or mistypes field {exc}") from None
    return list(documents.values())


def _dumps(value: Any, ascii_only: bool = False) -> str | None:
    """JSON columns re-serialised exactly as the workspace writers serialise them."""
    return None if value is None else json.dumps(value, ensure_ascii=ascii_only)


def _insert_document(cur: Any, doc: _Document, renumber_from: int | None) -> None:
    r = doc.record
    doc_id = r["doc_id"]
    cur.execute(
        "INSERT INTO documents(id, title, created, updated) VALUES (?, ?, ?, ?)",
        (doc_id, r["title"], r["created"], r["updated"]),
    )
    cur.executemany(
        "INSERT INTO sides(doc_id, lang, path, sha256, revision, model_json, ingested) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, s["lang"], s["path"], s["sha256"], s["revision"], _dumps(s["model"]), s["ingested"])
         for s in r["sides"]],
    )  # fmt: skip
    cur.executemany(
        "INSERT OR REPLACE INTO revisions(doc_id, lang, revision, sha256, path, created) VALUES (?, ?, ?, ?, ?, ?)",
        [(doc_id, v["lang"], v["revision"], v["sha256"], v["path"], v["created"]) for v in r["revisions"]],
    )
    cur.executemany(
        f"INSERT INTO turns VALUES ({','.join('?' * len(TURN_COLUMNS))})",
        [tuple(doc_id if c == "doc_id" else t[c] for c in TURN_COLUMNS) for t in r["turns"]],
    )
    cur.executemany(
        f"INSERT INTO sentences VALUES ({','.join('?' * len(SENTENCE_COLUMNS))})",
        [tuple(doc_id if c == "doc_id" else s[c] for c in SENTENCE_COLUMNS) for s in doc.sentences.values()],
    )
    beads = [(b, "turn") for b in r["turn_beads"]] + [(b, "sentence") for b in doc.beads]
    cur.executemany(
        "INSERT INTO beads(id, doc_id, level, idx, parent, en_ids, zh_ids, score, method, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(b["id"], doc_id, level, b["idx"], b["parent"], _dumps(b["en_ids"], True), _dumps(b["zh_ids"], True),
          b["score"], b["method"], b["created"]) for b, level in beads],
    )  # fmt: skip
    cur.executemany(
        "INSERT INTO flags VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(f["id"], doc_id, f["bead_id"], f["check"], f["severity"], f["category"], f["message"], f["suggestion"],
          _dumps(f["en_spans"], True), _dumps(f["zh_spans"], True), _dumps(f["evidence"]), f["created"])
         for f in doc.flags],
    )  # fmt: skip
    decisions = sorted(doc.decisions, key=lambda d: d["id"])
    cur.executemany(
        "INSERT INTO decisions(id, doc_id, target, kind, reason, payload, created, undone) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(d["id"] if renumber_from is None else renumber_from + n, doc_id, d["target"], d["kind"], d["reason"],
          _dumps(d["payload"]), d["created"], d["undone"]) for n, d in enumerate(decisions)],
    )  # fmt: skip


def import_jsonl(ws: Workspace, path: Path) -> ImportResult:
    """Restore every document in the file; decision ids are kept unless the workspace already uses them."""
    documents = read_export(path)
    if not documents:
        raise InputError(path, None, "no document records: not a `bitext export --format jsonl` file")
    existing = set(ws.document_ids())
    clash = [d.record["doc_id"] for d in documents if d.record["doc_id"] in existing]
    if clash:
        raise InputError(path, None, f"already in the workspace: {', '.join(clash)} (import into a fresh workspace)")
    used = {r[0] for r in ws.conn.execute("SELECT id FROM decisions")}
    wanted = [d["id"] for doc in documents for d in doc.decisions]
    keep_ids = not used.intersection(wanted) and len(set(wanted)) == len(wanted)
    result = ImportResult()
    try:
        with ws.transaction() as cur:
            for doc in documents:
                start = (
                    None
                    if keep_ids
                    else int(cur.execute("SELECT coalesce(max(id), 0) + 1 FROM decisions").fetchone()[0])
                )
                _insert_document(cur, doc, start)
                result.documents.append(doc.record["doc_id"])
                result.beads += len(doc.beads)
                result.sentences += len(doc.sentences)
                result.flags += len(doc.flags)
                result.decisions += len(doc.decisions)
    except sqlite3.IntegrityError as exc:
        raise InputError(path, None, f"conflicts with the workspace: {exc}") from None
    except (KeyError, TypeError) as exc:
        raise InputError(path, None, f"a record is missing or mistypes field {exc}") from None
    return result
