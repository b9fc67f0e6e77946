"""First-run work behind a progress bar: ingest, align and check in a worker thread, one log line a step."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, Log, ProgressBar

from tui import firstrun


class ProgressScreen(Screen[None]):
    def __init__(self, workspace: Path, pending: list[Path], glossary: Path | None) -> None:
        super().__init__()
        self.workspace = workspace
        self.pending = pending
        self.glossary = glossary
        self._last = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="progress-box"):
            yield Label(
                f"Preparing {len(self.pending)} document(s) for review: ingest, align, check. "
                "This happens once; later starts are instant.",
                id="progress-title",
            )
            yield ProgressBar(total=firstrun.STEPS_PER_DOCUMENT * len(self.pending), show_eta=False, id="bar")
            yield Label("", id="progress-step")
            yield Log(id="progress-log", auto_scroll=True)

    def on_mount(self) -> None:
        self.run_steps()

    @work(thread=True, exit_on_error=True)
    def run_steps(self) -> None:
        firstrun.process(self.workspace, self.pending, self.glossary, self._report_from_thread)
        self.app.call_from_thread(self.dismiss)

    def _report_from_thread(self, done: float, message: str) -> None:
        self.app.call_from_thread(self._report, done, message)

    def _report(self, done: float, message: str) -> None:
        self.query_one(ProgressBar).update(progress=done)
        self.query_one("#progress-step", Label).update(message)
        # Per-turn alignment updates only move the bar; the log keeps one line per step.
        stem = message.split(":")[0]
        if stem != self._last:
            self._last = stem
            self.query_one(Log).write_line(message)
