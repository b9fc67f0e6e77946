"""A per-sentence translation cache in the workspace, so an interrupted or repeated run translates only what
it has not translated before (CPU translation of a 20,000-character article takes minutes).

The table belongs to this package, not to the workspace schema: it is created on first use and holds nothing
another stage needs, so dropping it only costs time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from align.embeddings import text_hash
from align.mt.translator import Translator
from align.workspace import Workspace

CREATE = "CREATE TABLE IF NOT EXISTS mt_cache(model TEXT, hash TEXT, text TEXT, PRIMARY KEY(model, hash))"
CHUNK = 500
Progress = Callable[[int, int], None]


class MTCache:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        with ws.transaction() as cur:
            cur.execute(CREATE)

    def get_many(self, model: str, hashes: Iterable[str]) -> dict[str, str]:
        keys = list(hashes)
        found: dict[str, str] = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT hash, text FROM mt_cache WHERE model=? AND hash IN ({marks})"
            found.update(self.ws.conn.execute(sql, [model, *chunk]).fetchall())
        return found

    def put_many(self, model: str, items: Mapping[str, str]) -> None:
        with self.ws.transaction() as cur:
            cur.executemany(
                "INSERT OR REPLACE INTO mt_cache VALUES (?, ?, ?)", [(model, h, t) for h, t in items.items()]
            )


class CachedTranslator:
    """Asks the cache first, translates each missing distinct text once, and stores every batch as it ends."""

    def __init__(self, translator: Translator, cache: MTCache) -> None:
        self.translator = translator
        self.cache = cache
        self.translated = 0
        self.reused = 0

    @property
    def name(self) -> str:
        return self.translator.name

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """`progress(done, total)` counts only the texts that go through the model."""
        hashes = [text_hash(t) for t in texts]
        found = self.cache.get_many(self.name, set(hashes))
        missing = list({h: t for h, t in zip(hashes, texts, strict=True) if h not in found and t.strip()}.items())
        self.reused += sum(1 for h in hashes if h in found)
        if progress:
            progress(0, len(missing))
        done = 0

        def store(indices: list[int], outputs: list[str]) -> None:
            nonlocal done
            batch = {missing[i][0]: out for i, out in zip(indices, outputs, strict=True)}
            self.cache.put_many(self.name, batch)
            found.update(batch)
            done += len(indices)
            if progress:
                progress(done, len(missing))

        self.translator.translate([t for _, t in missing], on_batch=store)
        self.translated += len(missing)
        return [found.get(h, "") for h in hashes]
