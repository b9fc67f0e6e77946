"""The scrolling list of pairs, one line each, drawn through the line API.

Only the lines on screen are ever rendered, so a 10,000-pair document costs what a 30-pair one does: no
widget per pair, no layout pass over the whole document when the cursor moves.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.session import PairView
from tui.styles import SEVERITY_STYLE, timestamp


class PairList(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]
    DEFAULT_CSS = """
    PairList { height: 1fr; }
    """
    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[PairView] = []
        self._lines: LRUCache[tuple[int, int, int], Strip] = LRUCache(256)

    def set_rows(self, rows: list[PairView], cursor: int = 0) -> None:
        self.rows = rows
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.refresh()

    def refresh_row(self, index: int, changed: bool = False) -> None:
        """Redraw one row; ``changed`` when its pair changed, not just its highlight."""
        if changed:
            self._lines.clear()
        self.refresh(Region(0, index - self.scroll_offset.y, self.size.width, 1))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        if self.scroll_offset.y == top:
            # Only the two rows whose highlight changed need drawing again.
            self.refresh_row(old)
            self.refresh_row(new)
        else:
            self.refresh()
        if self.rows:
            self.post_message(self.Highlighted(new))

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, step: int) -> None:
        self.cursor += step * max(1, self.size.height - 1)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self.rows) - 1

    def on_click(self, event: Click) -> None:
        self.cursor = self.scroll_offset.y + event.y

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        state = (2 if self.has_focus else 1) if index == self.cursor else 0
        key = (index, width, state)
        if (strip := self._lines.get(key)) is None:
            text = row_text(self.rows[index], width)
            if state:
                text.stylize(Style(reverse=True) if state == 2 else Style(bgcolor="grey30"))
            strip = Strip(list(text.render(self.app.console))).adjust_cell_length(width, self.rich_style)
            self._lines[key] = strip
        return strip


def row_text(pair: PairView, width: int) -> Text:
    """``idx mark time speaker │ English │ Chinese`` fitted to the width, Chinese by cells not characters."""
    mark = "●" if pair.worst else "✓" if pair.accepted else "✎" if pair.edited else " "
    head = Text.assemble(
        (f"{pair.row.idx + 1:>5} ", "dim"),
        (mark, SEVERITY_STYLE.get(pair.worst or "", "green")),
        (f" {timestamp(pair.row.t_start):>7} ", "dim"),
        (f"{(pair.speaker or '?')[:12]:<12} ", "bold"),
    )
    rest = max(10, width - head.cell_len - 3)
    en = Text(pair.en or "—", no_wrap=True)
    zh = Text(pair.zh or "—", no_wrap=True)
    en.truncate(rest // 2, overflow="ellipsis", pad=True)
    zh.truncate(rest - rest // 2, overflow="ellipsis", pad=True)
    return Text.assemble(head, en, (" │ ", "dim"), zh, no_wrap=True)
