from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from align.document import Document
from align.readers import read_document
from tests.conftest import seed_path


@cache
def seed(prefix: str) -> Document:
    return read_document(seed_path(prefix))


def speakers(doc: Document) -> Counter[str | None]:
    return Counter(t.speaker for t in doc.turns)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", {"Jacob Effron": 30, "Jordan Segall": 12, "Bob McGrew": 40}),
        ("002", {"Summer Yue": 17, "Noam Brown": 11, "Jimmy Ba": 8}),
        ("004", {"Kevin Weil": 26, "Sam Altman": 25, "Audience": 7}),
    ],
)
def test_turns_per_speaker(prefix: str, expected: dict[str, int]) -> None:
    assert dict(speakers(seed(prefix))) == expected


def test_roles_come_from_the_speaker_map() -> None:
    roles = {t.speaker: t.role for t in seed("004").turns}
    assert roles == {"Kevin Weil": "host", "Sam Altman": "guest", "Audience": "audience"}
    assert {t.label for t in seed("000").turns} == {"主持人Jacob", "主持人Jordan", "鲍勃·麦克格鲁"}


def test_unlabelled_article_yields_paragraph_turns_of_unknown_speaker() -> None:
    doc = seed("001")
    assert len(doc.turns) > 40
    assert set(speakers(doc)) == {None}
    assert all(len(t.paragraphs) == 1 for t in doc.turns)
    assert any("欢迎来到Logan Bartlett的节目" in t.text for t in doc.turns)
    body_sections = [s.title for s in doc.sections if s.kind == "body"]
    assert body_sections[:2] == ["简介", "领导OpenAI的个人影响"]
    assert [s.kind for s in doc.sections if s.title == "视频时间轴"] == ["summary"]


def test_summary_article_has_topics_as_sections_and_quotes_as_passages() -> None:
    doc = seed("003")
    titles = [s.title for s in doc.sections]
    assert titles[0] == "GPT-5何时发布?"
    assert titles[1] == "谈论AGI何时来临没有意义"
    assert len(titles) == 7
    quotes = [t for t in doc.turns if t.kind == "quote"]
    assert all(t.speaker == "Sam Altman" for t in quotes)
    assert any(t.text.startswith("我不知道") for t in quotes)
    assert any("那绝对是我一生中最痛苦的职业经历" in t.text for t in quotes)
    text = "".join(t.text for t in doc.turns)
    assert "target=" not in text and "class=" not in text and "infotextkey" not in text
    assert "奥特曼从OpenAI宫斗" in text


def test_header_fields() -> None:
    meta = seed("000").metadata
    assert meta.author == "瓜哥AI新知"
    assert meta.date == "2024-12-19 11:01"
    assert meta.place == "浙江"
    assert meta.article_url and meta.article_url.startswith("http://mp.weixin.qq.com/s?")
    assert meta.video_url == "https://www.youtube.com/watch?v=a0bEU83P8g8"
    assert meta.title and meta.title.startswith("2万字全文")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_markup_images_and_promo_never_reach_turns(prefix: str) -> None:
    text = "\n".join(t.text for t in seed(prefix).turns)
    for debris in ("**", "![", "](http", "mmbiz.qpic.cn", "关注公众号", "往期", "合作请联系"):
        assert debris not in text, debris


def test_summary_and_bio_are_not_turns() -> None:
    doc = seed("000")
    body = "".join(t.text for t in doc.turns)
    assert "外界感知AI发展迅速" in "".join(doc.summary)
    assert "外界感知AI发展迅速" not in body
    assert any("曾担任OpenAI的首席研究官" in b for b in doc.bio)
    assert "黄仁勋专访" not in body


def test_hard_line_breaks_inside_names_are_rejoined() -> None:
    assert any("Palantir 的 Alex Carp，" in t.text for t in seed("000").turns)
    assert any("GPT-4和GPT-4 Turbo相比" in t.text for t in seed("001").turns)
    assert any("Logan Bartlett节目" in t.text for t in seed("001").turns)


def test_bold_marker_that_splits_a_word_is_removed() -> None:
    assert any("整理出了一万多字的内容。" in t.text for t in seed("001").turns)


def test_image_between_halves_of_a_sentence_is_joined() -> None:
    turn = next(t for t in seed("004").turns if "思考几天的时间" in t.text)
    para = next(p for p in turn.paragraphs if "思考几天的时间" in p)
    assert "思考几天的时间，然后让事情发生" in para


def test_label_alone_on_its_line_still_opens_a_turn_with_text() -> None:
    jimmy = [t for t in seed("002").turns if t.speaker == "Jimmy Ba"]
    assert all(t.sentences for t in jimmy)


def test_real_paragraph_breaks_stay() -> None:
    bob = next(t for t in seed("000").turns if t.speaker == "Bob McGrew")
    assert len(bob.paragraphs) >= 4
    assert bob.paragraphs[1].startswith("内部的看法截然不同")


def test_translator_notes_are_kept_and_marked() -> None:
    turns = seed("002").turns
    notes = [(t, n) for t in turns for n in t.notes]
    assert any(n.text == "Automatic Prompt Engineering" and n.kind == "gloss" for _, n in notes)
    assert any(n.text.startswith("一种在强化学习社区中流行") and n.kind == "note" for _, n in notes)
    for turn, note in notes:
        assert turn.text[note.start : note.end] == f"（{note.text}）"


def test_sentences_point_back_to_source_lines() -> None:
    doc = seed("000")
    lines = seed_path("000").read_text(encoding="utf-8").split("\n")
    for turn in doc.turns[:10]:
        for s in turn.sentences:
            assert s.line_start is not None
            assert s.text[:1] in lines[s.line_start - 1].replace("**", "")
