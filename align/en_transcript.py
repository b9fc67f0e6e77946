"""Reader and writer for speaker-labelled English transcripts (the format of ``seeds/en/``, see docs/formats.md).

Labels must be declared in the header when a header declares any: a typo in a speaker name would otherwise
silently start a phantom speaker and wreck turn alignment, so it is an error naming the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from align.document import Document, Metadata, Section, Speaker, Turn
from align.errors import InputError
from align.segment import segment_turn
from align.speakers import ROLES

HEADER = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
TIMESTAMP = r"\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?\]\s*"
LABEL = re.compile(r"^(?:" + TIMESTAMP + r")?([^:\n]{1,60}?):(?:\s+|$)(.*)$")
LABEL_LIKE = re.compile(r"^[A-Z0-9][\w.'’-]*(?: [A-Z0-9][\w.'’-]*){0,4}$")
META_FIELDS = {"title", "date", "reconstructed", "author", "place"}
URL_FIELDS = {"video": "video_url", "article": "article_url"}


def parse_en_transcript(text: str, path: str | Path, doc_id: str | None = None) -> Document:
    path = Path(path)
    doc = Document(
        id=doc_id or path.name.split(".")[0],
        language="en",
        source_path=str(path),
        source_format="en-transcript",
    )
    lines = text.split("\n")
    body_start = _parse_header(lines, doc.metadata, path)
    declared = {sp.name: sp for sp in doc.metadata.speakers}
    turn: Turn | None = None
    para: list[str] = []
    line_maps: dict[int, list[list[int]]] = {}
    para_lines: list[int] = []
    section: int | None = None

    def flush() -> None:
        nonlocal para, para_lines
        if para and turn is not None:
            text_ = " ".join(para)
            lm: list[int] = []
            for chunk, ln in zip(para, para_lines, strict=True):
                lm.extend([ln] * (len(chunk) + 1))
            turn.paragraphs.append(text_)
            line_maps.setdefault(id(turn), []).append(lm[: len(text_)])
            turn.line_end = para_lines[-1]
        elif para:
            raise InputError(path, para_lines[0], "text before the first speaker label")
        para, para_lines = [], []

    for idx in range(body_start, len(lines)):
        raw = lines[idx].strip()
        lineno = idx + 1
        if not raw:
            flush()
            continue
        if raw.startswith("## "):
            flush()
            doc.sections.append(Section(title=raw[3:].strip(), kind="body", line=lineno))
            section = len(doc.sections) - 1
            continue
        label = _label(raw, declared, not para, path, lineno)
        if label:
            flush()
            name, rest, t_start = label
            sp = declared.get(name)
            if sp is None:
                sp = Speaker(name=name)
                declared[name] = sp
                doc.metadata.speakers.append(sp)
            turn = Turn(label=name, speaker=name, role=sp.role, line_start=lineno, section=section, t_start=t_start)
            doc.turns.append(turn)
            if rest:
                para, para_lines = [rest], [lineno]
            continue
        para.append(raw)
        para_lines.append(lineno)
    flush()
    if not doc.turns:
        raise InputError(path, None, "not a transcript: no `Speaker: text` turns found")
    for t in doc.turns:
        t.sentences = segment_turn(t, "en", line_maps.get(id(t)))
    doc.turns = [t for t in doc.turns if t.paragraphs]
    return doc


def _parse_header(lines: list[str], meta: Metadata, path: Path) -> int:
    i = 0
    while i < len(lines):
        raw = lines[i].strip()
        if not raw:
            i += 1
            continue
        if raw.startswith("## ") or not raw.startswith("#"):
            break
        m = HEADER.match(raw)
        if not m:
            raise InputError(path, i + 1, "malformed header line, expected `# key: value`")
        key, value = m.group(1).lower(), m.group(2)
        if key == "speaker":
            name, _, role = (x.strip() for x in value.partition("|"))
            role = role or "unknown"
            if not name:
                raise InputError(path, i + 1, "speaker line needs a name: `# speaker: Name | role`")
            if role not in ROLES:
                raise InputError(path, i + 1, f"unknown role {role!r} (use host, guest or audience)")
            meta.speakers.append(Speaker(name=name, role=role))
        elif key == "note":
            meta.notes.append(value)
        elif key in META_FIELDS:
            setattr(meta, key, value)
        elif key in URL_FIELDS:
            setattr(meta, URL_FIELDS[key], value)
        else:
            meta.extra[key] = value
        i += 1
    return i


def _label(
    raw: str, declared: dict[str, Speaker], para_start: bool, path: Path, lineno: int
) -> tuple[str, str, float | None] | None:
    m = LABEL.match(raw)
    if not m:
        return None
    name = m.group(4).strip()
    t_start = None
    if m.group(3) is not None:
        t_start = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    if name in declared:
        return name, m.group(5).strip(), t_start
    if not para_start or not LABEL_LIKE.match(name):
        return None
    if declared:
        raise InputError(
            path, lineno, f"unknown speaker {name!r}: declare it in the header (`# speaker: {name} | role`)"
        )
    return name, m.group(5).strip(), t_start


def write_en_transcript(doc: Document) -> str:
    """The inverse of the reader, used to save machine-drafted English and to normalise files."""
    meta = doc.metadata
    out = []
    for key in ("title", "reconstructed", "date", "author", "place"):
        value = getattr(meta, key)
        if value:
            out.append(f"# {key}: {value}")
    if meta.video_url:
        out.append(f"# video: {meta.video_url}")
    if meta.article_url:
        out.append(f"# article: {meta.article_url}")
    out += [f"# speaker: {sp.name} | {sp.role}" for sp in meta.speakers]
    out += [f"# {k}: {v}" for k, v in meta.extra.items()]
    out += [f"# note: {n}" for n in meta.notes]
    section = None
    for turn in doc.turns:
        if turn.section is not None and turn.section != section and turn.section < len(doc.sections):
            section = turn.section
            out += ["", f"## {doc.sections[section].title}"]
        stamp = ""
        if turn.t_start is not None:
            s = int(turn.t_start)
            stamp = f"[{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}] "
        out.append("")
        out.append(f"{stamp}{turn.speaker or turn.label or 'Unknown'}: {turn.paragraphs[0] if turn.paragraphs else ''}")
        for para in turn.paragraphs[1:]:
            out += ["", para]
    return "\n".join(out) + "\n"
