"""`bitext check` and `bitext waive`: the QA commands, registered on the main app."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from align.decisions import record, resolve_flag
from align.errors import InputError
from align.textio import atomic_write_text
from align.workspace import Workspace
from glossary.checks import report
from glossary.checks.qa import check_workspace, load_resources, stored_flags, workspace_pairs

FORMATS = ("table", "json", "html", "md", "csv")
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "blue"}


def check(
    documents: Annotated[list[str] | None, typer.Argument(help="Documents (default: every aligned document).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, html, md or csv.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here (atomic).")] = None,
    fail_on: Annotated[str, typer.Option(help="Exit 1 when open flags reach: error, warning or none.")] = "none",
    only: Annotated[list[str] | None, typer.Option(help="Run only these checks (ids or prefixes; repeatable).")] = None,
    skip: Annotated[list[str] | None, typer.Option(help="Skip these checks (ids or prefixes; repeatable).")] = None,
    glossary: Annotated[Path | None, typer.Option(help="Term base CSV (default: glossary/terms.csv).")] = None,
    rules: Annotated[Path | None, typer.Option(help="Rules YAML (default: glossary/rules.yaml).")] = None,
    show_closed: Annotated[bool, typer.Option("--all", help="List waived and accepted flags too.")] = False,
    qe_model: Annotated[
        str | None, typer.Option("--qe-model", help="zh->en seq2seq model: flag low back-translation chrF (qe.low).")
    ] = None,
    workspace: Annotated[Path | None, typer.Option("--workspace", "-w", envvar="BITEXT_WORKSPACE")] = None,
) -> None:
    """Run the QA checks over aligned pairs, store the flags, and report them.

    Waivers and other decisions are kept across runs (flags have stable fingerprints).
    """
    if fmt not in FORMATS:
        raise InputError(None, None, f"--format must be one of {', '.join(FORMATS)}")
    if fail_on not in ("error", "warning", "none"):
        raise InputError(None, None, "--fail-on must be error, warning or none")
    resources = load_resources(glossary, rules)
    with Workspace(workspace) as ws:
        ids = [ws.resolve_doc(d) for d in documents] if documents else [s.id for s in ws.summaries() if s.beads]
        if not ids:
            raise InputError(None, None, "no aligned documents: run `bitext align` first")
        check_workspace(ws, ids, resources, only or (), skip or (), _qe_checks(ws, qe_model))
        flags = stored_flags(ws, ids)
        pairs = {p.bead_id: p for p in workspace_pairs(ws, ids)}
    recs = report.records(flags if show_closed or fmt != "table" else [f for f in flags if f.status == "open"], pairs)
    if fmt == "table":
        _print_table(flags, recs)
    else:
        text = {
            "json": lambda: report.render_json(recs, flags),
            "csv": lambda: report.render_csv(recs),
            "md": lambda: report.render_md(recs, flags),
            "html": lambda: report.render_html(recs, flags),
        }[fmt]()
        if output:
            atomic_write_text(output, text)
            print(f"wrote {output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    open_sev = Counter(f.severity for f in flags if f.status == "open")
    if (fail_on == "error" and open_sev["error"]) or (
        fail_on == "warning" and (open_sev["error"] or open_sev["warning"])
    ):
        raise typer.Exit(1)


def _qe_checks(ws: Workspace, qe_model: str | None) -> list:
    """Back-translation QE needs the transformers extra, so it is imported only when asked for."""
    if not qe_model:
        return []
    from align.mt.cache import CachedTranslator, MTCache
    from align.mt.translator import Translator
    from glossary.checks.qe import qe_check

    return [qe_check(CachedTranslator(Translator(qe_model), MTCache(ws)))]


def _print_table(flags: list, recs: list[dict[str, object]]) -> None:
    console = Console()
    summary = Table("check", "error", "warning", "info", "waived/accepted", title="QA summary")
    by_check: dict[str, Counter[str]] = {}
    for f in flags:
        by_check.setdefault(f.check, Counter())[f.severity if f.status == "open" else "closed"] += 1
    for check_id, c in sorted(by_check.items()):
        summary.add_row(
            check_id, str(c["error"] or ""), str(c["warning"] or ""), str(c["info"] or ""), str(c["closed"] or "")
        )
    console.print(summary)
    listing = Table("flag", "doc", "pair", "sev", "check", "message", "Chinese", show_lines=False)
    for r in recs:
        sev = str(r["severity"])
        listing.add_row(
            str(r["id"])[:10],
            str(r["doc_id"])[:3],
            str(r["pair"]),
            Text(sev, SEVERITY_STYLE.get(sev, "")),
            str(r["check"]),
            Text(str(r["message"])),
            Text(str(r["zh"])[:40]),
        )
    console.print(listing)


def waive(
    flag: Annotated[str, typer.Argument(help="Flag id (or a unique prefix) from `bitext check`.")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why this flag does not need a fix.")],
    workspace: Annotated[Path | None, typer.Option("--workspace", "-w", envvar="BITEXT_WORKSPACE")] = None,
) -> None:
    """Waive a flag with a reason; the waiver survives re-check and re-ingest."""
    if not reason.strip():
        raise InputError(None, None, "--reason must not be empty")
    with Workspace(workspace) as ws:
        flag_id, doc_id = resolve_flag(ws, flag)
        record(ws, doc_id, flag_id, "waive", reason=reason.strip())
    print(f"waived {flag_id}")
