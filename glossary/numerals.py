"""Numbers in English and Chinese, normalised to values so "1.5 billion" meets 15亿, "two" meets 两,
"10x" meets 十倍 and "the 90s" meets 90年代.

Model and product names (GPT-4, o1, H100, Dota 2) carry digits that are names, not quantities; they are left to
the entity check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glossary.normalise import re_fold

EN_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
}
EN_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "b": 1e9,
    "bn": 1e9,
}
EN_NUMBER = re.compile(
    r"(?<![\w.-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?P<decade>'?s\b)?"
    r"(?:\s*(?P<pct>%|percent\b))?"
    r"(?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|[kKmMbB])\b)?"
    r"(?:\s*(?P<times>x\b|×|times\b|-fold\b))?"
    r"(?![\w-])",
    re.IGNORECASE,
)
EN_WORD_NUMBER = re.compile(
    r"\b(?P<word>" + "|".join(sorted(EN_WORDS, key=len, reverse=True)) + r")\b"
    r"(?:[\s-]+(?P<unit>one|two|three|four|five|six|seven|eight|nine))?"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion))?",
    re.IGNORECASE,
)
EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
A_SCALE = re.compile(r"\b(?:a|one)\s+(?P<scale>hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
NAME_BEFORE = re.compile(r"\b[A-Z][A-Za-z]*\s$")

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG = {"万": 1e4, "亿": 1e8}
ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
ZH_ARABIC = re.compile(r"(?<![0-9A-Za-z.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(多)?\s*([万亿千百])?(?:\s*(万|亿))?")
ZH_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十百]+|\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Quantity:
    value: float
    start: int
    end: int
    surface: str


# Whether a text can hold a number at all, asked of every English sentence: a digit scan, and a search of the
# text's fold for the words with neither IGNORECASE nor a leading \b, which lets sre jump between the words'
# first letters. The IGNORECASE pattern with \b it replaces tried every word at every character and was the
# costliest part of the check.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(
    "(?:" + "|".join(sorted({*EN_WORDS, "hundred", "thousand", "million", "billion", "trillion"})) + r")\b"
)


def english_quantities(text: str) -> list[Quantity]:
    digits = _DIGIT.search(text) is not None
    words = _NUMBER_WORD.search(re_fold(text)) is not None
    if not digits and not words:
        return []
    found: list[Quantity] = []
    for m in EN_NUMBER.finditer(text):
        value = float(m.group("num").replace(",", ""))
        if value < 10 and not m.group("pct") and NAME_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue  # "Dota 2", "Level 3", "Llama 3": part of a name
        if m.group("scale"):
            value *= EN_SCALES[m.group("scale").lower()]
        found.append(Quantity(value, m.start(), m.end(), m.group()))
    if not words:
        return found  # in text order already, and digit numbers never overlap
    for m in A_SCALE.finditer(text):
        found.append(Quantity(EN_SCALES[m.group("scale").lower()], m.start(), m.end(), m.group()))
    for m in EN_WORD_NUMBER.finditer(text):
        value = float(EN_WORDS[m.group("word").lower()])
        if m.group("unit"):
            value += EN_UNITS[m.group("unit").lower()]
        if m.group("scale"):
            value *= EN_SCALES[m.group("scale").lower()]
        found.append(Quantity(value, m.start(), m.end(), m.group()))
    out: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.start, -q.end)):
        if not out or q.start >= out[-1].end:
            out.append(q)
    return out


def parse_chinese_numeral(text: str) -> float | None:
    """一百二十 -> 120, 十五亿 -> 1.5e9, 两 -> 2; None for strings that are not a number."""
    total = 0.0
    section = 0.0
    digit: float | None = None
    for ch in text:
        if ch in ZH_DIGITS:
            # Digits in a row are read positionally (二〇二四 -> 2024).
            digit = digit * 10 + ZH_DIGITS[ch] if digit is not None else ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            section += (digit if digit is not None else 1) * ZH_UNITS[ch]
            digit = None
        elif ch in ZH_BIG:
            section += digit or 0
            total = (total + section) * ZH_BIG[ch] if total and ZH_BIG[ch] > 1e4 else total + section * ZH_BIG[ch]
            if not section and not total:
                return None
            section, digit = 0.0, None
        else:
            return None
    return total + section + (digit or 0)


def _approximate_range(numeral: str) -> set[float]:
    """一两, 三四, 四五百: two neighbouring digits give an approximate range, so both numbers are present."""
    digits = [ZH_DIGITS[ch] for ch in numeral[:2] if ch in ZH_DIGITS]
    if len(digits) < 2 or digits[1] != digits[0] + 1:
        return set()
    scale = ZH_UNITS.get(numeral[2:3], 1) * ZH_BIG.get(numeral[-1], 1) if len(numeral) > 2 else 1
    return {float(digits[0] * scale), float(digits[1] * scale)}


def chinese_values(text: str) -> set[float]:
    values: set[float] = set()
    for m in ZH_ARABIC.finditer(text):
        value = float(m.group(1).replace(",", ""))
        for unit in (m.group(3), m.group(4)):
            if unit:
                value *= {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}[unit]
        values.add(value)
        values.add(float(m.group(1).replace(",", "")))
    for m in ZH_NUMERAL.finditer(text):
        value = parse_chinese_numeral(m.group())
        if value is not None:
            values.add(value)
        values.update(_approximate_range(m.group()))
    for m in ZH_PERCENT.finditer(text):
        raw = m.group(1)
        value = float(raw) if raw[0].isdigit() else parse_chinese_numeral(raw)
        if value is not None:
            values.add(value)
    return values


def matches(value: float, values: set[float]) -> bool:
    """Equal within rounding; a decade (1990) also matches its short form (90)."""
    candidates = {value}
    if 1900 <= value <= 2099 and value % 10 == 0:
        candidates.add(value % 100)
    return any(abs(v - c) <= 1e-6 * max(1.0, abs(c)) for c in candidates for v in values)
