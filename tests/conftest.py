"""Shared fixtures. Tests never touch the network and never need ../shared (those that use it skip)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture()
def workspace_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ws.sqlite"
    monkeypatch.setenv("BITEXT_WORKSPACE", str(path))
    return path


def seed_path(prefix: str, lang: str = "zh") -> Path:
    folder = SEEDS / lang
    return next(folder.glob(f"{prefix}_*"))
