"""One entry point that reads any supported input into a Document, choosing the reader by suffix and content."""

from __future__ import annotations

from pathlib import Path

from align.docjson import load_document
from align.document import Document
from align.en_transcript import parse_en_transcript
from align.errors import InputError
from align.speakers import find_speaker_map
from align.subtitles import parse_subtitles
from align.textio import read_text
from align.zh_article import is_chinese_text, parse_zh_article


def document_id(path: str | Path) -> str:
    """``seeds/en/000_x.en.txt`` and ``seeds/zh/000_x.txt`` share the id ``000_x`` so they pair up."""
    return Path(path).name.split(".")[0]


def read_document(
    path: str | Path, language: str | None = None, doc_id: str | None = None, speakers: str | Path | None = None
) -> Document:
    p = Path(path)
    text = read_text(p)
    doc_id = doc_id or document_id(p)
    suffix = p.suffix.lower()
    if suffix == ".json":
        return load_document(text, p)
    if suffix in {".srt", ".vtt"} or text.lstrip("\ufeff").startswith("WEBVTT"):
        return parse_subtitles(text, p, doc_id)
    if language is None:
        language = "zh" if is_chinese_text(text) else "en"
    if language.startswith("zh"):
        return parse_zh_article(text, p, doc_id, find_speaker_map(p, doc_id, speakers))
    if language != "en":
        raise InputError(p, None, f"unsupported language {language!r} (zh or en)")
    return parse_en_transcript(text, p, doc_id)
