"""JSON Lines: the lossless bead records `bitext import` restores a workspace from, and the Hugging Face form.

The lossless file is one `document` record (sides, revisions, turns, turn beads, and anything not attached
to a sentence bead) followed by one `bead` record per sentence bead carrying its sentences, flags and the
decisions on it, plus the derived fields (texts, reviewed Chinese, state) a reader would otherwise have to
recompute. JSON-valued columns are stored parsed, and every list comes out in a fixed order, so exporting,
importing and exporting again gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from align.export.records import DocumentRows, Selection, Unit, load_rows, selected_doc_ids, sentence_units
from align.workspace import Workspace

SCHEMA = 1


def _json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _without(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    # A copy with the keys popped, not a filtering comprehension: this runs for every row of the export, and
    # copying the dict in C is several times cheaper than rebuilding it key by key.
    out = row.copy()
    for key in keys:
        out.pop(key, None)
    return out


def _flag(row: dict[str, Any], rows: DocumentRows) -> dict[str, Any]:
    status, reason = rows.flag_status.get(row["id"], ("open", None))
    return {
        "id": row["id"],
        "bead_id": row["bead_id"],
        "check": row["check_id"],
        "severity": row["severity"],
        "category": row["category"],
        "message": row["message"],
        "suggestion": row["suggestion"],
        "en_spans": _json(row["en_spans"]),
        "zh_spans": _json(row["zh_spans"]),
        "evidence": _json(row["evidence"]),
        "created": row["created"],
        "status": status,
        "reason": reason,
    }


def _decision(row: dict[str, Any]) -> dict[str, Any]:
    return _without(row, "doc_id") | {"payload": _json(row["payload"])}


def _bead_fields(row: dict[str, Any]) -> dict[str, Any]:
    return _without(row, "doc_id", "level")


def document_record(
    rows: DocumentRows, owned_sentences: set[str], owned_flags: set[str], owned_targets: set[str]
) -> dict[str, Any]:
    """Everything of the document that no sentence bead carries, so nothing is lost on the way back."""
    return {
        "type": "document",
        "schema": SCHEMA,
        "doc_id": rows.doc_id,
        "title": rows.document["title"],
        "created": rows.document["created"],
        "updated": rows.document["updated"],
        "sides": [_without(s, "doc_id", "model_json") | {"model": _json(s["model_json"])} for s in rows.sides],
        "revisions": [_without(r, "doc_id") for r in rows.revisions],
        "turns": [_without(t, "doc_id") for t in rows.turns],
        "turn_beads": [_bead_fields(b) for b in rows.turn_beads],
        "sentences": [_without(s, "doc_id") for s in rows.sentences.values() if s["id"] not in owned_sentences],
        "flags": [_flag(f, rows) for f in rows.flags if f["id"] not in owned_flags],
        "decisions": [_decision(d) for d in rows.decisions if d["target"] not in owned_targets],
    }


def bead_record(
    rows: DocumentRows, bead: dict[str, Any], unit: Unit, flags: list[dict[str, Any]], decisions: list[dict[str, Any]]
) -> dict[str, Any]:
    sentences = rows.sentences
    return {
        "type": "bead",
        "doc_id": rows.doc_id,
        **_bead_fields(bead),
        "bead_type": unit.bead_type,
        "en": unit.en_text,
        "zh_original": unit.zh_text,
        "zh_reviewed": unit.zh_reviewed,
        "edited": unit.edited,
        "accepted": unit.accepted,
        "reviewed": unit.reviewed,
        "state": unit.state,
        "en_speaker": unit.en_speaker,
        "en_role": unit.en_role,
        "en_turn": unit.en_turn,
        "zh_speaker": unit.zh_speaker,
        "zh_role": unit.zh_role,
        "zh_turn": unit.zh_turn,
        "t_start": unit.t_start,
        "t_end": unit.t_end,
        "flags": [_flag(f, rows) for f in flags],
        "decisions": [_decision(d) for d in decisions],
        "sentences": {
            "en": [_without(sentences[i], "doc_id", "lang") for i in bead["en_ids"] if i in sentences],
            "zh": [_without(sentences[i], "doc_id", "lang") for i in bead["zh_ids"] if i in sentences],
        },
    }


# One encoder for every record: `json.dumps` with options builds a new one per call. UTF8_ENCODER writes as
# `json.dumps(record, ensure_ascii=False)` does (the Hugging Face and DPO lines).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
UTF8_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _dump(record: dict[str, Any]) -> str:
    return _ENCODER.encode(record) + "\n"


def lossless_lines(ws: Workspace, selection: Selection) -> Iterator[str]:
    """Document record, then the selected bead records, for each selected document."""
    for doc_id in selected_doc_ids(ws, selection.doc_ids):
        rows = load_rows(ws, doc_id)
        bead_ids = {b["id"] for b in rows.beads}
        flags_by_bead: dict[str, list[dict[str, Any]]] = {}
        owner: dict[str, str] = {b: b for b in bead_ids}
        for f in rows.flags:
            if f["bead_id"] in bead_ids:
                flags_by_bead.setdefault(f["bead_id"], []).append(f)
                owner[f["id"]] = f["bead_id"]
        decisions_by_bead: dict[str, list[dict[str, Any]]] = {}
        for d in rows.decisions:
            if d["target"] in owner:
                decisions_by_bead.setdefault(owner[d["target"]], []).append(d)
        owned_sentences = {i for b in rows.beads for ids in (b["en_ids"], b["zh_ids"]) for i in ids}
        yield _dump(document_record(rows, owned_sentences, set(owner) - bead_ids, set(owner)))
        for bead, unit in sentence_units(rows):
            if selection.keeps(unit):
                record = bead_record(
                    rows, bead, unit, flags_by_bead.get(bead["id"], []), decisions_by_bead.get(bead["id"], [])
                )
                yield _dump(record)


def hf_lines(units: Iterable[Unit]) -> Iterator[str]:
    """The Hugging Face `translation` feature layout, exactly what `datasets` expects and nothing else."""
    for unit in units:
        yield UTF8_ENCODER.encode({"translation": {"en": unit.en_text, "zh": unit.zh_reviewed}}) + "\n"
