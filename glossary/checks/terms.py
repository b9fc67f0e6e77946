"""Glossary checks (missing, forbidden, inconsistent renderings) and lost names and acronyms."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator

from glossary.checks.base import Check, Context, Flag, Pair
from glossary.model import Concept

NAME_DOMAINS = frozenset({"person", "organisation", "model", "product", "benchmark"})
MUST_SURVIVE = frozenset({"model", "product", "benchmark"})
ACRONYM_OR_MODEL = re.compile(
    r"(?<![\w-])(?:[A-Z]{2,}[A-Za-z0-9]*(?:-[A-Za-z0-9.]*[A-Za-z0-9])*|[A-Za-z]+-?\d(?:[\w.-]*\w)?)(?![\w-])"
)
# Every ACRONYM_OR_MODEL match has a digit or two capitals in a row: two plain scans cost a fraction of its
# look-behind at every character, and most sentences have neither.
HAS_DIGIT = re.compile(r"\d")
HAS_CAPITALS = re.compile(r"[A-Z]{2}")
COMMON_ACRONYMS = frozenset({"OK", "AM", "PM", "TV", "US", "UK", "CEO", "I"})
FOLD_OUT = re.compile(r"[\s\-_.·]")


def _concept(ctx: Context, concept_id: str):
    return ctx.index.concepts[concept_id]


def _is_name(ctx: Context, concept_id: str) -> bool:
    """A proper name: a name-like domain AND written like a name (o1, GPT-4o, Alex Karp), so that frontier
    model, the platform or benchmark, which share those domains, are judged as terms instead. Asked for every
    term in every pair, so answered once per concept per run."""
    names: dict[str, bool] = ctx.data.setdefault("is_name", {})
    if concept_id not in names:
        concept = _concept(ctx, concept_id)
        proper = concept.case_sensitive or concept.en[:1].isupper() or any(ch.isdigit() for ch in concept.en)
        names[concept_id] = proper and bool(NAME_DOMAINS.intersection(concept.domain))
    return names[concept_id]


def term_matches(pair: Pair, ctx: Context) -> tuple[dict[str, list], dict[str, list]]:
    """English and Chinese matches grouped by concept, computed once per pair per run."""
    cache = ctx.data.setdefault("term_matches", {})
    key = (pair.en, pair.zh)
    if key not in cache:
        en: dict[str, list] = defaultdict(list)
        zh: dict[str, list] = defaultdict(list)
        for m in ctx.index.find_en(pair.en):
            en[m.concept_id].append(m)
        for m in ctx.index.find_zh(pair.zh):
            zh[m.concept_id].append(m)
        cache[key] = (en, zh)
    return cache[key]


def _technical(concept: Concept, term: str | None = None) -> bool:
    """Terms a translator must render the approved way; common words (vision, startup, researcher) have many good
    renderings. Judged on the English actually matched when known, since one concept lists both kinds."""
    common = {"general", "business"}.issuperset(concept.domain) or not concept.domain
    word = term or concept.en
    return not common and (concept.case_sensitive or " " in word or "-" in word or word.isupper())


def _missing(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if ctx.index is None or not pair.zh_sentences:
        return
    en, zh = term_matches(pair, ctx)
    for cid, ms in en.items():
        concept = _concept(ctx, cid)
        if concept.status in {"deprecated", "forbidden"} or _is_name(ctx, cid):
            continue
        if zh.get(cid):
            continue  # rendered, or rendered wrongly, which glossary.forbidden reports
        yield MISSING.flag(
            pair,
            f"{concept.en!r} should be rendered {concept.zh}",
            severity="warning" if _technical(concept) else "info",
            suggestion=concept.zh,
            en_spans=[(m.start, m.end) for m in ms],
            evidence={"concept": cid, "admitted": list(concept.zh_admitted), "note": concept.note},
            key=cid,
        )


def _forbidden(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if ctx.index is None or not pair.en_sentences:
        return
    en, zh = term_matches(pair, ctx)
    for cid, ms in zh.items():
        bad = [m for m in ms if m.kind == "forbidden"]
        if not bad or cid not in en:
            continue
        concept = _concept(ctx, cid)
        yield FORBIDDEN.flag(
            pair,
            f"{bad[0].surface} is a misleading rendering of {concept.en!r}; use {concept.zh}"
            + (f" ({concept.note})" if concept.note else ""),
            suggestion=concept.zh,
            zh_spans=[(m.start, m.end) for m in bad],
            en_spans=[(m.start, m.end) for m in en[cid]],
            evidence={"concept": cid, "rendering": bad[0].surface},
            key=f"{cid}:{bad[0].surface}",
        )


Renderings = tuple[dict[tuple[str, str, str], Counter[str]], dict[tuple[str, str], Counter[str]]]


def _tally_renderings(pairs: list[Pair], ctx: Context) -> Renderings:
    """How often each allowed rendering of each English term is used, per document and in the corpus."""
    per_doc: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    corpus: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    if ctx.index is None:
        return per_doc, corpus
    for pair in pairs:
        if not pair.en_sentences or not pair.zh_sentences:
            continue
        en, zh = term_matches(pair, ctx)
        for cid, ems in en.items():
            if cid not in zh:
                continue
            term = _lemma(ems[0].term)
            for m in zh[cid]:
                if m.kind != "forbidden":
                    per_doc[(pair.doc_id, cid, term)][m.surface] += 1
                    corpus[(cid, term)][m.surface] += 1
    return per_doc, corpus


def _combine_renderings(tallies: list[Renderings], ctx: Context) -> None:
    """Which rendering each document (and the corpus) mostly uses. Counts are added in the parts' order, so
    ties are broken by first use exactly as one tally of all the pairs breaks them."""
    per_doc: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    corpus: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for part_doc, part_corpus in tallies:
        for key, counts in part_doc.items():
            per_doc[key].update(counts)
        for key, counts in part_corpus.items():
            corpus[key].update(counts)
    ctx.data["renderings_doc"] = per_doc
    ctx.data["renderings_top"] = {key: counts.most_common(1)[0] for key, counts in per_doc.items()}
    ctx.data["renderings_corpus"] = corpus


def _latin(text: str) -> bool:
    return text.isascii()


def _lemma(term: str) -> str:
    """agent and agents are one English word; ship and launch are two."""
    folded = term.casefold()
    return folded[:-1] if folded.endswith("s") and not folded.endswith("ss") else folded


def _variant_of(a: str, b: str) -> bool:
    """机器人 / 机器人技术, 长上下文 / 长的上下文: the same word, longer or with 的, is not another rendering."""
    a, b = a.replace("的", ""), b.replace("的", "")
    return a in b or b in a


def _inconsistent(pair: Pair, ctx: Context) -> Iterator[Flag]:
    """Renderings of one English term that differ from the document's usual one. Keeping the English (AI,
    Computer Use), a longer form of the same word and a gloss next to the usual form are not inconsistent; and
    different English words of one concept (ship / launch) are compared only with themselves."""
    if ctx.index is None or not pair.en_sentences:
        return
    per_doc = ctx.data.get("renderings_doc", {})
    tops = ctx.data.get("renderings_top", {})
    corpus = ctx.data.get("renderings_corpus", {})
    en, zh = term_matches(pair, ctx)
    for cid, ems in en.items():
        if cid not in zh:
            continue
        term = _lemma(ems[0].term)
        used = [m for m in zh[cid] if m.kind != "forbidden"]
        key = (pair.doc_id, cid, term)
        if not used or key not in tops:
            continue
        top, top_n = tops[key]
        if any(m.surface == top for m in used):
            continue
        counts = per_doc[key]
        odd = [
            m
            for m in used
            if counts[m.surface] < top_n
            and not _latin(m.surface)
            and not _latin(top)
            and not _variant_of(m.surface, top)
        ]
        if not odd:
            continue
        m = odd[0]
        concept = _concept(ctx, cid)
        others = ", ".join(f"{s} ×{n}" for s, n in counts.most_common())
        corpus_top = corpus[(cid, term)].most_common(1)[0][0] if corpus.get((cid, term)) else top
        yield INCONSISTENT.flag(
            pair,
            f"{ems[0].surface!r} is rendered {m.surface} here but {top} elsewhere in this document ({others})",
            severity="warning" if _technical(concept, ems[0].term) and m.surface != concept.zh else "info",
            suggestion=top,
            zh_spans=[(x.start, x.end) for x in odd],
            evidence={"concept": cid, "document": dict(counts), "corpus_majority": corpus_top},
            key=f"{cid}:{term}:{m.surface}",
        )


def _fold(text: str) -> str:
    return FOLD_OUT.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _lost(pair: Pair, ctx: Context) -> Iterator[Flag]:
    if not pair.en_sentences or not pair.zh_sentences:
        return
    covered: list[tuple[int, int]] = []
    zh_fold = ""  # folded when a name or acronym is first looked for: most pairs have neither
    if ctx.index is not None:
        en, zh = term_matches(pair, ctx)
        for cid, ms in en.items():
            covered += [(m.start, m.end) for m in ms]
            if not _is_name(ctx, cid) or zh.get(cid):
                continue
            concept = _concept(ctx, cid)
            forms = {ms[0].surface, concept.en, *concept.en_variants, *concept.zh_admitted, concept.zh}
            zh_fold = zh_fold or _fold(pair.zh)
            if any(f and _fold(f) in zh_fold for f in forms):
                continue
            must = bool(MUST_SURVIVE.intersection(concept.domain))
            yield LOST.flag(
                pair,
                f"{ms[0].surface} is not in the Chinese (expected {concept.zh or concept.en})",
                severity="error" if must else "warning",
                suggestion=concept.zh or concept.en,
                en_spans=[(m.start, m.end) for m in ms],
                evidence={"concept": cid},
                key=cid,
            )
    if not HAS_DIGIT.search(pair.en) and not HAS_CAPITALS.search(pair.en):
        return
    for m in ACRONYM_OR_MODEL.finditer(pair.en):
        token = m.group()
        if token in COMMON_ACRONYMS or any(s <= m.start() < e for s, e in covered):
            continue
        folded = _fold(token)
        zh_fold = zh_fold or _fold(pair.zh)
        if folded in zh_fold or (folded.endswith("s") and folded[:-1] in zh_fold):
            continue
        if ctx.index is not None and token.endswith("s") and ctx.index.find_en(token[:-1]):
            continue  # "AIs", "LLMs": the glossary knows the singular, and glossary checks judged its rendering
        yield LOST.flag(
            pair,
            f"{token} is not in the Chinese",
            # Without a digit it may be an ordinary acronym with a Chinese word (IQ -> 智商): a hint, not a finding.
            severity="warning" if any(ch.isdigit() for ch in token) else "info",
            en_spans=[m.span()],
            suggestion=token,
            key=token,
        )


MISSING = Check("glossary.missing", "warning", "terminology", "approved term not used", _missing)
FORBIDDEN = Check("glossary.forbidden", "error", "terminology", "forbidden rendering used", _forbidden)
INCONSISTENT = Check(
    "glossary.inconsistent",
    "warning",
    "terminology",
    "one term rendered several ways",
    _inconsistent,
    tally=_tally_renderings,
    combine=_combine_renderings,
)
LOST = Check("entity.lost", "warning", "accuracy/name", "name, acronym or model lost in the Chinese", _lost)
CHECKS = [MISSING, FORBIDDEN, INCONSISTENT, LOST]
