from __future__ import annotations

import pytest

from align.segment import en_spans, zh_spans


def zh(text: str) -> list[str]:
    return [text[s:e] for s, e in zh_spans(text)]


def en(text: str) -> list[str]:
    return [text[s:e] for s, e in en_spans(text)]


def test_chinese_terminators_and_closing_quotes() -> None:
    text = (
        "我认为会有进展。我认为这会是不同的进展！为什么没有新的东西出现，对吧？他说：“这很好。”然后离开了；就这样……好吧"
    )
    assert zh(text) == [
        "我认为会有进展。",
        "我认为这会是不同的进展！",
        "为什么没有新的东西出现，对吧？",
        "他说：“这很好。”",
        "然后离开了；",
        "就这样……",
        "好吧",
    ]


def test_ascii_punctuation_used_as_chinese_punctuation() -> None:
    text = "很多人问我生活中最不同寻常的变化是什么?发生了很多变化,但最奇怪的一点是匿名!你相信吗"
    assert zh(text) == ["很多人问我生活中最不同寻常的变化是什么?", "发生了很多变化,但最奇怪的一点是匿名!", "你相信吗"]


def test_urls_decimals_and_versions_do_not_split_chinese() -> None:
    text = "原始内容参考：https://www.youtube.com/watch?v=a0bEU83P8g8。从 GPT-3.5 到 GPT-4.5 的 1.5 倍。"
    assert zh(text) == [
        "原始内容参考：https://www.youtube.com/watch?v=a0bEU83P8g8。",
        "从 GPT-3.5 到 GPT-4.5 的 1.5 倍。",
    ]


def test_offsets_are_exact() -> None:
    text = "  第一句。 第二句？"
    for s, e in zh_spans(text):
        assert text[s:e].strip() == text[s:e]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Altman met Dr. Brown. They talked.", ["Mr. Altman met Dr. Brown.", "They talked."]),
        ("We grew 1.5 times. Then GPT-4.5 came.", ["We grew 1.5 times.", "Then GPT-4.5 came."]),
        ("It works in the U.S. and e.g. in Europe.", ["It works in the U.S. and e.g. in Europe."]),
        ("We shipped o1. It thinks longer.", ["We shipped o1.", "It thinks longer."]),
        ("I was thinking... and then it clicked. Wow!", ["I was thinking... and then it clicked.", "Wow!"]),
        ('He said, "Stop." Then he left.', ['He said, "Stop."', "Then he left."]),
        ("Is it AGI? I don't know.", ["Is it AGI?", "I don't know."]),
        ("J. K. Rowling wrote it.", ["J. K. Rowling wrote it."]),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert en(text) == expected
