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
from dataclasses import dataclass, field

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
CHUNK_PAIRS = 2_000
# A worker's pairs, check runs and context, inherited through the fork: the runs are closures and the context
# is large, so neither is pickled.
_job: tuple[list[Pair], list[Run], Context] | None = None


def _adopt(job: tuple[list[Pair], list[Run], Context]) -> None:
    global _job
    _job = job


def _chunk_flags(bounds: tuple[int, int]) -> list[tuple[int, Flag]]:
    assert _job is not None
    pairs, plan, ctx = _job
    return [(i, flag) for i in range(*bounds) for run in plan for flag in run(pairs[i], ctx)]


def default_workers(n_pairs: int) -> int:
    """A worker per idle core, for big runs only, and only where forking is safe: on Linux (the default start
    method there) and from a single thread (a lock another thread holds at the fork would stay held in the
    child for ever). Workers cost 10-15% more CPU in all (shipping flags back, the copied memory), which busy
    cores do not repay: with the other core taken, two workers were slower than one process."""
    if n_pairs < PARALLEL_MIN_PAIRS or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, round(cores - os.getloadavg()[0])))


def run_checks(
    pairs: list[Pair], checks: list[Check], ctx: Context, workers: int | None = None
) -> list[tuple[Pair, Flag]]:
    """Every flag of every check on every pair, in pair order then check order, deduplicated.

    ``prepare`` runs here, once; the per-pair runs are split over ``workers`` forked processes (by default
    ``default_workers``), in chunks whose flags are put back in order, so they are the same as in one process.
    """
    for check in checks:
        if check.prepare:
            check.prepare(pairs, ctx)
    plan = runs(checks)
    workers = default_workers(len(pairs)) if workers is None else workers
    bounds = [(start, min(start + CHUNK_PAIRS, len(pairs))) for start in range(0, len(pairs), CHUNK_PAIRS)]
    if workers < 2 or len(bounds) < 2:
        return dedupe([(pair, flag) for pair in pairs for run in plan for flag in run(pair, ctx)])
    fork = multiprocessing.get_context("fork")
    with fork.Pool(min(workers, len(bounds)), initializer=_adopt, initargs=((pairs, plan, ctx),)) as pool:
        return dedupe([(pairs[i], flag) for chunk in pool.imap(_chunk_flags, bounds) for i, flag in chunk])


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
