"""Reviewer corrections to the alignment and to speakers, each one transaction that also logs its decision.

A correction swaps some sentence-bead rows for others; the decision payload keeps both sets (and how the
following beads were renumbered) so undo and redo replay the swap exactly, in the same transaction that
marks the log row, and a crash can never leave the beads and the log disagreeing. Flags of removed beads
are dropped with them; the caller re-checks the beads it gets back.
"""

from __future__ import annotations

import json
import time
from typing import Any

from align import decisions
from align.errors import InputError
from align.workspace import Workspace, _Tx, stable_id

STRUCTURAL_KINDS = ("merge", "split", "move")
BEAD_COLUMNS = ("id", "doc_id", "level", "idx", "parent", "en_ids", "zh_ids", "score", "method", "created")
Row = list[Any]


def _bead(cur: _Tx, doc_id: str, bead_id: str) -> Row:
    row = cur.execute(
        f"SELECT {', '.join(BEAD_COLUMNS)} FROM beads WHERE doc_id=? AND id=? AND level='sentence'", (doc_id, bead_id)
    ).fetchone()
    if row is None:
        raise InputError(None, None, f"no pair {bead_id!r} in {doc_id}")
    return list(row)


def _neighbour(cur: _Tx, doc_id: str, idx: int, step: int) -> Row | None:
    order = "ASC" if step > 0 else "DESC"
    op = ">" if step > 0 else "<"
    row = cur.execute(
        f"SELECT {', '.join(BEAD_COLUMNS)} FROM beads WHERE doc_id=? AND level='sentence' AND idx {op} ? "
        f"ORDER BY idx {order} LIMIT 1",
        (doc_id, idx),
    ).fetchone()
    return list(row) if row else None


def _new_row(doc_id: str, idx: int, parent: str | None, en: list[str], zh: list[str]) -> Row:
    bead_id = stable_id(doc_id, "sentence", json.dumps(en), json.dumps(zh))
    return [bead_id, doc_id, "sentence", idx, parent, json.dumps(en), json.dumps(zh), None, "manual", time.time()]


def _swap(cur: _Tx, doc_id: str, remove: list[Row], add: list[Row], shift: tuple[int, int] | None) -> None:
    """Replace ``remove`` by ``add``; ``shift`` = (after, by) renumbers the beads after the changed ones."""
    ids = [r[0] for r in remove]
    marks = ",".join("?" * len(ids))
    cur.execute(f"DELETE FROM beads WHERE doc_id=? AND id IN ({marks})", (doc_id, *ids))
    cur.execute(f"DELETE FROM flags WHERE doc_id=? AND bead_id IN ({marks})", (doc_id, *ids))
    if shift:
        after, by = shift
        # Two steps so the renumbering never collides with itself in the (doc, level, idx) order.
        cur.execute(
            "UPDATE beads SET idx=-(idx + ?) WHERE doc_id=? AND level='sentence' AND idx > ?", (by, doc_id, after)
        )
        cur.execute("UPDATE beads SET idx=-idx WHERE doc_id=? AND level='sentence' AND idx < 0", (doc_id,))
    cur.executemany(f"INSERT OR REPLACE INTO beads VALUES ({','.join('?' * len(BEAD_COLUMNS))})", add)


def _apply(cur: _Tx, doc_id: str, kind: str, target: str, old: list[Row], new: list[Row], shift: Any) -> list[str]:
    """Swap and log inside the caller's transaction, ending the redo chain as decisions.record does."""
    forward, backward = shift if shift else (None, None)
    payload = {"old": old, "new": new, "shift": forward, "unshift": backward}
    _swap(cur, doc_id, old, new, forward)
    cur.execute(
        "INSERT INTO decisions(doc_id, target, kind, reason, payload, created) VALUES (?, ?, ?, ?, ?, ?)",
        (doc_id, target, kind, None, json.dumps(payload, ensure_ascii=False), time.time()),
    )
    cur.execute("UPDATE decisions SET undone=2 WHERE doc_id=? AND undone=1", (doc_id,))
    return [r[0] for r in new]


def merge_with_next(ws: Workspace, doc_id: str, bead_id: str) -> list[str]:
    """Join a pair with the one after it; returns the new bead id (in a list, like every correction)."""
    with ws.transaction() as cur:
        first = _bead(cur, doc_id, bead_id)
        second = _neighbour(cur, doc_id, first[3], +1)
        if second is None:
            raise InputError(None, None, "the last pair has nothing after it to merge with")
        en = json.loads(first[5]) + json.loads(second[5])
        zh = json.loads(first[6]) + json.loads(second[6])
        merged = _new_row(doc_id, first[3], first[4], en, zh)
        shift = ((second[3], -1), (first[3], +1))
        return _apply(cur, doc_id, "merge", bead_id, [first, second], [merged], shift)


