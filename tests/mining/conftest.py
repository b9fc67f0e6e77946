"""Fixtures for the mining tests: hand-made pairs, a small glossary, and three aligned seed documents.

The seed workspace is built once per session (ingest plus alignment with the USE v3 encoder, about a
minute) because the acceptance checks are about what the real seeds contain; everything else runs on
hand-made pairs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from align.ingest import ingest_pair
from align.pipeline import align_document
from align.scorers.encoders import Usem3Encoder
from align.workspace import PairRow, Workspace
from glossary.model import Concept
from glossary.termbase import load_terms
from tests.conftest import seed_path

DATA = Path(__file__).parent / "data"
# 000 renders test-time compute as 测试时间计算, 002 uses 推理时间计算, 004 names the five AGI levels;
# agent is 智能体 in all three and 代理 in some beads of 000 and 004.
SEEDS = ("000", "002", "004")


@dataclass
class Pair:
    """The fields of a PairRow that mining reads."""

    bead_id: str
    doc_id: str
    en: list[str]
    zh: list[str]


def pairs(*texts: tuple[str, str]) -> list[Pair]:
    return [Pair(f"b{n}", "doc", [en], [zh]) for n, (en, zh) in enumerate(texts)]


@pytest.fixture(scope="session")
def mining_concepts() -> list[Concept]:
    return load_terms(DATA / "terms.csv")


@pytest.fixture()
def mining_terms(tmp_path: Path) -> Path:
    path = tmp_path / "terms.csv"
    shutil.copy(DATA / "terms.csv", path)
    return path


@pytest.fixture(scope="session")
def seed_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mining") / "seeds.sqlite"
    encoder = Usem3Encoder()
    with Workspace(path) as ws:
        for prefix in SEEDS:
            doc_id = ingest_pair(ws, seed_path(prefix))[0].doc_id
            align_document(ws, doc_id, encoder)
    return path


@pytest.fixture(scope="session")
def seed_pairs(seed_workspace: Path) -> list[PairRow]:
    with Workspace(seed_workspace) as ws:
        return list(ws.sentence_pairs())
