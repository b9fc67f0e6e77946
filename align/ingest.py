"""Reading a document pair from disk into the workspace."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from align.document import Document
from align.readers import document_id, read_document
from align.textio import read_bytes
from align.workspace import Workspace

PARSER_VERSION = "1"
EN_SUFFIXES = (".en.txt", ".en.srt", ".en.vtt", ".en.json", ".srt", ".vtt")


@dataclass
class IngestResult:
    doc_id: str
    lang: str
    status: str
    revision: int
    turns: int
    sentences: int


def file_fingerprint(path: Path) -> str:
    """Content plus parser version: a parser upgrade re-ingests, an untouched file does not."""
    digest = hashlib.sha256(read_bytes(path))
    digest.update(PARSER_VERSION.encode())
    return digest.hexdigest()


def find_english(zh_path: Path) -> Path | None:
    """``seeds/zh/ID.txt`` pairs with ``seeds/en/ID.en.txt`` (or .srt/.vtt/.json) when no --en is given."""
    doc_id = document_id(zh_path)
    for folder in (zh_path.parent.parent / "en", zh_path.parent):
        for suffix in EN_SUFFIXES:
            candidate = folder / f"{doc_id}{suffix}"
            if candidate.is_file() and candidate.resolve() != zh_path.resolve():
                return candidate
    return None


def ingest_file(ws: Workspace, path: Path, lang: str, doc_id: str, speakers: Path | None = None) -> IngestResult:
    fingerprint = file_fingerprint(path)
    existing = ws.side_hash(doc_id, lang)
    if existing and existing[0] == fingerprint:
        doc = ws.load_document(doc_id, lang)
        assert doc is not None
        return _result(doc, lang, "unchanged", existing[1])
    doc = read_document(path, language=lang, doc_id=doc_id, speakers=speakers)
    doc.id = doc_id
    doc.language = lang
    status, revision = ws.store_side(doc, fingerprint)
    return _result(doc, lang, status, revision)


def _result(doc: Document, lang: str, status: str, revision: int) -> IngestResult:
    return IngestResult(doc.id, lang, status, revision, len(doc.turns), sum(len(t.sentences) for t in doc.turns))


def ingest_pair(
    ws: Workspace, zh_path: Path, en_path: Path | None = None, speakers: Path | None = None
) -> list[IngestResult]:
    doc_id = document_id(zh_path)
    results = [ingest_file(ws, zh_path, "zh", doc_id, speakers)]
    en = en_path or find_english(zh_path)
    if en is not None:
        results.append(ingest_file(ws, en, "en", doc_id, speakers))
    return results
