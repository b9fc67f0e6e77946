"""SRT and WebVTT readers, including YouTube auto captions (rolling cues, no punctuation, no speakers).

Cues are merged into one text stream per speaker turn with a time for every character, then cut into
sentences; each sentence keeps the start of its first cue and the end of its last, which is what a reviewer
needs to jump to the video.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from align.document import Document, Sentence, Speaker, Turn
from align.errors import InputError
from align.segment import en_spans, trim_span

TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
ARROW = re.compile(rf"^\s*{TIME}\s*-->\s*{TIME}(?:\s+.*)?$")
VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
TAG = re.compile(r"</?[^>]+>")
SPEAKER_PREFIX = re.compile(r"^(?:>>\s*|-\s+)?([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}):\s+")
CHEVRON = re.compile(r"^>>\s*")
MAX_UNPUNCTUATED_WORDS = 25
PAUSE_SECONDS = 1.2


@dataclass
class Cue:
    start: float
    end: float
    text: str
    speaker: str | None
    new_turn: bool
    line: int


def _seconds(groups: tuple[str | None, ...]) -> float:
    h, m, s, ms = groups
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def _parse_cues(text: str, path: Path, vtt: bool) -> list[Cue]:
    lines = text.split("\n")
    i = 0
    if vtt:
        if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
            raise InputError(path, 1, "not a WebVTT file: first line must be WEBVTT")
        i = 1
    cues: list[Cue] = []
    recent: list[str] = []
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if vtt and line.startswith(("NOTE", "STYLE", "REGION", "Kind:", "Language:")):
            while i < len(lines) and lines[i].strip():
                i += 1
            continue
        m = ARROW.match(line)
        if not m and i + 1 < len(lines) and "-->" in lines[i + 1]:
            i += 1
            line = lines[i].strip()
            m = ARROW.match(line)
        if not m:
            what = (
                "broken timestamp line"
                if "-->" in line
                else "expected a cue timestamp line `00:00:01,000 --> 00:00:02,000`"
            )
            raise InputError(path, i + 1, what)
        start, end = _seconds(m.groups()[:4]), _seconds(m.groups()[4:])
        if end < start:
            raise InputError(path, i + 1, "cue ends before it starts")
        cue_line = i + 1
        i += 1
        body = []
        # YouTube puts a line holding one space inside cues: only a truly empty line ends a cue.
        while i < len(lines) and lines[i] != "":
            if lines[i].strip():
                body.append(lines[i].strip())
            i += 1
        cues.extend(_cue_from_lines(body, start, end, cue_line, recent))
    return cues


def _cue_from_lines(body: list[str], start: float, end: float, line: int, recent: list[str]) -> list[Cue]:
    """Strip markup and drop lines a rolling caption repeats from the cue before."""
    out = []
    for raw in body:
        voice = VOICE.search(raw)
        clean = " ".join(TAG.sub("", raw).split())
        if not clean or clean in recent[-2:]:
            continue
        recent.append(clean)
        speaker = voice.group(1).strip() if voice else None
        new_turn = bool(CHEVRON.match(clean)) or speaker is not None
        clean = CHEVRON.sub("", clean)
        m = SPEAKER_PREFIX.match(clean)
        if m and not voice:
            speaker, clean, new_turn = m.group(1), clean[m.end() :], True
        out.append(Cue(start, end, clean, speaker, new_turn, line))
    return out


def parse_subtitles(text: str, path: str | Path, doc_id: str | None = None) -> Document:
    path = Path(path)
    vtt = path.suffix.lower() == ".vtt" or text.lstrip("\ufeff").startswith("WEBVTT")
    cues = _parse_cues(text, path, vtt)
    if not cues:
        raise InputError(path, None, "no subtitle cues found")
    doc = Document(
        id=doc_id or path.name.split(".")[0],
        language="en",
        source_path=str(path),
        source_format="vtt" if vtt else "srt",
    )
    groups: list[list[Cue]] = []
    for cue in cues:
        if not groups or (cue.new_turn and (cue.speaker is None or cue.speaker != groups[-1][0].speaker)):
            groups.append([])
        groups[-1].append(cue)
    known: dict[str, Speaker] = {}
    for group in groups:
        speaker = next((c.speaker for c in group if c.speaker), None)
        if speaker and speaker not in known:
            known[speaker] = Speaker(name=speaker)
            doc.metadata.speakers.append(known[speaker])
        doc.turns.append(_turn_from_cues(group, speaker))
    return doc


def _turn_from_cues(cues: list[Cue], speaker: str | None) -> Turn:
    text_parts: list[str] = []
    char_cue: list[int] = []
    for ci, cue in enumerate(cues):
        if text_parts:
            text_parts.append(" ")
            char_cue.append(ci)
        text_parts.append(cue.text)
        char_cue.extend([ci] * len(cue.text))
    text = "".join(text_parts)
    punctuated = len(re.findall(r"[.!?](?:\s|$)", text)) * 40 >= len(text.split())
    spans = en_spans(text) if punctuated else _pause_spans(text, char_cue, cues)
    turn = Turn(
        label=speaker,
        speaker=speaker,
        paragraphs=[text],
        line_start=cues[0].line,
        line_end=cues[-1].line,
        t_start=cues[0].start,
        t_end=cues[-1].end,
    )
    for s, e in spans:
        first, last = cues[char_cue[s]], cues[char_cue[e - 1]]
        turn.sentences.append(Sentence(text[s:e], s, e, 0, first.line, last.line, t_start=first.start, t_end=last.end))
    return turn


def _pause_spans(text: str, char_cue: list[int], cues: list[Cue]) -> list[tuple[int, int]]:
    """Without punctuation, cut at cue boundaries after a pause, or when a unit grows too long to align."""
    spans = []
    start = 0
    words = 0
    for i in range(1, len(text)):
        if char_cue[i] == char_cue[i - 1]:
            continue
        prev, cur = cues[char_cue[i - 1]], cues[char_cue[i]]
        words += len(prev.text.split())
        if cur.start - prev.end >= PAUSE_SECONDS or words >= MAX_UNPUNCTUATED_WORDS:
            spans.append((start, i))
            start, words = i, 0
    spans.append((start, len(text)))
    return [(s, e) for s, e in (trim_span(text, s, e) for s, e in spans) if e > s]
