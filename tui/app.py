"""The review app: documents, review, glossary and report screens over one workspace.

Startup decides between a warm start (straight to the first flagged pair) and a first run (a progress
screen while a worker thread ingests, aligns and checks); either way the reviewer lands on a pair to work on.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from align.workspace import Workspace, default_workspace_path
from tui import firstrun
from tui.commands import ActionsProvider
from tui.screens.documents import DocumentsScreen
from tui.screens.help import HelpScreen
from tui.screens.progress import ProgressScreen
from tui.screens.review import ReviewScreen
from tui.session import Session


class BitextApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "bitext review"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("D", "documents", "Documents", id="app.documents", show=False),
        Binding("g", "glossary", "Glossary", id="app.glossary"),
        Binding("R", "report", "Report", id="app.report"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        workspace: Path | None = None,
        sources: list[Path] | None = None,
        document: str | None = None,
        glossary: Path | None = None,
    ) -> None:
        """``sources`` are Chinese files to bring up to date first; ``document`` a workspace document id."""
        super().__init__()
        self.workspace = workspace or default_workspace_path()
        self.sources = sources or []
        self.document = document
        self.glossary = glossary
        self.session: Session | None = None
        self.doc_ids: list[str] = []

    def on_mount(self) -> None:
        with Workspace(self.workspace) as ws:
            plan = firstrun.plan(ws, self.sources)
            self.doc_ids = plan.doc_ids or ([self.document] if self.document else ws.document_ids())
        if plan.pending:
            self.push_screen(ProgressScreen(self.workspace, plan.pending, self.glossary), lambda _: self.open())
        else:
            self.open()

    def open(self) -> None:
        """Documents underneath, the first flagged pair of the requested documents on top."""
        self.session = Session(self.workspace, self.glossary)
        self.push_screen(DocumentsScreen(self.session))
        if not self.doc_ids:
            self.notify("The workspace is empty: ingest documents with `bitext ingest`.", severity="warning")
            return
        first = self.session.first_flagged(self.doc_ids)
        doc_id, bead = first if first else (self.doc_ids[0], None)
        self.push_screen(ReviewScreen(self.session, doc_id, bead))

    def on_unmount(self) -> None:
        if self.session:
            self.session.close()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_documents(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, DocumentsScreen):
            self.pop_screen()

    def action_glossary(self) -> None:
        """From the mining screen, which the glossary screen opened, this means going back to that glossary."""
        from tui.screens.glossary import GlossaryScreen
        from tui.screens.mining import MiningScreen

        if isinstance(self.screen, MiningScreen):
            self.screen.action_back()
        elif self.session and not any(isinstance(s, GlossaryScreen) for s in self.screen_stack):
            self.push_screen(GlossaryScreen(self.session))

    def action_report(self) -> None:
        from tui.screens.report import ReportScreen

        if self.session and not isinstance(self.screen, ReportScreen):
            ids = [self.screen.doc_id] if isinstance(self.screen, ReviewScreen) else self.session.ws.document_ids()
            self.push_screen(ReportScreen(self.session, ids))
