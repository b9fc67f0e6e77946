"""Running checks over a workspace and keeping flags and the reviewer's decisions apart.

Flags are recomputed on every run and replace the old ones; decisions (waive, accept, edit) live in their
own append-only table keyed by flag fingerprint or bead id, so they survive re-check and re-ingest.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from align.paused_gc import paused_gc
from align.workspace import PairRow, Workspace
from glossary.checks import ALL_CHECKS
from glossary.checks.base import Check, Context, Flag, Pair, Run


@dataclass
class StoredFlag:
    id: str
    doc_id: str
    bead_id: str | None
    check: str
    severity: str
    category: str
    message: str
    suggestion: str | None
    en_spans: list[tuple[int, int]]
    zh_spans: list[tuple[int, int]]
    evidence: dict[str, object] = field(default_factory=dict)
    status: str = "open"
    reason: str | None = None


def select_checks(only: Sequence[str] = (), skip: Sequence[str] = (), rules: Iterable[object] = ()) -> list[Check]:
    """`--only` / `--skip` take ids or prefixes (`glossary`, `rule`, `punct.halfwidth`)."""
    from glossary.checks.rules import rule_checks

    checks = [*ALL_CHECKS, *rule_checks(list(rules))]

    def hit(check: Check, patterns: Sequence[str]) -> bool:
        return any(check.id == p or check.id.startswith(p.rstrip(".") + ".") for p in patterns)

    if only:
        checks = [c for c in checks if hit(c, only)]
    return [c for c in checks if not hit(c, skip)]


def pair_from_row(row: PairRow, zh_override: str | None = None) -> Pair:
    zh = [zh_override] if zh_override is not None else row.zh
    return Pair(
        bead_id=row.bead_id,
        doc_id=row.doc_id,
        idx=row.idx,
        en_sentences=row.en,
        zh_sentences=zh,
        score=row.score,
        en_speaker=row.en_speaker,
        en_role=row.en_role,
        zh_speaker=row.zh_speaker,
        zh_role=row.zh_role,
        en_turn=row.en_turn,
        zh_turn=row.zh_turn,
    )


def _specificity(flag: Flag) -> int:
    """A curated rule says most about a span, then the glossary, then the generic name check."""
    if flag.check.startswith("rule."):
        return 0
    return {"glossary.forbidden": 1, "entity.lost": 2}.get(flag.check, 3)


def dedupe(found: list[tuple[Pair, Flag]]) -> list[tuple[Pair, Flag]]:
    """One finding per Chinese span: a rule, glossary.forbidden and entity.lost often see the same misspelled
    name; the reviewer gets the most specific message once."""
    best: dict[tuple[str, tuple[tuple[int, int], ...]], tuple[int, int]] = {}
    for i, (_, flag) in enumerate(found):
        if flag.zh_spans and _specificity(flag) < 3:
            key = (flag.bead_id, tuple(map(tuple, flag.zh_spans)))
            if key not in best or _specificity(flag) < best[key][0]:
                best[key] = (_specificity(flag), i)
    keep = {i for _, i in best.values()}
    return [(p, f) for i, (p, f) in enumerate(found) if not f.zh_spans or _specificity(f) == 3 or i in keep]


def runs(checks: Sequence[Check]) -> list[Run]:
    """One run per check, except that adjacent checks sharing a ``batch`` are run together."""
    out: list[Run] = []
    for batch, group in itertools.groupby(checks, key=lambda c: c.batch):
        members = list(group)
        if batch is None or len(members) == 1:
            out += [c.run for c in members]
        else:
            out.append(batch(members))
    return out


# Below this many pairs, forking workers and shipping flags back costs more than a second core saves.
PARALLEL_MIN_PAIRS = 20_000


def prepare_checks(checks: Sequence[Check], pairs: list[Pair], ctx: Context) -> None:
    """Every check's view of all the pairs, computed once before any check runs on one pair."""
    for check in checks:
        check.prepare_pairs(pairs, ctx)


def default_workers(n_pairs: int) -> int:
    """A process per idle core, for big runs only, and only where forking is safe: on Linux (the default start
    method there) and from a single thread (a lock another thread holds at the fork would stay held in the
    child for ever). With the other core busy, a second process only adds the cost of shipping flags back."""
    if n_pairs < PARALLEL_MIN_PAIRS or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, round(cores - os.getloadavg()[0])))


def run_checks(
    pairs: list[Pair], checks: list[Check], ctx: Context, workers: int | None = None
) -> list[tuple[Pair, Flag]]:
    """Every flag of every check on every pair, in pair order then check order, deduplicated.

    With ``workers`` > 1 (by default ``default_workers``) the pairs are cut into that many consecutive slices,
    the first kept here and each other one given to a forked child, which tallies it for the checks that
    prepare in parts and, once every process has all the tallies, runs the checks on it. A slice's glossary
    matches are thus computed once, in the process that uses them, and the flags come back in order: the same
    as in one process.
    """
    workers = default_workers(len(pairs)) if workers is None else workers
    with paused_gc():
        return _run_checks(pairs, checks, ctx, workers)


