"""`bitext import FILE.jsonl|FILE.tmx`: restoring documents from a lossless JSONL export, or reading a TMX.

The whole file goes in one transaction, so a bad line leaves the workspace as it was. Documents already in
the workspace are refused rather than merged: decisions are append-only history, and interleaving two
histories of one document would change what its pairs' states mean.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.document import Document, Sentence, Turn
from align.errors import InputError
from align.export.jsonl import SCHEMA
from align.safexml import safe_parse
from align.workspace import Workspace, _rows, stable_id

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


# ------------------------------------------------------------------------------------------------- TMX

TMX_METHOD = "tmx-import"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})  # inline native code (e.g. "<b>"), not text


@dataclass
class _Tu:
    line: int | None
    props: dict[str, str]
    en: str
    zh: str

    @property
    def zh_aligned(self) -> str:
        """The Chinese as aligned: our export puts an edited pair's original in x-original-zh."""
        return self.props.get("x-original-zh") or self.zh


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _seg_text(element: Any) -> str:
    """A seg's text with inline markup removed: hi/sub keep their text, native-code tags (bpt, ph...) drop it."""
    parts = [element.text or ""]
    for child in element:
        if _local(child) not in _CODE_TAGS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang_of(tuv: Any) -> str | None:
    lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip().lower().replace("_", "-")
    primary = lang.split("-", 1)[0]
    if primary in ("en", "eng"):
        return "en"
    if primary in ("zh", "zho", "chi", "cmn"):
        return "zh"
    return None


def _read_tu(tu: Any, path: Path) -> _Tu:
    line = tu.sourceline
    props: dict[str, str] = {}
    segs: dict[str, str] = {}
    for child in tu:
        kind = _local(child)
        if kind == "prop" and child.get("type"):
            props.setdefault(child.get("type"), (child.text or "").strip())
        elif kind == "tuv":
            lang = _lang_of(child)
            seg = next((c for c in child if _local(c) == "seg"), None)
            if seg is None:
                raise InputError(path, child.sourceline, "<tuv> without a <seg>")
            if lang is not None and lang not in segs:
                segs[lang] = _seg_text(seg).strip()
    missing = [lang for lang in ("en", "zh") if lang not in segs]
    if missing:
        raise InputError(path, line, f"<tu> has no {' or '.join(missing)} <tuv> (xml:lang en*/zh*)")
    return _Tu(line, props, segs["en"], segs["zh"])


