"""The current pair in full, English beside Chinese, with glossary terms and flagged spans painted."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from glossary.matcher import TermIndex
from tui.session import PairView
from tui.styles import painted, term_matches, timestamp


class PairDetail(Static):
    """Fixed height, so moving between pairs repaints this panel without a layout pass over the screen."""

    DEFAULT_CSS = """
    PairDetail { height: 11; padding: 0 1; border-top: solid $primary-darken-2; }
    """

    def show_pair(self, pair: PairView | None, index: TermIndex | None) -> None:
        if pair is None:
            self.update(Text("No pairs match the filters.", style="dim"), layout=False)
            return
        status = [s for s, on in (("accepted", pair.accepted), ("edited", pair.edited)) if on]
        head = Text.assemble(
            (f"Pair {pair.row.idx + 1}", "bold"),
            f"  {pair.speaker or '?'}",
            (f"  {timestamp(pair.row.t_start)}", "dim"),
            (f"  score {pair.row.score:.2f}" if pair.row.score is not None else "  manual", "dim"),
            (f"  [{', '.join(status)}]" if status else "", "green"),
        )
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(Text("English", style="dim"), Text("中文", style="dim"))
        grid.add_row(
            painted(pair.en, term_matches(index, pair.en, "en"), pair.flags, "en"),
            painted(pair.zh, term_matches(index, pair.zh, "zh"), pair.flags, "zh"),
        )
        outer = Table.grid(expand=True)
        outer.add_row(head)
        outer.add_row(grid)
        self.update(outer, layout=False)