def _run_checks(pairs: list[Pair], checks: list[Check], ctx: Context, workers: int) -> list[tuple[Pair, Flag]]:
    prepare_checks([c for c in checks if c.prepare], pairs, ctx)
    size = max(1, -(-len(pairs) // max(1, workers)))
    slices = [(lo, min(lo + size, len(pairs))) for lo in range(0, len(pairs), size)] or [(0, 0)]
    return dedupe(_run_slices(pairs, slices, [c for c in checks if c.tally], runs(checks), ctx))


def _slice_flags(pairs: list[Pair], plan: list[Run], ctx: Context) -> list[tuple[int, Flag]]:
    return [(i, flag) for i, pair in enumerate(pairs) for run in plan for flag in run(pair, ctx)]


def _tallies(split: list[Check], pairs: list[Pair], ctx: Context) -> list[object]:
    return [check.tally(pairs, ctx) for check in split if check.tally]


def _combine(split: list[Check], parts: list[list[object]], ctx: Context) -> None:
    """``parts[k]`` is slice k's tallies, one per check of ``split``."""
    for i, check in enumerate(split):
        if check.combine:
            check.combine([tallies[i] for tallies in parts], ctx)


def _child(conn: Connection, pairs: list[Pair], split: list[Check], plan: list[Run], ctx: Context) -> None:
    """A forked worker's whole life: tally its slice, take everyone's tallies, send its slice's flags. An
    exception goes back to the parent, which raises it."""
    try:
        conn.send(_tallies(split, pairs, ctx))
        _combine(split, conn.recv(), ctx)
        conn.send(_slice_flags(pairs, plan, ctx))
    except BaseException as error:  # re-raised in the parent
        _send_error(conn, error)
    finally:
        conn.close()


def _send_error(conn: Connection, error: BaseException) -> None:
    """An exception pickle cannot carry goes as its text; a parent that has gone hears nothing."""
    for message in (error, RuntimeError(f"{type(error).__name__}: {error}")):
        with suppress(Exception):
            conn.send(message)
            return


def _receive(conn: Connection) -> Any:
    try:
        message = conn.recv()
    except EOFError:
        raise RuntimeError("a check worker died before sending its results") from None
    if isinstance(message, BaseException):
        raise message
    return message


def _run_slices(
    pairs: list[Pair], slices: list[tuple[int, int]], split: list[Check], plan: list[Run], ctx: Context
) -> list[tuple[Pair, Flag]]:
    """The first slice here, each other one in a forked child; with one slice, simply everything here."""
    children = []
    for lo, hi in slices[1:]:
        fork = multiprocessing.get_context("fork")  # asked only when forking: not every platform has it
        parent_end, child_end = fork.Pipe()
        process = fork.Process(target=_child, args=(child_end, pairs[lo:hi], split, plan, ctx), daemon=True)
        process.start()
        child_end.close()
        children.append((process, parent_end, lo))
    try:
        lo, hi = slices[0]
        mine = pairs[lo:hi]
        parts = [_tallies(split, mine, ctx)] + [_receive(conn) for _, conn, _ in children]
        for _, conn, _ in children:
            conn.send(parts)
        _combine(split, parts, ctx)
        found = [(mine[i], flag) for i, flag in _slice_flags(mine, plan, ctx)]
        for _, conn, start in children:
            found += [(pairs[start + i], flag) for i, flag in _receive(conn)]
        return found
    finally:
        for process, conn, _ in children:
            conn.close()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def _flag_rows(results: list[tuple[Pair, Flag]]) -> list[tuple[object, ...]]:
    now = time.time()
    rows = {}
    for pair, flag in results:
        fid = flag.fingerprint(pair)
        rows[fid] = (
            fid, flag.doc_id, flag.bead_id, flag.check, flag.severity, flag.category, flag.message,
            flag.suggestion, json.dumps(flag.en_spans), json.dumps(flag.zh_spans),
            json.dumps(flag.evidence, ensure_ascii=False, default=str), now,
        )  # fmt: skip
    return list(rows.values())


INSERT_FLAG = "INSERT OR REPLACE INTO flags VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def store_flags(ws: Workspace, doc_ids: list[str], results: list[tuple[Pair, Flag]]) -> int:
    rows = _flag_rows(results)
    with ws.transaction() as cur:
        for d in doc_ids:
            cur.execute("DELETE FROM flags WHERE doc_id=?", (d,))
        cur.executemany(INSERT_FLAG, rows)
    return len(rows)


def replace_bead_flags(ws: Workspace, doc_id: str, bead_id: str, results: list[tuple[Pair, Flag]]) -> None:
    with ws.transaction() as cur:
        cur.execute("DELETE FROM flags WHERE doc_id=? AND bead_id=?", (doc_id, bead_id))
        cur.executemany(INSERT_FLAG, _flag_rows(results))
