"""The document model every reader produces and every later stage consumes.

One shape for both languages keeps the aligner, the checks and the exporters ignorant of where a text came
from (WeChat article, speaker-labelled transcript, SRT, VTT or JSON).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["host", "guest", "audience", "narrator", "unknown"]
TurnKind = Literal["speech", "quote", "narration"]


@dataclass
class Note:
    """A translator's note inside a turn, kept in the text but marked so checks can skip it."""

    start: int
    end: int
    text: str
    kind: Literal["note", "gloss"] = "note"


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int = 0
    line_start: int | None = None
    line_end: int | None = None
    t_start: float | None = None
    t_end: float | None = None


@dataclass
class Turn:
    label: str | None
    speaker: str | None
    role: Role = "unknown"
    paragraphs: list[str] = field(default_factory=list)
    line_start: int | None = None
    line_end: int | None = None
    section: int | None = None
    kind: TurnKind = "speech"
    notes: list[Note] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    t_start: float | None = None
    t_end: float | None = None

    @property
    def text(self) -> str:
        """Paragraphs joined by newlines: the string sentence and note offsets point into."""
        return "\n".join(self.paragraphs)


@dataclass
class Section:
    title: str
    kind: str = "body"
    line: int | None = None


@dataclass
class Speaker:
    name: str
    role: Role = "unknown"
    labels: list[str] = field(default_factory=list)


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    date: str | None = None
    place: str | None = None
    article_url: str | None = None
    video_url: str | None = None
    reconstructed: str | None = None
    speakers: list[Speaker] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    id: str
    language: str
    metadata: Metadata = field(default_factory=Metadata)
    sections: list[Section] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    source_path: str | None = None
    source_format: str | None = None
    summary: list[str] = field(default_factory=list)
    bio: list[str] = field(default_factory=list)

    def sentences(self) -> list[tuple[int, Sentence]]:
        """Every sentence with the index of its turn, in reading order."""
        return [(ti, s) for ti, turn in enumerate(self.turns) for s in turn.sentences]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        meta = dict(data.get("metadata") or {})
        meta["speakers"] = [Speaker(**s) for s in meta.get("speakers", [])]
        turns = []
        for t in data.get("turns", []):
            t = dict(t)
            t["notes"] = [Note(**n) for n in t.get("notes", [])]
            t["sentences"] = [Sentence(**s) for s in t.get("sentences", [])]
            turns.append(Turn(**t))
        return cls(
            id=data["id"],
            language=data["language"],
            metadata=Metadata(**meta),
            sections=[Section(**s) for s in data.get("sections", [])],
            turns=turns,
            source_path=data.get("source_path"),
            source_format=data.get("source_format"),
            summary=list(data.get("summary", [])),
            bio=list(data.get("bio", [])),
        )
