"""`bitext` with the export/import and glossary commands registered even before align.cli registers them.

The crash and concurrency tests must drive real processes through the real `main()` error handling; while the
helpers who own align/cli.py have not yet wired `export` or `glossary` into the app, this adds them the way
align.cli will (same command functions), and defers to align.cli for everything already there. It is also the
only way to swap in the stub encoder, so `align` under test always goes through it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from align import cli


def _register_missing() -> None:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in cli.app.registered_commands}
    groups = {g.name for g in cli.app.registered_groups}
    from align.export.commands import export, import_, stats

    for name, fn in (("export", export), ("import", import_), ("stats", stats)):
        if name not in names:
            cli.app.command(name)(fn)
    if "glossary" not in groups:
        from glossary.cli import app as glossary_app

        cli.app.add_typer(glossary_app, name="glossary")


def _stub_encoder_if_asked() -> None:
    """BITEXT_HARDENING_STUB_ENCODER=1: `align` runs the real pipeline and writes with a hashing encoder.

    With USE v3 a kill within two seconds always lands in model loading; the stub makes it land in the
    pipeline and in the bead writes, which is what the crash test is about.
    """
    if os.environ.get("BITEXT_HARDENING_STUB_ENCODER"):
        from tests.hardening.fuzzlib import StubEncoder

        cli._encoder = lambda spec: StubEncoder()  # type: ignore[assignment]


if __name__ == "__main__":
    _register_missing()
    _stub_encoder_if_asked()
    cli.main()
