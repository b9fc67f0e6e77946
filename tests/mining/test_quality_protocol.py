"""The held-out protocol of bench/bench_suggest.py: its folds and the labels it reads from the docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_suggest import DEFAULT_LABELS, LABELS, article_folds, concept_folds, read_labels
from glossary.model import Concept
from tests.mining.conftest import Pair

CONCEPTS = [
    Concept(id="palantir", en="Palantir"),
    Concept(id="agent", en="agent", en_variants=("agents",)),
    Concept(id="gpqa", en="GPQA"),
]
PAIRS = [
    Pair("a1", "doc-a", ["I left Palantir to build agents."], ["我离开Palantir去构建智能体。"]),
    Pair("b1", "doc-b", ["An agent books flights."], ["智能体预订航班。"]),
]


def test_an_article_fold_holds_out_only_what_occurs_in_that_article_alone() -> None:
    folds = {fold.name: {c.id for c in fold.concepts} for fold in article_folds(PAIRS, CONCEPTS)}
    assert folds == {"doc-a": {"agent", "gpqa"}, "doc-b": {"palantir", "agent", "gpqa"}}


def test_concept_folds_hold_out_every_concept_exactly_once() -> None:
    folds = concept_folds(CONCEPTS)
    held_out = [c.id for fold in folds for c in CONCEPTS if c not in fold.concepts]
    assert sorted(held_out) == sorted(c.id for c in CONCEPTS)
    assert [fold.held_out for fold in folds] == [len(CONCEPTS) - len(fold.concepts) for fold in folds]


def test_labels_are_read_from_every_table_with_en_zh_and_label(tmp_path: Path) -> None:
    path = tmp_path / "labels.md"
    path.write_text(
        "| en | zh | label | reason |\n|---|---|---|---|\n| Slack | Slack | accept | Product name. |\n\n"
        "| # | en | zh | pairs | label |\n|---|---|---|---|---|\n| 1 | PhD | 博士学位 | 4/4 | reject |\n\n"
        "| date | figure |\n|---|---|\n| today | 62% |\n",
        encoding="utf-8",
    )
    assert read_labels(path) == {("Slack", "Slack"): "accept", ("PhD", "博士学位"): "reject"}


def test_a_pair_labelled_two_ways_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.md"
    path.write_text(
        "| en | zh | label |\n|---|---|---|\n| Uber | Uber | reject |\n| Uber | Uber | accept |\n", encoding="utf-8"
    )
    with pytest.raises(SystemExit, match="labelled both"):
        read_labels(path)


def test_the_committed_labels_are_consistent() -> None:
    labels = read_labels(DEFAULT_LABELS)
    assert len(labels) >= 100 and set(labels.values()) <= set(LABELS)
