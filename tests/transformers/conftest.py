"""Tiny checkpoints built once per session in a temporary directory, then reloaded from disk offline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.transformers import tiny_models

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
DOC_ID = "010_tiny"


@dataclass(frozen=True)
class TinyModels:
    marian: Path
    bert: Path


@dataclass(frozen=True)
class Article:
    zh: Path
    en: Path
    speakers: Path


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TinyModels]:
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small trains ~8x faster on one thread than on two contended ones
    root = tmp_path_factory.mktemp("tiny-models")
    yield TinyModels(tiny_models.build_marian(root / "marian"), tiny_models.build_bert(root / "bert"))
    torch.set_num_threads(threads)


@pytest.fixture()
def article(tmp_path: Path) -> Article:
    zh = tmp_path / "zh" / f"{DOC_ID}.txt"
    en = tmp_path / "en" / f"{DOC_ID}.en.txt"
    speakers = tmp_path / "speakers.yaml"
    zh.parent.mkdir()
    en.parent.mkdir()
    zh.write_text(tiny_models.zh_article(), encoding="utf-8")
    en.write_text(tiny_models.en_transcript(), encoding="utf-8")
    speakers.write_text(tiny_models.speakers_yaml(DOC_ID), encoding="utf-8")
    return Article(zh, en, speakers)
