"""Candidate concepts the glossary does not have yet, ranked for a terminology owner to accept or reject.

Ranking is association times evidence times place agreement times termhood:

* association (Dice of bead counts) finds renderings that keep company with the English;
* evidence (log of the number of shared beads) puts a pair seen twenty times above one seen twice;
* place agreement: a rendering starts at about the same share of its sentence as the English does, which
  is what separates the translation from a phrase that merely recurs in the same two beads;
* termhood discounts what is merely vocabulary. Interviews translate "people" as 人们 just as consistently
  as "pre-training" as 预训练, and only the second belongs in a glossary. jieba's dictionary frequency is
  the cheap signal: everyday words are in it with high counts, new technical compounds are not. A name
  the translators left in Latin (Slack, o2) counts for more: its spelling is what a glossary pins down.

A suggestion is one English candidate with its best Chinese partner; each Chinese partner is used once (the
best-scoring English keeps it), and an English n-gram that nearly always occurs inside a longer candidate
is dropped in favour of the longer one ("voice mode", not "mode") unless the Chinese leaves the rest of
the longer one to a rendering of its own ("chain of thought", not "coherent chain of thought"). Left out
as already covered: any form of a glossary term on either side (so "agents" whose usual partner is 智能体
is a variant, not news), and a known term or a multi-word candidate with a modifier on both sides ("raw
neural network", 原始神经网络).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.errors import InputError
from glossary.mining.candidates import english_key, jieba_frequency
from glossary.mining.corpus import BeadLike, Example, MinedBead, MinedCorpus, mine
from glossary.model import Concept
from glossary.termbase import load_terms, save_terms

MIN_BEADS = 2
EXAMPLES = 3
NESTED_SHARE = 0.75  # a shorter candidate seen mostly inside a longer one is the longer one
SAME_SHARE = 0.5  # ... and a shorter one whose rendering mostly comes from a longer one, too
COMMON_WORD = 20  # jieba count from which a Chinese word starts to look like everyday vocabulary
SINGLE_WORD = 0.5  # a lower-case single word is more often vocabulary than a new concept
KEPT_AS_IS = 1.25  # a name the translators left in Latin: exactly what a glossary pins down
SHORTLIST = 8  # renderings, by association, whose position in the sentence is compared
SAME_PLACE = 0.2  # positions this close (as shares of sentence length) count as the same place


@dataclass(frozen=True)
class Suggestion:
    """A proposed concept: English and Chinese as most often written, the evidence, and example pairs."""

    en: str
    zh: str
    score: float
    dice: float
    llr: float
    beads: int
    en_beads: int
    zh_beads: int
    en_variants: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "en": self.en,
            "zh": self.zh,
            "en_variants": list(self.en_variants),
            "score": round(self.score, 4),
            "dice": round(self.dice, 4),
            "llr": round(self.llr, 2),
            "beads": self.beads,
            "en_beads": self.en_beads,
            "zh_beads": self.zh_beads,
            "examples": [e.to_dict() for e in self.examples],
        }

    def to_concept(self, concept_id: str) -> Concept:
        note = f"suggested from {self.beads} sentence pairs (dice {self.dice:.2f})"
        return Concept(id=concept_id, en=self.en, en_variants=self.en_variants, zh=self.zh, note=note)


def suggest(pairs: Iterable[BeadLike], concepts: Sequence[Concept], top: int = 50) -> list[Suggestion]:
    """The ``top`` best new concepts in ``pairs``, best first."""
    return suggest_from(mine(pairs, concepts, MIN_BEADS), top)


def suggest_from(corpus: MinedCorpus, top: int = 50) -> list[Suggestion]:
    """Suggestions from an already mined corpus, for callers that also want the variant report."""
    counts = corpus.counts
    partners: dict[str, list[str]] = {}
    for (en, zh), n in counts.joint.items():
        if n >= MIN_BEADS:
            partners.setdefault(en, []).append(zh)
    renderings = _Renderings(corpus, partners)
    best: dict[str, str] = {}
    for candidate in _outermost(partners, counts.en) - _first_names(corpus):
        en = _rendered_part(renderings, candidate, renderings.best(candidate)[0])
        if en is None or en in corpus.glossary_en:
            continue
        best[en] = renderings.best(en)[0]
    sharing: dict[str, list[str]] = {}
    for en, zh in best.items():
        sharing.setdefault(zh, []).append(en)
    scored: list[tuple[float, str, str]] = []
    for en, zh in best.items():
        if (
            zh in corpus.glossary_zh
            or _inside_same_rendering(corpus, en, zh, sharing[zh])
            or _composed(corpus, en, zh)
            or _extends(best, en, zh)
        ):
            continue  # a glossary term's variant or extension, a piece of a longer candidate, or an extension of one
        score = _association(corpus, en, zh) * renderings.best(en)[1] * _termhood(corpus, en, zh)
        scored.append((score, en, zh))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out: list[Suggestion] = []
    taken: set[str] = set()
    for score, en, zh in scored:
        if zh in taken:
            continue
        taken.add(zh)
        out.append(_suggestion(corpus, renderings.beads[en], score, en, zh))
        if len(out) == top:
            break
    return out


class _Renderings:
    """Each English candidate's best Chinese partner and how well their places agree, worked out on demand.

    The best partner is the one with the highest association times place agreement, among the few with the
    highest association; at equal scores the longer one, since a rendering's pieces score as high as it
    (and then the same one on every run, whatever order the counts came in).
    """

    def __init__(self, corpus: MinedCorpus, partners: dict[str, list[str]]) -> None:
        self.corpus = corpus
        self.partners = partners
        self.beads = _beads_with(corpus, set(partners))
        self._best: dict[str, tuple[str, float]] = {}

    def best(self, en: str) -> tuple[str, float]:
        if en not in self._best:
            corpus = self.corpus
            shortlist = sorted(self.partners[en], key=lambda z: (_association(corpus, en, z), len(z), z), reverse=True)
            placed = [(z, _agreement(self.beads[en], en, z)) for z in shortlist[:SHORTLIST]]
            self._best[en] = max(placed, key=lambda p: (_association(corpus, en, p[0]) * p[1], len(p[0]), p[0]))
        return self._best[en]

    def parts(self, en: str) -> list[str]:
        """The shorter candidates inside ``en`` that have partners of their own, shortest first."""
        found = {key for key in _inner_keys(en) if key in self.partners}
        return sorted(found, key=lambda key: (len(key.split()), key))


def _inner_keys(en: str, smallest: int = 1) -> Iterator[str]:
    """The keys of the shorter phrases inside the candidate ``en``, of at least ``smallest`` words."""
    words = en.split()
    for size in range(smallest, len(words)):
        for i in range(len(words) - size + 1):
            yield english_key(words[i : i + size])


def _rendered_part(renderings: _Renderings, en: str, zh: str) -> str | None:
    """The part of ``en`` that ``zh`` renders, when another part has its own rendering beside it; else ``en``.

    In "coherent chain of thought" → 思维链 the "coherent" is rendered apart (连贯的思维链), so the concept is
    "chain of thought"; in "cutting-edge AI" → 尖端 the AI is rendered apart and what is left is an
    adjective that never reaches the list on its own. None when no part outside the ones rendered apart has
    ``zh`` as its rendering.
    """
    joint = renderings.corpus.counts.joint
    parts = renderings.parts(en)
    apart: set[str] = set()
    for part in parts:
        other = renderings.best(part)[0]
        if other not in zh and zh not in other and joint[en, other] >= joint[en, zh]:
            apart.update(part.split())
    if not apart:
        return en
    rendered = [part for part in parts if renderings.best(part)[0] == zh and not apart & set(part.split())]
    return max(rendered, key=lambda part: len(part.split())) if rendered else None


def _beads_with(corpus: MinedCorpus, keys: set[str]) -> dict[str, list[MinedBead]]:
    """The beads each English key occurs in."""
    found: dict[str, list[MinedBead]] = {key: [] for key in keys}
    for bead in corpus.beads:
        for key in bead.en.keys() & keys:
            found[key].append(bead)
    return found


def _agreement(beads: list[MinedBead], en: str, zh: str) -> float:
    """1 less the mean distance between where the English and the Chinese start in their sentences.

    Among renderings seen as often, this is what tells the translation (灵活性 for "flexibility", mid-sentence
    on both sides) from a phrase that merely recurs in the same two beads (一次不同, "this one is different",
    which opens both Chinese sentences). Closer than SAME_PLACE counts as the same place, so that a rendering
    and its own first word (人工智能基础设施, 人工智能) do not compete on a few characters.
    """
    if zh == en:
        return 1.0  # the same string on both sides: a name kept in Latin needs no evidence from its place
    gaps = [max(0.0, abs(bead.en_at[en] - bead.zh_at[zh]) - SAME_PLACE) for bead in beads if zh in bead.zh]
    return 1 - sum(gaps) / len(gaps) if gaps else 0.0


def _outermost(partners: dict[str, list[str]], en_counts: dict[str, int]) -> set[str]:
    """Candidates not mostly seen inside a longer candidate that also has partners."""
    keep = set(partners)
    for longer in partners:
        for inner in _inner_keys(longer):
            if inner in keep and en_counts[longer] >= NESTED_SHARE * en_counts[inner]:
                keep.discard(inner)
    return keep


def _association(corpus: MinedCorpus, en: str, zh: str) -> float:
    """Dice weighted by the evidence: ten shared beads out of ten beat two out of two."""
    return corpus.counts.dice(en, zh) * math.log2(1 + corpus.counts.joint[en, zh])


def _inside_same_rendering(corpus: MinedCorpus, en: str, zh: str, rivals: list[str]) -> bool:
    """True for "neural" when "neural network" has the same rendering in most of its pairs: that is the term.

    ``rivals`` are the English candidates whose best rendering is also ``zh``.
    """
    padded = f" {en} "
    joint = corpus.counts.joint
    return any(
        other != en and padded in f" {other} " and joint[other, zh] >= SAME_SHARE * joint[en, zh] for other in rivals
    )


def _composed(corpus: MinedCorpus, en: str, zh: str) -> bool:
    """A known term with a modifier on both sides ("raw neural network", 原始神经网络): the glossary already
    says how to translate it, and listing every such phrase would bury the new concepts."""
    en_ids = {m.concept_id for m in corpus.index.find_en(corpus.en_surface(en))}
    return bool(en_ids) and any(m.concept_id in en_ids for m in corpus.index.find_zh(corpus.zh_surface(zh)))


def _extends(best: dict[str, str], en: str, zh: str) -> bool:
    """A multi-word candidate with a modifier on both sides ("large-scale inference compute", 大规模推理计算).

    The same reasoning as for a glossary term, applied before the owner accepts the shorter one: once
    "inference compute" is in the glossary the longer one would be dropped, so it should not crowd the list
    now. A single-word head is not enough: "video model" is a concept of its own, not "model" with a modifier.
    """
    return any(inner in best and best[inner] in zh for inner in _inner_keys(en, smallest=2))


def _first_names(corpus: MinedCorpus) -> set[str]:
    """Capitalised words seen starting a longer name (Noam in Noam Brown): a first name alone is no term."""
    names: set[str] = set()
    for forms in corpus.en_surfaces.values():
        for form in forms:
            words = form.split()
            if len(words) >= 2 and all(w.isalpha() and w[0].isupper() and not w.isupper() for w in words):
                names.add(words[0].casefold())
    return names


def _termhood(corpus: MinedCorpus, en: str, zh: str) -> float:
    """1 for a technical-looking pair, less the more the Chinese is everyday vocabulary.

    A product-like English name (a digit, or capitals beyond the first letter: GPT-4, o1, OpenAI, AGI)
    counts as technical whatever the Chinese, since those are exactly what translators get inconsistent.
    A plain capitalised word is judged by its Chinese like any other: English → 英语 is vocabulary.
    """
    surface = corpus.en_surface(en)
    if zh == en:
        return KEPT_AS_IS
    if any(ch.isdigit() for ch in surface) or any(ch.isupper() for word in surface.split() for ch in word[1:]):
        return 1.0
    frequency = jieba_frequency(corpus.zh_surface(zh))
    single = SINGLE_WORD if surface.islower() and " " not in surface else 1.0
    return single / (1 + math.log10(1 + frequency / COMMON_WORD))


def _suggestion(corpus: MinedCorpus, en_beads: list[MinedBead], score: float, en: str, zh: str) -> Suggestion:
    """``en_beads``: the beads ``en`` occurs in, in corpus order."""
    counts = corpus.counts
    en_forms = [form for form, _ in corpus.en_surfaces[en].most_common()]
    headword = next((form for form in en_forms if english_key(form.split()) == form.casefold()), en_forms[0])
    seen = {headword.casefold()}
    variants: list[str] = []
    for form in en_forms:  # most common first; "Researchers" at a sentence start adds nothing to "researchers"
        if form.casefold() not in seen:
            seen.add(form.casefold())
            variants.append(form)
    zh_surface = corpus.zh_surface(zh)
    if zh_surface.casefold() == headword.casefold():
        zh_surface = headword  # a name kept in Latin script: the source's spelling, not a translator's slip
    examples = tuple(b.example for b in en_beads if zh in b.zh)[:EXAMPLES]
    return Suggestion(
        en=headword,
        zh=zh_surface,
        score=score,
        dice=counts.dice(en, zh),
        llr=counts.llr(en, zh),
        beads=counts.joint[en, zh],
        en_beads=counts.en[en],
        zh_beads=counts.zh[zh],
        en_variants=tuple(variants),
        examples=examples,
    )


def accept_suggestion(path: str | Path, suggestion: Suggestion) -> Concept:
    """Append ``suggestion`` to the glossary at ``path`` as a new concept, atomically, and return it.

    The id is made from the English; if it is taken a number is added, so accepting never overwrites.
    Accepting an English term the glossary already has is refused: the TUI's list may be stale.
    """
    concepts = load_terms(path)
    wanted = suggestion.en.casefold()
    for concept in concepts:
        if wanted in {form.casefold() for form in (concept.en, *concept.en_variants)}:
            raise InputError(path, None, f"{suggestion.en!r} is already in the glossary as {concept.id!r}")
    taken = {c.id for c in concepts}
    base = _slug(suggestion.en) or "concept"
    concept_id = base
    n = 2
    while concept_id in taken:
        concept_id = f"{base}-{n}"
        n += 1
    concept = suggestion.to_concept(concept_id)
    save_terms(path, [*concepts, concept])
    return concept


def _slug(text: str) -> str:
    return "-".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())
