"""Reading a document's rows once and turning them into export units with their review state.

Every format sees the same units, so "reviewed", "accepted" and the flag filters mean the same thing in a
TMX file, a Parquet table and `bitext stats`. Each document is read with a fixed handful of queries (none
per pair), which keeps a 100,000-pair export well inside its time budget.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from align.decisions import bead_states, flag_states
from align.errors import InputError
from align.workspace import Workspace

STATUSES = ("reviewed", "accepted", "all")
SEVERITIES = ("info", "warning", "error")
UNITS = ("sentence", "turn")
BEAD_TYPES = ("1-1", "1-2", "2-1", "1-0", "0-1", "other")


@dataclass
class Selection:
    """What the user asked to export; filters apply to whole units (a turn passes only if it all passes)."""

    doc_ids: list[str] | None = None
    status: str = "all"
    min_score: float | None = None
    exclude_severity: str | None = None
    unit: str = "sentence"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InputError(None, None, f"--status must be one of {', '.join(STATUSES)}, not {self.status!r}")
        if self.exclude_severity is not None and self.exclude_severity not in SEVERITIES:
            wrong = self.exclude_severity
            raise InputError(None, None, f"--exclude-severity must be error, warning or info, not {wrong!r}")
        if self.unit not in UNITS:
            raise InputError(None, None, f"--unit must be sentence or turn, not {self.unit!r}")

    def keeps(self, unit: Unit) -> bool:
        if self.status == "accepted" and not unit.accepted:
            return False
        if self.status == "reviewed" and not unit.reviewed:
            return False
        if self.min_score is not None and (unit.score is None or unit.score < self.min_score):
            return False
        if self.exclude_severity is not None:
            worst = SEVERITIES.index(self.exclude_severity)
            return not any(
                f.status == "open" and SEVERITIES.index(f.severity) >= worst
                for f in unit.flags
                if f.severity in SEVERITIES
            )
        return True


@dataclass(slots=True)
class FlagInfo:
    id: str
    check: str
    severity: str
    category: str
    message: str
    suggestion: str | None
    status: str
    reason: str | None

    @property
    def closed(self) -> bool:
        return self.status != "open"


@dataclass(slots=True)
class Unit:
    """One exported pair: a sentence bead, or the sentence beads of one turn bead merged."""

    uid: str
    doc_id: str
    unit: str
    idx: int
    bead_ids: list[str]
    parent_id: str | None
    en: list[str]
    zh: list[str]
    zh_reviewed: str
    en_speaker: str | None
    en_role: str | None
    en_turn: int | None
    zh_speaker: str | None
    zh_role: str | None
    zh_turn: int | None
    t_start: float | None
    t_end: float | None
    score: float | None
    accepted: bool
    edited: bool
    reviewed: bool
    flags: list[FlagInfo] = field(default_factory=list)

    @property
    def en_text(self) -> str:
        return " ".join(self.en)

    @property
    def zh_text(self) -> str:
        """The Chinese as aligned, before any edit."""
        return "".join(self.zh)

    @property
    def bead_type(self) -> str:
        kind = f"{len(self.en)}-{len(self.zh)}"
        return kind if self.unit == "turn" or kind in BEAD_TYPES else "other"

    @property
    def has_pair(self) -> bool:
        return bool(self.en_text.strip() and self.zh_reviewed.strip())

    @property
    def state(self) -> str:
        """XLIFF 2.0's ladder: initial (nothing to show), translated (aligned), reviewed, final (accepted)."""
        if self.accepted:
            return "final"
        if self.reviewed:
            return "reviewed"
        return "translated" if self.zh_reviewed else "initial"

    def flag_summary(self) -> str:
        return "; ".join(f"{f.severity} {f.check} {f.status}" for f in self.flags)

    def closure_notes(self) -> list[str]:
        """The reviewer's reasons for closing flags: what a TMX or XLIFF note should tell the next reader."""
        return [f"{f.status} {f.check}: {f.reason or f.message}" for f in self.flags if f.closed]


