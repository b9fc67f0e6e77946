"""Driving the app in tests: one call runs an async scenario against a fresh app on a workspace copy."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tui.app import BitextApp
from tui.screens.review import ReviewScreen

Scenario = Callable[[BitextApp, Pilot, ReviewScreen], Awaitable[None]]


def make_app(workspace: Path, glossary: Path) -> BitextApp:
    return BitextApp(workspace, document="003_57d5462bacd2de91", glossary=glossary)


def drive(workspace: Path, glossary: Path, scenario: Scenario) -> None:
    async def main() -> None:
        app = make_app(workspace, glossary)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            await scenario(app, pilot, app.screen)

    asyncio.run(main())
