"""Fixtures for the glossary tests: a small glossary and rule set copied to a temporary directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glossary.matcher import TermIndex
from glossary.model import Concept
from glossary.termbase import load_terms

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def terms_path(tmp_path: Path) -> Path:
    path = tmp_path / "terms.csv"
    shutil.copy(DATA / "terms.csv", path)
    return path


@pytest.fixture()
def rules_path(tmp_path: Path) -> Path:
    path = tmp_path / "rules.yaml"
    shutil.copy(DATA / "rules.yaml", path)
    return path


@pytest.fixture(scope="session")
def concepts() -> list[Concept]:
    return load_terms(DATA / "terms.csv")


@pytest.fixture(scope="session")
def index(concepts: list[Concept]) -> TermIndex:
    return TermIndex.build(concepts)
