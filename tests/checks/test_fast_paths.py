"""The shortcuts taken for speed (rule prefilter, batched rules, lazy segmentation, the repetition gate, forked
workers) give exactly the flags the long way gives."""

from __future__ import annotations

import os
import random
import re
import sys
import threading

import pytest

from glossary import numerals
from glossary.checks import repetition, runner, segment
from glossary.checks.base import Check, Context, Flag, Pair
from glossary.checks.qa import load_resources
from glossary.checks.runner import run_checks, runs, select_checks
from glossary.checks.terms import INCONSISTENT
from glossary.model import Rule
from glossary.normalise import re_fold
from glossary.rules import RulePrefilter, compile_rule, compile_rules, evaluate, load_rules, required_literals
from glossary.termbase import default_rules_path
from tests.checks.gold import gold_pairs
from tests.checks.test_checks import pair


def bundled_rules() -> list:
    path = default_rules_path()
    return compile_rules(load_rules(path), path)


def fired(rules: list, en: str, zh: str) -> list[int]:
    return [i for i, r in enumerate(rules) if evaluate(r, en, zh)]


# ---------------------------------------------------------------- rule prefilter


@pytest.mark.parametrize(
    ("pattern", "flags", "literals"),
    [
        ("谷歌(?:证明|验证)", 0, {("谷歌", False)}),
        ("推断|推论", 0, {("推", False)}),
        (r"\bcaveats?\b", re.I, {("caveat", True)}),
        (r"(?-i:\bPRs?\b)|pull requests?", re.I, {("PR", False), ("pull request", True)}),
        (r"(?:\d+|[十百千万])次", 0, {("次", False)}),
        (r"[O0][1-9]", 0, {("0", False), ("O", False)}),
        (r"GPT", 0, {("GPT", False)}),
        (r"Ünïcode", re.I, {("code", True)}),  # cased non-ASCII letters under IGNORECASE are not looked for
    ],
)
def test_required_literals(pattern: str, flags: int, literals: set) -> None:
    assert required_literals(re.compile(pattern, flags)) == literals


@pytest.mark.parametrize("pattern", [r"\d+", r"[^，]{5}", r"(?:abc)?", r"a|\d", "", r"(?<=x)."])
def test_patterns_without_required_literals_are_always_tried(pattern: str) -> None:
    assert required_literals(re.compile(pattern)) is None


def test_case_insensitive_literals_are_found_in_every_case_re_matches() -> None:
    """re folds ſ to s, ı and İ to i and the Kelvin sign to k; a literal gate must see them too."""
    sources = ["risk", "kiss", "(?-i:KISS)", "is"]
    rules = [
        compile_rule(Rule(id=f"r{i}", severity="info", category="c", message="m", zh=z)) for i, z in enumerate(sources)
    ]
    prefilter = RulePrefilter(rules)
    for text in ["RISK", "rıſk", "\u212aiss", "\u0130S", "KISS", "Is"]:
        matching = set(fired(rules, "", text))
        assert matching, text
        assert matching <= set(prefilter.candidates("", text)), text


