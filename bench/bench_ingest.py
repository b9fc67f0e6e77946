"""Parse, segment and ingest the five seed articles (and their English where present) into a fresh workspace.

Target (issue 2): under 1 s for all five seeds.  Run: .venv/bin/python bench/bench_ingest.py [--json]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.ingest import ingest_pair  # noqa: E402
from align.workspace import Workspace  # noqa: E402

TARGET_SECONDS = 1.0


def run() -> dict[str, object]:
    seeds = sorted((ROOT / "seeds" / "zh").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with Workspace(Path(tmp) / "ws.sqlite") as ws:
            results = [r for path in seeds for r in ingest_pair(ws, path)]
        elapsed = time.perf_counter() - start
    sentences = sum(r.sentences for r in results)
    return {
        "benchmark": "ingest five seeds (parse + segment + store)",
        "seconds": round(elapsed, 3),
        "target": f"< {TARGET_SECONDS} s",
        "ok": elapsed < TARGET_SECONDS,
        "sides": len(results),
        "sentences": sentences,
    }


if __name__ == "__main__":
    result = run()
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>10}: {v}")
