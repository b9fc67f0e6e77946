"""Speed of all QA checks (targets: five seeds in under 1 s after alignment; 100,000 pairs at >= 5,000 pairs/s).

The five-seed figure runs the checks on an aligned workspace (`--workspace PATH`, or one built here with the
bundled encoder, which takes a few minutes once): reading the pairs, every check, storing the flags; not starting
Python or loading the glossary and rules, which `load_s` reports apart. The 100,000-pair figure joins gold
sentence pairs of the seeds into distinct two-sentence pairs, so every check, the glossary and all rules do real
work; it is run in one process, then split over a process per core (as `bitext check` runs this many pairs when
the cores are idle). Every row gives CPU seconds (workers included) beside wall seconds, and the load average, since
other work on the machine inflates wall time. The copy of jieba's dictionary the repetition check reads
(glossary/checks/segment.py) is built once per jieba install, like jieba's own cache: a first run pays ~2 s more.
Run: .venv/bin/python bench/bench_checks.py [--workspace PATH] [--json]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.workspace import Workspace  # noqa: E402
from glossary.checks.base import Context, Pair  # noqa: E402
from glossary.checks.qa import check_workspace, load_resources  # noqa: E402
from glossary.checks.runner import run_checks, select_checks  # noqa: E402
from tests.checks.gold import gold_pairs  # noqa: E402

N_PAIRS = 100_000


def synthetic(n: int) -> list[Pair]:
    """Distinct pairs (two gold pairs joined, in ~300,000 combinations), so no per-text cache can shortcut."""
    base = gold_pairs(score=0.5)
    out = []
    for i in range(n):
        a, b = base[i % len(base)], base[(i * 7 + i // len(base)) % len(base)]
        out.append(
            Pair(
                f"b{i}",
                f"doc{i // 400}",
                i % 400,
                a.en_sentences + b.en_sentences,
                a.zh_sentences + b.zh_sentences,
                score=a.score,
            )
        )
    return out


def seed_workspace() -> Path:
    from align.ingest import ingest_pair
    from align.pipeline import align_document
    from align.scorers.encoders import Usem3Encoder

    path = Path(tempfile.mkdtemp()) / "ws.sqlite"
    with Workspace(path) as ws:
        for zh in sorted((ROOT / "seeds" / "zh").glob("*.txt")):
            ingest_pair(ws, zh)
        encoder = Usem3Encoder()
        for doc_id in ws.document_ids():
            align_document(ws, doc_id, encoder)
    return path


def cpu_seconds() -> float:
    """This process's CPU time and that of its finished children (the forked workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run(workspace: Path | None) -> list[dict[str, object]]:
    start = time.perf_counter()
    resources = load_resources()
    load_s = time.perf_counter() - start
    rows = []
    path = workspace or seed_workspace()
    with Workspace(path) as ws:
        ids = ws.document_ids()
        start, cpu = time.perf_counter(), cpu_seconds()
        flags = check_workspace(ws, ids, resources)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    rows.append(
        {
            "benchmark": "checks, five seeds (incl. storing flags)",
            "seconds": round(seconds, 3),
            "cpu_s": round(cpu, 3),
            "load_s": round(load_s, 3),
            "flags": flags,
            "target": "< 1 s",
            "ok": seconds < 1,
            "loadavg": os.getloadavg()[0],
        }
    )
    pairs = synthetic(N_PAIRS)
    checks = select_checks((), (), resources.rules)
    for workers in sorted({1, len(os.sched_getaffinity(0))}):
        start, cpu = time.perf_counter(), cpu_seconds()
        found = run_checks(pairs, checks, Context(index=resources.index, rules=resources.rules), workers=workers)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        rate = N_PAIRS / seconds
        rows.append(
            {
                "benchmark": f"checks, {N_PAIRS:,} pairs ({len(checks)} checks, {workers} process(es))",
                "seconds": round(seconds, 2),
                "cpu_s": round(cpu, 2),
                "pairs_per_s": round(rate),
                "pairs_per_cpu_s": round(N_PAIRS / cpu),
                "flags": len(found),
                "target": ">= 5,000 pairs/s",
                "ok": rate >= 5000,
                "loadavg": os.getloadavg()[0],
            }
        )
    return rows


if __name__ == "__main__":
    ws_arg = Path(sys.argv[sys.argv.index("--workspace") + 1]) if "--workspace" in sys.argv else None
    result = run(ws_arg)
    print(json.dumps(result) if "--json" in sys.argv else "\n".join(map(str, result)))
