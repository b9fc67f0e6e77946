"""Resident memory of this process, read between batches so translation can shrink its batch before the
machine starts swapping (a 2 GB laptop budget is the target, see docs/transformers.md)."""

from __future__ import annotations

import os
import re
import resource
import sys

UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)


def resident_bytes() -> int:
    """Current RSS from /proc (Linux); elsewhere the peak RSS, which can only over-estimate."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def peak_resident_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def parse_size(text: str) -> int | None:
    """`2G`, `1536M`, `500MB`, `2GiB` or plain bytes; None when the text is not a size."""
    m = SIZE.match(text)
    if not m:
        return None
    return int(float(m.group(1)) * UNITS[m.group(2).lower()])