def test_the_fold_agrees_with_re_on_every_character() -> None:
    """Every character an IGNORECASE pattern takes for an ASCII letter folds to that letter, so lower-cased
    literals are found in the fold wherever re would find them."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if letter.fullmatch(char):
            folded = re_fold(char)
            assert len(folded) == 1 and folded.isascii() and re.fullmatch(folded, char, re.IGNORECASE), hex(code)


def test_prefilter_keeps_every_rule_that_fires_on_random_text() -> None:
    patterns = [r"\bcaveats?\b", r"(?-i:\bPRs?\b)|pull requests?", "谷歌(?:证明|验证)", r"[O0][1-9]", r"ab+c", r"k\w"]
    rules = [
        compile_rule(Rule(id=f"zh{i}", severity="info", category="c", message="m", zh=p))
        for i, p in enumerate(patterns)
    ]
    rules += [
        compile_rule(Rule(id=f"en{i}", severity="info", category="c", message="m", en=p, zh_required="无"))
        for i, p in enumerate(patterns)
    ]
    prefilter = RulePrefilter(rules)
    pieces = ["caveat", "CAVEATS", "PR", "pr", "pull request", "谷歌", "证明", "O1", "01", "abbc", "ak", "Kx"]
    pieces += ["ſ", "ı", "İ", "\u212a", "s", " ", "c", "a", "b"]
    rng = random.Random(7)
    fired_at_all = 0
    for _ in range(3000):
        en, zh = ("".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(2))
        firing = set(fired(rules, en, zh))
        fired_at_all += bool(firing)
        assert firing <= set(prefilter.candidates(en, zh)), (en, zh)
    assert fired_at_all > 1000


def test_prefilter_keeps_every_bundled_rule_that_fires() -> None:
    rules = bundled_rules()
    prefilter = RulePrefilter(rules)
    texts = [(e.en, e.zh) for r in rules for e in (*r.rule.positive, *r.rule.negative)]
    texts += [(p.en, p.zh) for p in gold_pairs()]
    for en, zh in texts:
        candidates = prefilter.candidates(en, zh)
        assert set(fired(rules, en, zh)) <= set(candidates), (en, zh)
        assert candidates == sorted(candidates)


def test_batched_rules_flag_as_one_check_at_a_time() -> None:
    rules = bundled_rules()
    checks = select_checks(["rule"], (), rules)
    (batched,) = runs(checks)
    context = Context()
    for p in gold_pairs():
        one_by_one = [f for check in checks for f in check.run(p, context)]
        assert list(batched(p, context)) == one_by_one


# ---------------------------------------------------------------- numbers


def test_number_gates_skip_only_texts_the_number_patterns_find_nothing_in() -> None:
    """english_quantities skips the digit patterns without a digit and the word patterns without a number word
    in the fold; IGNORECASE finds words in any case and in ſ, ı, İ and the Kelvin sign, so must the gate."""
    pieces = ["two", "TWO", "Ten", "often", "twenty", "-", "five", "ſix", "İ", "ı", "K", "hundred"]
    pieces += ["a million", "one billion", "s", "x", " ", "_", "9", "٣", "%", "nine", "ty", "seven"]
    rng = random.Random(11)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(5000)]
    texts += [p.en for p in gold_pairs()]
    words_found = 0
    for text in texts:
        if not numerals._DIGIT.search(text):
            assert not numerals.EN_NUMBER.search(text), text
        if not numerals._NUMBER_WORD.search(re_fold(text)):
            assert not numerals.A_SCALE.search(text) and not numerals.EN_WORD_NUMBER.search(text), text
        else:
            words_found += bool(numerals.EN_WORD_NUMBER.search(text))
    assert words_found > 500


# ---------------------------------------------------------------- repetition


def test_lazy_segmentation_gives_jiebas_words(monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba

    monkeypatch.setattr(jieba, "dt", jieba.Tokenizer())  # not loaded, whatever other tests loaded
    texts = [p.zh for p in gold_pairs(300)] + ["我现在在以色列有些朋友,当你", "用于此目的的GPT-4o模型，3.5%的人", ""]
    monkeypatch.setitem(segment._state, "lazy_left", len(texts))
    lazy = [segment.tokens(t) for t in texts]
    assert not jieba.dt.initialized
    assert [segment.tokens(t) for t in texts] == lazy  # the budget is spent: jieba's whole dictionary
    assert jieba.dt.initialized


def test_repetition_gate_changes_no_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skipping segmentation where no flag can come of it leaves the flags as segmenting every candidate does."""
    pieces = ["非常", "一步", "可能", "目的", "的", "在", "现在", "我们", "人人", "看看", "，", "每月", "真的", "谢谢"]
    rng = random.Random(3)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(400)]
    pairs = [pair("x", t, bead_id=str(i)) for i, t in enumerate(texts)]
    checks = select_checks(["repeat"])
    gated = run_checks(pairs, checks, Context())

    def old_gate(text: str, candidates: list) -> bool:
        return bool(candidates or repetition.DOUBLED_WORD.search(text))

    skipped = [t for t in texts if old_gate(t, doubled(t)) and not repetition._needs_words(t, doubled(t))]
    assert len(skipped) > 20  # the gate does skip work here
    monkeypatch.setattr(repetition, "_needs_words", old_gate)
    assert [f for _, f in run_checks(pairs, checks, Context())] == [f for _, f in gated]


def doubled(text: str) -> list:
    return list(repetition.DOUBLED_CHAR.finditer(text))


# ---------------------------------------------------------------- workers


def test_forked_workers_give_the_same_flags_in_the_same_order() -> None:
    pairs = gold_pairs(400)
    resources = load_resources()
    checks = select_checks((), (), resources.rules)

    def context() -> Context:
        return Context(index=resources.index, rules=resources.rules)

    one = run_checks(pairs, checks, context(), workers=1)
    assert one
    for workers in (2, 3):
        forked = run_checks(pairs, checks, context(), workers=workers)
        assert [(p.bead_id, f) for p, f in forked] == [(p.bead_id, f) for p, f in one]


class Unpicklable(Exception):
    def __reduce__(self) -> object:
        raise TypeError("pickle cannot carry this")


@pytest.mark.parametrize(
    ("error", "raised", "message"),
    [(ValueError, ValueError, "^check bug$"), (Unpicklable, RuntimeError, "^Unpicklable: check bug$")],
)
def test_a_failing_worker_raises_in_the_parent(error: type, raised: type, message: str) -> None:
    """Raised as it was, or as its text when pickle cannot carry it."""
    pairs = gold_pairs(40)

    def boom(pair: Pair, ctx: Context) -> list[Flag]:
        if pair is pairs[-1]:
            raise error("check bug")
        return []

    check = Check("boom", "info", "other", "fails on the last pair", boom)
    with pytest.raises(raised, match=message):
        run_checks(pairs, [check], Context(), workers=2)


def test_a_prepare_in_parts_equals_one_prepare() -> None:
    """Renderings tallied in three parts and combined give the counts, and the tie order, of one tally."""
    pairs = gold_pairs(400)
    resources = load_resources()
    whole, parts = (Context(index=resources.index) for _ in range(2))
    INCONSISTENT.prepare_pairs(pairs, whole)
    assert INCONSISTENT.tally and INCONSISTENT.combine
    INCONSISTENT.combine([INCONSISTENT.tally(pairs[a:b], parts) for a, b in ((0, 90), (90, 91), (91, 400))], parts)
    for key in ("renderings_doc", "renderings_corpus"):
        assert whole.data[key]
        assert {k: list(c.items()) for k, c in parts.data[key].items()} == {
            k: list(c.items()) for k, c in whole.data[key].items()
        }


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_only_for_big_runs_on_idle_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    cores = len(os.sched_getaffinity(0))
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # other tests may leave threads behind
    assert runner.default_workers(runner.PARALLEL_MIN_PAIRS - 1) == 1
    assert runner.default_workers(runner.PARALLEL_MIN_PAIRS) == cores
    monkeypatch.setattr(os, "getloadavg", lambda: (float(cores), 0.0, 0.0))
    assert runner.default_workers(runner.PARALLEL_MIN_PAIRS) == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert runner.default_workers(runner.PARALLEL_MIN_PAIRS) == 1
