"""Mistranslation rules from rules.yaml: loading with line numbers, evaluating, and self-testing.

A rule pairs an English trigger with a Chinese pattern, Xbench-checklist style. Rules are written by hand
and each carries examples it must flag and examples it must leave alone, so a rule that stops doing what
its author meant fails ``bitext glossary test`` (and the test suite) instead of silently flagging nothing.

The YAML is read node by node rather than with ``safe_load`` so that every error, down to a bad regex in
one field, names the line it is on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from re import _constants as sre
from re import _parser as sre_parse
from typing import Literal

import ahocorasick
import yaml

from align.errors import InputError
from glossary.model import SEVERITIES, Example, Rule, Severity
from glossary.normalise import re_fold
from glossary.termbase import read_text

Span = tuple[int, int]

REGEX_KEYS = ("en", "zh", "zh_ok", "zh_required")
TEXT_KEYS = ("id", "severity", "category", "message", "suggestion", "note")
REQUIRED_KEYS = ("id", "severity", "category", "message")
KNOWN_KEYS = frozenset({*REGEX_KEYS, *TEXT_KEYS, "case_sensitive", "examples"})
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its patterns compiled once, for evaluating over a whole corpus."""

    rule: Rule
    en: re.Pattern[str] | None
    zh: re.Pattern[str] | None
    zh_ok: re.Pattern[str] | None
    zh_required: re.Pattern[str] | None


@dataclass(frozen=True)
class RuleHit:
    """One place a rule fires, with character spans in the English and the Chinese.

    ``en_spans`` are every match of the English trigger (empty for a Chinese-only rule); ``zh_spans`` is
    the one offending Chinese match, or empty when the rule fired because a required rendering is absent.
    """

    rule_id: str
    severity: Severity
    category: str
    message: str
    suggestion: str
    en_spans: tuple[Span, ...]
    zh_spans: tuple[Span, ...]


@dataclass(frozen=True)
class ExampleFailure:
    """An example whose outcome contradicts its label: a positive not flagged or a negative flagged."""

    rule_id: str
    expected: Literal["positive", "negative"]
    example: Example

    def __str__(self) -> str:
        outcome = "not flagged" if self.expected == "positive" else "flagged"
        return f"{self.rule_id}: {self.expected} example {outcome}: en={self.example.en!r} zh={self.example.zh!r}"


def load_rules(path: str | Path, *, check_regex: bool = True) -> list[Rule]:
    """Read a rules file; with ``check_regex`` off, bad patterns are left for lint to report all at once."""
    return parse_rules(read_text(path), path, check_regex=check_regex)


def _loader(text: str) -> type[yaml.SafeLoader]:
    """libyaml's loader is ten times faster (it matters to the TUI's start-up) but recurses in C, so a deeply
    nested file would crash the process rather than raise RecursionError. Nesting is at most the flow brackets
    plus the longest line (each block level takes a character of indentation or a dash), which libyaml
    survives with a wide margin below this bound; anything else goes to the pure-Python loader."""
    depth = text.count("[") + text.count("{") + max(map(len, text.splitlines()), default=0)
    fast = getattr(yaml, "CSafeLoader", None)
    return fast if fast is not None and depth < 5_000 else yaml.SafeLoader


