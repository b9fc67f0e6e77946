"""The current pair's flags, most serious first, coloured by severity and marked when resolved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from glossary.checks.runner import StoredFlag
from tui.styles import SEVERITY_STYLE


class FlagList(OptionList):
    DEFAULT_CSS = """
    FlagList { height: 7; border: none; border-top: solid $primary-darken-2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.flags: list[StoredFlag] = []

    def show_flags(self, flags: list[StoredFlag], keep: str | None = None) -> None:
        """Show ``flags`` and highlight ``keep`` if still there, else the first open one."""
        self.flags = flags
        self.set_options(Option(flag_line(f), id=f.id) for f in flags)
        ids = [f.id for f in flags]
        open_ids = [f.id for f in flags if f.status == "open"]
        target = keep if keep in ids else open_ids[0] if open_ids else ids[0] if ids else None
        self.highlighted = ids.index(target) if target else None

    @property
    def current(self) -> StoredFlag | None:
        if self.highlighted is None or not self.flags:
            return None
        return self.flags[self.highlighted]


def flag_line(flag: StoredFlag) -> Text:
    status = "" if flag.status == "open" else f"  [{flag.status}{': ' + flag.reason if flag.reason else ''}]"
    hint = f"  → {flag.suggestion}" if flag.suggestion else ""
    return Text.assemble(
        (f"{flag.severity:<7}", SEVERITY_STYLE.get(flag.severity, "")),
        (f" {flag.check:<18} ", "dim"),
        (flag.message, "strike dim" if flag.status != "open" else ""),
        (hint, "green"),
        (status, "dim"),
    )
