"""Sentence alignment inside gold turns of the seeds (target: strict F1 >= .95 on seeds/gold/sent).

Each gold turn's English and Chinese sentences are aligned on their own, as the pipeline does after turn
alignment.  Run: .venv/bin/python bench/bench_seed_sentences.py [--json]
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.align_eval import score_alignments  # noqa: E402
from align.beads import Bead, read_beads  # noqa: E402
from align.scorers import build_scorer  # noqa: E402
from align.sentence_align import align_sentences  # noqa: E402

GOLD = ROOT / "seeds" / "gold" / "sent"
TARGET = 0.95


def align_seed(prefix: str, scorer: object) -> list[Bead]:
    en = (GOLD / f"{prefix}.en").read_text(encoding="utf-8").splitlines()
    zh = (GOLD / f"{prefix}.zh").read_text(encoding="utf-8").splitlines()
    beads: list[Bead] = []
    with open(GOLD / f"{prefix}.turns.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            e0, en_n, z0, zh_n = (int(row[k]) for k in ("en_first", "en_count", "zh_first", "zh_count"))
            for b in align_sentences(en[e0 : e0 + en_n], zh[z0 : z0 + zh_n], scorer):  # type: ignore[arg-type]
                beads.append(Bead(tuple(e0 + i for i in b.src), tuple(z0 + j for j in b.tgt), b.score))
    return beads


def run() -> list[dict[str, object]]:
    scorer = build_scorer()
    rows = []
    for align_file in sorted(GOLD.glob("*.align")):
        prefix = align_file.stem
        start = time.perf_counter()
        hyp = align_seed(prefix, scorer)
        seconds = time.perf_counter() - start
        s = score_alignments([(read_beads(align_file), hyp)])
        rows.append(
            {
                "seed": prefix,
                "strict_p": round(s.strict_p, 3),
                "strict_r": round(s.strict_r, 3),
                "strict_f1": round(s.strict_f1, 3),
                "lax_f1": round(s.lax_f1, 3),
                "beads": len(hyp),
                "seconds": round(seconds, 2),
                "ok": s.strict_f1 >= TARGET,
            }
        )
    return rows


if __name__ == "__main__":
    result = run()
    print(json.dumps(result) if "--json" in sys.argv else "\n".join(map(str, result)))
