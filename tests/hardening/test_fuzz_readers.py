"""Short fuzz profile: every reader returns a result or raises InputError naming the file, whatever the input.

Inputs are mutated real files (seeds, exported samples) and unstructured text or bytes; the long profile is
bench/fuzz_readers.py over the same generators. The tests at the end pin the bugs fuzzing found once
(deep nesting, huge integers, a quadratic paragraph join), so they stay fixed.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.errors import InputError
from tests.hardening.fuzzlib import NASTY_LINES, Target, mutate, run_one

SHORT = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
READERS = ("zh_article", "en_transcript", "srt", "vtt", "json", "glossary_csv", "rules_yaml", "tbx2", "tbx3",
           "jsonl_import", "tmx_import")  # fmt: skip


def inputs(samples: list[bytes]) -> st.SearchStrategy[bytes]:
    """Mostly structure-aware mutations of real inputs; the rest random bytes, text and nasty-line soup."""
    mutated = st.builds(lambda sample, rng: mutate(rng, sample)[0], st.sampled_from(samples),
                        st.randoms(use_true_random=False))  # fmt: skip
    text = st.text(max_size=3000).map(lambda s: s.encode("utf-8"))
    soup = st.lists(st.sampled_from(NASTY_LINES), max_size=60).map(lambda lines: "\n".join(lines).encode("utf-8"))
    return st.one_of(mutated, mutated, mutated, mutated, st.binary(max_size=3000), text, soup)


@pytest.mark.parametrize("reader", READERS)
def test_reader_returns_or_raises_input_error(reader: str, targets: dict[str, Target], tmp_path: Path) -> None:
    target = targets[reader]
    counter = iter(range(10**9))

    @SHORT
    @given(data=inputs(target.samples))
    def check(data: bytes) -> None:
        outcome = run_one(target, data, tmp_path, next(counter))
        assert outcome.kind != "other", outcome.detail

    check()


@pytest.mark.parametrize("reader", READERS)
def test_unmutated_samples_read(reader: str, targets: dict[str, Target], tmp_path: Path) -> None:
    """The samples themselves are valid, so the fuzz starts from inputs the reader accepts."""
    for i, sample in enumerate(targets[reader].samples):
        assert run_one(targets[reader], sample, tmp_path, i).kind == "ok"


def test_seeded_mutations_are_reproducible(targets: dict[str, Target]) -> None:
    """The long profile's failure reports (seed, reader) must replay to the same bytes."""
    sample = targets["srt"].samples[0]
    assert mutate(random.Random("1-srt"), sample) == mutate(random.Random("1-srt"), sample)


# ------------------------------------------------------------------------------------------------ known bugs


def _read(target: Target, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"bug{target.suffix}"
    path.write_bytes(data)
    with contextlib.suppress(InputError):
        target.read(path)


def test_json_deep_nesting(targets: dict[str, Target], tmp_path: Path) -> None:
    _read(targets["json"], b"[" * 100_000, tmp_path)


def test_json_huge_integer(targets: dict[str, Target], tmp_path: Path) -> None:
    _read(targets["json"], b'{"format": "bitext-document", "version": ' + b"9" * 5000 + b"}", tmp_path)


def test_jsonl_deep_nesting(targets: dict[str, Target], tmp_path: Path) -> None:
    _read(targets["jsonl_import"], b"[" * 100_000 + b"\n", tmp_path)


def test_jsonl_huge_integer(targets: dict[str, Target], tmp_path: Path) -> None:
    _read(targets["jsonl_import"], b'{"type": "document", "schema": ' + b"9" * 5000 + b"}\n", tmp_path)


def test_rules_deep_nesting(targets: dict[str, Target], tmp_path: Path) -> None:
    _read(targets["rules_yaml"], b"[" * 100_000, tmp_path)


QUADRATIC = """
import sys
from pathlib import Path
from align.readers import read_document
path = Path(sys.argv[1])
path.write_text("# 标题\\n\\n## 全文\\n\\n**主持人：**" + "字 a " * 200_000 + "\\n", encoding="utf-8")
read_document(path, language="zh")
"""


def test_zh_article_long_paragraph_is_not_quadratic(tmp_path: Path) -> None:
    """A 1 MB one-paragraph article (a scraper that lost its line breaks) must parse in seconds, not minutes."""
    import subprocess
    import sys

    from tests.hardening.fuzzlib import ROOT

    try:
        subprocess.run([sys.executable, "-c", QUADRATIC, str(tmp_path / "long.txt")], cwd=ROOT, check=True,
                       timeout=8, capture_output=True)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("parsing a 1 MB paragraph took more than 8 s")
