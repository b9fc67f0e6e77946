"""Term candidates of one sentence bead: English n-grams and Chinese n-grams of jieba words.

No part-of-speech tagger: terms in these interviews are noun phrases, and a noun phrase rarely starts or
ends with a function word, so n-grams trimmed by stopword lists get most of the way at a fraction of the
cost. What a tagger would add (rejecting "models get") the association with the Chinese side mostly does
anyway, because such fragments have no stable rendering.

Each candidate is reported under a key (case-folded, last English word singular) so that "Agents" and
"agent" are counted together; the surface as written is kept for display and for the concept it becomes.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import jieba

from glossary.mining.stopwords import (
    CHINESE_PREFIXES,
    CHINESE_STOPWORDS,
    ENGLISH_ABBREVIATIONS,
    ENGLISH_GENERIC,
    ENGLISH_STOPWORDS,
)
from glossary.normalise import fold_case, normalise

EN_MAX_WORDS = 4
ZH_MAX_WORDS = 3

# A Latin token: GPT-4o, o1-preview, SWE-bench, 3.5, R&D, OpenAI's (the possessive is split off later).
_LATIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|[-.'’&+/](?=[A-Za-z0-9])|(?<=[0-9]),(?=[0-9]))*"
_EN_TOKEN = re.compile(rf"{_LATIN}|\S")
# Chinese text: Latin tokens, runs of CJK characters, name dots (鲍勃·麦克格鲁) and anything else.
_ZH_TOKEN = re.compile(rf"(?P<latin>{_LATIN})|(?P<cjk>[\u3400-\u9fff\uf900-\ufaff]+)|(?P<dot>[·•・])|(?P<space>\s+)|.")
# Numbers, including "100,000x", "20%" and "1990s", which are never terms on their own.
_NUMBER = re.compile(r"[\d.,]+(?:x|%|s|st|nd|rd|th)?", re.IGNORECASE)
# Lower-case single words ending so are adverbs, participles, superlatives and adjectives, not concepts.
_NOT_NOUN_ENDINGS = ("ly", "ed", "est", "ful", "ous", "ive", "able", "ible")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate found in one sentence: ``key`` is what is counted, ``surface`` what was written.

    ``at`` is where it starts as a share of the text's length: word order mostly survives translation, so
    a rendering far from its English in the other sentence is more likely a coincidence than a translation.
    """

    key: str
    surface: str
    at: float


def english_candidates(text: str) -> list[Candidate]:
    """English n-grams of 1-4 words that could be terms, in text order (repeats included)."""
    out: list[Candidate] = []
    norm = normalise(text).text
    for chunk in _english_chunks(norm):
        words_of = [word for word, _ in chunk]
        for i in range(len(chunk)):
            if _en_edge_bad(words_of[i]) or _NUMBER.fullmatch(words_of[i]):
                continue
            at = chunk[i][1] / len(norm)
            for j in range(i + 1, min(i + EN_MAX_WORDS, len(chunk)) + 1):
                words = words_of[i:j]
                if _en_edge_bad(words[-1]) or not _en_acceptable(words):
                    continue
                out.append(Candidate(english_key(words), " ".join(words), at))
    return out


def english_form_key(form: str) -> str:
    """The key a glossary form would be counted under, so "agents" in the text is covered by "agent"."""
    return english_key([word for chunk in _english_chunks(normalise(form).text) for word, _ in chunk])


def chinese_form_key(form: str) -> str:
    """The key of a Chinese candidate written as ``form`` (a glossary rendering, say)."""
    return fold_case(normalise(form).text)


def english_key(words: list[str]) -> str:
    """Case-folded with the last word made singular, so a term and its plural are one candidate."""
    folded = [w.casefold() for w in words]
    if folded:
        folded[-1] = _singular(folded[-1])
    return " ".join(folded)


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def _english_chunks(text: str) -> Iterator[list[tuple[str, int]]]:
    """Runs of (word, offset) between punctuation; a contraction (don't) ends a run like punctuation does."""
    chunk: list[tuple[str, int]] = []
    for match in _EN_TOKEN.finditer(text):
        token = match.group()
        word = _POSSESSIVE.sub("", token)
        if not word[0].isalnum() or "'" in word or "’" in word:
            if chunk:
                yield chunk
            chunk = []
            continue
        chunk.append((word, match.start()))
        if word != token:  # a possessive ends the phrase: "OpenAI's model" is not a term
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _en_edge_bad(word: str) -> bool:
    folded = word.casefold()
    return folded in ENGLISH_STOPWORDS or folded in ENGLISH_ABBREVIATIONS


