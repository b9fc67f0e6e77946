"""The `bitext review` command; align.cli registers it, and it imports Textual only when run."""

from __future__ import annotations

from pathlib import Path

import typer


def review(
    document: str | None = typer.Argument(
        None,
        help="A Chinese file to ingest, align and check, or a document already in the workspace "
        "(id, prefix or number). Default: the bundled seeds.",
    ),
    workspace: Path | None = typer.Option(
        None,
        "--workspace",
        "-w",
        envvar="BITEXT_WORKSPACE",
        show_default=False,
        help="Workspace database (default: the user data dir; env BITEXT_WORKSPACE).",
    ),
) -> None:
    """Review aligned pairs in the terminal: flags, edits, glossary, alignment fixes; every decision saved at once."""
    from align.workspace import Workspace
    from tui.app import BitextApp
    from tui.firstrun import seed_sources

    if document is None:
        app = BitextApp(workspace, sources=seed_sources())
    elif Path(document).is_file():
        app = BitextApp(workspace, sources=[Path(document)])
    else:
        with Workspace(workspace) as ws:
            app = BitextApp(workspace, document=ws.resolve_doc(document))
    app.run()
