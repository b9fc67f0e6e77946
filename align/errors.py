"""The one exception type the CLI turns into a one-line message and exit status 2.

Readers raise it with the file and line so the user can go straight to the problem; anything else that
escapes is a bug, which the CLI still reports in one line rather than a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class InputError(Exception):
    """Bad user input: a file that cannot be read as what it claims to be."""

    path: str | Path | None
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        return f"{where}: {self.message}"
