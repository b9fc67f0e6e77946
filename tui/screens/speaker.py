"""Reassigning the speaker of the current pair's turn; the document's known speakers are offered."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class SpeakerScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel")]

    def __init__(self, current: str | None, known: list[str]) -> None:
        super().__init__()
        self.current = current or ""
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Reassign speaker of this turn", classes="dialog-title")
            yield Label("Known: " + (", ".join(self.known) or "none"), classes="hint")
            yield Input(self.current, placeholder="speaker", id="speaker")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value if value and value != self.current else None)
