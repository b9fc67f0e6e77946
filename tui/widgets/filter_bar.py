"""Filters over the pairs: by check, severity and flag status, plus a text search in either language."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from glossary.checks.runner import StoredFlag
from tui.session import PairView

SEVERITIES = ("error", "warning", "info")
STATUSES = ("open", "resolved")


@dataclass(frozen=True)
class Filters:
    check: str | None = None
    severity: str | None = None
    status: str | None = None
    text: str = ""

    def keeps(self, pair: PairView) -> bool:
        if self.text and self.text.lower() not in pair.en.lower() and self.text not in pair.zh:
            return False
        if self.check is None and self.severity is None and self.status is None:
            return True
        return any(self._flag(f) for f in pair.flags)

    def _flag(self, flag: StoredFlag) -> bool:
        resolved = flag.status != "open"
        return (
            (self.check is None or flag.check == self.check)
            and (self.severity is None or flag.severity == self.severity)
            and (self.status is None or resolved == (self.status == "resolved"))
        )


class FilterBar(Horizontal):
    DEFAULT_CSS = """
    FilterBar { height: 3; }
    FilterBar Select { width: 26; }
    FilterBar Input { width: 1fr; }
    """

    class Changed(Message):
        def __init__(self, filters: Filters) -> None:
            super().__init__()
            self.filters = filters

    def __init__(self, checks: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.checks = checks

    def compose(self) -> ComposeResult:
        yield Select([(c, c) for c in self.checks], prompt="any check", id="filter-check")
        yield Select([(s, s) for s in SEVERITIES], prompt="any severity", id="filter-severity")
        yield Select([(s, s) for s in STATUSES], prompt="any status", id="filter-status")
        yield Input(placeholder="search English or Chinese ( / )", id="filter-text")

    @property
    def filters(self) -> Filters:
        def value(name: str) -> str | None:
            v = self.query_one(f"#filter-{name}", Select).value
            return None if v is Select.NULL else str(v)

        return Filters(value("check"), value("severity"), value("status"), self.query_one(Input).value.strip())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.filters))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.filters))
