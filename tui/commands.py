"""The command palette: one entry per bound action of the current screen and of the app.

Entries are read from the bindings, so every key has a palette entry and the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


@dataclass(frozen=True)
class Action:
    keys: str
    description: str
    action: str
    binding_id: str
    owner: object


def actions_of(screen: Screen) -> Iterator[Action]:
    """Bound actions of ``screen`` then of the app, one per binding id, with all their keys."""
    seen: dict[str, Action] = {}
    for owner in (screen, screen.app):
        for binding in owner._bindings.key_to_bindings.values():
            for b in binding:
                if not isinstance(b, Binding) or not b.id or b.id.startswith("modal."):
                    continue
                keys = b.key_display or screen.app.get_key_display(b)
                if b.id in seen:
                    old = seen[b.id]
                    seen[b.id] = Action(f"{old.keys}, {keys}", old.description, old.action, old.binding_id, owner)
                else:
                    seen[b.id] = Action(keys, b.description or b.action, b.action, b.id, owner)
    yield from seen.values()


class ActionsProvider(Provider):
    """Search the bound actions by their description; choosing one runs it on its screen or the app."""

    def _commands(self) -> list[tuple[str, Action]]:
        return [(f"{a.description}  ({a.keys})", a) for a in actions_of(self.screen)]

    async def _run(self, action: Action) -> None:
        await self.app.run_action(action.action, action.owner)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for text, action in self._commands():
            yield DiscoveryHit(text, partial(self._run, action), help=action.binding_id)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action in self._commands():
            if (score := matcher.match(text)) > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, action), help=action.binding_id)
