"""`bitext export`, `bitext import` and `bitext stats`: Typer command functions, registered by align.cli."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from align.corpus_import import import_jsonl, import_tmx
from align.export.formats import FORMATS
from align.export.formats import export as run_export
from align.export.records import Selection
from align.stats import corpus_stats
from align.workspace import Workspace

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", envvar="BITEXT_WORKSPACE", help="Workspace database.", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
DocsOpt = Annotated[
    list[str] | None, typer.Option("--doc", "-d", help="Document id, prefix or number (repeatable; default: all).")
]


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output file (moses: DIR/NAME or DIR/, writes NAME.en-zh.*).")
    ],
    docs: DocsOpt = None,
    status: Annotated[
        str, typer.Option(help="reviewed (edited, accepted or all flags closed), accepted, or all.")
    ] = "all",
    min_score: Annotated[float | None, typer.Option("--min-score", help="Drop pairs scoring below this.")] = None,
    exclude_severity: Annotated[
        str | None,
        typer.Option("--exclude-severity", help="Drop pairs with open flags of this severity or worse."),
    ] = None,
    unit: Annotated[str, typer.Option(help="sentence, or turn (a turn's sentence pairs merged).")] = "sentence",
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Export aligned pairs with the reviewer's edits: TMX, Moses, JSONL, XLIFF 2.0, tables or DPO pairs.

    Every file is written atomically. TMX, Moses and hf-jsonl leave out pairs with an empty side.
    """
    selection = Selection(docs, status, min_score, exclude_severity, unit)
    with Workspace(workspace) as ws:
        result = run_export(ws, fmt, output, selection)
    if as_json:
        print(json.dumps(asdict(result), default=str, ensure_ascii=False, indent=1))
        return
    skipped = f" ({result.skipped_one_sided} one-sided pairs left out)" if result.skipped_one_sided else ""
    files = ", ".join(str(p) for p in result.files)
    print(f"exported {result.units} {unit} units from {len(result.documents)} documents to {files}{skipped}",
          file=sys.stderr)  # fmt: skip


def import_(
    file: Annotated[Path, typer.Argument(help="A `bitext export --format jsonl` file, or a TMX file (*.tmx).")],
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Restore documents (sentences, turns, beads, flags, decisions) from a lossless JSONL export, or read a TMX.

    A TMX (ours or any CAT tool's) becomes one document per x-document prop (else the file name), each
    translation unit one aligned sentence pair.
    """
    reader = import_tmx if file.suffix.lower() == ".tmx" else import_jsonl
    with Workspace(workspace) as ws:
        result = reader(ws, file)
    if as_json:
        print(json.dumps(asdict(result), ensure_ascii=False, indent=1))
        return
    print(
        f"imported {len(result.documents)} documents: {result.beads} beads, {result.sentences} sentences, "
        f"{result.flags} flags, {result.decisions} decisions",
        file=sys.stderr,
    )


def _metric(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _print_stats(data: dict[str, Any]) -> None:
    console = Console()
    rows = [*data["documents"], {"doc_id": "corpus", **data["corpus"]}]
    kinds = list(data["corpus"]["bead_types"])
    pairs = Table("document", "pairs", *kinds, "reviewed", "accepted", "edited", title="pairs")
    edits = Table("document", "edited pairs", "chrF", "TER", "BLEU", "all pairs", "chrF", "TER", "BLEU",
                  title="post-edit (aligned vs reviewed Chinese)")  # fmt: skip
    for i, row in enumerate(rows):
        pairs.add_row(
            row["doc_id"], str(row["pairs"]), *(str(row["bead_types"][k]) for k in kinds),
            f"{row['reviewed']} ({row['reviewed_share']:.0%})", str(row["accepted"]), str(row["edited"]),
            end_section=i == len(rows) - 2,
        )  # fmt: skip
        e, a = row["post_edit"]["edited"], row["post_edit"]["all"]
        edits.add_row(
            row["doc_id"], str(e["pairs"]), _metric(e["chrf"]), _metric(e["ter"]), _metric(e["bleu"]),
            str(a["pairs"]), _metric(a["chrf"]), _metric(a["ter"]), _metric(a["bleu"]),
            end_section=i == len(rows) - 2,
        )  # fmt: skip
    console.print(pairs)
    console.print(edits)
    flags = Table("category", "open", "closed", title="flags (corpus)")
    for category, counts in data["corpus"]["flags"].items():
        flags.add_row(category, str(counts["open"]), str(counts["closed"]))
    console.print(flags)


def stats(docs: DocsOpt = None, workspace: WorkspaceOpt = None, as_json: JsonOpt = False) -> None:
    """Pairs, bead types, flags per category, reviewed share and post-edit metrics, per document and overall."""
    with Workspace(workspace) as ws:
        data = corpus_stats(ws, docs)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    _print_stats(data)
