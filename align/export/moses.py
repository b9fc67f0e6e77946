"""Moses/OPUS plain text: `NAME.en-zh.en` and `NAME.en-zh.zh`, line N of one translating line N of the other,
with `NAME.en-zh.ids` saying where each line came from (document id, bead id).

This is the only format that writes several files, so it alone decides file names; it refuses any name or
location that would land outside the directory the user chose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError
from align.export.records import Unit
from align.export.text import one_line, safe_name
from align.textio import atomic_write_text

SUFFIX = ".en-zh"


@dataclass
class MosesTarget:
    directory: Path
    name: str

    def file(self, lang: str) -> Path:
        """Joined under the chosen directory and checked again, so no name can climb out of it."""
        path = self.directory / f"{safe_name(self.name)}{SUFFIX}.{lang}"
        if path.parent != self.directory:
            raise InputError(path, None, f"refusing to write outside {self.directory}")
        return path


def moses_target(output: Path, default_name: str) -> MosesTarget:
    """`-o DIR/` (or an existing directory) writes DIR/DEFAULT.en-zh.*; `-o DIR/NAME` writes DIR/NAME.en-zh.*."""
    if output.is_dir() or str(output).endswith(("/", "\\")):
        return MosesTarget(output.resolve(), default_name)
    name = output.name.removesuffix(SUFFIX)
    return MosesTarget(output.parent.resolve(), name)


def write_moses(units: Iterable[Unit], target: MosesTarget) -> tuple[list[Path], int]:
    en: list[str] = []
    zh: list[str] = []
    ids: list[str] = []
    for unit in units:
        en.append(one_line(unit.en_text))
        zh.append(one_line(unit.zh_reviewed))
        ids.append(f"{one_line(unit.doc_id)}\t{one_line(unit.uid)}")
    paths = [target.file(lang) for lang in ("en", "zh", "ids")]
    for path, lines in zip(paths, (en, zh, ids), strict=True):
        atomic_write_text(path, "".join(line + "\n" for line in lines))
    return paths, len(ids)
