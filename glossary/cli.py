"""`bitext glossary ...`: the terminology owner's commands over terms.csv and rules.yaml.

Commands raise InputError for bad input (an unknown id, a malformed file) and leave reporting it to the
main CLI, which prints one line and exits 2. Exit 1 is reserved for "ran fine, found problems" (lint,
test), so scripts and CI can tell a broken glossary from a broken command line.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from align.errors import InputError
from glossary.lint import Problem, lint_concepts, lint_rules
from glossary.matcher import TermIndex
from glossary.model import Concept
from glossary.rules import compile_rules, load_rules, run_examples
from glossary.tbx import export_concepts, guess_format, import_concepts
from glossary.termbase import (
    concept_from_fields,
    default_glossary_path,
    default_rules_path,
    load_terms,
    make_id,
    merge_concepts,
    save_terms,
    with_fields,
)
from glossary.usage import count_usage

app = typer.Typer(
    help="Keep the terminology glossary: browse, edit, lint, import/export TBX, test the rules.",
    no_args_is_help=True,
)

GlossaryOption = Annotated[
    Path | None,
    typer.Option(
        "--glossary", help="Glossary CSV (default: bundled terms.csv or $BITEXT_GLOSSARY).", show_default=False
    ),
]
RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="Rules YAML (default: bundled rules.yaml or $BITEXT_RULES).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

# Field options shared by add and edit; values are written as in the CSV ("a|b" for several, yes/no).
EnOption = Annotated[str | None, typer.Option("--en", help="English term.")]
EnVariantsOption = Annotated[str | None, typer.Option("--en-variants", help="English variants, a|b.")]
ZhOption = Annotated[str | None, typer.Option("--zh", help="Preferred Chinese rendering.")]
ZhAdmittedOption = Annotated[str | None, typer.Option("--zh-admitted", help="Admitted renderings, a|b.")]
ZhForbiddenOption = Annotated[str | None, typer.Option("--zh-forbidden", help="Forbidden renderings, a|b.")]
StatusOption = Annotated[str | None, typer.Option("--status", help="preferred, admitted, deprecated or forbidden.")]
CaseOption = Annotated[str | None, typer.Option("--case-sensitive", help="yes or no.")]
NoteOption = Annotated[str | None, typer.Option("--note", help="Free-text note for translators.")]
DomainOption = Annotated[str | None, typer.Option("--domain", help="Domains, a|b.")]
RelatedOption = Annotated[str | None, typer.Option("--related", help="Related concept ids, a|b.")]


def _load(glossary: Path | None) -> tuple[Path, list[Concept]]:
    path = glossary or default_glossary_path()
    return path, load_terms(path)


def _get(concepts: list[Concept], concept_id: str, path: Path) -> Concept:
    for concept in concepts:
        if concept.id == concept_id:
            return concept
    raise InputError(path, None, f"no concept with id {concept_id!r}")


def _print_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _fields(**values: str | None) -> dict[str, str]:
    return {name: value for name, value in values.items() if value is not None}


@app.command("list")
def list_concepts(
    glossary: GlossaryOption = None,
    domain: Annotated[str | None, typer.Option("--domain", help="Only concepts in this domain.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Substring of any term, id or note.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List concepts, optionally filtered by domain or a search string."""
    _, concepts = _load(glossary)
    if domain:
        concepts = [c for c in concepts if domain.casefold() in {d.casefold() for d in c.domain}]
    if search:
        needle = search.casefold()
        concepts = [c for c in concepts if needle in _haystack(c)]
    if as_json:
        _print_json([c.to_dict() for c in concepts])
        return
    table = Table(title=f"{len(concepts)} concepts", show_lines=False)
    for column in ("id", "en", "zh", "admitted", "forbidden", "status", "domain"):
        table.add_column(column, overflow="fold")
    for c in concepts:
        en = Text(c.en)
        if c.en_variants:
            en.append(f" ({', '.join(c.en_variants)})", style="dim")
        status = Text(c.status, style={"deprecated": "dim", "forbidden": "red"}.get(c.status, ""))
        table.add_row(c.id, en, c.zh, ", ".join(c.zh_admitted), ", ".join(c.zh_forbidden), status, ", ".join(c.domain))
    Console().print(table)


def _haystack(concept: Concept) -> str:
    parts = [concept.id, concept.en, *concept.en_variants, concept.zh, *concept.zh_admitted, concept.note]
    return "\n".join(parts).casefold()


