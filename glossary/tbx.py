"""Glossary interchange: TBX v2 (martif) and TBX v3 (ISO 30042:2019) plus the CSV and TSV forms.

TBX is how term bases move between CAT tools, so export writes the plain core structure every tool reads
and import accepts what those tools write (tig or ntig/termGrp, termSec, namespaced or not). Everything a
concept holds survives a round trip through either version: the renderings as terms with their
administrativeStatus, the rest at entry level where TBX puts concept data (subjectField for domain,
note, crossReference for related, and an ``x-`` admin for what TBX has no category for).

TBX files come from outside, so the parser refuses DTD entity declarations outright: no external entity
is fetched (XXE) and no entity is expanded (billion laughs). A plain ``<!DOCTYPE martif SYSTEM ...>``,
which TBX v2 files carry, is accepted and never loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from lxml import etree

from align.errors import InputError
from align.safexml import safe_parse
from align.textio import atomic_write_bytes
from glossary.model import MULTI_SEPARATOR, Concept, Status
from glossary.termbase import format_terms, make_id, parse_terms, read_text

ImportFormat = Literal["csv", "tsv", "tbx"]
ExportFormat = Literal["csv", "tsv", "tbx2", "tbx3"]

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ADMIN_STATUS = "administrativeStatus"
CASE_ADMIN = "x-caseSensitive"
STATUS_ADMIN = "x-bitext-status"

_EN_STATUS: dict[Status, str] = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",  # TBX has no "forbidden"; the x- admin keeps the difference
}
_TERM_STATUS = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "deprecated",
}

# Element names that differ between the versions; the rest (descrip, admin, note, ref, term,
# termNote) are the same in both.
_NAMES = {
    2: {"root": "martif", "header": "martifHeader", "entry": "termEntry", "lang": "langSet", "term": "tig"},
    3: {"root": "tbx", "header": "tbxHeader", "entry": "conceptEntry", "lang": "langSec", "term": "termSec"},
}


def guess_format(path: str | Path) -> str:
    """The format a file name implies; .tbx and .xml are TBX (version detected on import)."""
    suffix = Path(path).suffix.lower()
    return {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".tbx": "tbx", ".xml": "tbx"}.get(suffix, "csv")


def import_concepts(path: str | Path, fmt: ImportFormat | None = None) -> list[Concept]:
    """Concepts from a CSV, TSV or TBX (v2 or v3) file."""
    kind = fmt or guess_format(path)
    if kind == "tbx":
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(path, None, f"cannot read: {exc.strerror or exc}") from exc
        return concepts_from_tbx(data, path)
    return parse_terms(read_text(path), path, delimiter="\t" if kind == "tsv" else ",")


def export_concepts(path: str | Path, concepts: Iterable[Concept], fmt: ExportFormat) -> None:
    """Write concepts in ``fmt``, atomically like every glossary write."""
    if fmt in ("tbx2", "tbx3"):
        data = concepts_to_tbx(concepts, 2 if fmt == "tbx2" else 3)
    else:
        data = format_terms(concepts, delimiter="\t" if fmt == "tsv" else ",").encode("utf-8")
    atomic_write_bytes(path, data)


def concepts_to_tbx(concepts: Iterable[Concept], version: Literal[2, 3]) -> bytes:
    names = _NAMES[version]
    root = etree.Element(names["root"], type="TBX-Basic" if version == 3 else "TBX")
    if version == 3:
        root.set("style", "dca")
    root.set(XML_LANG, "en")
    source = _sub(_sub(_sub(root, names["header"]), "fileDesc"), "sourceDesc")
    _sub(source, "p", "bitext glossary")
    body = _sub(_sub(root, "text"), "body")
    for concept in concepts:
        try:
            _entry(body, names, concept)
        except ValueError as exc:  # lxml refuses control characters, which XML 1.0 cannot carry
            raise InputError(None, None, f"concept {concept.id!r} cannot be written as XML: {exc}") from exc
    if version == 3:
        root = _in_namespace(root, TBX3_NS)
    doctype = '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">' if version == 2 else None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)


def _entry(body: etree._Element, names: dict[str, str], concept: Concept) -> None:
    entry = _sub(body, names["entry"], id=concept.id)
    for domain in concept.domain:
        _sub(entry, "descrip", domain, type="subjectField")
    if concept.note:
        _sub(entry, "note", concept.note)
    if concept.case_sensitive:
        _sub(entry, "admin", "yes", type=CASE_ADMIN)
    if concept.status == "forbidden":
        _sub(entry, "admin", concept.status, type=STATUS_ADMIN)
    for other in concept.related:
        _sub(entry, "ref", other, type="crossReference", target=other)
    en_terms = [(concept.en, _EN_STATUS[concept.status])]
    en_terms += [(variant, "admittedTerm-admn-sts") for variant in concept.en_variants]
    _lang(entry, names, "en", en_terms)
    zh_terms = [(concept.zh, "preferredTerm-admn-sts")] if concept.zh else []
    zh_terms += [(term, "admittedTerm-admn-sts") for term in concept.zh_admitted]
    zh_terms += [(term, "deprecatedTerm-admn-sts") for term in concept.zh_forbidden]
    if zh_terms:
        _lang(entry, names, "zh", zh_terms)


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, name, attrs)
    element.text = text
    return element


def _lang(entry: etree._Element, names: dict[str, str], lang: str, terms: list[tuple[str, str]]) -> None:
    lang_set = _sub(entry, names["lang"])
    lang_set.set(XML_LANG, lang)
    for term, status in terms:
        holder = _sub(lang_set, names["term"])
        _sub(holder, "term", term)
        _sub(holder, "termNote", status, type=ADMIN_STATUS)


def _in_namespace(root: etree._Element, namespace: str) -> etree._Element:
    """A copy of an unqualified tree with every element in ``namespace`` as the default (no prefixes)."""
    qualified = etree.Element(f"{{{namespace}}}{root.tag}", dict(root.attrib), nsmap={None: namespace})
    qualified.text = root.text
    for child in root:
        qualified.append(child)
    for element in qualified.iter():
        if not element.tag.startswith("{"):
            element.tag = f"{{{namespace}}}{element.tag}"
    return qualified


def concepts_from_tbx(data: bytes, path: str | Path | None) -> list[Concept]:
    root = safe_parse(data, path)
    if _local(root) not in ("martif", "tbx"):
        raise InputError(path, root.sourceline, f"not TBX: root element is <{_local(root)}>, not martif or tbx")
    concepts: list[Concept] = []
    seen: set[str] = set()
    for entry in root.iter():
        if _local(entry) in ("termEntry", "conceptEntry"):
            concept = _concept(entry, path, seen)
            seen.add(concept.id)
            concepts.append(concept)
    return concepts


def _concept(entry: etree._Element, path: str | Path | None, seen: set[str]) -> Concept:
    en_terms: list[tuple[str, str | None]] = []
    zh_terms: list[tuple[str, str | None]] = []
    domain: list[str] = []
    notes: list[str] = []
    related: list[str] = []
    case_sensitive = False
    status_override: str | None = None
    for child in _elements(entry):
        name, kind, text = _local(child), child.get("type"), _text(child)
        if name in ("langSet", "langSec"):
            lang = (child.get(XML_LANG) or child.get("lang") or "").lower()
            target = en_terms if lang.startswith("en") else zh_terms if lang.startswith("zh") else None
            if target is not None:
                target += _terms(child)
        elif name == "descrip" and kind == "subjectField" and text:
            domain += [part.strip() for part in text.split(MULTI_SEPARATOR) if part.strip()]
        elif name == "note" and text:
            notes.append(text)
        elif name == "ref" and kind == "crossReference":
            target_id = child.get("target") or text
            if target_id:
                related.append(target_id)
        elif name == "admin" and kind == CASE_ADMIN:
            case_sensitive = text.lower() == "yes"
        elif name == "admin" and kind == STATUS_ADMIN:
            status_override = text
    if not en_terms:
        raise InputError(path, entry.sourceline, "entry has no English term")
    head = next((t for t in en_terms if t[1] == "preferred"), en_terms[0])
    status = status_override if status_override in _EN_STATUS else head[1] or "preferred"
    zh, admitted, forbidden = _zh_columns(zh_terms)
    return Concept(
        id=_entry_id(entry, head[0], seen),
        en=head[0],
        en_variants=tuple(t for t, _ in en_terms if t != head[0]),
        zh=zh,
        zh_admitted=admitted,
        zh_forbidden=forbidden,
        status=status,  # type: ignore[arg-type]
        case_sensitive=case_sensitive,
        note="\n".join(notes),
        domain=tuple(domain),
        related=tuple(related),
    )


def _zh_columns(terms: list[tuple[str, str | None]]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The preferred rendering is the first marked preferred, else the first with no status at all.

    An entry whose Chinese terms are all admitted keeps an empty ``zh``, as it had when exported.
    """
    allowed = [term for term, status in terms if status != "deprecated"]
    forbidden = tuple(term for term, status in terms if status == "deprecated")
    unmarked = next((term for term, status in terms if status is None), "")
    head = next((term for term, status in terms if status == "preferred"), unmarked)
    return head, tuple(term for term in allowed if term != head), forbidden


def _terms(lang_set: etree._Element) -> list[tuple[str, str | None]]:
    """(term, status) for each tig / ntig / termSec; status None when the file gives none."""
    found = []
    for holder in _elements(lang_set):
        term = next((_text(e) for e in holder.iter() if _local(e) == "term"), "")
        if not term:
            continue
        status = next(
            (_text(e) for e in holder.iter() if _local(e) == "termNote" and e.get("type") == ADMIN_STATUS),
            "",
        )
        found.append((term, _TERM_STATUS.get(status)))
    return found


def _entry_id(entry: etree._Element, en: str, seen: set[str]) -> str:
    """The entry's own id when usable, else one made from the English; never one already taken."""
    raw = (entry.get("id") or "").strip()
    base = raw if raw and not re.search(r"[\s|]", raw) else make_id(en) or "concept"
    candidate, n = base, 2
    while candidate in seen:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _elements(parent: etree._Element) -> Iterator[etree._Element]:
    return (child for child in parent if isinstance(child.tag, str))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _text(element: etree._Element) -> str:
    return "".join(element.itertext()).strip()
