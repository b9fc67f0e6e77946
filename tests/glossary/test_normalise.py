"""Normalisation keeps lengths where it can and maps offsets back where it cannot; t2s agrees with OpenCC."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.normalise import fold_case, leftmost_longest, normalise, to_simplified

TRADITIONAL = "多智能體系統與開放權重模型的對齊研究，情有獨鍾、一目瞭然、乾淨的頭髮，龍鍾老態。"


def test_full_width_latin_becomes_ascii_in_place() -> None:
    result = normalise("在ＧＰＱＡ上得了８０分")
    assert result.text == "在GPQA上得了80分"
    assert result.offsets is None


def test_chinese_prose_punctuation_and_ellipsis_are_left_alone() -> None:
    text = "我们，他们：好！（是吗？）……"
    assert normalise(text).text == text


def test_expanding_characters_get_an_offset_map() -> None:
    result = normalise("ﬁ㎏x")
    assert result.text == "fikgx"
    assert result.span(0, 2) == (0, 1)
    assert result.span(2, 4) == (1, 2)
    assert result.span(4, 5) == (2, 3)


def test_t2s_matches_opencc_and_keeps_length() -> None:
    converted = to_simplified(TRADITIONAL)
    assert converted == opencc.OpenCC("t2s").convert(TRADITIONAL)
    assert len(converted) == len(TRADITIONAL)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=TRADITIONAL + "abc 你好", max_size=30))
def test_t2s_agrees_with_opencc_on_any_mix(text: str) -> None:
    assert to_simplified(text) == opencc.OpenCC("t2s").convert(text)


def test_normalise_with_t2s_composes_both() -> None:
    result = normalise("ＧＰＱＡ上的智能體", t2s=True)
    assert result.text == "GPQA上的智能体"


def test_fold_case_never_changes_length() -> None:
    text = "İstanbul GPQA"
    assert len(fold_case(text)) == len(text)
    assert fold_case(text).endswith("gpqa")


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ([(1, 4, "a"), (0, 4, "b")], [(0, 4, "b")]),
        ([(0, 2, "a"), (0, 4, "b"), (4, 6, "c")], [(0, 4, "b"), (4, 6, "c")]),
        ([(2, 5, "a"), (0, 3, "b")], [(0, 3, "b")]),
        ([], []),
    ],
)
def test_leftmost_longest(candidates: list[tuple[int, int, str]], expected: list[tuple[int, int, str]]) -> None:
    assert leftmost_longest([(start, -end, payload) for start, end, payload in candidates]) == expected
