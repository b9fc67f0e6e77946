"""SIGKILL real `bitext` processes mid-run; the workspace and the glossary must survive intact.

A kill is the worst crash there is (no finally, no atexit), so what survives it is only what SQLite's WAL and
the atomic rename guarantee: after every kill the database passes integrity_check, every decision committed
before the kill is still there, and the glossary is byte-for-byte the old file or the new one.

Kill moments: one random in 0.05-2 s (as a user's Ctrl-\\ or the OOM killer would land, often during start-up)
and two at fractions of the command's measured run time, so some land in the writes themselves.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from align.decisions import record
from align.ingest import ingest_pair
from align.workspace import Workspace
from tests.hardening.conftest import bitext_argv, cli_env
from tests.hardening.fuzzlib import ROOT, SEEDS, build_aligned_workspace

KILL_FRACTIONS = (0.45, 0.85)
SEEDED_DECISIONS = 25


@dataclass
class Scene:
    """A fresh copy of everything one run touches."""

    ws: Path
    glossary: Path
    out: Path
    decision_rows: list[tuple[object, ...]]


@pytest.fixture(scope="module")
def crash_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """003 aligned, 002 and 004 ingested but not aligned (so `align` has real work), decisions recorded."""
    path = tmp_path_factory.mktemp("crash") / "ws.sqlite"
    (doc_id,) = build_aligned_workspace(path, decisions=False)
    with Workspace(path) as ws:
        for prefix in ("002", "004"):
            ingest_pair(ws, next((SEEDS / "zh").glob(f"{prefix}_*")))
        beads = [p.bead_id for p in ws.sentence_pairs(doc_id)]
        for n in range(SEEDED_DECISIONS):
            kind = ("accept", "edit", "unaccept")[n % 3]
            record(ws, doc_id, beads[n % len(beads)], kind, payload={"zh": f"修订{n}。"} if kind == "edit" else None)
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _scene(template: Path, folder: Path) -> Scene:
    folder.mkdir(parents=True, exist_ok=True)
    ws = folder / "ws.sqlite"
    shutil.copyfile(template, ws)
    glossary = folder / "terms.csv"
    shutil.copyfile(ROOT / "glossary" / "terms.csv", glossary)
    return Scene(ws, glossary, folder / "export.jsonl", _decision_rows(ws))


def _decision_rows(ws: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(ws)
    try:
        return [tuple(r) for r in conn.execute("SELECT * FROM decisions ORDER BY id")]
    finally:
        conn.close()


def _args(command: str, scene: Scene) -> list[str]:
    zh = sorted(str(p) for p in (SEEDS / "zh").glob("*.txt"))
    return {
        "ingest": ["ingest", *zh],
        "align": ["align"],
        "check": ["check", "--format", "json", "-o", str(scene.out.with_suffix(".report.json"))],
        "export": ["export", "--format", "jsonl", "-o", str(scene.out)],
        "glossary-add": ["glossary", "add", "--glossary", str(scene.glossary), "--en", "crash test term",
                         "--zh", "崩溃测试术语", "--note", "added by the crash test"],
        "glossary-edit": ["glossary", "edit", "compute", "--glossary", str(scene.glossary),
                          "--note", "edited by the crash test"],
    }[command]  # fmt: skip


def _argv(command: str, scene: Scene) -> list[str]:
    args = _args(command, scene)
    if command == "align":  # the runner swaps in the stub encoder (see cli_runner.py)
        return [sys.executable, str(Path(__file__).with_name("cli_runner.py")), *args]
    return bitext_argv(*args)


def _env(scene: Scene) -> dict[str, str]:
    return cli_env(scene.ws, BITEXT_HARDENING_STUB_ENCODER="1", BITEXT_GLOSSARY=str(scene.glossary))


def _assert_intact(scene: Scene, old_glossary: bytes, new_glossary: bytes | None, what: str) -> None:
    conn = sqlite3.connect(scene.ws, timeout=30)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", what
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], what
        rows = [tuple(r) for r in conn.execute("SELECT * FROM decisions ORDER BY id")]
    finally:
        conn.close()
    assert rows[: len(scene.decision_rows)] == scene.decision_rows, f"{what}: committed decisions changed"
    with Workspace(scene.ws) as ws:  # reopening runs recovery and migrations: must not fail either
        ws.summaries()
    data = scene.glossary.read_bytes()
    assert data in (old_glossary, new_glossary), f"{what}: glossary is neither the old nor the new file"
    if scene.out.exists():  # the export is atomic too: absent, or complete
        lines = scene.out.read_text(encoding="utf-8").splitlines()
        assert lines and all(json.loads(line) for line in lines), f"{what}: partial export"


COMMANDS = ("ingest", "align", "check", "export", "glossary-add", "glossary-edit")


@pytest.mark.parametrize("command", COMMANDS)
def test_sigkill_leaves_workspace_and_glossary_intact(command: str, crash_template: Path, tmp_path: Path) -> None:
    old_glossary = (ROOT / "glossary" / "terms.csv").read_bytes()
    reference = _scene(crash_template, tmp_path / "reference")
    started = time.monotonic()
    done = subprocess.run(_argv(command, reference), cwd=ROOT, env=_env(reference), capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    duration = time.monotonic() - started
    assert done.returncode == 0, f"{command} failed without a kill: {done.stderr[-2000:]}"
    new_glossary = reference.glossary.read_bytes()
    if command.startswith("glossary"):
        assert new_glossary != old_glossary
    _assert_intact(reference, old_glossary, new_glossary, f"{command} (no kill)")

    rng = random.Random(f"kill-{command}")
    delays = [rng.uniform(0.05, 2.0), *(f * duration for f in KILL_FRACTIONS)]
    for n, delay in enumerate(delays):
        scene = _scene(crash_template, tmp_path / f"kill{n}")
        proc = subprocess.Popen(_argv(command, scene), cwd=ROOT, env=_env(scene), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        _assert_intact(scene, old_glossary, new_glossary, f"{command} killed after {delay:.2f} s")


WRITER = """
import sys
from align.decisions import record
from align.workspace import Workspace
with Workspace(sys.argv[1]) as ws:
    for n in range(100000):
        i = record(ws, "doc", f"bead-{n}", "accept")
        print(i, flush=True)
"""


def test_sigkill_decision_writer_loses_nothing_committed(crash_template: Path, tmp_path: Path) -> None:
    """Every id the writer printed (after its COMMIT returned) must be in the database after the kill."""
    for n, delay in enumerate((0.05, 0.3, 0.9)):
        scene = _scene(crash_template, tmp_path / f"w{n}")
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(scene.ws)], cwd=ROOT, env=_env(scene),
                                stdout=subprocess.PIPE, text=True)  # fmt: skip
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the kill clock starts once the writer is committing
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        printed = {int(x) for x in (first + out).split()}
        assert printed, "the writer never committed"
        _assert_intact(scene, b"", (ROOT / "glossary" / "terms.csv").read_bytes(), f"writer killed at {delay}")
        stored = {int(r[0]) for r in _decision_rows(scene.ws)}
        assert printed <= stored, f"lost committed decisions: {sorted(printed - stored)[:10]}"