def split_bead(ws: Workspace, doc_id: str, bead_id: str, en_at: int, zh_at: int) -> list[str]:
    """Cut a pair in two after ``en_at`` English and ``zh_at`` Chinese sentences."""
    with ws.transaction() as cur:
        row = _bead(cur, doc_id, bead_id)
        en, zh = json.loads(row[5]), json.loads(row[6])
        if not (0 <= en_at <= len(en) and 0 <= zh_at <= len(zh)):
            raise InputError(None, None, f"split point outside the pair ({len(en)} English, {len(zh)} Chinese)")
        head_en, tail_en, head_zh, tail_zh = en[:en_at], en[en_at:], zh[:zh_at], zh[zh_at:]
        if not (head_en or head_zh) or not (tail_en or tail_zh):
            raise InputError(None, None, "both parts of a split need at least one sentence")
        head = _new_row(doc_id, row[3], row[4], head_en, head_zh)
        tail = _new_row(doc_id, row[3] + 1, row[4], tail_en, tail_zh)
        shift = ((row[3], +1), (row[3] + 1, -1))
        return _apply(cur, doc_id, "split", bead_id, [row], [head, tail], shift)


def move_sentence(ws: Workspace, doc_id: str, bead_id: str, lang: str, step: int) -> list[str]:
    """Move the last (step=+1) or first (step=-1) sentence of one language to the neighbouring pair."""
    column = 5 if lang == "en" else 6
    with ws.transaction() as cur:
        row = _bead(cur, doc_id, bead_id)
        other = _neighbour(cur, doc_id, row[3], step)
        if other is None:
            raise InputError(None, None, "there is no neighbouring pair in that direction")
        mine, theirs = json.loads(row[column]), json.loads(other[column])
        if not mine:
            side = "English" if lang == "en" else "Chinese"
            raise InputError(None, None, f"this pair has no {side} sentence to move")
        if len(mine) == 1 and not json.loads(row[11 - column]):
            raise InputError(None, None, "moving the only sentence would empty the pair: merge it instead")
        if step > 0:
            mine, theirs = mine[:-1], [mine[-1], *theirs]
        else:
            mine, theirs = mine[1:], [*theirs, mine[0]]
        new = []
        for source, sentences in ((row, mine), (other, theirs)):
            sides = {5: json.loads(source[5]), 6: json.loads(source[6])}
            sides[column] = sentences
            new.append(_new_row(doc_id, source[3], source[4], sides[5], sides[6]))
        return _apply(cur, doc_id, "move", bead_id, [row, other], new, None)


def undo(ws: Workspace, doc_id: str) -> tuple[decisions.Decision | None, list[str]]:
    """Undo the latest live decision; a correction's old beads come back. Returns it and beads to re-check."""
    return _step(ws, doc_id, undo=True)


def redo(ws: Workspace, doc_id: str) -> tuple[decisions.Decision | None, list[str]]:
    """Redo the earliest undone decision; a correction is swapped in again. Returns it and beads to re-check."""
    return _step(ws, doc_id, undo=False)


def _step(ws: Workspace, doc_id: str, undo: bool) -> tuple[decisions.Decision | None, list[str]]:
    sql = (
        "SELECT id, kind, target, payload FROM decisions WHERE doc_id=? AND undone=0 ORDER BY id DESC LIMIT 1"
        if undo
        else "SELECT id, kind, target, payload FROM decisions WHERE doc_id=? AND undone=1 ORDER BY id ASC LIMIT 1"
    )
    with ws.transaction() as cur:
        row = cur.execute(sql, (doc_id,)).fetchone()
        if row is None:
            return None, []
        recheck = [row[2]] if row[1] in decisions.BEAD_KINDS else []
        if row[1] in STRUCTURAL_KINDS:
            payload = json.loads(row[3])
            remove, add = (payload["new"], payload["old"]) if undo else (payload["old"], payload["new"])
            _swap(cur, doc_id, remove, add, payload["unshift"] if undo else payload["shift"])
            recheck = [r[0] for r in add]
        cur.execute("UPDATE decisions SET undone=? WHERE id=?", (1 if undo else 0, row[0]))
    return decisions._one(ws, row[0]), recheck


def reassign_speaker(ws: Workspace, doc_id: str, turn_id: str, new: str) -> int:
    """Log a turn's corrected speaker; the turns table keeps what ingest read, so re-ingest cannot lose it."""
    row = ws.conn.execute("SELECT speaker FROM turns WHERE id=? AND doc_id=?", (turn_id, doc_id)).fetchone()
    if row is None:
        raise InputError(None, None, f"no turn {turn_id!r} in {doc_id}")
    old = speaker_overrides(ws, doc_id).get(turn_id, row[0])
    return decisions.record(ws, doc_id, turn_id, "speaker", payload={"turn": turn_id, "old": old, "new": new})


def speaker_overrides(ws: Workspace, doc_id: str) -> dict[str, str]:
    """turn id -> the speaker the reviewer gave it (latest live decision wins)."""
    return {d.target: d.payload["new"] for d in decisions.decisions(ws, doc_id) if d.kind == "speaker"}
