"""What the corpus says about the glossary: new concepts to accept, and how known ones were really rendered.

Opened from the glossary screen. Mining segments every pair with jieba (about a second on first load), so
it runs in a worker thread and the tables fill when it is done. Every change to the glossary mines again,
so an accepted suggestion drops out of the list and its renderings show up under Variants.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from align.errors import InputError
from glossary.mining import Rendering, Suggestion, VariantReport
from glossary.mining.corpus import mine
from glossary.mining.suggest import MIN_BEADS, suggest_from
from glossary.mining.variants import UNLISTED, variants_from
from glossary.model import Concept
from tui.session import Session
from tui.styles import TERM_STYLE

SUGGESTIONS = "suggestions-tab"
VARIANTS = "variants-tab"


@dataclass(frozen=True)
class Mined:
    suggestions: list[Suggestion]
    variants: list[VariantReport]


def mine_glossary(session: Session, concepts: list[Concept], top: int = 100) -> Mined:
    """Suggestions and variant reports from one mining pass over the reviewed corpus."""
    corpus = mine(session.reviewed_pairs(), concepts, MIN_BEADS)
    return Mined(suggest_from(corpus, top), variants_from(corpus, concepts))


class MiningScreen(Screen[bool]):
    """Dismisses with True when the glossary changed, so the glossary screen reloads."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept suggestion", id="mining.accept"),
        Binding("A", "admit", "Admit rendering", id="mining.admit"),
        Binding("P", "promote", "Make preferred", id="mining.promote"),
        Binding("F", "forbid", "Forbid rendering", id="mining.forbid"),
        Binding("s", "tab('suggestions')", "Suggestions", id="mining.suggestions", show=False),
        Binding("v", "tab('variants')", "Variants", id="mining.variants", show=False),
        Binding("escape", "back", "Back", id="mining.back"),
    ]

    def __init__(self, session: Session, tab: str = "suggestions", concept_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.initial = VARIANTS if tab == "variants" else SUGGESTIONS
        self.concept_id = concept_id
        self.concepts: list[Concept] = []
        self.suggestions: list[Suggestion] = []
        self.reports: dict[str, VariantReport] = {}
        self.loading = False
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=self.initial):
            with TabPane("Suggestions", id=SUGGESTIONS), Vertical():
                yield DataTable(id="suggestions", cursor_type="row", zebra_stripes=True)
                yield Static(id="suggestion-example", classes="mining-detail")
            with TabPane("Variants", id=VARIANTS), Horizontal():
                yield DataTable(id="variant-concepts", cursor_type="row", zebra_stripes=True)
                with Vertical(id="variant-side"):
                    yield DataTable(id="renderings", cursor_type="row", zebra_stripes=True)
                    yield Static(id="rendering-example", classes="mining-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Glossary mining"
        self.sub_title = str(self.session.glossary_path.name)
        self.query_one("#suggestions", DataTable).add_columns("English", "Chinese", "score", "beads", "example")
        self.query_one("#variant-concepts", DataTable).add_columns("id", "English", "Chinese", "beads")
        self.query_one("#renderings", DataTable).add_columns("Chinese", "kind", "count")
        self.refresh_mining()
        self.focus_tab()

    # --- mining in a thread -------------------------------------------------------------------------------

    def refresh_mining(self) -> None:
        self.loading = True
        self.concepts = self.session.concepts()
        self.query_one("#suggestion-example", Static).update(Text("Mining the corpus…", style="dim"))
        self.mine_worker(list(self.concepts))

    @work(thread=True, exclusive=True, group="mining")
    def mine_worker(self, concepts: list[Concept]) -> None:
        try:
            mined = mine_glossary(self.session, concepts)
        except Exception as exc:
            self.app.call_from_thread(self.notify, f"Mining failed: {exc}", severity="error")
            mined = Mined([], [])
        self.app.call_from_thread(self.show_mined, mined)

    def show_mined(self, mined: Mined) -> None:
        self.loading = False
        self.suggestions = mined.suggestions
        self.reports = {r.concept_id: r for r in mined.variants}
        self.fill_suggestions()
        self.fill_concepts()

    # --- suggestions -------------------------------------------------------------------------------------

    def fill_suggestions(self) -> None:
        table = self.query_one("#suggestions", DataTable)
        row = table.cursor_row
        table.clear()
        for i, s in enumerate(self.suggestions):
            example = s.examples[0].en if s.examples else ""
            table.add_row(s.en, s.zh, f"{s.score:.2f}", str(s.beads), _clip(example, 60), key=str(i))
        if self.suggestions:
            table.move_cursor(row=min(row, len(self.suggestions) - 1))
        self.show_suggestion()

    @property
    def suggestion(self) -> Suggestion | None:
        table = self.query_one("#suggestions", DataTable)
        if not table.row_count or self.loading:
            return None
        return self.suggestions[int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))]

    def show_suggestion(self) -> None:
        panel = self.query_one("#suggestion-example", Static)
        s = self.suggestion
        if s is None:
            message = "Mining the corpus…" if self.loading else "No new concepts found in the corpus."
            panel.update(Text(message, style="dim"))
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim")
        grid.add_column()
        grid.add_row("concept", Text(f"{s.en} → {s.zh}", style="bold"))
        grid.add_row(
            "evidence", f"{s.beads} pairs; English in {s.en_beads}, Chinese in {s.zh_beads}; dice {s.dice:.2f}"
        )
        if s.en_variants:
            grid.add_row("variants", ", ".join(s.en_variants))
        if s.examples:
            grid.add_row("example", s.examples[0].en)
            grid.add_row("", s.examples[0].zh)
        grid.add_row("", Text("a: accept as a new concept", style="dim"))
        panel.update(grid)

    def action_accept(self) -> None:
        s = self.suggestion
        if s is None or self.active_tab != SUGGESTIONS:
            return
        try:
            concept = self.session.accept_suggestion(s)
        except InputError as exc:
            self.notify(str(exc), severity="error")
            return
        self.changed = True
        self.suggestions = [x for x in self.suggestions if x is not s]
        self.fill_suggestions()
        self.notify(f"Added {concept.id}: {concept.en} → {concept.zh}.")
        self.refresh_mining()

    # --- variants ----------------------------------------------------------------------------------------

    def fill_concepts(self) -> None:
        table = self.query_one("#variant-concepts", DataTable)
        keep = self.current_concept.id if self.current_concept and table.row_count else self.concept_id
        table.clear()
        for c in self.concepts:
            report = self.reports.get(c.id)
            table.add_row(c.id, c.en, c.zh, str(report.beads if report else 0), key=c.id)
        if keep and keep in {str(k.value) for k in table.rows}:
            table.move_cursor(row=table.get_row_index(keep))
        self.fill_renderings()

    @property
    def current_concept(self) -> Concept | None:
        table = self.query_one("#variant-concepts", DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return next((c for c in self.concepts if c.id == key), None)

    @property
    def report(self) -> VariantReport | None:
        concept = self.current_concept
        return self.reports.get(concept.id) if concept else None

    def fill_renderings(self, keep: int | None = None) -> None:
        table = self.query_one("#renderings", DataTable)
        table.clear()
        report = self.report
        for i, r in enumerate(report.renderings if report else ()):
            table.add_row(Text(r.zh, style=TERM_STYLE.get(r.kind, "")), r.kind, str(r.count), key=str(i))
        if keep is not None and table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.show_rendering()

    @property
    def rendering(self) -> Rendering | None:
        table = self.query_one("#renderings", DataTable)
        report = self.report
        if report is None or not table.row_count or self.loading:
            return None
        return report.renderings[int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))]

    def show_rendering(self) -> None:
        panel = self.query_one("#rendering-example", Static)
        report, r = self.report, self.rendering
        if report is None:
            panel.update(Text("Mining the corpus…" if self.loading else "No glossary terms.", style="dim"))
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim")
        grid.add_column()
        grid.add_row("concept", Text(f"{report.en} → {report.zh or '—'}", style="bold"))
        grid.add_row("pairs", f"{report.beads} ({report.unrendered} with no rendering found)")
        if r is not None and r.examples:
            grid.add_row("example", r.examples[0].en)
            grid.add_row("", r.examples[0].zh)
        grid.add_row("", Text("A: admit  P: make preferred  F: forbid", style="dim"))
        panel.update(grid)

    def set_kind(self, kind: str) -> None:
        concept, r = self.current_concept, self.rendering
        if concept is None or r is None or self.active_tab != VARIANTS:
            return
        if r.kind == kind:
            self.notify(f"{r.zh} is already {kind} for {concept.id}.")
            return
        try:
            self.session.set_rendering(concept, r.zh, kind)
        except InputError as exc:
            self.notify(str(exc), severity="error")
            return
        self.changed = True
        label = {"preferred": "is now the preferred rendering of", "admitted": "admitted for"}.get(kind, f"{kind} for")
        self.notify(f"{r.zh} {label} {concept.id}.")
        self.refresh_mining()

    def action_admit(self) -> None:
        if (r := self.rendering) is not None and r.kind != UNLISTED and self.active_tab == VARIANTS:
            self.notify(f"{r.zh} is already in the glossary ({r.kind}); use P or F to change it.")
            return
        self.set_kind("admitted")

    def action_promote(self) -> None:
        self.set_kind("preferred")

    def action_forbid(self) -> None:
        self.set_kind("forbidden")

    # --- events and navigation --------------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "suggestions":
            self.show_suggestion()
        elif event.data_table.id == "variant-concepts":
            self.fill_renderings()
        elif event.data_table.id == "renderings":
            self.show_rendering()

    def on_tabbed_content_tab_activated(self) -> None:
        self.focus_tab()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows the accept key on Suggestions and the rendering keys on Variants."""
        if not self.query(TabbedContent):
            return True
        if action == "accept":
            return self.active_tab == SUGGESTIONS
        if action in {"admit", "promote", "forbid"}:
            return self.active_tab == VARIANTS
        return True

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active

    def focus_tab(self) -> None:
        self.query_one("#suggestions" if self.active_tab == SUGGESTIONS else "#variant-concepts", DataTable).focus()

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = VARIANTS if name == "variants" else SUGGESTIONS
        self.focus_tab()

    def action_back(self) -> None:
        self.dismiss(self.changed)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
