"""An English draft of a Chinese article, turn by turn, for interviews whose English source is lost.

The draft keeps the Chinese turn and paragraph structure and speakers, so it aligns 1-1 with the article it
came from and a reviewer can replace it turn by turn as the real English turns up. It is marked
`reconstructed: machine` so no one mistakes it for a transcript.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from align.document import Document, Metadata, Section, Speaker, Turn
from align.en_transcript import LABEL, LABEL_LIKE

UNKNOWN_SPEAKER = "Speaker"
TranslateFn = Callable[[Sequence[str]], list[str]]


def reconstruct_document(zh: Document, translate: TranslateFn, model: str) -> Document:
    """All texts go to `translate` in one call, so batching and caching see the whole article at once."""
    used_sections = sorted({t.section for t in zh.turns if t.section is not None and t.section < len(zh.sections)})
    title = [zh.metadata.title] if zh.metadata.title else []
    headings = [zh.sections[i].title for i in used_sections]
    sentences = [s.text for t in zh.turns for s in t.sentences]
    english = translate([*title, *headings, *sentences])
    en_title = english[0] if title else None
    en_headings = english[len(title) : len(title) + len(headings)]
    en_sentences = iter(english[len(title) + len(headings) :])
    section_index = {old: new for new, old in enumerate(used_sections)}
    speakers = _speakers(zh)
    turns = []
    for turn in zh.turns:
        paragraphs: dict[int, list[str]] = {}
        for s in turn.sentences:
            paragraphs.setdefault(s.paragraph, []).append(next(en_sentences))
        texts = _safe_paragraphs([" ".join(p for p in parts if p) for parts in paragraphs.values()], speakers)
        if not texts:
            continue
        name = turn.speaker or UNKNOWN_SPEAKER
        turns.append(
            Turn(
                label=name,
                speaker=name,
                role=speakers[name].role,
                paragraphs=texts,
                section=section_index.get(turn.section) if turn.section is not None else None,
                kind=turn.kind,
            )
        )
    source = zh.source_path or zh.id
    metadata = Metadata(
        title=en_title,
        date=zh.metadata.date,
        article_url=zh.metadata.article_url,
        video_url=zh.metadata.video_url,
        reconstructed="machine",
        speakers=[sp for sp in speakers.values() if any(t.speaker == sp.name for t in turns)],
        notes=[f"machine translation of {source} with {model}; review before use"],
    )
    return Document(
        id=zh.id,
        language="en",
        metadata=metadata,
        sections=[Section(title=h or zh.sections[i].title) for h, i in zip(en_headings, used_sections, strict=True)],
        turns=turns,
        source_format="en-transcript",
    )


def _speakers(zh: Document) -> dict[str, Speaker]:
    """Declared speakers with their roles, in order of first appearance; turns with no speaker get one name."""
    known = {sp.name: sp.role for sp in zh.metadata.speakers}
    out: dict[str, Speaker] = {}
    for t in zh.turns:
        name = t.speaker or UNKNOWN_SPEAKER
        if name not in out:
            role = known.get(name, t.role) if t.speaker else "unknown"
            out[name] = Speaker(name=name, role=role)
    return out


def _safe_paragraphs(paragraphs: Sequence[str], speakers: dict[str, Speaker]) -> list[str]:
    """Drop empty paragraphs, and join to its predecessor any paragraph the transcript reader would take for a
    speaker label (`So: ...`) or a heading (`## ...`): either would break the turn structure on reading."""
    out: list[str] = []
    for para in (p for p in paragraphs if p):
        label = LABEL.match(para)
        looks_like_label = label is not None and (
            label.group(4).strip() in speakers or LABEL_LIKE.match(label.group(4).strip()) is not None
        )
        if out and (looks_like_label or para.startswith("#")):
            out[-1] = f"{out[-1]} {para}"
        else:
            out.append(para)
    return out
