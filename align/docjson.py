"""The document model as JSON: a lossless interchange form that round-trips exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from align.document import Document
from align.errors import InputError

FORMAT = "bitext-document"
VERSION = 1


def dump_document(doc: Document) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, "document": doc.to_dict()}, ensure_ascii=False, indent=1)


def load_document(text: str, path: str | Path) -> Document:
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except (RecursionError, ValueError) as exc:  # nesting too deep, or an integer beyond Python's digit limit
        raise InputError(path, None, f"invalid JSON: {type(exc).__name__}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(path, 1, f'not a {FORMAT} JSON file (missing "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise InputError(path, 1, f"unsupported {FORMAT} version {data.get('version')!r}")
    try:
        return Document.from_dict(data["document"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(path, None, f"malformed document JSON: {exc}") from None
