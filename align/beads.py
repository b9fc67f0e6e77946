"""Beads (groups of source and target sentences that translate each other) and the `.align` file format.

The format is the one used by Vecalign, Bertalign and the development gold: one bead per line,
`[src ids]:[tgt ids]`, 0-based sentence numbers, e.g. `[2]:[1,2]` or `[13]:[]`. Reading is strict because a
silently mis-parsed gold file would make every score meaningless.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from align.errors import InputError

_LINE = re.compile(r"^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]\s*$")


@dataclass(frozen=True)
class Bead:
    """One alignment unit; `score` is the aligner's confidence (higher is better), 0.0 when read from a file."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def key(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The bead without its score: what evaluation compares."""
        return self.src, self.tgt


def _ids(text: str, path: str | Path | None, line: int) -> tuple[int, ...]:
    text = text.strip()
    if not text:
        return ()
    ids = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit():
            raise InputError(path, line, f"sentence id {part!r} is not a non-negative integer")
        ids.append(int(part))
    if any(b != a + 1 for a, b in pairwise(ids)):
        raise InputError(path, line, f"sentence ids {ids} are not consecutive and increasing")
    return tuple(ids)


def parse_beads(lines: Iterable[str], path: str | Path | None = None) -> list[Bead]:
    """Parse `.align` lines; blank lines are skipped, anything else malformed raises InputError."""
    beads = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            raise InputError(path, number, f"expected '[src ids]:[tgt ids]', got {raw.strip()!r}")
        src, tgt = _ids(match[1], path, number), _ids(match[2], path, number)
        if not src and not tgt:
            raise InputError(path, number, "a bead needs at least one sentence on one side")
        beads.append(Bead(src, tgt))
    return beads


def read_beads(path: str | Path) -> list[Bead]:
    """Read an `.align` file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise InputError(path, None, exc.strerror or str(exc)) from exc
    return parse_beads(text.splitlines(), path)


def format_bead(bead: Bead) -> str:
    """One `.align` line, in the compact form the gold files use (`[1,2]`, no spaces)."""
    return f"[{','.join(map(str, bead.src))}]:[{','.join(map(str, bead.tgt))}]"


def write_beads(path: str | Path, beads: Sequence[Bead]) -> None:
    """Write an `.align` file."""
    Path(path).write_text("".join(format_bead(b) + "\n" for b in beads), encoding="utf-8")


def check_coverage(beads: Sequence[Bead], n_src: int, n_tgt: int) -> None:
    """Raise ValueError unless the beads cover every sentence of both sides exactly once, in order.

    The aligner's output contract; also useful to validate a hand-edited file before evaluation.
    """
    next_src = next_tgt = 0
    for bead in beads:
        for side, ids, expected in (("source", bead.src, next_src), ("target", bead.tgt, next_tgt)):
            if ids and ids[0] != expected:
                raise ValueError(f"bead {format_bead(bead)}: {side} should continue at {expected}")
        next_src += len(bead.src)
        next_tgt += len(bead.tgt)
    if (next_src, next_tgt) != (n_src, n_tgt):
        raise ValueError(f"beads cover {next_src}/{n_src} source and {next_tgt}/{n_tgt} target sentences")
