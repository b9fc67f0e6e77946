"""Glossary suggestions over the five seeds: speed (target under 5 s) and quality (target 60%, issue 12).

Speed: the workspace is built once (ingest and align the five seeds with USE v3, a minute or more) and
reused from --workspace. Each timed run is a fresh interpreter, so jieba's dictionary load and the imports
count as they would for `bitext glossary suggest`; the figure is the median of --runs runs. Wall and CPU
time are both printed: on a shared machine the wall time mostly measures the neighbours.

Quality (--held-out): the share of the top 50 a terminology owner would accept, by the labels in
docs/suggestions.md, when the glossary lacks part of what the bundled one has. The bundled glossary was
written from these seeds, so run as it is only its leftovers can be suggested, and with an empty one only
the obvious; a fold removes the concepts it holds out and keeps the rest:

* concepts: two folds; each holds out the concepts whose id's CRC-32 is even (fold 0) or odd (fold 1), so
  every concept is held out once, by a rule that knows nothing of what it is;
* articles: one fold per seed, holding out the concepts whose English occurs in that seed and in no other,
  as if the glossary had been written from the other four;
* none: the glossary as given (--glossary; a header-only file for the cold start).

Each fold mines the whole workspace, as `bitext glossary suggest` does. --show prints each fold's list as
the markdown table docs/suggestions.md holds; a suggestion without a label there shows as "?".

Run: .venv/bin/python bench/bench_suggest.py [--workspace PATH] [--glossary PATH] [--runs N] [--json]
     .venv/bin/python bench/bench_suggest.py --held-out {concepts,articles,none} [--show] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from align.workspace import PairRow
    from glossary.model import Concept

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 5.0
TARGET_SHARE = 0.6
TOP = 50
DEFAULT_WORKSPACE = Path("/tmp/mining_ws.sqlite")
DEFAULT_LABELS = ROOT / "docs" / "suggestions.md"
LABELS = ("accept", "edit", "reject")


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


@dataclass(frozen=True)
class Fold:
    """A glossary to mine against: ``concepts`` kept, ``held_out`` of the given glossary's left out."""

    name: str
    concepts: list[Concept]
    held_out: int


def concept_folds(concepts: Sequence[Concept]) -> list[Fold]:
    """Two halves by the parity of the id's CRC-32: stable across runs and blind to what a concept is."""
    folds = []
    for half in (0, 1):
        kept = [c for c in concepts if zlib.crc32(c.id.encode()) % 2 != half]
        folds.append(Fold(f"concepts-{half}", kept, len(concepts) - len(kept)))
    return folds


def article_folds(pairs: Sequence[PairRow], concepts: Sequence[Concept]) -> list[Fold]:
    """One fold per document: without the concepts whose English occurs in it and in no other document.

    Concepts whose English occurs nowhere stay: they came from elsewhere and would be in any glossary.
    """
    from glossary.matcher import TermIndex

    index = TermIndex.build(concepts)
    docs_of: dict[str, set[str]] = {}
    for pair in pairs:
        for match in index.find_en(" ".join(pair.en)):
            docs_of.setdefault(match.concept_id, set()).add(pair.doc_id)
    folds = []
    for doc_id in dict.fromkeys(pair.doc_id for pair in pairs):
        kept = [c for c in concepts if docs_of.get(c.id) != {doc_id}]
        folds.append(Fold(doc_id, kept, len(concepts) - len(kept)))
    return folds


def read_labels(path: Path) -> dict[tuple[str, str], str]:
    """Every (en, zh) → label in the markdown tables of ``path`` whose header has en, zh and label columns.

    A pair labelled twice must be labelled the same: a list and the register of reasons cannot disagree.
    """
    labels: dict[tuple[str, str], str] = {}
    columns: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("|"):
            columns = []
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not columns:
            columns = cells
            continue
        if not {"en", "zh", "label"} <= set(columns) or set(cells) <= {"---"}:
            continue
        row = dict(zip(columns, cells, strict=False))
        key, label = (row["en"], row["zh"]), row["label"]
        if label not in LABELS:
            raise SystemExit(f"{path}:{number}: label {label!r} is none of {', '.join(LABELS)}")
        if labels.setdefault(key, label) != label:
            raise SystemExit(f"{path}:{number}: {key} is labelled both {labels[key]} and {label}")
    return labels