@app.command()
def show(
    concept_id: Annotated[str, typer.Argument(help="Concept id.")],
    glossary: GlossaryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show every field of one concept."""
    path, concepts = _load(glossary)
    concept = _get(concepts, concept_id, path)
    if as_json:
        _print_json(concept.to_dict())
        return
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for name, value in concept.to_dict().items():
        if isinstance(value, list):
            value = ", ".join(value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        table.add_row(name, str(value))
    Console().print(table)


@app.command()
def add(
    en: Annotated[str, typer.Option("--en", help="English term.")],
    concept_id: Annotated[str | None, typer.Option("--id", help="Concept id (default: from --en).")] = None,
    en_variants: EnVariantsOption = None,
    zh: ZhOption = None,
    zh_admitted: ZhAdmittedOption = None,
    zh_forbidden: ZhForbiddenOption = None,
    status: StatusOption = None,
    case_sensitive: CaseOption = None,
    note: NoteOption = None,
    domain: DomainOption = None,
    related: RelatedOption = None,
    glossary: GlossaryOption = None,
) -> None:
    """Add a concept at the end of the glossary."""
    path, concepts = _load(glossary)
    new_id = concept_id if concept_id is not None else make_id(en)
    fields = _fields(
        id=new_id,
        en=en,
        en_variants=en_variants,
        zh=zh,
        zh_admitted=zh_admitted,
        zh_forbidden=zh_forbidden,
        status=status,
        case_sensitive=case_sensitive,
        note=note,
        domain=domain,
        related=related,
    )
    concept = concept_from_fields(fields, None, None)
    if any(c.id == concept.id for c in concepts):
        raise InputError(path, None, f"a concept with id {concept.id!r} already exists; use edit")
    save_terms(path, [*concepts, concept])
    typer.echo(f"added {concept.id}")


@app.command()
def edit(
    concept_id: Annotated[str, typer.Argument(help="Concept id.")],
    en: EnOption = None,
    en_variants: EnVariantsOption = None,
    zh: ZhOption = None,
    zh_admitted: ZhAdmittedOption = None,
    zh_forbidden: ZhForbiddenOption = None,
    status: StatusOption = None,
    case_sensitive: CaseOption = None,
    note: NoteOption = None,
    domain: DomainOption = None,
    related: RelatedOption = None,
    glossary: GlossaryOption = None,
) -> None:
    """Change some fields of a concept in place; the row keeps its position."""
    path, concepts = _load(glossary)
    fields = _fields(
        en=en,
        en_variants=en_variants,
        zh=zh,
        zh_admitted=zh_admitted,
        zh_forbidden=zh_forbidden,
        status=status,
        case_sensitive=case_sensitive,
        note=note,
        domain=domain,
        related=related,
    )
    if not fields:
        raise InputError(None, None, "edit: give at least one field to change, e.g. --zh 智能体")
    concept = _get(concepts, concept_id, path)
    updated = with_fields(concept, fields, None)
    save_terms(path, [updated if c.id == concept_id else c for c in concepts])
    typer.echo(f"edited {concept_id}")


@app.command()
def deprecate(
    concept_id: Annotated[str, typer.Argument(help="Concept id.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why; appended to the note.")] = None,
    glossary: GlossaryOption = None,
) -> None:
    """Mark a concept deprecated; it stays in the file so past decisions still resolve."""
    path, concepts = _load(glossary)
    concept = _get(concepts, concept_id, path)
    note = concept.note
    if reason:
        note = f"{note}; deprecated: {reason}" if note else f"deprecated: {reason}"
    updated = replace(concept, status="deprecated", note=note)
    save_terms(path, [updated if c.id == concept_id else c for c in concepts])
    typer.echo(f"deprecated {concept_id}")


@app.command()
def rm(
    concept_id: Annotated[str, typer.Argument(help="Concept id.")],
    glossary: GlossaryOption = None,
) -> None:
    """Remove a concept (prefer deprecate for anything ever used in a published translation)."""
    path, concepts = _load(glossary)
    _get(concepts, concept_id, path)
    remaining = [c for c in concepts if c.id != concept_id]
    save_terms(path, remaining)
    typer.echo(f"removed {concept_id}")
    referrers = [c.id for c in remaining if concept_id in c.related]
    if referrers:
        typer.echo(f"warning: still listed as related by {', '.join(referrers)}", err=True)


@app.command("lint")
def lint_command(
    glossary: GlossaryOption = None,
    rules: RulesOption = None,
    as_json: JsonOption = False,
) -> None:
    """Report duplicates, conflicts, dangling references and bad rule patterns; exit 1 if any."""
    path, concepts = _load(glossary)
    rules_path = rules or default_rules_path()
    loaded = load_rules(rules_path, check_regex=False) if rules or rules_path.exists() else []
    found = [(path, p) for p in lint_concepts(concepts)] + [(rules_path, p) for p in lint_rules(loaded)]
    if as_json:
        _print_json([{"file": str(source), **p.to_dict()} for source, p in found])
    else:
        for source, problem in found:
            typer.echo(f"{_where(source, problem)}: {problem}")
        typer.echo(f"{len(found)} problem(s) in {len(concepts)} concepts and {len(loaded)} rules", err=True)
    if found:
        raise typer.Exit(1)


def _where(source: Path, problem: Problem) -> str:
    return f"{source}:{problem.line}" if problem.line is not None else str(source)


@app.command()
def usage(
    concept_ids: Annotated[list[str], typer.Argument(help="Concept ids.")],
    workspace: Annotated[
        Path | None, typer.Option("--workspace", help="Workspace (default: $BITEXT_WORKSPACE).")
    ] = None,
    t2s: Annotated[bool, typer.Option("--t2s", help="Match traditional Chinese as simplified.")] = False,
    glossary: GlossaryOption = None,
    as_json: JsonOption = False,
) -> None:
    """Where each concept is used across the corpus, and every rendering actually used for it."""
    path, concepts = _load(glossary)
    for concept_id in concept_ids:
        _get(concepts, concept_id, path)
    try:
        from align.workspace import iter_pairs
    except ImportError as exc:
        typer.echo("error: usage reads the corpus through align.workspace.iter_pairs, which is missing", err=True)
        raise typer.Exit(1) from exc
    # The whole glossary is indexed, so a longer term (multi-agent) is not counted as the shorter one in it.
    index = TermIndex.build(concepts, t2s=t2s)
    found = count_usage(index, iter_pairs(workspace), concept_ids)
    if as_json:
        _print_json([u.to_dict() for u in found.values()])
        return
    console = Console()
    for u in found.values():
        concept = index.concepts[u.concept_id]
        console.rule(f"{u.concept_id}: {concept.en} → {concept.zh}")
        console.print(
            f"{len(u.pairs)} pairs with the English; {len(u.missing)} without an allowed rendering; "
            f"{len(u.forbidden)} with a forbidden one; {len(u.zh_only)} Chinese-only"
        )
        table = Table("kind", "rendering", "count")
        for (kind, surface), n in u.renderings.most_common():
            table.add_row(kind, surface, str(n))
        if u.renderings:
            console.print(table)
        for label, ids in (("missing", u.missing), ("forbidden", u.forbidden)):
            if ids:
                more = f" (+{len(ids) - 5} more)" if len(ids) > 5 else ""
                console.print(f"{label}: {', '.join(ids[:5])}{more}")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or TBX file to import.")],
    fmt: Annotated[str | None, typer.Option("--format", help="csv, tsv or tbx (default: from the suffix).")] = None,
    replace_all: Annotated[bool, typer.Option("--replace", help="Replace the glossary instead of merging.")] = False,
    glossary: GlossaryOption = None,
) -> None:
    """Merge concepts from a file (same id: replaced in place; new: appended), or --replace the glossary."""
    kind = fmt or guess_format(file)
    if kind not in ("csv", "tsv", "tbx"):
        raise InputError(None, None, f"--format must be csv, tsv or tbx, not {kind!r}")
    incoming = import_concepts(file, kind)
    path = glossary or default_glossary_path()
    if replace_all:
        save_terms(path, incoming)
        typer.echo(f"replaced {path} with {len(incoming)} concepts")
        return
    merged, added, changed = merge_concepts(load_terms(path), incoming)
    save_terms(path, merged)
    typer.echo(f"{len(added)} added, {len(changed)} changed, {len(incoming) - len(added) - len(changed)} unchanged")


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="File to write.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, tsv, tbx2 or tbx3 (default: from the suffix; .tbx is tbx2).")
    ] = None,
    glossary: GlossaryOption = None,
) -> None:
    """Export the glossary; TBX v2 is what most CAT tools read, v3 is the current ISO 30042."""
    from_suffix = guess_format(file)
    kind = fmt or ("tbx2" if from_suffix == "tbx" else from_suffix)
    if kind not in ("csv", "tsv", "tbx2", "tbx3"):
        raise InputError(None, None, f"--format must be csv, tsv, tbx2 or tbx3, not {kind!r}")
    _, concepts = _load(glossary)
    export_concepts(file, concepts, kind)
    typer.echo(f"wrote {len(concepts)} concepts to {file}")


@app.command("test")
def test_command(rules: RulesOption = None, as_json: JsonOption = False) -> None:
    """Run every rule's positive and negative examples; exit 1 listing the ones that fail."""
    path = rules or default_rules_path()
    loaded = load_rules(path)
    failures = run_examples(compile_rules(loaded, path))
    examples = sum(len(r.positive) + len(r.negative) for r in loaded)
    if as_json:
        _print_json(
            [
                {
                    "rule": f.rule_id,
                    "expected": f.expected,
                    "en": f.example.en,
                    "zh": f.example.zh,
                    "line": f.example.line,
                }
                for f in failures
            ]
        )
    else:
        for failure in failures:
            typer.echo(f"{path}:{failure.example.line}: {failure}")
        typer.echo(f"{len(loaded)} rules, {examples} examples, {len(failures)} failing", err=bool(failures))
    if failures:
        raise typer.Exit(1)
