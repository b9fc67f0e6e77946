"""Every review action through the real app and keys, checked against what the workspace recorded."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from align import decisions
from align.workspace import Workspace
from glossary.termbase import load_terms
from tests.tui.helpers import drive
from tui.app import BitextApp
from tui.screens.edit import EditScreen
from tui.screens.flag_detail import FlagDetailScreen
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.report import ReportScreen
from tui.screens.review import ReviewScreen
from tui.widgets.pair_list import PairList

DOC = "003_57d5462bacd2de91"


def logged(workspace: Path) -> list[decisions.Decision]:
    with Workspace(workspace) as ws:
        return decisions.decisions(ws, DOC)


def test_opens_on_first_flagged_pair(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        assert screen.pair is not None and screen.pair.open_flags
        assert all(not p.open_flags for p in screen.shown[: screen.query_one(PairList).cursor])

    drive(ws_copy, glossary, scenario)


def test_navigation_between_pairs_and_flags(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        pairs = screen.query_one(PairList)
        start = pairs.cursor
        await pilot.press("j", "j")
        assert pairs.cursor == start + 2
        await pilot.press("k")
        assert pairs.cursor == start + 1
        await pilot.press("n")
        assert pairs.cursor > start + 1 and screen.pair and screen.pair.open_flags
        after = pairs.cursor
        await pilot.press("N")
        assert pairs.cursor < after and screen.pair and screen.pair.open_flags

    drive(ws_copy, glossary, scenario)


def test_accept_is_committed_and_undo_redo(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        bead = screen.pair.row.bead_id  # type: ignore[union-attr]
        await pilot.press("a")
        assert screen.pair.accepted  # type: ignore[union-attr]
        assert [(d.kind, d.target) for d in logged(ws_copy)] == [("accept", bead)]
        await pilot.press("u")
        assert logged(ws_copy) == [] and not screen.pair.accepted  # type: ignore[union-attr]
        await pilot.press("U")
        assert [d.kind for d in logged(ws_copy)] == ["accept"] and screen.pair.accepted  # type: ignore[union-attr]

    drive(ws_copy, glossary, scenario)


def test_waive_with_reason(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        flag = screen.flag
        assert flag is not None
        await pilot.press("w")
        await pilot.press(*"fine as is")
        await pilot.press("enter")
        assert flag.status == "waived"
        waived = logged(ws_copy)[0]
        assert (waived.kind, waived.target, waived.reason) == ("waive", flag.id, "fine as is")

    drive(ws_copy, glossary, scenario)


def test_edit_chinese_typed_and_rechecked(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        pair = screen.pair
        assert pair is not None
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        area = app.screen.query_one(TextArea)
        area.text = ""
        await pilot.press(*"他说模型很好")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and pair.zh == "他说模型很好" and pair.edited
        edit = logged(ws_copy)[0]
        assert edit.kind == "edit" and edit.payload["zh"] == "他说模型很好"
        with Workspace(ws_copy) as ws:
            stored = {r[0] for r in ws.conn.execute("SELECT id FROM flags WHERE bead_id=?", (pair.row.bead_id,))}
        assert stored == {f.id for f in pair.flags}

    drive(ws_copy, glossary, scenario)


def test_apply_suggestion_replaces_flagged_span(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        pair = screen.pair
        assert pair is not None
        screen.session.edit(pair, "他说,模型很好")
        screen._refresh_pair()
        halfwidth = next(f for f in pair.flags if f.check == "punct.halfwidth")
        screen.query_one("#flags").highlighted = pair.flags.index(halfwidth)
        await pilot.press("s")
        assert pair.zh == "他说，模型很好"
        assert logged(ws_copy)[-1].payload["zh"] == "他说，模型很好"

    drive(ws_copy, glossary, scenario)


def test_add_term_saves_glossary(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        await pilot.press("t")
        app.screen.query_one("#term-en", Input).value = "alignment tax"
        app.screen.query_one("#term-zh", Input).value = "对齐税"
        await pilot.click("#term-save")
        await pilot.pause()
        assert app.screen is screen

    drive(ws_copy, glossary, scenario)
    added = [c for c in load_terms(glossary) if c.en == "alignment tax"]
    assert added and added[0].zh == "对齐税" and added[0].status == "preferred"


def test_merge_split_move_and_undo_restore_rows(ws_copy: Path, glossary: Path) -> None:
    def beads() -> list[tuple[object, ...]]:
        with Workspace(ws_copy) as ws:
            return [tuple(r) for r in ws.conn.execute(
                "SELECT id, idx, en_ids, zh_ids FROM beads WHERE level='sentence' ORDER BY idx"
            )]  # fmt: skip

    before = beads()

    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        screen.query_one(PairList).cursor = next(i for i, p in enumerate(screen.shown) if p.row.en and p.row.zh)
        pair = screen.pair
        assert pair is not None
        first_en = json.loads(before[pair.row.idx][2])
        await pilot.press("m")
        merged = screen.pair
        assert merged and len(beads()) == len(before) - 1 and merged.row.en_ids[: len(first_en)] == first_en
        await pilot.press("b", "enter")
        assert len(beads()) == len(before)
        await pilot.press("v", "enter")
        assert [d.kind for d in logged(ws_copy)] == ["merge", "split", "move"]
        await pilot.press("u", "u", "u")
        assert beads() == before
        await pilot.press("U")
        assert len(beads()) == len(before) - 1

    drive(ws_copy, glossary, scenario)


def test_reassign_speaker_shown_and_logged(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        await pilot.press("r")
        field = app.screen.query_one(Input)
        field.value = "Interviewer"
        await pilot.press("enter")
        assert screen.pair and screen.pair.speaker == "Interviewer"
        speaker = logged(ws_copy)[0]
        assert speaker.kind == "speaker" and speaker.payload["new"] == "Interviewer"
        assert "old" in speaker.payload and speaker.payload["turn"] == speaker.target

    drive(ws_copy, glossary, scenario)


def test_filters_and_search(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        total = len(screen.shown)
        await pilot.press("slash", *"the")
        await pilot.pause()
        assert 0 < len(screen.shown) < total and all("the" in p.en.lower() for p in screen.shown)
        screen.query_one("#filter-text", Input).value = ""
        screen.query_one("#filter-severity").value = "error"
        await pilot.pause()
        assert screen.shown and all(any(f.severity == "error" for f in p.flags) for p in screen.shown)

    drive(ws_copy, glossary, scenario)


def test_screens_and_palette(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        await pilot.press("enter")
        assert isinstance(app.screen, FlagDetailScreen)
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "g")
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("escape", "R")
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"accept")
        await pilot.pause(0.3)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.pair and screen.pair.accepted
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "DocumentsScreen"

    drive(ws_copy, glossary, scenario)


def test_every_binding_has_an_id_and_palette_entry(ws_copy: Path, glossary: Path) -> None:
    from tui.commands import actions_of

    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        ids = {a.binding_id for a in actions_of(screen)}
        expected = {b.id for b in ReviewScreen.BINDINGS} | {b.id for b in BitextApp.BINDINGS}  # type: ignore[union-attr]
        assert None not in expected and expected <= ids

    drive(ws_copy, glossary, scenario)


def test_glossary_add_edit_deprecate(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        await pilot.press("g")
        terms = app.screen
        assert isinstance(terms, GlossaryScreen) and terms.current and terms.current.id == "ai"
        assert any(uses.renderings or uses.missing for uses in terms.usage.values())
        await pilot.press("x")
        await pilot.press("e")
        app.screen.query_one("#term-zh", Input).value = "人工智慧"
        await pilot.press("enter")
        await pilot.press("a")
        app.screen.query_one("#term-en", Input).value = "reward model"
        await pilot.press("enter")
        await pilot.pause()

    drive(ws_copy, glossary, scenario)
    concepts = {c.id: c for c in load_terms(glossary)}
    assert concepts["ai"].zh == "人工智慧" and concepts["ai"].status == "deprecated"
    assert "reward-model" in concepts


def test_report_metrics_after_edit(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        pair = screen.pair
        assert pair is not None
        screen.session.edit(pair, pair.zh + "。")
        report = screen.session.report([DOC])
        assert report.edited == 1 and set(report.metrics) == {"chrF", "TER", "BLEU"}
        assert report.by_category and report.flags >= report.resolved

    drive(ws_copy, glossary, scenario)


def test_integrity_after_session(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, screen: ReviewScreen) -> None:
        await pilot.press("a", "m", "u")

    drive(ws_copy, glossary, scenario)
    assert sqlite3.connect(ws_copy).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