@dataclass(frozen=True)
class FoldResult:
    """How the top 50 of one fold were labelled; ``unlabelled`` ones have no row in the labels file."""

    fold: str
    held_out: int
    kept: int
    accept: int
    edit: int
    reject: int
    unlabelled: int

    @property
    def accepted(self) -> int:
        return self.accept + self.edit


def quality(workspace: Path, glossary: Path, protocol: str, labels_path: Path, show: bool) -> list[FoldResult]:
    """Mine the top 50 of every fold of ``protocol`` and count them by label."""
    from align.workspace import Workspace
    from glossary.mining.suggest import suggest
    from glossary.termbase import load_terms

    with Workspace(workspace) as ws:
        pairs = list(ws.sentence_pairs())
    concepts = load_terms(glossary)
    if protocol == "concepts":
        folds = concept_folds(concepts)
    elif protocol == "articles":
        folds = article_folds(pairs, concepts)
    else:
        folds = [Fold("none", concepts, 0)]
    labels = read_labels(labels_path)
    results = []
    for fold in folds:
        found = suggest(pairs, fold.concepts, top=TOP)
        rows = [(s.en, s.zh, f"{s.beads}/{s.en_beads}", labels.get((s.en, s.zh), "?")) for s in found]
        marks = [row[3] for row in rows]
        results.append(
            FoldResult(
                fold.name,
                fold.held_out,
                len(fold.concepts),
                *(marks.count(label) for label in LABELS),
                unlabelled=marks.count("?"),
            )
        )
        if show:
            print(f"\n{fold.name}: {fold.held_out} concepts held out, {len(fold.concepts)} kept\n")
            print("| # | en | zh | pairs | label |\n|---|---|---|---|---|")
            for n, (en, zh, evidence, label) in enumerate(rows, 1):
                print(f"| {n} | {en} | {zh} | {evidence} | {label} |")
    return results


def report(protocol: str, results: list[FoldResult], as_json: bool) -> None:
    accepted = sum(r.accepted for r in results)
    listed = TOP * len(results)
    unlabelled = sum(r.unlabelled for r in results)
    if as_json:
        summary = {"protocol": protocol, "accepted": accepted, "listed": listed, "share": accepted / listed}
        print(json.dumps({**summary, "target_share": TARGET_SHARE, "folds": [asdict(r) for r in results]}, indent=2))
        return
    print()
    for r in results:
        print(
            f"{r.fold}: {r.held_out} held out, {r.kept} kept: {r.accepted}/{TOP} accepted ({r.accept} as they "
            f"stand, {r.edit} with the Chinese corrected), {r.reject} rejected, {r.unlabelled} unlabelled"
        )
    verdict = "ok" if accepted >= TARGET_SHARE * listed and not unlabelled else "NOT MET"
    print(
        f"{protocol}: {accepted}/{listed} accepted = {accepted / listed:.0%} "
        f"(target >= {TARGET_SHARE:.0%}; {unlabelled} unlabelled) {verdict}"
    )


def main() -> None:
    from glossary.termbase import default_glossary_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=DEFAULT_WORKSPACE)
    parser.add_argument("--glossary", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--held-out", choices=("concepts", "articles", "none"), help="measure quality, not speed")
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--show", action="store_true", help="print each fold's list as a markdown table")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    glossary = args.glossary or default_glossary_path()
    if args.child:
        print(json.dumps(child(args.workspace, glossary)))
        return
    if not args.workspace.exists():
        build(args.workspace)
    if args.held_out:
        report(args.held_out, quality(args.workspace, glossary, args.held_out, args.labels, args.show), args.json)
        return
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
