"""Reviewing one document: the pair list, the current pair in full, its flags, and every review action.

Each action writes through the session (one committed decision) and then updates only what changed: the
pair's row and detail after an accept, waive or edit; the whole list only after a correction or undo
reshapes the beads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from align.errors import InputError
from glossary.checks.runner import StoredFlag
from tui.screens.edit import EditScreen
from tui.screens.flag_detail import FlagDetailScreen
from tui.screens.move import MoveScreen
from tui.screens.speaker import SpeakerScreen
from tui.screens.split import SplitScreen
from tui.screens.term import TermInput, TermScreen
from tui.screens.waive import WaiveScreen
from tui.session import PairView, Session, has_cjk
from tui.widgets.filter_bar import FilterBar, Filters
from tui.widgets.flag_list import FlagList
from tui.widgets.pair_detail import PairDetail
from tui.widgets.pair_list import PairList

T = TypeVar("T")


class ReviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "next_pair", "Next pair", id="review.next_pair", show=False),
        Binding("k", "previous_pair", "Previous pair", id="review.previous_pair", show=False),
        Binding("n", "next_flag", "Next flag", id="review.next_flag"),
        Binding("N", "previous_flag", "Prev flag", id="review.previous_flag"),
        Binding("a", "accept", "Accept", id="review.accept"),
        Binding("w", "waive", "Waive", id="review.waive"),
        Binding("e", "edit", "Edit", id="review.edit"),
        Binding("s", "apply_suggestion", "Suggestion", id="review.apply_suggestion"),
        Binding("t", "add_term", "Term", id="review.add_term"),
        Binding("m", "merge", "Merge", id="review.merge", show=False),
        Binding("b", "split", "Split", id="review.split", show=False),
        Binding("v", "move", "Move sentence", id="review.move", show=False),
        Binding("r", "speaker", "Speaker", id="review.speaker", show=False),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("U", "redo", "Redo", id="review.redo", show=False),
        Binding("enter", "flag_detail", "Flag detail", id="review.flag_detail", show=False),
        Binding("slash", "search", "Search", id="review.search", show=False),
        Binding("escape", "back", "Documents", id="review.back", show=False),
    ]

    def __init__(self, session: Session, doc_id: str, bead_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.doc_id = doc_id
        self.start_bead = bead_id
        self.pairs: list[PairView] = []
        self.shown: list[PairView] = []
        self.filters = Filters()

    def compose(self) -> ComposeResult:
        self.pairs = self.session.load(self.doc_id)
        checks = sorted({f.check for p in self.pairs for f in p.flags})
        yield Header()
        yield FilterBar(checks, id="filters")
        yield PairList(id="pairs")
        yield PairDetail(id="detail")
        yield FlagList(id="flags")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.doc_id
        self.sub_title = self.session.title(self.doc_id)
        self._show(self.start_bead)
        self.query_one(PairList).focus()

    # --- state ----------------------------------------------------------------------------------------

    @property
    def pair(self) -> PairView | None:
        pairs = self.query_one(PairList)
        return self.shown[pairs.cursor] if self.shown else None

    @property
    def flag(self) -> StoredFlag | None:
        return self.query_one(FlagList).current

    def _show(self, bead_id: str | None = None) -> None:
        """Apply the filters and put the cursor on ``bead_id`` (or the nearest visible pair)."""
        self.shown = [p for p in self.pairs if self.filters.keeps(p)]
        ids = [p.row.bead_id for p in self.shown]
        self.query_one(PairList).set_rows(self.shown, ids.index(bead_id) if bead_id in ids else 0)
        self._update_detail()

    def _update_detail(self, keep_flag: str | None = None) -> None:
        pair = self.pair
        self.query_one(PairDetail).show_pair(pair, self.session.index())
        self.query_one(FlagList).show_flags(pair.flags if pair else [], keep_flag)

    def _refresh_pair(self, keep_flag: str | None = None) -> None:
        pairs = self.query_one(PairList)
        pairs.refresh_row(pairs.cursor, changed=True)
        self._update_detail(keep_flag)

    def _reload(self, bead_id: str | None) -> None:
        self.pairs = self.session.load(self.doc_id)
        self._show(bead_id)

    def on_pair_list_highlighted(self, event: PairList.Highlighted) -> None:
        self._update_detail()

    def on_filter_bar_changed(self, event: FilterBar.Changed) -> None:
        current = self.pair
        self.filters = event.filters
        self._show(current.row.bead_id if current else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(PairList).focus()

    # --- navigation -----------------------------------------------------------------------------------

    def action_next_pair(self) -> None:
        self.query_one(PairList).cursor += 1

    def action_previous_pair(self) -> None:
        self.query_one(PairList).cursor -= 1

    def action_next_flag(self) -> None:
        self._to_flag(+1)

    def action_previous_flag(self) -> None:
        self._to_flag(-1)

    def _to_flag(self, step: int) -> None:
        pairs = self.query_one(PairList)
        order = range(pairs.cursor + 1, len(self.shown)) if step > 0 else range(pairs.cursor - 1, -1, -1)
        target = next((i for i in order if self.shown[i].open_flags), None)
        if target is None:
            self.notify("No more open flags in this direction.")
            return
        pairs.cursor = target

    def action_search(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_back(self) -> None:
        if self.focused is not self.query_one(PairList):
            self.query_one(PairList).focus()
        else:
            self.dismiss()

    def action_flag_detail(self) -> None:
        pair, flag = self.pair, self.flag
        if pair and flag:
            self.app.push_screen(FlagDetailScreen(flag, pair.en, pair.zh))

    # --- decisions on the pair and its flags ---------------------------------------------------------

    def _guard(self, action: str) -> PairView | None:
        pair = self.pair
        if pair is None:
            self.notify(f"Nothing to {action}: no pair selected.", severity="warning")
        return pair

    def action_accept(self) -> None:
        if pair := self._guard("accept"):
            self.session.accept(pair)
            self._refresh_pair()
            self.notify("Accepted." if pair.accepted else "Acceptance withdrawn.")

    def action_waive(self) -> None:
        flag = self.flag
        if flag is None or flag.status != "open":
            self.notify("Select an open flag to waive.", severity="warning")
            return

        def done(reason: str | None) -> None:
            if reason is not None:
                self.session.waive(flag, reason)
                self._refresh_pair(keep_flag=flag.id)

        self.app.push_screen(WaiveScreen(flag.message), done)

    def action_edit(self) -> None:
        if not (pair := self._guard("edit")):
            return

        def done(text: str | None) -> None:
            if text is not None:
                self.session.edit(pair, text)
                self._refresh_pair()
                self.notify(f"Saved; {len(pair.open_flags)} open flag(s) after re-check.")

        self.app.push_screen(EditScreen(pair.en, pair.zh), done)

    def action_apply_suggestion(self) -> None:
        pair, flag = self.pair, self.flag
        if pair is None or flag is None:
            self.notify("Select a flag with a suggestion.", severity="warning")
            return
        if self._attempt(lambda: self.session.apply_suggestion(pair, flag)) is not None:
            self._refresh_pair()

    def action_add_term(self) -> None:
        pair, flag = self.pair, self.flag
        selected = (self.get_selected_text() or "").strip()
        en = pair.en[slice(*flag.en_spans[0])] if pair and flag and flag.en_spans else ""
        zh = pair.zh[slice(*flag.zh_spans[0])] if pair and flag and flag.zh_spans else ""
        if selected:
            en, zh = (en, selected) if has_cjk(selected) else (selected, zh)

        def done(term: TermInput | None) -> None:
            if term is not None and self._attempt(lambda: self.session.add_term(term.en, term.zh, term.status)):
                self._update_detail()
                self.notify(f"Added {term.en} → {term.zh or '—'} to {self.session.glossary_path.name}.")

        self.app.push_screen(TermScreen("Add glossary term", en, zh), done)

    # --- corrections to the alignment -----------------------------------------------------------------

    def action_merge(self) -> None:
        if (pair := self._guard("merge")) and (bead := self._attempt(lambda: self.session.merge(pair))):
            self._reload(bead)

    def action_split(self) -> None:
        if not (pair := self._guard("split")):
            return

        def done(at: tuple[int, int] | None) -> None:
            if at is not None and (bead := self._attempt(lambda: self.session.split(pair, *at))):
                self._reload(bead)

        self.app.push_screen(SplitScreen(pair.row.en, pair.row.zh), done)

    def action_move(self) -> None:
        if not (pair := self._guard("move")):
            return

        def done(choice: tuple[str, int] | None) -> None:
            if choice is not None and (bead := self._attempt(lambda: self.session.move(pair, *choice))):
                self._reload(bead)

        self.app.push_screen(MoveScreen(), done)

    def action_speaker(self) -> None:
        if not (pair := self._guard("reassign")):
            return

        def done(speaker: str | None) -> None:
            if speaker is not None and self._attempt(lambda: self.session.reassign_speaker(pair, speaker)) is not None:
                self._reload(pair.row.bead_id)

        self.app.push_screen(SpeakerScreen(pair.speaker, self.session.speakers(self.doc_id)), done)

    def action_undo(self) -> None:
        self._history(undo=True)

    def action_redo(self) -> None:
        self._history(undo=False)

    def _history(self, undo: bool) -> None:
        current = self.pair
        decision, beads = self.session.undo(self.doc_id) if undo else self.session.redo(self.doc_id)
        if decision is None:
            self.notify("Nothing to undo." if undo else "Nothing to redo.")
            return
        self._reload(beads[0] if beads else current.row.bead_id if current else None)
        self.notify(f"{'Undid' if undo else 'Redid'} {decision.kind}.")

    def _attempt(self, work: Callable[[], T]) -> T | None:
        """Run an action; bad requests (no suggestion, nothing to merge with) become a notice, not a crash."""
        try:
            return work()
        except InputError as exc:
            self.notify(str(exc), severity="warning")
            return None