def _en_acceptable(words: list[str]) -> bool:
    """Inner stopwords only as in "chain of thought" or "state of the art"; generic words only inside.

    A generic word at an edge makes a compositional phrase ("tech company", "new technology", "smart
    people") that translators render word by word and a glossary does not need.
    """
    inner = [w.casefold() for w in words[1:-1]]
    for k, word in enumerate(inner):
        if word in ENGLISH_STOPWORDS and not (word == "of" or (word == "the" and k and inner[k - 1] == "of")):
            return False
    if len(words) == 1:
        word = words[0]
        if word.islower() and (word in ENGLISH_GENERIC or _not_a_noun(word)):
            return False
        return len(word) > 1 or word.isupper()
    first, last = words[0], words[-1]
    if any(w.islower() and (w in ENGLISH_GENERIC or w.endswith("ly")) for w in (first, last)):
        return False
    return not (last.islower() and last.endswith("ed"))


def _not_a_noun(word: str) -> bool:
    """By its ending, with a stem of three letters or more, so "test" and "need" stay in."""
    return any(word.endswith(end) and len(word) - len(end) >= 3 for end in _NOT_NOUN_ENDINGS)


class ChineseSegmenter:
    """jieba with every glossary rendering added as a word, so a known term is never cut in two.

    Each segmenter has its own copy of jieba's word table: adding a glossary's words to the global
    tokenizer would change how every other jieba user in the process (the lexical scorer) cuts text.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        base = _base_tokenizer()
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ = dict(base.FREQ)
        self._jieba.total = base.total
        self._jieba.initialized = True
        for word in words:
            if word.strip():
                self._jieba.add_word(word.strip())

    def words(self, text: str) -> list[list[str]]:
        """Runs of words between punctuation; Latin tokens kept whole, ``·`` kept as a joiner."""
        return [[word for word, _ in chunk] for chunk in self._chunks(normalise(text).text)]

    def _chunks(self, text: str) -> list[list[tuple[str, int]]]:
        chunks: list[list[tuple[str, int]]] = []
        chunk: list[tuple[str, int]] = []
        for match in _ZH_TOKEN.finditer(text):
            kind = match.lastgroup
            if kind == "latin":
                chunk.append((_POSSESSIVE.sub("", match.group()), match.start()))
            elif kind == "cjk":
                start = match.start()
                for word in self._jieba.lcut(match.group(), HMM=True):
                    chunk.append((word, start))
                    start += len(word)
            elif kind == "dot":
                chunk.append(("·", match.start()))
            elif kind != "space":
                if chunk:
                    chunks.append(chunk)
                chunk = []
        if chunk:
            chunks.append(chunk)
        return chunks

    def candidates(self, text: str) -> list[Candidate]:
        """Chinese n-grams of 1-3 words (a name dot not counted) that could be renderings of a term."""
        out: list[Candidate] = []
        norm = normalise(text).text
        for located in self._chunks(norm):
            chunk = [word for word, _ in located]
            for i in range(len(chunk)):
                if _zh_edge_bad(chunk[i]) or _NUMBER.fullmatch(chunk[i]):
                    continue
                lone = len(chunk[i]) == 1 and chunk[i] not in CHINESE_PREFIXES
                size = 0
                for j in range(i, len(chunk)):
                    size += chunk[j] != "·"
                    if size > ZH_MAX_WORDS:
                        break
                    if _zh_edge_bad(chunk[j]) or _NUMBER.fullmatch(chunk[j]):
                        continue
                    words = chunk[i : j + 1]
                    if lone or (j == i and chunk[i] in CHINESE_PREFIXES):
                        continue  # a prefix starts a word (预 in 预训练) but is no rendering on its own
                    if any(w in CHINESE_STOPWORDS for w in words[1:-1]):
                        break  # 山姆的AI: a term does not run across 的, and no longer n-gram from here will
                    surface = _join(words)
                    out.append(Candidate(fold_case(surface), surface, located[i][1] / len(norm)))
        return out


def _zh_edge_bad(word: str) -> bool:
    return word == "·" or word in CHINESE_STOPWORDS or word.casefold() in ENGLISH_STOPWORDS


def _join(words: list[str]) -> str:
    """Chinese words run together; a space only between two Latin tokens (Dota 2, Bob McGrew)."""
    out = words[0]
    for previous, word in itertools.pairwise(words):
        out += " " + word if previous[-1].isascii() and word[0].isascii() else word
    return out


def jieba_frequency(word: str) -> int:
    """How common ``word`` is in jieba's general-language dictionary; 0 for words it does not know."""
    return _base_tokenizer().FREQ.get(word) or 0


@cache
def _base_tokenizer() -> jieba.Tokenizer:
    """jieba's default dictionary, loaded once per process (about half a second from its cache file)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer
