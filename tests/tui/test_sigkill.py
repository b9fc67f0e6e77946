"""SIGKILL right after actions loses nothing: the real app runs in a subprocess that is killed mid-session."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path
    from tui.app import BitextApp

    async def main():
        app = BitextApp(Path(sys.argv[1]), document="003_57d5462bacd2de91", glossary=Path(sys.argv[2]))
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("a", "w", *"ok", "enter", "m")
            print("DONE", flush=True)
            time.sleep(600)

    asyncio.run(main())
    """
)


def test_sigkill_after_actions_loses_nothing(ws_copy: Path, glossary: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(ws_copy), str(glossary)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "DONE"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    conn = sqlite3.connect(ws_copy)
    kinds = [r[0] for r in conn.execute("SELECT kind FROM decisions WHERE undone=0 ORDER BY id")]
    assert kinds == ["accept", "waive", "merge"]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
