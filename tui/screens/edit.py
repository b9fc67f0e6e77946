"""Editing a pair's Chinese in a TextArea, with the English shown above for reference."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea


class EditScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="edit.save", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel"),
    ]

    def __init__(self, en: str, zh: str) -> None:
        super().__init__()
        self.en = en
        self.zh = zh

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Edit Chinese  (ctrl+s saves, escape cancels)", classes="dialog-title")
            yield Static(self.en, classes="reference")
            yield TextArea(self.zh, id="zh", soft_wrap=True)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        self.dismiss(text if text != self.zh else None)
