"""One flag in full: what the check found, what it suggests, and the evidence it based that on."""

from __future__ import annotations

import json
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from glossary.checks.runner import StoredFlag
from tui.styles import SEVERITY_STYLE


class FlagDetailScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss(None)", "Close", id="modal.close"),
    ]

    def __init__(self, flag: StoredFlag, en: str, zh: str) -> None:
        super().__init__()
        self.flag = flag
        self.en = en
        self.zh = zh

    def compose(self) -> ComposeResult:
        f = self.flag
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", no_wrap=True)
        table.add_column()
        table.add_row("check", f.check)
        table.add_row("severity", Text(f.severity, style=SEVERITY_STYLE.get(f.severity, "")))
        table.add_row("category", f.category)
        table.add_row("status", f.status + (f" ({f.reason})" if f.reason else ""))
        table.add_row("message", f.message)
        table.add_row("suggestion", Text(f.suggestion or "—", style="green"))
        table.add_row("English", _spans(self.en, f.en_spans))
        table.add_row("Chinese", _spans(self.zh, f.zh_spans))
        for key, value in sorted(f.evidence.items()):
            table.add_row(key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        with VerticalScroll(classes="dialog wide"):
            yield Label(f"Flag {f.id}", classes="dialog-title")
            yield Static(table)


def _spans(text: str, spans: list[tuple[int, int]]) -> Text:
    if not spans:
        return Text("(no span)", style="dim")
    return Text(" · ".join(text[s:e] for s, e in spans), style="bold")
