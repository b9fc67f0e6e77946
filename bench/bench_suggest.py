"""Glossary suggestions over the five seeds: target under 5 s, excluding the one-off alignment.

The workspace is built once (ingest and align the five seeds with USE v3, a minute or more) and reused
from --workspace. Each timed run is a fresh interpreter, so jieba's dictionary load and the imports count
as they would for `bitext glossary suggest`; the figure is the median of --runs runs. Wall and CPU time are
both printed: on a shared machine the wall time mostly measures the neighbours.

Run: .venv/bin/python bench/bench_suggest.py [--workspace PATH] [--glossary PATH] [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 5.0
DEFAULT_WORKSPACE = Path("/tmp/mining_ws.sqlite")


def build(workspace: Path) -> None:
    """Ingest and align every seed pair into ``workspace``, once."""
    from align.ingest import ingest_pair
    from align.pipeline import align_document
    from align.scorers.encoders import Usem3Encoder
    from align.workspace import Workspace

    encoder = Usem3Encoder()
    with Workspace(workspace) as ws:
        for zh in sorted((ROOT / "seeds" / "zh").glob("*.txt")):
            doc_id = ingest_pair(ws, zh)[0].doc_id
            summary = align_document(ws, doc_id, encoder)
            print(f"aligned {doc_id}: {summary.sentence_beads} beads in {summary.seconds:.1f} s", file=sys.stderr)


def child(workspace: Path, glossary: Path) -> dict[str, float]:
    """One timed run, from imports to the 50th suggestion."""
    wall, cpu = time.perf_counter(), time.process_time()
    from align.workspace import Workspace
    from glossary.mining.suggest import suggest
    from glossary.termbase import load_terms

    with Workspace(workspace) as ws:
        pairs = list(ws.sentence_pairs())
    concepts = load_terms(glossary)
    found = suggest(pairs, concepts, top=50)
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "pairs": len(pairs),
        "concepts": len(concepts),
        "suggestions": len(found),
    }


def main() -> None:
    from glossary.termbase import default_glossary_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=DEFAULT_WORKSPACE)
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    glossary = args.glossary or default_glossary_path()
    if args.child:
        print(json.dumps(child(args.workspace, glossary)))
        return
    if not args.workspace.exists():
        build(args.workspace)
    command = [sys.executable, __file__, "--child", "--workspace", str(args.workspace), "--glossary", str(glossary)]
    runs = [
        json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout) for _ in range(args.runs)
    ]
    result = {
        "wall_seconds": statistics.median(r["wall"] for r in runs),
        "cpu_seconds": statistics.median(r["cpu"] for r in runs),
        "runs": args.runs,
        "pairs": runs[0]["pairs"],
        "concepts": runs[0]["concepts"],
        "suggestions": runs[0]["suggestions"],
        "target_seconds": TARGET_SECONDS,
        "load_average": os.getloadavg()[0],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    verdict = "ok" if result["wall_seconds"] < TARGET_SECONDS else "SLOW"
    print(
        f"{result['suggestions']} suggestions from {result['pairs']} pairs against {result['concepts']} concepts: "
        f"{result['wall_seconds']:.2f} s wall, {result['cpu_seconds']:.2f} s CPU "
        f"(median of {args.runs}; target < {TARGET_SECONDS:.0f} s; load average {result['load_average']:.1f}) {verdict}"
    )


if __name__ == "__main__":
    main()