def parse_rules(text: str, path: str | Path | None, *, check_regex: bool = True) -> list[Rule]:
    try:
        root = yaml.compose(text, Loader=_loader(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(path, line, f"bad YAML: {problem}") from exc
    except RecursionError:
        raise InputError(path, None, "bad YAML: nested too deeply") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise InputError(path, _line(root), "expected a list of rules")
    return [_rule(node, path, check_regex) for node in root.value]


def _rule(node: yaml.Node, path: str | Path | None, check_regex: bool) -> Rule:
    if not isinstance(node, yaml.MappingNode):
        raise InputError(path, _line(node), "a rule must be a mapping of keys to values")
    fields = _mapping(node, path)
    for key, (_, key_line) in fields.items():
        if key not in KNOWN_KEYS:
            raise InputError(path, key_line, f"unknown key {key!r}; rules take {', '.join(sorted(KNOWN_KEYS))}")
    for key in REQUIRED_KEYS:
        if key not in fields or not _text(fields[key][0], path):
            raise InputError(path, _line(node), f"rule is missing {key!r}")
    values = {key: _text(fields[key][0], path) for key in (*TEXT_KEYS, *REGEX_KEYS) if key in fields}
    rule_id = values["id"]
    if values["severity"] not in SEVERITIES:
        raise InputError(
            path, _line(fields["severity"][0]), f"rule {rule_id!r}: severity must be one of {', '.join(SEVERITIES)}"
        )
    if ("zh" in values) == ("zh_required" in values):
        raise InputError(path, _line(node), f"rule {rule_id!r} needs exactly one of 'zh' and 'zh_required'")
    if "zh_required" in values and "en" not in values:
        raise InputError(path, _line(node), f"rule {rule_id!r}: 'zh_required' needs an 'en' trigger")
    if "zh_ok" in values and "zh" not in values:
        raise InputError(path, _line(node), f"rule {rule_id!r}: 'zh_ok' only qualifies 'zh'")
    case_sensitive = False
    if "case_sensitive" in fields:
        value_node = fields["case_sensitive"][0]
        if value_node.tag != _BOOL:
            raise InputError(path, _line(value_node), f"rule {rule_id!r}: case_sensitive must be true or false")
        case_sensitive = value_node.value.lower() in {"true", "yes", "on"}
    if check_regex:
        for key in REGEX_KEYS:
            if key in values:
                _compile(values[key], case_sensitive, path, _line(fields[key][0]), f"rule {rule_id!r} {key}")
    positive, negative = _examples(fields.get("examples"), path, rule_id)
    return Rule(
        id=rule_id,
        severity=values["severity"],  # type: ignore[arg-type]
        category=values["category"],
        message=values["message"],
        en=values.get("en"),
        zh=values.get("zh"),
        zh_ok=values.get("zh_ok"),
        zh_required=values.get("zh_required"),
        case_sensitive=case_sensitive,
        suggestion=values.get("suggestion", ""),
        note=values.get("note", ""),
        positive=positive,
        negative=negative,
        line=_line(node),
    )


def _mapping(node: yaml.MappingNode, path: str | Path | None) -> dict[str, tuple[yaml.Node, int]]:
    """Keys to (value node, key line); a key given twice is an error, not a silent overwrite.

    A key with no value (``zh_ok:`` or ``zh_ok: ~``) is left out, as if it had not been written: an
    empty pattern would otherwise match everywhere.
    """
    fields: dict[str, tuple[yaml.Node, int]] = {}
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = _text(key_node, path)
        if key in seen:
            raise InputError(path, _line(key_node), f"key {key!r} appears twice")
        seen.add(key)
        if value_node.tag != _NULL:
            fields[key] = (value_node, _line(key_node))
    return fields


def _text(node: yaml.Node, path: str | Path | None) -> str:
    """A scalar as written: ``zh: 123`` is the pattern "123", not the number."""
    if not isinstance(node, yaml.ScalarNode):
        raise InputError(path, _line(node), "expected a single value, not a list or mapping")
    return node.value


def _examples(
    entry: tuple[yaml.Node, int] | None, path: str | Path | None, rule_id: str
) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if entry is None:
        return (), ()
    if not isinstance(entry[0], yaml.MappingNode):
        raise InputError(path, _line(entry[0]), f"rule {rule_id!r}: examples must map positive/negative to lists")
    fields = _mapping(entry[0], path)
    for key, (_, key_line) in fields.items():
        if key not in {"positive", "negative"}:
            raise InputError(path, key_line, f"rule {rule_id!r}: examples are 'positive' or 'negative', not {key!r}")
    positive = tuple(_example(item, path, rule_id) for item in _items(fields.get("positive"), path, rule_id))
    negative = tuple(_example(item, path, rule_id) for item in _items(fields.get("negative"), path, rule_id))
    return positive, negative


def _items(entry: tuple[yaml.Node, int] | None, path: str | Path | None, rule_id: str) -> list[yaml.Node]:
    if entry is None:
        return []
    if not isinstance(entry[0], yaml.SequenceNode):
        raise InputError(path, _line(entry[0]), f"rule {rule_id!r}: examples must be a list of {{en, zh}}")
    return list(entry[0].value)


def _example(node: yaml.Node, path: str | Path | None, rule_id: str) -> Example:
    if not isinstance(node, yaml.MappingNode):
        raise InputError(path, _line(node), f"rule {rule_id!r}: an example is a mapping with en and zh")
    fields = _mapping(node, path)
    unknown = set(fields) - {"en", "zh"}
    if unknown:
        raise InputError(path, _line(node), f"rule {rule_id!r}: example key {sorted(unknown)[0]!r} is not en or zh")
    en = _text(fields["en"][0], path) if "en" in fields else ""
    zh = _text(fields["zh"][0], path) if "zh" in fields else ""
    return Example(en, zh, line=_line(node))


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _compile(
    pattern: str, case_sensitive: bool, path: str | Path | None, line: int | None, what: str
) -> re.Pattern[str]:
    try:
        return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)
    except re.error as exc:
        raise InputError(path, line, f"{what}: bad regex {pattern!r}: {exc}") from exc


def compile_rule(rule: Rule, path: str | Path | None = None) -> CompiledRule:
    """Compile a rule's patterns; English and Chinese share the rule's case sensitivity."""

    def pattern(key: str) -> re.Pattern[str] | None:
        source = getattr(rule, key)
        if source is None:
            return None
        return _compile(source, rule.case_sensitive, path, rule.line, f"rule {rule.id!r} {key}")

    return CompiledRule(rule, pattern("en"), pattern("zh"), pattern("zh_ok"), pattern("zh_required"))


def compile_rules(rules: Iterable[Rule], path: str | Path | None = None) -> list[CompiledRule]:
    return [compile_rule(rule, path) for rule in rules]


def evaluate(rule: CompiledRule, en: str, zh: str) -> list[RuleHit]:
    """Where ``rule`` fires on one aligned pair.

    The English trigger must match somewhere (a rule without one looks at the Chinese alone). Then a
    ``zh_required`` rule fires once if its pattern is absent; a ``zh`` rule fires once per match of the
    wrong pattern, unless ``zh_ok`` matches anywhere in the Chinese, which cancels them all (the
    translator used an accepted rendering as well, which is the reviewer's call, not the tool's).
    """
    # The wrong Chinese pattern is absent from almost every pair: test it first, with one search, so a corpus
    # pays for the English spans only where a rule can fire.
    zh_spans: tuple[Span, ...] = ()
    if rule.zh_required is None:
        if rule.zh is None or rule.zh.search(zh) is None:
            return []
        zh_spans = _spans(rule.zh, zh)
        if not zh_spans or (rule.zh_ok is not None and rule.zh_ok.search(zh)):
            return []
    en_spans: tuple[Span, ...] = ()
    if rule.en is not None:
        if rule.en.search(en) is None:
            return []
        en_spans = _spans(rule.en, en)
        if not en_spans:
            return []
    if rule.zh_required is not None:
        return [] if rule.zh_required.search(zh) else [_hit(rule.rule, en_spans, ())]
    return [_hit(rule.rule, en_spans, (span,)) for span in zh_spans]


def _spans(pattern: re.Pattern[str], text: str) -> tuple[Span, ...]:
    """Non-empty match spans; a pattern that can match nothing must not fire on every sentence."""
    return tuple(m.span() for m in pattern.finditer(text) if m.end() > m.start())


def _hit(rule: Rule, en_spans: tuple[Span, ...], zh_spans: tuple[Span, ...]) -> RuleHit:
    return RuleHit(rule.id, rule.severity, rule.category, rule.message, rule.suggestion, en_spans, zh_spans)


def run_examples(rules: Iterable[CompiledRule]) -> list[ExampleFailure]:
    """Every example whose outcome contradicts its label, in file order; empty means all rules pass."""
    failures: list[ExampleFailure] = []
    for compiled in rules:
        for example in compiled.rule.positive:
            if not evaluate(compiled, example.en, example.zh):
                failures.append(ExampleFailure(compiled.rule.id, "positive", example))
        for example in compiled.rule.negative:
            if evaluate(compiled, example.en, example.zh):
                failures.append(ExampleFailure(compiled.rule.id, "negative", example))
    return failures


# ---------------------------------------------------------------- prefilter

# A character class is worth listing char by char only when it is this small (digits, a few marks).
_MAX_CLASS = 16
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

Needle = tuple[str, bool]  # (text, folded): folded literals are lower-case and are looked for in re_fold(text)
_Char = tuple[str, str]  # (text, "any" | "exact" | "fold")


def _char(code: int, flags: int) -> _Char | None:
    """How a literal character can be looked for: as itself in the text or its fold ("any": re matches a
    caseless character only as itself), only in the text ("exact"), only in the fold ("fold"), or, for a cased
    non-ASCII letter under IGNORECASE, whose case variants re knows better than str does, not at all."""
    ch = chr(code)
    if ch.lower() == ch == ch.upper():
        return ch, "any"
    if not flags & re.IGNORECASE:
        return ch, "exact"
    if ch.isascii():
        return ch.lower(), "fold"
    return None


def _literal(run: list[_Char]) -> Needle:
    return "".join(c for c, _ in run), any(kind == "fold" for _, kind in run)


def _required(items: Iterable[tuple[object, object]], flags: int) -> frozenset[Needle] | None:
    """Literals one of which every match of a parsed (sub)pattern contains, or None when no such set is known.

    A sequence offers each run of adjacent literal characters and each required part (a group, a
    branch, a repeat of at least once, a small class) as a candidate set; any of them is a necessary condition,
    so the most selective is kept. Anything else (\\d, ., a back-reference, a look-around) ends a run and
    offers nothing.
    """
    options: list[frozenset[Needle]] = []
    run: list[_Char] = []

    def close() -> None:
        if run:
            options.append(frozenset([_literal(run)]))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            char = _char(av, flags)  # type: ignore[arg-type]
            if char is None or {char[1], *(kind for _, kind in run)} >= {"exact", "fold"}:
                close()  # a run is looked for in the text or in its fold, not both
            if char is not None:
                run.append(char)
            continue
        close()
        found: frozenset[Needle] | None = None
        if op is sre.SUBPATTERN:
            _, add, remove, body = av  # type: ignore[misc]
            found = _required(body, (flags | add) & ~remove)
        elif op is sre.ATOMIC_GROUP:
            found = _required(av, flags)  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _, body = av  # type: ignore[misc]
            found = _required(body, flags) if low >= 1 else None
        elif op is sre.BRANCH:
            branches = [_required(b, flags) for b in av[1]]  # type: ignore[index]
            found = None if any(b is None for b in branches) else frozenset().union(*branches)  # type: ignore[arg-type]
        elif op is sre.IN:
            found = _class(av, flags)  # type: ignore[arg-type]
        if found:
            options.append(found)
    close()
    if not options:
        return None
    return max(options, key=lambda s: (min(len(text) for text, _ in s), -len(s)))


def _class(items: list[tuple[object, object]], flags: int) -> frozenset[Needle] | None:
    codes: list[int] = []
    for op, av in items:
        if op is sre.LITERAL:
            codes.append(av)  # type: ignore[arg-type]
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:  # type: ignore[index,operator]
            codes.extend(range(av[0], av[1] + 1))  # type: ignore[index,operator]
        else:
            return None  # a negated class, a category, a wide range
    chars = [_char(code, flags) for code in codes]
    if len(chars) > _MAX_CLASS or any(c is None for c in chars):
        return None
    return frozenset(_literal([c]) for c in chars if c is not None)


def required_literals(pattern: re.Pattern[str]) -> frozenset[Needle] | None:
    """Literals one of which every match of ``pattern`` contains; None when none are known (or re's parser,
    which is internal, cannot be asked), which only means the pattern is always tried."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        return _required(parsed, parsed.state.flags)
    except Exception:  # a prefilter may give up, never fail the check
        return None


class _LiteralIndex:
    """Every literal of one language's gates in an Aho-Corasick automaton (one for the text as written, one
    for its fold), so one pass over a text finds all of them, overlapping ones included. Rules are bits."""

    def __init__(self, gates: dict[int, frozenset[Needle]]) -> None:
        masks: dict[Needle, int] = {}
        for rule, literals in gates.items():
            for literal in literals:
                masks[literal] = masks.get(literal, 0) | 1 << rule
        self._exact = _automaton({text: mask for (text, folded), mask in masks.items() if not folded})
        self._folded = _automaton({text: mask for (text, folded), mask in masks.items() if folded})

    def hits(self, text: str) -> int:
        """The rules (as bits) one of whose literals occurs in ``text``."""
        found = 0
        if self._exact is not None:
            for _, mask in self._exact.iter(text):
                found |= mask
        if self._folded is not None:
            for _, mask in self._folded.iter(re_fold(text)):
                found |= mask
        return found


def _automaton(words: dict[str, int]) -> ahocorasick.Automaton | None:
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, mask in words.items():
        automaton.add_word(word, mask)
    automaton.make_automaton()
    return automaton


class RulePrefilter:
    """Which of a list of rules can fire on a pair, decided with one pass per language instead of a regex
    search per rule: a rule's ``zh`` and ``en`` patterns must both match for it to fire, so each
    is a gate, passed when one of its required literals occurs. Rules are data, so nothing here knows one
    rule from another; a pattern with no known literal (``\\d次`` has one, ``[^，]{5}`` none) is always
    tried. Candidates are evaluated with ``evaluate`` as before, so the flags are the same, only cheaper.
    """

    def __init__(self, rules: list[CompiledRule]) -> None:
        zh_gates = {i: required_literals(r.zh) for i, r in enumerate(rules) if r.zh is not None}
        en_gates = {i: required_literals(r.en) for i, r in enumerate(rules) if r.en is not None}
        zh_known = {i: g for i, g in zh_gates.items() if g}
        en_known = {i: g for i, g in en_gates.items() if g}
        everyone = (1 << len(rules)) - 1
        self._zh = _LiteralIndex(zh_known)
        self._en = _LiteralIndex(en_known)
        self._zh_open = everyone & ~sum(1 << i for i in zh_known)
        self._en_open = everyone & ~sum(1 << i for i in en_known)

    def candidates(self, en: str, zh: str) -> list[int]:
        """Indices, in rule order, of the rules whose gates ``en`` and ``zh`` pass."""
        mask = (self._zh_open | self._zh.hits(zh)) & (self._en_open | self._en.hits(en))
        out = []
        while mask:
            low = mask & -mask
            out.append(low.bit_length() - 1)
            mask ^= low
        return out
