"""Adding or editing a glossary concept: English, Chinese and status, saved to terms.csv atomically."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from glossary.model import STATUSES, Status


@dataclass(frozen=True)
class TermInput:
    en: str
    zh: str
    status: Status


class TermScreen(ModalScreen[TermInput | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel", id="modal.cancel")]

    def __init__(self, title: str, en: str = "", zh: str = "", status: Status = "preferred") -> None:
        super().__init__()
        self.heading = title
        self.initial = TermInput(en, zh, status)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Input(self.initial.en, placeholder="English term", id="term-en")
            yield Input(self.initial.zh, placeholder="Chinese rendering", id="term-zh")
            yield Select([(s, s) for s in STATUSES], value=self.initial.status, allow_blank=False, id="term-status")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="term-save")
                yield Button("Cancel", id="term-cancel")

    def on_input_submitted(self) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "term-save":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        en = self.query_one("#term-en", Input).value.strip()
        if not en:
            self.notify("The English term is required.", severity="error")
            return
        status = self.query_one("#term-status", Select).value
        self.dismiss(TermInput(en, self.query_one("#term-zh", Input).value.strip(), status))  # type: ignore[arg-type]
