"""The reviewer's decisions: an append-only log, one committed transaction per decision.

Status is derived from the log (the latest decision on a target that has not been undone), so undo and redo
are just flags on log rows and nothing a reviewer did is ever overwritten.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from align.errors import InputError
from align.workspace import Workspace

FLAG_KINDS = ("waive", "unwaive", "accept_flag", "reopen")
BEAD_KINDS = ("accept", "unaccept", "edit")


@dataclass
class Decision:
    id: int
    doc_id: str
    target: str
    kind: str
    reason: str | None
    payload: dict[str, Any]
    created: float
    undone: bool


def record(
    ws: Workspace, doc_id: str, target: str, kind: str, reason: str | None = None, payload: dict[str, Any] | None = None
) -> int:
    with ws.transaction() as cur:
        cur.execute(
            "INSERT INTO decisions(doc_id, target, kind, reason, payload, created) VALUES (?, ?, ?, ?, ?, ?)",
            (doc_id, target, kind, reason, json.dumps(payload or {}, ensure_ascii=False), time.time()),
        )
        # A new decision ends the redo chain: undone decisions after it can no longer be redone.
        cur.execute("UPDATE decisions SET undone=2 WHERE doc_id=? AND undone=1", (doc_id,))
        return int(cur.execute("SELECT last_insert_rowid()").fetchone()[0])


def decisions(ws: Workspace, doc_id: str | None = None, include_undone: bool = False) -> list[Decision]:
    sql = "SELECT id, doc_id, target, kind, reason, payload, created, undone FROM decisions"
    where = []
    params: list[object] = []
    if doc_id:
        where.append("doc_id=?")
        params.append(doc_id)
    if not include_undone:
        where.append("undone=0")
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = ws.conn.execute(sql + " ORDER BY id", params).fetchall()
    return [Decision(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6], bool(r[7])) for r in rows]


def flag_states(ws: Workspace, doc_id: str | None = None) -> dict[str, tuple[str, str | None]]:
    """flag id -> (status, reason): open unless the latest live decision waived or accepted it."""
    states: dict[str, tuple[str, str | None]] = {}
    for d in decisions(ws, doc_id):
        if d.kind == "waive":
            states[d.target] = ("waived", d.reason)
        elif d.kind == "accept_flag":
            states[d.target] = ("accepted", d.reason)
        elif d.kind in ("unwaive", "reopen"):
            states.pop(d.target, None)
    return states


def bead_states(ws: Workspace, doc_id: str | None = None) -> dict[str, dict[str, Any]]:
    """bead id -> {"accepted": bool, "zh": edited Chinese or absent}."""
    states: dict[str, dict[str, Any]] = {}
    for d in decisions(ws, doc_id):
        state = states.setdefault(d.target, {})
        if d.kind == "accept":
            state["accepted"] = True
        elif d.kind == "unaccept":
            state["accepted"] = False
        elif d.kind == "edit":
            state["zh"] = d.payload.get("zh")
    return states


def undo(ws: Workspace, doc_id: str) -> Decision | None:
    with ws.transaction() as cur:
        row = cur.execute(
            "SELECT id FROM decisions WHERE doc_id=? AND undone=0 ORDER BY id DESC LIMIT 1", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        cur.execute("UPDATE decisions SET undone=1 WHERE id=?", (row[0],))
    return _one(ws, row[0])


def redo(ws: Workspace, doc_id: str) -> Decision | None:
    with ws.transaction() as cur:
        row = cur.execute(
            "SELECT id FROM decisions WHERE doc_id=? AND undone=1 ORDER BY id ASC LIMIT 1", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        cur.execute("UPDATE decisions SET undone=0 WHERE id=?", (row[0],))
    return _one(ws, row[0])


def _one(ws: Workspace, decision_id: int) -> Decision:
    r = ws.conn.execute(
        "SELECT id, doc_id, target, kind, reason, payload, created, undone FROM decisions WHERE id=?", (decision_id,)
    ).fetchone()
    return Decision(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"), r[6], bool(r[7]))


def resolve_flag(ws: Workspace, ref: str) -> tuple[str, str]:
    """A flag by full fingerprint or unique prefix -> (flag id, document id)."""
    rows = ws.conn.execute("SELECT id, doc_id FROM flags WHERE id LIKE ? LIMIT 3", (ref + "%",)).fetchall()
    if not rows:
        raise InputError(None, None, f"no flag {ref!r} (run `bitext check` and use an id from its listing)")
    if len(rows) > 1 and rows[0][0] != ref:
        raise InputError(None, None, f"flag id {ref!r} is ambiguous; give more characters")
    return rows[0][0], rows[0][1]
