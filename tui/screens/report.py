"""Where the review stands: flags by category and severity, progress, and how much review changed the text."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui.session import Report, Session
from tui.styles import SEVERITY_STYLE


class ReportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="report.back")]

    def __init__(self, session: Session, doc_ids: list[str]) -> None:
        super().__init__()
        self.session = session
        self.doc_ids = doc_ids

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="report")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Report"
        self.sub_title = ", ".join(self.doc_ids) if len(self.doc_ids) == 1 else f"{len(self.doc_ids)} documents"
        self.query_one("#report", Static).update(render_report(self.session.report(self.doc_ids)))

    def action_back(self) -> None:
        self.dismiss()


def render_report(report: Report) -> Table:
    def pct(n: int, total: int) -> str:
        return f"{n}/{total} ({100 * n / total:.1f}%)" if total else "0/0"

    progress = Table(title="Progress", title_justify="left", show_header=False, box=None, padding=(0, 2))
    progress.add_row("pairs reviewed (accepted or edited)", pct(report.reviewed, report.pairs))
    progress.add_row("flags resolved", pct(report.resolved, report.flags))
    progress.add_row("pairs edited", str(report.edited))

    counts = Table(title="Flags by category and severity", title_justify="left", box=None, padding=(0, 2))
    for column in ("category", "severity", "open", "resolved"):
        counts.add_column(column, justify="right" if column in ("open", "resolved") else "left")
    keys = sorted({(c, s) for c, s, _ in report.by_category})
    for category, severity in keys:
        counts.add_row(
            category,
            Text(severity, style=SEVERITY_STYLE.get(severity, "")),
            str(report.by_category[(category, severity, "open")]),
            str(report.by_category[(category, severity, "resolved")]),
        )

    metrics = Table(title="Post-edit distance (original vs reviewed Chinese, edited pairs)", title_justify="left",
                    box=None, padding=(0, 2))  # fmt: skip
    metrics.add_column("metric")
    metrics.add_column("score", justify="right")
    if report.metrics:
        for name, value in report.metrics.items():
            metrics.add_row(name, f"{value:.1f}")
    else:
        metrics.add_row(Text("no edited pairs yet", style="dim"), "")

    page = Table.grid(padding=(1, 0))
    page.add_row(progress)
    page.add_row(metrics)
    page.add_row(counts)
    return page
