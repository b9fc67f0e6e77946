"""Checking a workspace end to end: load the glossary and rules, run the checks over every aligned pair
(with the reviewer's edits applied), store the flags, and read them back with their decision status."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from align.decisions import bead_states, flag_states
from align.errors import InputError
from align.workspace import Workspace
from glossary.checks.base import Check, Context, Pair
from glossary.checks.runner import (
    StoredFlag,
    pair_from_row,
    prepare_checks,
    replace_bead_flags,
    run_checks,
    select_checks,
    store_flags,
)
from glossary.matcher import TermIndex
from glossary.rules import compile_rules, load_rules
from glossary.termbase import default_glossary_path, default_rules_path, load_terms


@dataclass
class QaResources:
    index: TermIndex | None
    rules: list


def load_resources(glossary: Path | None = None, rules: Path | None = None) -> QaResources:
    terms_path = glossary or default_glossary_path()
    rules_path = rules or default_rules_path()
    concepts = [c for c in load_terms(terms_path) if c.status != "deprecated"] if terms_path.is_file() else []
    compiled = compile_rules(load_rules(rules_path), rules_path) if rules_path.is_file() else []
    return QaResources(TermIndex.build(concepts) if concepts else None, compiled)


def workspace_pairs(ws: Workspace, doc_ids: Sequence[str]) -> list[Pair]:
    pairs = []
    for doc_id in doc_ids:
        edits = bead_states(ws, doc_id)
        for row in ws.sentence_pairs(doc_id):
            pairs.append(pair_from_row(row, edits.get(row.bead_id, {}).get("zh")))
    return pairs


def check_workspace(
    ws: Workspace,
    doc_ids: Sequence[str],
    resources: QaResources,
    only: Sequence[str] = (),
    skip: Sequence[str] = (),
    extra: Sequence[Check] = (),
) -> int:
    checks = [*select_checks(only, skip, resources.rules), *extra]
    ctx = Context(index=resources.index, rules=resources.rules)
    pairs = workspace_pairs(ws, doc_ids)
    # A model behind an extra check (qe.low) may run native threads, which a forked worker would not have.
    workers = 1 if extra else None
    return store_flags(ws, list(doc_ids), run_checks(pairs, checks, ctx, workers=workers))


def stored_flags(ws: Workspace, doc_ids: Sequence[str] | None = None) -> list[StoredFlag]:
    sql = (
        "SELECT f.id, f.doc_id, f.bead_id, f.check_id, f.severity, f.category, f.message, f.suggestion, "
        "f.en_spans, f.zh_spans, f.evidence, coalesce(b.idx, 0) FROM flags f LEFT JOIN beads b ON b.id = f.bead_id"
    )
    params: list[str] = []
    if doc_ids:
        sql += f" WHERE f.doc_id IN ({','.join('?' * len(doc_ids))})"
        params = list(doc_ids)
    states = flag_states(ws)
    out = []
    for r in ws.conn.execute(sql + " ORDER BY f.doc_id, 12, f.check_id", params):
        status, reason = states.get(r[0], ("open", None))
        out.append(
            StoredFlag(
                id=r[0],
                doc_id=r[1],
                bead_id=r[2],
                check=r[3],
                severity=r[4],
                category=r[5],
                message=r[6],
                suggestion=r[7],
                en_spans=[tuple(s) for s in json.loads(r[8])],
                zh_spans=[tuple(s) for s in json.loads(r[9])],
                evidence=json.loads(r[10] or "{}"),
                status=status,
                reason=reason,
            )
        )
    return out


def prepared_context(ws: Workspace, doc_id: str, resources: QaResources) -> tuple[Context, list]:
    """A context whose document-level statistics are computed once, for re-checking single pairs."""
    checks = select_checks((), (), resources.rules)
    ctx = Context(index=resources.index, rules=resources.rules)
    pairs = workspace_pairs(ws, [doc_id])
    prepare_checks(checks, pairs, ctx)
    return ctx, checks


def recheck_bead(ws: Workspace, doc_id: str, bead_id: str, ctx: Context, checks: list) -> list[StoredFlag]:
    """Re-run every check on one pair (after an edit) and replace that pair's flags in one transaction."""
    pair = next((p for p in workspace_pairs(ws, [doc_id]) if p.bead_id == bead_id), None)
    if pair is None:
        raise InputError(None, None, f"no pair {bead_id!r} in {doc_id}")
    ctx.data.pop("term_matches", None)
    results = [(pair, flag) for check in checks for flag in check.run(pair, ctx)]
    replace_bead_flags(ws, doc_id, bead_id, results)
    return [f for f in stored_flags(ws, [doc_id]) if f.bead_id == bead_id]
