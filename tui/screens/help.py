"""Every key of the screen underneath and of the app, read from the bindings so it cannot go stale."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

from tui.commands import actions_of


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss(None)", "Close",
                                                     id="modal.close")]  # fmt: skip

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label("Keys  (also in the command palette, ctrl+p)", classes="dialog-title")
            yield DataTable(id="keys", cursor_type="none", show_cursor=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "action", "id")
        for action in actions_of(self.under):
            table.add_row(action.keys, action.description, action.binding_id)