@dataclass
class DocumentRows:
    """Every stored row of one document, as dicts keyed by column, plus the decision-derived states.

    The beads' `en_ids` and `zh_ids` are already parsed into lists; every other column is as stored."""

    doc_id: str
    document: dict[str, Any]
    sides: list[dict[str, Any]]
    revisions: list[dict[str, Any]]
    turns: list[dict[str, Any]]
    sentences: dict[str, dict[str, Any]]
    turn_beads: list[dict[str, Any]]
    beads: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    flag_status: dict[str, tuple[str, str | None]]
    bead_state: dict[str, dict[str, Any]]


def _dicts(ws: Workspace, sql: str, doc_id: str) -> list[dict[str, Any]]:
    # Plain tuples from the cursor: building a sqlite3.Row first and then a dict doubles the cost per row.
    # Not strict: the names come from the same cursor as the rows, and the check costs a fifth of the loop.
    cur = ws.conn.cursor()
    cur.row_factory = None
    cur.execute(sql, (doc_id,))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=False)) for row in cur.fetchall()]


def _parsed_ids(beads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bead rows with their sentence id lists parsed, once: every reader of a bead needs them as lists."""
    for bead in beads:
        bead["en_ids"] = json.loads(bead["en_ids"])
        bead["zh_ids"] = json.loads(bead["zh_ids"])
    return beads


def load_rows(ws: Workspace, doc_id: str) -> DocumentRows:
    documents = _dicts(ws, "SELECT * FROM documents WHERE id=?", doc_id)
    if not documents:
        raise InputError(None, None, f"no document {doc_id!r} in workspace {ws.path}")
    beads = _parsed_ids(_dicts(ws, "SELECT * FROM beads WHERE doc_id=? ORDER BY level, idx, id", doc_id))
    return DocumentRows(
        doc_id=doc_id,
        document=documents[0],
        sides=_dicts(ws, "SELECT * FROM sides WHERE doc_id=? ORDER BY lang", doc_id),
        revisions=_dicts(ws, "SELECT * FROM revisions WHERE doc_id=? ORDER BY lang, revision", doc_id),
        turns=_dicts(ws, "SELECT * FROM turns WHERE doc_id=? ORDER BY lang, idx, id", doc_id),
        sentences={
            r["id"]: r for r in _dicts(ws, "SELECT * FROM sentences WHERE doc_id=? ORDER BY lang, idx, id", doc_id)
        },
        turn_beads=[b for b in beads if b["level"] == "turn"],
        beads=[b for b in beads if b["level"] == "sentence"],
        flags=_dicts(ws, "SELECT * FROM flags WHERE doc_id=? ORDER BY id", doc_id),
        decisions=_dicts(ws, "SELECT * FROM decisions WHERE doc_id=? ORDER BY id", doc_id),
        flag_status=flag_states(ws, doc_id),
        bead_state=bead_states(ws, doc_id),
    )


def sentence_units(rows: DocumentRows) -> Iterator[tuple[dict[str, Any], Unit]]:
    """(bead row, unit) for every sentence bead, speakers and turns resolved as `Workspace.sentence_pairs`
    does (the English turn is the turn bead's first English turn)."""
    turns = {t["id"]: t for t in rows.turns}
    sentences = rows.sentences
    parents = {b["id"]: b["en_ids"] for b in rows.turn_beads}
    flags_by_bead: dict[str, list[FlagInfo]] = {}
    for f in rows.flags:
        status, reason = rows.flag_status.get(f["id"], ("open", None))
        flags_by_bead.setdefault(f["bead_id"], []).append(
            FlagInfo(
                f["id"], f["check_id"], f["severity"], f["category"], f["message"], f["suggestion"], status, reason
            )
        )
    no_state: dict[str, Any] = {}
    for bead in rows.beads:
        bead_id = bead["id"]
        en = [sentences[i] for i in bead["en_ids"] if i in sentences]
        zh = [sentences[i] for i in bead["zh_ids"] if i in sentences]
        en_turn_ids = parents.get(bead["parent"]) or [s["turn_id"] for s in en]
        en_turn = turns.get(en_turn_ids[0]) if en_turn_ids else None
        zh_turn = turns.get(zh[0]["turn_id"]) if zh else None
        zh_texts = [s["text"] for s in zh]
        state = rows.bead_state.get(bead_id, no_state)
        edit = state.get("zh")
        original = "".join(zh_texts)
        edited = edit is not None and edit != original
        accepted = bool(state.get("accepted"))
        flags = flags_by_bead.get(bead_id, [])
        timed = en or zh
        yield (
            bead,
            Unit(
                uid=bead_id,
                doc_id=rows.doc_id,
                unit="sentence",
                idx=bead["idx"],
                bead_ids=[bead_id],
                parent_id=bead["parent"],
                en=[s["text"] for s in en],
                zh=zh_texts,
                zh_reviewed=edit if edited else original,
                en_speaker=en_turn["speaker"] if en_turn else None,
                en_role=en_turn["role"] if en_turn else None,
                en_turn=en_turn["idx"] if en_turn else None,
                zh_speaker=zh_turn["speaker"] if zh_turn else None,
                zh_role=zh_turn["role"] if zh_turn else None,
                zh_turn=zh_turn["idx"] if zh_turn else None,
                t_start=timed[0]["t_start"] if timed else None,
                t_end=timed[-1]["t_end"] if timed else None,
                score=bead["score"],
                accepted=accepted,
                edited=edited,
                reviewed=edited or accepted or bool(flags and all(f.closed for f in flags)),
                flags=flags,
            ),
        )


def merge_turns(units: Iterable[Unit]) -> Iterator[Unit]:
    """Sentence units grouped by their turn bead; a turn counts as accepted or reviewed only if all of it is."""
    group: list[Unit] = []
    for unit in units:
        if group and _turn_key(unit) != _turn_key(group[0]):
            yield _merged(group)
            group = []
        group.append(unit)
    if group:
        yield _merged(group)


def _turn_key(unit: Unit) -> str:
    return unit.parent_id if unit.parent_id is not None else unit.uid


def _merged(group: list[Unit]) -> Unit:
    first = group[0]
    scores = [u.score for u in group if u.score is not None]
    starts = [u.t_start for u in group if u.t_start is not None]
    ends = [u.t_end for u in group if u.t_end is not None]
    return Unit(
        uid=_turn_key(first),
        doc_id=first.doc_id,
        unit="turn",
        idx=first.idx,
        bead_ids=[b for u in group for b in u.bead_ids],
        parent_id=first.parent_id,
        en=[s for u in group for s in u.en],
        zh=[s for u in group for s in u.zh],
        zh_reviewed="".join(u.zh_reviewed for u in group),
        en_speaker=first.en_speaker,
        en_role=first.en_role,
        en_turn=first.en_turn,
        zh_speaker=next((u.zh_speaker for u in group if u.zh_speaker), None),
        zh_role=next((u.zh_role for u in group if u.zh_role), None),
        zh_turn=next((u.zh_turn for u in group if u.zh_turn is not None), None),
        t_start=starts[0] if starts else None,
        t_end=ends[-1] if ends else None,
        score=min(scores) if scores else None,
        accepted=all(u.accepted for u in group),
        edited=any(u.edited for u in group),
        reviewed=all(u.reviewed for u in group),
        flags=[f for u in group for f in u.flags],
    )


def selected_doc_ids(ws: Workspace, refs: Iterable[str] | None) -> list[str]:
    refs = list(refs or [])
    ids = [ws.resolve_doc(r) for r in refs] if refs else ws.document_ids()
    return list(dict.fromkeys(ids))


def units(ws: Workspace, selection: Selection) -> Iterator[Unit]:
    """The selected units of the selected documents, in document and bead order."""
    for doc_id in selected_doc_ids(ws, selection.doc_ids):
        doc_units: Iterable[Unit] = (u for _, u in sentence_units(load_rows(ws, doc_id)))
        if selection.unit == "turn":
            doc_units = merge_turns(doc_units)
        yield from (u for u in doc_units if selection.keeps(u))
