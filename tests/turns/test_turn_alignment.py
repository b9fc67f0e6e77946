"""Turn attribution against the seeds' turn gold, with the real bundled encoder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from align.embeddings import CachedEncoder, MemoryCache
from align.readers import read_document
from align.scorers.encoders import Usem3Encoder
from align.turn_eval import read_turn_gold, score_turns
from align.turns import align_turns
from tests.conftest import SEEDS, seed_path

GOLD = sorted(p.name.split(".")[0] for p in (SEEDS / "gold").glob("*.turns.tsv"))


@cache
def encoder() -> CachedEncoder:
    return CachedEncoder(Usem3Encoder(), MemoryCache())


@pytest.mark.parametrize("prefix", GOLD)
def test_at_least_95_percent_of_sentences_land_in_the_right_turn(prefix: str) -> None:
    zh = read_document(seed_path(prefix))
    en = read_document(seed_path(prefix, "en"))
    result = align_turns(zh, en, encoder())
    sentences = [s.text for t in zh.turns for s in t.sentences]
    score = score_turns(read_turn_gold(SEEDS / "gold" / f"{prefix}.turns.tsv"), sentences, result.en_turn_of_sentence)
    assert score.coverage > 0.95
    assert score.accuracy >= 0.95, score


def test_hidden_speaker_change_is_split_at_the_right_sentence() -> None:
    zh = read_document(seed_path("000"))
    en = read_document(seed_path("000", "en"))
    result = align_turns(zh, en, encoder())
    sentences = [s.text for t in zh.turns for s in t.sentences]
    i = sentences.index("谢谢邀请，我很期待这次对话。")
    assert zh.turns[result.zh_turn_of_sentence[i]].speaker == "Jacob Effron"
    assert en.turns[result.en_turn_of_sentence[i]].speaker == "Bob McGrew"
    assert en.turns[result.en_turn_of_sentence[i - 1]].speaker == "Jacob Effron"


def test_unlabelled_chinese_gets_speakers_from_the_english() -> None:
    zh = read_document(seed_path("001"))
    en = read_document(seed_path("001", "en"))
    result = align_turns(zh, en, encoder())
    speakers = {en.turns[j].speaker for j in result.en_turn_of_sentence}
    assert speakers == {"Logan Bartlett", "Sam Altman"}


def test_empty_sides_do_not_crash(tmp_path: Path) -> None:
    en = read_document(seed_path("002", "en"))
    zh = read_document(seed_path("002"))
    zh.turns = []
    result = align_turns(zh, en, encoder())
    assert len(result.beads) == len(en.turns)
    assert all(not b.zh_sentences for b in result.beads)
