"""`bitext glossary suggest` and `bitext glossary variants`: the mining as commands.

These are plain Typer command functions; the main CLI registers them on its `glossary` sub-app. Bad input
(an unknown document or concept id, a malformed glossary) is an InputError, reported by the main CLI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from align.errors import InputError
from align.workspace import PairRow, Workspace
from glossary.mining.suggest import suggest as mine_suggestions
from glossary.mining.variants import UNLISTED
from glossary.mining.variants import variants as mine_variants
from glossary.model import Concept
from glossary.termbase import default_glossary_path, load_terms

WorkspaceOption = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", envvar="BITEXT_WORKSPACE", help="Workspace (default: $BITEXT_WORKSPACE)."),
]
GlossaryOption = Annotated[
    Path | None,
    typer.Option(
        "--glossary", help="Glossary CSV (default: bundled terms.csv or $BITEXT_GLOSSARY).", show_default=False
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

_KIND_STYLE = {"preferred": "green", "admitted": "cyan", "forbidden": "red", UNLISTED: "yellow"}


def suggest(
    docs: Annotated[list[str] | None, typer.Argument(help="Documents to mine (default: all).")] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many suggestions.")] = 50,
    workspace: WorkspaceOption = None,
    glossary: GlossaryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Suggest concepts the glossary lacks, mined from aligned sentence pairs, best first."""
    _, concepts = _load(glossary)
    found = mine_suggestions(_pairs(workspace, docs), concepts, top=top)
    if as_json:
        _print_json([s.to_dict() for s in found])
        return
    table = Table(title=f"{len(found)} suggested concepts", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("en")
    table.add_column("zh")
    table.add_column("pairs", justify="right")
    table.add_column("dice", justify="right")
    table.add_column("example", overflow="fold", ratio=1)
    for n, s in enumerate(found, 1):
        example = s.examples[0] if s.examples else None
        text = f"{example.en}\n[dim]{example.zh}[/dim]" if example else ""
        table.add_row(str(n), s.en, s.zh, f"{s.beads}/{s.en_beads}", f"{s.dice:.2f}", text)
    Console().print(table)


def variants(
    concept_ids: Annotated[list[str] | None, typer.Argument(help="Concept ids (default: every concept).")] = None,
    workspace: WorkspaceOption = None,
    glossary: GlossaryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every Chinese rendering actually used for each concept's English, with counts and examples."""
    path, concepts = _load(glossary)
    known = {c.id for c in concepts}
    for concept_id in concept_ids or []:
        if concept_id not in known:
            raise InputError(path, None, f"no concept with id {concept_id!r}")
    reports = mine_variants(_pairs(workspace, None), concepts, concept_ids or None)
    if as_json:
        _print_json([r.to_dict() for r in reports])
        return
    console = Console()
    for report in reports:
        if not report.beads:
            continue
        console.rule(f"{report.concept_id}: {report.en} → {report.zh or '(no Chinese yet)'}")
        table = Table("kind", "rendering", "pairs", "example", show_lines=False)
        for r in report.renderings:
            example = r.examples[0]
            table.add_row(
                f"[{_KIND_STYLE.get(r.kind, '')}]{r.kind}[/]", r.zh, str(r.count), f"{example.en}\n[dim]{example.zh}"
            )
        console.print(table)
        if report.unrendered:
            console.print(f"[dim]{report.unrendered} of {report.beads} pairs had no candidate rendering[/dim]")


def _load(glossary: Path | None) -> tuple[Path, list[Concept]]:
    path = glossary or default_glossary_path()
    return path, load_terms(path)


def _pairs(workspace: Path | None, docs: list[str] | None) -> list[PairRow]:
    """The sentence beads of ``docs`` (ids, prefixes or positions, as elsewhere), or of every document."""
    with Workspace(workspace) as ws:
        ids = [ws.resolve_doc(ref) for ref in docs] if docs else [None]
        return [pair for doc_id in ids for pair in ws.sentence_pairs(doc_id)]


def _print_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))
