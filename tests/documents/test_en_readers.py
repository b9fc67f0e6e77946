from __future__ import annotations

from pathlib import Path

import pytest

from align.docjson import dump_document, load_document
from align.en_transcript import parse_en_transcript, write_en_transcript
from align.errors import InputError
from align.readers import read_document
from tests.conftest import seed_path

TRANSCRIPT = """\
# title: Test interview
# reconstructed: yes
# date: 2024-12-18
# video: https://www.youtube.com/watch?v=a0bEU83P8g8
# speaker: Jacob Effron | host
# speaker: Bob McGrew | guest
# note: a note

## Opening

Jacob Effron: Bob, thanks so much for coming on the podcast. Dr. Smith sends
his regards.

[00:01:05] Bob McGrew: Thanks for having me. I'm excited to be here.

It went from GPT-4 to o1. That's 100x more compute.
"""


def test_speaker_labelled_transcript(tmp_path: Path) -> None:
    doc = parse_en_transcript(TRANSCRIPT, tmp_path / "x.en.txt")
    assert doc.id == "x"
    assert doc.metadata.title == "Test interview"
    assert doc.metadata.reconstructed == "yes"
    assert doc.metadata.video_url.endswith("a0bEU83P8g8")
    assert [(s.name, s.role) for s in doc.metadata.speakers] == [("Jacob Effron", "host"), ("Bob McGrew", "guest")]
    assert [t.speaker for t in doc.turns] == ["Jacob Effron", "Bob McGrew"]
    assert doc.turns[0].role == "host"
    assert doc.turns[0].paragraphs == ["Bob, thanks so much for coming on the podcast. Dr. Smith sends his regards."]
    assert [s.text for s in doc.turns[0].sentences] == [
        "Bob, thanks so much for coming on the podcast.",
        "Dr. Smith sends his regards.",
    ]
    bob = doc.turns[1]
    assert bob.t_start == 65
    assert len(bob.paragraphs) == 2
    assert [s.line_start for s in bob.sentences] == [14, 14, 16, 16]
    assert doc.sections[0].title == "Opening"


def test_unknown_speaker_is_an_error_naming_the_line(tmp_path: Path) -> None:
    bad = TRANSCRIPT + "\nBob McGrow: typo in the name.\n"
    with pytest.raises(InputError) as err:
        parse_en_transcript(bad, tmp_path / "x.en.txt")
    assert err.value.line == len(TRANSCRIPT.split("\n")) + 1
    assert "Bob McGrow" in err.value.message


def test_colon_inside_a_paragraph_is_not_a_label(tmp_path: Path) -> None:
    text = TRANSCRIPT + "\nHere's the thing: it keeps going.\n"
    doc = parse_en_transcript(text, tmp_path / "x.en.txt")
    assert doc.turns[-1].paragraphs[-1] == "Here's the thing: it keeps going."


def test_writer_round_trips(tmp_path: Path) -> None:
    doc = parse_en_transcript(TRANSCRIPT, tmp_path / "x.en.txt")
    again = parse_en_transcript(write_en_transcript(doc), tmp_path / "x.en.txt")
    assert [t.paragraphs for t in again.turns] == [t.paragraphs for t in doc.turns]
    assert [t.speaker for t in again.turns] == [t.speaker for t in doc.turns]
    assert again.metadata.speakers == doc.metadata.speakers


SRT = """\
1
00:00:01,000 --> 00:00:03,500
JACOB: Welcome to the show.

2
00:00:03,600 --> 00:00:06,000
Today we have Bob McGrew.

3
00:00:06,500 --> 00:00:09,000
>> BOB: Thanks for having me.
It's great to be here.
"""


def test_srt_with_speakers_and_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(SRT, encoding="utf-8")
    doc = read_document(path)
    assert [t.speaker for t in doc.turns] == ["JACOB", "BOB"]
    first = doc.turns[0].sentences
    assert [s.text for s in first] == ["Welcome to the show.", "Today we have Bob McGrew."]
    assert (first[0].t_start, first[0].t_end) == (1.0, 3.5)
    assert (first[1].t_start, first[1].t_end) == (3.6, 6.0)
    assert [s.text for s in doc.turns[1].sentences] == ["Thanks for having me.", "It's great to be here."]


def test_srt_with_broken_timestamp_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.srt"
    path.write_text(SRT.replace("00:00:03,600 --> 00:00:06,000", "00:00:03,600 --> 00:0x:06,000"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.line == 6
    assert "timestamp" in err.value.message


YOUTUBE_VTT = """\
WEBVTT
Kind: captions
Language: en

00:00:00.080 --> 00:00:02.389 align:start position:0%
 \nso<00:00:00.320><c> I</c><00:00:00.480><c> think</c><00:00:00.640><c> the</c><00:00:00.800><c> models</c>

00:00:02.389 --> 00:00:02.399 align:start position:0%
so I think the models

00:00:02.399 --> 00:00:04.789 align:start position:0%
so I think the models
are<00:00:02.600><c> getting</c><00:00:02.800><c> better</c>

00:00:04.789 --> 00:00:04.799 align:start position:0%
are getting better

00:00:07.000 --> 00:00:09.000 align:start position:0%
are getting better
and<00:00:07.300><c> compute</c><00:00:07.600><c> matters</c>
"""


def test_youtube_auto_captions_are_deduplicated_and_cut_at_pauses(tmp_path: Path) -> None:
    path = tmp_path / "auto.vtt"
    path.write_text(YOUTUBE_VTT, encoding="utf-8")
    doc = read_document(path)
    assert len(doc.turns) == 1
    sentences = doc.turns[0].sentences
    assert [s.text for s in sentences] == ["so I think the models are getting better", "and compute matters"]
    assert sentences[0].t_start == pytest.approx(0.08)
    assert sentences[1].t_start == pytest.approx(7.0)


def test_vtt_voice_tags_make_speakers(tmp_path: Path) -> None:
    path = tmp_path / "voices.vtt"
    path.write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Sam Altman>We shipped it.</v>\n\n"
        "00:02.500 --> 00:03.000\n<v Kevin Weil>Great. Thanks.</v>\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert [(t.speaker, [s.text for s in t.sentences]) for t in doc.turns] == [
        ("Sam Altman", ["We shipped it."]),
        ("Kevin Weil", ["Great.", "Thanks."]),
    ]


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_json_round_trips_exactly(prefix: str, tmp_path: Path) -> None:
    doc = read_document(seed_path(prefix))
    text = dump_document(doc)
    again = load_document(text, tmp_path / "d.json")
    assert again == doc
    assert dump_document(again) == text


def test_json_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load_document('{\n"format": "bitext-document",\n oops}', tmp_path / "d.json")
    assert err.value.line == 3
