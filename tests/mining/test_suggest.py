from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from glossary.mining.suggest import Suggestion, accept_suggestion, suggest
from glossary.model import Concept
from glossary.termbase import load_terms
from tests.mining.conftest import pairs

CORPUS = pairs(
    ("We trained a reward model on preferences.", "我们用偏好数据训练了一个奖励模型。"),
    ("The reward model scores each answer.", "奖励模型给每个答案打分。"),
    ("Without a reward model, RLHF does not work.", "没有奖励模型，RLHF就不起作用。"),
    ("RLHF made ChatGPT useful.", "RLHF让ChatGPT变得有用。"),
    ("Agents need a reward model too.", "智能体也需要奖励模型。"),
    ("Agents will book flights for you.", "智能体会为你预订航班。"),
    ("The weather was nice that day.", "那天天气很好。"),
)


def test_a_recurring_pair_is_suggested_with_examples(mining_concepts: list[Concept]) -> None:
    found = suggest(CORPUS, mining_concepts)
    top = found[0]
    assert (top.en, top.zh) == ("reward model", "奖励模型")
    assert top.beads == 4 and top.dice == 1.0
    assert top.examples[0].en == "We trained a reward model on preferences."
    assert {s.en for s in found} >= {"RLHF"}


def test_concepts_in_the_glossary_are_not_suggested(mining_concepts: list[Concept]) -> None:
    found = suggest(CORPUS, mining_concepts)
    assert not {s.en.casefold() for s in found} & {"agent", "agents"}
    assert "智能体" not in {s.zh for s in found}


def test_top_limits_the_list(mining_concepts: list[Concept]) -> None:
    assert len(suggest(CORPUS, mining_concepts, top=1)) == 1


def test_accept_appends_a_concept_and_refuses_it_twice(mining_terms: Path, mining_concepts: list[Concept]) -> None:
    suggestion = suggest(CORPUS, mining_concepts)[0]
    concept = accept_suggestion(mining_terms, suggestion)
    assert (concept.id, concept.en, concept.zh) == ("reward-model", "reward model", "奖励模型")
    stored = load_terms(mining_terms)
    assert stored[-1] == concept and len(stored) == len(mining_concepts) + 1
    assert not list(mining_terms.parent.glob(".terms.csv.*"))  # no temporary file left behind
    with pytest.raises(InputError, match="already in the glossary"):
        accept_suggestion(mining_terms, suggestion)


def test_accept_never_reuses_an_id(mining_terms: Path) -> None:
    taken = Suggestion(en="GPQA!", zh="GPQA", score=1.0, dice=1.0, llr=1.0, beads=2, en_beads=2, zh_beads=2)
    assert accept_suggestion(mining_terms, taken).id == "gpqa-2"


def test_the_rendering_in_the_same_place_wins_over_one_that_merely_recurs() -> None:
    corpus = pairs(
        ("And this one is different: what I love is its flexibility.", "而这一次不同，我最喜欢的是它的灵活性。"),
        ("This one is different, and the flexibility is what I love.", "这一次不同，我最喜欢它的灵活性。"),
    )
    found = {s.en: s.zh for s in suggest(corpus, [])}
    assert found["flexibility"] == "灵活性"


def test_a_modifier_rendered_apart_is_left_out_of_the_concept() -> None:
    corpus = pairs(
        ("o1 keeps a coherent chain of thought.", "o1保持连贯的思维链。"),
        ("A coherent chain of thought matters.", "连贯的思维链很重要。"),
        ("It needs a very coherent chain of thought.", "它需要非常连贯的思维链。"),
        ("The story is coherent.", "这个故事很连贯。"),
    )
    found = {s.en: s.zh for s in suggest(corpus, [])}
    assert found.get("chain of thought") == "思维链"
    assert "coherent chain of thought" not in found


def test_a_multi_word_candidate_with_a_modifier_on_both_sides_is_left_out() -> None:
    corpus = pairs(
        ("Inference compute is the new lever.", "推理计算是新的杠杆。"),
        ("We scaled inference compute.", "我们扩展了推理计算。"),
        ("Large-scale inference compute changes games.", "大规模推理计算改变了游戏。"),
        ("Without large-scale inference compute you lose.", "没有大规模推理计算你会输。"),
    )
    found = {s.en.casefold() for s in suggest(corpus, [])}
    assert "inference compute" in found and "large-scale inference compute" not in found


def test_a_name_kept_in_latin_outranks_a_phrase_with_as_much_evidence() -> None:
    corpus = pairs(
        ("We talked on Slack about the board structure.", "我们在Slack上讨论了董事会结构。"),
        ("The board structure came up on Slack again.", "董事会结构又在Slack上被提起。"),
    )
    found = [s.en for s in suggest(corpus, [])]
    assert found.index("Slack") < found.index("board structure")
