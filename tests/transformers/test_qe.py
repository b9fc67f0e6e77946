"""The `qe.low` check: back-translation chrF outliers, on the tiny Marian model and on a stub translator."""

from __future__ import annotations

from collections.abc import Sequence

from align.ingest import ingest_pair
from align.mt.cache import CachedTranslator, MTCache
from align.mt.translator import Translator
from align.pipeline import align_document
from align.scorers.encoders import Usem3Encoder
from align.workspace import Workspace
from glossary.checks.base import Context, Pair
from glossary.checks.qa import stored_flags, workspace_pairs
from glossary.checks.qe import qe_check
from glossary.checks.runner import run_checks, store_flags
from tests.transformers import tiny_models
from tests.transformers.conftest import DOC_ID, Article, TinyModels


class Lookup:
    """A translator that knows a fixed table and counts what it is asked."""

    name = "lookup"

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.asked: list[str] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.asked += texts
        return [self.table.get(t, "") for t in texts]


def corpus_pairs(doc_id: str = "d") -> list[Pair]:
    english = [s[3] for s in tiny_models.SENTENCES]
    english[tiny_models.PLANTED[0]] = tiny_models.PLANTED[1]
    return [
        Pair(bead_id=f"b{i}", doc_id=doc_id, idx=i, en_sentences=[en], zh_sentences=[s[2]])
        for i, (s, en) in enumerate(zip(tiny_models.SENTENCES, english, strict=True))
    ]


def test_tiny_marian_flags_the_planted_mistranslation_with_its_back_translation(tiny: TinyModels) -> None:
    flags = run_checks(corpus_pairs(), [qe_check(Translator(str(tiny.marian)))], Context())
    assert [(p.bead_id, f.check, f.category) for p, f in flags] == [
        (f"b{tiny_models.PLANTED[0]}", "qe.low", "accuracy/mistranslation")
    ]
    evidence = flags[0][1].evidence
    assert evidence["back_translation"] == tiny_models.SENTENCES[tiny_models.PLANTED[0]][3]
    assert evidence["chrf"] < 30 < evidence["median"]


def test_end_to_end_over_an_aligned_workspace_with_a_persistent_cache(tiny: TinyModels, article: Article) -> None:
    with Workspace(article.zh.parent / "ws.sqlite") as ws:
        ingest_pair(ws, article.zh, article.en, article.speakers)
        align_document(ws, DOC_ID, Usem3Encoder())
        pairs = workspace_pairs(ws, [DOC_ID])
        first = CachedTranslator(Translator(str(tiny.marian)), MTCache(ws))
        store_flags(ws, [DOC_ID], run_checks(pairs, [qe_check(first)], Context()))
        flags = [f for f in stored_flags(ws, [DOC_ID]) if f.check == "qe.low"]
        again = CachedTranslator(Translator(str(tiny.marian)), MTCache(ws))
        run_checks(pairs, [qe_check(again)], Context())
    planted = tiny_models.SENTENCES[tiny_models.PLANTED[0]]
    assert len(flags) == 1
    assert flags[0].evidence["back_translation"].endswith(planted[3])
    assert first.translated == 13
    assert (again.translated, again.reused) == (0, 13)


def test_a_consistently_good_document_flags_nothing() -> None:
    table = {s[2]: s[3] for s in tiny_models.SENTENCES}
    pairs = [Pair(f"b{i}", "d", i, [s[3]], [s[2]]) for i, s in enumerate(tiny_models.SENTENCES)]
    assert run_checks(pairs, [qe_check(Lookup(table))], Context()) == []


def test_short_english_is_not_scored_and_each_sentence_is_translated_once() -> None:
    lookup = Lookup({"是的。": "Yes."})
    pairs = [Pair("a", "d", 0, ["No."], ["是的。"]), Pair("b", "d", 1, ["No, never."], ["是的。"])]
    assert run_checks(pairs, [qe_check(lookup)], Context()) == []
    assert lookup.asked == []


def test_a_small_document_is_judged_by_the_floor_alone() -> None:
    lookup = Lookup({"甲。": "The cat sat on the mat.", "乙。": "Stock prices rose sharply today."})
    pairs = [
        Pair("a", "d", 0, ["The cat sat on the mat."], ["甲。"]),
        Pair("b", "d", 1, ["A dog slept under the table."], ["乙。"]),
    ]
    flagged = [p.bead_id for p, _ in run_checks(pairs, [qe_check(lookup)], Context())]
    assert flagged == ["b"]


def test_an_edited_pair_is_back_translated_when_rechecked() -> None:
    table = {s[2]: s[3] for s in tiny_models.SENTENCES} | {"编辑后的句子。": "A completely unrelated edited sentence."}
    lookup = Lookup(table)
    check = qe_check(lookup)
    ctx = Context()
    pairs = corpus_pairs()
    check.prepare_pairs(pairs, ctx)
    edited = Pair("b0", "d", 0, pairs[0].en_sentences, ["编辑后的句子。"])
    assert [f.check for f in check.run(edited, ctx)] == ["qe.low"]
    assert lookup.asked[-1] == "编辑后的句子。"