def read_tmx(path: Path) -> tuple[dict[str, list[_Tu]], str]:
    """Translation units grouped by document (the x-document prop, else the file's stem), in file order,
    and the file's SHA-256."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, None, "is a directory, expected a file") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror or exc}") from None
    root = safe_parse(data, path)
    if _local(root) != "tmx":
        raise InputError(path, root.sourceline, f"not TMX: root element is <{_local(root)}>, not <tmx>")
    body = next((c for c in root if _local(c) == "body"), None)
    if body is None:
        raise InputError(path, root.sourceline, "not TMX: no <body>")
    documents: dict[str, list[_Tu]] = {}
    for tu in body:
        if _local(tu) != "tu":
            continue
        unit = _read_tu(tu, path)
        if not unit.en and not unit.zh_aligned:
            continue
        doc_id = unit.props.get("x-document") or Path(path).stem or "tmx"
        documents.setdefault(doc_id, []).append(unit)
    if not documents:
        raise InputError(path, body.sourceline, "no translation units with text")
    return documents, hashlib.sha256(data).hexdigest()


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _side(doc_id: str, lang: str, units: list[_Tu], path: Path) -> tuple[Document, list[int | None]]:
    """One language side: a turn per run of units sharing turn and speaker, a sentence per non-empty seg.

    Returns the document and, per unit, the index of its sentence in reading order (None for an empty seg).
    """
    joiner = " " if lang == "en" else ""
    turns: list[Turn] = []
    positions: list[int | None] = []
    key: tuple[str | None, str | None] | None = None
    count = 0
    for unit in units:
        p = unit.props
        if lang == "en":
            this = (p.get("x-turn"), p.get("x-speaker"))
        else:
            this = (p.get("x-zh-turn", p.get("x-turn")), p.get("x-zh-speaker", p.get("x-speaker")))
        if not turns or this != key:
            key = this
            turns.append(Turn(label=None, speaker=this[1] or None, paragraphs=[""]))
        text = unit.en if lang == "en" else unit.zh_aligned
        if not text:
            positions.append(None)
            continue
        turn = turns[-1]
        start = len(turn.paragraphs[0]) + (len(joiner) if turn.paragraphs[0] else 0)
        turn.paragraphs[0] = f"{turn.paragraphs[0]}{joiner}{text}" if turn.paragraphs[0] else text
        timed = lang == "en" or not unit.en
        turn.sentences.append(
            Sentence(text, start, start + len(text), line_start=unit.line, line_end=unit.line,
                     t_start=_number(p.get("x-t-start")) if timed else None,
                     t_end=_number(p.get("x-t-end")) if timed else None)
        )  # fmt: skip
        positions.append(count)
        count += 1
    for turn in turns:
        starts = [s.t_start for s in turn.sentences if s.t_start is not None]
        ends = [s.t_end for s in turn.sentences if s.t_end is not None]
        turn.t_start, turn.t_end = (starts[0] if starts else None), (ends[-1] if ends else None)
    doc = Document(id=doc_id, language=lang, turns=turns, source_path=str(path), source_format="tmx")
    return doc, positions


def _tmx_rows(cur: Any, doc_id: str, units: list[_Tu], path: Path, sha256: str, now: float) -> tuple[int, int, int]:
    """Insert one document's sides, turns, sentences, beads and review decisions; returns the three counts."""
    cur.execute("INSERT INTO documents(id, title, created, updated) VALUES (?, NULL, ?, ?)", (doc_id, now, now))
    sentence_ids: dict[str, list[str]] = {}
    turn_ids: dict[str, list[str]] = {}
    sentence_turn: dict[str, list[int]] = {}
    positions: dict[str, list[int | None]] = {}
    for lang in ("en", "zh"):
        doc, positions[lang] = _side(doc_id, lang, units, path)
        turn_rows, sentence_rows = _rows(doc, 1)
        cur.execute(
            "INSERT INTO sides(doc_id, lang, path, sha256, revision, model_json, ingested) "
            "VALUES (?, ?, ?, ?, 1, ?, ?)",
            (doc_id, lang, str(path), sha256, json.dumps(doc.to_dict(), ensure_ascii=False), now),
        )
        cur.execute(
            "INSERT INTO revisions(doc_id, lang, revision, sha256, path, created) VALUES (?, ?, 1, ?, ?, ?)",
            (doc_id, lang, sha256, str(path), now),
        )
        cur.executemany(f"INSERT INTO turns VALUES ({','.join('?' * len(TURN_COLUMNS))})", turn_rows)
        cur.executemany(f"INSERT INTO sentences VALUES ({','.join('?' * len(SENTENCE_COLUMNS))})", sentence_rows)
        turn_ids[lang] = [str(r[0]) for r in turn_rows]
        sentence_ids[lang] = [str(r[0]) for r in sentence_rows]
        sentence_turn[lang] = [int(str(r[4])) for r in sentence_rows]
    # Turn beads group the units of one English turn, as the aligner's turn pass does; sentence beads are 1-1.
    pairs: list[tuple[list[str], list[str]]] = []
    unit_turn: list[int] = []
    for n in range(len(units)):
        en_pos, zh_pos = positions["en"][n], positions["zh"][n]
        pairs.append(([] if en_pos is None else [sentence_ids["en"][en_pos]],
                      [] if zh_pos is None else [sentence_ids["zh"][zh_pos]]))  # fmt: skip
        unit_turn.append(sentence_turn["en"][en_pos] if en_pos is not None else (unit_turn[-1] if unit_turn else 0))
    groups: list[list[int]] = []
    for n in range(len(units)):
        if groups and unit_turn[n] == unit_turn[groups[-1][0]]:
            groups[-1].append(n)
        else:
            groups.append([n])
    beads: list[tuple[object, ...]] = []
    parent_of: dict[int, str] = {}
    for ti, members in enumerate(groups):
        turn_en = [turn_ids["en"][unit_turn[members[0]]]]
        turn_zh = [z for m in members for z in pairs[m][1]]
        parent = stable_id(doc_id, "turn", json.dumps(turn_en), json.dumps(turn_zh))
        beads.append((parent, doc_id, "turn", ti, None, json.dumps(turn_en), json.dumps(turn_zh), None, TMX_METHOD,
                      now))  # fmt: skip
        parent_of.update((m, parent) for m in members)
    decisions: list[tuple[object, ...]] = []
    for n, (unit, (e, z)) in enumerate(zip(units, pairs, strict=True)):
        bead_id = stable_id(doc_id, "sentence", json.dumps(e), json.dumps(z))
        score = _number(unit.props.get("x-score"))
        beads.append((bead_id, doc_id, "sentence", n, parent_of[n], json.dumps(e), json.dumps(z), score, TMX_METHOD,
                      now))  # fmt: skip
        if unit.zh_aligned != unit.zh:  # our own export: the seg is the reviewer's edit of x-original-zh
            decisions.append((doc_id, bead_id, "edit", None, json.dumps({"zh": unit.zh}, ensure_ascii=False), now))
        if unit.props.get("x-status") == "final":
            decisions.append((doc_id, bead_id, "accept", None, "{}", now))
    cur.executemany(
        "INSERT INTO beads(id, doc_id, level, idx, parent, en_ids, zh_ids, score, method, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        beads,
    )
    cur.executemany(
        "INSERT INTO decisions(doc_id, target, kind, reason, payload, created) VALUES (?, ?, ?, ?, ?, ?)", decisions
    )
    return len(units), len(sentence_ids["en"]) + len(sentence_ids["zh"]), len(decisions)


def import_tmx(ws: Workspace, path: Path) -> ImportResult:
    """Documents from a TMX 1.4 file (ours or any CAT tool's), each tu one sentence bead, in one transaction."""
    path = Path(path)
    documents, sha256 = read_tmx(path)
    existing = set(ws.document_ids())
    clash = [d for d in documents if d in existing]
    if clash:
        line = documents[clash[0]][0].line
        raise InputError(path, line, f"already in the workspace: {', '.join(clash)} (import into a fresh workspace)")
    now = time.time()
    result = ImportResult()
    try:
        with ws.transaction() as cur:
            for doc_id, units in documents.items():
                beads, sentences, decisions = _tmx_rows(cur, doc_id, units, path, sha256, now)
                result.documents.append(doc_id)
                result.beads += beads
                result.sentences += sentences
                result.decisions += decisions
    except sqlite3.IntegrityError as exc:
        raise InputError(path, None, f"conflicts with the workspace: {exc}") from None
    return result
