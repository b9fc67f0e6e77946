"""Choosing where a pair is cut: how many English and Chinese sentences stay in the first part."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class SplitScreen(ModalScreen[tuple[int, int] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel")]

    def __init__(self, en: list[str], zh: list[str]) -> None:
        super().__init__()
        self.en = en
        self.zh = zh

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Split pair", classes="dialog-title")
            yield Label(f"{len(self.en)} English and {len(self.zh)} Chinese sentences; first part keeps:")
            yield Input(str((len(self.en) + 1) // 2), placeholder="English sentences", id="split-en", type="integer")
            yield Input(str((len(self.zh) + 1) // 2), placeholder="Chinese sentences", id="split-zh", type="integer")

    def on_input_submitted(self) -> None:
        values = [self.query_one(f"#split-{lang}", Input).value for lang in ("en", "zh")]
        if not all(v.isdigit() for v in values):
            self.notify("Give two whole numbers.", severity="error")
            return
        self.dismiss((int(values[0]), int(values[1])))
