"""Scale: 500 documents, 200,000 sentence pairs through ingest, align, check and export, under 2 GB RSS.

The articles are synthetic, built from real seed sentences (so segmentation, checks and exports see real
text), 400 pairs per document. Alignment is measured on a sample of documents through the real pipeline with
a hashing stub encoder (the Encoder protocol: name, encode), so the figure is the pipeline's cost (turn DP,
sentence DP, bead writes) and not the model's; the remaining documents get 1-1 beads inserted directly, the
"align-cached" state a corpus is in after its first alignment. Check and export then run over all 200,000.

Targets (documented in docs/benchmarks.md): ingest <= 300 s, check >= 2,000 pairs/s, each export <= 120 s,
aligned-pipeline throughput reported, peak RSS < 2 GB.

Run: .venv/bin/python bench/bench_scale.py [--docs 500] [--pairs 200000] [--align-docs 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from align.export.formats import export  # noqa: E402
from align.export.records import Selection  # noqa: E402
from align.ingest import ingest_pair  # noqa: E402
from align.pipeline import align_document  # noqa: E402
from align.readers import read_document  # noqa: E402
from align.workspace import Workspace, stable_id  # noqa: E402
from glossary.checks.qa import check_workspace, load_resources  # noqa: E402
from tests.hardening.fuzzlib import StubEncoder  # noqa: E402

SENTENCES_PER_TURN = 10
TARGETS = {"ingest_s": 300.0, "check_pairs_per_s": 2000.0, "export_s": 120.0, "rss_mb": 2048.0}


def seed_sentences() -> tuple[list[str], list[str]]:
    zh, en = [], []
    for lang, out in (("zh", zh), ("en", en)):
        for path in sorted((ROOT / "seeds" / lang).glob("*.txt")):
            doc = read_document(path, language=lang)
            out += [s.text for t in doc.turns for s in t.sentences if 4 <= len(s.text) <= 300]
    return zh, en


def write_corpus(folder: Path, docs: int, pairs_per_doc: int, zh_pool: list[str], en_pool: list[str]) -> list[Path]:
    """One Chinese article (labelled turns) and its English transcript per document, in seeds/ layout."""
    (folder / "zh").mkdir(parents=True)
    (folder / "en").mkdir()
    rng = random.Random(500)
    paths = []
    turns = max(1, pairs_per_doc // SENTENCES_PER_TURN)
    for d in range(docs):
        doc_id = f"{d:04d}_scale"
        zh_lines = [f"# 合成访谈 {d}", "", "## 全文", ""]
        en_lines = [f"# title: Synthetic interview {d}", "# speaker: Host | host", "# speaker: Guest | guest", ""]
        for t in range(turns):
            label_zh, label_en = ("主持人", "Host") if t % 2 == 0 else ("嘉宾", "Guest")
            zh_lines += [f"**{label_zh}：**" + "".join(rng.choices(zh_pool, k=SENTENCES_PER_TURN)), ""]
            en_lines += [f"{label_en}: " + " ".join(rng.choices(en_pool, k=SENTENCES_PER_TURN)), ""]
        zh_path = folder / "zh" / f"{doc_id}.txt"
        zh_path.write_text("\n".join(zh_lines), encoding="utf-8")
        (folder / "en" / f"{doc_id}.en.txt").write_text("\n".join(en_lines), encoding="utf-8")
        paths.append(zh_path)
    return paths


def insert_beads(ws: Workspace, doc_id: str) -> int:
    """1-1 sentence beads under one turn bead: the stored result of an earlier (cached) alignment."""
    en, zh = ws.sentence_ids(doc_id, "en"), ws.sentence_ids(doc_id, "zh")
    en_turns = [r[0] for r in ws.conn.execute("SELECT id FROM turns WHERE doc_id=? AND lang='en' ORDER BY idx",
                                              (doc_id,))]  # fmt: skip
    parent = stable_id(doc_id, "turn", "all")
    now = time.time()
    rows: list[tuple[object, ...]] = [
        (parent, doc_id, "turn", 0, None, json.dumps(en_turns), json.dumps(zh), 0.5, "scale-insert", now)
    ]
    n = max(len(en), len(zh))
    for k in range(n):
        e = [en[k]] if k < len(en) else []
        z = [zh[k]] if k < len(zh) else []
        bead = stable_id(doc_id, "sentence", json.dumps(e), json.dumps(z))
        rows.append((bead, doc_id, "sentence", k, parent, json.dumps(e), json.dumps(z), 0.5, "scale-insert", now))
    ws.replace_beads(doc_id, rows)
    return n


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(docs: int, pairs: int, align_docs: int) -> dict[str, object]:
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        zh_pool, en_pool = seed_sentences()
        t = time.perf_counter()
        paths = write_corpus(root / "corpus", docs, pairs // docs, zh_pool, en_pool)
        figures["generate_s"] = round(time.perf_counter() - t, 1)

        ws_path = root / "ws.sqlite"
        with Workspace(ws_path) as ws:
            t = time.perf_counter()
            for path in paths:
                ingest_pair(ws, path)
            figures["ingest_s"] = round(time.perf_counter() - t, 1)
            ids = ws.document_ids()

            t = time.perf_counter()
            aligned_pairs = 0
            for doc_id in ids[:align_docs]:
                aligned_pairs += align_document(ws, doc_id, StubEncoder()).sentence_beads
            pipeline_s = time.perf_counter() - t
            figures["align_pipeline_docs"] = min(align_docs, len(ids))
            figures["align_pipeline_pairs_per_s"] = round(aligned_pairs / pipeline_s) if pipeline_s else None
            t = time.perf_counter()
            inserted = sum(insert_beads(ws, doc_id) for doc_id in ids[align_docs:])
            figures["align_insert_s"] = round(time.perf_counter() - t, 1)
            total_pairs = aligned_pairs + inserted
            figures["pairs"] = total_pairs
            figures["align_est_full_pipeline_s"] = round(total_pairs / max(1, aligned_pairs) * pipeline_s)
            figures["rss_after_align_mb"] = round(rss_mb())

            t = time.perf_counter()
            check_workspace(ws, ids, load_resources())
            check_s = time.perf_counter() - t
            figures["check_s"] = round(check_s, 1)
            figures["check_pairs_per_s"] = round(total_pairs / check_s)
            figures["flags"] = ws.conn.execute("SELECT count(*) FROM flags").fetchone()[0]

            for fmt, name in (("jsonl", "export.jsonl"), ("tmx", "export.tmx"), ("moses", "moses/")):
                t = time.perf_counter()
                result = export(ws, fmt, root / name, Selection())
                figures[f"export_{fmt}_s"] = round(time.perf_counter() - t, 1)
                figures[f"export_{fmt}_units"] = result.units
        figures["workspace_mb"] = round(ws_path.stat().st_size / 2**20)
    figures["peak_rss_mb"] = round(rss_mb())
    exports = [v for k, v in figures.items() if k.startswith("export_") and k.endswith("_s")]
    ok = (
        float(figures["ingest_s"]) <= TARGETS["ingest_s"]  # type: ignore[arg-type]
        and float(figures["check_pairs_per_s"]) >= TARGETS["check_pairs_per_s"]  # type: ignore[arg-type]
        and all(float(v) <= TARGETS["export_s"] for v in exports)  # type: ignore[arg-type]
        and float(figures["peak_rss_mb"]) < TARGETS["rss_mb"]  # type: ignore[arg-type]
    )
    return {
        "benchmark": f"scale: {docs} documents, {figures['pairs']} pairs",
        **figures,
        "target": "ingest <= 300 s, check >= 2,000 pairs/s, each export <= 120 s, peak RSS < 2048 MB",
        "ok": ok,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--pairs", type=int, default=200_000)
    parser.add_argument("--align-docs", type=int, default=20, help="documents aligned through the real pipeline")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.docs, args.pairs, args.align_docs)
    if args.json:
        print(json.dumps(result))
        return
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
