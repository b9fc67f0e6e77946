"""Shared fixtures for the alignment tests; no test may reach a model hub."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ALIGN_DEV = SHARED / "data" / "align-dev"


@pytest.fixture(scope="session")
def usem3_encoder():
    from align.scorers import Usem3Encoder

    return Usem3Encoder()


@pytest.fixture
def align_dev() -> Path:
    if not ALIGN_DEV.is_dir():
        pytest.skip("../shared/data/align-dev is not beside the checkout")
    return ALIGN_DEV
