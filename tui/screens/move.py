"""Choosing which sentence moves to which neighbouring pair."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

MOVES = {
    "zh+1": ("zh", 1, "Last Chinese sentence → next pair"),
    "zh-1": ("zh", -1, "First Chinese sentence → previous pair"),
    "en+1": ("en", 1, "Last English sentence → next pair"),
    "en-1": ("en", -1, "First English sentence → previous pair"),
}


class MoveScreen(ModalScreen[tuple[str, int] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Move a sentence", classes="dialog-title")
            yield OptionList(*(Option(label, id=key) for key, (_, _, label) in MOVES.items()), id="moves")

    def on_mount(self) -> None:
        moves = self.query_one(OptionList)
        moves.highlighted = 0
        moves.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        lang, step, _ = MOVES[event.option.id or ""]
        self.dismiss((lang, step))
