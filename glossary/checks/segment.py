"""jieba's words for a few sentences without paying for jieba's whole dictionary.

Loading the dictionary takes about 0.8 s, more than all the other checks over five interviews together, while
the repetition check segments only the handful of sentences with a doubled character or word. jieba looks up
nothing but substrings of the text it segments, so those are fetched from an SQLite copy of its dictionary
(built once per jieba install, in the user's cache directory) into a small dict that jieba then uses as its
own: the frequencies it sees are the same, so the words are the same. A lookup costs
about 0.7 ms more than segmenting with the loaded dictionary, so after ``LAZY_TEXTS`` sentences in one process,
when the lookups have cost about what loading does, the whole dictionary is loaded after all.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

LAZY_TEXTS = 1000
# SQLite's historical limit on bound parameters is 999.
_CHUNK = 900

_lock = threading.Lock()
_state: dict[str, Any] = {"lazy_left": LAZY_TEXTS, "store": None}


def _after_fork() -> None:
    """An SQLite connection must not cross a fork (the checks fork workers for big runs): a child opens its own."""
    global _lock
    _lock = threading.Lock()
    _state["store"] = None


os.register_at_fork(after_in_child=_after_fork)


def tokens(text: str) -> list[tuple[str, int]]:
    """jieba's words of ``text`` (default mode, HMM on) with their start offsets."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = _lazy_tokenizer(jieba, text)
    if tokenizer is None:
        tokenizer = jieba.dt
    return [(w, start) for w, start, _ in tokenizer.tokenize(text)]


def _lazy_tokenizer(jieba: Any, text: str) -> Any | None:
    """A tokenizer holding just the dictionary entries ``text`` can reach, or None to use jieba's own: when it
    is loaded already, holds another dictionary, or this process has segmented enough to load it."""
    if jieba.dt.initialized or jieba.dt.dictionary != jieba.DEFAULT_DICT:
        return None
    with _lock:
        if _state["lazy_left"] <= 0:
            return None
        _state["lazy_left"] -= 1
        try:
            store = _state["store"] or _Store.open(jieba)
            _state["store"] = store
            freq = store.lookup(jieba, text)
        except (OSError, sqlite3.Error, KeyError, ValueError):  # no usable copy: jieba's own way, as before
            _state["lazy_left"] = 0
            return None
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = freq
    tokenizer.total = store.total
    tokenizer.initialized = True
    return tokenizer


class _Store:
    """jieba's prefix dictionary (words with their counts, and every word prefix with 0) in SQLite."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        self.total = int(meta["total"])
        self.longest = int(meta["longest"])

    @classmethod
    def open(cls, jieba: Any) -> _Store:
        path = _path(jieba)
        if not path.exists():
            _build(jieba, path)
        return cls(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False))

    def lookup(self, jieba: Any, text: str) -> dict[str, int]:
        """The entries for every substring jieba may look up: those of its Chinese/alphanumeric blocks, up to
        the longest entry."""
        keys = list(
            {
                block[i:j]
                for block in jieba.re_han_default.findall(text)
                for i in range(len(block))
                for j in range(i + 1, min(len(block), i + self.longest) + 1)
            }
        )
        found: dict[str, int] = {}
        for k in range(0, len(keys), _CHUNK):
            chunk = keys[k : k + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(f"SELECT word, n FROM freq WHERE word IN ({marks})", chunk))
        return found


def _path(jieba: Any) -> Path:
    """Named after what the dictionary is built from, so a new jieba or dictionary gets a new file."""
    source = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = source.stat()
    key = hashlib.sha1(f"{jieba.__version__}:{source}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    return Path(user_cache_dir("bitext", appauthor=False)) / f"jieba-{key[:16]}.sqlite"


def _build(jieba: Any, path: Path) -> None:
    """Written under a temporary name and renamed, so a reader never sees half a dictionary."""
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.dt.get_dict_file())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        with conn:
            conn.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            conn.executemany("INSERT INTO freq VALUES (?, ?)", freq.items())
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)", [("total", total), ("longest", max(map(len, freq), default=1))]
            )
        conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
