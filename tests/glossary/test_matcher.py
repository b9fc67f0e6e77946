"""The matching cases the brief calls hard, plus the offset and case rules the checks rely on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.matcher import Match, TermIndex
from glossary.model import Concept
from glossary.normalise import normalise


def ids(matches: list[Match]) -> list[str]:
    return [m.concept_id for m in matches]


def spans(matches: list[Match]) -> list[tuple[str, int, int]]:
    return [(m.concept_id, m.start, m.end) for m in matches]


def test_longer_chinese_term_wins(index: TermIndex) -> None:
    text = "多智能体系统里的每个智能体"
    assert spans(index.find_zh(text)) == [("multi-agent", 0, 4), ("agent", 10, 13)]


def test_shorter_chinese_term_found_inside_when_longer_is_not_a_term() -> None:
    index = TermIndex.build([Concept("agent", "agent", zh="智能体")])
    assert spans(index.find_zh("多智能体系统")) == [("agent", 1, 4)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The agent acts.", ["agent"]),
        ("Agents act.", ["agent"]),
        ("agentic systems", []),
        ("a travel agency", []),
        ("agent_id", []),
        ("the agent's tools", ["agent"]),
        ("multi-agent systems", ["multi-agent"]),
        ("a multi-agent system works", ["multi-agent"]),
        ("an AI agent", ["agent"]),
    ],
)
def test_english_word_boundaries_and_variants(index: TermIndex, text: str, expected: list[str]) -> None:
    assert ids(index.find_en(text)) == expected


def test_english_variant_is_admitted_and_headword_preferred(index: TermIndex) -> None:
    [variant] = index.find_en("Agents act.")
    assert (variant.kind, variant.term, variant.surface) == ("admitted", "agents", "Agents")
    [head] = index.find_en("AGENT")
    assert (head.kind, head.term, head.surface) == ("preferred", "agent", "AGENT")


def test_hyphenated_term_inside_longer_compound_still_boundary_checked(index: TermIndex) -> None:
    # "multi-agent" is a term, so the "agent" inside it is not counted again.
    assert ids(index.find_en("multi-agent")) == ["multi-agent"]
    # Without it, "agent" after a hyphen is a word of its own.
    only_agent = TermIndex.build([Concept("agent", "agent")])
    assert ids(only_agent.find_en("multi-agent")) == ["agent"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在GPQA上", [("gpqa", 1, 5)]),
        ("XGPQA", []),
        ("GPQA2", []),
        ("在GPQA上和在ＧＰＱＡ上", [("gpqa", 1, 5), ("gpqa", 8, 12)]),
        ("gpqa", []),  # case-sensitive concept
        ("GPQA-Diamond", [("gpqa", 0, 4)]),
    ],
)
def test_latin_tokens_inside_chinese(index: TermIndex, text: str, expected: list[tuple[str, int, int]]) -> None:
    assert spans(index.find_zh(text)) == expected


def test_full_width_match_reports_original_surface(index: TermIndex) -> None:
    [match] = index.find_zh("模型在ＧＰＱＡ上")
    assert (match.surface, match.term, match.start, match.end) == ("ＧＰＱＡ", "GPQA", 3, 7)


def test_case_insensitive_latin_rendering_in_chinese(index: TermIndex) -> None:
    matches = index.find_zh("这个agent和那个AGENT")
    assert [(m.surface, m.kind) for m in matches] == [("agent", "admitted"), ("AGENT", "admitted")]


def test_case_sensitive_english(index: TermIndex) -> None:
    assert ids(index.find_en("Sora made it")) == ["sora"]
    assert ids(index.find_en("sora made it")) == []
    assert ids(index.find_en("gpt-4 and GPT-4")) == ["gpt-4", "gpt-4"]


def test_version_numbers_do_not_match_a_shorter_version(index: TermIndex) -> None:
    assert ids(index.find_en("GPT-4.5 is out")) == []
    assert ids(index.find_en("GPT-4. Then more.")) == ["gpt-4"]
    assert ids(index.find_zh("GPT-4.5发布了")) == []
    assert ids(index.find_zh("GPT-4发布了")) == ["gpt-4"]


def test_traditional_chinese_needs_t2s(concepts: list[Concept]) -> None:
    text = "多智能體系統與智能體"
    assert TermIndex.build(concepts).find_zh(text) == []
    matches = TermIndex.build(concepts, t2s=True).find_zh(text)
    assert [(m.concept_id, m.surface, m.term) for m in matches] == [
        ("multi-agent", "多智能體", "多智能体"),
        ("agent", "智能體", "智能体"),
    ]


def test_traditional_terms_match_simplified_text_with_t2s() -> None:
    index = TermIndex.build([Concept("weights", "weights", zh="權重")], t2s=True)
    assert ids(index.find_zh("开放权重")) == ["weights"]


def test_forbidden_and_admitted_kinds(index: TermIndex) -> None:
    matches = index.find_zh("智能体、代理和经纪人")
    assert [(m.surface, m.kind) for m in matches] == [
        ("智能体", "preferred"),
        ("代理", "admitted"),
        ("经纪人", "forbidden"),
    ]


def test_longest_wins_between_admitted_and_forbidden(index: TermIndex) -> None:
    # 代理人 (forbidden) contains 代理 (admitted); the longer form is the one the reader sees.
    assert [(m.surface, m.kind) for m in index.find_zh("代理人")] == [("代理人", "forbidden")]


def test_shared_form_gives_a_match_per_concept() -> None:
    index = TermIndex.build(
        [Concept("inference", "inference", zh="推理"), Concept("reasoning", "reasoning", zh="推理")]
    )
    assert sorted(ids(index.find_zh("推理能力"))) == ["inference", "reasoning"]


def test_spans_survive_expanding_normalisation() -> None:
    index = TermIndex.build([Concept("fine-tuning", "fine-tuning", zh="微调")])
    text = "The ﬁne-tuning step"  # ligature fi: one character in the text, two after NFKC
    [match] = index.find_en(text)
    assert (match.start, match.end, match.surface) == (4, 14, "ﬁne-tuning")


def test_empty_index_and_empty_text() -> None:
    empty = TermIndex.build([])
    assert empty.find_en("agent") == []
    assert empty.find_zh("智能体") == []
    assert TermIndex.build([Concept("agent", "agent", zh="智能体")]).find_zh("") == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["智能体", "多智能体", "GPQA", "ＧＰＱＡ", "代理人", "，", "的", "X", "1", " ", "ﬁ", "…", "㎏"]
        ),
        max_size=12,
    )
)
def test_every_match_surface_normalises_to_its_term(pieces: list[str]) -> None:
    concepts = [
        Concept("agent", "agent", zh="智能体", zh_forbidden=("代理人",)),
        Concept("multi-agent", "multi-agent", zh="多智能体"),
        Concept("gpqa", "GPQA", zh="GPQA", case_sensitive=True),
    ]
    text = "".join(pieces)
    last_end = 0
    for match in TermIndex.build(concepts).find_zh(text):
        assert text[match.start : match.end] == match.surface
        assert normalise(match.surface).text == normalise(match.term).text
        assert match.start >= last_end  # non-overlapping, in text order
        last_end = match.end


def test_characters_outside_the_bmp_keep_offsets(index: TermIndex) -> None:
    text = "😀智能体😀在GPQA上"
    assert [(m.surface, m.start, m.end) for m in index.find_zh(text)] == [("智能体", 1, 4), ("GPQA", 6, 10)]
    assert [(m.surface, m.start) for m in index.find_en("🚀 agent")] == [("agent", 2)]


def test_match_straddling_two_characters_is_not_reported() -> None:
    # Chinese is searched as UTF-16 bytes: 乀䀀 is 4E 40 40 00, which holds 40 40 (䁀) across the boundary.
    index = TermIndex.build([Concept("x", "x", zh="䁀")])  # 0x4040
    assert index.find_zh("乀䀀") == []
    assert [m.surface for m in index.find_zh("䁀")] == ["䁀"]
