"""Glossary mining in the TUI: accept a suggested concept, and give an unlisted rendering a standing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, TabbedContent

from glossary.mining import Rendering
from glossary.mining.variants import UNLISTED
from glossary.model import Concept
from glossary.termbase import load_terms, save_terms
from tests.tui.conftest import TERMS
from tests.tui.helpers import drive
from tui.app import BitextApp
from tui.commands import actions_of
from tui.screens.glossary import GlossaryScreen
from tui.screens.mining import SUGGESTIONS, VARIANTS, MiningScreen
from tui.screens.review import ReviewScreen


async def mined(app: BitextApp, pilot: Pilot) -> MiningScreen:
    """The mining screen once its worker has filled the tables."""
    screen = app.screen
    assert isinstance(screen, MiningScreen)
    for _ in range(600):
        await pilot.pause(0.05)
        if not screen.loading:
            return screen
    raise AssertionError("mining did not finish")


def test_accept_suggestion_adds_the_concept(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, _: ReviewScreen) -> None:
        await pilot.press("g")
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("s")
        screen = await mined(app, pilot)
        assert screen.query_one(TabbedContent).active == SUGGESTIONS
        table = screen.query_one("#suggestions", DataTable)
        assert table.row_count == len(screen.suggestions) > 0
        suggestion = screen.suggestion
        assert suggestion is not None
        await pilot.press("a")
        await pilot.pause()
        added = [c for c in load_terms(glossary) if c.en == suggestion.en]
        assert len(added) == 1 and added[0].zh == suggestion.zh
        assert suggestion not in screen.suggestions
        assert any(added[0].id in n.message for n in app._notifications)
        screen = await mined(app, pilot)
        assert all(s.en != suggestion.en for s in screen.suggestions)
        assert added[0].id in screen.reports
        depth = len(app.screen_stack)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen) and len(app.screen_stack) == depth - 1
        assert added[0].id in {c.id for c in app.screen.concepts}

    drive(ws_copy, glossary, scenario)


@pytest.fixture()
def sora_glossary(glossary: Path) -> Path:
    """The test glossary plus Sora with a made-up rendering, so the corpus's "Sora" is an unlisted variant."""
    save_terms(glossary, [*TERMS, Concept(id="sora", en="Sora", zh="索拉")])
    return glossary


async def select_rendering(screen: MiningScreen, pilot: Pilot, concept_id: str, zh: str) -> Rendering:
    concepts = screen.query_one("#variant-concepts", DataTable)
    concepts.move_cursor(row=concepts.get_row_index(concept_id))
    await pilot.pause()
    index = next(i for i, r in enumerate(screen.reports[concept_id].renderings) if r.zh == zh)
    screen.query_one("#renderings", DataTable).move_cursor(row=index)
    await pilot.pause()
    assert screen.rendering is not None and screen.rendering.zh == zh
    return screen.rendering


def concept(glossary: Path, concept_id: str) -> Concept:
    return next(c for c in load_terms(glossary) if c.id == concept_id)


def test_admit_unlisted_rendering(ws_copy: Path, sora_glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, _: ReviewScreen) -> None:
        await pilot.press("g", "v")
        screen = await mined(app, pilot)
        assert screen.query_one(TabbedContent).active == VARIANTS
        rendering = await select_rendering(screen, pilot, "sora", "Sora")
        assert rendering.kind == UNLISTED and rendering.count > 1
        await pilot.press("A")
        await pilot.pause()
        assert concept(sora_glossary, "sora").zh_admitted == ("Sora",)
        screen = await mined(app, pilot)
        assert {r.zh: r.kind for r in screen.reports["sora"].renderings}["Sora"] == "admitted"
        await pilot.press("A")  # already admitted: nothing changes
        await pilot.pause()
        assert concept(sora_glossary, "sora").zh_admitted == ("Sora",)

    drive(ws_copy, sora_glossary, scenario)


def test_promote_and_forbid(ws_copy: Path, sora_glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, _: ReviewScreen) -> None:
        await pilot.press("g", "v")
        screen = await mined(app, pilot)
        await select_rendering(screen, pilot, "ai", "AI")
        await pilot.press("P")
        await pilot.pause()
        ai = concept(sora_glossary, "ai")
        assert ai.zh == "AI" and ai.zh_admitted == ("人工智能",)
        screen = await mined(app, pilot)
        await select_rendering(screen, pilot, "sora", "Sora")
        await pilot.press("F")
        await pilot.pause()
        sora = concept(sora_glossary, "sora")
        assert sora.zh == "索拉" and sora.zh_forbidden == ("Sora",)
        screen = await mined(app, pilot)
        assert {r.zh: r.kind for r in screen.reports["sora"].renderings}["Sora"] == "forbidden"

    drive(ws_copy, sora_glossary, scenario)


def test_mining_keys_are_in_the_palette(ws_copy: Path, glossary: Path) -> None:
    async def scenario(app: BitextApp, pilot: Pilot, _: ReviewScreen) -> None:
        await pilot.press("g")
        assert {"glossary.suggestions", "glossary.variants"} <= {a.binding_id for a in actions_of(app.screen)}
        await pilot.press("s")
        await mined(app, pilot)
        ids = {a.binding_id for a in actions_of(app.screen)}
        assert {"mining.accept", "mining.admit", "mining.promote", "mining.forbid"} <= ids

    drive(ws_copy, glossary, scenario)
