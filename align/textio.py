"""Reading user files as text, and writing files so a crash never leaves half of one.

Chinese articles arrive as UTF-8 from WeChat scrapers but also as GBK/GB18030 from older Windows tools; we
decode both and refuse anything that is not text, naming the file, so a user never sees a traceback.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from align.errors import InputError

MAX_BYTES = 200 * 1024 * 1024


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; refuse binary and empty input."""
    if not data.strip():
        raise InputError(path, None, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), path)
        except UnicodeDecodeError as exc:
            raise InputError(path, None, "not valid UTF-16 text") from exc
    if b"\x00" in data[:65536]:
        raise InputError(path, _line_of(data, data.index(b"\x00")), "binary file (NUL byte), not text")
    try:
        return _check_text(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            path,
            _line_of(data, utf8_error.start),
            "not UTF-8 or GBK text; re-save the file as UTF-8",
        ) from None
    return _check_text(text, path)


def _check_text(text: str, path: str | Path) -> str:
    """Reject decodings that are mostly control characters: those are binary files that happened to decode."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(sample) // 100):
        raise InputError(path, None, "binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_text(path: str | Path) -> str:
    return decode_bytes(read_bytes(path), path)


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(p, None, "is a directory, expected a file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(p, None, f"file is too large ({size} bytes; limit {MAX_BYTES})")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(p, None, "no such file") from None
    except PermissionError:
        raise InputError(p, None, "permission denied") from None
    except IsADirectoryError:
        raise InputError(p, None, "is a directory, expected a file") from None


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write via a temporary file in the same directory, fsync, then rename over the target.

    The temporary file must be beside the target for ``os.replace`` to be an atomic rename. The new file keeps
    the old file's permissions (mkstemp would leave it owner-only); a new file gets 0644.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
