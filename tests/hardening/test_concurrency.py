"""The reviewer's TUI stays usable while `bitext check` runs in another process on the same workspace.

`check` replaces a document's flags in one transaction while the TUI records decisions one by one; with WAL
and BEGIN IMMEDIATE plus a busy timeout neither may see "database is locked", and neither may lose a write.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from align import decisions
from align.workspace import Workspace
from tests.hardening.conftest import bitext_argv, cli_env
from tests.hardening.fuzzlib import ROOT

CHECK_RUNS = 3

WRITER = """
import sys, time
from pathlib import Path
from align.decisions import record
from align.workspace import Workspace
ws_path, doc_id, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
with Workspace(ws_path) as ws:
    beads = [p.bead_id for p in ws.sentence_pairs(doc_id)]
    n = 0
    while not stop.exists():
        flags = [r[0] for r in ws.conn.execute("SELECT id FROM flags WHERE doc_id=? LIMIT 5", (doc_id,))]
        if flags and n % 4 == 3:
            i = record(ws, doc_id, flags[n % len(flags)], "waive", reason=f"concurrency {n}")
        else:
            i = record(ws, doc_id, beads[n % len(beads)], ("accept", "unaccept")[n % 2])
        print(i, flush=True)
        n += 1
        time.sleep(0.01)
"""


def _check_loop(workspace: Path, results: list[subprocess.CompletedProcess[str]]) -> None:
    for _ in range(CHECK_RUNS):
        results.append(subprocess.run(bitext_argv("check", "--format", "json"), cwd=ROOT, env=cli_env(workspace),
                                      capture_output=True, text=True, timeout=600))  # fmt: skip


def test_check_and_decision_writer_in_parallel(aligned_ws: tuple[Path, list[str]], tmp_path: Path) -> None:
    ws_path, (doc_id,) = aligned_ws
    stop = tmp_path / "stop"
    argv = [sys.executable, "-c", WRITER, str(ws_path), doc_id, str(stop)]
    writer = subprocess.Popen(argv, cwd=ROOT, env=cli_env(ws_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)  # fmt: skip
    checks: list[subprocess.CompletedProcess[str]] = []
    try:
        _check_loop(ws_path, checks)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err[-2000:]
    for run in checks:
        assert run.returncode == 0, run.stderr[-2000:]
        assert "locked" not in run.stderr.lower()
    assert "locked" not in err.lower()
    written = [int(x) for x in out.split()]
    assert len(written) > 10, "the writer barely ran; the test did not overlap the checks"
    with Workspace(ws_path) as ws:
        stored = {d.id for d in decisions.decisions(ws, include_undone=True)}
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        flags = ws.conn.execute("SELECT count(*) FROM flags").fetchone()[0]
    assert set(written) <= stored
    assert flags > 0, "check stored no flags"


def test_tui_records_decisions_while_check_runs(aligned_ws: tuple[Path, list[str]], tmp_path: Path) -> None:
    """Pilot drives the real app (accept, move on) while a `check` subprocess loop rewrites the flags."""
    pytest.importorskip("tui.app")
    from tui.app import BitextApp
    from tui.screens.review import ReviewScreen

    ws_path, (doc_id,) = aligned_ws
    glossary = tmp_path / "terms.csv"
    glossary.write_bytes((ROOT / "glossary" / "terms.csv").read_bytes())
    with Workspace(ws_path) as ws:
        before = {d.id for d in decisions.decisions(ws, include_undone=True)}
    checks: list[subprocess.CompletedProcess[str]] = []
    loop = threading.Thread(target=_check_loop, args=(ws_path, checks))
    accepted: list[str] = []

    async def scenario() -> None:
        app = BitextApp(ws_path, document=doc_id, glossary=glossary)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            loop.start()
            deadline = time.monotonic() + 120
            while (loop.is_alive() and time.monotonic() < deadline) or len(accepted) < 5:
                screen = app.screen
                assert isinstance(screen, ReviewScreen)
                if screen.pair is not None:
                    accepted.append(screen.pair.row.bead_id)
                await pilot.press("a")
                await pilot.pause()
                await pilot.press("j")
                await asyncio.sleep(0.05)

    asyncio.run(scenario())
    loop.join(timeout=600)
    for run in checks:
        assert run.returncode == 0, run.stderr[-2000:]
        assert "locked" not in run.stderr.lower()
    assert len(checks) == CHECK_RUNS
    with Workspace(ws_path) as ws:
        new = [d for d in decisions.decisions(ws, include_undone=True) if d.id not in before]
    assert new, "the TUI recorded nothing"
    missing = set(accepted) - {d.target for d in new}
    assert not missing, f"{len(missing)} of {len(set(accepted))} accepted pairs have no decision"
