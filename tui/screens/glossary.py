"""The glossary: search, add, edit, deprecate, and see how each term is really rendered across the corpus.

Usage is counted once when the screen opens (and again after a change), over the reviewed text, so the
renderings shown are the ones a reader of the corpus would meet.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from glossary.model import Concept
from glossary.usage import ConceptUsage
from tui.screens.term import TermInput, TermScreen
from tui.session import Session
from tui.styles import TERM_STYLE


class GlossaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="glossary.add"),
        Binding("e", "edit", "Edit", id="glossary.edit"),
        Binding("x", "deprecate", "Deprecate", id="glossary.deprecate"),
        Binding("slash", "search", "Search", id="glossary.search"),
        Binding("s", "mining('suggestions')", "Suggested terms", id="glossary.suggestions", show=False),
        Binding("v", "mining('variants')", "Renderings in the corpus", id="glossary.variants", show=False),
        Binding("escape", "back", "Back", id="glossary.back"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.concepts: list[Concept] = []
        self.usage: dict[str, ConceptUsage] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search terms ( / )", id="glossary-search")
        with Horizontal():
            yield DataTable(id="terms", cursor_type="row", zebra_stripes=True)
            yield Static(id="usage")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Glossary"
        self.sub_title = str(self.session.glossary_path.name)
        self.query_one(DataTable).add_columns("id", "English", "Chinese", "status", "uses")
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self, keep: str | None = None) -> None:
        self.concepts = self.session.concepts()
        self.usage = self.session.usage(self.concepts)
        self.show(keep)

    def show(self, keep: str | None = None) -> None:
        query = self.query_one("#glossary-search", Input).value.strip().lower()
        table = self.query_one(DataTable)
        table.clear()
        for c in self.concepts:
            if query and not any(query in field.lower() for field in (c.id, c.en, c.zh, *c.en_variants)):
                continue
            uses = len(self.usage[c.id].pairs) if c.id in self.usage else 0
            status = Text(c.status, style="dim strike" if c.status == "deprecated" else "")
            table.add_row(c.id, c.en, c.zh, status, str(uses), key=c.id)
        if keep and keep in {str(k.value) for k in table.rows}:
            table.move_cursor(row=table.get_row_index(keep))
        self.show_usage()

    @property
    def current(self) -> Concept | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return next((c for c in self.concepts if c.id == key), None)

    def show_usage(self) -> None:
        concept = self.current
        panel = self.query_one("#usage", Static)
        if concept is None:
            panel.update(Text("No terms. Press a to add one.", style="dim"))
            return
        usage = self.usage.get(concept.id)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim")
        grid.add_column()
        grid.add_row("concept", Text(f"{concept.en} → {concept.zh or '—'}", style="bold"))
        grid.add_row("variants", ", ".join(concept.en_variants) or "—")
        grid.add_row("admitted", ", ".join(concept.zh_admitted) or "—")
        grid.add_row("forbidden", ", ".join(concept.zh_forbidden) or "—")
        grid.add_row("pairs", str(len(usage.pairs)) if usage else "0")
        grid.add_row("", "")
        grid.add_row("renderings", "" if usage and usage.renderings else "none found")
        if usage:
            for (kind, surface), n in usage.renderings.most_common():
                grid.add_row(f"{n:>5}", Text(f"{surface}  ({kind})", style=TERM_STYLE.get(kind, "")))
            grid.add_row(f"{len(usage.missing):>5}", Text("pairs with no allowed rendering", style="yellow"))
        panel.update(grid)

    def on_data_table_row_highlighted(self) -> None:
        self.show_usage()

    def on_input_changed(self) -> None:
        self.show()

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#glossary-search", Input).focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_mining(self, tab: str) -> None:
        """Suggestions or the variant report of the highlighted term, mined from the corpus on another screen."""
        from tui.screens.mining import MiningScreen

        concept = self.current

        def done(changed: bool | None) -> None:
            if changed:
                self.reload(concept.id if concept else None)

        self.app.push_screen(MiningScreen(self.session, tab, concept.id if concept else None), done)

    def action_add(self) -> None:
        def done(term: TermInput | None) -> None:
            if term is not None:
                concept = self.session.add_term(term.en, term.zh, term.status)
                self.reload(concept.id)

        self.app.push_screen(TermScreen("Add glossary term"), done)

    def action_edit(self) -> None:
        concept = self.current
        if concept is None:
            return

        def done(term: TermInput | None) -> None:
            if term is not None:
                self.session.save_concept(replace(concept, en=term.en, zh=term.zh, status=term.status))
                self.reload(concept.id)

        self.app.push_screen(TermScreen(f"Edit {concept.id}", concept.en, concept.zh, concept.status), done)

    def action_deprecate(self) -> None:
        if concept := self.current:
            self.session.deprecate(concept)
            self.reload(concept.id)
            self.notify(f"Deprecated {concept.id}.")
