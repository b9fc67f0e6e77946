"""`--encoder hf:PATH` alignment with a tiny local BERT: loads offline, aligns, and caches its vectors."""

from __future__ import annotations

import json

import numpy as np

from align.cli import _encoder
from align.ingest import ingest_pair
from align.pipeline import align_document
from align.scorers.hf import HFEncoder
from align.workspace import Workspace
from tests.transformers.conftest import DOC_ID, Article, TinyModels


class Counting:
    """Passes through to an encoder and counts the texts it had to encode."""

    def __init__(self, encoder: HFEncoder) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.encoded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.encoded += len(texts)
        return self.encoder.encode(texts)


def test_alignment_with_a_local_bert_covers_every_sentence_once(tiny: TinyModels, article: Article) -> None:
    encoder = Counting(HFEncoder(str(tiny.bert), local_files_only=True))
    with Workspace(article.zh.parent / "ws.sqlite") as ws:
        ingest_pair(ws, article.zh, article.en, article.speakers)
        summary = align_document(ws, DOC_ID, encoder)
        sql = "SELECT en_ids, zh_ids FROM beads WHERE doc_id=? AND level='sentence'"
        beads = ws.conn.execute(sql, (DOC_ID,)).fetchall()
        en_ids = [i for row in beads for i in json.loads(row[0])]
        zh_ids = [i for row in beads for i in json.loads(row[1])]
        assert sorted(en_ids) == sorted(ws.sentence_ids(DOC_ID, "en"))
        assert sorted(zh_ids) == sorted(ws.sentence_ids(DOC_ID, "zh"))
        first = encoder.encoded
        align_document(ws, DOC_ID, encoder)
    assert summary.turn_beads >= 1 and summary.sentence_beads >= 1
    assert first > 0 and encoder.encoded == first  # the second run found every vector in the workspace


def test_the_cli_encoder_spec_loads_a_directory_offline(tiny: TinyModels) -> None:
    encoder = _encoder(f"hf:{tiny.bert}:cls")
    vectors = encoder.encode(["数据中心的建设非常缓慢。", "Building data centers is very slow."])
    assert vectors.shape == (2, 32)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
