"""The workspace at a glance: every document with its pairs, open and resolved flags, and review progress."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from tui.session import Session


class DocumentsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_document", "Open", id="documents.open"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Documents"
        self.sub_title = ""
        table = self.query_one(DataTable)
        table.add_columns("#", "document", "title", "pairs", "open flags", "resolved", "reviewed")
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for n, doc in enumerate(self.session.documents(), 1):
            table.add_row(
                str(n), doc.id, doc.title[:40], str(doc.pairs), str(doc.open_flags), str(doc.resolved_flags),
                f"{doc.percent_reviewed:5.1f}%", key=doc.id,
            )  # fmt: skip
        table.move_cursor(row=row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(str(event.row_key.value))

    def action_open_document(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self.open(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def open(self, doc_id: str) -> None:
        from tui.screens.review import ReviewScreen

        first = self.session.first_flagged([doc_id])
        self.app.push_screen(ReviewScreen(self.session, doc_id, first[1] if first else None))
