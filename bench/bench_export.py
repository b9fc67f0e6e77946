"""Export 100,000 pairs to every format and time each one.

Target (issue 9): each format in at most 10 s. The workspace is synthetic, built straight through SQL: 50
documents of 2,000 sentence beads in turns of eight, a realistic mix of bead types, flags on one pair in ten
(half of them waived), and edits and accepts on a few percent, so every code path of the exporter runs.
Wall and CPU seconds are both reported: on a shared machine the CPU figure is the one that says what the
exporter costs. Run: .venv/bin/python bench/bench_export.py [--json] [--pairs N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align.export.formats import FORMATS, export  # noqa: E402
from align.export.records import Selection  # noqa: E402
from align.workspace import Workspace  # noqa: E402

TARGET_SECONDS = 10.0
DOCS = 50
TURN = 8
EN = [
    "We scaled the model by an order of magnitude and the loss kept going down.",
    "Inference-time compute lets the model think longer before it answers.",
    "I don't think anyone expected reasoning to emerge this quickly.",
    "The benchmark saturated within a year, which says more about the benchmark.",
]
ZH = [
    "我们把模型规模扩大了一个数量级，损失还在继续下降。",
    "推理时计算让模型在回答之前思考得更久。",
    "我觉得没有人预料到推理能力会这么快出现。",
    "这个基准在一年内就饱和了，这更多说明了基准本身的问题。",
]
SHAPES = [(1, 1)] * 90 + [(1, 2)] * 4 + [(2, 1)] * 3 + [(1, 0)] * 2 + [(0, 1)]


def build(path: Path, pairs: int) -> None:
    per_doc = pairs // DOCS
    with Workspace(path) as ws, ws.transaction() as cur:
        for d in range(DOCS):
            doc = f"{d:03d}_synthetic"
            cur.execute("INSERT INTO documents VALUES (?, ?, 1.0, 1.0)", (doc, f"Synthetic interview {d}"))
            for lang in ("en", "zh"):
                cur.execute("INSERT INTO sides VALUES (?, ?, NULL, 'sha', 1, '{}', 1.0)", (doc, lang))
            turns, sentences, beads, flags, decisions = [], [], [], [], []
            counts = {"en": 0, "zh": 0}
            for b in range(per_doc):
                t = b // TURN
                parent = f"{doc}-T{t}"
                if b % TURN == 0:
                    for lang in ("en", "zh"):
                        speaker = "Host" if t % 2 == 0 else "Guest"
                        turns.append((f"{doc}-{lang}-t{t}", doc, lang, t, None, speaker, "host", "speech", None,
                                      t, t, t * 60.0, t * 60.0 + 59, 1))  # fmt: skip
                    beads.append(
                        (parent, doc, "turn", t, None, json.dumps([f"{doc}-en-t{t}"]), "[]", 0.9, "bench", 1.0)
                    )
                n_en, n_zh = SHAPES[b % len(SHAPES)]
                ids = {}
                for lang, n, pool in (("en", n_en, EN), ("zh", n_zh, ZH)):
                    ids[lang] = []
                    for _ in range(n):
                        i = counts[lang]
                        counts[lang] += 1
                        sid = f"{doc}-{lang}-s{i}"
                        text = f"{pool[i % len(pool)]} ({i})"
                        sentences.append((sid, doc, lang, f"{doc}-{lang}-t{t}", t, i, text, "h", 0, len(text), t, t,
                                          t * 60.0 + b % TURN, t * 60.0 + b % TURN + 0.9, 1))  # fmt: skip
                        ids[lang].append(sid)
                bead = f"{doc}-b{b}"
                beads.append((bead, doc, "sentence", b, parent, json.dumps(ids["en"]), json.dumps(ids["zh"]),
                              0.3 + (b % 70) / 100, "bench", 1.0))  # fmt: skip
                if b % 10 == 3:
                    fid = f"{doc}-f{b}"
                    severity = ("error", "warning", "info")[b % 3]
                    flags.append((fid, doc, bead, "terms.glossary", severity, "terminology", "term not used", None,
                                  "[]", "[]", "{}", 1.0))  # fmt: skip
                    if b % 20 == 3:
                        decisions.append((doc, fid, "waive", "house style", "{}", 1.0, 0))
                if b % 25 == 0 and n_zh:
                    decisions.append((doc, bead, "edit", None, json.dumps({"zh": f"修订后的译文（{b}）。"}), 1.0, 0))
                if b % 10 == 1:
                    decisions.append((doc, bead, "accept", None, "{}", 1.0, 0))
            cur.executemany(f"INSERT INTO turns VALUES ({','.join('?' * 14)})", turns)
            cur.executemany(f"INSERT INTO sentences VALUES ({','.join('?' * 15)})", sentences)
            cur.executemany(f"INSERT INTO beads VALUES ({','.join('?' * 10)})", beads)
            cur.executemany(f"INSERT INTO flags VALUES ({','.join('?' * 12)})", flags)
            cur.executemany(
                "INSERT INTO decisions(doc_id, target, kind, reason, payload, created, undone) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                decisions,
            )


def run(pairs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        ws_path = Path(tmp) / "ws.sqlite"
        start = time.perf_counter()
        build(ws_path, pairs)
        built = time.perf_counter() - start
        figures = []
        with Workspace(ws_path) as ws:
            for fmt in FORMATS:
                out = Path(tmp) / "out" / f"corpus.{fmt}"
                out.parent.mkdir(exist_ok=True)
                start, cpu = time.perf_counter(), time.process_time()
                result = export(ws, fmt, out, Selection())
                seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
                size = sum(p.stat().st_size for p in result.files)
                ok = seconds <= TARGET_SECONDS
                figures.append({"format": fmt, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                                "units": result.units, "mb": round(size / 1e6, 1), "ok": ok})  # fmt: skip
    return {
        "benchmark": f"export {pairs:,} pairs in {DOCS} documents to each format",
        "build_seconds": round(built, 2),
        "target": f"<= {TARGET_SECONDS} s per format",
        "ok": all(f["ok"] for f in figures),
        "formats": figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pairs", type=int, default=100_000)
    args = parser.parse_args()
    report = run(args.pairs)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    print(f"{report['benchmark']} (workspace built in {report['build_seconds']} s; target {report['target']})")
    print(f"{'format':<10} {'seconds':>8} {'cpu s':>8} {'units':>8} {'MB':>7}  ok")
    for f in report["formats"]:
        ok = "yes" if f["ok"] else "NO"
        print(f"{f['format']:<10} {f['seconds']:>8.2f} {f['cpu_seconds']:>8.2f} {f['units']:>8} {f['mb']:>7.1f}  {ok}")


if __name__ == "__main__":
    main()
